//! A SID or phone number that does not parse, as an [`Error`].

use maton_twilio_rules::ParseError;

use crate::Error;
use crate::redact::quote_server_text;

/// The rejected text is quoted at most this many characters long.
const MAX_QUOTED_CHARS: usize = 40;

impl From<ParseError> for Error {
    /// An [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the parameter, quoting the rejected text redacted,
    /// shortened and with control characters escaped: "`CA…` is not a message SID: expected
    /// SM or MM followed by 32 hexadecimal digits".
    fn from(e: ParseError) -> Self {
        Error::invalid_input(
            e.field(),
            format!(
                "`{}` is not {}",
                quote_server_text(e.input(), MAX_QUOTED_CHARS),
                e.expected()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use maton_twilio_rules::{MessageSid, PhoneNumber};

    use crate::{Error, Outcome};

    #[test]
    fn names_the_field_and_quotes_the_input_short_and_escaped() {
        let e: Error = MessageSid::parse("CA0123").unwrap_err().into();
        assert!(e.is_invalid_input());
        assert_eq!(e.field(), Some("message_sid"));
        assert_eq!(e.outcome(), Outcome::NotPerformed);
        assert!(
            e.to_string().contains(
                "`CA0123` is not a message SID: expected SM or MM followed by 32 hexadecimal digits"
            ),
            "{e}"
        );
        let long = format!("+1\r\n{}", "9".repeat(100));
        let e: Error = PhoneNumber::parse(&long).unwrap_err().into();
        let shown = e.to_string();
        assert!(shown.contains("\\r\\n"), "{shown}");
        assert!(!shown.contains(&"9".repeat(41)), "{shown}");
        assert!(shown.contains("is not an E.164 phone number"), "{shown}");
    }

    #[test]
    fn a_live_key_given_as_a_sid_is_redacted_before_it_is_cut() {
        let text = "mk_live_parse_error_test_key_0123456789abcdefghijklmnop";
        let _key = crate::ApiKey::new(text).unwrap();
        let e: Error = MessageSid::parse(text).unwrap_err().into();
        for shown in [e.to_string(), format!("{e:?}")] {
            assert!(!shown.contains("mk_live_parse"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }
}
