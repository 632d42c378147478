//! Hostile responses: arbitrary bytes, truncated JSON, JSON of the right shape with values of the
//! wrong kind, deep nesting and huge strings, fed to every response decoder (the generated
//! models, Twilio's error body, `Retry-After`, `next_page_uri`) and, over the wire, to the
//! facade and the connections client. Nothing may panic; errors are typed.
//!
//! Case counts are small for CI; `PROPTEST_CASES=100000 cargo test --release -p
//! maton-reliability --test hostile` is the long run (see SECURITY.md).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use maton_core::{ApiError, BaseUrl, Error, RetryPolicy, Service, retry_after};
use maton_test_support::{MockServer, Reply};
use maton_twilio::{Client, ErrorKind, MessageSid};
use maton_twilio_api::{control, twilio};
use proptest::prelude::*;
use serde_json::{Value, json};

/// `PROPTEST_CASES` for a long run, else the CI figure.
fn cases(ci: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ci)
}

/// Decodes `bytes` as every response type the SDK reads; returns how many accepted it.
fn decode_everything(bytes: &[u8]) -> usize {
    macro_rules! all {
        ($($ty:ty),+ $(,)?) => {
            [$(serde_json::from_slice::<$ty>(bytes).is_ok()),+].iter().filter(|ok| **ok).count()
        };
    }
    let text = String::from_utf8_lossy(bytes);
    let _ = ApiError::parse(&text);
    for status in [400u16, 401, 404, 429, 500, 502] {
        let e = Error::from_status(
            Service::Twilio,
            http::StatusCode::from_u16(status).expect("status"),
            http::HeaderMap::new(),
            text.to_string(),
        );
        let _ = (e.to_string(), format!("{e:?}"), e.code(), e.retry_after());
    }
    // Every success type of both specs, from the generated operation tables.
    let successes = twilio::Operation::ALL
        .iter()
        .filter_map(|op| op.decode_success(bytes))
        .chain(
            control::Operation::ALL
                .iter()
                .filter_map(|op| op.decode_success(bytes)),
        )
        .filter(Result::is_ok)
        .count();
    successes
        + all!(
            control::types::Connection,
            maton_twilio::model::Numeric,
            maton_twilio::model::Timestamp,
        )
}

/// A Twilio-shaped message and page, to cut and corrupt.
fn samples() -> Vec<Vec<u8>> {
    let message = json!({
        "account_sid": "AC0123456789abcdef0123456789abcdef", "sid": "SM0123456789abcdef0123456789abcdef",
        "body": "hi", "status": "queued", "direction": "outbound-api", "num_segments": "1",
        "price": "-0.00750", "price_unit": "USD", "date_created": "Mon, 09 Feb 2026 21:00:00 +0000",
        "error_code": null, "subresource_uris": {"media": "/x.json"}
    });
    let page = json!({"messages": [message.clone(), message.clone()], "page": 0, "page_size": 2,
        "next_page_uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json?PageToken=PA1"});
    let connection = json!({"connection": {"connection_id": "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
        "status": "ACTIVE", "app": "twilio", "creation_time": "2026-02-09T21:00:00Z"}});
    [message, page, connection]
        .iter()
        .map(|v| serde_json::to_vec(v).expect("json"))
        .collect()
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Objects with the models' own field names and values of any kind.
fn model_shaped() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "sid",
        "account_sid",
        "body",
        "status",
        "price",
        "num_segments",
        "date_created",
        "date_updated",
        "error_code",
        "messages",
        "calls",
        "accounts",
        "next_page_uri",
        "page",
        "page_size",
        "uri",
        "capabilities",
        "connection",
        "connections",
        "connection_id",
        "creation_time",
        "duration",
        "code",
        "message",
        "more_info",
        "subresource_uris",
    ]);
    prop::collection::btree_map(keys, any_json(), 0..12)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        decode_everything(&bytes);
    }

    #[test]
    fn truncated_and_corrupted_json_never_panics(which in 0usize..3, cut in any::<prop::sample::Index>(),
                                                 flip in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let sample = &samples()[which];
        let truncated = &sample[..cut.index(sample.len())];
        decode_everything(truncated);
        let mut corrupted = sample.clone();
        corrupted[flip.index(sample.len())] = byte;
        decode_everything(&corrupted);
    }

    #[test]
    fn model_shaped_objects_of_the_wrong_kinds_never_panic(value in model_shaped()) {
        let bytes = serde_json::to_vec(&value).expect("json");
        decode_everything(&bytes);
        let wrapped = serde_json::to_vec(&json!({"messages": [value.clone()], "connection": value})).expect("json");
        decode_everything(&wrapped);
    }

    #[test]
    fn retry_after_is_bounded_by_the_policy(text in "[ -~]{0,40}") {
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(&text) {
            headers.insert(http::header::RETRY_AFTER, value);
        }
        let policy = RetryPolicy::default();
        if let Some(wait) = policy.wait_before_next(1, retry_after(&headers)) {
            prop_assert!(wait <= Duration::from_secs(60));
        }
    }

    #[test]
    fn next_page_uris_never_leave_the_base(uri in prop_oneof![
        ".{0,60}",
        "(/|//|https?://|\\\\)[a-z0-9.:@%/\\\\-]{0,40}(\\.\\.|%2[eEfF])?[a-z/?=&#]{0,20}",
    ]) {
        let base = BaseUrl::parse("https://gateway.maton.ai/twilio").expect("base");
        if let Ok(url) = base.join_relative(&uri) {
            prop_assert!(base.contains(&url), "{uri} → {url}");
            prop_assert_eq!(url.host_str(), Some("gateway.maton.ai"));
        }
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_refused_or_decoded_without_panic() {
    for depth in [64, 127, 128, 129, 100_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        decode_everything(arrays.as_bytes());
        let objects = format!(
            "{}1{}",
            r#"{"messages":[{"subresource_uris":"#.repeat(depth),
            "}]}".repeat(depth)
        );
        decode_everything(objects.as_bytes());
        let open_only = "{\"a\":".repeat(depth);
        decode_everything(open_only.as_bytes());
    }
    let huge = "x".repeat(1 << 20);
    let body = json!({"sid": huge, "body": huge, "price": huge, "date_created": huge,
                      "message": huge, "code": 20404, "more_info": "x"});
    let bytes = serde_json::to_vec(&body).expect("json");
    decode_everything(&bytes);
    let e = Error::from_status(
        Service::Twilio,
        http::StatusCode::BAD_GATEWAY,
        http::HeaderMap::new(),
        huge.clone(),
    );
    assert!(
        e.to_string().len() < 1_000,
        "a huge non-JSON body is cut in the message"
    );
}

/// Over the wire: the facade and the connections client read hostile bodies from a server.
#[test]
fn hostile_bodies_over_the_wire_give_typed_errors() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let body: Arc<Mutex<(u16, Vec<u8>)>> = Arc::new(Mutex::new((200, Vec::new())));
    let server = {
        let body = Arc::clone(&body);
        runtime.block_on(MockServer::start(move |_| {
            let (status, bytes) = body.lock().expect("body").clone();
            Reply::raw(status, "application/json", bytes)
        }))
    };
    let client = Client::builder()
        .api_key("mk_test_key")
        .base_url(format!("{}/twilio", server.url()))
        .control_base_url(server.url())
        .account_sid("AC0123456789abcdef0123456789abcdef".parse().expect("sid"))
        .no_rate_limit()
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let sid: MessageSid = "SM0123456789abcdef0123456789abcdef".parse().expect("sid");
    let ran = std::cell::Cell::new(0u32);
    let config = ProptestConfig {
        cases: cases(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = (
        prop::sample::select(vec![200u16, 201, 400, 404, 429, 500, 502]),
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..2048),
            model_shaped().prop_map(|v| serde_json::to_vec(&v).expect("json")),
            (0usize..3, any::<prop::sample::Index>()).prop_map(|(w, cut)| {
                let s = &samples()[w];
                s[..cut.index(s.len())].to_vec()
            }),
        ],
    );
    runner
        .run(&strategy, |(status, bytes)| {
            *body.lock().expect("body") = (status, bytes);
            ran.set(ran.get() + 1);
            runtime.block_on(async {
                for result in [
                    client.messages().fetch(&sid).await.map(drop),
                    client.messages().list().limit(5).all().await.map(drop),
                    client.connections().list().send().await.map(drop),
                ] {
                    if let Err(e) = result {
                        let _ = (e.to_string(), format!("{e:?}"));
                        prop_assert!(
                            status < 300 || e.kind() != ErrorKind::Decode,
                            "an error status is not a decode error: {e}"
                        );
                    }
                }
                Ok(())
            })
        })
        .expect("no failure");
    // A huge error body is kept only up to the cap.
    *body.lock().expect("body") = (502, vec![b'x'; 4 << 20]);
    let error = runtime
        .block_on(client.messages().fetch(&sid).into_future())
        .expect_err("502");
    let kept = error.body().map_or(0, str::len);
    assert!(
        kept <= maton_core::MAX_ERROR_BODY + 100,
        "{kept} bytes kept"
    );
    assert!(error.to_string().len() < 1_000);
    // A next_page_uri that is pure garbage ends the walk with an error, not a panic or a loop.
    *body.lock().expect("body") = (
        200,
        serde_json::to_vec(&json!({"messages": [], "next_page_uri": "/twilio/%2e%2e/x"}))
            .expect("json"),
    );
    let walked = runtime.block_on(client.messages().list().all());
    assert_eq!(walked.expect_err("refused").kind(), ErrorKind::Decode);
    println!(
        "\nhostile bodies over the wire: {} cases × 3 operations, panics 0",
        ran.get()
    );
}
