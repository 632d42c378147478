//! [`ConnectionId`]: a connection's id, checked before it goes into a path or a header.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The field named in the error for a bad id.
const FIELD: &str = "connection_id";

/// A connection's id, UUID-like (`ebe566b1-3eaf-4926-bc92-0d8d47445f12`).
///
/// Checked on construction against the control plane's rule: letters, digits and hyphens, the
/// first a letter or digit, at most 128 in all. So an id can never break out of the
/// `/connections/{id}` path segment or the `Maton-Connection` header: `/`, `..`, `%2F`, spaces,
/// `\r\n` and the empty string are refused with an [`ErrorKind::InvalidInput`](crate::ErrorKind)
/// error naming the `connection_id` field, before any request is made.
///
/// ```
/// use maton_connections::ConnectionId;
///
/// let id: ConnectionId = "ebe566b1-3eaf-4926-bc92-0d8d47445f12".parse()?;
/// assert_eq!(id.as_str(), "ebe566b1-3eaf-4926-bc92-0d8d47445f12");
/// assert!(ConnectionId::parse("../admin").is_err());
/// assert!(ConnectionId::parse("abc\r\nX-Evil: 1").is_err());
/// # Ok::<(), maton_connections::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConnectionId(String);

impl ConnectionId {
    /// Checks `text` and wraps it.
    pub fn parse(text: &str) -> Result<Self, Error> {
        check(text)?;
        Ok(Self(text.to_owned()))
    }

    /// The id's text, as it goes into the path and the `Maton-Connection` header.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `text` is a valid id.
    pub fn is_valid(text: &str) -> bool {
        check(text).is_ok()
    }
}

fn check(text: &str) -> Result<(), Error> {
    // The rule, and the words for what breaks it, are the generated client's
    // (`maton_twilio_api::ConnectionId`), defined once.
    let Err(bad) = text.parse::<maton_twilio_api::ConnectionId>() else {
        return Ok(());
    };
    // A server's text too (an id it listed): redacted before it is cut.
    let redacted = maton_core::redact_server_text(text);
    let shown: String = redacted.chars().take(40).collect();
    let shown = if shown.len() < redacted.len() {
        format!("{shown:?}…")
    } else {
        format!("{shown:?}")
    };
    Err(Error::invalid_input(
        FIELD,
        format!("{shown} is not a connection id: {}", bad.reason()),
    ))
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConnectionId({})", self.0)
    }
}

impl FromStr for ConnectionId {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for ConnectionId {
    type Error = Error;
    fn try_from(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl TryFrom<String> for ConnectionId {
    type Error = Error;
    fn try_from(text: String) -> Result<Self, Error> {
        check(&text)?;
        Ok(Self(text))
    }
}

impl From<ConnectionId> for String {
    fn from(id: ConnectionId) -> Self {
        id.0
    }
}

impl AsRef<str> for ConnectionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Anything an operation accepts as a connection id: a [`ConnectionId`] (owned or borrowed),
/// or text, which is checked when the operation runs, so a bad id fails with an
/// [`ErrorKind::InvalidInput`](crate::ErrorKind) error and nothing is sent.
pub trait IntoConnectionId {
    /// Converts, checking text.
    fn into_connection_id(self) -> Result<ConnectionId, Error>;
}

impl IntoConnectionId for ConnectionId {
    fn into_connection_id(self) -> Result<ConnectionId, Error> {
        Ok(self)
    }
}

impl IntoConnectionId for &ConnectionId {
    fn into_connection_id(self) -> Result<ConnectionId, Error> {
        Ok(self.clone())
    }
}

impl IntoConnectionId for &str {
    fn into_connection_id(self) -> Result<ConnectionId, Error> {
        ConnectionId::parse(self)
    }
}

impl IntoConnectionId for String {
    fn into_connection_id(self) -> Result<ConnectionId, Error> {
        ConnectionId::try_from(self)
    }
}

impl IntoConnectionId for &String {
    fn into_connection_id(self) -> Result<ConnectionId, Error> {
        ConnectionId::parse(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn accepts_what_the_spec_allows() {
        let longest = format!("a{}", "-".repeat(127));
        for ok in [
            "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
            "a",
            "0",
            "ABC-def-123",
            longest.as_str(),
        ] {
            assert_eq!(ConnectionId::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn refuses_anything_that_could_leave_a_path_segment_or_header() {
        let too_long = "a".repeat(129);
        for bad in [
            "",
            "a/b",
            "/",
            "..",
            "a..b",
            ".",
            "a%2Fb",
            "%2F",
            "a b",
            " a",
            "a\r\nMaton-Connection: x",
            "\r\n",
            "a\n",
            "-abc",
            "a_b",
            "a?b=c",
            "a#b",
            "a\\b",
            "é",
            "a\0",
            too_long.as_str(),
        ] {
            let err = ConnectionId::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
            assert_eq!(err.field(), Some("connection_id"), "{bad:?}");
            assert!(
                !err.to_string().contains('\r') && !err.to_string().contains('\n'),
                "the message escapes control characters: {err}"
            );
            assert!(bad.parse::<ConnectionId>().is_err());
            assert!(ConnectionId::try_from(bad.to_string()).is_err());
            assert!(!ConnectionId::is_valid(bad));
        }
    }

    #[test]
    fn a_key_given_as_an_id_is_redacted_before_it_is_cut() {
        let key = crate::ApiKey::new("mk_id_test_Qz8Wx5Rv2Tn7Yp4").unwrap();
        let text = format!("{}{}tail", "-".repeat(20), key.expose());
        let message = ConnectionId::parse(&text).unwrap_err().to_string();
        assert!(!message.contains("Qz8Wx5"), "{message}");
        assert!(message.contains("<redacted>"), "{message}");
    }

    #[test]
    fn serde_checks_too() {
        let id: ConnectionId = serde_json::from_str(r#""abc-1""#).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""abc-1""#);
        assert!(serde_json::from_str::<ConnectionId>(r#""a/b""#).is_err());
    }
}
