//! Helpers shared by the integration tests: clients for a running emulator.

#![allow(dead_code)]

use maton_twilio_api::{Context, control, twilio};
use maton_twilio_mock::{Limits, MockGateway};

/// A reqwest client that sends `Authorization: Bearer <key>`, as the SDK builds one.
pub fn http_with_key(key: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let mut auth =
        reqwest::header::HeaderValue::from_str(&format!("Bearer {key}")).expect("header");
    auth.set_sensitive(true);
    headers.insert(reqwest::header::AUTHORIZATION, auth);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

/// An emulator with `limits`, defaults otherwise.
pub async fn with_limits(limits: Limits) -> MockGateway {
    MockGateway::builder()
        .limits(limits)
        .start()
        .await
        .expect("start")
}

/// The generated Twilio client, pointed at the emulator.
pub fn twilio(mock: &MockGateway) -> twilio::Client {
    twilio::Client::new_with_client(
        &mock.twilio_url(),
        http_with_key(mock.api_key()),
        Context::default(),
    )
}

/// The generated control-plane client, pointed at the emulator.
pub fn control(mock: &MockGateway) -> control::Client {
    control::Client::new_with_client(
        &mock.control_url(),
        http_with_key(mock.api_key()),
        Context::default(),
    )
}

/// A plain client with the key, for requests the generated client will not send.
pub fn raw(mock: &MockGateway) -> reqwest::Client {
    http_with_key(mock.api_key())
}

/// `{twilio_url}/2010-04-01/Accounts/{account}/{tail}`.
pub fn url(mock: &MockGateway, tail: &str) -> String {
    format!(
        "{}/2010-04-01/Accounts/{}/{tail}",
        mock.twilio_url(),
        mock.account_sid()
    )
}

/// The JSON body of a response, with its status.
pub async fn json(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(serde_json::Value::Null);
    (status, body)
}

/// GETs `url` with the key; answers the status and the JSON body.
pub async fn get_json(mock: &MockGateway, url: &str) -> (u16, serde_json::Value) {
    json(raw(mock).get(url).send().await.expect("send")).await
}

/// POSTs the form `body` to `url(mock, tail)` with the key; answers the status and the JSON body.
pub async fn post_form(mock: &MockGateway, tail: &str, body: String) -> (u16, serde_json::Value) {
    let response = raw(mock)
        .post(url(mock, tail))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("send");
    json(response).await
}

/// Sends a message through the raw client; returns its SID.
pub async fn send(mock: &MockGateway, to: &str, body: &str) -> String {
    let pairs = [("To", to), ("From", "+15551234567"), ("Body", body)];
    let (status, json) = post_form(mock, "Messages.json", form(&pairs)).await;
    assert_eq!(status, 201, "{json}");
    json["sid"].as_str().expect("sid").to_string()
}

/// A form body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    form_encode(pairs)
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode(k));
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `Calls/{sid}.json`.
pub fn url_for_call(sid: &str) -> String {
    format!("Calls/{sid}.json")
}

/// Sends `request` and answers the status it got.
pub async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.expect("send").status().as_u16()
}
