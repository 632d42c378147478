//! Maintenance tasks for the workspace: `cargo xtask <task>`.
//!
//! - `codegen [--check]`: regenerate `crates/maton-twilio-api/src/generated/` from `spec/`, and
//!   the contract tests' driver of the generated client.
//! - `spec-audit --upstream PATH [--allow FILE]`: compare `spec/twilio.yaml` with Twilio's own
//!   OpenAPI description of API v2010.
//! - `record SCENARIO...`: record contract-test fixtures from the live gateway (needs
//!   `MATON_API_KEY`; never in CI).
//! - `bench [--quick] [--builds]`: every benchmark against the emulator; a table and
//!   `target/bench/report.json` (see `BENCHMARKS.md`).
//! - `build-cost [--rounds N] [--dry-run]`: clean release builds of a send-one-SMS program against
//!   our facade, against it before API v2010's operations, and against `twilio-openapi` 1.2.2.
//! - `public-api [--bless]`: compare the public API of the hand-written published crates with
//!   the snapshots in `public-api/`.

use std::process::ExitCode;

mod audit;
mod bench;
mod build_cost;
mod codegen;
mod driver;
mod normalise;
mod optable;
mod postprocess;
mod public_api;
mod record;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match task {
        "codegen" => codegen::main(rest),
        "spec-audit" => audit::main(rest),
        "bench" => bench::main(rest),
        "build-cost" => build_cost::main(rest),
        "record" => record::main(rest),
        "public-api" => public_api::main(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  codegen [--check]                      regenerate the low-level crate from spec/
  spec-audit --upstream PATH [--spec F] [--allow F]
                                         compare spec/twilio.yaml with Twilio's v2010 spec
  record SCENARIO... [--upstream URL] [--control-upstream URL] [--out DIR] [--send FROM TO]
                                         record fixtures from the live gateway into
                                         tests/fixtures/ (MATON_API_KEY; never in CI)
  bench [--quick] [--builds] [--profile dev|release]
                                         run the benchmarks against the emulator; writes
                                         target/bench/report.json
  build-cost [--rounds N] [--only NAMES] [--before REV] [--scratch DIR] [--no-debug] [--dry-run]
                                         clean release builds of a send-one-SMS program:
                                         ours, ours before v2010, twilio-openapi 1.2.2
  public-api [--bless] [PACKAGE...]      compare the public API of the published crates with
                                         public-api/*.txt (--bless rewrites them)";

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
