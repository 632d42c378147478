#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod error;
mod limits;
mod phone;
mod sid;
#[cfg(feature = "signature")]
mod signature;
mod text;

pub use error::ParseError;
pub use limits::{
    DEFAULT_PAGE_SIZE, MAX_BODY_CHARS, MAX_MEDIA_URLS, MAX_PAGE_SIZE, MAX_VALIDITY_PERIOD,
    MIN_PAGE_SIZE, MIN_VALIDITY_PERIOD, body_chars,
};
pub use phone::{MAX_E164_DIGITS, MIN_E164_DIGITS, PhoneNumber, is_e164};
pub use sid::{
    ALL_PREFIXES, AccountSid, AddOnExtensionSid, AddOnPayloadSid, AddOnResultSid, AddressSid,
    ApplicationSid, AssignedAddOnSid, BundleSid, CallSid, ConferenceSid, ConnectAppSid, ContentSid,
    CredentialListSid, CredentialSid, IdentitySid, IpAccessControlListSid, IpAddressSid, KeySid,
    MediaSid, MessageSid, MessagingServiceSid, NotificationSid, PaymentSid, PhoneNumberSid,
    QueueSid, RecordingSid, ShortCodeSid, Sid, SipDomainSid, TranscriptionSid, TrunkSid,
    UsageTriggerSid, UserDefinedMessageSubscriptionSid,
};
#[cfg(feature = "signature")]
pub use signature::webhook_signature;
