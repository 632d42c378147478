//! The emulator's webhooks, against a small recording receiver on 127.0.0.1: what is sent,
//! how it is signed, where it may go, and what happens when the receiver misbehaves.

mod common;

use std::convert::Infallible;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use maton_twilio_mock::{CallbackDelivery, CallbackKind, InboundError, MockGateway};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use common::{raw, url};

const TOKEN: &str = "emulator-test-token";

/// A request the receiver got.
#[derive(Debug)]
struct Got {
    method: String,
    uri: String,
    signature: Option<String>,
    body: String,
}

/// Starts a receiver answering every request with `status` and `body`; returns its base URL
/// and what it receives.
async fn receiver(status: u16, body: &'static str) -> (String, mpsc::UnboundedReceiver<Got>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let tx = tx.clone();
                    async move {
                        let (parts, incoming) = request.into_parts();
                        let bytes = incoming
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let _ = tx.send(Got {
                            method: parts.method.to_string(),
                            uri: parts.uri.to_string(),
                            signature: parts
                                .headers
                                .get("x-twilio-signature")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string),
                            body: String::from_utf8_lossy(&bytes).into_owned(),
                        });
                        let mut response =
                            hyper::Response::new(Full::new(bytes::Bytes::from(body)));
                        *response.status_mut() =
                            hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (base, rx)
}

/// The signature a receiver expects (the algorithm is tested against Twilio's own example in
/// `maton-twilio-rules`).
fn sign(url: &str, params: &[(String, String)]) -> String {
    maton_twilio_rules::webhook_signature(TOKEN.as_bytes(), url, params)
}

fn pairs(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// POSTs `To`, `From` and then `extra` to the create endpoint `tail`, which must answer 201;
/// returns the new record's SID.
async fn create(mock: &MockGateway, tail: &str, extra: &[(&str, &str)]) -> String {
    let mut form = vec![("To", "+15559876543"), ("From", "+15551234567")];
    form.extend_from_slice(extra);
    let response = raw(mock)
        .post(url(mock, tail))
        .form(&form)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 201, "{tail}");
    let body: serde_json::Value = response.json().await.expect("json");
    body["sid"].as_str().expect("sid").to_string()
}

async fn send_message(mock: &MockGateway, extra: &[(&str, &str)]) -> String {
    let mut form = vec![("Body", "hi")];
    form.extend_from_slice(extra);
    create(mock, "Messages.json", &form).await
}

/// An emulator that signs its callbacks with [`TOKEN`].
async fn signing_mock() -> MockGateway {
    MockGateway::builder()
        .auth_token(TOKEN)
        .start()
        .await
        .expect("start")
}

fn drain(rx: &mut mpsc::UnboundedReceiver<Got>) -> Vec<Got> {
    std::iter::from_fn(|| rx.try_recv().ok()).collect()
}

#[tokio::test]
async fn status_callbacks_are_signed_form_posts() {
    let (base, mut rx) = receiver(200, "").await;
    let mock = signing_mock().await;
    let callback = format!("{base}/status?tenant=7");
    let sid = send_message(&mock, &[("StatusCallback", &callback)]).await;
    mock.advance(Duration::from_secs(10));
    mock.wait_for_callbacks().await;
    let got = drain(&mut rx);
    assert_eq!(got.len(), 3);
    let mut statuses = Vec::new();
    for request in &got {
        assert_eq!(request.method, "POST");
        assert_eq!(request.uri, "/status?tenant=7");
        let params = pairs(&request.body);
        assert_eq!(
            request.signature.as_deref(),
            Some(sign(&callback, &params).as_str())
        );
        assert_eq!(get(&params, "MessageSid"), Some(sid.as_str()));
        assert_eq!(get(&params, "AccountSid"), Some(mock.account_sid()));
        statuses.push(get(&params, "MessageStatus").map(str::to_string));
    }
    let statuses: Vec<_> = statuses.into_iter().flatten().collect();
    assert_eq!(statuses, ["queued", "sent", "delivered"]);
    let recorded = mock.callbacks();
    assert!(
        recorded
            .iter()
            .all(|d| d.kind == CallbackKind::MessageStatus && d.succeeded())
    );
}

#[tokio::test]
async fn get_callbacks_carry_the_parameters_in_the_signed_query() {
    let (base, mut rx) = receiver(200, "").await;
    let mock = signing_mock().await;
    let callback = format!("{base}/status");
    send_message(
        &mock,
        &[
            ("StatusCallback", &callback),
            ("StatusCallbackMethod", "GET"),
        ],
    )
    .await;
    mock.wait_for_callbacks().await;
    let got = drain(&mut rx);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].method, "GET");
    assert!(got[0].body.is_empty());
    let full = format!("{base}{}", got[0].uri);
    assert!(full.contains("MessageStatus=queued"));
    assert_eq!(got[0].signature.as_deref(), Some(sign(&full, &[]).as_str()));
}

#[tokio::test]
async fn without_an_auth_token_nothing_is_sent() {
    let (base, mut rx) = receiver(200, "").await;
    let mock = MockGateway::start().await.expect("start");
    send_message(&mock, &[("StatusCallback", &format!("{base}/status"))]).await;
    mock.advance(Duration::from_secs(10));
    mock.wait_for_callbacks().await;
    assert!(mock.callbacks().is_empty());
    assert!(drain(&mut rx).is_empty());
    assert_eq!(
        mock.simulate_inbound_sms("+15551234567", "+15559876543", "hi")
            .await,
        Err(InboundError::NoAuthToken)
    );
}

/// Whether `delivery` failed with an error that mentions `text`.
fn failed_with(delivery: &CallbackDelivery, text: &str) -> bool {
    delivery.error.as_deref().is_some_and(|e| e.contains(text))
}

#[tokio::test]
async fn only_loopback_receivers_unless_allowed() {
    let mock = signing_mock().await;
    // 192.0.2.0/24 is reserved for documentation: refused before any connection is tried.
    send_message(&mock, &[("StatusCallback", "http://192.0.2.10/status")]).await;
    send_message(&mock, &[("StatusCallback", "https://127.0.0.1/status")]).await;
    mock.wait_for_callbacks().await;
    let recorded = mock.callbacks();
    assert_eq!(recorded.len(), 2);
    assert!(failed_with(&recorded[0], "not a loopback"));
    assert!(failed_with(&recorded[1], "https"));
    assert!(recorded.iter().all(|d| d.status.is_none()));
}

#[tokio::test]
async fn a_receiver_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    // Accepts and holds connections without ever answering.
    let (hold_tx, mut hold_rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = hold_tx.send(stream);
        }
    });
    let mock = MockGateway::builder()
        .auth_token(TOKEN)
        .callback_timeout(Duration::from_millis(200))
        .start()
        .await
        .expect("start");
    send_message(
        &mock,
        &[("StatusCallback", &format!("http://{addr}/status"))],
    )
    .await;
    mock.wait_for_callbacks().await;
    let recorded = mock.callbacks();
    assert_eq!(recorded.len(), 1);
    assert!(failed_with(&recorded[0], "no answer within 200 ms"));
    assert!(hold_rx.try_recv().is_ok(), "the connection was made");
}

#[tokio::test]
async fn hanging_up_reports_completed_with_the_next_sequence_number() {
    let (base, mut rx) = receiver(200, "").await;
    let mock = signing_mock().await;
    let callback = format!("{base}/call");
    let sid = create(
        &mock,
        "Calls.json",
        &[
            ("Twiml", "<Response><Say>Hi</Say></Response>"),
            ("StatusCallback", &callback),
            ("StatusCallbackEvent", "answered"),
            ("StatusCallbackEvent", "completed"),
        ],
    )
    .await;
    mock.advance(Duration::from_secs(6));
    mock.wait_for_callbacks().await;
    let response = raw(&mock)
        .post(url(&mock, &format!("Calls/{sid}.json")))
        .form(&[("Status", "completed")])
        .send()
        .await
        .expect("updated");
    assert_eq!(response.status(), 200);
    mock.wait_for_callbacks().await;
    let got: Vec<Vec<(String, String)>> = drain(&mut rx).iter().map(|g| pairs(&g.body)).collect();
    let seen: Vec<(Option<&str>, Option<&str>)> = got
        .iter()
        .map(|p| (get(p, "CallStatus"), get(p, "SequenceNumber")))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("in-progress"), Some("0")),
            (Some("completed"), Some("1"))
        ]
    );
    assert_eq!(get(&got[1], "CallbackSource"), Some("call-progress-events"));
    assert_eq!(get(&got[1], "CallDuration"), Some("1"));
    // Inline TwiML: nothing to fetch.
    assert!(
        mock.callbacks()
            .iter()
            .all(|d| d.kind == CallbackKind::CallStatus)
    );
}

#[tokio::test]
async fn inbound_sms_through_the_library_and_the_control_endpoint() {
    let (base, mut rx) = receiver(200, "<Response/>").await;
    let mock = signing_mock().await;
    // The number has no SmsUrl yet.
    assert_eq!(
        mock.simulate_inbound_sms("+15551234567", "+15559876543", "hi")
            .await,
        Err(InboundError::NoSmsUrl)
    );
    assert_eq!(
        mock.simulate_inbound_sms("+15550000000", "+15559876543", "hi")
            .await,
        Err(InboundError::NotOwned)
    );
    let list: serde_json::Value = raw(&mock)
        .get(url(&mock, "IncomingPhoneNumbers.json"))
        .send()
        .await
        .expect("listed")
        .json()
        .await
        .expect("json");
    let pn = list["incoming_phone_numbers"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["phone_number"] == "+15551234567"))
        .and_then(|n| n["sid"].as_str())
        .expect("owned")
        .to_string();
    let sms_url = format!("{base}/sms");
    let response = raw(&mock)
        .post(url(&mock, &format!("IncomingPhoneNumbers/{pn}.json")))
        .form(&[("SmsUrl", sms_url.as_str())])
        .send()
        .await
        .expect("updated");
    assert_eq!(response.status(), 200);

    let delivery = mock
        .simulate_inbound_sms("+15551234567", "+15559876543", "Hello & bye")
        .await
        .expect("delivered");
    assert_eq!(delivery.status, Some(200));
    assert_eq!(delivery.body, "<Response/>");
    let got = drain(&mut rx);
    assert_eq!(got.len(), 1);
    let params = pairs(&got[0].body);
    assert_eq!(get(&params, "Body"), Some("Hello & bye"));
    assert_eq!(get(&params, "NumMedia"), Some("0"));
    assert_eq!(
        got[0].signature.as_deref(),
        Some(sign(&sms_url, &params).as_str())
    );

    let endpoint = format!("{}/mock/inbound-sms", mock.control_url());
    let form = [
        ("To", "+15551234567"),
        ("From", "+15559876543"),
        ("Body", "via HTTP"),
    ];
    let unauthorised = reqwest::Client::new()
        .post(&endpoint)
        .form(&form)
        .send()
        .await
        .expect("answered");
    assert_eq!(unauthorised.status(), 401);
    let answer: serde_json::Value = raw(&mock)
        .post(&endpoint)
        .form(&form)
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(answer["status"], 200);
    assert!(
        answer["message_sid"]
            .as_str()
            .is_some_and(|s| s.starts_with("SM"))
    );
    let got = drain(&mut rx);
    assert_eq!(got.len(), 1);
    assert_eq!(get(&pairs(&got[0].body), "Body"), Some("via HTTP"));
    assert_eq!(mock.callbacks().len(), 2);
}

#[tokio::test]
async fn a_2xx_answer_that_is_not_xml_fails_the_call_with_11200() {
    let (base, mut rx) = receiver(200, "hello, not TwiML").await;
    let mock = signing_mock().await;
    let sid = create(&mock, "Calls.json", &[("Url", &format!("{base}/voice"))]).await;
    mock.advance(Duration::from_secs(4));
    mock.wait_for_callbacks().await;
    assert!(
        drain(&mut rx).is_empty(),
        "not answered yet: nothing fetched"
    );
    mock.advance(Duration::from_secs(1));
    mock.wait_for_callbacks().await;
    let fetched = drain(&mut rx);
    assert_eq!(fetched.len(), 1);
    assert_eq!(
        get(&pairs(&fetched[0].body), "CallStatus"),
        Some("in-progress")
    );
    let recorded = mock.callbacks();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].kind, CallbackKind::VoiceUrl);
    assert_eq!(recorded[0].status, Some(200));
    assert_eq!(recorded[0].body, "hello, not TwiML");
    assert_eq!(
        recorded[0].error_code,
        Some(maton_twilio_mock::TWIML_RETRIEVAL_FAILURE)
    );
    let call: serde_json::Value = raw(&mock)
        .get(url(&mock, &format!("Calls/{sid}.json")))
        .send()
        .await
        .expect("fetched")
        .json()
        .await
        .expect("json");
    assert_eq!(call["status"], "failed");
}

#[test]
fn the_default_timeout_is_five_seconds() {
    assert_eq!(
        maton_twilio_mock::DEFAULT_CALLBACK_TIMEOUT,
        Duration::from_secs(5)
    );
}
