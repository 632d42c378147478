//! Reliability and security proofs for the Maton Twilio SDK. Everything lives in `tests/`:
//!
//! - `faults.rs`: sends and reads under the emulator's seeded fault injection (exactly once, no
//!   duplicate, "not performed" means absent, `Retry-After` honoured), pagination under faults
//!   and concurrent inserts, cancellation;
//! - `bad_input.rs`: a table of bad inputs across the facade and the connections crate, each
//!   refused with its typed error before anything is sent;
//! - `hostile.rs`: property tests feeding arbitrary, truncated, deeply nested and huge bodies to
//!   every response decoder;
//! - `secrets.rs`: the API key never printed, never traced, never sent off the base URL.
//!
//! `cargo test -p maton-reliability -- --nocapture` prints the summary tables.
