//! Exit codes and hints by cause, option names in errors, `messages send` senders and
//! scheduling, lists that fail mid-way, and tables of wide characters.

mod common;

use common::{
    TO, assert_contains, command, finish, ok_json, run, run_with_key, send_args, send_sms, str_at,
    with_number,
};
use maton_test_support::{MockServer, Reply};
use maton_twilio::connections::ConnectionStatus;
use maton_twilio::raw::twilio::Operation;
use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
use unicode_width::UnicodeWidthStr;

const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn a_discovery_that_finds_no_account_exits_4_and_names_the_url_used() {
    // A gateway that answers, but lists no account: a request was sent, so not exit 2.
    let server = MockServer::always(Reply::json(200, serde_json::json!({"accounts": []}))).await;
    let mock = MockGateway::start().await.unwrap();
    let mut cmd = command(&mock, mock.api_key(), &["messages", "list"]);
    cmd.env("MATON_TWILIO_BASE_URL", format!("{}/twilio", server.url()))
        .env("MATON_CTRL_BASE_URL", server.url());
    let out = finish(&mut cmd).await;
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(!server.requests().is_empty());
    assert_contains(&out.stderr, &server.url());
    assert!(!out.stderr.contains("ctrl.maton.ai"), "{}", out.stderr);
    assert_contains(&out.stderr, "connections create");
}

#[tokio::test]
async fn twilio_20003_hints_account_or_connection_a_refused_key_hints_the_key() {
    let mock = MockGateway::builder()
        .connection(ConnectionStatus::Active)
        .start()
        .await
        .unwrap();
    let other = mock
        .connections()
        .into_iter()
        .find_map(|(id, _)| {
            mock.connection_account(&id)
                .filter(|a| a != mock.account_sid())
        })
        .expect("the second connection reaches an account of its own");
    let unreachable = run(&mock, &["--account", &other, "accounts", "get"]).await;
    assert_eq!(unreachable.code, 4, "{}", unreachable.stderr);
    assert_contains(&unreachable.stderr, "20003");
    assert!(
        unreachable.stderr.contains("--account") && unreachable.stderr.contains("--connection"),
        "{}",
        unreachable.stderr
    );
    assert!(
        !unreachable.stderr.contains("check MATON_API_KEY"),
        "{}",
        unreachable.stderr
    );

    let refused = run_with_key(&mock, "wrong_key_0123456789", &["accounts", "get"]).await;
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert_contains(
        &refused.stderr,
        "hint: the gateway refused the key: check MATON_API_KEY",
    );
}

#[tokio::test]
async fn input_errors_name_the_options_typed_and_send_nothing() {
    let (mock, from) = with_number().await;
    mock.clear_requests();
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &[
                "usage",
                "list",
                "--start",
                "2026-02-10",
                "--end",
                "2026-02-01",
            ],
            "invalid `--start`",
            "start_date",
        ),
        (
            &send_args(&from, &["--media-url", "not-a-url"]),
            "invalid `--media-url`",
            "media_url",
        ),
        (
            &["messages", "get", "SMnot-a-sid"],
            "invalid `SID`",
            "message_sid",
        ),
        (
            &["--account", "ACnope", "accounts", "list"],
            "invalid `--account`",
            "account_sid",
        ),
        (
            &["connections", "get", "a/b"],
            "invalid `ID`",
            "connection_id",
        ),
    ];
    for (args, expected, library) in cases {
        let out = run(&mock, args).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains(library), "{args:?}: {}", out.stderr);
    }
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());
}

#[tokio::test]
async fn send_takes_from_with_a_messaging_service_and_needs_one_of_them() {
    let (mock, from) = with_number().await;
    let neither = run(&mock, &["messages", "send", "--to", TO, "--body", "x"]).await;
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert_contains(
        &neither.stderr,
        "one of --from or --messaging-service is required",
    );
    assert!(mock.requests().is_empty());
    let both = ok_json(
        &mock,
        &send_args(&from, &["--messaging-service", SERVICE, "--body", "x"]),
    )
    .await;
    assert_eq!(str_at(&both, "from"), from);
    assert_eq!(str_at(&both, "messaging_service_sid"), SERVICE);
}

#[tokio::test]
async fn send_at_is_checked_before_sending_and_a_scheduled_message_can_be_canceled() {
    // The emulator's clock starts at the wall clock's now, as Twilio's would be.
    let mock = MockGateway::builder()
        .start_time(chrono::Utc::now())
        .start()
        .await
        .unwrap();
    mock.clear_requests();
    let send = |extra: &[&str]| {
        let mut args = vec!["messages", "send", "--to", TO, "--body", "later"];
        args.extend_from_slice(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    for (extra, expected) in [
        (
            &["--messaging-service", SERVICE, "--send-at", "+10m"][..],
            "less than 15 minutes",
        ),
        (
            &["--messaging-service", SERVICE, "--send-at", "+36d"][..],
            "more than 35 days",
        ),
        (
            &["--messaging-service", SERVICE, "--send-at", "soon"][..],
            "RFC 3339",
        ),
        (
            &["--from", "+15551234567", "--send-at", "+1h"][..],
            "Messaging Service",
        ),
    ] {
        let args = send(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&mock, &args).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
    assert!(mock.requests().is_empty(), "{:?}", mock.requests());

    let at = (chrono::Utc::now() + chrono::TimeDelta::hours(1)).to_rfc3339();
    for when in ["+1h", at.as_str()] {
        let args = send(&["--messaging-service", SERVICE, "--send-at", when]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let scheduled = ok_json(&mock, &args).await;
        assert_eq!(str_at(&scheduled, "status"), "scheduled", "{scheduled}");
        let sid = str_at(&scheduled, "sid").to_string();
        let canceled = ok_json(&mock, &["messages", "cancel", &sid]).await;
        assert_eq!(str_at(&canceled, "status"), "canceled", "{canceled}");
    }
}

#[tokio::test]
async fn a_list_that_fails_mid_way_prints_what_it_read_then_the_error() {
    let (mock, from) = with_number().await;
    for i in 0..3 {
        send_sms(&mock, &from, &format!("n{i}")).await;
    }
    let plan = || {
        FaultPlan::new()
            .then_pass(1)
            .then_always(Fault::InvalidJson)
    };
    mock.inject(Operation::ListMessage.id(), plan());
    let table = run(&mock, &["messages", "list", "--page-size", "2"]).await;
    assert_eq!(table.code, 3, "{}", table.stderr);
    assert_eq!(
        table.stdout.lines().count(),
        3,
        "header and 2 rows:\n{}",
        table.stdout
    );
    assert!(table.stdout.starts_with("SID "), "{}", table.stdout);
    assert_contains(&table.stderr, "error:");

    mock.inject(Operation::ListMessage.id(), plan());
    let json = run(&mock, &["--json", "messages", "list", "--page-size", "2"]).await;
    assert_eq!(json.code, 3, "{}", json.stderr);
    assert_eq!(
        json.json().as_array().map(Vec::len),
        Some(2),
        "{}",
        json.stdout
    );
    assert_contains(&json.stderr, "error:");
}

#[tokio::test]
async fn tables_align_emoji_and_cjk_by_display_width() {
    let mock = MockGateway::start().await.unwrap();
    let numbers = ok_json(&mock, &["numbers", "list"]).await;
    let sid = str_at(&numbers[0], "sid").to_string();
    ok_json(
        &mock,
        &["numbers", "update", &sid, "--friendly-name", "電話😀😀"],
    )
    .await;
    let listed = run(&mock, &["numbers", "list"]).await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    let column = |line: &str, needle: &str| line.find(needle).map(|at| line[..at].width());
    let header = column(lines[0], "CAPABILITIES");
    assert!(header.is_some(), "{}", listed.stdout);
    let rows: Vec<Option<usize>> = lines[1..].iter().map(|l| column(l, "voice")).collect();
    assert!(
        lines.iter().any(|l| l.contains("電話😀😀")),
        "{}",
        listed.stdout
    );
    for row in rows {
        assert_eq!(row, header, "\n{}", listed.stdout);
    }
}
