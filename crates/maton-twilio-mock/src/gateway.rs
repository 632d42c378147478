//! [`MockGateway`]: starting the emulator, and the handle tests hold to steer and inspect it.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use maton_twilio_api::control::types::ConnectionStatus;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::callbacks::{self, CallbackOptions, Callbacks};
use crate::clock::{Clock, ClockMode};
use crate::faults::{FaultBook, FaultPlan};
use crate::limiter::RateLimiter;
use crate::limits::Limits;
use crate::recorder::{RecordedRequest, Recorder};
use crate::resources::accounts;
use crate::seed::{self, DEFAULT_NUMBERS};
use crate::shared::{Shared, lock};
use crate::store::Store;
use crate::{control, server};

/// The key the emulator accepts unless told otherwise.
pub const DEFAULT_API_KEY: &str = "maton_mock_key";

/// The emulated time a fresh emulator starts at: `Mon, 09 Feb 2026 21:00:00 +0000`.
pub fn default_start_time() -> DateTime<Utc> {
    DateTime::from_timestamp(1_770_670_800, 0).unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// How to seed and run a [`MockGateway`]; from [`MockGateway::builder`].
#[derive(Clone, Debug)]
pub struct MockGatewayBuilder {
    api_key: String,
    port: u16,
    seed: u64,
    limits: Limits,
    start_time: DateTime<Utc>,
    clock: ClockMode,
    rate_limit: Option<u32>,
    default_connection: bool,
    extra_connections: Vec<ConnectionStatus>,
    subaccounts: Vec<String>,
    pub(crate) callbacks: CallbackOptions,
}

impl Default for MockGatewayBuilder {
    fn default() -> Self {
        Self {
            api_key: DEFAULT_API_KEY.to_string(),
            port: 0,
            seed: 0,
            limits: Limits::default(),
            start_time: default_start_time(),
            clock: ClockMode::Manual,
            rate_limit: None,
            default_connection: true,
            extra_connections: Vec::new(),
            subaccounts: Vec::new(),
            callbacks: CallbackOptions::default(),
        }
    }
}

impl MockGatewayBuilder {
    /// The API key the gateway and control plane accept (default [`DEFAULT_API_KEY`]).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// The port on 127.0.0.1 to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The seed SIDs, connection ids and tokens are made from (default 0). The same seed and the
    /// same requests give the same SIDs on every run.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Storage and request caps (default [`Limits::default`]).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The emulated time at start (default [`default_start_time`]).
    pub fn start_time(mut self, at: DateTime<Utc>) -> Self {
        self.start_time = at;
        self
    }

    /// Whether emulated time stands still until advanced (the default) or runs with the wall
    /// clock.
    pub fn clock(mut self, mode: ClockMode) -> Self {
        self.clock = mode;
        self
    }

    /// Turns on the gateway's rate limit: at most `per_second` requests per key in each second
    /// of emulated time (the real gateway allows 10), answered with 429 beyond it.
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Starts with no connection at all, so that every Twilio request gets the gateway's 400
    /// until a connection is created and authorised. The default account still exists.
    pub fn without_connection(mut self) -> Self {
        self.default_connection = false;
        self
    }

    /// Adds a twilio connection in `status`, after the default one. An ACTIVE one reaches a
    /// Twilio account of its own, with two numbers of its own.
    pub fn connection(mut self, status: ConnectionStatus) -> Self {
        self.extra_connections.push(status);
        self
    }

    /// Adds a subaccount named `friendly_name` to the default account.
    pub fn subaccount(mut self, friendly_name: impl Into<String>) -> Self {
        self.subaccounts.push(friendly_name.into());
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current tokio runtime.
    pub async fn start(self) -> io::Result<MockGateway> {
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let now = self.start_time;
        let mut store = Store::new(self.seed, self.limits.clone());
        let account = seed::account(&mut store, "My first Twilio account", &DEFAULT_NUMBERS, now);
        for name in &self.subaccounts {
            accounts::insert(&mut store, name, Some(&account), now);
        }
        let default_connection = self.default_connection.then(|| {
            seed::connection(
                &mut store,
                "twilio",
                None,
                ConnectionStatus::Active,
                Some(account.clone()),
                now,
            )
        });
        for status in &self.extra_connections {
            let reaches = (*status == ConnectionStatus::Active)
                .then(|| seed::account_for_connection(&mut store, now));
            seed::connection(&mut store, "twilio", None, status.clone(), reaches, now);
        }
        let mut limiter = RateLimiter::default();
        limiter.set(self.rate_limit);
        let shared = Arc::new(Shared {
            api_key: self.api_key,
            base_url: format!("http://{addr}"),
            clock: Clock::new(self.start_time, self.clock),
            store: Mutex::new(store),
            faults: Mutex::new(FaultBook::default()),
            performed: Mutex::new(HashMap::new()),
            recorder: Mutex::new(Recorder::new(
                self.limits.recorded_requests,
                self.limits.max_recorded_bytes,
            )),
            limiter: Mutex::new(limiter),
            limits: self.limits,
            callbacks: Callbacks::new(self.callbacks),
        });
        let (shutdown, watching) = watch::channel(false);
        callbacks::start(&shared, watching.clone());
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), watching));
        Ok(MockGateway {
            shared,
            addr,
            account,
            default_connection,
            shutdown,
            task: Mutex::new(Some(task)),
        })
    }
}

/// How many records the emulator holds, and how many it evicted to stay within its caps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreStats {
    /// Messages stored, all accounts together.
    pub messages: usize,
    /// Calls stored, all accounts together.
    pub calls: usize,
    /// Messages and calls evicted because their cap or the byte budget was reached.
    pub evicted: u64,
    /// The estimated bytes of every stored record, which
    /// [`Limits::max_store_bytes`](crate::Limits::max_store_bytes) bounds.
    pub bytes: usize,
}

/// A running emulator of the Maton gateway's Twilio API and of Maton's control plane, on
/// 127.0.0.1. It stops when [`shutdown`](Self::shutdown) is called or when it is dropped.
#[derive(Debug)]
pub struct MockGateway {
    pub(crate) shared: Arc<Shared>,
    addr: SocketAddr,
    account: String,
    default_connection: Option<String>,
    shutdown: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl MockGateway {
    /// Starts an emulator with the default seed: key [`DEFAULT_API_KEY`], one ACTIVE twilio
    /// connection, one account owning [`DEFAULT_NUMBERS`](crate::DEFAULT_NUMBERS), a manual
    /// clock, no rate limit, any free port.
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// A builder to change the seed before starting.
    pub fn builder() -> MockGatewayBuilder {
        MockGatewayBuilder::default()
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The Twilio base URL, `http://127.0.0.1:PORT/twilio` (the stand-in for
    /// `https://gateway.maton.ai/twilio`).
    pub fn twilio_url(&self) -> String {
        format!("{}/twilio", self.shared.base_url)
    }

    /// The control-plane URL, `http://127.0.0.1:PORT` (the stand-in for `https://ctrl.maton.ai`).
    pub fn control_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The API key it accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// The default account's SID (`AC…`), the one the default connection reaches.
    pub fn account_sid(&self) -> &str {
        &self.account
    }

    /// The numbers the default account owned at start, usable as `From`.
    pub fn owned_numbers(&self) -> Vec<String> {
        DEFAULT_NUMBERS.iter().map(|n| n.to_string()).collect()
    }

    /// The default connection's id, unless built [`without_connection`](MockGatewayBuilder::without_connection).
    pub fn connection_id(&self) -> Option<&str> {
        self.default_connection.as_deref()
    }

    /// The ids of every connection, oldest first, with their status.
    pub fn connections(&self) -> Vec<(String, ConnectionStatus)> {
        lock(&self.shared.store)
            .connections
            .iter()
            .map(|c| (c.id.clone(), c.status.clone()))
            .collect()
    }

    /// The Twilio account a connection reaches, once it is ACTIVE.
    pub fn connection_account(&self, connection_id: &str) -> Option<String> {
        lock(&self.shared.store)
            .connections
            .get(connection_id)
            .and_then(|c| c.account.clone())
    }

    /// Does what opening the connection's authorisation URL does: PENDING becomes ACTIVE.
    /// Returns `false` if there is no such PENDING connection.
    pub fn authorize_connection(&self, connection_id: &str) -> bool {
        control::decide(&self.shared, connection_id, true, self.now()).is_ok()
    }

    /// Does what opening the connection's deny URL does: PENDING becomes FAILED.
    pub fn deny_connection(&self, connection_id: &str) -> bool {
        control::decide(&self.shared, connection_id, false, self.now()).is_ok()
    }

    /// The emulated time now.
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    /// Moves emulated time forward: queued messages get sent and delivered, calls ring, are
    /// answered and complete, the rate limit's window moves on. With an
    /// [`auth_token`](MockGatewayBuilder::auth_token), the status changes' callbacks are
    /// queued ([`wait_for_callbacks`](Self::wait_for_callbacks)).
    pub fn advance(&self, by: Duration) {
        self.shared.clock.advance(by);
        callbacks::process(&self.shared);
    }

    /// Turns the gateway's rate limit on (`Some(per_second)`) or off (`None`).
    pub fn set_rate_limit(&self, per_second: Option<u32>) {
        lock(&self.shared.limiter).set(per_second);
    }

    /// How many requests the rate limit answered with 429 since start (all keys together;
    /// faults injected as 429 are not counted).
    pub fn rate_limited(&self) -> u64 {
        lock(&self.shared.limiter).refused()
    }

    /// Puts `plan` in force for `operation`: an operation of either spec
    /// (`twilio::Operation::CreateMessage` of the generated crate, or its id `"CreateMessage"`),
    /// `"AuthorizeConnection"` / `"DenyConnection"` for the consent pages, or `"*"` for every
    /// operation without a plan of its own. Replaces any plan the operation had.
    pub fn inject(&self, operation: impl AsRef<str>, plan: FaultPlan) {
        lock(&self.shared.faults).set(operation.as_ref(), plan);
    }

    /// Removes every fault plan.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// How many times `operation` was really performed: routed, authorised and answered with
    /// success, whatever a fault did to the answer afterwards. Requests refused by a fault
    /// before processing, by validation or by the gateway are not counted.
    /// `operation` is an operation of either spec or its id, as for [`inject`](Self::inject).
    pub fn performed(&self, operation: impl AsRef<str>) -> u64 {
        lock(&self.shared.performed)
            .get(operation.as_ref())
            .copied()
            .unwrap_or(0)
    }

    /// The requests received, oldest first (at most [`Limits::recorded_requests`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.recorder).all()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.recorder).clear();
    }

    /// How much is stored.
    pub fn stats(&self) -> StoreStats {
        let store = lock(&self.shared.store);
        StoreStats {
            messages: store.messages.len(),
            calls: store.calls.len(),
            evicted: store.evicted,
            bytes: store.bytes.total(),
        }
    }

    /// Adds a record to a collection that Twilio fills itself and the API only reads or
    /// changes (transcriptions, notifications, short codes, connect apps, add-on results,
    /// conference recordings, ...), as if Twilio had made it now. `collection` is
    /// the list's path below [`twilio_url`](Self::twilio_url), parents included:
    /// `/2010-04-01/Accounts/{AccountSid}/Conferences.json`. Returns the new record's SID; `None`
    /// when the path is not such a collection (messages, calls and the other resources created
    /// by POST are made through the API; conferences, queue members and recordings by calls),
    /// its account or a parent does not exist, or the store is full.
    pub fn fill(&self, collection: &str) -> Option<String> {
        crate::generic::fill(&self.shared, collection, self.now())
    }

    /// Stops listening and drops every open connection. Idempotent.
    pub async fn shutdown(&self) {
        let _ = self.shutdown.send(true);
        let task = lock(&self.task).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

impl Drop for MockGateway {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
