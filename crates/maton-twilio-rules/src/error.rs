//! [`ParseError`]: what a SID or a phone number that does not parse reports.

use std::fmt;

/// Text that is not the identifier it should be: a SID of the wrong kind or shape, or a phone
/// number that is not E.164.
///
/// It names the parameter ([`field`](Self::field)) and the expected shape; its `Display` and
/// `Debug` never repeat the input (it may be a secret pasted in the wrong place, or carry
/// control characters). [`input`](Self::input) gives it back to callers that quote it safely.
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError {
    field: &'static str,
    expected: &'static str,
    input: String,
}

impl ParseError {
    pub(crate) fn new(field: &'static str, expected: &'static str, input: &str) -> Self {
        Self {
            field,
            expected,
            input: input.to_string(),
        }
    }

    /// The same error for another parameter: a number checked for `to` rather than
    /// `phone_number`.
    #[must_use]
    pub fn for_field(mut self, field: &'static str) -> Self {
        self.field = field;
        self
    }

    /// The parameter the text was meant for (`message_sid`, `phone_number`).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What was expected, as the rest of a sentence that starts "… is not":
    /// `a message SID: expected SM or MM followed by 32 hexadecimal digits`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The text as given (trimmed). Unchecked: escape and shorten it before printing.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the text given for `{}` is not {}",
            self.field, self.expected
        )
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseError")
            .field("field", &self.field)
            .field("expected", &self.expected)
            .field("input_chars", &self.input.chars().count())
            .finish()
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::ParseError;

    #[test]
    fn never_prints_the_input() {
        let e = ParseError::new("to", "an E.164 phone number", "secret\r\nX");
        for shown in [e.to_string(), format!("{e:?}")] {
            assert!(!shown.contains("secret"), "{shown}");
            assert!(shown.contains("to"), "{shown}");
        }
        assert_eq!(
            e.to_string(),
            "the text given for `to` is not an E.164 phone number"
        );
        assert_eq!(e.input(), "secret\r\nX");
    }
}
