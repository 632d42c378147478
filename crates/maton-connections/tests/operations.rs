//! Each control-plane operation against a server on 127.0.0.1: what goes on the wire, what comes
//! back, and how errors are told apart.

mod common;

use common::{ID, KEY, assert_bearer, client, connection, default_client, envelope, sequence};
use maton_connections::{
    ConnectionMethod, ConnectionStatus, Connections, ErrorKind, Outcome, RetryPolicy,
};
use maton_test_support::{MockServer, Reply};
use maton_twilio_api::control::Operation;
use serde_json::json;

#[tokio::test]
async fn list_sends_the_filters_as_query_and_the_key_as_bearer() {
    let server = MockServer::always(Reply::json(
        200,
        json!({"connections": [connection(ID, "ACTIVE"), connection("second", "PENDING")]}),
    ))
    .await;
    let list = client(&server)
        .list()
        .app("twilio")
        .status(ConnectionStatus::Active)
        .send()
        .await
        .unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].id().unwrap().as_str(), ID);
    assert_eq!(list[1].status(), Some(&ConnectionStatus::Pending));

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/connections");
    assert_eq!(
        request.query_pairs(),
        [
            ("app".to_string(), "twilio".to_string()),
            ("status".to_string(), "ACTIVE".to_string())
        ]
    );
    assert_bearer(&request);
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("maton-twilio-rs/")
    );
    assert_eq!(request.header("api-version"), None);
}

#[tokio::test]
async fn list_without_filters_sends_no_query_and_accepts_a_missing_list() {
    let server = MockServer::always(Reply::json(200, json!({}))).await;
    let list = client(&server).list().send().await.unwrap();
    assert!(list.is_empty());
    assert_eq!(server.single_request().query, None);
}

#[tokio::test]
async fn create_posts_json_and_returns_the_url_to_open() {
    let server = MockServer::always(envelope(connection(ID, "PENDING"))).await;
    let connections = client(&server);
    let created = connections.create("twilio").send().await.unwrap();
    assert!(created.is_pending());
    assert_eq!(
        created.url(),
        Some("https://connect.maton.ai/?session_token=abc")
    );
    assert_eq!(created.id().unwrap().as_str(), ID);

    connections
        .create("twilio")
        .method(ConnectionMethod::Oauth2)
        .send()
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/connections");
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_bearer(request);
    }
    assert_eq!(requests[0].json(), json!({"app": "twilio"}));
    assert_eq!(
        requests[1].json(),
        json!({"app": "twilio", "method": "OAUTH2"})
    );
}

#[tokio::test]
async fn get_fetches_by_id_and_types_every_field() {
    let mut sent = connection(ID, "ACTIVE");
    sent["metadata"] = json!({"account_sid": "AC123", "scopes": ["sms"]});
    sent["region"] = json!("us1");
    let server = MockServer::always(envelope(sent.clone())).await;
    let got = client(&server).get(ID).await.unwrap();
    assert!(got.is_active());
    assert_eq!(
        got.created().unwrap().to_rfc3339(),
        "2026-02-09T23:18:44.243582+00:00"
    );
    assert_eq!(
        got.updated().unwrap().to_rfc3339(),
        "2026-02-09T23:19:55.176687+00:00"
    );
    assert_eq!(got.app(), Some("twilio"));
    assert_eq!(got.method(), Some(&ConnectionMethod::Oauth2));
    assert_eq!(got.metadata().unwrap()["scopes"][0], "sms");
    assert_eq!(got.extra()["region"], "us1");
    assert_eq!(serde_json::to_value(&got).unwrap(), sent, "nothing is lost");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, format!("/connections/{ID}"));
    assert_eq!(request.query, None);
    assert_bearer(&request);
}

#[tokio::test]
async fn what_the_server_sends_is_never_refused() {
    let server = MockServer::always(envelope(json!({
        "connection_id": "weird/id with spaces",
        "status": "REVOKED",
        "creation_time": "last tuesday",
        "method": "SAML"
    })))
    .await;
    let got = client(&server).get(ID).await.unwrap();
    assert_eq!(got.id(), None, "an invalid id is never sent back");
    assert_eq!(got.raw_id(), Some("weird/id with spaces"));
    assert_eq!(
        got.status(),
        Some(&ConnectionStatus::Unknown("REVOKED".into()))
    );
    assert_eq!(got.created(), None);
    assert_eq!(
        got.as_raw().creation_time.as_ref().unwrap().as_str(),
        "last tuesday"
    );
    assert_eq!(
        got.method(),
        Some(&ConnectionMethod::Unknown("SAML".into()))
    );
}

#[tokio::test]
async fn delete_sends_delete_and_ignores_the_body() {
    for reply in [
        Reply::empty(200),
        Reply::empty(204),
        Reply::json(200, json!({"deleted": true})),
        Reply::raw(200, "text/plain", "OK"),
    ] {
        let server = MockServer::always(reply).await;
        client(&server).delete(ID).await.unwrap();
        let request = server.single_request();
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.path, format!("/connections/{ID}"));
        assert_bearer(&request);
    }
}

#[tokio::test]
async fn bad_ids_and_apps_are_refused_before_sending() {
    let server = MockServer::always(envelope(connection(ID, "ACTIVE"))).await;
    let connections = client(&server);
    for bad in [
        "",
        "a/b",
        "../connections",
        "..",
        "a%2Fb",
        "a b",
        "a\r\nX-Injected: 1",
        "\r\n",
        "-a",
    ] {
        let wait = connections.wait_until_active(bad).send().await.unwrap_err();
        let errors = [
            connections.get(bad).await.unwrap_err(),
            connections.delete(bad.to_string()).await.unwrap_err(),
            connections.select_by_id(bad).await.unwrap_err(),
        ];
        for e in errors.iter().chain(wait.as_error()) {
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
            assert_eq!(e.field(), Some("connection_id"), "{bad:?}");
            assert_eq!(e.outcome(), Outcome::NotPerformed);
        }
        assert!(wait.as_error().is_some(), "{wait}");
    }
    for bad in ["", "twi lio", "a/b", "twilio&status=ACTIVE", "twilio\r\n"] {
        let e = connections.create(bad).send().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::InvalidInput, Some("app"))
        );
        assert_eq!(e.operation(), Some(Operation::CreateConnection.id()));
        let e = connections.list().app(bad).send().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::InvalidInput, Some("app"))
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn error_statuses_are_told_apart() {
    let cases = [
        (
            Reply::raw(401, "text/plain", "Unauthorized"),
            ErrorKind::Unauthorized,
        ),
        (
            Reply::json(404, json!({"error": "not found"})),
            ErrorKind::NotFound,
        ),
        (
            Reply::raw(429, "text/plain", "slow down").with_header("retry-after", "7"),
            ErrorKind::RateLimited,
        ),
        (Reply::raw(500, "text/plain", "boom"), ErrorKind::Server),
        (
            Reply::raw(502, "text/html", "<html>bad gateway</html>"),
            ErrorKind::Server,
        ),
        (
            Reply::json(400, json!({"error": "bad app"})),
            ErrorKind::Api,
        ),
    ];
    for (reply, kind) in cases {
        let status = reply.status.as_u16();
        let body = String::from_utf8_lossy(&reply.body).into_owned();
        let server = MockServer::always(reply).await;
        let e = client(&server).get(ID).await.unwrap_err();
        assert_eq!(e.kind(), kind, "{status}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.body(), Some(body.as_str()), "{status}: the body is kept");
        // A failed gateway (502) cannot say whether the request went through.
        let outcome = if status == 502 {
            Outcome::Unknown
        } else {
            Outcome::Answered
        };
        assert_eq!(e.outcome(), outcome, "{status}");
        assert_eq!(e.operation(), Some(Operation::GetConnection.id()));
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains(KEY), "{text}");
        }
        if status == 429 {
            assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
        }
    }
}

#[tokio::test]
async fn undecodable_bodies_keep_their_status_and_text() {
    for body in ["<html>not json</html>", r#"{"connection": 42}"#] {
        let server = MockServer::always(Reply::raw(200, "application/json", body)).await;
        let e = client(&server).get(ID).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}");
        assert_eq!(e.status(), Some(200));
        assert_eq!(e.body(), Some(body));
    }
    let server = MockServer::always(Reply::json(200, json!({"connection": null}))).await;
    let e = client(&server).create("twilio").send().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.operation(), Some(Operation::CreateConnection.id()));
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error_that_did_nothing() {
    let server = MockServer::always(Reply::empty(200)).await;
    let url = server.url();
    drop(server);
    tokio::task::yield_now().await;
    let connections = Connections::builder()
        .api_key(KEY)
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = connections.list().send().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(e.outcome(), Outcome::NotPerformed);
}

#[tokio::test(start_paused = true)]
async fn gets_are_retried_on_5xx_by_default() {
    let server = MockServer::start(sequence(vec![
        Reply::raw(503, "text/plain", "busy"),
        envelope(connection(ID, "ACTIVE")),
    ]))
    .await;
    let connections = default_client(&server);
    assert!(connections.get(ID).await.unwrap().is_active());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn select_for_app_asks_for_active_ones_and_takes_the_oldest() {
    let mut newer = connection("newer", "ACTIVE");
    newer["creation_time"] = json!("2026-03-01T00:00:00.000000Z");
    let mut older = connection("older", "ACTIVE");
    older["creation_time"] = json!("2025-12-08T07:20:53.488460Z");
    let server = MockServer::always(Reply::json(200, json!({"connections": [newer, older]}))).await;
    let chosen = client(&server).select_for_app("twilio").await.unwrap();
    assert_eq!(chosen.unwrap().id().unwrap().as_str(), "older");
    let request = server.single_request();
    assert_eq!(
        request.query_pairs(),
        [
            ("app".to_string(), "twilio".to_string()),
            ("status".to_string(), "ACTIVE".to_string())
        ]
    );

    let empty = MockServer::always(Reply::json(200, json!({"connections": []}))).await;
    assert!(
        client(&empty)
            .select_for_app("twilio")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn select_by_id_gives_only_usable_connections() {
    let cases = [
        (envelope(connection(ID, "ACTIVE")), true),
        (envelope(connection(ID, "PENDING")), false),
        (envelope(connection(ID, "FAILED")), false),
        (
            Reply::json(404, json!({"error": "no such connection"})),
            false,
        ),
    ];
    for (reply, usable) in cases {
        let server = MockServer::always(reply).await;
        let selected = client(&server).select_by_id(ID).await.unwrap();
        assert_eq!(selected.is_some(), usable);
        if let Some(c) = selected {
            assert_eq!(c.id().unwrap().as_str(), ID);
        }
        assert_eq!(server.single_request().path, format!("/connections/{ID}"));
    }
    let server = MockServer::always(Reply::raw(401, "text/plain", "no")).await;
    let e = client(&server).select_by_id(ID).await.unwrap_err();
    assert!(e.is_unauthorized());
}

#[tokio::test(start_paused = true)]
async fn a_total_timeout_bounds_retries_and_their_waits() {
    let server =
        MockServer::always(Reply::raw(503, "text/plain", "busy").with_header("retry-after", "60"))
            .await;
    let connections = Connections::builder()
        .api_key(KEY)
        .base_url(server.url())
        .retry_policy(RetryPolicy::default().max_attempts(3))
        .total_timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let e = connections.get(ID).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}: without it, two waits of 60 s",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 1);
}
