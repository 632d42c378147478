//! The same fixtures driven through the facade (`maton-twilio`, and `maton-connections` through
//! it): each arm reads the fixture's request and calls the handler a user would call. A list over
//! several pages is fetched with `all()`, so the facade itself must follow `next_page_uri`.
//!
//! A fixture whose request uses a parameter the facade does not offer is skipped with the reason;
//! one of an operation the facade does not wrap (no arm in `drive.rs`) is listed, not failed;
//! a fixture the facade refuses before sending is accepted only when Twilio refused it too.

mod drive;

use maton_contract_tests::fixture::Fixture;
use maton_contract_tests::json;
use maton_contract_tests::spec::Spec;
use maton_twilio::raw::twilio::Operation as T;
use maton_twilio::{Client, RetryPolicy};
use serde_json::{Value, json};

use crate::raw::TEST_KEY;
use crate::replay::{Outcome, Replay, check_outcome};
use crate::{assert_no_failures, fixtures, spec};
use drive::{Driven, drive, parse};

/// What the facade should have produced for a fixture that ends in a success: the decoded body,
/// or for a list its items (over every page for a sequence) and the last page's envelope.
fn expected_value(fixture: &Fixture) -> Result<Value, String> {
    let interactions = fixture.interactions();
    let last = interactions.last().ok_or("no interaction")?;
    let body = match last.response.json_body() {
        Some(body) => body?,
        None => return Ok(Value::Null),
    };
    // A list operation of the table: its items are under its item key.
    let Some(key) = fixture.operation.parse::<T>().ok().and_then(T::item_key) else {
        return Ok(body);
    };
    let mut all = Vec::new();
    for interaction in &interactions {
        let page = interaction
            .response
            .json_body()
            .ok_or("a page without a JSON body")??;
        all.extend(page[key].as_array().cloned().unwrap_or_default());
    }
    if interactions.len() > 1 {
        return Ok(json!({ "items": all }));
    }
    Ok(json!({
        "items": all,
        "page": body.get("page"), "page_size": body.get("page_size"),
        "next_page_uri": body.get("next_page_uri"), "total": body.get("total"),
        "num_pages": body.get("num_pages"),
    }))
}

/// How a fixture fared through the facade.
pub enum Verdict {
    /// Requests and results as the fixture says.
    Passed,
    /// Refused before sending, as Twilio refused it.
    RefusedLocally(String),
    /// The facade cannot send this request.
    Skipped(String),
    /// The facade does not wrap the fixture's operation.
    NotWrapped,
}

/// Replays one fixture through the facade.
pub async fn replay(spec: &Spec, fixture: &Fixture) -> Result<Verdict, String> {
    let server = Replay::start(fixture).await;
    let interactions = fixture.interactions();
    let first = &interactions[0].request;
    let account = spec
        .match_request(fixture.service, &first.method, &first.path)
        .and_then(|(_, p)| p.get("AccountSid").cloned())
        .unwrap_or_else(|| format!("AC{}", "a".repeat(32)));
    let mut builder = Client::builder()
        .api_key(TEST_KEY)
        .base_url(server.url())
        .control_base_url(server.url())
        .account_sid(parse(&account)?)
        .retry_policy(RetryPolicy::none())
        .no_rate_limit();
    if let Some(connection) = first.header("Maton-Connection") {
        builder = builder.connection(connection);
    }
    let client = builder
        .build()
        .map_err(|e| format!("building the client: {e}"))?;
    let result = match drive(spec, &client, fixture, first).await? {
        Driven::Unsupported(reason) => return Ok(Verdict::Skipped(reason)),
        Driven::NotWrapped => return Ok(Verdict::NotWrapped),
        Driven::Done(result) => result,
    };
    let last = &interactions.last().expect("one interaction").response;
    let checked = match result {
        Err(e) if e.status().is_none() => {
            if e.is_invalid_input() && !last.is_success() && server.check_requests().is_err() {
                return Ok(Verdict::RefusedLocally(e.to_string()));
            }
            Err(format!("the facade failed without a response: {e}"))
        }
        Err(e) => {
            let outcome = Outcome::Refused {
                status: e.status().unwrap_or_default(),
                body: e.body().unwrap_or_default().to_string(),
                twilio_code: e.code(),
            };
            check_outcome(last, &outcome)
        }
        Ok(got) => {
            if !last.is_success() {
                Err(format!(
                    "the facade succeeded on a {} response",
                    last.status
                ))
            } else {
                let want = expected_value(fixture)?;
                let diff = json::diff(&json::without_nulls(&want), &json::without_nulls(&got));
                // `null` is a success without a body (`()`): nothing to compare.
                if diff.is_empty() || want.is_null() || got.is_null() {
                    Ok(())
                } else {
                    Err(format!(
                        "the facade's value differs from the fixture:\n  {}",
                        diff.join("\n  ")
                    ))
                }
            }
        }
    };
    let requests = server.check_requests();
    match (requests, checked) {
        (Ok(()), Ok(())) => Ok(Verdict::Passed),
        (Err(a), Ok(())) => Err(a),
        (Ok(()), Err(b)) => Err(b),
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
    }
}

/// Fixtures the facade does not pass yet, each with the reason and a piece of the failure text.
/// A gap that closes fails the test, so that this list stays true.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[];

#[tokio::test]
async fn every_fixture_replays_through_the_facade() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut passed = Vec::new();
    let mut skipped = Vec::new();
    let mut not_wrapped = Vec::new();
    for loaded in fixtures() {
        let gap = KNOWN_GAPS.iter().find(|(name, ..)| *name == loaded.name);
        match (replay(&spec, &loaded.fixture).await, gap) {
            (Ok(Verdict::Skipped(why)), _) => skipped.push(format!("{}: {why}", loaded.name)),
            (Ok(Verdict::NotWrapped), _) => not_wrapped.push(loaded.fixture.operation.clone()),
            (Ok(_), Some(_)) => failures.push(format!(
                "{}: a known gap now passes: take it off KNOWN_GAPS",
                loaded.name
            )),
            (Ok(verdict), None) => {
                if let Verdict::RefusedLocally(why) = verdict {
                    eprintln!(
                        "{}: refused before sending, as Twilio did: {why}",
                        loaded.name
                    );
                }
                passed.push(loaded.fixture.operation.clone());
            }
            (Err(e), Some((_, why, text))) if e.contains(text) => {
                eprintln!("known facade gap: {}: {why}", loaded.name);
            }
            (Err(e), _) => failures.push(format!(
                "{} ({}):\n{e}",
                loaded.name, loaded.fixture.operation
            )),
        }
    }
    for line in &skipped {
        eprintln!("skipped through the facade: {line}");
    }
    assert_no_failures("replay through maton-twilio", failures);
    if std::env::var_os("MATON_CONTRACT_FIXTURES").is_some() {
        return; // a recording under review need not cover every operation
    }
    // Every operation the facade wraps (the ones its driver has an arm for) goes through it at
    // least once; the others are the generated client's alone.
    for id in &not_wrapped {
        eprintln!("not wrapped by the facade: {id}");
    }
    let missing: Vec<String> = spec
        .operations
        .iter()
        .filter(|o| !passed.contains(&o.id) && !not_wrapped.contains(&o.id))
        .map(|o| format!("{} never went through the facade", o.id))
        .collect();
    assert_no_failures("facade coverage", missing);
}
