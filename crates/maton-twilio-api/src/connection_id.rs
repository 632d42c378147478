//! [`ConnectionId`]: the control plane's connection id, checked by hand against the spec's rule.

use std::fmt;
use std::str::FromStr;

/// A connection id of Maton's control plane (`ebe566b1-3eaf-4926-bc92-0d8d47445f12`), used for
/// the `ConnectionId` schema of `spec/control.yaml` in the generated [`control`](crate::control)
/// client.
///
/// The rule is the schema's pattern, [`ConnectionId::PATTERN`]: letters, digits and hyphens, the
/// first a letter or digit, at most [`ConnectionId::MAX_LEN`] in all. So an id can never break
/// out of the `/connections/{id}` path segment or the `Maton-Connection` header. The check is
/// written out rather than compiled from the pattern at run time (no regular-expression engine
/// in a user's build); the contract tests hold it to the spec's pattern.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct ConnectionId(String);

impl ConnectionId {
    /// The pattern of the `ConnectionId` schema in `spec/control.yaml`.
    pub const PATTERN: &'static str = "^[0-9A-Za-z][0-9A-Za-z-]{0,127}$";

    /// The longest id the pattern allows.
    pub const MAX_LEN: usize = 128;

    /// Whether `text` matches [`ConnectionId::PATTERN`].
    pub fn is_valid(text: &str) -> bool {
        let mut bytes = text.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && text.len() <= Self::MAX_LEN
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Text that is not a connection id; says which rule it breaks, without repeating the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidConnectionId(&'static str);

impl InvalidConnectionId {
    /// Which rule the text breaks (`it is empty`, `it is longer than 128 characters`, ...).
    pub fn reason(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for InvalidConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a connection id: {}", self.0)
    }
}

impl std::error::Error for InvalidConnectionId {}

impl FromStr for ConnectionId {
    type Err = InvalidConnectionId;
    fn from_str(text: &str) -> Result<Self, InvalidConnectionId> {
        if Self::is_valid(text) {
            return Ok(Self(text.to_owned()));
        }
        Err(InvalidConnectionId(if text.is_empty() {
            "it is empty"
        } else if text.len() > Self::MAX_LEN {
            "it is longer than 128 characters"
        } else {
            "only letters, digits and hyphens are allowed, starting with a letter or digit"
        }))
    }
}

impl TryFrom<&str> for ConnectionId {
    type Error = InvalidConnectionId;
    fn try_from(text: &str) -> Result<Self, InvalidConnectionId> {
        text.parse()
    }
}

impl TryFrom<String> for ConnectionId {
    type Error = InvalidConnectionId;
    fn try_from(text: String) -> Result<Self, InvalidConnectionId> {
        text.parse()
    }
}

impl From<ConnectionId> for String {
    fn from(id: ConnectionId) -> Self {
        id.0
    }
}

impl std::ops::Deref for ConnectionId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ConnectionId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_what_the_rule_allows_and_refuses_the_rest() {
        let longest = "a".repeat(ConnectionId::MAX_LEN);
        for ok in [
            "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
            "a",
            "9-",
            longest.as_str(),
        ] {
            assert_eq!(
                ok.parse::<ConnectionId>().map(String::from).as_deref(),
                Ok(ok)
            );
        }
        let too_long = "a".repeat(ConnectionId::MAX_LEN + 1);
        for bad in [
            "",
            "-a",
            "a/b",
            "..",
            "a b",
            "a\r\nX: 1",
            "é",
            too_long.as_str(),
        ] {
            let err = bad.parse::<ConnectionId>().unwrap_err().to_string();
            assert!(err.starts_with("not a connection id: "), "{err}");
        }
        assert!(serde_json::from_str::<ConnectionId>("\"a/b\"").is_err());
    }
}
