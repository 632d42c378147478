//! Webhooks from the emulator: signed status callbacks as messages and calls advance, the
//! TwiML fetch of a placed call's `Url`, and simulated inbound SMS.
//!
//! Only on when the emulator has an auth token ([`MockGatewayBuilder::auth_token`]). Nothing
//! runs on a timer: status changes are found when the clock is advanced
//! ([`MockGateway::advance`]) or a request is handled, and handed to one delivery task that
//! sends them in order; [`MockGateway::wait_for_callbacks`] waits until it has nothing left.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use http::Method;
use maton_twilio_api::twilio::types::CallStatus;
use tokio::sync::{mpsc, watch};

use crate::gateway::{MockGateway, MockGatewayBuilder};
use crate::shared::{Shared, lock};

mod deliver;
mod watches;

pub(crate) use watches::{after_request, process};

/// How long one delivery may take, connect to last byte, unless set otherwise.
pub const DEFAULT_CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);
/// Twilio's error for a TwiML URL that did not answer 2xx with XML ("HTTP retrieval failure").
pub const TWIML_RETRIEVAL_FAILURE: u32 = 11200;
/// The most deliveries kept for inspection; older ones are dropped first.
pub const MAX_RECORDED_CALLBACKS: usize = 10_000;

/// What a delivery was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackKind {
    /// A message's `StatusCallback`.
    MessageStatus,
    /// A call's `StatusCallback`.
    CallStatus,
    /// The TwiML fetch of a placed call's `Url`.
    VoiceUrl,
    /// An inbound SMS to a number's `SmsUrl`.
    IncomingMessage,
}

/// One delivery attempt, as the emulator made it and as the receiver answered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackDelivery {
    /// What it was for.
    pub kind: CallbackKind,
    /// The message or call SID it is about.
    pub sid: String,
    /// The URL requested (for `GET`, with the parameters in the query).
    pub url: String,
    /// `POST` (Twilio's default) or `GET`.
    pub method: Method,
    /// The parameters sent.
    pub params: Vec<(String, String)>,
    /// The `X-Twilio-Signature` sent.
    pub signature: String,
    /// The HTTP status the receiver answered, if it answered.
    pub status: Option<u16>,
    /// The answer's `Content-Type`.
    pub content_type: Option<String>,
    /// The answer's body (at most 64 KiB), for the TwiML a call got.
    pub body: String,
    /// Why nothing usable came back: refused address, connection error, timeout.
    pub error: Option<String>,
    /// Twilio's error code, when the delivery failed the call ([`TWIML_RETRIEVAL_FAILURE`]).
    pub error_code: Option<u32>,
}

impl CallbackDelivery {
    /// The first value of parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the receiver answered 2xx.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Why [`MockGateway::simulate_inbound_sms`] sent nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InboundError {
    /// The emulator has no auth token, so it sends no webhooks.
    NoAuthToken,
    /// No account of the emulator owns the number.
    NotOwned,
    /// The number has no `SmsUrl`.
    NoSmsUrl,
}

impl fmt::Display for InboundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoAuthToken => "the emulator has no auth token, so it sends no webhooks",
            Self::NotOwned => "no account of the emulator owns that number",
            Self::NoSmsUrl => "the number has no SmsUrl",
        })
    }
}

impl std::error::Error for InboundError {}

/// Callback settings, from the builder.
#[derive(Clone)]
pub(crate) struct CallbackOptions {
    token: Option<String>,
    allow_remote: bool,
    timeout: Duration,
}

impl Default for CallbackOptions {
    fn default() -> Self {
        Self {
            token: None,
            allow_remote: false,
            timeout: DEFAULT_CALLBACK_TIMEOUT,
        }
    }
}

impl fmt::Debug for CallbackOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackOptions")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("allow_remote", &self.allow_remote)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl MockGatewayBuilder {
    /// The Twilio auth token the emulator signs webhooks with (`X-Twilio-Signature`). With one,
    /// it POSTs status callbacks, fetches TwiML from placed calls' `Url` and can simulate
    /// inbound SMS; without one (the default) it sends nothing.
    pub fn auth_token(mut self, token: impl Into<String>) -> Self {
        self.callbacks.token = Some(token.into());
        self
    }

    /// Lets callbacks go to addresses other than loopback (`127.0.0.0/8`, `::1`, `localhost`),
    /// which are refused by default. Only plain `http` is spoken either way.
    pub fn allow_remote_callbacks(mut self, allow: bool) -> Self {
        self.callbacks.allow_remote = allow;
        self
    }

    /// How long one delivery may take (default [`DEFAULT_CALLBACK_TIMEOUT`]).
    pub fn callback_timeout(mut self, timeout: Duration) -> Self {
        self.callbacks.timeout = timeout;
        self
    }
}

impl MockGateway {
    /// Every delivery attempt so far, oldest first (at most [`MAX_RECORDED_CALLBACKS`]).
    pub fn callbacks(&self) -> Vec<CallbackDelivery> {
        lock(&self.shared.callbacks.state).deliveries.clone()
    }

    /// Waits until every callback found so far has been delivered (or has failed): call it
    /// after [`advance`](Self::advance) or a request, then inspect [`callbacks`](Self::callbacks).
    pub async fn wait_for_callbacks(&self) {
        let mut pending = self.shared.callbacks.pending.subscribe();
        let _ = pending.wait_for(|n| *n == 0).await;
    }

    /// Simulates an SMS from `from` arriving at `to`, a number the emulator's accounts own:
    /// POSTs Twilio's incoming-message parameters, signed, to the number's `SmsUrl` and returns
    /// the delivery once the receiver answered.
    pub async fn simulate_inbound_sms(
        &self,
        to: &str,
        from: &str,
        body: &str,
    ) -> Result<CallbackDelivery, InboundError> {
        inbound_sms(&self.shared, to, from, body).await
    }
}

pub(crate) async fn inbound_sms(
    shared: &Shared,
    to: &str,
    from: &str,
    body: &str,
) -> Result<CallbackDelivery, InboundError> {
    if shared.callbacks.options.token.is_none() {
        return Err(InboundError::NoAuthToken);
    }
    let job = watches::inbound_job(shared, to, from, body)?;
    let delivery = deliver::send(&shared.callbacks.options, &job).await;
    record(shared, delivery.clone());
    Ok(delivery)
}

/// One delivery to make.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    kind: CallbackKind,
    sid: String,
    url: String,
    method: Method,
    params: Vec<(String, String)>,
    /// When the event happened on the emulated clock.
    at: DateTime<Utc>,
}

/// The callback machinery in [`Shared`].
#[derive(Debug)]
pub(crate) struct Callbacks {
    options: CallbackOptions,
    state: Mutex<watches::State>,
    jobs: Mutex<Option<mpsc::UnboundedSender<Job>>>,
    /// Jobs queued or running.
    pending: watch::Sender<usize>,
}

impl Callbacks {
    pub(crate) fn new(options: CallbackOptions) -> Self {
        Self {
            options,
            state: Mutex::new(watches::State::default()),
            jobs: Mutex::new(None),
            pending: watch::Sender::new(0),
        }
    }

    fn enabled(&self) -> bool {
        self.options.token.is_some()
    }

    fn enqueue(&self, jobs: Vec<Job>) {
        let sender = lock(&self.jobs);
        let Some(sender) = sender.as_ref() else {
            return;
        };
        for job in jobs {
            self.pending.send_modify(|n| *n += 1);
            if sender.send(job).is_err() {
                self.pending.send_modify(|n| *n = n.saturating_sub(1));
            }
        }
    }
}

/// Starts the delivery task, if callbacks are on; it ends when `shutdown` turns true.
pub(crate) fn start(shared: &Arc<Shared>, shutdown: watch::Receiver<bool>) {
    if !shared.callbacks.enabled() {
        return;
    }
    let (sender, receiver) = mpsc::unbounded_channel();
    *lock(&shared.callbacks.jobs) = Some(sender);
    tokio::spawn(worker(Arc::clone(shared), receiver, shutdown));
}

async fn worker(
    shared: Arc<Shared>,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            job = jobs.recv() => {
                let Some(job) = job else { return };
                run(&shared, job).await;
                shared.callbacks.pending.send_modify(|n| *n = n.saturating_sub(1));
            }
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    // Nothing will be delivered any more: release anyone waiting.
                    shared.callbacks.pending.send_replace(0);
                    return;
                }
            }
        }
    }
}

async fn run(shared: &Shared, job: Job) {
    let mut delivery = deliver::send(&shared.callbacks.options, &job).await;
    if job.kind == CallbackKind::VoiceUrl {
        let xml = delivery.succeeded()
            && (delivery
                .content_type
                .as_deref()
                .is_some_and(|t| t.to_ascii_lowercase().contains("xml"))
                || delivery.body.trim_start().starts_with('<'));
        if !xml {
            delivery.error_code = Some(TWIML_RETRIEVAL_FAILURE);
            watches::fail_call(shared, &job.sid, job.at);
        }
        record(shared, delivery);
        watches::twiml_done(shared, &job.sid);
        // What follows the answer (completed, or failed) is found now, before this job counts
        // as done, so that waiting for callbacks also waits for those.
        process(shared);
    } else {
        record(shared, delivery);
    }
}

fn record(shared: &Shared, delivery: CallbackDelivery) {
    let mut state = lock(&shared.callbacks.state);
    if state.deliveries.len() >= MAX_RECORDED_CALLBACKS {
        state.deliveries.remove(0);
    }
    state.deliveries.push(delivery);
}

/// The control endpoint `POST /mock/inbound-sms` (form `To`, `From`, `Body`; the API key as
/// for every request): simulates an inbound SMS and answers what the receiver answered.
pub(crate) const INBOUND_SMS_PATH: &str = "/mock/inbound-sms";

/// The event a status belongs to, for `StatusCallbackEvent`.
fn call_event(status: &CallStatus) -> &'static str {
    match status {
        CallStatus::Queued => "initiated",
        CallStatus::Ringing => "ringing",
        CallStatus::InProgress => "answered",
        _ => "completed",
    }
}

/// Answers the control endpoint, if `parts` is for it (`authorised`: the request had the key).
pub(crate) async fn control(
    shared: &Shared,
    parts: &http::request::Parts,
    body: &[u8],
    authorised: bool,
) -> Option<crate::reply::Reply> {
    use crate::reply::{GatewayError, Reply};
    use http::StatusCode;
    if parts.uri.path() != INBOUND_SMS_PATH {
        return None;
    }
    if parts.method != Method::POST {
        return Some(GatewayError::new(StatusCode::METHOD_NOT_ALLOWED, "use POST").into_reply());
    }
    if !authorised {
        return Some(GatewayError::unauthorized().into_reply());
    }
    let Ok(form) = crate::params::Params::parse(body) else {
        return Some(
            GatewayError::new(StatusCode::BAD_REQUEST, "the body is not a form").into_reply(),
        );
    };
    let (Some(to), Some(from)) = (form.non_empty("To"), form.non_empty("From")) else {
        return Some(
            GatewayError::new(StatusCode::BAD_REQUEST, "To and From are required").into_reply(),
        );
    };
    let text = form.get("Body").unwrap_or_default();
    Some(match inbound_sms(shared, to, from, text).await {
        Ok(delivery) => Reply::json(
            StatusCode::OK,
            &serde_json::json!({
                "message_sid": delivery.sid,
                "url": delivery.url,
                "status": delivery.status,
                "error": delivery.error,
                "body": delivery.body,
            }),
        ),
        Err(error) => {
            let status = match error {
                InboundError::NoAuthToken => StatusCode::CONFLICT,
                _ => StatusCode::NOT_FOUND,
            };
            GatewayError::new(status, error.to_string()).into_reply()
        }
    })
}
