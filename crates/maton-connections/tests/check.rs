//! Every outcome of the key check, against a server on 127.0.0.1.

mod common;

use common::{KEY, assert_bearer, client, connection, default_client};
use maton_connections::{Connections, ErrorKind, KeyCheck};
use maton_test_support::{MockServer, Reply};
use serde_json::json;

/// The variables a shell would hold: the key (if any) and the server's URL.
fn vars(key: Option<&str>, server: &MockServer) -> impl Fn(&str) -> Option<String> {
    let key = key.map(str::to_owned);
    let url = server.url();
    move |name| match name {
        "MATON_API_KEY" => key.clone(),
        "MATON_CTRL_BASE_URL" => Some(url.clone()),
        _ => None,
    }
}

fn list(connections: Vec<serde_json::Value>) -> Reply {
    Reply::json(200, json!({ "connections": connections }))
}

#[tokio::test]
async fn no_key_is_reported_without_sending_anything() {
    let server = MockServer::always(list(vec![])).await;
    for key in [
        None,
        Some(""),
        Some("   "),
        Some("two words"),
        Some("bad\r\nkey"),
    ] {
        let check = Connections::check_lookup(vars(key, &server)).await.unwrap();
        assert!(matches!(check, KeyCheck::MissingKey), "{key:?}: {check:?}");
        assert!(!check.is_ready());
        assert!(check.hint().contains("MATON_API_KEY"));
        assert!(check.hint().contains("https://maton.ai/settings"));
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_401_means_the_key_was_rejected() {
    let server = MockServer::always(Reply::raw(401, "text/plain", "Invalid API key")).await;
    let check = Connections::check_lookup(vars(Some(KEY), &server))
        .await
        .unwrap();
    assert!(matches!(check, KeyCheck::KeyRejected), "{check:?}");
    assert!(check.to_string().contains("401"));
    assert!(check.hint().contains("https://maton.ai/settings"));
    assert!(!check.to_string().contains(KEY));

    let request = server.single_request();
    assert_eq!(request.path, "/connections");
    assert_eq!(
        request.query_pairs(),
        [("app".to_string(), "twilio".to_string())]
    );
    assert_bearer(&request);
}

#[tokio::test]
async fn a_key_without_an_active_connection_is_told_what_to_do() {
    let server = MockServer::always(list(vec![
        connection("failed-one", "FAILED"),
        connection("pending-one", "PENDING"),
    ]))
    .await;
    let check = Connections::check_lookup(vars(Some(KEY), &server))
        .await
        .unwrap();
    match &check {
        KeyCheck::NoActiveConnection { app, connections } => {
            assert_eq!(app, "twilio");
            assert_eq!(connections.len(), 2);
        }
        other => panic!("expected NoActiveConnection, got {other:?}"),
    }
    let pending = check.pending().expect("the pending connection");
    assert_eq!(pending.raw_id(), Some("pending-one"));
    assert!(pending.url().is_some());
    assert!(check.hint().contains("PENDING"), "{}", check.hint());

    let empty = MockServer::always(list(vec![])).await;
    let check = Connections::check_lookup(vars(Some(KEY), &empty))
        .await
        .unwrap();
    assert!(matches!(check, KeyCheck::NoActiveConnection { .. }));
    assert!(check.pending().is_none());
    assert!(
        check.hint().contains("create a connection"),
        "{}",
        check.hint()
    );
    assert!(
        check.to_string().contains("none of its 0 twilio"),
        "{check}"
    );
}

#[tokio::test]
async fn an_active_connection_means_ready() {
    let mut older = connection("older", "ACTIVE");
    older["creation_time"] = json!("2025-01-01T00:00:00.000000Z");
    let server = MockServer::always(list(vec![
        connection("newer", "ACTIVE"),
        older,
        connection("pending", "PENDING"),
    ]))
    .await;
    let connections = default_client(&server);
    let check = connections.check_key().await.unwrap();
    assert!(check.is_ready(), "{check:?}");
    assert_eq!(check.connection().unwrap().raw_id(), Some("older"));
    assert!(check.to_string().starts_with("ready"));
}

#[tokio::test]
async fn other_failures_are_errors_not_verdicts_on_the_key() {
    let server = MockServer::always(Reply::raw(503, "text/plain", "down")).await;
    let connections = client(&server);
    let e = connections.check_key().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
}
