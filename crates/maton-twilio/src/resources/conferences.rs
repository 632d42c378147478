//! Conferences (feature `conferences`): `client.conferences()`: list, fetch, end, update; and
//! their participants (`participants.rs`).

use chrono::NaiveDate;
use maton_twilio_api::twilio::builder;
use maton_twilio_api::twilio::types::{
    self as wire, ConferenceStatus, ConferenceUpdateStatus, HttpMethod,
};

use crate::client::Client;
use crate::model::Conference;
use crate::pagination::{Paging, list_methods};
use crate::resources::{finish_body, require_change};
use crate::response::Pending;
use crate::rules;
use crate::sid::ConferenceSid;

mod participants;

pub use participants::{
    AddParticipant, ListParticipants, ParticipantKey, Participants, UpdateParticipant,
};

/// The account's conferences: `client.conferences()`.
#[derive(Clone, Debug)]
pub struct Conferences {
    client: Client,
}

impl Conferences {
    #[inline]
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// Lists conferences, newest first, with optional filters.
    #[inline]
    pub fn list(&self) -> ListConferences {
        new_list!(self, ListConferences => list_conference)
    }

    pending_by_sid! {
        /// Fetches one conference.
        fetch(ConferenceSid) -> Conference = FetchConference => fetch_conference;
    }

    /// Changes a conference: plays an announcement, or ends it.
    #[inline]
    pub fn update(&self, sid: &ConferenceSid) -> UpdateConference {
        UpdateConference {
            client: self.client.clone(),
            sid: sid.clone(),
            body: Default::default(),
        }
    }

    /// Ends a conference (`Status=completed`): every participant leaves.
    #[inline]
    pub fn end(&self, sid: &ConferenceSid) -> Pending<Conference> {
        let update = self.update(sid).status(ConferenceUpdateStatus::Completed);
        Pending::new(update.send_with_meta())
    }

    /// The participants of one conference.
    #[inline]
    pub fn participants(&self, conference: &ConferenceSid) -> Participants {
        Participants::new(self.client.clone(), conference.clone())
    }
}

/// Changes to a conference: `client.conferences().update(&sid)`.
///
/// Checked in [`send`](Self::send): something to change; `announce_url` absolute `http(s)`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct UpdateConference {
    client: Client,
    sid: ConferenceSid,
    body: wire::builder::UpdateConferenceRequest,
}

impl UpdateConference {
    body_setters! {
        /// `completed` ends the conference.
        status: ConferenceUpdateStatus;
        /// TwiML (`<Play>` or `<Say>`) at this URL is announced to every participant
        /// (absolute http(s)).
        announce_url: String;
        /// The HTTP method for `announce_url`.
        announce_method: HttpMethod;
    }

    send_methods! {
        /// Checks the changes and applies them.
        Conference, |self| {
            let body: wire::UpdateConferenceRequest = finish_body(self.body)?;
            require_change::<wire::builder::UpdateConferenceRequest, _>(
                &body,
                "status",
                "nothing to change: set a status or an announcement",
            )?;
            rules::opt_url("announce_url", &body.announce_url)?;
            send_in_account!(self.client, UpdateConference => update_conference
                .sid(self.sid)
                .body(body)
            )
        }
    }
}

/// Lists conferences: `client.conferences().list()`.
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the list is fetched or streamed"]
pub struct ListConferences {
    client: Client,
    paging: Paging,
    request: builder::ListConference<'static>,
}

impl ListConferences {
    query_setters! {
        /// Only conferences with this exact name.
        friendly_name: String;
        /// Only conferences in this status.
        status: ConferenceStatus;
    }

    query_setters! {
        exact
        /// Only conferences created on this day (`DateCreated=`).
        created_on => date_created: NaiveDate;
        /// Only conferences created on or after this day (`DateCreated>=`).
        created_on_or_after => date_created_after: NaiveDate;
        /// Only conferences created on or before this day (`DateCreated<=`).
        created_on_or_before => date_created_before: NaiveDate;
        /// Only conferences updated on this day (`DateUpdated=`).
        updated_on => date_updated: NaiveDate;
        /// Only conferences updated on or after this day (`DateUpdated>=`).
        updated_on_or_after => date_updated_after: NaiveDate;
        /// Only conferences updated on or before this day (`DateUpdated<=`).
        updated_on_or_before => date_updated_before: NaiveDate;
    }

    account_first_page!(Conference);
}

list_methods!(ListConferences, Conference, wire::ConferencePage);
