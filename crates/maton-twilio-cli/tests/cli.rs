//! The `maton-twilio` binary against the emulator: exit codes, `--json` output, and the demo.

mod common;

use common::{command, ok_json, run, run_with_key, str_at};
use maton_twilio_mock::MockGateway;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn messages_commands_print_json_and_exit_0() {
    let mock = MockGateway::start().await.unwrap();
    let from = mock.owned_numbers()[0].clone();
    let sent = ok_json(
        &mock,
        &[
            "messages",
            "send",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--body",
            "hi 😀",
            "--media-url",
            "https://example.com/a.png",
        ],
    )
    .await;
    assert_eq!(str_at(&sent, "body"), "hi 😀");
    assert_eq!(str_at(&sent, "status"), "queued");
    let sid = str_at(&sent, "sid").to_string();
    for i in 0..4 {
        ok_json(
            &mock,
            &[
                "messages",
                "send",
                "--to",
                "+15559876543",
                "--from",
                &from,
                "--body",
                &format!("n{i}"),
            ],
        )
        .await;
    }

    // Sent (and so dated) one second after creation.
    mock.advance(std::time::Duration::from_secs(2));

    // Lists are arrays, streamed across pages up to --limit.
    let listed = ok_json(
        &mock,
        &[
            "messages",
            "list",
            "--to",
            "+15559876543",
            "--page-size",
            "2",
            "--limit",
            "3",
        ],
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let all = ok_json(
        &mock,
        &[
            "messages",
            "list",
            "--page-size",
            "2",
            "--sent-after",
            "2000-01-01",
        ],
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 5);

    assert_eq!(
        str_at(&ok_json(&mock, &["messages", "get", &sid]).await, "sid"),
        sid
    );
    assert_eq!(
        str_at(&ok_json(&mock, &["messages", "redact", &sid]).await, "body"),
        ""
    );
    // Only a scheduled message can be canceled: Twilio's error, exit 3.
    let cancel = run(&mock, &["messages", "cancel", &sid]).await;
    assert_eq!(cancel.code, 3, "{}", cancel.stderr);
    assert!(cancel.stderr.contains("Twilio code:"), "{}", cancel.stderr);
    let deleted = ok_json(&mock, &["messages", "delete", &sid]).await;
    assert_eq!(str_at(&deleted, "deleted"), sid);
    let gone = run(&mock, &["messages", "get", &sid]).await;
    assert_eq!(gone.code, 3, "{}", gone.stderr);
    assert!(gone.stderr.contains("20404"), "{}", gone.stderr);
    assert!(
        gone.stderr
            .contains("more info:   https://www.twilio.com/docs/errors/20404"),
        "{}",
        gone.stderr
    );
}

#[tokio::test]
async fn human_output_is_an_aligned_table() {
    let mock = MockGateway::start().await.unwrap();
    let from = mock.owned_numbers()[0].clone();
    ok_json(
        &mock,
        &[
            "messages",
            "send",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--body",
            "hello",
        ],
    )
    .await;
    let listed = run(&mock, &["messages", "list"]).await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert!(lines[0].starts_with("SID "), "{}", listed.stdout);
    assert_eq!(
        lines[0].find("STATUS"),
        lines[1].find("queued"),
        "{}",
        listed.stdout
    );
}

#[tokio::test]
async fn an_invalid_phone_number_exits_2_and_sends_nothing() {
    let mock = MockGateway::start().await.unwrap();
    mock.clear_requests();
    let run = run(
        &mock,
        &[
            "messages",
            "send",
            "--to",
            "+0123",
            "--from",
            "+15551234567",
            "--body",
            "x",
        ],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("invalid `--to`"), "{}", run.stderr);
    assert!(
        mock.requests().is_empty(),
        "requests were sent: {:?}",
        mock.requests()
    );

    let bad_sid = run_with_key(&mock, mock.api_key(), &["messages", "get", "SM../../x"]).await;
    assert_eq!(bad_sid.code, 2, "{}", bad_sid.stderr);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn a_rejected_key_exits_4_and_is_never_printed() {
    let mock = MockGateway::start().await.unwrap();
    let key = "wrong_key_7f3a9c2e4b1d8f6a0e5c3b9d";
    let run = run_with_key(&mock, key, &["accounts", "list"]).await;
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    assert!(!run.stderr.contains(key) && !run.stdout.contains(key));

    let verbose = run_with_key(&mock, key, &["-vv", "accounts", "list"]).await;
    assert_eq!(verbose.code, 4);
    assert!(
        verbose.stderr.contains("maton.request"),
        "tracing is on: {}",
        verbose.stderr
    );
    assert!(!verbose.stderr.contains(key), "{}", verbose.stderr);
}

#[tokio::test]
async fn no_key_and_no_connection_exit_4_network_failures_exit_5() {
    let mock = MockGateway::builder()
        .without_connection()
        .start()
        .await
        .unwrap();
    let no_key = run_with_key(&mock, "", &["accounts", "list"]).await;
    assert_eq!(no_key.code, 4, "{}", no_key.stderr);
    assert!(no_key.stderr.contains("MATON_API_KEY"));

    let no_connection = run(&mock, &["accounts", "list"]).await;
    assert_eq!(no_connection.code, 4, "{}", no_connection.stderr);
    assert!(
        no_connection.stderr.contains("connections create"),
        "{}",
        no_connection.stderr
    );

    // Nothing listens on port 9 of 127.0.0.1 (discard): the connection is refused.
    let mut cmd = command(&mock, mock.api_key(), &["accounts", "list"]);
    cmd.env("MATON_TWILIO_BASE_URL", "http://127.0.0.1:9/twilio");
    let out = cmd.output().await.unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn calls_numbers_and_account_commands() {
    let mock = MockGateway::start().await.unwrap();
    let from = mock.owned_numbers()[0].clone();

    let accounts = ok_json(&mock, &["accounts", "list"]).await;
    assert_eq!(str_at(&accounts[0], "sid"), mock.account_sid());
    assert_eq!(
        str_at(&ok_json(&mock, &["accounts", "get"]).await, "sid"),
        mock.account_sid()
    );
    assert_eq!(
        str_at(
            &ok_json(&mock, &["accounts", "get", mock.account_sid()]).await,
            "sid"
        ),
        mock.account_sid()
    );

    let call = ok_json(
        &mock,
        &[
            "calls",
            "create",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--url",
            "https://example.com/twiml",
            "--ring-timeout",
            "30",
        ],
    )
    .await;
    let sid = str_at(&call, "sid").to_string();
    assert_eq!(
        ok_json(&mock, &["calls", "list", "--status", "queued"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        str_at(&ok_json(&mock, &["calls", "get", &sid]).await, "sid"),
        sid
    );
    let ended = ok_json(&mock, &["calls", "end", &sid]).await;
    assert_eq!(str_at(&ended, "sid"), sid);
    ok_json(&mock, &["calls", "delete", &sid]).await;
    let neither = run(
        &mock,
        &["calls", "create", "--to", "+15559876543", "--from", &from],
    )
    .await;
    assert_eq!(
        neither.code, 2,
        "clap refuses a call without --url, --twiml or --application"
    );

    let found = ok_json(
        &mock,
        &[
            "numbers",
            "search",
            "--country",
            "US",
            "--area-code",
            "415",
            "--limit",
            "2",
        ],
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    let number = str_at(&found[0], "phone_number").to_string();
    let bought = ok_json(
        &mock,
        &[
            "numbers",
            "buy",
            "--phone-number",
            &number,
            "--friendly-name",
            "Test line",
        ],
    )
    .await;
    let pn = str_at(&bought, "sid").to_string();
    let updated = ok_json(
        &mock,
        &[
            "numbers",
            "update",
            &pn,
            "--voice-url",
            "https://example.com/voice",
        ],
    )
    .await;
    assert_eq!(str_at(&updated, "voice_url"), "https://example.com/voice");
    assert_eq!(
        str_at(
            &ok_json(&mock, &["numbers", "get", &pn]).await,
            "phone_number"
        ),
        number
    );
    let owned = ok_json(&mock, &["numbers", "list"]).await;
    assert_eq!(owned.as_array().unwrap().len(), 3);
    ok_json(&mock, &["numbers", "release", &pn]).await;
    assert_eq!(
        ok_json(&mock, &["numbers", "list"])
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let toll_free = ok_json(
        &mock,
        &[
            "numbers",
            "search",
            "--country",
            "US",
            "--type",
            "toll-free",
            "--limit",
            "1",
        ],
    )
    .await;
    assert_eq!(toll_free.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn applications_queues_addresses_and_usage_commands() {
    let mock = MockGateway::start().await.unwrap();

    let app = ok_json(
        &mock,
        &[
            "applications",
            "create",
            "--friendly-name",
            "App",
            "--voice-url",
            "https://example.com/v",
        ],
    )
    .await;
    let sid = str_at(&app, "sid").to_string();
    assert_eq!(
        str_at(
            &ok_json(
                &mock,
                &["applications", "update", &sid, "--friendly-name", "App 2"]
            )
            .await,
            "friendly_name"
        ),
        "App 2"
    );
    assert_eq!(
        str_at(
            &ok_json(&mock, &["applications", "get", &sid]).await,
            "friendly_name"
        ),
        "App 2"
    );
    assert_eq!(
        ok_json(&mock, &["applications", "list", "--friendly-name", "App 2"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok_json(&mock, &["applications", "delete", &sid]).await;

    let queue = ok_json(
        &mock,
        &[
            "queues",
            "create",
            "--friendly-name",
            "Support",
            "--max-size",
            "50",
        ],
    )
    .await;
    let sid = str_at(&queue, "sid").to_string();
    assert_eq!(
        ok_json(&mock, &["queues", "update", &sid, "--max-size", "60"]).await["max_size"],
        60
    );
    assert_eq!(
        str_at(
            &ok_json(&mock, &["queues", "get", &sid]).await,
            "friendly_name"
        ),
        "Support"
    );
    assert_eq!(
        ok_json(&mock, &["queues", "list"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok_json(&mock, &["queues", "delete", &sid]).await;

    let address = ok_json(
        &mock,
        &[
            "addresses",
            "create",
            "--customer-name",
            "Acme",
            "--street",
            "1 Main St",
            "--city",
            "San Francisco",
            "--region",
            "CA",
            "--postal-code",
            "94105",
            "--iso-country",
            "US",
        ],
    )
    .await;
    let sid = str_at(&address, "sid").to_string();
    assert_eq!(
        str_at(
            &ok_json(&mock, &["addresses", "update", &sid, "--city", "Oakland"]).await,
            "city"
        ),
        "Oakland"
    );
    assert_eq!(
        str_at(&ok_json(&mock, &["addresses", "get", &sid]).await, "city"),
        "Oakland"
    );
    assert_eq!(
        ok_json(&mock, &["addresses", "list", "--iso-country", "US"])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok_json(&mock, &["addresses", "delete", &sid]).await;

    let from = mock.owned_numbers()[0].clone();
    ok_json(
        &mock,
        &[
            "messages",
            "send",
            "--to",
            "+15559876543",
            "--from",
            &from,
            "--body",
            "x",
        ],
    )
    .await;
    let usage = ok_json(&mock, &["usage", "list", "--category", "sms"]).await;
    assert_eq!(str_at(&usage[0], "category"), "sms");
    let today = ok_json(&mock, &["usage", "list", "--window", "today"]).await;
    assert!(today.as_array().is_some());
    let bad = run(&mock, &["usage", "list", "--start", "yesterday"]).await;
    assert_eq!(bad.code, 2);
}

#[tokio::test]
async fn connections_create_wait_reaches_active_and_doctor_passes() {
    let mock = MockGateway::builder()
        .without_connection()
        .start()
        .await
        .unwrap();

    let doctor = run(&mock, &["doctor"]).await;
    assert_eq!(doctor.code, 4, "{}", doctor.stdout);
    assert!(
        doctor.stdout.contains("[ok  ] key accepted"),
        "{}",
        doctor.stdout
    );
    assert!(
        doctor.stdout.contains("[FAIL] ACTIVE twilio connection"),
        "{}",
        doctor.stdout
    );
    assert!(
        doctor
            .stdout
            .contains("fix: maton-twilio connections create --open --wait")
    );

    let mut child = command(
        &mock,
        mock.api_key(),
        &["connections", "create", "--wait", "--wait-seconds", "60"],
    )
    .spawn()
    .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.trim().strip_prefix("http://") {
            url = Some(format!("http://{rest}"));
            break;
        }
    }
    let url = url.expect("the authorisation URL is printed");
    // The consent page: /connect/{id}/authorize.
    let id = url.rsplit('/').nth(1).unwrap().to_string();
    assert!(mock.authorize_connection(&id));
    let mut rest = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest.push_str(&line);
        rest.push('\n');
    }
    let status = child.wait().await.unwrap();
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(rest.contains(&format!("{id} is ACTIVE")), "{rest}");

    let listed = ok_json(&mock, &["connections", "list", "--status", "active"]).await;
    assert_eq!(str_at(&listed[0], "connection_id"), id);
    assert_eq!(
        str_at(
            &ok_json(&mock, &["connections", "get", &id]).await,
            "status"
        ),
        "ACTIVE"
    );

    let doctor = run(&mock, &["--json", "doctor"]).await;
    assert_eq!(doctor.code, 0, "{}", doctor.stdout);
    assert_eq!(doctor.json()["ready"], true);
    assert_eq!(doctor.json()["steps"].as_array().unwrap().len(), 4);

    ok_json(&mock, &["connections", "delete", &id]).await;
    let bad = run(&mock, &["connections", "get", "a/b"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[tokio::test]
async fn demo_finishes_and_tells_the_whole_tour() {
    let out = Command::new(env!("CARGO_BIN_EXE_maton-twilio"))
        .env_clear()
        .arg("demo")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "1. Create a Twilio connection and authorise it",
        ": PENDING",
        "is now ACTIVE",
        "2. Discover the account the connection reaches",
        "3. Search a number and buy it",
        "bought +1415",
        "4. Send SMS from it",
        "5. List them across pages of 5",
        "page 3: 2 messages",
        "is now delivered",
        "7. Place a call, then end it",
        "ended: completed",
        "8. Usage records",
        "sms          count 12",
        "9. Webhooks: signed callbacks to a local receiver",
        "verified message callbacks: queued -> sent -> delivered",
        "<Response><Say voice=\"alice\">Hello +15559876543, this is Rust.</Say><Hangup/></Response>",
        "call status: completed",
        "Done.",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}` in:\n{stdout}"
        );
    }
}
