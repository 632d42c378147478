//! A server (or whatever stands in front of it) that echoes the key or sends pagination links
//! that go round in circles: the pieces the hostile-server tests share.

use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::{AccountSid, Client, ClientBuilder, Error, MessageSid, RetryPolicy};
use serde_json::{Value, json};

/// A key with a `/`, which JSON may escape as `\/`.
pub const KEY: &str = "mk_live_Hx7/Qp2Lr9Vt4Wn8Zc3Bd";
pub const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
pub const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";

pub fn u_escaped(text: &str) -> String {
    text.chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

pub fn percent_encoded(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/twilio", server.url()))
        .no_rate_limit()
        .retry_policy(RetryPolicy::none())
}

pub fn client(server: &MockServer) -> Client {
    builder(server)
        .account_sid(ACCOUNT.parse::<AccountSid>().unwrap())
        .build()
        .unwrap()
}

pub fn sid() -> MessageSid {
    MESSAGE.parse().unwrap()
}

/// The printouts of `error` that hold the key, whole or in part, raw or encoded.
pub fn leaks(error: &Error) -> Vec<String> {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        error.body().unwrap_or_default().to_string(),
        format!("{:?}", error.api_error()),
        format!("{:?}", error.headers().collect::<Vec<_>>()),
    ];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(format!("{cause} {cause:?}"));
        source = cause.source();
    }
    let middle = &KEY[12..20];
    let shapes = [
        KEY.to_string(),
        KEY.replace('/', "\\/"),
        u_escaped(KEY),
        percent_encoded(KEY),
        middle.to_string(),
        u_escaped(middle),
        percent_encoded(middle),
    ];
    texts
        .into_iter()
        .filter(|text| shapes.iter().any(|shape| text.contains(shape)))
        .collect()
}

/// Every printout of `error` is free of the key.
pub fn assert_no_key(error: &Error) {
    let leaked = leaks(error);
    assert!(leaked.is_empty(), "the key leaked in: {leaked:?}");
}

pub fn message(sid: &str) -> Value {
    json!({"sid": sid, "account_sid": ACCOUNT, "body": "hi"})
}

pub fn page(items: Vec<Value>, next: Option<String>) -> Reply {
    Reply::json(
        200,
        json!({"messages": items, "next_page_uri": next, "page_size": 1}),
    )
}

/// Serves `Messages.json`: `Page` absent is the first page; `links[n]` is where page `n` points
/// (`None`: last page); page `n` holds `items[n]` messages.
pub async fn paged(links: Vec<Option<u32>>, items: Vec<usize>) -> MockServer {
    MockServer::start(move |request: &Recorded| {
        let n: usize = request
            .query("Page")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let next =
            links.get(n).copied().flatten().map(|to| {
                format!("/2010-04-01/Accounts/{ACCOUNT}/Messages.json?PageSize=1&Page={to}")
            });
        let list = (0..items.get(n).copied().unwrap_or(0))
            .map(|i| message(&format!("SM{n:016x}{i:016x}")))
            .collect();
        page(list, next)
    })
    .await
}

/// Walks the stream, at most `cap` results, and returns them.
pub async fn walk(client: &Client, cap: usize) -> Vec<Result<String, Error>> {
    let mut stream = client.messages().list().stream();
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        seen.push(item.map(|m| m.sid.unwrap_or_default()));
        if seen.len() >= cap {
            break;
        }
    }
    seen
}

pub fn split(results: Vec<Result<String, Error>>) -> (usize, Vec<Error>) {
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let errors = results.into_iter().filter_map(Result::err).collect();
    (ok, errors)
}
