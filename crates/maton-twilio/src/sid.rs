//! Typed SIDs, defined once in `maton-twilio-rules` and re-exported at the crate root
//! ([`AccountSid`](crate::AccountSid), [`MessageSid`](crate::MessageSid), ... and the
//! [`Sid`](crate::Sid) trait). A SID that does not parse is a
//! [`ParseError`](crate::ParseError), which `?` turns into an
//! [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the parameter.

#[cfg(feature = "messaging")]
pub(crate) use maton_twilio_rules::MediaSid;
pub(crate) use maton_twilio_rules::{
    AccountSid, AddressSid, ApplicationSid, BundleSid, CallSid, ContentSid, MessageSid,
    MessagingServiceSid, PhoneNumberSid, QueueSid, Sid, TrunkSid,
};
#[allow(unused_imports)] // each is used only with its resource group's feature
pub(crate) use maton_twilio_rules::{ConferenceSid, RecordingSid, TranscriptionSid};

/// Echoes at most 40 characters of rejected input, so an error never carries a huge string,
/// with control characters escaped (`\r\n` shows as `\\r\\n`), so it cannot forge log lines.
pub(crate) fn shorten(text: &str) -> String {
    // Redacted before it is cut, so that a key longer than what is shown cannot leave a prefix.
    maton_core::quote_server_text(text, 40)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    const HEX: &str = "0123456789abcdef0123456789ABCDEF";

    #[test]
    fn a_bad_sid_becomes_an_invalid_input_error_quoting_it() {
        let err: Error = MessageSid::parse(&format!("CA{HEX}")).unwrap_err().into();
        assert!(err.is_invalid_input());
        assert_eq!(err.field(), Some("message_sid"));
        assert!(
            err.to_string().contains(&format!(
                "`CA{HEX}` is not a message SID: expected SM or MM followed by 32 hexadecimal digits"
            )),
            "{err}"
        );
        let err: Error = AccountSid::parse("bad\r\nX-Forged: 1").unwrap_err().into();
        assert!(err.to_string().contains("is not an account SID"), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }

    #[test]
    fn deserializing_checks_too() {
        let ok: AccountSid = serde_json::from_str(&format!("\"AC{HEX}\"")).unwrap();
        assert_eq!(ok.as_str(), format!("AC{HEX}"));
        assert!(serde_json::from_str::<AccountSid>("\"\"").is_err());
    }
}
