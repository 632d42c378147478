//! The transport on the wire: bodies are bounded, the key goes only to its own base.

use std::sync::Arc;

use maton_core::Execute;
use maton_core::{ApiKey, BaseUrl, Transport};
use maton_test_support::{MockServer, Reply};

fn transport(server: &MockServer) -> Transport {
    Transport::new(
        ApiKey::new("test-key-not-secret").unwrap(),
        BaseUrl::parse(&server.url()).unwrap(),
    )
}

#[tokio::test]
async fn a_body_longer_than_the_limit_fails_to_read_instead_of_growing() {
    let server = MockServer::always(Reply::raw(200, "application/json", vec![b'x'; 4096])).await;
    let http = reqwest::Client::new();
    let limited = Arc::new(transport(&server).max_body(1024));
    let request = http.get(format!("{}/big", server.url())).build().unwrap();
    let response = limited.execute(&http, request, "Big").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.url().as_str(),
        format!("{}/big", server.url()),
        "the URL is kept"
    );
    assert!(
        response.bytes().await.is_err(),
        "reading past the limit must fail"
    );

    let request = http.get(format!("{}/big", server.url())).build().unwrap();
    let response = transport(&server)
        .execute(&http, request, "Big")
        .await
        .unwrap();
    assert_eq!(
        response.bytes().await.unwrap().len(),
        4096,
        "under the default limit it reads"
    );
}

#[tokio::test]
async fn the_key_is_sent_only_under_the_base_url() {
    let own = MockServer::always(Reply::empty(204)).await;
    let other = MockServer::always(Reply::empty(204)).await;
    let http = reqwest::Client::new();
    let t = transport(&own);
    let to_own = http.get(format!("{}/x", own.url())).build().unwrap();
    t.execute(&http, to_own, "Own").await.unwrap();
    let to_other = http.get(format!("{}/x", other.url())).build().unwrap();
    t.execute(&http, to_other, "Other").await.unwrap();
    assert_eq!(
        own.single_request().header("authorization"),
        Some("Bearer test-key-not-secret")
    );
    assert_eq!(other.single_request().header("authorization"), None);
}

#[tokio::test]
async fn an_error_body_echoing_the_key_reaches_the_caller_without_it() {
    let echo = "invalid key test-key-not-secret (no scheme prefix)";
    let server = MockServer::always(Reply::raw(401, "text/plain", echo)).await;
    let http = reqwest::Client::new();
    let request = http.get(format!("{}/x", server.url())).build().unwrap();
    let response = transport(&server)
        .execute(&http, request, "X")
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["content-type"], "text/plain");
    let error = maton_core::from_response(maton_core::Service::Twilio, response).await;
    assert_eq!(
        error.body(),
        Some("invalid key <redacted> (no scheme prefix)")
    );
    assert!(!format!("{error} {error:?}").contains("test-key-not-secret"));

    // Success bodies are left alone.
    let server = MockServer::always(Reply::raw(200, "text/plain", echo)).await;
    let request = http.get(format!("{}/x", server.url())).build().unwrap();
    let response = transport(&server)
        .execute(&http, request, "X")
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), echo);
}
