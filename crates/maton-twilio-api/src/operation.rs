//! What the generated operation tables share: matching a request to an operation, the error of an
//! unknown id, and the paging trait every generated `*Page` type implements.
//!
//! Each spec module has its own table, generated from the same spec as its client:
//! [`twilio::Operation`](crate::twilio::Operation) and
//! [`control::Operation`](crate::control::Operation). Adding an operation to a spec adds it to
//! its table, so code that routes, pages or tests by the table follows without a hand edit.

use std::fmt;

use reqwest::Method;

/// One spec's table of operations; implemented by each generated `Operation` enum.
pub trait OperationTable: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// Every operation of the spec, by path template, then method.
    const ALL: &'static [Self];
    /// The spec's `operationId` (`CreateMessage`).
    fn id(self) -> &'static str;
    /// The HTTP method.
    fn method(self) -> Method;
    /// The path template relative to the server's base URL
    /// (`/2010-04-01/Accounts/{AccountSid}/Messages.json`).
    fn path(self) -> &'static str;
    /// Whether `value` suits the path parameter `name` of this operation: its schema's pattern,
    /// if it has one (SIDs carry their prefix).
    fn accepts(self, name: &str, value: &str) -> bool;
}

/// A request matched to an operation, with the values of its path parameters as they appear in
/// the path (not percent-decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matched<'p, O> {
    /// The operation.
    pub operation: O,
    /// `(name, value)` for each path parameter, in the template's order.
    pub params: Vec<(&'static str, &'p str)>,
}

impl<'p, O> Matched<'p, O> {
    /// The value of the path parameter `name`.
    pub fn param(&self, name: &str) -> Option<&'p str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// Why a request matches no operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoMatch {
    /// No path template matches (or a path parameter does not suit its schema).
    NotFound,
    /// The path is known, but not with this method; the methods it takes, in table order.
    MethodNotAllowed(Vec<Method>),
}

/// The operation `method` and `path` (relative to the server's base URL, without the query)
/// name, with its path parameters.
pub fn find<'p, O: OperationTable>(
    method: &Method,
    path: &'p str,
) -> Result<Matched<'p, O>, NoMatch> {
    let mut allowed: Vec<Method> = Vec::new();
    for &operation in O::ALL {
        let Some(params) = match_template(operation.path(), path) else {
            continue;
        };
        if !params.iter().all(|(n, v)| operation.accepts(n, v)) {
            continue;
        }
        if operation.method() == *method {
            return Ok(Matched { operation, params });
        }
        if !allowed.contains(&operation.method()) {
            allowed.push(operation.method());
        }
    }
    if allowed.is_empty() {
        Err(NoMatch::NotFound)
    } else {
        Err(NoMatch::MethodNotAllowed(allowed))
    }
}

/// Matches `path` against `template` segment by segment: a literal segment must be equal, a
/// segment with `{Name}` takes any non-empty text without `/` between the literal text around
/// it (`{Sid}.json`).
pub fn match_template<'p>(
    template: &'static str,
    path: &'p str,
) -> Option<Vec<(&'static str, &'p str)>> {
    let mut params = Vec::new();
    let mut have = path.split('/');
    for want in template.split('/') {
        let got = have.next()?;
        match want.split_once('{').zip(want.split_once('}')) {
            Some(((prefix, _), (head, suffix))) => {
                let name = head.get(prefix.len() + 1..)?;
                let value = got.strip_prefix(prefix)?.strip_suffix(suffix)?;
                if value.is_empty() {
                    return None;
                }
                params.push((name, value));
            }
            None if want == got => {}
            None => return None,
        }
    }
    have.next().is_none().then_some(params)
}

/// An operation id that is not in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no operation has the id {:?}", self.0)
    }
}

impl std::error::Error for UnknownOperation {}

/// The paging envelope of a list response: every field but the items.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageFields {
    /// The page's index (0 for the first).
    pub page: Option<i64>,
    /// How many items a page holds.
    pub page_size: Option<i64>,
    /// Index of the first item on this page, counted over the whole list.
    pub start: Option<i64>,
    /// Index of the last item on this page.
    pub end: Option<i64>,
    /// This page's path, relative to Twilio's API root.
    pub uri: Option<String>,
    /// The first page's path.
    pub first_page_uri: Option<String>,
    /// The next page's path, `None` on the last page.
    pub next_page_uri: Option<String>,
    /// The previous page's path, `None` on the first page.
    pub previous_page_uri: Option<String>,
    /// Legacy: the last page's path.
    pub last_page_uri: Option<String>,
    /// Legacy: the number of items in all pages.
    pub total: Option<i64>,
    /// Legacy: the number of pages.
    pub num_pages: Option<i64>,
}

/// A generated list response (`MessagePage`): its items under one key plus [`PageFields`].
pub trait ListPage: Sized + Send + 'static {
    /// The item type (`Message`).
    type Item: Send + 'static;
    /// The key the items are under on the wire (`messages`).
    const ITEM_KEY: &'static str;
    /// The list operations that answer with this page type (several for the usage windows).
    const OPERATIONS: &'static [crate::twilio::Operation];
    /// Takes the page apart; fields the spec does not know (`extra`) are dropped.
    fn into_parts(self) -> (Vec<Self::Item>, PageFields);
    /// Builds a page from its items and envelope.
    fn from_parts(items: Vec<Self::Item>, fields: PageFields) -> Self;
}

/// Decodes a JSON body into `T` and encodes it back, for the round-trip checks of the tests.
#[doc(hidden)]
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    body: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let decoded: T = serde_json::from_value(body.clone())
        .map_err(|e| format!("does not decode into {}: {e}", std::any::type_name::<T>()))?;
    serde_json::to_value(&decoded).map_err(|e| format!("does not encode back: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_segments_and_name_parameters() {
        let t = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json";
        assert_eq!(
            match_template(t, "/2010-04-01/Accounts/AC1/Messages/SM2.json"),
            Some(vec![("AccountSid", "AC1"), ("Sid", "SM2")])
        );
        for miss in [
            "/2010-04-01/Accounts/AC1/Messages/SM2",
            "/2010-04-01/Accounts/AC1/Messages/.json",
            "/2010-04-01/Accounts/AC1/Calls/SM2.json",
            "/2010-04-01/Accounts/AC1/Messages/SM2.json/x",
            "/2010-04-01/Accounts/AC1/Messages",
            "",
        ] {
            assert_eq!(match_template(t, miss), None, "{miss}");
        }
        assert_eq!(
            match_template("/connections/{connection_id}", "/connections/a-1"),
            Some(vec![("connection_id", "a-1")])
        );
        assert_eq!(
            match_template("/connections/{connection_id}", "/connections/"),
            None
        );
    }
}
