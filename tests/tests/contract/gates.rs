//! The gates on the fixtures themselves: their format, their coverage of both specs and of the
//! cases the wire contract depends on, and the absence of anything key-like.

use std::collections::{BTreeMap, BTreeSet};

use maton_contract_tests::fixture::{LoadedFixture, Service, Source};
use maton_contract_tests::secrets;
use maton_contract_tests::spec::Body;
use serde_json::Value;

use crate::{assert_no_failures, fixtures, spec};

#[test]
fn every_fixture_follows_the_format() {
    let mut failures = Vec::new();
    for loaded in fixtures() {
        if let Err(problems) = loaded.fixture.validate() {
            failures.push(format!("{}:\n  {}", loaded.name, problems.join("\n  ")));
        }
        let area = loaded.name.split('/').next().unwrap_or_default();
        if !loaded.name.contains('/') || area.is_empty() {
            failures.push(format!(
                "{}: fixtures live in tests/fixtures/<area>/",
                loaded.name
            ));
        }
    }
    assert_no_failures("fixture format", failures);
}

#[test]
fn every_operation_has_a_fixture_and_every_fixture_an_operation() {
    let spec = spec();
    let fixtures = fixtures();
    let mut failures = Vec::new();
    let covered: BTreeSet<&str> = fixtures
        .iter()
        .map(|f| f.fixture.operation.as_str())
        .collect();
    for op in &spec.operations {
        if !covered.contains(op.id.as_str()) {
            failures.push(format!(
                "{} ({} {} in spec/{}.yaml) has no fixture",
                op.id, op.method, op.path, op.service
            ));
        }
    }
    for loaded in &fixtures {
        let f = &loaded.fixture;
        let Some(op) = spec.operation(&f.operation) else {
            failures.push(format!(
                "{}: `{}` is no operation of spec/",
                loaded.name, f.operation
            ));
            continue;
        };
        if op.service != f.service {
            failures.push(format!(
                "{}: {} belongs to {}, the fixture says {}",
                loaded.name, op.id, op.service, f.service
            ));
        }
        for (i, interaction) in f.interactions().iter().enumerate() {
            let request = &interaction.request;
            let at = format!("{} request {}", loaded.name, i + 1);
            match spec.match_request(f.service, &request.method, &request.path) {
                Some((matched, _)) if matched.id == op.id => {}
                Some((matched, _)) => failures.push(format!(
                    "{at}: {} {} is {}, not {}",
                    request.method, request.path, matched.id, op.id
                )),
                None => failures.push(format!(
                    "{at}: {} {} matches no operation of spec/{}.yaml",
                    request.method, request.path, f.service
                )),
            }
            for (key, _) in &request.query {
                if !op.query.contains(key) {
                    failures.push(format!("{at}: query parameter `{key}` is not in {}", op.id));
                }
            }
            match (&op.body, &request.form, &request.json) {
                (Some(Body::Form(_)), Some(form), None) => {
                    if let Err(e) = spec.form_to_json(op, form) {
                        failures.push(format!("{at}: {e}"));
                    }
                }
                (Some(Body::Json(_)), None, Some(_)) | (None, None, None) => {}
                (expected, form, json) => failures.push(format!(
                    "{at}: {} takes {expected:?}; the fixture has form {} and json {}",
                    op.id,
                    form.is_some(),
                    json.is_some()
                )),
            }
        }
    }
    assert_no_failures("coverage of spec/", failures);
}

#[test]
fn every_resource_has_an_error_case() {
    let spec = spec();
    let mut by_tag: BTreeMap<&str, usize> = spec
        .operations
        .iter()
        .map(|o| (o.tag.as_str(), 0))
        .collect();
    for loaded in fixtures() {
        let Some(op) = spec.operation(&loaded.fixture.operation) else {
            continue;
        };
        let errors = loaded
            .fixture
            .interactions()
            .iter()
            // An error, not a redirect: the add-on payload data's 307 is its result.
            .filter(|i| i.response.status >= 400)
            .count();
        *by_tag.entry(op.tag.as_str()).or_default() += errors;
    }
    let missing: Vec<String> = by_tag
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(tag, _)| format!("{tag} has no error fixture"))
        .collect();
    assert_no_failures("error cases per resource", missing);
}

/// Every JSON body of every response, with the fixture's name.
fn bodies(fixtures: &[LoadedFixture]) -> Vec<(String, u16, Value)> {
    let mut out = Vec::new();
    for loaded in fixtures {
        for interaction in loaded.fixture.interactions() {
            if let Some(Ok(body)) = interaction.response.json_body() {
                out.push((loaded.name.clone(), interaction.response.status, body));
            }
        }
    }
    out
}

fn any_member(value: &Value, test: &dyn Fn(&str, &Value) -> bool) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| test(k, v) || any_member(v, test)),
        Value::Array(items) => items.iter().any(|v| any_member(v, test)),
        _ => false,
    }
}

#[test]
fn the_cases_the_wire_contract_depends_on_are_all_present() {
    let spec = spec();
    let fixtures = fixtures();
    let bodies = bodies(&fixtures);
    let has =
        |test: &dyn Fn(&str, &Value) -> bool| bodies.iter().any(|(_, _, b)| any_member(b, test));
    let mut missing = Vec::new();
    let mut require = |ok: bool, what: &str| {
        if !ok {
            missing.push(what.to_string());
        }
    };

    require(
        fixtures.iter().any(|f| f.fixture.interactions().len() >= 2),
        "a list over several pages",
    );
    for key in ["last_page_uri", "num_pages", "total"] {
        require(
            has(&|k, v| k == key && !v.is_null()),
            &format!("the legacy key `{key}`"),
        );
    }
    require(
        has(&|k, v| k == "price" && v.is_string()) && has(&|k, v| k == "price" && v.is_number()),
        "price as a string and as a number",
    );
    require(
        has(&|k, v| k == "num_segments" && v.is_string())
            && has(&|k, v| k == "num_segments" && v.is_number()),
        "num_segments as a string and as a number",
    );
    require(
        has(&|k, v| k.ends_with("_sid") && v.as_str() == Some("")),
        "an empty-string SID",
    );
    require(
        has(&|k, v| k == "status" && v.as_str() == Some("teleported")),
        "an unknown enum value",
    );
    require(has(&|k, _| k == "risk_check_result"), "an unknown field");
    require(
        fixtures.iter().any(|f| {
            f.fixture.interactions().iter().any(|i| {
                i.request
                    .form_values("Body")
                    .iter()
                    .any(|b| b.chars().any(|c| c as u32 > 0xFFFF))
            })
        }),
        "a non-BMP character in a message body",
    );
    for status in [400, 401, 429] {
        require(
            fixtures.iter().any(|f| {
                f.name.starts_with("gateway/")
                    && f.fixture
                        .interactions()
                        .iter()
                        .any(|i| i.response.status == status)
            }),
            &format!("a gateway {status}"),
        );
    }
    require(
        fixtures.iter().any(|f| {
            f.fixture.interactions().iter().any(|i| {
                i.response.status >= 500 && !i.response.is_json() && i.response.body.is_some()
            })
        }),
        "a non-JSON 5xx",
    );
    require(
        fixtures.iter().any(|f| {
            f.fixture
                .interactions()
                .iter()
                .any(|i| i.request.header("Maton-Connection").is_some())
        }),
        "a request on a chosen Maton-Connection",
    );
    require(
        spec.operations
            .iter()
            .all(|o| o.service != Service::Control)
            || fixtures
                .iter()
                .any(|f| f.fixture.service == Service::Control),
        "the control plane",
    );
    assert_no_failures("cases the issue lists", missing);
}

#[test]
fn no_fixture_holds_anything_key_like() {
    let mut failures = Vec::new();
    for loaded in fixtures() {
        for finding in secrets::scan(&loaded.text) {
            failures.push(format!("{}: {finding}", loaded.name));
        }
    }
    assert_no_failures("key scan", failures);
}

#[test]
fn the_key_scan_catches_a_key_planted_in_a_real_fixture() {
    let loaded = fixtures()
        .into_iter()
        .find(|f| f.name == "messages/send_message.json")
        .expect("messages/send_message.json");
    assert_eq!(secrets::scan(&loaded.text), vec![]);
    let planted = loaded.text.replacen(
        "\"Body\"",
        "\"Key\", \"mtn_live_7Hq2Lx9Vb4Nc8Rt3Yw6Zp1Ks5\"], [\"Body\"",
        1,
    );
    let header = loaded.text.replacen(
        "\"Content-Type\"",
        "\"Authorization\": \"Bearer x\", \"Content-Type\"",
        1,
    );
    let found = secrets::scan(&planted);
    assert!(
        found
            .iter()
            .any(|f| f.text == "mtn_live_7Hq2Lx9Vb4Nc8Rt3Yw6Zp1Ks5"),
        "{found:?}"
    );
    let found = secrets::scan(&header);
    assert!(
        found.iter().any(|f| f.reason.contains("Authorization")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.reason.contains("bearer")),
        "{found:?}"
    );
}

#[test]
fn sources_say_where_each_fixture_came_from() {
    let mut failures = Vec::new();
    for loaded in fixtures() {
        match &loaded.fixture.source {
            Source::Recorded { by, .. } if !by.starts_with("cargo xtask record") => {
                failures.push(format!(
                    "{}: recorded by `{by}`, not by cargo xtask record",
                    loaded.name
                ))
            }
            _ => {}
        }
    }
    assert_no_failures("sources", failures);
}
