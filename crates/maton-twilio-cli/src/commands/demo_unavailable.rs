//! `demo` in a build without the `emulator` feature: it says how to get a CLI that has one.

use crate::exit::{self, Failure};
use crate::output::Output;

/// What `demo` answers in this build (exit 2, nothing started).
pub const NOT_BUILT_IN: &str = "this maton-twilio was built without its emulator, so it has no \
    demo: the demo needs the `emulator` cargo feature, on by default; reinstall with \
    `cargo install --path crates/maton-twilio-cli` (default features) or build with \
    `--features emulator`";

/// Refuses, saying how to get the demo.
pub async fn run(_output: Output) -> Result<(), Failure> {
    Err(Failure::Cli(exit::USAGE, NOT_BUILT_IN.into()))
}
