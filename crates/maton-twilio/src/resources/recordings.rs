//! Recordings and transcriptions (feature `recordings`): the account's recordings
//! (`client.recordings()`), a call's recordings (`call.rs`: start, pause, resume, stop), and
//! transcriptions, the account's (`client.transcriptions()`) and a recording's.

use chrono::{DateTime, Utc};
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types as wire;

use crate::client::Client;
use crate::model::{Recording, RecordingTranscription, Transcription};
use crate::pagination::{Paging, list_methods};
use crate::response::Pending;
use crate::sid::{CallSid, ConferenceSid, RecordingSid, TranscriptionSid};

mod call;

pub use call::{
    CallRecordings, ListCallRecordings, PauseBehavior, RecordingChannels, RecordingRef,
    RecordingTrack, StartRecording,
};

/// The account's recordings: `client.recordings()`.
#[derive(Clone, Debug)]
pub struct Recordings {
    client: Client,
}

impl Recordings {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists the recordings, newest first, with optional filters.
    #[inline]
    pub fn list(&self) -> ListRecordings {
        new_list!(self, ListRecordings => list_recording)
    }

    pending_by_sid! {
        /// Fetches one recording.
        fetch(RecordingSid) -> Recording = FetchRecording => fetch_recording;

        /// Deletes a recording (its media and metadata).
        delete(RecordingSid) -> () = DeleteRecording => delete_recording;
    }

    /// The transcriptions of one recording.
    #[inline]
    pub fn transcriptions(&self, recording: &RecordingSid) -> RecordingTranscriptions {
        RecordingTranscriptions {
            client: self.client.clone(),
            recording: recording.clone(),
        }
    }
}

/// Lists recordings: `client.recordings().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListRecordings {
    client: Client,
    paging: Paging,
    request: builder::ListRecording<'static>,
}

impl ListRecordings {
    /// Only the recordings of this call.
    #[inline]
    pub fn call(mut self, call: &CallSid) -> Self {
        self.request = self.request.call_sid(call.as_str());
        self
    }

    /// Only the recordings of this conference.
    #[inline]
    pub fn conference(mut self, conference: &ConferenceSid) -> Self {
        self.request = self.request.conference_sid(conference.as_str());
        self
    }

    query_setters! {
        exact
        /// Only recordings created at this time (`DateCreated=`).
        created_on => date_created: DateTime<Utc>;
        /// Only recordings created at or after this time (`DateCreated>=`).
        created_on_or_after => date_created_after: DateTime<Utc>;
        /// Only recordings created at or before this time (`DateCreated<=`).
        created_on_or_before => date_created_before: DateTime<Utc>;
        /// Also recordings deleted less than 40 days ago (`IncludeSoftDeleted`).
        include_soft_deleted: bool;
    }

    account_first_page!(Recording);
}

list_methods!(ListRecordings, Recording, wire::RecordingPage);

/// The account's transcriptions: `client.transcriptions()`.
#[derive(Clone, Debug)]
pub struct Transcriptions {
    client: Client,
}

impl Transcriptions {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists the transcriptions.
    #[inline]
    pub fn list(&self) -> ListTranscriptions {
        new_list!(self, ListTranscriptions => list_transcription)
    }

    pending_by_sid! {
        /// Fetches one transcription.
        fetch(TranscriptionSid) -> Transcription = FetchTranscription => fetch_transcription;

        /// Deletes a transcription.
        delete(TranscriptionSid) -> () = DeleteTranscription => delete_transcription;
    }
}

/// Lists transcriptions: `client.transcriptions().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListTranscriptions {
    client: Client,
    paging: Paging,
    request: builder::ListTranscription<'static>,
}

impl ListTranscriptions {
    account_first_page!(Transcription);
}

list_methods!(ListTranscriptions, Transcription, wire::TranscriptionPage);

/// The transcriptions of one recording: `client.recordings().transcriptions(&recording_sid)`.
#[derive(Clone, Debug)]
pub struct RecordingTranscriptions {
    client: Client,
    recording: RecordingSid,
}

impl RecordingTranscriptions {
    /// Lists the recording's transcriptions.
    #[inline]
    pub fn list(&self) -> ListRecordingTranscriptions {
        ListRecordingTranscriptions {
            request: self
                .client
                .api()
                .list_recording_transcription()
                .recording_sid(self.recording.clone())
                .into_owned(),
            client: self.client.clone(),
            paging: Paging::default(),
        }
    }

    /// Fetches one of the recording's transcriptions.
    #[inline]
    pub fn fetch(&self, sid: &TranscriptionSid) -> Pending<RecordingTranscription> {
        let (client, recording, sid) = (self.client.clone(), self.recording.clone(), sid.clone());
        Pending::new(async move {
            send_in_account!(client, FetchRecordingTranscription => fetch_recording_transcription
                .recording_sid(recording)
                .sid(sid)
            )
        })
    }

    /// Deletes one of the recording's transcriptions.
    #[inline]
    pub fn delete(&self, sid: &TranscriptionSid) -> Pending<()> {
        let (client, recording, sid) = (self.client.clone(), self.recording.clone(), sid.clone());
        Pending::new(async move {
            send_in_account!(client, DeleteRecordingTranscription => delete_recording_transcription
                .recording_sid(recording)
                .sid(sid)
            )
        })
    }
}

/// Lists a recording's transcriptions: `client.recordings().transcriptions(&sid).list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListRecordingTranscriptions {
    client: Client,
    paging: Paging,
    request: builder::ListRecordingTranscription<'static>,
}

impl ListRecordingTranscriptions {
    account_first_page!(RecordingTranscription);
}

list_methods!(
    ListRecordingTranscriptions,
    RecordingTranscription,
    wire::RecordingTranscriptionPage
);
