//! Typed SIDs: Twilio's resource identifiers, two letters that name the kind and 32 hex digits.
//!
//! A SID you build is checked ([`MessageSid::parse`], `"SM…".parse()`), so a call SID can never
//! be passed where a message SID belongs, and a typo is caught before anything is sent. SIDs the
//! server returns stay plain `Option<String>` in the models (Twilio sends `""` in some of them);
//! [`Resource::sid`](crate::model::Resource::sid) turns one into its typed form when it is valid.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// What all SID types share; lets generic code (and [`Resource`](crate::model::Resource)) build
/// and read any of them.
pub trait Sid: Clone + fmt::Debug + fmt::Display + FromStr<Err = Error> + AsRef<str> {
    /// The prefixes a SID of this kind may start with (`["SM", "MM"]`).
    const PREFIXES: &'static [&'static str];
    /// The name of the parameter in errors (`message_sid`).
    const FIELD: &'static str;
    /// The SID's text.
    fn as_str(&self) -> &str;
}

/// Whether `text` is one of `prefixes` followed by exactly 32 hexadecimal digits.
fn is_sid(text: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        text.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

pub(crate) fn check(
    field: &'static str,
    text: &str,
    prefixes: &[&str],
    kind: &str,
) -> Result<(), Error> {
    if is_sid(text, prefixes) {
        Ok(())
    } else {
        Err(Error::invalid_input(
            field,
            format!(
                "`{}` is not {} {kind} SID: expected {} followed by 32 hexadecimal digits",
                shorten(text),
                article(kind),
                prefixes.join(" or ")
            ),
        ))
    }
}

/// `an` before a vowel sound (`an account SID`, `an application SID`), else `a`.
fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// Echoes at most 40 characters of rejected input, so an error never carries a huge string,
/// with control characters escaped (`\r\n` shows as `\\r\\n`), so it cannot forge log lines.
pub(crate) fn shorten(text: &str) -> String {
    // Redacted before it is cut, so that a key longer than what is shown cannot leave a prefix.
    maton_core::quote_server_text(text, 40)
}

macro_rules! sids {
    ($( $(#[$doc:meta])* $name:ident: [$($prefix:literal),+], $field:literal, $kind:literal; )+) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks the prefix and the 32 hexadecimal digits; the error names the parameter.
            pub fn parse(text: &str) -> Result<Self, Error> {
                let text = text.trim();
                check($field, text, &[$($prefix),+], $kind)?;
                Ok(Self(text.to_string()))
            }

            /// The SID's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Sid for $name {
            const PREFIXES: &'static [&'static str] = &[$($prefix),+];
            const FIELD: &'static str = $field;
            fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<Self, Error> {
                Self::parse(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(text: &str) -> Result<Self, Error> {
                Self::parse(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(text: String) -> Result<Self, Error> {
                Self::parse(&text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> String {
                sid.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            /// Checks the SID as [`parse`](Self::parse) does.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    )+};
}

sids! {
    /// An account or subaccount: `AC` and 32 hex digits.
    AccountSid: ["AC"], "account_sid", "account";
    /// A message: `SM` (SMS) or `MM` (MMS) and 32 hex digits.
    MessageSid: ["SM", "MM"], "message_sid", "message";
    /// A call: `CA` and 32 hex digits.
    CallSid: ["CA"], "call_sid", "call";
    /// An incoming (owned) phone number: `PN` and 32 hex digits.
    PhoneNumberSid: ["PN"], "phone_number_sid", "phone number";
    /// A TwiML application: `AP` and 32 hex digits.
    ApplicationSid: ["AP"], "application_sid", "application";
    /// A call queue: `QU` and 32 hex digits.
    QueueSid: ["QU"], "queue_sid", "queue";
    /// An address: `AD` and 32 hex digits.
    AddressSid: ["AD"], "address_sid", "address";
    /// A Messaging Service: `MG` and 32 hex digits.
    MessagingServiceSid: ["MG"], "messaging_service_sid", "Messaging Service";
    /// A Content API template: `HX` and 32 hex digits.
    ContentSid: ["HX"], "content_sid", "content template";
    /// A regulatory bundle: `BU` and 32 hex digits.
    BundleSid: ["BU"], "bundle_sid", "bundle";
    /// A SIP trunk: `TK` and 32 hex digits.
    TrunkSid: ["TK"], "trunk_sid", "trunk";
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "0123456789abcdef0123456789ABCDEF";

    #[test]
    fn accepts_the_right_prefix_and_32_hex_digits() {
        assert!(MessageSid::parse(&format!("SM{HEX}")).is_ok());
        assert!(MessageSid::parse(&format!("MM{HEX}")).is_ok());
        assert!(AccountSid::parse(&format!(" AC{HEX} ")).is_ok(), "trimmed");
        let call: CallSid = format!("CA{HEX}").parse().unwrap();
        assert_eq!(call.as_str(), format!("CA{HEX}"));
        assert_eq!(format!("{call:?}"), format!("CallSid(CA{HEX})"));
    }

    #[test]
    fn refuses_the_wrong_kind_length_or_digits() {
        for bad in [
            format!("CA{HEX}"),
            format!("SM{}", &HEX[1..]),
            format!("SM{HEX}0"),
            format!("sm{HEX}"),
            format!("SM{}", HEX.replace('a', "g")),
            "SM../../Accounts".to_string(),
            String::new(),
            format!("SMé{}", &HEX[2..]),
        ] {
            let err = MessageSid::parse(&bad).unwrap_err();
            assert!(err.is_invalid_input());
            assert_eq!(err.field(), Some("message_sid"), "{bad}");
        }
    }

    #[test]
    fn deserializing_checks_too() {
        let ok: AccountSid = serde_json::from_str(&format!("\"AC{HEX}\"")).unwrap();
        assert_eq!(ok.as_str(), format!("AC{HEX}"));
        assert!(serde_json::from_str::<AccountSid>("\"\"").is_err());
    }
}
