//! Conferences and their participants: a participant added by `CreateParticipant` (to a
//! conference named by its SID, or by a friendly name that starts one when no conference of
//! the account in progress has it) or by a call whose `Twiml` dials one (`<Dial><Conference>
//! NAME</Conference></Dial>`, the test hook that starts a conference by name through the
//! API); muted, held, coached; kicked out; the conference ended.
//!
//! Participants stay connected until kicked or until their conference ends, whatever their
//! call's own status; a participant added through the API gets a new call SID, with no call
//! record behind it. A conference ends through `UpdateConference` with `Status=completed`, when
//! its last participant is kicked, or when one with `EndConferenceOnExit` is: everyone leaves.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use http::StatusCode;
use maton_twilio_api::twilio::types::{
    Conference, ConferencePage, ConferenceReasonConferenceEnded as Reason, ConferenceStatus,
    Participant, ParticipantPage, ParticipantStatus,
};
use maton_twilio_rules::{CallSid, ConferenceSid, Sid};

use super::live::{drop_record, estimate, keep};
use super::messages::numeric;
use super::{Ctx, Op, account_uri};
use crate::dates::{DateFilter, stamp};
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::params::Params;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListConference, |s, c| list(s, c)),
    (Op::FetchConference, |s, c| fetch(s, c)),
    (Op::UpdateConference, update),
    (Op::ListParticipant, |s, c| list_participants(s, c)),
    (Op::CreateParticipant, add),
    (Op::FetchParticipant, |s, c| fetch_participant(s, c)),
    (Op::UpdateParticipant, update_participant),
    (Op::DeleteParticipant, kick),
];

/// A conference as stored.
#[derive(Clone, Debug)]
pub(crate) struct ConferenceRecord {
    sid: String,
    account: Arc<str>,
    friendly_name: String,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    /// Why and by whose call it ended, once it has.
    ended: Option<(Reason, Option<String>)>,
}

impl Footprint for ConferenceRecord {
    fn footprint(&self) -> usize {
        estimate::<Self>(&[
            &self.sid,
            &self.account,
            &self.friendly_name,
            "CA0123456789",
        ])
    }
}

impl ConferenceRecord {
    fn status(&self) -> ConferenceStatus {
        if self.ended.is_some() {
            ConferenceStatus::Completed
        } else {
            ConferenceStatus::InProgress
        }
    }

    fn to_api(&self) -> Conference {
        let tail = |name: &str| format!("Conferences/{}/{name}.json", self.sid);
        let subresources = [
            ("participants", "Participants"),
            ("recordings", "Recordings"),
        ]
        .into_iter()
        .map(|(key, name)| (key.to_string(), account_uri(&self.account, &tail(name))))
        .collect();
        Conference {
            account_sid: Some(self.account.to_string()),
            api_version: Some("2010-04-01".to_string()),
            call_sid_ending_conference: self.ended.as_ref().and_then(|(_, call)| call.clone()),
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(self.updated)),
            friendly_name: Some(self.friendly_name.clone()),
            reason_conference_ended: self.ended.as_ref().map(|(reason, _)| reason.clone()),
            region: Some("us1".to_string()),
            sid: Some(self.sid.clone()),
            status: Some(self.status()),
            subresource_uris: Some(subresources),
            uri: Some(account_uri(
                &self.account,
                &format!("Conferences/{}.json", self.sid),
            )),
            extra: serde_json::Map::new(),
        }
    }
}

/// A participant as stored.
#[derive(Clone, Debug)]
pub(crate) struct ParticipantRecord {
    conference_sid: String,
    account: Arc<str>,
    call_sid: String,
    label: Option<String>,
    muted: bool,
    hold: bool,
    coaching: bool,
    call_sid_to_coach: Option<String>,
    end_conference_on_exit: bool,
    start_conference_on_enter: bool,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
}

impl Footprint for ParticipantRecord {
    fn footprint(&self) -> usize {
        let label = self.label.as_deref().unwrap_or_default();
        let coached = self.call_sid_to_coach.as_deref().unwrap_or_default();
        estimate::<Self>(&[
            &self.conference_sid,
            &self.account,
            &self.call_sid,
            label,
            coached,
        ])
    }
}

impl ParticipantRecord {
    fn to_api(&self) -> Participant {
        let tail = format!(
            "Conferences/{}/Participants/{}.json",
            self.conference_sid, self.call_sid
        );
        Participant {
            account_sid: Some(self.account.to_string()),
            call_sid: Some(self.call_sid.clone()),
            call_sid_to_coach: self.call_sid_to_coach.clone(),
            coaching: Some(self.coaching),
            conference_sid: Some(self.conference_sid.clone()),
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(self.updated)),
            end_conference_on_exit: Some(self.end_conference_on_exit),
            hold: Some(self.hold),
            label: self.label.clone(),
            muted: Some(self.muted),
            queue_time: Some(numeric("0".to_string())),
            start_conference_on_enter: Some(self.start_conference_on_enter),
            status: Some(ParticipantStatus::Connected),
            uri: Some(account_uri(&self.account, &tail)),
            extra: serde_json::Map::new(),
        }
    }

    /// Applies the participant settings of `form` (create and update share them).
    fn configure(&mut self, form: &Params) -> Result<(), ApiError> {
        for (key, field) in [
            ("Muted", &mut self.muted),
            ("Hold", &mut self.hold),
            ("Coaching", &mut self.coaching),
            ("EndConferenceOnExit", &mut self.end_conference_on_exit),
            (
                "StartConferenceOnEnter",
                &mut self.start_conference_on_enter,
            ),
        ] {
            if let Some(value) = form.bool(key)? {
                *field = value;
            }
        }
        if let Some(coached) = form.non_empty("CallSidToCoach") {
            if !CallSid::is_valid(coached) {
                return Err(ApiError::invalid(format!(
                    "CallSidToCoach must be a call SID, not {coached:?}"
                )));
            }
            self.call_sid_to_coach = Some(coached.to_string());
        }
        if self.coaching && self.call_sid_to_coach.is_none() {
            return Err(ApiError::invalid("Coaching needs CallSidToCoach"));
        }
        for key in [
            "HoldMethod",
            "AnnounceMethod",
            "WaitMethod",
            "ConferenceStatusCallbackMethod",
        ] {
            form.method(key)?;
        }
        form.check_bools(&["BeepOnExit", "EarlyMedia", "Record"])?;
        Ok(())
    }
}

/// The account's conference `sid` names, or Twilio's 404.
fn find(store: &Store, ctx: &Ctx<'_>, sid: &str) -> Result<u64, ApiError> {
    store
        .find_owned(
            &store.live.conferences,
            sid,
            ConferenceSid::PREFIXES,
            ctx.account,
            |c| Some(c.sid.as_str()),
            |c| Some(&*c.account),
        )
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

/// The conference `name` designates for a new participant: the account's conference with that
/// SID (404 if none), or its conference in progress of that friendly name, started if none.
fn resolve(store: &mut Store, ctx: &Ctx<'_>, name: &str) -> Result<u64, ApiError> {
    if ConferenceSid::is_valid(name) {
        return find(store, ctx, name);
    }
    super::check_friendly_name(Some(name))?;
    let running =
        store.live.conferences.iter().find(|(_, c)| {
            *c.account == *ctx.account && c.friendly_name == name && c.ended.is_none()
        });
    if let Some((seq, _)) = running {
        return Ok(*seq);
    }
    let (seq, sid) = store.next_sid(ConferenceSid::PREFIXES[0]);
    let record = ConferenceRecord {
        sid,
        account: Arc::from(ctx.account),
        friendly_name: name.to_string(),
        created: ctx.now,
        updated: ctx.now,
        ended: None,
    };
    keep(
        store,
        |l| &mut l.conferences,
        seq,
        record,
        false,
        "conferences",
    )?;
    Ok(seq)
}

/// Adds `call_sid` to the conference `conference` (in progress) with the settings of `ctx.form`.
fn join(
    store: &mut Store,
    ctx: &Ctx<'_>,
    conference: u64,
    seq: u64,
    call_sid: &str,
) -> Result<ParticipantRecord, ApiError> {
    let conference = store
        .live
        .conferences
        .get(&conference)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    if conference.ended.is_some() {
        return Err(ApiError::invalid("The conference is over"));
    }
    let mut record = ParticipantRecord {
        conference_sid: conference.sid.clone(),
        account: Arc::from(ctx.account),
        call_sid: call_sid.to_string(),
        label: ctx.form.non_empty("Label").map(str::to_string),
        muted: false,
        hold: false,
        coaching: false,
        call_sid_to_coach: None,
        end_conference_on_exit: false,
        start_conference_on_enter: true,
        created: ctx.now,
        updated: ctx.now,
    };
    record.configure(ctx.form)?;
    keep(
        store,
        |l| &mut l.participants,
        seq,
        record.clone(),
        false,
        "participants",
    )?;
    Ok(record)
}

/// The test hook of `<Dial><Conference>NAME</Conference></Dial>`: the new call `call_sid` joins
/// the account's conference NAME in progress, started if none. Nothing happens past the caps.
pub(crate) fn join_by_call(store: &mut Store, ctx: &Ctx<'_>, call_sid: &str, name: &str) {
    let Ok(conference) = resolve(store, ctx, name) else {
        return;
    };
    let empty = Params::default();
    let plain = Ctx {
        form: &empty,
        ..*ctx
    };
    let seq = store.next_seq();
    let _ = join(store, &plain, conference, seq, call_sid);
}

/// `CreateParticipant`: a new call (`To`, `From` required) joins the conference.
fn add(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    if ctx.form.non_empty("From").is_none() {
        return Err(ApiError::required(21213, "No 'From' number is specified"));
    }
    if ctx.form.non_empty("To").is_none() {
        return Err(ApiError::required(21201, "No 'To' number is specified"));
    }
    // Checked on a scratch record first, so that a refused form starts no conference.
    let mut scratch = ParticipantRecord {
        conference_sid: String::new(),
        account: Arc::from(""),
        call_sid: String::new(),
        label: None,
        muted: false,
        hold: false,
        coaching: false,
        call_sid_to_coach: None,
        end_conference_on_exit: false,
        start_conference_on_enter: true,
        created: ctx.now,
        updated: ctx.now,
    };
    scratch.configure(ctx.form)?;
    let conference = resolve(store, ctx, ctx.param("ConferenceSid"))?;
    let (seq, call_sid) = store.next_sid(CallSid::PREFIXES[0]);
    let record = join(store, ctx, conference, seq, &call_sid)?;
    Ok(Reply::json(StatusCode::CREATED, &record.to_api()))
}

/// The participant `{CallSid}` of the conference in the path: its key.
fn find_participant(store: &Store, ctx: &Ctx<'_>) -> Result<u64, ApiError> {
    let conference = find(store, ctx, ctx.param("ConferenceSid"))?;
    let conference_sid = store
        .live
        .conferences
        .get(&conference)
        .map(|c| c.sid.as_str())
        .unwrap_or_default();
    let call = ctx.param("CallSid");
    store
        .live
        .participants
        .iter()
        .find(|(_, p)| p.conference_sid == conference_sid && p.call_sid == call)
        .map(|(seq, _)| *seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

fn fetch_participant(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let seq = find_participant(store, ctx)?;
    let record = store
        .live
        .participants
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, &record.to_api()))
}

/// Changes a participant (`Muted`, `Hold`, `Coaching`, ...) on a copy, kept only if valid.
fn update_participant(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let seq = find_participant(store, ctx)?;
    let stored = store
        .live
        .participants
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let before = stored.footprint();
    let mut record = stored.clone();
    record.configure(ctx.form)?;
    record.updated = ctx.now;
    store.charge(before, record.footprint())?;
    let reply = Reply::json(StatusCode::OK, &record.to_api());
    store.live.participants.insert(seq, record);
    Ok(reply)
}

/// Ends the conference under `seq`: every participant leaves.
fn end(store: &mut Store, seq: u64, now: DateTime<Utc>, reason: Reason, call: Option<String>) {
    let Some(conference) = store.live.conferences.get_mut(&seq) else {
        return;
    };
    if conference.ended.is_some() {
        return;
    }
    conference.ended = Some((reason, call));
    conference.updated = now;
    let sid = conference.sid.clone();
    let leaving: Vec<u64> = store
        .live
        .participants
        .iter()
        .filter(|(_, p)| p.conference_sid == sid)
        .map(|(seq, _)| *seq)
        .collect();
    for participant in leaving {
        drop_record(store, |l| &mut l.participants, participant);
    }
}

/// Kicks a participant out; the conference ends when it was the last one, or one that ends it
/// on exit.
fn kick(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let conference = find(store, ctx, ctx.param("ConferenceSid"))?;
    let seq = find_participant(store, ctx)?;
    let gone = drop_record(store, |l| &mut l.participants, seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    let someone_left = store
        .live
        .participants
        .values()
        .any(|p| p.conference_sid == gone.conference_sid);
    if gone.end_conference_on_exit {
        let reason = Reason::ParticipantWithEndConferenceOnExitKicked;
        end(store, conference, ctx.now, reason, Some(gone.call_sid));
    } else if !someone_left {
        end(
            store,
            conference,
            ctx.now,
            Reason::LastParticipantKicked,
            Some(gone.call_sid),
        );
    }
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

fn fetch(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let seq = find(store, ctx, ctx.sid())?;
    let record = store
        .live
        .conferences
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, &record.to_api()))
}

/// `Status=completed` ends the conference; announcements are accepted and change nothing.
fn update(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let status = ctx.form.one_of("Status", &["completed"])?;
    ctx.form.method("AnnounceMethod")?;
    let seq = find(store, ctx, ctx.sid())?;
    if status.is_some() {
        end(store, seq, ctx.now, Reason::ConferenceEndedViaApi, None);
    }
    fetch(store, ctx)
}

/// The account's conferences, newest first, filtered by `Status`, `FriendlyName`,
/// `DateCreated` and `DateUpdated`.
fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = PageRequest::read(query, ConferenceSid::PREFIXES, store.seed)?;
    let status = query.get("Status").map(ConferenceStatus::from);
    let name = query.get("FriendlyName");
    let created = DateFilter::read(query, "DateCreated")?;
    let updated = DateFilter::read(query, "DateUpdated")?;
    let slice = walk(&store.live.conferences, Order::NewestFirst, &request, |c| {
        *c.account == *ctx.account
            && status.as_ref().is_none_or(|s| *s == c.status())
            && name.is_none_or(|n| c.friendly_name == n)
            && created.accepts(Some(c.created))
            && updated.accepts(Some(c.updated))
    });
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "CF", store.seed);
    let items = slice.items.iter().map(|(_, c)| c.to_api()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &ConferencePage::from_parts(items, envelope),
    ))
}

/// The conference's participants, oldest first, filtered by `Muted`, `Hold` and `Coaching`.
fn list_participants(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let conference = find(store, ctx, ctx.param("ConferenceSid"))?;
    let sid = store
        .live
        .conferences
        .get(&conference)
        .map(|c| c.sid.as_str())
        .unwrap_or_default();
    let request = PageRequest::read(query, CallSid::PREFIXES, store.seed)?;
    let (muted, hold, coaching) = (
        query.bool("Muted")?,
        query.bool("Hold")?,
        query.bool("Coaching")?,
    );
    let slice = walk(
        &store.live.participants,
        Order::OldestFirst,
        &request,
        |p| {
            p.conference_sid == sid
                && muted.is_none_or(|m| p.muted == m)
                && hold.is_none_or(|h| p.hold == h)
                && coaching.is_none_or(|c| p.coaching == c)
        },
    );
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "CA", store.seed);
    let items = slice.items.iter().map(|(_, p)| p.to_api()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &ParticipantPage::from_parts(items, envelope),
    ))
}
