//! Rules written by hand in place of a spec pattern, held to that pattern.

use maton_twilio_api::ConnectionId;
use serde_json::Value;

/// The `pattern` of a component schema of `spec/<file>`.
fn pattern(file: &str, schema: &str) -> String {
    let path = maton_contract_tests::spec_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let spec: Value = serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    spec.pointer(&format!("/components/schemas/{schema}/pattern"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{file}: schema {schema} has no pattern"))
        .to_owned()
}

/// The control plane's `ConnectionId` is checked by hand (`maton_twilio_api::ConnectionId`, no
/// regular expressions in a user's build); it must say what the spec's pattern says, on every
/// edge: each character class at each position, and the length on both sides of the limit.
#[test]
fn connection_id_rule_is_the_specs_pattern() {
    let written = pattern("control.yaml", "ConnectionId");
    assert_eq!(ConnectionId::PATTERN, written);
    let regex = regress::Regex::new(&written).expect("the spec's pattern compiles");
    let mut samples: Vec<String> = [
        "",
        "a",
        "Z9",
        "0-",
        "-",
        "a-b-c",
        "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for len in [127, 128, 129, 200] {
        samples.push("a".repeat(len));
        samples.push(format!("a{}", "-".repeat(len - 1)));
    }
    for c in (0u8..=0x7f)
        .map(char::from)
        .chain(['é', 'Ω', '\u{2028}', '🙂'])
    {
        samples.push(format!("{c}"));
        samples.push(format!("a{c}"));
        samples.push(format!("{c}a"));
        samples.push(format!("ab{c}cd"));
    }
    let mut disagree = Vec::new();
    for sample in &samples {
        let spec_says = regex.find(sample).is_some();
        if ConnectionId::is_valid(sample) != spec_says
            || sample.parse::<ConnectionId>().is_ok() != spec_says
        {
            disagree.push(format!("{sample:?}: the spec's pattern says {spec_says}"));
        }
    }
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
