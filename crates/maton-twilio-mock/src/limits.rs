//! The caps that keep the emulator's memory bounded, whatever its clients send.

use std::time::Duration;

/// How much the emulator stores and accepts. The defaults are generous for tests and benchmarks
/// and still bound memory to a few hundred MiB.
///
/// | what | default | when full |
/// |---|---|---|
/// | estimated bytes of all stored records | 256 MiB | a new message or call evicts the oldest of its kind; any other record is refused (400, code 20001) |
/// | messages, all accounts together | 200,000 | the oldest message is evicted |
/// | calls, all accounts together | 200,000 | the oldest call is evicted |
/// | accounts, phone numbers, applications, queues, addresses (each kind) | 10,000 | create answers 400, code 20001 |
/// | conferences, participants, queue members (each kind) | 10,000 | `CreateParticipant` answers 400, code 20001; the `Twiml` test hooks of `CreateCall` start or join nothing |
/// | recordings, media of MMS (each kind) | 10,000 | the oldest is evicted |
/// | connections | 1,000 | create answers 400 `{"error": ...}` |
/// | request body | 64 KiB | 413, code 20001, nothing performed |
/// | recorded requests | 1,000, and 16 MiB together | the oldest record is dropped |
/// | request head (request line and headers) | 32 KiB | 431 and the connection is closed |
/// | time to send a request head | 10 s | the connection is closed |
/// | time to send a request body | 30 s | 408, code 20001, and the connection is closed |
/// | open connections | 256 | further connections wait, unaccepted, until one closes |
///
/// The key is checked as soon as a request's head is in, before its body is read: a request
/// without the right key gets its 401 with the body left unread (and the connection closed).
///
/// Messages and calls are evicted rather than refused so that long benchmark runs keep going;
/// an evicted record simply disappears, as a deleted one does, and paging stays consistent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The store's byte budget: the estimated memory of every stored record together (inline
    /// size, owned strings, allocation and map overhead). A new message or call evicts the oldest
    /// of its kind to stay within it; a record of any other kind is refused past it.
    pub max_store_bytes: usize,
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
    /// The most bytes the recorded requests (bodies, paths, queries, headers) take together.
    pub max_recorded_bytes: usize,
    /// The largest request head (request line and headers), in bytes (hyper's
    /// `max_header_size`; 431 past it). hyper's buffer per connection is capped at this plus
    /// `max_body_bytes`, or 256 KiB if that is more.
    pub max_header_bytes: usize,
    /// How long a client may take to send a whole request head, from the moment the emulator
    /// starts waiting for it (also on an idle keep-alive connection).
    pub header_read_timeout: Duration,
    /// How long a client may take to send a request body once its head is in.
    pub body_read_timeout: Duration,
    /// Connections served at once; past it, new connections are left in the listen backlog.
    pub max_open_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_store_bytes: 256 * 1024 * 1024,
            max_messages: 200_000,
            max_calls: 200_000,
            max_resources: 10_000,
            max_connections: 1_000,
            max_body_bytes: 64 * 1024,
            recorded_requests: 1_000,
            max_recorded_bytes: 16 * 1024 * 1024,
            max_header_bytes: 32 * 1024,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_open_connections: 256,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let limits = Limits::default();
        assert_eq!(limits.max_store_bytes, 256 << 20);
        assert_eq!(limits.max_recorded_bytes, 16 << 20);
        assert_eq!((limits.max_messages, limits.max_calls), (200_000, 200_000));
        assert_eq!(
            (limits.max_resources, limits.max_connections),
            (10_000, 1_000)
        );
        assert_eq!(
            (limits.max_body_bytes, limits.max_header_bytes),
            (64 << 10, 32 << 10)
        );
        assert_eq!(limits.header_read_timeout, Duration::from_secs(10));
        assert_eq!(limits.body_read_timeout, Duration::from_secs(30));
        assert_eq!(limits.max_open_connections, 256);
        assert_eq!(limits.recorded_requests, 1_000);
    }
}
