//! Recordings, transcriptions, conferences, participants and queue members (features
//! `recordings`, `conferences`, `voice`): the requests each handler sends, and the inputs it
//! refuses before sending anything.
#![cfg(all(feature = "recordings", feature = "conferences", feature = "voice"))]

mod common;

use common::*;
use maton_test_support::rows::{self, run};
use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::model::{ConferenceStatus, HttpMethod};
use maton_twilio::{
    CallSid, Client, ConferenceSid, Error, ErrorKind, MemberKey, ParticipantKey, PauseBehavior,
    QueueSid, RecordingChannels, RecordingRef, RecordingSid, RecordingTrack, TranscriptionSid,
};
use serde_json::json;

const RECORDING: &str = "RE0123456789abcdef0123456789abcdef";
const TRANSCRIPTION: &str = "TR0123456789abcdef0123456789abcdef";
const CONFERENCE: &str = "CF0123456789abcdef0123456789abcdef";

fn base() -> String {
    format!("/twilio/2010-04-01/Accounts/{ACCOUNT}")
}

/// Answers a list with an empty page under its item key, a DELETE with 204, anything else with
/// a small model.
fn answer(request: &Recorded) -> Reply {
    if request.method == http::Method::DELETE {
        return Reply::empty(204);
    }
    let lists = [
        ("/Recordings.json", "recordings"),
        ("/Transcriptions.json", "transcriptions"),
        ("/Conferences.json", "conferences"),
        ("/Participants.json", "participants"),
        ("/Members.json", "queue_members"),
    ];
    if request.method == http::Method::GET
        && let Some((_, key)) = lists.iter().find(|(end, _)| request.path.ends_with(end))
    {
        return Reply::json(
            200,
            json!({ *key: [], "page": 0, "page_size": 50, "next_page_uri": null }),
        );
    }
    Reply::json(
        200,
        json!({ "sid": RECORDING, "status": "paused", "call_sid": CALL }),
    )
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn recordings_and_transcriptions_send_what_twilio_documents() {
    let server = MockServer::start(answer).await;
    let c = client(&server);
    let call: CallSid = CALL.parse().unwrap();
    let recording: RecordingSid = RECORDING.parse().unwrap();
    let transcription: TranscriptionSid = TRANSCRIPTION.parse().unwrap();
    let conference: ConferenceSid = CONFERENCE.parse().unwrap();
    let on = |d: &str| format!("{d}T00:00:00Z").parse().unwrap();

    c.recordings()
        .list()
        .call(&call)
        .conference(&conference)
        .created_on_or_after(on("2026-01-01"))
        .page_size(20)
        .page()
        .await
        .unwrap();
    let recordings = c.calls().recordings(&call);
    let started = recordings
        .start()
        .channels(RecordingChannels::Dual)
        .track(RecordingTrack::Inbound)
        .trim_silence(true)
        .recording_status_callback("https://example.com/rec")
        .recording_status_callback_event("completed")
        .send()
        .await
        .unwrap();
    assert_eq!(started.sid.as_deref(), Some(RECORDING));
    recordings
        .pause_with(RecordingRef::Current, PauseBehavior::Skip)
        .await
        .unwrap();
    recordings.resume(&recording).await.unwrap();
    recordings.stop(RecordingRef::Current).await.unwrap();
    recordings.delete(&recording).await.unwrap();
    c.recordings()
        .transcriptions(&recording)
        .fetch(&transcription)
        .await
        .unwrap();
    c.transcriptions().delete(&transcription).await.unwrap();

    let sent = server.requests();
    let seen: Vec<(String, String)> = sent
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone()))
        .collect();
    let b = base();
    let expected = [
        ("GET", format!("{b}/Recordings.json")),
        ("POST", format!("{b}/Calls/{CALL}/Recordings.json")),
        (
            "POST",
            format!("{b}/Calls/{CALL}/Recordings/Twilio.CURRENT.json"),
        ),
        (
            "POST",
            format!("{b}/Calls/{CALL}/Recordings/{RECORDING}.json"),
        ),
        (
            "POST",
            format!("{b}/Calls/{CALL}/Recordings/Twilio.CURRENT.json"),
        ),
        (
            "DELETE",
            format!("{b}/Calls/{CALL}/Recordings/{RECORDING}.json"),
        ),
        (
            "GET",
            format!("{b}/Recordings/{RECORDING}/Transcriptions/{TRANSCRIPTION}.json"),
        ),
        ("DELETE", format!("{b}/Transcriptions/{TRANSCRIPTION}.json")),
    ];
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    assert_eq!(seen, expected);
    let mut query = sent[0].query_pairs();
    query.sort();
    assert_eq!(
        query,
        pairs(&[
            ("CallSid", CALL),
            ("ConferenceSid", CONFERENCE),
            ("DateCreated>", "2026-01-01T00:00:00Z"),
            ("PageSize", "20"),
        ])
    );
    let mut start = sent[1].form_pairs();
    start.sort();
    assert_eq!(
        start,
        pairs(&[
            ("RecordingChannels", "dual"),
            ("RecordingStatusCallback", "https://example.com/rec"),
            ("RecordingStatusCallbackEvent", "completed"),
            ("RecordingTrack", "inbound"),
            ("Trim", "trim-silence"),
        ])
    );
    let mut pause = sent[2].form_pairs();
    pause.sort();
    assert_eq!(
        pause,
        pairs(&[("PauseBehavior", "skip"), ("Status", "paused")])
    );
    assert_eq!(sent[3].form_pairs(), pairs(&[("Status", "in-progress")]));
    assert_eq!(sent[4].form_pairs(), pairs(&[("Status", "stopped")]));
}

#[tokio::test]
async fn conferences_participants_and_members_send_what_twilio_documents() {
    let server = MockServer::start(answer).await;
    let c = client(&server);
    let conference: ConferenceSid = CONFERENCE.parse().unwrap();
    let call: CallSid = CALL.parse().unwrap();
    let queue: QueueSid = QUEUE.parse().unwrap();

    c.conferences()
        .list()
        .status(ConferenceStatus::InProgress)
        .friendly_name("standup")
        .page()
        .await
        .unwrap();
    c.conferences().end(&conference).await.unwrap();
    let people = c.conferences().participants(&conference);
    people.list().muted(true).page().await.unwrap();
    people
        .add("+15551234567", "client:alice")
        .label("coach one")
        .muted(true)
        .status_callback_event("answered")
        .send()
        .await
        .unwrap();
    people.mute(&call).await.unwrap();
    people
        .hold(
            "coach one".parse::<ParticipantKey>().unwrap(),
            Some("https://example.com/music".into()),
        )
        .await
        .unwrap();
    people.unhold(&call).await.unwrap();
    people
        .kick(ParticipantKey::Label("coach one".into()))
        .await
        .unwrap();
    let members = c.queues().members(&queue);
    members.list().page().await.unwrap();
    members.fetch(MemberKey::Front).await.unwrap();
    members
        .dequeue(&call, "https://example.com/agent")
        .method(HttpMethod::Get)
        .send()
        .await
        .unwrap();

    let sent = server.requests();
    let b = base();
    let people_path = format!("{b}/Conferences/{CONFERENCE}/Participants");
    let seen: Vec<String> = sent
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        seen,
        [
            format!("GET {b}/Conferences.json"),
            format!("POST {b}/Conferences/{CONFERENCE}.json"),
            format!("GET {people_path}.json"),
            format!("POST {people_path}.json"),
            format!("POST {people_path}/{CALL}.json"),
            format!("POST {people_path}/coach%20one.json"),
            format!("POST {people_path}/{CALL}.json"),
            format!("DELETE {people_path}/coach%20one.json"),
            format!("GET {b}/Queues/{QUEUE}/Members.json"),
            format!("GET {b}/Queues/{QUEUE}/Members/Front.json"),
            format!("POST {b}/Queues/{QUEUE}/Members/{CALL}.json"),
        ]
    );
    let mut listed = sent[0].query_pairs();
    listed.sort();
    assert_eq!(
        listed,
        pairs(&[("FriendlyName", "standup"), ("Status", "in-progress")])
    );
    assert_eq!(sent[1].form_pairs(), pairs(&[("Status", "completed")]));
    assert_eq!(sent[2].query_pairs(), pairs(&[("Muted", "true")]));
    let mut added = sent[3].form_pairs();
    added.sort();
    assert_eq!(
        added,
        pairs(&[
            ("From", "+15551234567"),
            ("Label", "coach one"),
            ("Muted", "true"),
            ("StatusCallbackEvent", "answered"),
            ("To", "client:alice"),
        ])
    );
    assert_eq!(sent[4].form_pairs(), pairs(&[("Muted", "true")]));
    let mut held = sent[5].form_pairs();
    held.sort();
    assert_eq!(
        held,
        pairs(&[("Hold", "true"), ("HoldUrl", "https://example.com/music")])
    );
    assert_eq!(sent[6].form_pairs(), pairs(&[("Hold", "false")]));
    let mut dequeued = sent[10].form_pairs();
    dequeued.sort();
    assert_eq!(
        dequeued,
        pairs(&[("Method", "GET"), ("Url", "https://example.com/agent")])
    );
}

type Run = rows::Run<Error>;

fn refused_rows(c: &Client) -> Vec<(&'static str, &'static str, Run)> {
    let call: CallSid = CALL.parse().unwrap();
    let conference: ConferenceSid = CONFERENCE.parse().unwrap();
    let queue: QueueSid = QUEUE.parse().unwrap();
    let people = || c.conferences().participants(&conference);
    let add = || people().add("+15551234567", "+15559876543");
    let recordings = || c.calls().recordings(&call);
    vec![
        (
            "start: relative callback",
            "recording_status_callback",
            run(recordings().start().recording_status_callback("rec").send()),
        ),
        (
            "start: unknown event",
            "recording_status_callback_event",
            run(recordings()
                .start()
                .recording_status_callback_event("paused")
                .send()),
        ),
        (
            "recordings page size 0",
            "page_size",
            run(c.recordings().list().page_size(0).page()),
        ),
        (
            "conference: nothing to change",
            "status",
            run(c.conferences().update(&conference).send()),
        ),
        (
            "conference: relative announce url",
            "announce_url",
            run(c
                .conferences()
                .update(&conference)
                .announce_url("hello.xml")
                .send()),
        ),
        (
            "participant: to not an address",
            "to",
            run(people().add("+15551234567", "alice").send()),
        ),
        (
            "participant: from a sip uri",
            "from",
            run(people().add("sip:a@example.com", "+15559876543").send()),
        ),
        (
            "participant: timeout 4",
            "timeout",
            run(add().timeout(4).send()),
        ),
        (
            "participant: blank label",
            "label",
            run(add().label(" ").send()),
        ),
        (
            "participant: coaching without a call",
            "call_to_coach",
            run(add().coaching(true).send()),
        ),
        (
            "participant: unknown event",
            "status_callback_event",
            run(add().status_callback_event("held").send()),
        ),
        (
            "participant: relative hold music",
            "hold_url",
            run(people().hold(&call, Some("music.mp3".into()))),
        ),
        (
            "participant: nothing to change",
            "muted",
            run(people().update(&call).send()),
        ),
        (
            "participant: label with a newline",
            "label",
            run(people().kick(ParticipantKey::Label("a\nb".into()))),
        ),
        (
            "participant: empty label",
            "label",
            run(people().mute(ParticipantKey::Label(String::new()))),
        ),
        (
            "dequeue: relative url",
            "url",
            run(c
                .queues()
                .members(&queue)
                .dequeue(MemberKey::Front, "agent.xml")
                .send()),
        ),
    ]
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = MockServer::always(Reply::json(200, json!({}))).await;
    let c = client(&server);
    for (name, field, row) in refused_rows(&c) {
        let error = row.await.expect_err(name);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{name}: {error}");
        assert_eq!(error.field(), Some(field), "{name}: {error}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn keys_parse_a_call_sid_or_a_label() {
    assert_eq!(
        CALL.parse::<ParticipantKey>().unwrap(),
        ParticipantKey::Call(CALL.parse().unwrap())
    );
    assert_eq!(
        "agent-7".parse::<ParticipantKey>().unwrap(),
        ParticipantKey::Label("agent-7".into())
    );
    let error = "\t".parse::<ParticipantKey>().unwrap_err();
    assert_eq!(error.field(), Some("label"));
    assert_eq!(
        RecordingRef::from(RECORDING.parse::<RecordingSid>().unwrap()),
        RecordingRef::Sid(RECORDING.parse().unwrap())
    );
}
