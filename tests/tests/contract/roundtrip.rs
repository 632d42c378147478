//! The round trip, after async-stripe: every JSON success body decodes into the generated type of
//! its operation and encodes back without losing anything (nulls aside); a difference is reported
//! with its key path.

use maton_contract_tests::json;
use maton_twilio_api::{control, twilio};
use serde_json::Value;

use crate::{assert_no_failures, fixtures};

/// Decodes `body` into the success type of `operation` (from the generated operation table) and
/// encodes it back; `Ok(None)` for operations whose success carries no body.
pub fn round_trip(operation: &str, body: &Value) -> Result<Option<Value>, String> {
    let through = if let Ok(op) = operation.parse::<twilio::Operation>() {
        op.round_trip(body)
    } else if let Ok(op) = operation.parse::<control::Operation>() {
        op.round_trip(body)
    } else {
        return Err(format!("no success type known for {operation}"));
    };
    through.transpose()
}

/// The differences between a body and its round trip, nulls aside, with their key paths.
pub fn losses(operation: &str, body: &Value) -> Result<Vec<String>, String> {
    Ok(match round_trip(operation, body)? {
        Some(back) => json::diff(&json::without_nulls(body), &json::without_nulls(&back)),
        None => Vec::new(),
    })
}

#[test]
fn every_success_body_round_trips_through_the_generated_types() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for loaded in fixtures() {
        let op = &loaded.fixture.operation;
        for (i, interaction) in loaded.fixture.interactions().iter().enumerate() {
            let response = &interaction.response;
            if !response.is_success() {
                continue;
            }
            let Some(body) = response.json_body() else {
                continue;
            };
            let at = format!("{} response {} ({op})", loaded.name, i + 1);
            match body.and_then(|b| losses(op, &b)) {
                Ok(diff) if diff.is_empty() => checked += 1,
                Ok(diff) => failures.push(format!(
                    "{at}: lost in the round trip:\n  {}",
                    diff.join("\n  ")
                )),
                Err(e) => failures.push(format!("{at}: {e}")),
            }
        }
    }
    assert_no_failures("round trip", failures);
    assert!(checked >= 50, "only {checked} bodies checked");
}

#[test]
fn a_lost_field_is_reported_with_its_path() {
    // A field the spec knows, with a value its type cannot hold the way it came: `page` is an
    // integer, so a string there does not decode at all, and the message names the field.
    let err = round_trip(
        twilio::Operation::ListQueue.id(),
        &serde_json::json!({"queues": [], "page": "zero"}),
    )
    .unwrap_err();
    assert!(
        err.contains("QueuePage") && err.contains("invalid type"),
        "{err}"
    );
    // A difference after decoding is reported with its key path.
    let diff = json::diff(
        &serde_json::json!({"queues": [{"max_size": 100}]}),
        &serde_json::json!({"queues": [{}]}),
    );
    assert_eq!(diff, vec!["$.queues[0].max_size: lost (expected 100)"]);
}
