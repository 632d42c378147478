//! The `maton-twilio` binary against the emulator: exit codes, `--json` output, every resource's
//! commands, connections and doctor, and the demo. One test binary, one module per area.

#[path = "../common/mod.rs"]
mod common;

mod api;
mod connections;
mod demo;
mod messages;
mod numbers_media_callers;
mod resources;
mod voice;
