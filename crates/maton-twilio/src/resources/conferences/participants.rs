//! A conference's participants: `client.conferences().participants(&conference_sid)`: list,
//! fetch, add, mute, hold, kick.

use std::fmt;
use std::str::FromStr;

use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{self as wire, HttpMethod};

use crate::Error;
use crate::client::Client;
use crate::model::Participant;
use crate::pagination::{Paging, list_methods};
use crate::phone::{check_call_from, check_call_to};
use crate::resources::{finish_body, require_change};
use crate::response::Pending;
use crate::rules;
use crate::sid::{CallSid, ConferenceSid, shorten};

/// The events `status_callback_event` accepts for a participant.
const PARTICIPANT_EVENTS: &[&str] = &["initiated", "ringing", "answered", "completed"];

/// How a participant is named in its path: by its call, or by the label given when it was
/// added. A label is checked before sending: not blank, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParticipantKey {
    /// The participant's call.
    Call(CallSid),
    /// The participant's label (`AddParticipant::label`).
    Label(String),
}

impl ParticipantKey {
    #[inline]
    fn path_text(&self) -> Result<String, Error> {
        match self {
            Self::Call(sid) => Ok(sid.as_str().to_owned()),
            Self::Label(label) => {
                check_label(label)?;
                Ok(label.clone())
            }
        }
    }
}

impl From<CallSid> for ParticipantKey {
    #[inline]
    fn from(sid: CallSid) -> Self {
        Self::Call(sid)
    }
}

impl From<&CallSid> for ParticipantKey {
    #[inline]
    fn from(sid: &CallSid) -> Self {
        Self::Call(sid.clone())
    }
}

impl FromStr for ParticipantKey {
    type Err = Error;

    /// A call SID when the text is one, else a label (checked as [`ParticipantKey`] says).
    #[inline]
    fn from_str(text: &str) -> Result<Self, Error> {
        if let Ok(sid) = text.parse::<CallSid>() {
            return Ok(Self::Call(sid));
        }
        check_label(text)?;
        Ok(Self::Label(text.to_owned()))
    }
}

impl fmt::Display for ParticipantKey {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(sid) => f.write_str(sid.as_str()),
            Self::Label(label) => f.write_str(label),
        }
    }
}

#[inline]
fn check_label(label: &str) -> Result<(), Error> {
    rules::not_blank("label", label)?;
    if label.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            "label",
            format!("`{}` holds a control character", shorten(label)),
        ));
    }
    Ok(())
}

/// The participants of one conference: `client.conferences().participants(&conference_sid)`.
#[derive(Clone, Debug)]
pub struct Participants {
    client: Client,
    conference: ConferenceSid,
}

impl Participants {
    #[inline]
    pub(super) fn new(client: Client, conference: ConferenceSid) -> Self {
        Self { client, conference }
    }

    /// Lists the conference's participants, with optional filters.
    #[inline]
    pub fn list(&self) -> ListParticipants {
        ListParticipants {
            request: self
                .client
                .api()
                .list_participant()
                .conference_sid(self.conference.clone())
                .into_owned(),
            client: self.client.clone(),
            paging: Paging::default(),
        }
    }

    /// Fetches one participant.
    #[inline]
    pub fn fetch(&self, participant: impl Into<ParticipantKey>) -> Pending<Participant> {
        let (client, conference, key) = (
            self.client.clone(),
            self.conference.clone(),
            participant.into(),
        );
        Pending::new(async move {
            let key = key.path_text()?;
            send_in_account!(client, FetchParticipant => fetch_participant
                .conference_sid(conference)
                .call_sid(key)
            )
        })
    }

    /// Calls `to` from `from` and puts the call into the conference; set options, then
    /// [`send`](AddParticipant::send). `to` is E.164, `client:name` or a `sip:` URI; `from` is
    /// E.164 or `client:name`.
    #[inline]
    pub fn add(&self, from: impl Into<String>, to: impl Into<String>) -> AddParticipant {
        AddParticipant {
            client: self.client.clone(),
            conference: self.conference.clone(),
            body: wire::CreateParticipantRequest::builder()
                .from(from.into())
                .to(to.into()),
        }
    }

    /// Changes a participant: mute, hold, announcement, coaching.
    #[inline]
    pub fn update(&self, participant: impl Into<ParticipantKey>) -> UpdateParticipant {
        UpdateParticipant {
            client: self.client.clone(),
            conference: self.conference.clone(),
            key: participant.into(),
            body: Default::default(),
        }
    }

    /// Mutes a participant.
    #[inline]
    pub fn mute(&self, participant: impl Into<ParticipantKey>) -> Pending<Participant> {
        Pending::new(self.update(participant).muted(true).send_with_meta())
    }

    /// Unmutes a participant.
    #[inline]
    pub fn unmute(&self, participant: impl Into<ParticipantKey>) -> Pending<Participant> {
        Pending::new(self.update(participant).muted(false).send_with_meta())
    }

    /// Puts a participant on hold, with Twilio's hold music or, with `music_url` (absolute
    /// http(s)), the TwiML or audio at that URL.
    #[inline]
    pub fn hold(
        &self,
        participant: impl Into<ParticipantKey>,
        music_url: Option<String>,
    ) -> Pending<Participant> {
        let mut update = self.update(participant).hold(true);
        if let Some(url) = music_url {
            update = update.hold_url(url);
        }
        Pending::new(update.send_with_meta())
    }

    /// Takes a participant off hold.
    #[inline]
    pub fn unhold(&self, participant: impl Into<ParticipantKey>) -> Pending<Participant> {
        Pending::new(self.update(participant).hold(false).send_with_meta())
    }

    /// Removes a participant from the conference (its call ends).
    #[inline]
    pub fn kick(&self, participant: impl Into<ParticipantKey>) -> Pending<()> {
        let (client, conference, key) = (
            self.client.clone(),
            self.conference.clone(),
            participant.into(),
        );
        Pending::new(async move {
            let key = key.path_text()?;
            send_in_account!(client, DeleteParticipant => delete_participant
                .conference_sid(conference)
                .call_sid(key)
            )
        })
    }
}

/// A participant to add: `client.conferences().participants(&sid).add(from, to)`.
///
/// Checked in [`send`](Self::send) before anything is sent: `to` and `from` forms (see
/// [`crate::phone`]); URLs absolute `http(s)`; `timeout` 5 to 600 seconds; `time_limit` 1 to
/// 86,400 seconds; `max_participants` 2 to 250; known callback event names; a label not blank.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct AddParticipant {
    client: Client,
    conference: ConferenceSid,
    body: wire::builder::CreateParticipantRequest,
}

impl AddParticipant {
    body_setters! {
        /// A name for the participant, unique in the conference, usable instead of its call SID.
        label: String;
        /// Joins muted.
        muted: bool;
        /// `true`, `false`, `onEnter` or `onExit`: the beep when this participant joins or leaves.
        beep: String;
        /// Whether the conference starts when this participant joins (default `true`).
        start_conference_on_enter: bool;
        /// Whether the conference ends when this participant leaves.
        end_conference_on_exit: bool;
        /// The URL of TwiML or audio played while the conference waits to start.
        wait_url: String;
        /// The HTTP method for `wait_url`.
        wait_method: HttpMethod;
        /// Seconds to let the phone ring, 5 to 600.
        timeout: i64;
        /// The longest the participant's call may last, in seconds.
        time_limit: i64;
        /// Records the participant's call.
        record: bool;
        /// Where Twilio posts the participant's call status changes (absolute http(s)).
        status_callback: String;
        /// The HTTP method for `status_callback`.
        status_callback_method: HttpMethod;
        /// Where Twilio posts conference events (absolute http(s)).
        conference_status_callback: String;
        /// Joins as a coach who only `call_sid_to_coach` hears.
        coaching: bool;
        /// Lets the call hear early media (ringing) before it is answered.
        early_media: bool;
        /// The caller ID shown to `to`, when it differs from `from`.
        caller_id: String;
        /// The most participants the conference may hold, 2 to 250.
        max_participants: i64;
        /// `true` or `record-from-start`: records the conference.
        conference_record: String;
    }

    sid_setters! {
        /// The participant to coach (with `coaching(true)`).
        call_to_coach => call_sid_to_coach: CallSid;
    }

    push_setters! {
        wire::CreateParticipantRequest;
        /// Adds a status event to be told about: `initiated`, `ringing`, `answered` or
        /// `completed`.
        status_callback_event;
    }

    send_methods! {
        /// Checks the participant and calls it into the conference. Never retried
        /// automatically except on a 429 or a connection that could not be opened.
        Participant, |self| {
            let body: wire::CreateParticipantRequest = finish_body(self.body)?;
            validate_add(&body)?;
            send_in_account!(self.client, CreateParticipant => create_participant
                .conference_sid(self.conference)
                .body(body)
            )
        }
    }
}

#[inline]
fn validate_add(add: &wire::CreateParticipantRequest) -> Result<(), Error> {
    check_call_to(&add.to)?;
    check_call_from(&add.from)?;
    if let Some(label) = &add.label {
        check_label(label)?;
    }
    rules::opt_url("wait_url", &add.wait_url)?;
    rules::opt_url("status_callback", &add.status_callback)?;
    rules::opt_url(
        "conference_status_callback",
        &add.conference_status_callback,
    )?;
    if let Some(bad) = add
        .status_callback_event
        .iter()
        .find(|e| !PARTICIPANT_EVENTS.contains(&e.as_str()))
    {
        return Err(Error::invalid_input(
            "status_callback_event",
            format!(
                "`{}` is not one of {}",
                shorten(bad),
                PARTICIPANT_EVENTS.join(", ")
            ),
        ));
    }
    let ranges = [
        ("timeout", add.timeout, 5, 600),
        ("time_limit", add.time_limit, 1, 86_400),
        ("max_participants", add.max_participants, 2, 250),
    ];
    for (field, value, min, max) in ranges {
        if let Some(value) = value {
            rules::in_range(field, value, min, max)?;
        }
    }
    if add.coaching == Some(true) && add.call_sid_to_coach.is_none() {
        return Err(Error::invalid_input(
            "call_to_coach",
            "a coaching participant needs the call it coaches (`call_to_coach`)",
        ));
    }
    Ok(())
}

/// Changes to a participant: `client.conferences().participants(&sid).update(key)`.
///
/// Checked in [`send`](Self::send): something to change; URLs absolute `http(s)`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateParticipant {
    client: Client,
    conference: ConferenceSid,
    key: ParticipantKey,
    body: wire::builder::UpdateParticipantRequest,
}

impl UpdateParticipant {
    body_setters! {
        /// Mutes (`true`) or unmutes (`false`).
        muted: bool;
        /// Holds (`true`) or resumes (`false`).
        hold: bool;
        /// The URL of TwiML or audio played while held (absolute http(s)).
        hold_url: String;
        /// The HTTP method for `hold_url`.
        hold_method: HttpMethod;
        /// The URL of TwiML (`<Play>`, `<Say>`) announced to this participant (absolute
        /// http(s)).
        announce_url: String;
        /// The HTTP method for `announce_url`.
        announce_method: HttpMethod;
        /// The URL of TwiML or audio played while the conference waits to start.
        wait_url: String;
        /// The HTTP method for `wait_url`.
        wait_method: HttpMethod;
        /// Whether the conference ends when this participant leaves.
        end_conference_on_exit: bool;
        /// Whether a beep plays when this participant leaves.
        beep_on_exit: bool;
        /// Turns coaching on or off.
        coaching: bool;
    }

    sid_setters! {
        /// The participant to coach.
        call_to_coach => call_sid_to_coach: CallSid as text;
    }

    send_methods! {
        /// Checks the changes and applies them.
        Participant, |self| {
            let key = self.key.path_text()?;
            let body: wire::UpdateParticipantRequest = finish_body(self.body)?;
            require_change::<wire::builder::UpdateParticipantRequest, _>(
                &body,
                "muted",
                "nothing to change: set muted, hold, an announcement or coaching",
            )?;
            rules::opt_url("hold_url", &body.hold_url)?;
            rules::opt_url("announce_url", &body.announce_url)?;
            rules::opt_url("wait_url", &body.wait_url)?;
            send_in_account!(self.client, UpdateParticipant => update_participant
                .conference_sid(self.conference)
                .call_sid(key)
                .body(body)
            )
        }
    }
}

/// Lists a conference's participants: `client.conferences().participants(&sid).list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListParticipants {
    client: Client,
    paging: Paging,
    request: builder::ListParticipant<'static>,
}

impl ListParticipants {
    query_setters! {
        exact
        /// Only muted (`true`) or unmuted (`false`) participants.
        muted: bool;
        /// Only held (`true`) or not held (`false`) participants.
        hold: bool;
        /// Only coaching (`true`) or not coaching (`false`) participants.
        coaching: bool;
    }

    account_first_page!(Participant);
}

list_methods!(ListParticipants, Participant, wire::ParticipantPage);
