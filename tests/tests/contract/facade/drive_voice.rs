//! The arms for recordings, transcriptions, conferences, participants and queue members: each
//! calls the handler a user would call; any other operation is not wrapped here.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use maton_contract_tests::fixture::{Fixture, Request};
use maton_twilio::model::{ConferenceStatus, ConferenceUpdateStatus, HttpMethod};
use maton_twilio::raw::twilio::Operation as T;
use maton_twilio::{
    Client, MemberKey, ParticipantKey, PauseBehavior, RecordingChannels, RecordingRef,
    RecordingTrack,
};

use super::{Driven, items, page, parse, sid, value};

/// The fixture's query without the pairs `taken` (handled by the arm itself).
fn rest(pairs: &[(String, String)], taken: &[&str]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter(|(k, _)| !taken.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Drives `op` through the facade, or says it is not one of this file's.
pub(super) async fn drive(
    client: &Client,
    fixture: &Fixture,
    request: &Request,
    params: &BTreeMap<String, String>,
    op: T,
) -> Result<Driven, String> {
    let q = &request.query;
    let form: Vec<(String, String)> = request.form.clone().unwrap_or_default();
    let path = |name: &str| params.get(name).cloned().unwrap_or_default();
    Ok(match op {
        T::ListRecording => {
            let mut list = client.recordings().list();
            if let Some(call) = request.query_value("CallSid") {
                list = list.call(&parse(call)?);
            }
            if let Some(conference) = request.query_value("ConferenceSid") {
                list = list.conference(&parse(conference)?);
            }
            list!(
                apply!(list, &rest(q, &["CallSid", "ConferenceSid"]), {
                    "DateCreated" => created_on: DateTime<Utc>,
                    "DateCreated>" => created_on_or_after: DateTime<Utc>,
                    "DateCreated<" => created_on_or_before: DateTime<Utc>,
                    "IncludeSoftDeleted" => include_soft_deleted: bool,
                    "PageSize" => page_size: u32,
                }),
                fixture
            )
        }
        T::FetchRecording => value(client.recordings().fetch(&sid(params, "Sid")?).await),
        T::DeleteRecording => value(client.recordings().delete(&sid(params, "Sid")?).await),
        T::ListCallRecording => list!(
            apply!(client.calls().recordings(&sid(params, "CallSid")?).list(), q, {
                "DateCreated" => created_on: NaiveDate,
                "DateCreated>" => created_on_or_after: NaiveDate,
                "DateCreated<" => created_on_or_before: NaiveDate,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::FetchCallRecording => value(
            client
                .calls()
                .recordings(&sid(params, "CallSid")?)
                .fetch(&sid(params, "Sid")?)
                .await,
        ),
        T::DeleteCallRecording => value(
            client
                .calls()
                .recordings(&sid(params, "CallSid")?)
                .delete(&sid(params, "Sid")?)
                .await,
        ),
        T::CreateCallRecording => {
            let mut start = client.calls().recordings(&sid(params, "CallSid")?).start();
            for (key, text) in &form {
                start = match (key.as_str(), text.as_str()) {
                    ("RecordingChannels", "mono") => start.channels(RecordingChannels::Mono),
                    ("RecordingChannels", "dual") => start.channels(RecordingChannels::Dual),
                    ("RecordingTrack", "inbound") => start.track(RecordingTrack::Inbound),
                    ("RecordingTrack", "outbound") => start.track(RecordingTrack::Outbound),
                    ("RecordingTrack", "both") => start.track(RecordingTrack::Both),
                    ("Trim", "trim-silence") => start.trim_silence(true),
                    ("Trim", "do-not-trim") => start.trim_silence(false),
                    ("RecordingStatusCallback", url) => start.recording_status_callback(url),
                    ("RecordingStatusCallbackMethod", method) => {
                        start.recording_status_callback_method(parse::<HttpMethod>(method)?)
                    }
                    ("RecordingStatusCallbackEvent", event) => {
                        start.recording_status_callback_event(event)
                    }
                    (other, text) => {
                        return Ok(Driven::Unsupported(format!(
                            "no facade setter for `{other}={text}`"
                        )));
                    }
                };
            }
            value(start.send().await)
        }
        T::UpdateCallRecording => {
            let recordings = client.calls().recordings(&sid(params, "CallSid")?);
            let target = match path("Sid").as_str() {
                "Twilio.CURRENT" => RecordingRef::Current,
                text => RecordingRef::Sid(parse(text)?),
            };
            let behavior = match request.form_value("PauseBehavior") {
                None => None,
                Some("skip") => Some(PauseBehavior::Skip),
                Some("silence") => Some(PauseBehavior::Silence),
                Some(other) => return Ok(Driven::Unsupported(format!("PauseBehavior={other}"))),
            };
            let done = match (request.form_value("Status"), behavior) {
                (Some("paused"), Some(behavior)) => recordings.pause_with(target, behavior).await,
                (Some("paused"), None) => recordings.pause(target).await,
                (Some("in-progress"), None) => recordings.resume(target).await,
                (Some("stopped"), None) => recordings.stop(target).await,
                (status, _) => {
                    return Ok(Driven::Unsupported(format!("a status update {status:?}")));
                }
            };
            value(done)
        }
        T::ListTranscription => list!(
            apply!(client.transcriptions().list(), q, { "PageSize" => page_size: u32 }),
            fixture
        ),
        T::FetchTranscription => value(client.transcriptions().fetch(&sid(params, "Sid")?).await),
        T::DeleteTranscription => value(client.transcriptions().delete(&sid(params, "Sid")?).await),
        T::ListRecordingTranscription => list!(
            apply!(
                client.recordings().transcriptions(&sid(params, "RecordingSid")?).list(),
                q,
                { "PageSize" => page_size: u32 }
            ),
            fixture
        ),
        T::FetchRecordingTranscription => value(
            client
                .recordings()
                .transcriptions(&sid(params, "RecordingSid")?)
                .fetch(&sid(params, "Sid")?)
                .await,
        ),
        T::DeleteRecordingTranscription => value(
            client
                .recordings()
                .transcriptions(&sid(params, "RecordingSid")?)
                .delete(&sid(params, "Sid")?)
                .await,
        ),
        T::ListConference => list!(
            apply!(client.conferences().list(), q, {
                "FriendlyName" => friendly_name: String, "Status" => status: ConferenceStatus,
                "DateCreated" => created_on: NaiveDate,
                "DateCreated>" => created_on_or_after: NaiveDate,
                "DateCreated<" => created_on_or_before: NaiveDate,
                "DateUpdated" => updated_on: NaiveDate,
                "DateUpdated>" => updated_on_or_after: NaiveDate,
                "DateUpdated<" => updated_on_or_before: NaiveDate,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::FetchConference => value(client.conferences().fetch(&sid(params, "Sid")?).await),
        T::UpdateConference => value(
            apply!(client.conferences().update(&sid(params, "Sid")?), &form, {
                "Status" => status: ConferenceUpdateStatus,
                "AnnounceUrl" => announce_url: String,
                "AnnounceMethod" => announce_method: HttpMethod,
            })
            .send()
            .await,
        ),
        T::ListParticipant => list!(
            apply!(client.conferences().participants(&sid(params, "ConferenceSid")?).list(), q, {
                "Muted" => muted: bool, "Hold" => hold: bool, "Coaching" => coaching: bool,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::FetchParticipant => value(
            client
                .conferences()
                .participants(&sid(params, "ConferenceSid")?)
                .fetch(parse::<ParticipantKey>(&path("CallSid"))?)
                .await,
        ),
        T::DeleteParticipant => value(
            client
                .conferences()
                .participants(&sid(params, "ConferenceSid")?)
                .kick(parse::<ParticipantKey>(&path("CallSid"))?)
                .await,
        ),
        T::UpdateParticipant => {
            let people = client
                .conferences()
                .participants(&sid(params, "ConferenceSid")?);
            let mut update = people.update(parse::<ParticipantKey>(&path("CallSid"))?);
            if let Some(coached) = request.form_value("CallSidToCoach") {
                update = update.call_to_coach(&parse(coached)?);
            }
            value(
                apply!(update, &rest(&form, &["CallSidToCoach"]), {
                    "Muted" => muted: bool, "Hold" => hold: bool,
                    "HoldUrl" => hold_url: String, "HoldMethod" => hold_method: HttpMethod,
                    "AnnounceUrl" => announce_url: String,
                    "AnnounceMethod" => announce_method: HttpMethod,
                    "WaitUrl" => wait_url: String, "WaitMethod" => wait_method: HttpMethod,
                    "EndConferenceOnExit" => end_conference_on_exit: bool,
                    "BeepOnExit" => beep_on_exit: bool, "Coaching" => coaching: bool,
                })
                .send()
                .await,
            )
        }
        T::CreateParticipant => {
            let people = client
                .conferences()
                .participants(&sid(params, "ConferenceSid")?);
            let mut add = people.add(
                request.form_value("From").unwrap_or_default(),
                request.form_value("To").unwrap_or_default(),
            );
            for event in request.form_values("StatusCallbackEvent") {
                add = add.status_callback_event(event);
            }
            if let Some(coached) = request.form_value("CallSidToCoach") {
                add = add.call_to_coach(&parse(coached)?);
            }
            let others = rest(
                &form,
                &["From", "To", "StatusCallbackEvent", "CallSidToCoach"],
            );
            value(
                apply!(add, &others, {
                    "Label" => label: String, "Muted" => muted: bool, "Beep" => beep: String,
                    "StartConferenceOnEnter" => start_conference_on_enter: bool,
                    "EndConferenceOnExit" => end_conference_on_exit: bool,
                    "WaitUrl" => wait_url: String, "WaitMethod" => wait_method: HttpMethod,
                    "Timeout" => timeout: i64, "TimeLimit" => time_limit: i64,
                    "Record" => record: bool, "StatusCallback" => status_callback: String,
                    "StatusCallbackMethod" => status_callback_method: HttpMethod,
                    "ConferenceStatusCallback" => conference_status_callback: String,
                    "Coaching" => coaching: bool, "EarlyMedia" => early_media: bool,
                    "CallerId" => caller_id: String,
                    "MaxParticipants" => max_participants: i64,
                    "ConferenceRecord" => conference_record: String,
                })
                .send()
                .await,
            )
        }
        T::ListMember => list!(
            apply!(client.queues().members(&sid(params, "QueueSid")?).list(), q, {
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::FetchMember => value(
            client
                .queues()
                .members(&sid(params, "QueueSid")?)
                .fetch(member(&path("CallSid"))?)
                .await,
        ),
        T::UpdateMember => {
            let members = client.queues().members(&sid(params, "QueueSid")?);
            let dequeue = members.dequeue(
                member(&path("CallSid"))?,
                request.form_value("Url").unwrap_or_default(),
            );
            value(
                apply!(dequeue, &rest(&form, &["Url"]), { "Method" => method: HttpMethod })
                    .send()
                    .await,
            )
        }
        _ => Driven::NotWrapped,
    })
}

/// A queue member's path key: `Front` or a call SID.
fn member(text: &str) -> Result<MemberKey, String> {
    if text == "Front" {
        return Ok(MemberKey::Front);
    }
    Ok(MemberKey::Call(parse(text)?))
}
