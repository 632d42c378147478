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
//! - `hardening.rs`: hostile servers and inputs through the facade (the key in every echoed
//!   form, control characters in URLs, pagination cycles, honest outcomes, proxy, total timeout),
//!   summed up by `hardening_table.rs`;
//! - `emulator_hostile.rs`: hostile clients of the emulator (a proptest over every list's query,
//!   slow and unauthenticated clients, memory under a flood).
//!
//! `cargo test -p maton-reliability -- --nocapture` prints the summary tables.
