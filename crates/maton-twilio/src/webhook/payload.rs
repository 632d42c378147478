//! Typed webhook payloads, parsed from `application/x-www-form-urlencoded` bodies.

use std::fmt;

use crate::model::{CallStatus, MessageStatus};
use crate::sid::{AccountSid, CallSid, MessageSid, Sid};

/// Why a webhook body could not be read as the payload asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadError {
    /// The body is not UTF-8 form parameters.
    Body,
    /// A parameter Twilio always sends is absent (or empty).
    Missing(&'static str),
    /// A parameter has a value of the wrong form (a SID, a number).
    Invalid(&'static str),
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Body => f.write_str("the webhook body is not form parameters"),
            Self::Missing(name) => write!(f, "the webhook has no `{name}` parameter"),
            Self::Invalid(name) => write!(f, "the webhook's `{name}` parameter is malformed"),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Parameters a payload type does not name, in the order they came (names may repeat).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra(Vec<(String, String)>);

impl Extra {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every parameter, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A payload Twilio posts, readable from form parameters.
pub trait Payload: Sized {
    /// Reads the payload from its parameters.
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError>;

    /// Reads the payload from an `application/x-www-form-urlencoded` body.
    fn from_form(body: &[u8]) -> Result<Self, PayloadError> {
        let params = super::signature::parse_form(body).ok_or(PayloadError::Body)?;
        Self::from_params(params)
    }
}

/// The parameters, taken out one by one; what is left becomes [`Extra`].
struct Form(Vec<(String, String)>);

impl Form {
    fn take(&mut self, name: &str) -> Option<String> {
        let at = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(at).1).filter(|v| !v.is_empty())
    }

    fn required(&mut self, name: &'static str) -> Result<String, PayloadError> {
        self.take(name).ok_or(PayloadError::Missing(name))
    }

    fn sid<S: Sid>(&mut self, name: &'static str) -> Result<S, PayloadError> {
        self.required(name)?
            .parse()
            .map_err(|_| PayloadError::Invalid(name))
    }

    fn opt_sid<S: Sid>(&mut self, name: &'static str) -> Result<Option<S>, PayloadError> {
        self.take(name)
            .map(|v| v.parse().map_err(|_| PayloadError::Invalid(name)))
            .transpose()
    }

    fn number<N: std::str::FromStr>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<N>, PayloadError> {
        self.take(name)
            .map(|v| v.trim().parse().map_err(|_| PayloadError::Invalid(name)))
            .transpose()
    }

    fn extra(self) -> Extra {
        Extra(self.0)
    }
}

/// Open enumerations: every value Twilio documents, and any other kept as sent.
macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this version does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_enum! {
    /// Which way a call goes (`Direction`).
    CallDirection {
        /// `inbound`
        Inbound = "inbound",
        /// `outbound-api`
        OutboundApi = "outbound-api",
        /// `outbound-dial`
        OutboundDial = "outbound-dial",
    }
}

open_enum! {
    /// A recording's status (`RecordingStatus`).
    RecordingStatus {
        /// `in-progress`
        InProgress = "in-progress",
        /// `completed`
        Completed = "completed",
        /// `absent`
        Absent = "absent",
        /// `failed`
        Failed = "failed",
    }
}

open_enum! {
    /// What a call status callback reports on (`CallbackSource`).
    CallbackSource {
        /// `call-progress-events`
        CallProgressEvents = "call-progress-events",
    }
}

/// One media item of an incoming MMS: `MediaUrl{i}` and `MediaContentType{i}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Media {
    /// Where to fetch it (`MediaUrl{i}`).
    pub url: String,
    /// Its MIME type (`MediaContentType{i}`), if given.
    pub content_type: Option<String>,
}

/// An SMS or MMS that arrived at one of the account's numbers (the number's `SmsUrl`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IncomingMessage {
    /// `MessageSid`.
    pub message_sid: MessageSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `MessagingServiceSid`, if the number belongs to one.
    pub messaging_service_sid: Option<String>,
    /// `From`: the sender.
    pub from: String,
    /// `To`: the account's number.
    pub to: String,
    /// `Body` (empty for a media-only MMS).
    pub body: String,
    /// `NumSegments`.
    pub num_segments: Option<u32>,
    /// `MediaUrl0..` with `MediaContentType0..`, `NumMedia` of them.
    pub media: Vec<Media>,
    /// Every other parameter (`FromCity`, `SmsStatus`, `ApiVersion`, ...).
    pub extra: Extra,
}

impl Payload for IncomingMessage {
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError> {
        let mut form = Form(params);
        let num_media: u32 = form.number("NumMedia")?.unwrap_or(0);
        // At most 10 media per message on Twilio: never trust a count to size an allocation.
        if num_media > 10 {
            return Err(PayloadError::Invalid("NumMedia"));
        }
        let mut media = Vec::new();
        for i in 0..num_media {
            let url = form
                .take(&format!("MediaUrl{i}"))
                .ok_or(PayloadError::Missing("MediaUrl"))?;
            let content_type = form.take(&format!("MediaContentType{i}"));
            media.push(Media { url, content_type });
        }
        Ok(Self {
            message_sid: form.sid("MessageSid")?,
            account_sid: form.sid("AccountSid")?,
            messaging_service_sid: form.take("MessagingServiceSid"),
            from: form.required("From")?,
            to: form.required("To")?,
            body: form.take("Body").unwrap_or_default(),
            num_segments: form.number("NumSegments")?,
            media,
            extra: form.extra(),
        })
    }
}

/// A message's status changed (the `StatusCallback` given when sending).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageStatusCallback {
    /// `MessageSid`.
    pub message_sid: MessageSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `MessageStatus`: `queued`, `sent`, `delivered`, `undelivered`, `failed`, ...
    pub message_status: MessageStatus,
    /// `From`, if sent.
    pub from: Option<String>,
    /// `To`, if sent.
    pub to: Option<String>,
    /// `ErrorCode`, for `failed` and `undelivered`.
    pub error_code: Option<u32>,
    /// Every other parameter.
    pub extra: Extra,
}

impl Payload for MessageStatusCallback {
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError> {
        let mut form = Form(params);
        let status = form.required("MessageStatus")?;
        Ok(Self {
            message_sid: form.sid("MessageSid")?,
            account_sid: form.sid("AccountSid")?,
            message_status: MessageStatus::from(status.as_str()),
            from: form.take("From"),
            to: form.take("To"),
            error_code: form.number("ErrorCode")?,
            extra: form.extra(),
        })
    }
}

/// A call needs instructions: an incoming call (the number's `VoiceUrl`) or a placed call that
/// was answered (its `Url`). Answer it with TwiML.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VoiceRequest {
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `From`: the caller.
    pub from: String,
    /// `To`: who was called.
    pub to: String,
    /// `CallStatus`.
    pub call_status: CallStatus,
    /// `Direction`.
    pub direction: Option<CallDirection>,
    /// `ParentCallSid`, for a leg of a `<Dial>`.
    pub parent_call_sid: Option<CallSid>,
    /// `Digits`, after a `<Gather>`.
    pub digits: Option<String>,
    /// `SpeechResult`, after a `<Gather input="speech">`.
    pub speech_result: Option<String>,
    /// Every other parameter (`CallerName`, `ForwardedFrom`, `FromCity`, ...).
    pub extra: Extra,
}

impl Payload for VoiceRequest {
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError> {
        let mut form = Form(params);
        voice(&mut form).map(|mut request| {
            request.extra = form.extra();
            request
        })
    }
}

fn voice(form: &mut Form) -> Result<VoiceRequest, PayloadError> {
    let status = form.required("CallStatus")?;
    Ok(VoiceRequest {
        call_sid: form.sid("CallSid")?,
        account_sid: form.sid("AccountSid")?,
        from: form.required("From")?,
        to: form.required("To")?,
        call_status: CallStatus::from(status.as_str()),
        direction: form
            .take("Direction")
            .map(|d| CallDirection::from(d.as_str())),
        parent_call_sid: form.opt_sid("ParentCallSid")?,
        digits: form.take("Digits"),
        speech_result: form.take("SpeechResult"),
        extra: Extra::default(),
    })
}

/// A call's status changed (the `StatusCallback` given when placing it, for the
/// `StatusCallbackEvent`s asked for; `completed` by default).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallStatusCallback {
    /// What a voice request carries (`CallStatus` is the new status).
    pub call: VoiceRequest,
    /// `CallbackSource`: `call-progress-events`.
    pub callback_source: Option<CallbackSource>,
    /// `SequenceNumber`: 0 for the first callback of the call, counting up; use it to order
    /// callbacks that arrive out of order.
    pub sequence_number: Option<u32>,
    /// `CallDuration`, in seconds, once the call is over.
    pub call_duration: Option<u64>,
    /// `Timestamp` (RFC 2822), when the event happened.
    pub timestamp: Option<String>,
}

impl Payload for CallStatusCallback {
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError> {
        let mut form = Form(params);
        let mut call = voice(&mut form)?;
        let callback_source = form
            .take("CallbackSource")
            .map(|s| CallbackSource::from(s.as_str()));
        let sequence_number = form.number("SequenceNumber")?;
        let call_duration = form.number("CallDuration")?;
        let timestamp = form.take("Timestamp");
        call.extra = form.extra();
        Ok(Self {
            call,
            callback_source,
            sequence_number,
            call_duration,
            timestamp,
        })
    }
}

/// A recording's status changed (`RecordingStatusCallback`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordingStatusCallback {
    /// `AccountSid`.
    pub account_sid: AccountSid,
    /// `CallSid`.
    pub call_sid: CallSid,
    /// `RecordingSid` (`RE…`).
    pub recording_sid: String,
    /// `RecordingUrl`, once there is a recording.
    pub recording_url: Option<String>,
    /// `RecordingStatus`.
    pub recording_status: RecordingStatus,
    /// `RecordingDuration`, in seconds.
    pub recording_duration: Option<u64>,
    /// `RecordingChannels`.
    pub recording_channels: Option<u32>,
    /// `ErrorCode`, when it failed.
    pub error_code: Option<u32>,
    /// Every other parameter (`RecordingSource`, `RecordingStartTime`, ...).
    pub extra: Extra,
}

impl Payload for RecordingStatusCallback {
    fn from_params(params: Vec<(String, String)>) -> Result<Self, PayloadError> {
        let mut form = Form(params);
        let status = form.required("RecordingStatus")?;
        Ok(Self {
            account_sid: form.sid("AccountSid")?,
            call_sid: form.sid("CallSid")?,
            recording_sid: form.required("RecordingSid")?,
            recording_url: form.take("RecordingUrl"),
            recording_status: RecordingStatus::from(status.as_str()),
            recording_duration: form.number("RecordingDuration")?,
            recording_channels: form.number("RecordingChannels")?,
            error_code: form.number("ErrorCode")?,
            extra: form.extra(),
        })
    }
}
