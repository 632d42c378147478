//! Shared test helpers: clients pointed at a 127.0.0.1 server, and Twilio-shaped fixtures.
#![allow(dead_code)]

use std::time::Duration;

use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::model::Message;
use maton_twilio::{AccountSid, Client, ClientBuilder, Error, RetryPolicy};
use maton_twilio_mock::MockGateway;
use serde_json::{Value, json};

pub const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
pub const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";
pub const CALL: &str = "CA0123456789abcdef0123456789abcdef";
pub const NUMBER: &str = "PN0123456789abcdef0123456789abcdef";
pub const APPLICATION: &str = "AP0123456789abcdef0123456789abcdef";
pub const QUEUE: &str = "QU0123456789abcdef0123456789abcdef";
pub const ADDRESS: &str = "AD0123456789abcdef0123456789abcdef";
pub const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";
pub const KEY: &str = "test-key-not-secret-7f3a";

/// Retries on, but with waits too short to matter.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

/// A builder for `server`: fixed account, no rate limit, quick retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    builder_at(format!("{}/twilio", server.url()))
}

/// [`builder`] for a Twilio base URL of any server (one that never answers, a closed port).
pub fn builder_at(base_url: impl Into<String>) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .no_rate_limit()
        .retry_policy(quick_retries())
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// A builder for the emulator `mock`: its key and its two base URLs.
pub fn emulator_builder(mock: &MockGateway) -> ClientBuilder {
    Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
}

/// Sends a text message with `body` from one fixed number to another, as most tests do.
pub async fn send_text(client: &Client, body: &str) -> Result<Message, Error> {
    client
        .messages()
        .send("+15559876543", "+15551234567")
        .body(body)
        .send()
        .await
}

/// The path a request for `rest` (`/Messages.json`) under the account has on the server.
pub fn path(rest: &str) -> String {
    format!("/twilio/2010-04-01/Accounts/{ACCOUNT}{rest}")
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The form pairs, sorted (the generated encoder orders fields by name).
pub fn form(request: &Recorded) -> Vec<(String, String)> {
    let mut form = request.form_pairs();
    form.sort();
    form
}

/// The value of the first pair named `name`, of a query or a form.
pub fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub fn query(request: &Recorded) -> Vec<(String, String)> {
    let mut query = request.query_pairs();
    query.sort();
    query
}

pub fn message_json(sid: &str) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "body": "hi",
        "direction": "outbound-api",
        "from": "+15551234567",
        "to": "+15559876543",
        "num_segments": "1",
        "num_media": "0",
        "price": "-0.00750",
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "date_created": "Mon, 09 Feb 2026 21:00:00 +0000",
        "date_sent": null,
        "error_code": null,
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Messages/{sid}.json")
    })
}

pub fn call_json(sid: &str) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "sid": sid,
        "from": "+15551234567",
        "to": "+15559876543",
        "status": "completed",
        "direction": "outbound-api",
        "duration": "60",
        "price": "-0.0130",
        "start_time": "Mon, 09 Feb 2026 21:00:00 +0000",
        "end_time": null
    })
}

pub fn number_json() -> Value {
    json!({
        "account_sid": ACCOUNT,
        "sid": NUMBER,
        "phone_number": "+15551234567",
        "friendly_name": "(555) 123-4567",
        "capabilities": {"voice": true, "sms": true, "mms": true, "fax": false},
        "sms_application_sid": "",
        "voice_url": "https://example.com/voice",
        "address_requirements": "none",
        "emergency_status": "Inactive"
    })
}

pub fn available_json(number: &str) -> Value {
    json!({
        "phone_number": number,
        "friendly_name": number,
        "iso_country": "US",
        "region": "CA",
        "latitude": "37.840699",
        "longitude": "-122.461853",
        "capabilities": {"voice": true, "SMS": true, "MMS": false},
        "address_requirements": "none",
        "beta": false
    })
}

pub fn application_json() -> Value {
    json!({"account_sid": ACCOUNT, "sid": APPLICATION, "friendly_name": "App",
           "voice_url": "https://example.com/voice", "voice_method": "POST"})
}

pub fn queue_json() -> Value {
    json!({"account_sid": ACCOUNT, "sid": QUEUE, "friendly_name": "support",
           "current_size": 2, "average_wait_time": 30, "max_size": 100})
}

pub fn address_json() -> Value {
    json!({"account_sid": ACCOUNT, "sid": ADDRESS, "customer_name": "Ada",
           "street": "1 Main St", "city": "San Francisco", "region": "CA",
           "postal_code": "94105", "iso_country": "US", "emergency_enabled": false,
           "validated": true, "verified": null})
}

pub fn usage_json() -> Value {
    json!({"account_sid": ACCOUNT, "category": "sms", "count": "42", "count_unit": "messages",
           "usage": "42", "usage_unit": "messages", "price": "0.33", "price_unit": "usd",
           "start_date": "2026-02-01", "end_date": "2026-02-28", "as_of": "2026-02-09T21:00:00+00:00"})
}

pub fn account_json(sid: &str, owner: &str) -> Value {
    json!({"sid": sid, "owner_account_sid": owner, "friendly_name": "My account",
           "status": "active", "type": "Full",
           "date_created": "Mon, 09 Feb 2026 20:19:55 +0000"})
}

/// A page of `items` under `key`, with `next` as its `next_page_uri`.
pub fn page(key: &str, items: Vec<Value>, page: i64, next: Option<String>) -> Value {
    json!({
        key: items,
        "page": page,
        "page_size": 50,
        "start": 0,
        "end": 0,
        "uri": "/2010-04-01/x.json",
        "first_page_uri": "/2010-04-01/x.json",
        "next_page_uri": next,
        "previous_page_uri": null
    })
}

/// Answers every Twilio path the facade uses with a plausible body: lists get one item,
/// creates 201, deletes 204, everything else the item.
pub fn twilio_router(request: &Recorded) -> Reply {
    let path = request.path.as_str();
    let method = request.method.as_str();
    if method == "DELETE" {
        return Reply::empty(204);
    }
    let created = if method == "POST" { 201 } else { 200 };
    let segments: Vec<&str> = path.trim_end_matches(".json").split('/').collect();
    let last = segments.last().copied().unwrap_or("");
    let parent = segments.iter().rev().nth(1).copied().unwrap_or("");
    let list = |key: &str, item: Value| Reply::json(200, page(key, vec![item], 0, None));
    let item = |item: Value| Reply::json(created, item);
    let status_of_update = 200;
    match (last, parent) {
        ("Accounts", _) if method == "GET" => list("accounts", account_json(ACCOUNT, ACCOUNT)),
        ("Accounts", _) => item(account_json(ACCOUNT, ACCOUNT)),
        (_, "Accounts") => Reply::json(status_of_update, account_json(last, ACCOUNT)),
        ("Messages", _) if method == "GET" => list("messages", message_json(MESSAGE)),
        ("Messages", _) => item(message_json(MESSAGE)),
        (_, "Messages") => Reply::json(200, message_json(last)),
        ("Calls", _) if method == "GET" => list("calls", call_json(CALL)),
        ("Calls", _) => item(call_json(CALL)),
        (_, "Calls") => Reply::json(200, call_json(last)),
        ("IncomingPhoneNumbers", _) if method == "GET" => {
            list("incoming_phone_numbers", number_json())
        }
        ("IncomingPhoneNumbers", _) => item(number_json()),
        (_, "IncomingPhoneNumbers") => Reply::json(200, number_json()),
        ("Local" | "TollFree" | "Mobile", _) => {
            list("available_phone_numbers", available_json("+14155550100"))
        }
        ("Applications", _) if method == "GET" => list("applications", application_json()),
        ("Applications", _) => item(application_json()),
        (_, "Applications") => Reply::json(200, application_json()),
        ("Queues", _) if method == "GET" => list("queues", queue_json()),
        ("Queues", _) => item(queue_json()),
        (_, "Queues") => Reply::json(200, queue_json()),
        ("Addresses", _) if method == "GET" => list("addresses", address_json()),
        ("Addresses", _) => item(address_json()),
        (_, "Addresses") => Reply::json(200, address_json()),
        ("Records", _) | (_, "Records") => list("usage_records", usage_json()),
        _ => Reply::raw(404, "text/plain", format!("no route for {method} {path}")),
    }
}

/// A server that answers like Twilio (see [`twilio_router`]).
pub async fn twilio_server() -> MockServer {
    MockServer::start(twilio_router).await
}

/// [`twilio_server`] and a [`client`] for it.
pub async fn twilio_client() -> (MockServer, Client) {
    let server = twilio_server().await;
    let client = client(&server);
    (server, client)
}

/// Counts the requests a [`silent_server`] has read.
pub struct RequestCount(tokio::sync::watch::Receiver<usize>);

impl RequestCount {
    /// Waits (on the server's own signal, not a clock) until `n` requests have been read, then
    /// returns the count. Bytes a client wrote before giving up are still read after it closed,
    /// so every request it sent is counted eventually.
    pub async fn settle_at_least(&mut self, n: usize) -> usize {
        let reached = {
            let wait = self.0.wait_for(|count| *count >= n);
            match tokio::time::timeout(std::time::Duration::from_secs(30), wait).await {
                Ok(Ok(count)) => Some(*count),
                _ => None,
            }
        };
        reached.unwrap_or_else(|| *self.0.borrow())
    }
}

/// [`builder_at`] a [`silent_server`], each attempt cut after `timeout`; with the count of
/// requests the server read.
pub async fn silent_builder(timeout: Duration) -> (ClientBuilder, RequestCount) {
    let (url, count) = silent_server().await;
    (builder_at(url).timeout(timeout), count)
}

/// A server on 127.0.0.1 that reads each request and never answers; counts the requests.
pub async fn silent_server() -> (String, RequestCount) {
    use tokio::io::AsyncReadExt;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::watch::channel(0usize);
    let tx = std::sync::Arc::new(tx);
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let tx = std::sync::Arc::clone(&tx);
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                let mut counted = false;
                loop {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                    if !counted && seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        counted = true;
                        tx.send_modify(|count| *count += 1);
                    }
                }
            });
        }
    });
    (url, RequestCount(rx))
}

/// A loopback URL where nothing listens.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
