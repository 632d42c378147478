//! The API key stays secret: never in Debug, Display, errors or TRACE-level tracing (all targets,
//! reqwest's `log` records included), never in the repository's fixtures, and never sent to a
//! host other than the configured base URL: not after a redirect, not to a `next_page_uri`
//! elsewhere. Plain http is refused except on loopback (see also `bad_input.rs`).

mod common;

use maton_twilio_api::twilio::Operation;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use common::{FROM, SECRET_KEY as KEY, TO, send_text};
use maton_connections::Connections;
use maton_core::ApiKey;
use maton_test_support::{MockServer, Reply};
use maton_twilio::{Client, ErrorKind, MessageSid, RetryPolicy};
use maton_twilio_mock::MockGateway;
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

/// Everything traced by this test binary, at TRACE, for every target.
static TRACE: Mutex<Vec<u8>> = Mutex::new(Vec::new());

#[derive(Clone, Copy)]
struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        TRACE.lock().expect("trace").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One global subscriber for the binary (scoped ones can miss callsites when tests run side by
/// side), plus the `log` bridge for reqwest's records.
fn capture_traces() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let fmt = tracing_subscriber::fmt::layer()
            .with_writer(|| Capture)
            .with_ansi(false)
            .with_target(true)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL);
        let subscriber = tracing_subscriber::registry::Registry::default()
            .with(fmt)
            .with(tracing_subscriber::filter::LevelFilter::TRACE);
        tracing::subscriber::set_global_default(subscriber).expect("global subscriber");
        tracing_log::LogTracer::builder()
            .with_max_level(log::LevelFilter::Trace)
            .init()
            .expect("log bridge");
    });
}

fn traced() -> String {
    String::from_utf8_lossy(&TRACE.lock().expect("trace")).into_owned()
}

/// Every place the key could show: counts scanned texts, fails on the first leak.
#[derive(Default)]
struct Scan {
    texts: usize,
    bytes: usize,
}

impl Scan {
    fn check(&mut self, what: &str, text: &str) {
        self.texts += 1;
        self.bytes += text.len();
        assert!(!text.contains(KEY), "the key leaked in {what}: {text}");
        assert!(
            !text.contains(&KEY[8..]),
            "part of the key leaked in {what}: {text}"
        );
    }
}

fn emulator_client(mock: &MockGateway) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .account_sid(mock.account_sid().parse().expect("sid"))
        .retry_policy(common::retries(3))
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_key_never_shows_in_debug_display_errors_or_trace_output() {
    capture_traces();
    let mut scan = Scan::default();
    let mock = MockGateway::builder()
        .api_key(KEY)
        .start()
        .await
        .expect("emulator");
    let builder = Client::builder().api_key(KEY).base_url(mock.twilio_url());
    scan.check("ClientBuilder Debug", &format!("{builder:?}"));
    let client = emulator_client(&mock);
    scan.check("Client Debug", &format!("{client:?} {client:#?}"));
    scan.check("Connections Debug", &format!("{:?}", client.connections()));
    let key = ApiKey::new(KEY).expect("key");
    scan.check("ApiKey Debug", &format!("{key:?}"));
    scan.check("Authorization Debug", &format!("{:?}", key.authorization()));
    let standalone = Connections::builder()
        .api_key(KEY)
        .base_url(mock.control_url())
        .build()
        .expect("connections");
    scan.check("Connections Debug", &format!("{standalone:?}"));

    // Requests that succeed, retry, fail and walk pages, all traced at TRACE.
    let sent = send_text(&client, "traced").await.expect("send");
    scan.check("Message Debug", &format!("{sent:?}"));
    mock.inject(
        Operation::FetchMessage.id(),
        maton_twilio_mock::FaultPlan::new()
            .then(maton_twilio_mock::Fault::InternalServerError, 1)
            .then(maton_twilio_mock::Fault::ResetBeforeProcessing, 1),
    );
    let sid = MessageSid::parse(sent.sid.as_deref().unwrap_or_default()).expect("sid");
    client
        .messages()
        .fetch(&sid)
        .await
        .expect("fetch after retries");
    let all = client.messages().list().page_size(1).all().await;
    scan.check("list", &format!("{all:?}"));
    let listed = client
        .connections()
        .list()
        .send()
        .await
        .expect("connections");
    scan.check("connections", &format!("{listed:?}"));
    for error in [
        // 401: the emulator refuses another key; the error must not show ours either way.
        Client::builder()
            .api_key(format!("{KEY}x"))
            .base_url(mock.twilio_url())
            .account_sid(mock.account_sid().parse().expect("sid"))
            .build()
            .expect("client")
            .messages()
            .fetch(&sid)
            .await
            .expect_err("401"),
        client
            .messages()
            .send(TO, FROM)
            .body("a".repeat(1601))
            .send()
            .await
            .expect_err("invalid"),
        Client::builder()
            .api_key(KEY)
            .base_url("http://gateway.maton.ai")
            .build()
            .expect_err("config"),
    ] {
        scan.check("error Display", &error.to_string());
        scan.check("error Debug", &format!("{error:?} {error:#?}"));
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            scan.check("error source", &format!("{inner} {inner:?}"));
            source = inner.source();
        }
    }

    let trace = traced();
    assert!(
        trace.contains("maton.request"),
        "the SDK's spans were captured"
    );
    assert!(trace.contains("TRACE"), "TRACE-level events were captured");
    assert!(
        trace.contains("hyper") || trace.contains("reqwest"),
        "the HTTP stack's own records were captured"
    );
    scan.check("TRACE output", &trace);
    println!(
        "\nsecrets: {} texts scanned ({} bytes, of which {} of TRACE output), leaks 0",
        scan.texts,
        scan.bytes,
        trace.len()
    );
}

/// A server that echoes the key in its error bodies (the gateway does not, but a proxy might):
/// the SDK must not print it in an error's Display or Debug.
#[tokio::test]
async fn an_error_body_echoing_the_key_is_not_printed() {
    capture_traces();
    let echo = format!("Bearer {KEY}");
    let bodies = vec![
        (401, "text/plain", format!("invalid token {echo}")),
        (500, "text/plain", format!("upstream refused {echo}")),
        (502, "text/html", format!("<html><body>{echo}</body></html>")),
        (
            400,
            "application/json",
            json!({"code": 20003, "message": format!("Authenticate {echo}"), "more_info": "x", "status": 400}).to_string(),
        ),
        (
            200,
            "application/json",
            json!({"sid": 42, "body": echo, "account_sid": [echo]}).to_string(),
        ),
    ];
    let mut leaks = Vec::new();
    for (status, content_type, body) in bodies {
        let server = MockServer::always(Reply::raw(status, content_type, body)).await;
        let client = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/twilio", server.url()))
            .account_sid("AC0123456789abcdef0123456789abcdef".parse().expect("sid"))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");
        let sid: MessageSid = "SM0123456789abcdef0123456789abcdef".parse().expect("sid");
        let error = client.messages().fetch(&sid).await.expect_err("error");
        for (what, text) in [
            ("Display", error.to_string()),
            ("Debug", format!("{error:?}")),
        ] {
            if text.contains(KEY) {
                leaks.push(format!("HTTP {status} {what}: {text}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "server text holding the key is printed:\n{}",
        leaks.join("\n")
    );
}

#[tokio::test]
async fn a_redirect_never_carries_the_key_to_another_host() {
    let elsewhere = MockServer::always(Reply::json(200, json!({"accounts": []}))).await;
    let target = format!("{}/stolen", elsewhere.url());
    let gateway =
        MockServer::start(move |_| Reply::empty(302).with_header("location", &target)).await;
    let account = "AC0123456789abcdef0123456789abcdef";
    let build = |http: Option<reqwest::Client>| {
        let mut b = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/twilio", gateway.url()))
            .account_sid(account.parse().expect("sid"))
            .retry_policy(RetryPolicy::none());
        if let Some(http) = http {
            b = b.http_client(http);
        }
        b.build().expect("client")
    };
    // The default client follows no redirect: an error, and the other host sees nothing.
    let error = build(None)
        .accounts()
        .fetch(&account.parse().expect("sid"))
        .await
        .expect_err("a 302 is not followed");
    assert_ne!(error.kind(), ErrorKind::InvalidInput);
    assert!(elsewhere.requests().is_empty());
    assert_eq!(
        gateway.single_request().header("authorization"),
        Some(format!("Bearer {KEY}").as_str()),
        "the gateway itself gets the key"
    );
    // A caller's own client that follows redirects: reqwest drops Authorization on the way.
    let following = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .expect("reqwest");
    let _ = build(Some(following))
        .accounts()
        .fetch(&account.parse().expect("sid"))
        .await;
    let followed = elsewhere.single_request();
    assert_eq!(followed.path, "/stolen", "the redirect was followed");
    assert_eq!(followed.header("authorization"), None, "the key followed");
    for (name, value) in followed.headers.iter() {
        let value = value.to_str().unwrap_or_default();
        assert!(!value.contains(KEY), "{name}: {value}");
    }
}

#[tokio::test]
async fn a_next_page_uri_elsewhere_is_refused_and_gets_nothing() {
    let elsewhere = MockServer::always(Reply::json(200, json!({"messages": []}))).await;
    let other = elsewhere.url();
    let account = "AC0123456789abcdef0123456789abcdef";
    let tricks = vec![
        format!("{other}/twilio/2010-04-01/Accounts/{account}/Messages.json?Page=1"),
        format!("//{}/twilio/x.json", other.trim_start_matches("http://")),
        "/twilio/../../x.json".to_string(),
        "/twilio/%2e%2e/x.json".to_string(),
        "/twilio%2F..%2Fx.json".to_string(),
        "https://api.twilio.com.evil.com/2010-04-01/x.json".to_string(),
        "\\\\evil.com/x.json".to_string(),
        format!("http://{KEY}@evil.com/x.json"),
    ];
    for next in tricks {
        let page = json!({"messages": [common_message()], "next_page_uri": next});
        let gateway = MockServer::always(Reply::json(200, page)).await;
        let client = Client::builder()
            .api_key(KEY)
            .base_url(format!("{}/twilio", gateway.url()))
            .account_sid(account.parse().expect("sid"))
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("client");
        let mut items = client.messages().list().stream();
        assert!(items.next().await.expect("first").is_ok());
        let refused = items.next().await.expect("refusal").expect_err(&next);
        assert_eq!(refused.kind(), ErrorKind::Decode, "{next}: {refused}");
        assert!(items.next().await.is_none());
        assert_eq!(
            gateway.requests().len(),
            1,
            "{next}: followed on the gateway"
        );
        assert!(!refused.to_string().contains(KEY));
    }
    assert!(elsewhere.requests().is_empty());
}

fn common_message() -> serde_json::Value {
    json!({"sid": "SM0123456789abcdef0123456789abcdef", "body": "hi"})
}

/// The repository's fixtures hold no key: no bearer token, no `MATON_API_KEY` value other than
/// a placeholder, and not this test's key.
#[test]
fn fixtures_hold_no_key() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut files = 0;
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            let lower = text.to_ascii_lowercase();
            assert!(!text.contains(KEY), "{}", path.display());
            for (at, _) in lower.match_indices("bearer ") {
                let token: String = text[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_graphic() && *c != '"')
                    .collect();
                assert!(
                    token.len() < 12 || token.contains("redacted") || token.contains("<"),
                    "{}: a bearer token `{token}`",
                    path.display()
                );
            }
        }
    }
    println!("\nfixtures scanned: {files} files, keys found 0");
}
