//! `recordings`, `calls record`, `transcriptions`, `conferences`, `participants` and
//! `queues members|dequeue`: the request each command sends (to a recording server on
//! 127.0.0.1 answering as Twilio does), its output, and the input refused with exit 2 before
//! anything is sent.

use std::process::Stdio;

use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio_mock::MockGateway;
use serde_json::{Value, json};
use tokio::process::Command;

use crate::common::{Run, assert_contains, count, finish, ok_json, run, str_at, with_number};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const CALL: &str = "CA0123456789abcdef0123456789abcdef";
const RECORDING: &str = "RE0123456789abcdef0123456789abcdef";
const TRANSCRIPTION: &str = "TR0123456789abcdef0123456789abcdef";
const CONFERENCE: &str = "CF0123456789abcdef0123456789abcdef";
const QUEUE: &str = "QU0123456789abcdef0123456789abcdef";

/// A list answers one item under its key, a DELETE 204, anything else one model.
fn answer(request: &Recorded) -> Reply {
    if request.method.as_str() == "DELETE" {
        return Reply::empty(204);
    }
    let item = json!({
        "sid": RECORDING, "status": "in-progress", "call_sid": CALL, "label": "agent",
        "muted": true, "position": 1, "friendly_name": "standup",
    });
    let lists = [
        ("/Recordings.json", "recordings"),
        ("/Transcriptions.json", "transcriptions"),
        ("/Conferences.json", "conferences"),
        ("/Participants.json", "participants"),
        ("/Members.json", "queue_members"),
    ];
    if request.method.as_str() == "GET"
        && let Some((_, key)) = lists.iter().find(|(end, _)| request.path.ends_with(end))
    {
        return Reply::json(
            200,
            json!({ *key: [item], "page": 0, "next_page_uri": null }),
        );
    }
    Reply::json(200, item)
}

/// The binary with a clean environment, its Twilio base URL the server's, the account set.
async fn cli(server: &MockServer, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maton-twilio"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MATON_API_KEY", "test-key-not-secret-7f3a")
        .env("MATON_TWILIO_BASE_URL", format!("{}/twilio", server.url()))
        .env("MATON_CTRL_BASE_URL", server.url())
        .env("MATON_TWILIO_ACCOUNT_SID", ACCOUNT)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    finish(&mut cmd).await
}

/// Runs `args` with `--json`, which must succeed; the request it sent (exactly one) as
/// `METHOD path`, its sorted form or query pairs, and the JSON printed.
async fn sent(args: &[&str]) -> (String, Vec<(String, String)>, Value) {
    let server = MockServer::start(answer).await;
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = cli(&server, &all).await;
    assert_eq!(run.code, 0, "{args:?}:\n{}", run.stderr);
    let request = server.single_request();
    let prefix = format!("/twilio/2010-04-01/Accounts/{ACCOUNT}");
    let path = request.path.strip_prefix(&prefix).unwrap_or(&request.path);
    let mut pairs = if request.method.as_str() == "POST" {
        request.form_pairs()
    } else {
        request.query_pairs()
    };
    pairs.sort();
    let printed = if run.stdout.trim().is_empty() {
        Value::Null
    } else {
        run.json()
    };
    (format!("{} {path}", request.method), pairs, printed)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn recording_commands_send_their_request_and_print_json() {
    let (request, query, printed) = sent(&[
        "recordings",
        "list",
        "--call",
        CALL,
        "--created-after",
        "2026-01-02",
        "--page-size",
        "5",
    ])
    .await;
    assert_eq!(request, "GET /Recordings.json");
    assert_eq!(
        query,
        pairs(&[
            ("CallSid", CALL),
            ("DateCreated>", "2026-01-02T00:00:00Z"),
            ("PageSize", "5")
        ])
    );
    assert_eq!(printed[0]["sid"], RECORDING);
    let (request, _, printed) = sent(&["recordings", "get", RECORDING]).await;
    assert_eq!(request, format!("GET /Recordings/{RECORDING}.json"));
    assert_eq!(printed["sid"], RECORDING);
    let (request, _, printed) = sent(&["recordings", "delete", RECORDING]).await;
    assert_eq!(request, format!("DELETE /Recordings/{RECORDING}.json"));
    assert_eq!(printed, json!({ "deleted": RECORDING }));

    let (request, form, _) = sent(&[
        "calls",
        "record",
        "start",
        CALL,
        "--channels",
        "dual",
        "--track",
        "inbound",
        "--trim-silence",
    ])
    .await;
    assert_eq!(request, format!("POST /Calls/{CALL}/Recordings.json"));
    assert_eq!(
        form,
        pairs(&[
            ("RecordingChannels", "dual"),
            ("RecordingTrack", "inbound"),
            ("Trim", "trim-silence")
        ])
    );
    let (request, form, printed) = sent(&["calls", "record", "pause", CALL, "--skip"]).await;
    assert_eq!(
        request,
        format!("POST /Calls/{CALL}/Recordings/Twilio.CURRENT.json")
    );
    assert_eq!(
        form,
        pairs(&[("PauseBehavior", "skip"), ("Status", "paused")])
    );
    assert_eq!(printed["sid"], RECORDING);
    let (request, form, _) = sent(&["calls", "record", "resume", CALL, RECORDING]).await;
    assert_eq!(
        request,
        format!("POST /Calls/{CALL}/Recordings/{RECORDING}.json")
    );
    assert_eq!(form, pairs(&[("Status", "in-progress")]));
    let (_, form, _) = sent(&["calls", "record", "stop", CALL]).await;
    assert_eq!(form, pairs(&[("Status", "stopped")]));
    let (request, _, _) = sent(&["calls", "record", "list", CALL]).await;
    assert_eq!(request, format!("GET /Calls/{CALL}/Recordings.json"));

    let (request, _, _) = sent(&["transcriptions", "list"]).await;
    assert_eq!(request, "GET /Transcriptions.json");
    let (request, _, _) = sent(&["transcriptions", "list", "--recording", RECORDING]).await;
    assert_eq!(
        request,
        format!("GET /Recordings/{RECORDING}/Transcriptions.json")
    );
    let (request, _, _) = sent(&["transcriptions", "get", TRANSCRIPTION]).await;
    assert_eq!(request, format!("GET /Transcriptions/{TRANSCRIPTION}.json"));
    let (request, _, _) = sent(&["transcriptions", "delete", TRANSCRIPTION]).await;
    assert_eq!(
        request,
        format!("DELETE /Transcriptions/{TRANSCRIPTION}.json")
    );
}

#[tokio::test]
async fn conference_participant_and_queue_commands_send_their_request() {
    let (request, query, printed) = sent(&["conferences", "list", "--status", "in-progress"]).await;
    assert_eq!(request, "GET /Conferences.json");
    assert_eq!(query, pairs(&[("Status", "in-progress")]));
    assert_eq!(printed[0]["friendly_name"], "standup");
    let (request, _, _) = sent(&["conferences", "get", CONFERENCE]).await;
    assert_eq!(request, format!("GET /Conferences/{CONFERENCE}.json"));
    let (request, form, _) = sent(&["conferences", "end", CONFERENCE]).await;
    assert_eq!(request, format!("POST /Conferences/{CONFERENCE}.json"));
    assert_eq!(form, pairs(&[("Status", "completed")]));

    let people = format!("/Conferences/{CONFERENCE}/Participants");
    let (request, query, _) = sent(&["participants", "list", CONFERENCE, "--muted", "true"]).await;
    assert_eq!(request, format!("GET {people}.json"));
    assert_eq!(query, pairs(&[("Muted", "true")]));
    let (request, form, printed) = sent(&[
        "participants",
        "add",
        CONFERENCE,
        "--from",
        "+15551234567",
        "--to",
        "sip:a@example.com",
        "--label",
        "agent",
        "--muted",
    ])
    .await;
    assert_eq!(request, format!("POST {people}.json"));
    assert_eq!(
        form,
        pairs(&[
            ("From", "+15551234567"),
            ("Label", "agent"),
            ("Muted", "true"),
            ("To", "sip:a@example.com")
        ])
    );
    assert_eq!(printed["label"], "agent");
    let (request, _, _) = sent(&["participants", "get", CONFERENCE, "agent"]).await;
    assert_eq!(request, format!("GET {people}/agent.json"));
    for (verb, form) in [
        ("mute", ("Muted", "true")),
        ("unmute", ("Muted", "false")),
        ("unhold", ("Hold", "false")),
    ] {
        let (request, sent_form, _) = sent(&["participants", verb, CONFERENCE, CALL]).await;
        assert_eq!(request, format!("POST {people}/{CALL}.json"), "{verb}");
        assert_eq!(sent_form, pairs(&[form]), "{verb}");
    }
    let (_, form, _) = sent(&[
        "participants",
        "hold",
        CONFERENCE,
        "agent",
        "--music-url",
        "https://example.com/m.mp3",
    ])
    .await;
    assert_eq!(
        form,
        pairs(&[("Hold", "true"), ("HoldUrl", "https://example.com/m.mp3")])
    );
    let (request, _, printed) = sent(&["participants", "kick", CONFERENCE, "agent"]).await;
    assert_eq!(request, format!("DELETE {people}/agent.json"));
    assert_eq!(printed, json!({ "kicked": "agent" }));

    let (request, _, printed) = sent(&["queues", "members", QUEUE]).await;
    assert_eq!(request, format!("GET /Queues/{QUEUE}/Members.json"));
    assert_eq!(printed[0]["position"], 1);
    let (request, form, _) = sent(&[
        "queues",
        "dequeue",
        QUEUE,
        "--url",
        "https://example.com/agent",
        "--method",
        "get",
    ])
    .await;
    assert_eq!(request, format!("POST /Queues/{QUEUE}/Members/Front.json"));
    assert_eq!(
        form,
        pairs(&[("Method", "GET"), ("Url", "https://example.com/agent")])
    );
    let (request, _, _) = sent(&[
        "queues",
        "dequeue",
        QUEUE,
        CALL,
        "--url",
        "https://example.com/agent",
    ])
    .await;
    assert_eq!(request, format!("POST /Queues/{QUEUE}/Members/{CALL}.json"));
}

#[tokio::test]
async fn tables_show_the_items() {
    let server = MockServer::start(answer).await;
    let run = cli(&server, &["participants", "list", CONFERENCE]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stdout, "LABEL");
    assert_contains(&run.stdout, "agent");
    let run = cli(&server, &["calls", "record", "pause", CALL]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stdout,
        &format!("paused recording {RECORDING} of {CALL}"),
    );
}

#[tokio::test]
async fn bad_input_exits_2_before_any_request() {
    let server = MockServer::start(answer).await;
    let rows: &[(&[&str], &str)] = &[
        (&["recordings", "get", CALL], "SID"),
        (&["recordings", "list", "--call", RECORDING], "--call"),
        (
            &["recordings", "list", "--created-after", "June"],
            "--created-after",
        ),
        (&["calls", "record", "start", RECORDING], "CALL"),
        (
            &["calls", "record", "start", CALL, "--status-callback", "cb"],
            "--status-callback",
        ),
        (&["calls", "record", "stop", CALL, CALL], "RECORDING"),
        (
            &["transcriptions", "list", "--recording", CALL],
            "--recording",
        ),
        (&["conferences", "list", "--status", "ringing"], "--status"),
        (&["conferences", "end", QUEUE], "SID"),
        (&["participants", "list", CALL], "CONFERENCE"),
        (
            &[
                "participants",
                "add",
                CONFERENCE,
                "--from",
                "+15551234567",
                "--to",
                "alice",
            ],
            "--to",
        ),
        (
            &[
                "participants",
                "add",
                CONFERENCE,
                "--from",
                "sip:a@b.c",
                "--to",
                "+15551234567",
            ],
            "--from",
        ),
        (
            &[
                "participants",
                "hold",
                CONFERENCE,
                CALL,
                "--music-url",
                "music.mp3",
            ],
            "--music-url",
        ),
        (&["participants", "kick", CONFERENCE, " "], "PARTICIPANT"),
        (&["queues", "members", CONFERENCE], "QUEUE"),
        (&["queues", "dequeue", QUEUE, "--url", "agent.xml"], "--url"),
        (
            &[
                "queues",
                "dequeue",
                QUEUE,
                "--url",
                "https://example.com/a",
                "--method",
                "PUT",
            ],
            "--method",
        ),
    ];
    for (args, named) in rows {
        let run = cli(&server, args).await;
        assert_eq!(run.code, 2, "{args:?}:\n{}", run.stderr);
        assert_contains(&run.stderr, named);
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn an_unknown_conference_is_an_api_error_from_the_emulator() {
    let mock = MockGateway::start().await.expect("the emulator starts");
    let run = run(&mock, &["conferences", "get", CONFERENCE]).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
}

#[tokio::test]
async fn conferences_participants_and_queue_members_against_the_emulator() {
    let (mock, from) = with_number().await;
    let dial = "<Response><Dial><Conference>standup</Conference></Dial></Response>";
    let call = ok_json(
        &mock,
        &[
            "calls",
            "create",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--twiml",
            dial,
        ],
    )
    .await;
    let call = str_at(&call, "sid").to_string();
    let listed = ok_json(&mock, &["conferences", "list", "--status", "in-progress"]).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let conference = str_at(&listed[0], "sid").to_string();
    assert_eq!(str_at(&listed[0], "friendly_name"), "standup");

    let muted = ok_json(&mock, &["participants", "mute", &conference, &call]).await;
    assert_eq!(muted["muted"], true);
    let added = ok_json(
        &mock,
        &[
            "participants",
            "add",
            &conference,
            "--from",
            &from,
            "--to",
            "client:alice",
        ],
    )
    .await;
    let guest = str_at(&added, "call_sid").to_string();
    assert_eq!(
        count(&mock, &["participants", "list", &conference]).await,
        2
    );
    assert_eq!(
        count(
            &mock,
            &["participants", "list", &conference, "--muted", "true"]
        )
        .await,
        1
    );
    ok_json(&mock, &["participants", "kick", &conference, &guest]).await;
    assert_eq!(
        count(&mock, &["participants", "list", &conference]).await,
        1
    );
    let ended = ok_json(&mock, &["conferences", "end", &conference]).await;
    assert_eq!(ended["status"], "completed");

    let enqueue = "<Response><Enqueue>support</Enqueue></Response>";
    ok_json(
        &mock,
        &[
            "calls",
            "create",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--twiml",
            enqueue,
        ],
    )
    .await;
    let queues = ok_json(&mock, &["queues", "list"]).await;
    let queue = str_at(&queues[0], "sid").to_string();
    assert_eq!(count(&mock, &["queues", "members", &queue]).await, 1);
    ok_json(
        &mock,
        &[
            "queues",
            "dequeue",
            &queue,
            "--url",
            "https://example.com/agent",
        ],
    )
    .await;
    assert_eq!(count(&mock, &["queues", "members", &queue]).await, 0);
    assert_eq!(count(&mock, &["recordings", "list"]).await, 0);
}
