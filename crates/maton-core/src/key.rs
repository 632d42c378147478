//! [`ApiKey`]: the Maton API key, kept out of every printout.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::error::Error;

/// The environment variable the key is read from.
pub const API_KEY_ENV: &str = "MATON_API_KEY";

/// A Maton API key.
///
/// Its `Debug` shows `ApiKey(<redacted>)`; it has no `Display`; the header it produces is marked
/// sensitive, so reqwest and `http` hide it too. The only way to the text is
/// [`expose`](Self::expose), which says what it does.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(Arc<str>);

impl ApiKey {
    /// Checks and wraps a key: not empty, and only visible ASCII (it goes into a header).
    pub fn new(key: impl Into<String>) -> Result<Self, Error> {
        let key = key.into();
        let key = key.trim();
        if key.is_empty() {
            return Err(Error::config("the Maton API key is empty"));
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::config(
                "the Maton API key holds whitespace, control or non-ASCII characters",
            ));
        }
        let key: Arc<str> = Arc::from(key);
        // Every error built while the key lives is scrubbed of it (see `redact.rs`).
        crate::redact::register(&key);
        Ok(Self(key))
    }

    /// Reads the key from `MATON_API_KEY`.
    pub fn from_env() -> Result<Self, Error> {
        match std::env::var(API_KEY_ENV) {
            Ok(key) => Self::new(key),
            Err(_) => Err(Error::config(
                "MATON_API_KEY is not set: export the key from https://maton.ai/settings",
            )),
        }
    }

    /// The key's text. Don't print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `Bearer <key>`, marked sensitive.
    #[doc(hidden)]
    pub fn authorization(&self) -> HeaderValue {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0))
            .expect("checked to be visible ASCII");
        value.set_sensitive(true);
        value
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_the_key() {
        let key = ApiKey::new("sk_live_abcdefghijklmnop").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert!(!format!("{:?}", key.authorization()).contains("abcdefgh"));
        assert!(key.authorization().is_sensitive());
    }

    #[test]
    fn refuses_keys_that_cannot_be_a_header() {
        for bad in ["", "   ", "ab cd", "ab\r\ncd", "clé"] {
            let err = ApiKey::new(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Config, "{bad:?}");
            assert!(!err.to_string().contains(bad.trim()) || bad.trim().is_empty());
        }
    }
}
