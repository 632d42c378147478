//! A call's recordings: `client.calls().recordings(&call_sid)`: list, fetch, start, pause,
//! resume, stop, delete.

use chrono::NaiveDate;
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, CallRecordingStatus, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::CallRecording;
use crate::pagination::{Paging, list_methods};
use crate::resources::finish_body;
use crate::response::Pending;
use crate::rules;
use crate::sid::{CallSid, RecordingSid};

/// How Twilio names a call's recording in progress, in place of its SID.
const CURRENT: &str = "Twilio.CURRENT";

/// The events `recording_status_callback_event` accepts.
const RECORDING_EVENTS: &[&str] = &["in-progress", "completed", "absent"];

/// Which recording of a call a pause, resume or stop applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordingRef {
    /// The recording with this SID.
    Sid(RecordingSid),
    /// The call's recording in progress (`Twilio.CURRENT`), whatever its SID.
    Current,
}

impl From<RecordingSid> for RecordingRef {
    #[inline]
    fn from(sid: RecordingSid) -> Self {
        Self::Sid(sid)
    }
}

impl From<&RecordingSid> for RecordingRef {
    #[inline]
    fn from(sid: &RecordingSid) -> Self {
        Self::Sid(sid.clone())
    }
}

/// What a paused recording keeps of the pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PauseBehavior {
    /// Leaves the paused time out of the recording.
    Skip,
    /// Records silence while paused (Twilio's default).
    Silence,
}

impl PauseBehavior {
    #[inline]
    fn as_str(self) -> &'static str {
        match self {
            Self::Skip => "skip",
            Self::Silence => "silence",
        }
    }
}

/// A recording's channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordingChannels {
    /// Both legs mixed into one channel.
    Mono,
    /// Each leg on its own channel.
    Dual,
}

/// Which audio a recording takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordingTrack {
    /// What Twilio receives from the call.
    Inbound,
    /// What Twilio sends to the call.
    Outbound,
    /// Both (Twilio's default).
    Both,
}

/// A call's recordings: `client.calls().recordings(&call_sid)`.
#[derive(Clone, Debug)]
pub struct CallRecordings {
    client: Client,
    call: CallSid,
}

impl CallRecordings {
    #[inline]
    pub(crate) fn new(client: Client, call: CallSid) -> Self {
        Self { client, call }
    }

    /// Lists the call's recordings.
    #[inline]
    pub fn list(&self) -> ListCallRecordings {
        ListCallRecordings {
            request: self
                .client
                .api()
                .list_call_recording()
                .call_sid(self.call.clone())
                .into_owned(),
            client: self.client.clone(),
            paging: Paging::default(),
        }
    }

    /// Fetches one of the call's recordings.
    #[inline]
    pub fn fetch(&self, sid: &RecordingSid) -> Pending<CallRecording> {
        let (client, call, sid) = (self.client.clone(), self.call.clone(), sid.clone());
        Pending::new(async move {
            send_in_account!(client, FetchCallRecording => fetch_call_recording
                .call_sid(call)
                .sid(sid)
            )
        })
    }

    /// Deletes one of the call's recordings.
    #[inline]
    pub fn delete(&self, sid: &RecordingSid) -> Pending<()> {
        let (client, call, sid) = (self.client.clone(), self.call.clone(), sid.clone());
        Pending::new(async move {
            send_in_account!(client, DeleteCallRecording => delete_call_recording
                .call_sid(call)
                .sid(sid)
            )
        })
    }

    /// Starts recording the call (which must be in progress); set options, then
    /// [`send`](StartRecording::send).
    #[inline]
    pub fn start(&self) -> StartRecording {
        StartRecording {
            client: self.client.clone(),
            call: self.call.clone(),
            body: Default::default(),
        }
    }

    /// Pauses a recording; Twilio records silence while it is paused unless
    /// [`pause_with`](Self::pause_with) says [`PauseBehavior::Skip`].
    #[inline]
    pub fn pause(&self, recording: impl Into<RecordingRef>) -> Pending<CallRecording> {
        self.set_status(recording.into(), CallRecordingStatus::Paused, None)
    }

    /// Pauses a recording with a pause behaviour.
    #[inline]
    pub fn pause_with(
        &self,
        recording: impl Into<RecordingRef>,
        behavior: PauseBehavior,
    ) -> Pending<CallRecording> {
        self.set_status(
            recording.into(),
            CallRecordingStatus::Paused,
            Some(behavior),
        )
    }

    /// Resumes a paused recording.
    #[inline]
    pub fn resume(&self, recording: impl Into<RecordingRef>) -> Pending<CallRecording> {
        self.set_status(recording.into(), CallRecordingStatus::InProgress, None)
    }

    /// Stops a recording (it cannot be resumed).
    #[inline]
    pub fn stop(&self, recording: impl Into<RecordingRef>) -> Pending<CallRecording> {
        self.set_status(recording.into(), CallRecordingStatus::Stopped, None)
    }

    #[inline]
    fn set_status(
        &self,
        recording: RecordingRef,
        status: CallRecordingStatus,
        behavior: Option<PauseBehavior>,
    ) -> Pending<CallRecording> {
        let (client, call) = (self.client.clone(), self.call.clone());
        Pending::new(async move {
            let sid = match recording {
                RecordingRef::Sid(sid) => sid.as_str().to_owned(),
                RecordingRef::Current => CURRENT.to_owned(),
            };
            let body = wire::UpdateCallRecordingRequest {
                status,
                pause_behavior: behavior.map(|b| b.as_str().to_owned()),
            };
            send_in_account!(client, UpdateCallRecording => update_call_recording
                .call_sid(call)
                .sid(sid)
                .body(body)
            )
        })
    }
}

/// A recording to start on a live call: `client.calls().recordings(&call_sid).start()`.
///
/// Checked in [`send`](Self::send) before anything is sent: the callback URL absolute
/// `http(s)`, known callback events.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct StartRecording {
    client: Client,
    call: CallSid,
    body: wire::builder::CreateCallRecordingRequest,
}

impl StartRecording {
    body_setters! {
        /// Where Twilio posts the recording's status changes (absolute http(s)).
        recording_status_callback: String;
        /// The HTTP method for `recording_status_callback`.
        recording_status_callback_method: HttpMethod;
    }

    push_setters! {
        wire::CreateCallRecordingRequest;
        /// Adds a recording event to be told about: `in-progress`, `completed` or `absent`.
        recording_status_callback_event;
    }

    /// One channel (`mono`) or one per leg (`dual`).
    #[inline]
    pub fn channels(mut self, channels: RecordingChannels) -> Self {
        let text = match channels {
            RecordingChannels::Mono => "mono",
            RecordingChannels::Dual => "dual",
        };
        self.body = self.body.recording_channels(Some(text.to_owned()));
        self
    }

    /// Which audio to record.
    #[inline]
    pub fn track(mut self, track: RecordingTrack) -> Self {
        let text = match track {
            RecordingTrack::Inbound => "inbound",
            RecordingTrack::Outbound => "outbound",
            RecordingTrack::Both => "both",
        };
        self.body = self.body.recording_track(Some(text.to_owned()));
        self
    }

    /// Trims the silence at the start and end (`trim-silence`), or not (`do-not-trim`).
    #[inline]
    pub fn trim_silence(mut self, trim: bool) -> Self {
        let text = if trim { "trim-silence" } else { "do-not-trim" };
        self.body = self.body.trim(Some(text.to_owned()));
        self
    }

    send_methods! {
        /// Checks the options and starts the recording. Never retried automatically except on
        /// a 429 or a connection that could not be opened.
        CallRecording, |self| {
            let body: wire::CreateCallRecordingRequest = finish_body(self.body)?;
            rules::opt_url("recording_status_callback", &body.recording_status_callback)?;
            if let Some(bad) = body
                .recording_status_callback_event
                .iter()
                .find(|e| !RECORDING_EVENTS.contains(&e.as_str()))
            {
                return Err(Error::invalid_input(
                    "recording_status_callback_event",
                    format!(
                        "`{}` is not one of {}",
                        crate::sid::shorten(bad),
                        RECORDING_EVENTS.join(", ")
                    ),
                ));
            }
            send_in_account!(self.client, CreateCallRecording => create_call_recording
                .call_sid(self.call)
                .body(body)
            )
        }
    }
}

/// Lists a call's recordings: `client.calls().recordings(&call_sid).list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListCallRecordings {
    client: Client,
    paging: Paging,
    request: builder::ListCallRecording<'static>,
}

impl ListCallRecordings {
    query_setters! {
        exact
        /// Only recordings created on this day (`DateCreated=`).
        created_on => date_created: NaiveDate;
        /// Only recordings created on or after this day (`DateCreated>=`).
        created_on_or_after => date_created_after: NaiveDate;
        /// Only recordings created on or before this day (`DateCreated<=`).
        created_on_or_before => date_created_before: NaiveDate;
    }

    account_first_page!(CallRecording);
}

list_methods!(ListCallRecordings, CallRecording, wire::CallRecordingPage);
