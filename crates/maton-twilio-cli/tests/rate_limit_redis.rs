//! `--rate-limit-redis URL` (or `MATON_RATE_LIMIT_REDIS_URL`): a bad URL is a usage error that
//! does not echo it; an unreachable Redis falls back to pacing in the process, with a warning.

use std::net::TcpListener;
use std::process::Stdio;

use maton_twilio_mock::MockGateway;
use tokio::process::Command;

async fn run(mock: &MockGateway, redis: (&str, &str), args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_maton-twilio"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MATON_API_KEY", mock.api_key())
        .env("MATON_TWILIO_BASE_URL", mock.twilio_url())
        .env("MATON_CTRL_BASE_URL", mock.control_url())
        .env(redis.0, redis.1)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .await
        .expect("run maton-twilio");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn nothing_listening() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    format!("redis://:pw-secret@127.0.0.1:{port}/0")
}

#[tokio::test]
async fn a_bad_redis_url_is_a_usage_error_that_does_not_echo_it() {
    let mock = MockGateway::start().await.expect("emulator");
    let bad = "http://:pw-secret@127.0.0.1:6379";
    let (code, _, stderr) = run(
        &mock,
        ("X_UNUSED", ""),
        &["--rate-limit-redis", bad, "accounts", "list"],
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("Redis URL"), "{stderr}");
    assert!(!stderr.contains("pw-secret"), "{stderr}");
    let (code, _, stderr) = run(
        &mock,
        ("MATON_RATE_LIMIT_REDIS_URL", bad),
        &["accounts", "list"],
    )
    .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(mock.requests().is_empty(), "nothing sent");
}

#[tokio::test]
async fn an_unreachable_redis_falls_back_and_warns() {
    let mock = MockGateway::start().await.expect("emulator");
    let url = nothing_listening();
    let (code, stdout, stderr) = run(
        &mock,
        ("MATON_RATE_LIMIT_REDIS_URL", &url),
        &["-v", "accounts", "list"],
    )
    .await;
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains(mock.account_sid()), "{stdout}");
    assert!(stderr.contains("Redis is unreachable"), "{stderr}");
    assert!(!stderr.contains("pw-secret"), "{stderr}");
}
