//! `maton-twilio api METHOD PATH`: any v2010 request, JSON out, the usual exit codes.

use maton_twilio::raw::twilio::Operation;
use maton_twilio_mock::MockGateway;
use serde_json::Value;

use crate::common::{assert_contains, run};

const MESSAGES: &str = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

async fn emulator() -> MockGateway {
    MockGateway::start().await.expect("the emulator starts")
}

async fn post(mock: &MockGateway, body: &str) -> Value {
    let body = format!("Body={body}");
    let run = run(
        mock,
        &[
            "api",
            "POST",
            MESSAGES,
            "-f",
            "To=+15559876543",
            "-f",
            "From=+15551234567",
            "-f",
            &body,
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

#[tokio::test]
async fn a_post_creates_and_a_get_lists_as_json() {
    let mock = emulator().await;
    let created = post(&mock, "hello").await;
    assert_eq!(created["body"], "hello");
    assert_eq!(created["account_sid"], mock.account_sid());
    let sid = created["sid"].as_str().expect("a sid").to_string();

    let run = run(&mock, &["api", "get", MESSAGES, "-q", "PageSize=5"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.json();
    assert_eq!(page["page_size"], 5);
    assert_eq!(page["messages"][0]["sid"], sid.as_str());

    // A delete's empty 204 prints nothing.
    let one = format!("/2010-04-01/Accounts/{{AccountSid}}/Messages/{sid}.json");
    let deleted = crate::common::run(&mock, &["api", "DELETE", &one]).await;
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert_eq!(deleted.stdout, "");
    assert_eq!(mock.performed(Operation::DeleteMessage), 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn the_balance_of_the_configured_account_is_fetched_with_its_sid_filled_in() {
    let mock = emulator().await;
    let run = run(
        &mock,
        &[
            "api",
            "GET",
            "/2010-04-01/Accounts/{AccountSid}/Balance.json",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let balance = run.json();
    assert_eq!(balance["account_sid"], mock.account_sid());
    assert_eq!(balance["currency"], "USD");
    assert!(balance["balance"].is_string(), "{balance}");
    assert_eq!(mock.performed(Operation::FetchBalance), 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn paginate_prints_every_item_of_every_page_as_one_array() {
    let mock = emulator().await;
    for n in 0..5 {
        post(&mock, &format!("m{n}")).await;
    }
    let run = run(
        &mock,
        &["api", "GET", MESSAGES, "-q", "PageSize=2", "--paginate"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = run.json();
    let items = items.as_array().expect("one array");
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|m| m["sid"].is_string()));
    mock.shutdown().await;
}

#[tokio::test]
async fn an_unknown_path_exits_3_with_twilios_404_body() {
    let mock = emulator().await;
    let run = run(
        &mock,
        &[
            "api",
            "GET",
            "/2010-04-01/Accounts/{AccountSid}/Nowhere.json",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let body = run.json();
    assert_eq!(body["code"], 20404);
    assert_eq!(body["status"], 404);
    assert_contains(&run.stderr, "Twilio code: 20404");

    // Traced with -v, the key appears in neither stream.
    let traced = crate::common::run(
        &mock,
        &[
            "-v",
            "api",
            "GET",
            "/2010-04-01/Accounts/{AccountSid}/Nowhere.json",
        ],
    )
    .await;
    assert_eq!(traced.code, 3);
    assert_contains(&traced.stderr, "maton.request");
    for stream in [&traced.stdout, &traced.stderr] {
        assert!(!stream.contains(mock.api_key()), "{stream}");
    }
    mock.shutdown().await;
}

#[tokio::test]
async fn bad_paths_methods_and_fields_exit_2_and_send_nothing() {
    let mock = emulator().await;
    for args in [
        vec![
            "api",
            "GET",
            "https://evil.example/2010-04-01/Accounts.json",
        ],
        vec!["api", "GET", "/v1/Services"],
        vec!["api", "GET", "/2010-04-01/Accounts/{AccountSid}/../x.json"],
        vec!["api", "GET", "/2010-04-01/Accounts.json?PageSize=2"],
        vec!["api", "PUT", "/2010-04-01/Accounts.json"],
        vec!["api", "GET", MESSAGES, "-f", "Body=hi"],
        vec!["api", "POST", MESSAGES, "-f", "no-equals-sign"],
    ] {
        let run = run(&mock, &args).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    let run = run(&mock, &["api", "GET", "/v1/Services"]).await;
    assert_contains(&run.stderr, "invalid `PATH`");
    assert_contains(&run.stderr, "/2010-04-01/");
    assert!(mock.requests().is_empty(), "nothing was sent");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_reader_that_has_gone_ends_the_output_quietly() {
    let mock = emulator().await;
    post(&mock, "hello").await;
    // Standard output is a pipe whose reading end is already closed, as after `| head -1`.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let child = crate::common::command(&mock, mock.api_key(), &["api", "GET", MESSAGES])
        .stdout(writer)
        .spawn()
        .expect("the binary starts");
    let out = child.wait_with_output().await.expect("it ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    mock.shutdown().await;
}
