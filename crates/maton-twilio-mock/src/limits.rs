//! The caps that keep the emulator's memory bounded, whatever its clients send.

/// How much the emulator stores and accepts. The defaults are generous for tests and benchmarks
/// and still bound memory to a few hundred MiB.
///
/// | what | default | when full |
/// |---|---|---|
/// | messages, all accounts together | 200,000 | the oldest message is evicted |
/// | calls, all accounts together | 200,000 | the oldest call is evicted |
/// | accounts, phone numbers, applications, queues, addresses (each kind) | 10,000 | create answers 400, code 20001 |
/// | connections | 1,000 | create answers 400 `{"error": ...}` |
/// | request body | 64 KiB | 413, code 20001, nothing performed |
/// | recorded requests | 1,000 | the oldest record is dropped |
///
/// Messages and calls are evicted rather than refused so that long benchmark runs keep going;
/// an evicted record simply disappears, as a deleted one does, and paging stays consistent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Messages kept before the oldest is evicted.
    pub max_messages: usize,
    /// Calls kept before the oldest is evicted.
    pub max_calls: usize,
    /// Records of each other kind (accounts, numbers, applications, queues, addresses) before
    /// creation is refused.
    pub max_resources: usize,
    /// Connections before creation is refused.
    pub max_connections: usize,
    /// The largest request body read, in bytes.
    pub max_body_bytes: usize,
    /// How many requests [`MockGateway::requests`](crate::MockGateway::requests) remembers.
    pub recorded_requests: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_messages: 200_000,
            max_calls: 200_000,
            max_resources: 10_000,
            max_connections: 1_000,
            max_body_bytes: 64 * 1024,
            recorded_requests: 1_000,
        }
    }
}
