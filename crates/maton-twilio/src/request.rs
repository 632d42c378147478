//! [`Request`]: any request to Twilio's API v2010, for operations no handler wraps, with the
//! client's authentication, `Maton-Connection`, rate limit, retries and tracing.
//!
//! ```no_run
//! # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
//! use maton_twilio::Method;
//! let balance = client
//!     .request(Method::Get, "/2010-04-01/Accounts/{AccountSid}/Balance.json")
//!     .send()
//!     .await?;
//! println!("{}", balance.value()["balance"]);
//! # Ok(())
//! # }
//! ```
//!
//! The path is checked before anything is sent: it starts with `/2010-04-01/`, holds no scheme or
//! host, no query (use [`query`](Request::query)), no `.` or `..` segment, no backslash, control
//! character or encoded separator, and no `{placeholder}` but `{AccountSid}`, which is filled with
//! the client's account (discovered as for every other request). A breach is an
//! [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) error naming `path`.
//!
//! Retries follow the method as for typed requests: GET and DELETE on 429, 5xx, connection errors
//! and timeouts; POST only on 429 or when the connection could not be opened.

use std::fmt;
use std::str::FromStr;

use maton_core::Service;
use maton_twilio_api::twilio::Operation;
use serde_json::Value;

use crate::Error;
#[cfg(test)]
use crate::ErrorKind;
use crate::client::Client;
use crate::response::Response;

mod pages;
pub use pages::RequestPages;

/// The API version every path starts with.
pub const API_PREFIX: &str = "/2010-04-01/";

/// The operation named in errors and traces for a request that matches no known operation.
pub const UNKNOWN_OPERATION: &str = "Request";

/// The HTTP methods Twilio's API v2010 uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: fetch and list.
    Get,
    /// `POST`: create and update.
    Post,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }

    fn http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Delete => http::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = Error;

    /// `GET`, `POST` or `DELETE`, in any case; anything else is an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error naming `method`.
    fn from_str(text: &str) -> Result<Self, Error> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Ok(Self::Get),
            "POST" => Ok(Self::Post),
            "DELETE" => Ok(Self::Delete),
            _ => Err(Error::invalid_input(
                "method",
                format!(
                    "invalid `method`: `{}` is not one Twilio's API uses (GET, POST or DELETE)",
                    maton_core::quote_server_text(text, 20)
                ),
            )),
        }
    }
}

/// A request to any path of Twilio's API v2010: built by [`Client::request`], sent by
/// [`send`](Self::send), or walked page by page with [`pages`](Self::pages) and
/// [`paginate`](Self::paginate).
#[must_use = "nothing is sent until `send`, `pages` or `paginate` is called"]
#[derive(Clone)]
pub struct Request {
    client: Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
}

impl Client {
    /// Any request to Twilio's API v2010, with this client's key, connection, rate limit, retries
    /// and tracing: `path` is relative to the base URL and starts with `/2010-04-01/`;
    /// `{AccountSid}` in it is filled with this client's account. See [`Request`].
    pub fn request(&self, method: Method, path: impl Into<String>) -> Request {
        Request {
            client: self.clone(),
            method,
            path: path.into(),
            query: Vec::new(),
            form: Vec::new(),
        }
    }
}

impl Request {
    /// Adds a query parameter (repeated keys are sent in the order added).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a form parameter to a POST's body (repeated keys, such as Twilio's `MediaUrl`, are
    /// sent in the order added). A GET or DELETE with form parameters is refused before sending.
    pub fn form(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.form.push((key.into(), value.into()));
        self
    }

    /// Sends the request. A success gives its JSON body (`null` for an empty one, as a `204`
    /// delete); an error status gives the same [`Error`] typed requests give (Twilio's code and
    /// message, the status, the body kept).
    pub async fn send(self) -> Result<Response<Value>, Error> {
        let (url, operation) = self.prepare().await?;
        let operation = operation.map_or(UNKNOWN_OPERATION, Operation::id);
        exchange_json(&self.client, self.method, url, &self.form, operation).await
    }

    /// Every page of a GET list, one JSON document at a time, following `next_page_uri` under
    /// the client's base URL (as the typed lists do).
    pub fn pages(self) -> RequestPages {
        RequestPages::new(self)
    }

    /// Every item of every page of a GET list, in order. The items are the page's array under
    /// the known operation's item key (`messages` for `ListMessage`), or else the one array the
    /// page holds.
    pub async fn paginate(self) -> Result<Vec<Value>, Error> {
        let mut pages = self.pages();
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page?;
            items.extend(pages.items_of(&page)?.iter().cloned());
        }
        Ok(items)
    }

    /// Checks everything, fills `{AccountSid}`, and gives the URL and the operation to name.
    async fn prepare(&self) -> Result<(url::Url, Option<Operation>), Error> {
        check_path(&self.path)?;
        if self.method != Method::Post && !self.form.is_empty() {
            return Err(Error::invalid_input(
                "form",
                format!(
                    "invalid `form`: a {} request has no body; send its parameters with `query`",
                    self.method
                ),
            ));
        }
        if let Some((key, _)) = self
            .query
            .iter()
            .chain(&self.form)
            .find(|(key, _)| key.is_empty())
        {
            return Err(Error::invalid_input(
                "query",
                format!("invalid `query`: a parameter has an empty name (`{key}`)"),
            ));
        }
        let path = if self.path.contains("{AccountSid}") {
            let account = self.client.account_sid().await?;
            self.path.replace("{AccountSid}", account.as_str())
        } else {
            self.path.clone()
        };
        let operation = find(self.method, &path);
        let mut url = self
            .client
            .base_url()
            .join_relative(&path)
            .map_err(|e| path_error(&e.to_string()))?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        Ok((url, operation))
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A live key pasted into a path or a parameter is redacted, as in every error.
        let redacted = |pairs: &[(String, String)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| {
                    (
                        maton_core::redact_server_text(k),
                        maton_core::redact_server_text(v),
                    )
                })
                .collect()
        };
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &maton_core::redact_server_text(&self.path))
            .field("query", &redacted(&self.query))
            .field("form", &redacted(&self.form))
            .finish_non_exhaustive()
    }
}

/// The known operation a method and filled path name.
fn find(method: Method, path: &str) -> Option<Operation> {
    Operation::find(&method.http(), path)
        .ok()
        .map(|matched| matched.operation)
}

fn path_error(why: &str) -> Error {
    Error::invalid_input("path", format!("invalid `path`: {why}"))
}

/// The checks on a path as the caller gave it, before anything is sent.
fn check_path(path: &str) -> Result<(), Error> {
    let shown = maton_core::quote_server_text(path, 80);
    let refuse = |why: &str| Err(path_error(&format!("`{shown}` {why}")));
    if path.contains("://") || path.starts_with("//") {
        return refuse(
            "names a scheme or host: give only the path, e.g. /2010-04-01/Accounts.json",
        );
    }
    if !path.starts_with(API_PREFIX) {
        return refuse("does not start with /2010-04-01/ (Twilio's API v2010)");
    }
    if path.contains(['?', '#']) {
        return refuse("holds a query or fragment: add query parameters with `query` instead");
    }
    if path.contains('\\') || path.chars().any(char::is_control) || path.contains(' ') {
        return refuse("holds a backslash, space or control character");
    }
    if path.split('/').any(|seg| {
        let lower = seg.to_ascii_lowercase();
        seg == ".." || seg == "." || lower.contains("%2e") || lower.contains("%2f")
    }) {
        return refuse("holds a `.` or `..` segment or an encoded separator");
    }
    if path.contains("//") {
        return refuse("holds an empty segment (`//`)");
    }
    let rest = path.replace("{AccountSid}", "");
    if rest.contains(['{', '}']) {
        return refuse("holds a placeholder other than {AccountSid}: fill it in");
    }
    Ok(())
}

/// Builds `builder`'s request, sends it through the client's transport (key, connection, rate
/// limit, retries) and answers the response when its status is a success; any other status
/// becomes the typed error of its body. What the generic requests and the pages after the first
/// share.
pub(crate) async fn exchange(
    client: &Client,
    builder: reqwest::RequestBuilder,
    operation: &'static str,
) -> Result<reqwest::Response, Error> {
    let request = builder
        .build()
        .map_err(|e| Error::from_transport(e).with_operation(operation))?;
    let response = client
        .transport()
        .send(client.http(), request, operation)
        .await
        .map_err(|e| Error::from_transport(e).with_operation(operation))?;
    if !response.status().is_success() {
        return Err(maton_core::from_response(Service::Twilio, response)
            .await
            .with_operation(operation));
    }
    Ok(response)
}

/// Sends `method` to `url` through the client's transport and reads the JSON answer.
async fn exchange_json(
    client: &Client,
    method: Method,
    url: url::Url,
    form: &[(String, String)],
    operation: &'static str,
) -> Result<Response<Value>, Error> {
    let mut builder = client
        .http()
        .request(method.http(), url)
        .header(http::header::ACCEPT, "application/json");
    if method == Method::Post {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        builder = builder
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body);
    }
    let response = exchange(client, builder, operation).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::unreadable_success(Some(status), e).with_operation(operation))?;
    let value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::from_decode(status, String::from_utf8_lossy(&bytes).into_owned(), e)
                .with_operation(operation)
        })?
    };
    Ok(Response::new(value, status, headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_in_any_case_and_others_are_refused() {
        assert_eq!("get".parse::<Method>().unwrap(), Method::Get);
        assert_eq!("Post".parse::<Method>().unwrap(), Method::Post);
        assert_eq!("DELETE".parse::<Method>().unwrap(), Method::Delete);
        let err = "PUT".parse::<Method>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert_eq!(err.field(), Some("method"));
    }

    #[test]
    fn paths_outside_the_api_are_refused_saying_why() {
        assert!(check_path("/2010-04-01/Accounts/{AccountSid}/Messages.json").is_ok());
        assert!(check_path("/2010-04-01/Accounts.json").is_ok());
        for (path, why) in [
            (
                "https://evil.example/2010-04-01/Accounts.json",
                "scheme or host",
            ),
            ("//evil.example/2010-04-01/x.json", "scheme or host"),
            ("/v1/Services", "/2010-04-01/"),
            ("2010-04-01/Accounts.json", "/2010-04-01/"),
            ("/2010-04-01/Accounts.json?PageSize=5", "query"),
            ("/2010-04-01/Accounts.json#top", "fragment"),
            ("/2010-04-01/Acc\tounts.json", "control character"),
            (
                "/2010-04-01/Accounts.json\r\nHost: evil",
                "control character",
            ),
            ("/2010-04-01/../v1/x.json", "`..`"),
            ("/2010-04-01/%2e%2e/x.json", "encoded separator"),
            ("/2010-04-01/a\\b.json", "backslash"),
            ("/2010-04-01//Accounts.json", "empty segment"),
            (
                "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
                "placeholder",
            ),
        ] {
            let err = check_path(path).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{path}");
            assert_eq!(err.field(), Some("path"), "{path}");
            assert!(err.to_string().contains(why), "{path}: {err}");
        }
    }

    #[test]
    fn known_paths_name_their_operation() {
        let path = "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json";
        assert_eq!(find(Method::Get, path), Some(Operation::ListMessage));
        assert_eq!(find(Method::Post, path), Some(Operation::CreateMessage));
        assert_eq!(find(Method::Get, "/2010-04-01/Nowhere.json"), None);
    }
}
