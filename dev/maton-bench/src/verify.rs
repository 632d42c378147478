//! `maton-bench verify`: proves the baseline is fair before anything is timed. Against an
//! in-process emulator (its request recorder sees every byte but `Authorization`, which it
//! checks), the facade and the baseline send and fetch a message; the requests must be
//! identical and the fetched messages equal.

use maton_twilio::MessageSid;
use maton_twilio_mock::{MockGateway, RecordedRequest};
use serde_json::{Value, json};

use crate::raw::Raw;
use crate::requests::{BODY, FROM, TO, facade};
use crate::stream::PAGE_SIZE;

/// The parts of a request that must match: method, path, query, headers (sorted), body.
fn wire(request: &RecordedRequest) -> String {
    let mut headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<binary>")))
        .collect();
    headers.sort();
    format!(
        "{} {}?{}\n{}\n\n{}",
        request.method,
        request.path,
        request.query.as_deref().unwrap_or(""),
        headers.join("\n"),
        request.body_text()
    )
}

/// Compares the last two recorded requests (facade first, then raw).
fn same_bytes(mock: &MockGateway, what: &str) -> Result<String, String> {
    let requests = mock.requests();
    let [.., facade, raw] = requests.as_slice() else {
        return Err(format!("{what}: the emulator recorded too few requests"));
    };
    let (facade, raw) = (wire(facade), wire(raw));
    mock.clear_requests();
    if facade == raw {
        Ok(facade)
    } else {
        Err(format!(
            "{what}: the baseline's request differs from the facade's\n--- facade\n{facade}\n--- raw\n{raw}"
        ))
    }
}

/// Runs the checks; returns the requests compared.
pub async fn run() -> Result<Value, String> {
    let mock = MockGateway::start().await.map_err(|e| e.to_string())?;
    let target = crate::Target {
        twilio_url: mock.twilio_url(),
        control_url: mock.control_url(),
        key: mock.api_key().to_string(),
    };
    let client = facade(&target)?;
    let raw = Raw::new(&target.twilio_url, &target.key, mock.account_sid())?;
    client.account_sid().await.map_err(|e| e.to_string())?;
    mock.clear_requests();

    let sent = client
        .messages()
        .send(TO, FROM)
        .body(BODY)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    raw.send(TO, FROM, BODY).await?;
    let send = same_bytes(&mock, "send")?;

    let sid = sent.sid.clone().unwrap_or_default();
    let typed: MessageSid = sid.parse().map_err(|e| format!("{sid}: {e}"))?;
    let by_facade = client
        .messages()
        .fetch(&typed)
        .await
        .map_err(|e| e.to_string())?;
    let by_raw = raw.fetch(&sid).await?;
    let fetch = same_bytes(&mock, "fetch")?;
    if by_facade != by_raw || by_facade.body.as_deref() != Some(BODY) {
        return Err(format!(
            "fetch: different messages\n{by_facade:?}\n{by_raw:?}"
        ));
    }

    // The first page of a stream and of the hand-written walk.
    let mut stream = client
        .messages()
        .list()
        .page_size(PAGE_SIZE)
        .limit(1)
        .stream();
    stream.next().await.transpose().map_err(|e| e.to_string())?;
    raw.page(&raw.first_page_url(PAGE_SIZE)).await?;
    let list = same_bytes(&mock, "list")?;
    mock.shutdown().await;
    Ok(json!({ "send": send, "fetch": fetch, "list": list }))
}
