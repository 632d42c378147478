//! Messages, and the exit codes by cause: `--json` output, tables, refused input, bad keys,
//! missing connections and unreachable servers.

use maton_twilio_mock::MockGateway;

use crate::common::{
    assert_contains, command, count, ok_json, run, run_with_key, send_args, send_sms, str_at,
    with_number, without_connection,
};

#[tokio::test]
async fn messages_commands_print_json_and_exit_0() {
    let (mock, from) = with_number().await;
    let more = [
        "--body",
        "hi 😀",
        "--media-url",
        "https://example.com/a.png",
    ];
    let sent = ok_json(&mock, &send_args(&from, &more)).await;
    assert_eq!(str_at(&sent, "body"), "hi 😀");
    assert_eq!(str_at(&sent, "status"), "queued");
    let sid = str_at(&sent, "sid").to_string();
    for i in 0..4 {
        send_sms(&mock, &from, &format!("n{i}")).await;
    }

    // Sent (and so dated) one second after creation.
    mock.advance(std::time::Duration::from_secs(2));

    // Lists are arrays, streamed across pages up to --limit.
    let listed = [
        "messages",
        "list",
        "--to",
        "+15559876543",
        "--page-size",
        "2",
    ];
    assert_eq!(
        count(&mock, &[&listed[..], &["--limit", "3"]].concat()).await,
        3
    );
    let all = [
        "messages",
        "list",
        "--page-size",
        "2",
        "--sent-after",
        "2000-01-01",
    ];
    assert_eq!(count(&mock, &all).await, 5);

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
    assert_contains(&cancel.stderr, "Twilio code:");
    let deleted = ok_json(&mock, &["messages", "delete", &sid]).await;
    assert_eq!(str_at(&deleted, "deleted"), sid);
    let gone = run(&mock, &["messages", "get", &sid]).await;
    assert_eq!(gone.code, 3, "{}", gone.stderr);
    assert_contains(&gone.stderr, "20404");
    assert_contains(
        &gone.stderr,
        "more info:   https://www.twilio.com/docs/errors/20404",
    );
}

#[tokio::test]
async fn human_output_is_an_aligned_table() {
    let (mock, from) = with_number().await;
    send_sms(&mock, &from, "hello").await;
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
    assert_contains(&run.stderr, "invalid `--to`");
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
    assert_contains(&run.stderr, "401");
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
    let mock = without_connection().await;
    let no_key = run_with_key(&mock, "", &["accounts", "list"]).await;
    assert_eq!(no_key.code, 4, "{}", no_key.stderr);
    assert!(no_key.stderr.contains("MATON_API_KEY"));

    let no_connection = run(&mock, &["accounts", "list"]).await;
    assert_eq!(no_connection.code, 4, "{}", no_connection.stderr);
    assert_contains(&no_connection.stderr, "connections create");

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
