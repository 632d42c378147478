//! The binary's `--auth-token`: webhooks are on with it (the inbound-SMS endpoint answers for
//! the number) and off without it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The running binary, ended when dropped (also when an assertion fails).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the binary on a free port and returns it with its control-plane URL.
fn start(args: &[&str]) -> (Running, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_maton-twilio-mock"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut running = Running(child);
    let stdout = running.0.stdout.take().expect("stdout");
    let mut url = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        if let Some(rest) = line.strip_prefix("Control plane URL:") {
            url = Some(rest.trim().to_string());
        }
        if line.starts_with("Serving until") {
            break;
        }
    }
    (running, url.expect("the control-plane URL is printed"))
}

async fn inbound(url: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{url}/mock/inbound-sms"))
        .header("Authorization", "Bearer maton_mock_key")
        .form(&[
            ("To", "+15551234567"),
            ("From", "+15559876543"),
            ("Body", "hi"),
        ])
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn auth_token_turns_webhooks_on() {
    let (with, url) = start(&["--auth-token", "binary-test-token"]);
    let answer = inbound(&url).await;
    drop(with);
    assert_eq!(
        answer,
        (404, r#"{"error":"the number has no SmsUrl"}"#.to_string())
    );

    let (_without, url) = start(&[]);
    let answer = inbound(&url).await;
    assert_eq!(answer.0, 409);
    assert!(answer.1.contains("no auth token"), "{}", answer.1);
}
