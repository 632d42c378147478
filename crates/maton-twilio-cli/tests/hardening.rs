//! Hostile input and server text on a terminal, where the key comes from, what the browser
//! opener inherits, and the global `--timeout`.

mod common;

use maton_twilio::raw::twilio::Operation;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{assert_contains, command, finish, ok_json, run, send_sms, str_at, with_number};
use maton_twilio_mock::{Fault, FaultPlan, MockGateway};
use tokio::io::AsyncWriteExt;

/// No line of `text` starts as if the CLI had written it.
fn no_forged_line(text: &str) {
    let errors = text.lines().filter(|l| l.starts_with("error:")).count();
    assert!(errors <= 1, "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.contains("FORGED") && l.starts_with("error: FORGED"))
    );
}

#[tokio::test]
async fn echoed_input_is_escaped_and_shortened() {
    let mock = MockGateway::start().await.unwrap();
    let forged = "2026-02-01\nerror: FORGED\u{1b}[2J";
    let out = run(&mock, &["messages", "list", "--sent-after", forged]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    no_forged_line(&out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert_contains(&out.stderr, "2026-02-01\\nerror: FORGED");

    let long = "9".repeat(5_000);
    let out = run(&mock, &["usage", "list", "--start", &long]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.len() < 300, "{}", out.stderr);

    let out = run(
        &mock,
        &["--timeout", "1x\nerror: FORGED", "accounts", "list"],
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!out.stderr.contains("\nerror: FORGED"), "{}", out.stderr);
}

#[tokio::test]
async fn server_text_is_neutralised_in_tables_and_plain_output_but_exact_in_json() {
    let (mock, from) = with_number().await;
    let body = "hi\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\r\nerror: FORGED";
    let sent = send_sms(&mock, &from, body).await;
    assert_eq!(str_at(&sent, "body"), body, "--json keeps the text exact");
    let sid = str_at(&sent, "sid").to_string();
    for args in [vec!["messages", "list"], vec!["messages", "get", &sid]] {
        let out = run(&mock, &args).await;
        assert_eq!(out.code, 0, "{}", out.stderr);
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\r'] {
            assert!(!out.stdout.contains(bad), "{args:?}: {:?}", out.stdout);
        }
        assert!(
            !out.stdout.lines().any(|l| l.starts_with("error: FORGED")),
            "{args:?}: {}",
            out.stdout
        );
        assert_contains(&out.stdout, "\\u{1b}]0;pwned");
    }
    let exact = ok_json(&mock, &["messages", "get", &sid]).await;
    assert_eq!(str_at(&exact, "body"), body);
}

#[tokio::test]
async fn the_key_comes_from_a_file_or_stdin_and_the_old_flag_warns() {
    let mock = MockGateway::start().await.unwrap();
    let dir = common::scratch_dir("key-file");
    let file = dir.join("key");
    std::fs::write(&file, format!("{}\n", mock.api_key())).unwrap();
    let path = file.to_string_lossy().into_owned();

    let mut from_file = command(&mock, "", &["--api-key-file", &path, "accounts", "list"]);
    from_file.env_remove("MATON_API_KEY");
    let out = finish(&mut from_file).await;
    assert_eq!(out.code, 0, "{}", out.stderr);

    let mut from_stdin = command(&mock, "", &["--api-key-file", "-", "accounts", "list"]);
    from_stdin.env_remove("MATON_API_KEY").stdin(Stdio::piped());
    let mut child = from_stdin.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(mock.api_key().as_bytes()).await.unwrap();
    drop(stdin);
    let done = child.wait_with_output().await.unwrap();
    assert_eq!(done.status.code(), Some(0), "{:?}", done);

    let missing = dir.join("absent").to_string_lossy().into_owned();
    let out = run(&mock, &["--api-key-file", &missing, "accounts", "list"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);

    let mut on_argv = command(
        &mock,
        "",
        &["--api-key", mock.api_key(), "accounts", "list"],
    );
    on_argv.env_remove("MATON_API_KEY");
    let out = finish(&mut on_argv).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stderr, "warning: --api-key");
    assert!(!out.stderr.contains(mock.api_key()), "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_browser_opener_gets_no_maton_variable() {
    let mock = common::without_connection().await;
    let dir = common::scratch_dir("opener");
    let fifo = dir.join("env.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let script = dir.join("opener.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\n{ env; echo \"URL=$1\"; } > \"$OPENER_OUT\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();

    let mut cmd = command(&mock, mock.api_key(), &["connections", "create", "--open"]);
    cmd.env("MATON_TWILIO_OPENER", &script)
        .env("MATON_OTHER_SECRET", "s3cr3t-value")
        .env("OPENER_OUT", &fifo);
    let reader = tokio::task::spawn_blocking({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo)
    });
    let out = finish(&mut cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut reader = reader;
    let env = match tokio::time::timeout(Duration::from_secs(30), &mut reader).await {
        Ok(read) => read.unwrap().unwrap(),
        Err(_) => {
            // Unblock the reader (it waits for a writer) before failing, so the test ends.
            drop(std::fs::OpenOptions::new().write(true).open(&fifo));
            let _ = reader.await;
            panic!("the opener never ran: {}", out.stderr);
        }
    };
    assert!(env.contains("URL=http://127.0.0.1"), "{env}");
    assert!(env.contains("OPENER_OUT="), "{env}");
    assert!(!env.contains("MATON_"), "{env}");
    assert!(
        !env.contains(mock.api_key()) && !env.contains("s3cr3t-value"),
        "{env}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn timeout_bounds_the_whole_command_and_exits_5() {
    let mock = MockGateway::start().await.unwrap();
    mock.inject(
        Operation::ListAccount.id(),
        FaultPlan::always(Fault::Latency(Duration::from_secs(120))),
    );
    let started = Instant::now();
    let out = run(&mock, &["--timeout", "300ms", "accounts", "list"]).await;
    assert_eq!(out.code, 5, "{}", out.stderr);
    assert_contains(&out.stderr, "--timeout");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );

    let bad = run(&mock, &["--timeout", "soon", "accounts", "list"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[tokio::test]
async fn a_hostile_connection_url_is_neither_opened_nor_printed_raw() {
    let hostile = "javascript:alert(1)\u{1b}]0;pwned\u{7}\r\nerror: FORGED";
    let control = maton_test_support::MockServer::always(maton_test_support::Reply::json(
        200,
        serde_json::json!({"connection": {
            "connection_id": "0b9f1c2d-3e4f-4a5b-8c7d-6e5f4a3b2c1d",
            "status": "PENDING\u{1b}[2J",
            "url": hostile,
            "app": "twilio",
        }}),
    ))
    .await;
    let mock = MockGateway::start().await.unwrap();
    let mut cmd = command(&mock, mock.api_key(), &["connections", "create", "--open"]);
    cmd.env("MATON_CTRL_BASE_URL", control.url())
        .env("MATON_TWILIO_OPENER", "/nonexistent/opener");
    let out = finish(&mut cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_contains(&out.stderr, "not opening the URL");
    assert!(!out.stderr.contains("could not start"), "{}", out.stderr);
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
        no_forged_line(text);
    }
}

#[tokio::test]
async fn a_hostile_twilio_error_is_printed_escaped() {
    let gateway = maton_test_support::MockServer::always(maton_test_support::Reply::json(
        400,
        serde_json::json!({
            "code": 21211,
            "message": format!("bad\u{1b}]0;pwned\u{7}\r\nerror: FORGED {}", "x".repeat(5_000)),
            "more_info": "https://www.twilio.com/docs/errors/21211\u{1b}[2J\nerror: FORGED",
            "status": 400,
        }),
    ))
    .await;
    let mock = MockGateway::start().await.unwrap();
    let account = mock.account_sid().to_string();
    let mut cmd = command(
        &mock,
        mock.api_key(),
        &["--account", &account, "accounts", "get"],
    );
    cmd.env("MATON_TWILIO_BASE_URL", format!("{}/twilio", gateway.url()));
    let out = finish(&mut cmd).await;
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_contains(&out.stderr, "21211");
    assert!(
        !out.stderr.contains('\u{1b}') && !out.stderr.contains('\r'),
        "{:?}",
        out.stderr
    );
    assert!(out.stderr.len() < 1_000, "{}", out.stderr);
    no_forged_line(&out.stderr);
}
