//! The state every connection task shares.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use crate::callbacks::Callbacks;
use crate::clock::Clock;
use crate::faults::FaultBook;
use crate::limiter::RateLimiter;
use crate::limits::Limits;
use crate::recorder::Recorder;
use crate::store::Store;

/// Everything behind a [`MockGateway`](crate::MockGateway). Each lock is held only for the
/// synchronous work of one request, never across an await.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) api_key: String,
    pub(crate) limits: Limits,
    /// `http://127.0.0.1:PORT`: the control plane's URL and the root of authorisation links.
    pub(crate) base_url: String,
    pub(crate) clock: Clock,
    pub(crate) store: Mutex<Store>,
    pub(crate) faults: Mutex<FaultBook>,
    pub(crate) performed: Mutex<HashMap<&'static str, u64>>,
    pub(crate) recorder: Mutex<Recorder>,
    pub(crate) limiter: Mutex<RateLimiter>,
    pub(crate) callbacks: Callbacks,
}

/// Locks `mutex`, carrying on with the data if a panicking thread poisoned it (no handler
/// panics, but a test thread holding a guard might).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
