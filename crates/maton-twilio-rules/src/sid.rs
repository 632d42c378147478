//! Typed SIDs: Twilio's resource identifiers, two letters that name the kind and 32 hexadecimal
//! digits.
//!
//! A SID is checked when it is made ([`MessageSid::parse`], `"SM…".parse()`, deserializing), so
//! a call SID can never stand where a message SID belongs and a typo is caught before anything
//! is sent.

use std::fmt;
use std::str::FromStr;

use crate::ParseError;
use crate::text::checked_text;

mod sealed {
    pub trait Sealed {}
}

/// What every SID type shares; lets generic code build and read any of them. Sealed: the kinds
/// are the ones this crate defines.
pub trait Sid:
    sealed::Sealed
    + Clone
    + fmt::Debug
    + fmt::Display
    + FromStr<Err = ParseError>
    + AsRef<str>
    + serde::Serialize
    + serde::de::DeserializeOwned
{
    /// The prefixes a SID of this kind may start with (`["SM", "MM"]`).
    const PREFIXES: &'static [&'static str];
    /// The name of the parameter in errors (`message_sid`).
    const FIELD: &'static str;

    /// Whether `text`, exactly as given, is one of [`PREFIXES`](Self::PREFIXES) and 32
    /// hexadecimal digits.
    fn is_valid(text: &str) -> bool {
        Self::PREFIXES.iter().any(|prefix| {
            text.strip_prefix(prefix)
                .is_some_and(|rest| rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
        })
    }

    /// The SID's text.
    fn as_str(&self) -> &str;
}

macro_rules! sids {
    ($( $(#[$doc:meta])* $name:ident: [$first:literal $(, $prefix:literal)*], $field:literal, $what:literal; )+) => {
        /// The prefixes of every SID kind this crate defines, one entry per kind.
        pub const ALL_PREFIXES: &[&[&str]] = &[$(<$name as Sid>::PREFIXES),+];
        $(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks the prefix and the 32 hexadecimal digits (surrounding whitespace is
            /// ignored); the error names the parameter.
            pub fn parse(text: &str) -> Result<Self, ParseError> {
                let text = text.trim();
                if <Self as Sid>::is_valid(text) {
                    Ok(Self(text.to_string()))
                } else {
                    // "a message SID: expected SM or MM followed by 32 hexadecimal digits",
                    // written from the prefixes so that the two cannot disagree.
                    const EXPECTED: &str = concat!(
                        $what, " SID: expected ", $first, $(" or ", $prefix,)*
                        " followed by 32 hexadecimal digits"
                    );
                    Err(ParseError::new($field, EXPECTED, text))
                }
            }

            /// The SID's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl sealed::Sealed for $name {}

        impl Sid for $name {
            const PREFIXES: &'static [&'static str] = &[$first $(, $prefix)*];
            const FIELD: &'static str = $field;
            fn as_str(&self) -> &str {
                &self.0
            }
        }

        checked_text!($name);

        impl TryFrom<&String> for $name {
            type Error = ParseError;
            fn try_from(text: &String) -> Result<Self, ParseError> {
                Self::parse(text)
            }
        }
    )+
    };
}

sids! {
    /// An account or subaccount: `AC` and 32 hex digits.
    AccountSid: ["AC"], "account_sid",
        "an account";
    /// A message: `SM` (SMS) or `MM` (MMS) and 32 hex digits.
    MessageSid: ["SM", "MM"], "message_sid",
        "a message";
    /// A call: `CA` and 32 hex digits.
    CallSid: ["CA"], "call_sid",
        "a call";
    /// An incoming (owned) phone number: `PN` and 32 hex digits.
    PhoneNumberSid: ["PN"], "phone_number_sid",
        "a phone number";
    /// A TwiML application: `AP` and 32 hex digits.
    ApplicationSid: ["AP"], "application_sid",
        "an application";
    /// A call queue: `QU` and 32 hex digits.
    QueueSid: ["QU"], "queue_sid",
        "a queue";
    /// An address: `AD` and 32 hex digits.
    AddressSid: ["AD"], "address_sid",
        "an address";
    /// A Messaging Service: `MG` and 32 hex digits.
    MessagingServiceSid: ["MG"], "messaging_service_sid",
        "a Messaging Service";
    /// A Content API template: `HX` and 32 hex digits.
    ContentSid: ["HX"], "content_sid",
        "a content template";
    /// A regulatory bundle: `BU` and 32 hex digits.
    BundleSid: ["BU"], "bundle_sid",
        "a bundle";
    /// A regulatory identity: `RI` and 32 hex digits.
    IdentitySid: ["RI"], "identity_sid",
        "an identity";
    /// A SIP trunk: `TK` and 32 hex digits.
    TrunkSid: ["TK"], "trunk_sid",
        "a trunk";
    /// A conference: `CF` and 32 hex digits.
    ConferenceSid: ["CF"], "conference_sid",
        "a conference";
    /// A recording: `RE` and 32 hex digits.
    RecordingSid: ["RE"], "recording_sid",
        "a recording";
    /// A transcription: `TR` and 32 hex digits.
    TranscriptionSid: ["TR"], "transcription_sid",
        "a transcription";
    /// A media item of an MMS: `ME` and 32 hex digits.
    MediaSid: ["ME"], "media_sid",
        "a media item";
    /// A notification (a logged error or warning): `NO` and 32 hex digits.
    NotificationSid: ["NO"], "notification_sid",
        "a notification";
    /// A payment session of a call: `PK` and 32 hex digits.
    PaymentSid: ["PK"], "payment_sid",
        "a payment session";
    /// An API key or signing key: `SK` and 32 hex digits.
    KeySid: ["SK"], "key_sid",
        "an API key";
    /// A Connect App: `CN` and 32 hex digits.
    ConnectAppSid: ["CN"], "connect_app_sid",
        "a Connect App";
    /// A short code: `SC` and 32 hex digits.
    ShortCodeSid: ["SC"], "short_code_sid",
        "a short code";
    /// A SIP domain: `SD` and 32 hex digits.
    SipDomainSid: ["SD"], "sip_domain_sid",
        "a SIP domain";
    /// A SIP credential list: `CL` and 32 hex digits.
    CredentialListSid: ["CL"], "credential_list_sid",
        "a credential list";
    /// A SIP credential: `CR` and 32 hex digits.
    CredentialSid: ["CR"], "credential_sid",
        "a credential";
    /// An IP access control list: `AL` and 32 hex digits.
    IpAccessControlListSid: ["AL"], "ip_access_control_list_sid",
        "an IP access control list";
    /// An IP address entry of an access control list: `IP` and 32 hex digits.
    IpAddressSid: ["IP"], "ip_address_sid",
        "an IP address";
    /// A usage trigger: `UT` and 32 hex digits.
    UsageTriggerSid: ["UT"], "usage_trigger_sid",
        "a usage trigger";
    /// An Add-on assigned to a number: `XE` and 32 hex digits.
    AssignedAddOnSid: ["XE"], "assigned_add_on_sid",
        "an assigned Add-on";
    /// An extension of an assigned Add-on: `XF` and 32 hex digits.
    AddOnExtensionSid: ["XF"], "add_on_extension_sid",
        "an Add-on extension";
    /// An Add-on result of a recording: `XR` and 32 hex digits.
    AddOnResultSid: ["XR"], "add_on_result_sid",
        "an Add-on result";
    /// A payload of an Add-on result: `XH` and 32 hex digits.
    AddOnPayloadSid: ["XH"], "add_on_payload_sid",
        "an Add-on payload";
    /// A subscription to a call's user-defined messages: `ZY` and 32 hex digits.
    UserDefinedMessageSubscriptionSid: ["ZY"], "user_defined_message_subscription_sid",
        "a user-defined message subscription";
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
        assert!(
            !AccountSid::is_valid(&format!(" AC{HEX} ")),
            "is_valid does not trim"
        );
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
            assert_eq!(err.field(), "message_sid", "{bad}");
            assert!(err.expected().starts_with("a message SID"), "{bad}");
        }
    }

    #[test]
    fn serde_checks_both_ways() {
        let ok: AccountSid = serde_json::from_str(&format!("\"AC{HEX}\"")).unwrap();
        assert_eq!(ok.as_str(), format!("AC{HEX}"));
        assert_eq!(serde_json::to_string(&ok).unwrap(), format!("\"AC{HEX}\""));
        assert!(serde_json::from_str::<AccountSid>("\"\"").is_err());
        assert!(serde_json::from_str::<AccountSid>(&format!("\"CA{HEX}\"")).is_err());
    }

    #[test]
    fn every_kind_has_two_letter_prefixes_and_its_own_field() {
        fn check<S: Sid>(fields: &mut Vec<&'static str>) {
            for prefix in S::PREFIXES {
                assert_eq!(prefix.len(), 2);
                assert!(prefix.bytes().all(|b| b.is_ascii_uppercase()));
                let text = format!("{prefix}{HEX}");
                assert_eq!(text.parse::<S>().unwrap().as_ref(), text);
            }
            fields.push(S::FIELD);
        }
        let mut fields = Vec::new();
        check::<AccountSid>(&mut fields);
        check::<MessageSid>(&mut fields);
        check::<CallSid>(&mut fields);
        check::<PhoneNumberSid>(&mut fields);
        check::<ApplicationSid>(&mut fields);
        check::<QueueSid>(&mut fields);
        check::<AddressSid>(&mut fields);
        check::<MessagingServiceSid>(&mut fields);
        check::<ContentSid>(&mut fields);
        check::<BundleSid>(&mut fields);
        check::<IdentitySid>(&mut fields);
        check::<TrunkSid>(&mut fields);
        check::<ConferenceSid>(&mut fields);
        check::<RecordingSid>(&mut fields);
        check::<TranscriptionSid>(&mut fields);
        check::<MediaSid>(&mut fields);
        check::<NotificationSid>(&mut fields);
        check::<PaymentSid>(&mut fields);
        check::<KeySid>(&mut fields);
        check::<ConnectAppSid>(&mut fields);
        check::<ShortCodeSid>(&mut fields);
        check::<SipDomainSid>(&mut fields);
        check::<CredentialListSid>(&mut fields);
        check::<CredentialSid>(&mut fields);
        check::<IpAccessControlListSid>(&mut fields);
        check::<IpAddressSid>(&mut fields);
        check::<UsageTriggerSid>(&mut fields);
        check::<AssignedAddOnSid>(&mut fields);
        check::<AddOnExtensionSid>(&mut fields);
        check::<AddOnResultSid>(&mut fields);
        check::<AddOnPayloadSid>(&mut fields);
        check::<UserDefinedMessageSubscriptionSid>(&mut fields);
        let count = fields.len();
        fields.sort();
        fields.dedup();
        assert_eq!(fields.len(), count);
    }
}
