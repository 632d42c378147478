//! Account discovery: once, cached across clones and concurrent calls, overridable, and a clear
//! error when the key sees no account.

mod common;

use common::*;
use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::raw::twilio::Operation;
use maton_twilio::{AccountSid, Client, ErrorKind, MessageSid};
use serde_json::json;

const SUB: &str = "ACffffffffffffffffffffffffffffffff";

fn discovering_client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/twilio", server.url()))
        .no_rate_limit()
        .retry_policy(quick_retries())
        .build()
        .unwrap()
}

/// Lists a subaccount first and the main account second, like a real key might.
fn accounts_then_router(request: &Recorded) -> Reply {
    if request.path == "/twilio/2010-04-01/Accounts.json" {
        return Reply::json(
            200,
            page(
                "accounts",
                vec![account_json(SUB, ACCOUNT), account_json(ACCOUNT, ACCOUNT)],
                0,
                None,
            ),
        );
    }
    twilio_router(request)
}

fn discoveries(server: &MockServer) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.path == "/twilio/2010-04-01/Accounts.json")
        .count()
}

#[tokio::test]
async fn discovers_the_main_account_once_and_shares_it_with_clones() {
    let server = MockServer::start(accounts_then_router).await;
    let client = discovering_client(&server);
    let sid: MessageSid = MESSAGE.parse().unwrap();
    client.messages().fetch(&sid).await.unwrap();
    client.clone().messages().fetch(&sid).await.unwrap();
    assert_eq!(client.account_sid().await.unwrap().as_str(), ACCOUNT);
    assert_eq!(discoveries(&server), 1);
    let requests = server.requests();
    assert_eq!(requests[1].path, path(&format!("/Messages/{MESSAGE}.json")));
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_calls_share_one_discovery() {
    let server = MockServer::start(accounts_then_router).await;
    let client = discovering_client(&server);
    let sid: MessageSid = MESSAGE.parse().unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            let sid = sid.clone();
            tokio::spawn(async move { client.messages().fetch(&sid).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(discoveries(&server), 1);
    assert_eq!(server.requests().len(), 9);
}

#[tokio::test]
async fn a_configured_or_overridden_account_skips_discovery() {
    let server = MockServer::start(accounts_then_router).await;
    let sid: MessageSid = MESSAGE.parse().unwrap();
    client(&server).messages().fetch(&sid).await.unwrap();
    let sub: AccountSid = SUB.parse().unwrap();
    discovering_client(&server)
        .with_account(sub)
        .messages()
        .fetch(&sid)
        .await
        .unwrap();
    assert_eq!(discoveries(&server), 0);
    let requests = server.requests();
    assert_eq!(
        requests[1].path,
        format!("/twilio/2010-04-01/Accounts/{SUB}/Messages/{MESSAGE}.json")
    );
}

#[tokio::test]
async fn no_account_is_a_clear_config_error_and_is_not_cached() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"accounts": [], "next_page_uri": null, "page": 0}),
    ))
    .await;
    let client = discovering_client(&server);
    let sid: MessageSid = MESSAGE.parse().unwrap();
    let err = client.messages().fetch(&sid).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("sees no Twilio account"), "{err}");
    let _ = client.messages().fetch(&sid).await.unwrap_err();
    assert_eq!(
        server.requests().len(),
        2,
        "a failed discovery is tried again"
    );
}

#[tokio::test]
async fn a_discovery_failure_surfaces_its_own_error() {
    let server = MockServer::always(Reply::raw(401, "text/plain", "bad key")).await;
    let err = discovering_client(&server).account_sid().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unauthorized);
    assert_eq!(err.operation(), Some(Operation::ListAccount.id()));
}
