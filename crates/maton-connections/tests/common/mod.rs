//! What the integration tests share: a client pointed at a [`MockServer`], replies in sequence,
//! and connection JSON as the control plane sends it.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use maton_connections::{Connections, RetryPolicy};
use maton_test_support::{MockServer, Recorded, Reply};
use serde_json::{Value, json};

pub const KEY: &str = "test-key-not-secret-1234";
pub const ID: &str = "ebe566b1-3eaf-4926-bc92-0d8d47445f12";

/// A client for `server`, without retries so that each request is one reply.
pub fn client(server: &MockServer) -> Connections {
    Connections::builder()
        .api_key(KEY)
        .base_url(server.url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A client for `server` with the default retry policy, as a user would build it.
pub fn default_client(server: &MockServer) -> Connections {
    Connections::builder()
        .api_key(KEY)
        .base_url(server.url())
        .build()
        .unwrap()
}

/// A connection as the control plane sends it.
pub fn connection(id: &str, status: &str) -> Value {
    json!({
        "connection_id": id,
        "status": status,
        "creation_time": "2026-02-09T23:18:44.243582Z",
        "last_updated_time": "2026-02-09T23:19:55.176687Z",
        "url": "https://connect.maton.ai/?session_token=abc",
        "app": "twilio",
        "method": "OAUTH2",
        "metadata": {}
    })
}

/// `{"connection": ...}`.
pub fn envelope(connection: Value) -> Reply {
    Reply::json(200, json!({ "connection": connection }))
}

/// Answers with `replies` in turn, repeating the last one.
pub fn sequence(replies: Vec<Reply>) -> impl Fn(&Recorded) -> Reply + Send + Sync + 'static {
    assert!(!replies.is_empty());
    let next = AtomicUsize::new(0);
    move |_| {
        let i = next.fetch_add(1, Ordering::SeqCst);
        replies[i.min(replies.len() - 1)].clone()
    }
}

/// Asserts the request carried the bearer key.
pub fn assert_bearer(request: &Recorded) {
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}
