//! Form bodies and query strings as Twilio reads them: an ordered multimap of decoded pairs.
//!
//! Repeated keys (`MediaUrl=a&MediaUrl=b`) stay repeated, the first value of a key wins where one
//! is expected, and typed readers answer Twilio-style 400s for values they cannot use.

use maton_twilio_api::twilio::types::HttpMethod;

use crate::reply::ApiError;

/// Decoded `(key, value)` pairs in the order they came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `application/x-www-form-urlencoded` bytes; bytes that are not UTF-8 once decoded
    /// are refused rather than replaced, as Twilio does not guess.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        if std::str::from_utf8(bytes).is_err() {
            return Err(ApiError::invalid("The request body is not valid UTF-8"));
        }
        let mut pairs = Vec::new();
        for (key, value) in form_urlencoded::parse(bytes) {
            if key.contains('\u{fffd}') || value.contains('\u{fffd}') {
                return Err(ApiError::invalid(
                    "The request contains a parameter that is not valid UTF-8",
                ));
            }
            pairs.push((key.into_owned(), value.into_owned()));
        }
        Ok(Self { pairs })
    }

    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `key`, if it is there and not empty.
    pub(crate) fn non_empty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// Every value of `key`, in order.
    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// `true` / `false` (any case).
    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(ApiError::invalid(format!(
                "{key} must be true or false, not {v:?}"
            ))),
        }
    }

    /// A whole number.
    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ApiError::invalid(format!("{key} must be an integer, not {v:?}"))),
        }
    }

    /// `GET` or `POST` (any case).
    pub(crate) fn method(&self, key: &str) -> Result<Option<HttpMethod>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("GET") => Ok(Some(HttpMethod::Get)),
            Some(v) if v.eq_ignore_ascii_case("POST") => Ok(Some(HttpMethod::Post)),
            Some(v) => Err(ApiError::invalid(format!(
                "{key} must be GET or POST, not {v:?}"
            ))),
        }
    }

    /// One of `allowed` (exactly as written in the spec).
    pub(crate) fn one_of(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v.to_string())),
            Some(v) => Err(ApiError::invalid(format!(
                "{key} must be one of {}, not {v:?}",
                allowed.join(", ")
            ))),
        }
    }

    /// Sets `key` to the first value in `self`, if given (`Some("")` clears to empty).
    /// Refuses the first of `keys` that is present and not `true` or `false`.
    pub(crate) fn check_bools(&self, keys: &[&str]) -> Result<(), ApiError> {
        keys.iter().try_for_each(|key| self.bool(key).map(drop))
    }

    /// Refuses the first of `keys` that is present and not a whole number.
    pub(crate) fn check_ints(&self, keys: &[&str]) -> Result<(), ApiError> {
        keys.iter().try_for_each(|key| self.int(key).map(drop))
    }

    pub(crate) fn apply(&self, key: &str, field: &mut Option<String>) {
        if let Some(v) = self.get(key) {
            *field = Some(v.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_and_encoded_values_are_kept() {
        let params =
            Params::parse(b"To=%2B15559876543&MediaUrl=a&MediaUrl=b&Body=Hi+there&Empty=").unwrap();
        assert_eq!(params.get("To"), Some("+15559876543"));
        assert_eq!(params.all("MediaUrl"), vec!["a", "b"]);
        assert_eq!(params.get("Body"), Some("Hi there"));
        assert_eq!(params.non_empty("Empty"), None);
        assert!(params.has("Empty"));
    }

    #[test]
    fn bad_bytes_and_bad_values_are_twilio_400s() {
        assert_eq!(Params::parse(b"Body=\xff").unwrap_err().code, 20001);
        assert_eq!(Params::parse(b"Body=%ff").unwrap_err().code, 20001);
        let params = Params::parse(b"Record=maybe&Timeout=ten&Method=PUT").unwrap();
        assert!(params.bool("Record").is_err());
        assert!(params.int("Timeout").is_err());
        assert!(params.method("Method").is_err());
    }

    #[test]
    fn checks_of_several_keys_refuse_the_first_bad_one() {
        let params = Params::parse(b"Beta=true&Sms=yes&Fax=no&Timeout=5&Limit=ten").unwrap();
        assert!(params.check_bools(&["Beta", "Missing"]).is_ok());
        let error = params.check_bools(&["Beta", "Sms", "Fax"]).unwrap_err();
        assert_eq!(error.message, "Sms must be true or false, not \"yes\"");
        assert!(params.check_ints(&["Timeout", "Missing"]).is_ok());
        assert!(params.check_ints(&["Timeout", "Limit"]).is_err());
    }
}
