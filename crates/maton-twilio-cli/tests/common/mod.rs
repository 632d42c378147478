//! What the binary's tests share: running it against an emulator with a clean environment.
#![allow(dead_code)]

use std::process::Stdio;

use maton_twilio_mock::MockGateway;
use serde_json::Value;
use tokio::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// An emulator whose key has no connection yet.
pub async fn without_connection() -> MockGateway {
    MockGateway::builder()
        .without_connection()
        .start()
        .await
        .expect("the emulator starts")
}

/// The binary with a clean environment, pointed at `mock`.
pub fn command(mock: &MockGateway, key: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_maton-twilio"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MATON_API_KEY", key)
        .env("MATON_TWILIO_BASE_URL", mock.twilio_url())
        .env("MATON_CTRL_BASE_URL", mock.control_url())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

pub async fn run(mock: &MockGateway, args: &[&str]) -> Run {
    run_with_key(mock, mock.api_key(), args).await
}

pub async fn run_with_key(mock: &MockGateway, key: &str, args: &[&str]) -> Run {
    finish(&mut command(mock, key, args)).await
}

pub async fn ok_json(mock: &MockGateway, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = run(mock, &all).await;
    assert_eq!(run.code, 0, "{args:?} failed:\n{}", run.stderr);
    run.json()
}

/// Asserts that `text` holds `needle`, showing all of `text` when it does not.
#[track_caller]
pub fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
}

/// How many items a `--json` list command prints.
pub async fn count(mock: &MockGateway, args: &[&str]) -> usize {
    let listed = ok_json(mock, args).await;
    listed
        .as_array()
        .unwrap_or_else(|| panic!("{args:?} printed no array: {listed}"))
        .len()
}

/// The number the tests send messages to.
pub const TO: &str = "+15559876543";

/// A started emulator and the first number it owns, to send from.
pub async fn with_number() -> (MockGateway, String) {
    let mock = MockGateway::start().await.expect("the emulator starts");
    let from = mock.owned_numbers()[0].clone();
    (mock, from)
}

/// `messages send --to TO --from FROM` followed by `more`.
pub fn send_args<'a>(from: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["messages", "send", "--to", TO, "--from", from];
    args.extend_from_slice(more);
    args
}

/// `messages send --to TO --from FROM --body BODY`, which must succeed; its JSON.
pub async fn send_sms(mock: &MockGateway, from: &str, body: &str) -> Value {
    ok_json(mock, &send_args(from, &["--body", body])).await
}

pub fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{key}` in {value}"))
}

/// Runs a prepared command to the end.
pub async fn finish(cmd: &mut Command) -> Run {
    let out = cmd.output().await.expect("run maton-twilio");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh directory for one test's files, under the system's temporary directory.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("maton-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}
