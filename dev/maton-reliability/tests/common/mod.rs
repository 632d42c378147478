//! Shared helpers: an emulator and a client for it, a tracing layer that records every
//! attempt the SDK makes (with the paused clock's times), and table printing.
#![allow(dead_code)]

pub mod hostile;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::Duration;

use maton_twilio::model::Message;
use maton_twilio::{Client, Error, RetryPolicy};
use maton_twilio_mock::{Limits, MockGateway};
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A key that looks like a real one: long, random-looking, unlikely to occur by chance.
pub const SECRET_KEY: &str = "mk_live_Q7vX2pL9sK4wR8tN3bF6hJ1cM5zD0gY7eU2iA9oT4";

pub const TO: &str = "+15559876543";
pub const FROM: &str = "+15551234567";

/// Sends `body` from [`FROM`] to [`TO`] through `client`.
pub async fn send_text(client: &Client, body: &str) -> Result<Message, Error> {
    client.messages().send(TO, FROM).body(body).send().await
}

/// An emulator that records enough requests for a thousand-request run.
pub async fn gateway() -> MockGateway {
    MockGateway::builder()
        .limits(Limits {
            recorded_requests: 50_000,
            ..Limits::default()
        })
        .start()
        .await
        .expect("start the emulator")
}

/// Retries with waits short enough not to matter, except `Retry-After`, which is honoured.
pub fn retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

/// A facade client for the emulator: its key, account, no client-side rate limit.
pub fn client(mock: &MockGateway, retry: RetryPolicy, timeout: Duration) -> Client {
    Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.twilio_url())
        .control_base_url(mock.control_url())
        .account_sid(mock.account_sid().parse().expect("account sid"))
        .no_rate_limit()
        .retry_policy(retry)
        .timeout(timeout)
        .build()
        .expect("client")
}

/// One attempt of one request, as the SDK's `maton.request` span shows it, timed with tokio's
/// clock (paused in these tests, so the times are exact and free).
#[derive(Clone, Debug)]
pub struct Attempt {
    pub operation: String,
    pub attempt: u64,
    pub started: Instant,
    pub answered: Option<Instant>,
    pub status: Option<u16>,
    pub transport_error: bool,
    pub timeout: bool,
}

impl Attempt {
    /// What the attempt ran into, for tables.
    pub fn label(&self) -> String {
        match (self.status, self.timeout, self.transport_error) {
            (Some(status), _, _) => format!("HTTP {status}"),
            (None, true, _) => "timeout".to_string(),
            (None, false, true) => "connection reset".to_string(),
            (None, false, false) => "cancelled".to_string(),
        }
    }
}

/// Records every attempt made on this test's thread (each `#[tokio::test]` runs its
/// current-thread runtime, and so every span it creates, on its own thread).
///
/// One global subscriber serves the whole test binary: scoped subscribers
/// (`set_default`) in tests running side by side can leave a callsite's cached interest
/// disabled for the others, and spans then go unrecorded.
#[derive(Clone)]
pub struct AttemptLog {
    thread: ThreadId,
}

static ATTEMPTS: Mutex<Vec<(ThreadId, Attempt)>> = Mutex::new(Vec::new());

#[derive(Clone, Default)]
struct Recorder;

impl AttemptLog {
    /// Starts recording (once per binary) and gives this thread's view.
    pub fn install() -> Self {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            let _ = tracing::subscriber::set_global_default(
                tracing_subscriber::registry::Registry::default().with(Recorder),
            );
        });
        let log = Self {
            thread: std::thread::current().id(),
        };
        log.clear();
        log
    }

    /// The attempts of `operation`, in the order they started.
    pub fn attempts(&self, operation: &str) -> Vec<Attempt> {
        let mut all: Vec<Attempt> = ATTEMPTS
            .lock()
            .expect("log")
            .iter()
            .filter(|(thread, a)| *thread == self.thread && a.operation == operation)
            .map(|(_, a)| a.clone())
            .collect();
        all.sort_by_key(|a| a.started);
        all
    }

    /// The attempts of `operation` grouped into requests (a request starts at attempt 1).
    /// Only meaningful when requests ran one at a time.
    pub fn requests(&self, operation: &str) -> Vec<Vec<Attempt>> {
        let mut requests: Vec<Vec<Attempt>> = Vec::new();
        for attempt in self.attempts(operation) {
            if attempt.attempt == 1 || requests.is_empty() {
                requests.push(Vec::new());
            }
            requests.last_mut().expect("pushed").push(attempt);
        }
        requests
    }

    pub fn clear(&self) {
        ATTEMPTS
            .lock()
            .expect("log")
            .retain(|(thread, _)| *thread != self.thread);
    }
}

#[derive(Default)]
struct Fields {
    operation: Option<String>,
    attempt: Option<u64>,
    status: Option<u64>,
    elapsed: bool,
    timeout: Option<bool>,
    message: Option<String>,
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        match field.name() {
            "attempt" => self.attempt = Some(value),
            "status" => self.status = Some(value),
            "elapsed_ms" => self.elapsed = true,
            _ => {}
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(value) = u64::try_from(value) {
            self.record_u64(field, value);
        }
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        if field.name() == "timeout" {
            self.timeout = Some(value);
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "operation" {
            self.operation = Some(value.to_string());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        match field.name() {
            "operation" => self.operation = Some(format!("{value:?}").trim_matches('"').into()),
            "message" => self.message = Some(format!("{value:?}")),
            _ => {}
        }
    }
}

impl<S> Layer<S> for Recorder
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "maton.request" {
            return;
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Attempt {
                operation: fields.operation.unwrap_or_default(),
                attempt: fields.attempt.unwrap_or(0),
                started: Instant::now(),
                answered: None,
                status: None,
                transport_error: false,
                timeout: false,
            });
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let mut extensions = span.extensions_mut();
        let Some(attempt) = extensions.get_mut::<Attempt>() else {
            return;
        };
        let mut fields = Fields::default();
        values.record(&mut fields);
        if let Some(status) = fields.status {
            attempt.status = u16::try_from(status).ok();
        }
        if fields.elapsed {
            attempt.answered = Some(Instant::now());
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.event_span(event) else {
            return;
        };
        let mut extensions = span.extensions_mut();
        let Some(attempt) = extensions.get_mut::<Attempt>() else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        if fields.message.as_deref() == Some("transport error") {
            attempt.transport_error = true;
            attempt.timeout = fields.timeout.unwrap_or(false);
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        if let Some(attempt) = span.extensions_mut().remove::<Attempt>() {
            ATTEMPTS
                .lock()
                .expect("log")
                .push((std::thread::current().id(), attempt));
        }
    }
}

/// Counts labels, for tables.
pub fn tally<I: IntoIterator<Item = String>>(labels: I) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for label in labels {
        *counts.entry(label).or_insert(0) += 1;
    }
    counts
}

/// Prints a two-column markdown table (visible with `--nocapture`).
pub fn print_table(title: &str, header: (&str, &str), rows: &[(String, String)]) {
    println!(
        "\n{title}\n\n| {} | {} |\n| --- | ---: |",
        header.0, header.1
    );
    for (a, b) in rows {
        println!("| {a} | {b} |");
    }
}
