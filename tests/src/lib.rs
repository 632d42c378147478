//! The contract-test harness: recorded interactions with the Maton gateway's Twilio API and with
//! Maton's control plane, and the pieces that check a client against them.
//!
//! - [`fixture`]: the fixture format (one JSON file per interaction under `tests/fixtures/`), its
//!   loader and its validation. `tests/fixtures/README.md` documents the format.
//! - [`spec`]: an index of the operations in `spec/*.yaml`, for the coverage gate, for naming the
//!   operation of a recorded request and for typing form bodies.
//! - [`wire`]: the comparison of a request as a server received it with the one a fixture
//!   expects, with a readable, per-part diff.
//! - [`json`]: key-by-key comparison of JSON values that reports the path of every difference.
//! - [`secrets`]: the scanner that keeps keys out of fixtures, and the scrubber the recorder uses.
//!
//! The library is shared with `cargo xtask record`, so it depends on nothing generated: the
//! tests that drive the generated client and the facade live in `tests/contract/`.

#![warn(missing_docs)]

pub mod fixture;
pub mod json;
pub mod secrets;
pub mod spec;
pub mod wire;

use std::path::PathBuf;

/// `tests/fixtures/` of this workspace, or the directory named by `MATON_CONTRACT_FIXTURES`
/// (to replay a fresh recording before it replaces the committed fixtures).
pub fn fixtures_dir() -> PathBuf {
    match std::env::var_os("MATON_CONTRACT_FIXTURES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
    }
}

/// `spec/` of this workspace.
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the test crate lives one level below the workspace root")
        .join("spec")
}
