//! What Twilio returns: the generated models, re-exported, and a few typed conveniences.
//!
//! The models are generated from `spec/twilio.yaml` and decode whatever Twilio sends:
//!
//! - every field is an `Option`, so a field left out or `null` never breaks decoding;
//! - enumerations are open ([`MessageStatus::Unknown`] keeps a value this version does not know);
//! - numbers Twilio sends as strings (`price`, `num_segments`, `duration`, `count`, `usage`) are
//!   [`Numeric`], which accepts a JSON string or number and gives `to_f64()`, `to_u64()`, ...;
//! - RFC 2822 dates are [`Timestamp`], with `utc()` for a `chrono::DateTime<Utc>`;
//! - fields this version does not know are kept in each model's `extra` map.
//!
//! SIDs in models are plain strings (Twilio sends `""` in some); [`Resource::sid`] gives the typed
//! SID when the text is one.

#[cfg(feature = "messaging")]
pub use maton_twilio_api::twilio::types::Media;
#[cfg(feature = "voice")]
pub use maton_twilio_api::twilio::types::Member;
pub use maton_twilio_api::twilio::types::Message;
pub use maton_twilio_api::twilio::types::{
    Account, AccountStatus, AccountType, Address, Application, AvailablePhoneNumber, Balance, Call,
    CallStatus, CallUpdateStatus, HttpMethod, IncomingPhoneNumber,
    IncomingPhoneNumberAddressRequirement, IncomingPhoneNumberEmergencyAddressStatus,
    IncomingPhoneNumberEmergencyStatus, IncomingPhoneNumberVoiceReceiveMode,
    MessageAddressRetention, MessageContentRetention, MessageDirection, MessageRiskCheck,
    MessageStatus, MessageTrafficType, PhoneNumberCapabilities, Queue, UsageRecord,
};
#[cfg(feature = "recordings")]
pub use maton_twilio_api::twilio::types::{
    CallRecording, CallRecordingStatus, Recording, RecordingStatus, RecordingTranscription,
    Transcription,
};
#[cfg(feature = "conferences")]
pub use maton_twilio_api::twilio::types::{
    Conference, ConferenceStatus, ConferenceUpdateStatus, Participant, ParticipantStatus,
};
#[cfg(feature = "numbers")]
pub use maton_twilio_api::twilio::types::{
    IncomingPhoneNumberLocal, IncomingPhoneNumberMobile, IncomingPhoneNumberTollFree,
    OutgoingCallerId, ValidationRequest,
};
pub use maton_twilio_api::{Numeric, Timestamp};

use crate::sid::{
    AccountSid, AddressSid, ApplicationSid, CallSid, MessageSid, PhoneNumberSid, QueueSid, Sid,
};

/// A model with a SID of a known kind.
pub trait Resource {
    /// The SID type.
    type Sid: Sid;

    /// The SID's text as the server sent it.
    fn raw_sid(&self) -> Option<&str>;

    /// The SID, typed, when the server sent a valid one.
    ///
    /// ```
    /// use maton_twilio::model::{Message, Resource};
    /// let message: Message = serde_json::from_str(
    ///     r#"{"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"}"#,
    /// ).unwrap();
    /// let sid = message.sid().expect("a message SID");
    /// assert_eq!(sid.as_str(), "SM0123456789abcdef0123456789abcdef");
    /// ```
    fn sid(&self) -> Option<Self::Sid> {
        self.raw_sid().and_then(|text| text.parse().ok())
    }
}

macro_rules! resources {
    ($($model:ty => $sid:ty;)+) => {$(
        impl Resource for $model {
            type Sid = $sid;
            fn raw_sid(&self) -> Option<&str> {
                self.sid.as_deref()
            }
        }
    )+};
}

resources! {
    Account => AccountSid;
    Message => MessageSid;
    Call => CallSid;
    IncomingPhoneNumber => PhoneNumberSid;
    Application => ApplicationSid;
    Queue => QueueSid;
    Address => AddressSid;
}

#[cfg(feature = "messaging")]
resources! {
    Media => crate::sid::MediaSid;
}

#[cfg(feature = "numbers")]
resources! {
    OutgoingCallerId => PhoneNumberSid;
    IncomingPhoneNumberLocal => PhoneNumberSid;
    IncomingPhoneNumberMobile => PhoneNumberSid;
    IncomingPhoneNumberTollFree => PhoneNumberSid;
}

#[cfg(feature = "conferences")]
resources! {
    Conference => crate::sid::ConferenceSid;
}

#[cfg(feature = "recordings")]
resources! {
    Recording => crate::sid::RecordingSid;
    CallRecording => crate::sid::RecordingSid;
    Transcription => crate::sid::TranscriptionSid;
    RecordingTranscription => crate::sid::TranscriptionSid;
}
