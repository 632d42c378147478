//! Contract tests: every fixture under `tests/fixtures/` replayed against the generated client,
//! decoded and re-encoded, checked for coverage of the specs and for secrets.
//!
//! One test binary with a module per concern, so that it links once.

mod facade;
mod gates;
mod harness;
mod raw;
// Written by `cargo xtask codegen` from the specs; formatted by it, not by rustfmt.
#[rustfmt::skip]
#[path = "generated/raw_driver.rs"]
mod raw_driver;
mod replay;
mod roundtrip;
mod rules;
mod walk;

use maton_contract_tests::fixture::{self, LoadedFixture};
use maton_contract_tests::spec::Spec;

/// Every fixture, loaded; panics with the reason when one does not parse.
pub fn fixtures() -> Vec<LoadedFixture> {
    fixture::load_dir(&maton_contract_tests::fixtures_dir()).unwrap_or_else(|e| panic!("{e}"))
}

/// Both specs, indexed.
pub fn spec() -> Spec {
    Spec::load(&maton_contract_tests::spec_dir()).unwrap_or_else(|e| panic!("{e}"))
}

/// Panics listing every failure, one fixture per paragraph, when there is any.
pub fn assert_no_failures(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} failure(s)\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[tokio::test]
async fn every_fixture_replays_through_the_generated_client() {
    let spec = spec();
    let fixtures = fixtures();
    let mut failures = Vec::new();
    for loaded in &fixtures {
        if let Err(e) = raw::replay(&spec, &loaded.fixture).await {
            failures.push(format!(
                "{} ({}):\n{e}",
                loaded.name, loaded.fixture.operation
            ));
        }
    }
    assert_no_failures("replay through maton-twilio-api", failures);
    assert!(!fixtures.is_empty(), "no fixture found");
}
