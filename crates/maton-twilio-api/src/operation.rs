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

/// `Some($x)`, or `None` without `$x`: the optional facts of an [`operation_table!`] row.
#[doc(hidden)]
macro_rules! some {
    () => {
        None
    };
    ($x:expr) => {
        Some($x)
    };
}
pub(crate) use some;

/// Writes a spec's `Operation` enum and everything it implements from one row per operation;
/// each generated `<module>_ops.rs` invokes it once. A row is
/// `Variant: METHOD "/path/template" => [SuccessType] [item_key] [PageType] if "feature";`, each
/// bracket empty when the operation has no such thing and `if "feature"` only for an operation
/// built with a cargo feature (the table lists every operation; without its feature, the
/// operation's decoding helpers answer that it is not built); `accepts` lists the path
/// parameters with a schema of their own, as `(Variant, "Name"): Type;`.
macro_rules! operation_table {
    (
        doc: $doc:literal;
        operations {
            $($variant:ident: $method:ident $path:literal
                => [$($success:ident)?] [$($key:literal)?] [$($page:ident)?]
                $(if $feature:literal)?;)*
        }
        accepts {
            $(($accept_variant:ident, $accept_name:literal): $accept_type:ty;)*
        }
    ) => {
        use ::reqwest::Method;

        #[doc = $doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $(#[doc = concat!("`", stringify!($method), " ", $path, "`")] $variant,)*
        }

        impl Operation {
            /// Every operation, by path template, then method.
            pub const ALL: &'static [Operation] = &[$(Self::$variant),*];

            /// The `operationId` (`CreateMessage`).
            pub const fn id(self) -> &'static str {
                match self { $(Self::$variant => stringify!($variant),)* }
            }

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self { $(Self::$variant => Method::$method,)* }
            }

            /// The path template relative to the server's base URL.
            pub const fn path(self) -> &'static str {
                match self { $(Self::$variant => $path,)* }
            }

            /// The name of the success response's type in `types` (`Message`); `None` when the
            /// success carries no body.
            pub const fn success_type(self) -> Option<&'static str> {
                match self { $(Self::$variant => $crate::operation::some!($(stringify!($success))?),)* }
            }

            /// For a list operation, the key its items are under (`messages`).
            pub const fn item_key(self) -> Option<&'static str> {
                match self { $(Self::$variant => $crate::operation::some!($($key)?),)* }
            }

            /// For a list operation, its page type in `types` (`MessagePage`).
            pub const fn page_type(self) -> Option<&'static str> {
                match self { $(Self::$variant => $crate::operation::some!($(stringify!($page))?),)* }
            }

            /// The operation `method` and `path` (relative to the base URL, without the query)
            /// name, with its path parameters.
            pub fn find<'p>(
                method: &Method,
                path: &'p str,
            ) -> Result<$crate::Matched<'p, Self>, $crate::NoMatch> {
                $crate::operation::find(method, path)
            }

            /// Decodes `body` into the success type and encodes it back; `None` for an
            /// operation whose success has no body. For the tests' round trips.
            ///
            /// `#[inline]` here and on `decode_success` keeps these two out of this crate's own
            /// machine code: they decode every success type of the table, and only the crates
            /// that call them (the tests, the emulator) should pay to compile that.
            #[doc(hidden)]
            #[inline]
            pub fn round_trip(
                self,
                body: &::serde_json::Value,
            ) -> Option<Result<::serde_json::Value, String>> {
                match self {
                    $(Self::$variant => {
                        $(#[cfg(feature = $feature)])?
                        let result = $crate::operation::some!($(
                            $crate::operation::round_trip::<super::types::$success>(body)
                        )?);
                        $(#[cfg(not(feature = $feature))]
                        let result = Some(Err($crate::operation::not_built($feature)));)?
                        result
                    })*
                }
            }

            /// Whether `body` decodes into the success type; `None` for an operation whose
            /// success has no body. For the tests that feed hostile bodies to every decoder.
            #[doc(hidden)]
            #[inline]
            pub fn decode_success(self, body: &[u8]) -> Option<Result<(), ::serde_json::Error>> {
                match self {
                    $(Self::$variant => {
                        $(#[cfg(feature = $feature)])?
                        let result = $crate::operation::some!($(
                            ::serde_json::from_slice::<super::types::$success>(body).map(drop)
                        )?);
                        $(#[cfg(not(feature = $feature))]
                        let result = Some(Err(<::serde_json::Error as ::serde::de::Error>::custom(
                            $crate::operation::not_built($feature),
                        )));)?
                        result
                    })*
                }
            }
        }

        impl $crate::OperationTable for Operation {
            const ALL: &'static [Self] = Self::ALL;
            fn id(self) -> &'static str {
                Operation::id(self)
            }
            fn method(self) -> Method {
                Operation::method(self)
            }
            fn path(self) -> &'static str {
                Operation::path(self)
            }
            #[allow(unused_variables, unreachable_patterns)]
            fn accepts(self, name: &str, value: &str) -> bool {
                match (self, name) {
                    $((Self::$accept_variant, $accept_name) => value.parse::<$accept_type>().is_ok(),)*
                    _ => true,
                }
            }
        }

        impl ::std::fmt::Display for Operation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl AsRef<str> for Operation {
            fn as_ref(&self) -> &str {
                self.id()
            }
        }

        impl ::std::str::FromStr for Operation {
            type Err = $crate::UnknownOperation;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                match id {
                    $(stringify!($variant) => Ok(Self::$variant),)*
                    _ => Err($crate::UnknownOperation(id.to_string())),
                }
            }
        }

        impl PartialEq<&str> for Operation {
            fn eq(&self, other: &&str) -> bool {
                self.id() == *other
            }
        }
    };
}
pub(crate) use operation_table;

/// What an operation's decoding helpers answer when its cargo feature is off.
#[doc(hidden)]
pub fn not_built(feature: &str) -> String {
    format!("this operation is built with the cargo feature `{feature}`, which is off")
}

/// Implements [`ListPage`] for generated page types, one row each:
/// `PageType: Item, items_key, [ListOperation, ...];`. The key is the items' field and wire name.
macro_rules! list_pages {
    ($($(#[$attr:meta])* $page:ident: $item:ident, $key:ident, [$($op:ident),* $(,)?];)*) => {$(
        $(#[$attr])*
        impl $crate::ListPage for super::types::$page {
            type Item = super::types::$item;
            const ITEM_KEY: &'static str = stringify!($key);
            const OPERATIONS: &'static [Operation] = &[$(Operation::$op),*];
            fn into_parts(self) -> (Vec<Self::Item>, $crate::PageFields) {
                let fields = $crate::PageFields {
                    page: self.page,
                    page_size: self.page_size,
                    start: self.start,
                    end: self.end,
                    uri: self.uri,
                    first_page_uri: self.first_page_uri,
                    next_page_uri: self.next_page_uri,
                    previous_page_uri: self.previous_page_uri,
                    last_page_uri: self.last_page_uri,
                    total: self.total,
                    num_pages: self.num_pages,
                };
                (self.$key.unwrap_or_default(), fields)
            }
            fn from_parts(items: Vec<Self::Item>, fields: $crate::PageFields) -> Self {
                let $crate::PageFields {
                    page,
                    page_size,
                    start,
                    end,
                    uri,
                    first_page_uri,
                    next_page_uri,
                    previous_page_uri,
                    last_page_uri,
                    total,
                    num_pages,
                } = fields;
                Self {
                    $key: Some(items),
                    page,
                    page_size,
                    start,
                    end,
                    uri,
                    first_page_uri,
                    next_page_uri,
                    previous_page_uri,
                    last_page_uri,
                    total,
                    num_pages,
                    extra: ::serde_json::Map::new(),
                }
            }
        }
    )*};
}
pub(crate) use list_pages;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_the_macros_write_say_what_the_spec_says() {
        use crate::twilio::Operation as T;
        use crate::twilio::types::{MessagePage, UsageRecordPage};
        let list = T::ListMessage;
        assert_eq!(list.id(), "ListMessage");
        assert_eq!(list.to_string(), "ListMessage");
        assert_eq!(list.method(), Method::GET);
        assert_eq!(
            list.path(),
            "/2010-04-01/Accounts/{AccountSid}/Messages.json"
        );
        assert_eq!(list.success_type(), Some("MessagePage"));
        assert_eq!(list.item_key(), Some("messages"));
        assert_eq!(list.page_type(), Some("MessagePage"));
        assert_eq!(T::FetchMessage.success_type(), Some("Message"));
        assert_eq!(T::FetchMessage.page_type(), None);
        assert_eq!(T::DeleteMessage.success_type(), None);
        assert!(T::DeleteMessage.decode_success(b"{}").is_none());
        assert!(T::FetchMessage.decode_success(b"[]").unwrap().is_err());
        assert_eq!("FetchCall".parse::<T>(), Ok(T::FetchCall));
        assert_eq!(
            "Nope".parse::<T>(),
            Err(UnknownOperation("Nope".to_string()))
        );
        let sid = "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        assert!(OperationTable::accepts(T::FetchMessage, "Sid", sid));
        assert!(!OperationTable::accepts(T::FetchMessage, "Sid", "CA1"));
        assert_eq!(
            crate::control::Operation::DeleteConnection.method(),
            Method::DELETE
        );
        assert_eq!(MessagePage::ITEM_KEY, "messages");
        assert_eq!(MessagePage::OPERATIONS, &[T::ListMessage]);
        assert_eq!(UsageRecordPage::OPERATIONS.len(), 9);
        let fields = PageFields {
            page: Some(2),
            next_page_uri: Some("/next".into()),
            num_pages: Some(3),
            ..PageFields::default()
        };
        let (items, back) = MessagePage::from_parts(Vec::new(), fields.clone()).into_parts();
        assert!(items.is_empty());
        assert_eq!(back, fields);
    }

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
