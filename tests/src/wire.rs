//! Comparing the request a server received with the one a fixture expects.
//!
//! Paths compare exactly (as sent, still percent-encoded); query and form pairs compare as
//! multisets (order is free, repeats count); JSON bodies compare as values; the headers the
//! fixture lists must carry its values, `Maton-Connection` must be absent unless listed, and
//! `Authorization` must be present (its value is never stored, so only its shape is checked).

use std::collections::BTreeMap;
use std::fmt;

use crate::fixture::{Request, is_json_media_type};

/// A request as a server received it.
#[derive(Clone, Debug, Default)]
pub struct Received {
    /// The method.
    pub method: String,
    /// The path as sent, percent-encoded, without the query.
    pub path: String,
    /// The query string as sent (without `?`).
    pub query: Option<String>,
    /// Every header, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// One header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded query pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        decode_pairs(self.query.as_deref().unwrap_or("").as_bytes())
    }
}

/// Decodes `application/x-www-form-urlencoded` bytes (a query string or a form body).
pub fn decode_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).into_owned().collect()
}

/// Headers whose absence is part of the contract: sent only when the caller asked for them.
const SIGNIFICANT_WHEN_ABSENT: &[&str] = &["maton-connection"];

/// How a received request differs from the expected one, part by part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// One entry per differing part: (part, what differs).
    pub parts: Vec<(String, String)>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the request does not match the fixture:")?;
        for (part, detail) in &self.parts {
            writeln!(f, "  {part}:")?;
            for line in detail.lines() {
                writeln!(f, "    {line}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Mismatch {}

/// Compares `received` with `expected`; the error lists every differing part with expected and
/// received values.
pub fn compare(expected: &Request, received: &Received) -> Result<(), Mismatch> {
    let mut parts = Vec::new();
    if !expected.method.eq_ignore_ascii_case(&received.method) {
        parts.push((
            "method".to_string(),
            format!("expected {}\nreceived {}", expected.method, received.method),
        ));
    }
    if expected.path != received.path {
        parts.push((
            "path".to_string(),
            format!("expected {}\nreceived {}", expected.path, received.path),
        ));
    }
    if let Some(detail) = multiset_diff(&expected.query, &received.query_pairs()) {
        parts.push(("query".to_string(), detail));
    }
    compare_body(expected, received, &mut parts);
    compare_headers(expected, received, &mut parts);
    if parts.is_empty() {
        Ok(())
    } else {
        Err(Mismatch { parts })
    }
}

fn compare_body(expected: &Request, received: &Received, parts: &mut Vec<(String, String)>) {
    let content_type = received.header("content-type").unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if let Some(form) = &expected.form {
        if !received.body.is_empty() && media != "application/x-www-form-urlencoded" {
            parts.push((
                "body".to_string(),
                format!(
                    "expected a form body (application/x-www-form-urlencoded)\nreceived Content-Type {content_type:?}"
                ),
            ));
            return;
        }
        if let Some(detail) = multiset_diff(form, &decode_pairs(&received.body)) {
            parts.push(("form".to_string(), detail));
        }
    } else if let Some(json) = &expected.json {
        if !is_json_media_type(content_type) {
            parts.push((
                "body".to_string(),
                format!("expected a JSON body\nreceived Content-Type {content_type:?}"),
            ));
            return;
        }
        match serde_json::from_slice::<serde_json::Value>(&received.body) {
            Ok(value) => {
                let diff = crate::json::diff(json, &value);
                if !diff.is_empty() {
                    parts.push(("json".to_string(), diff.join("\n")));
                }
            }
            Err(e) => parts.push((
                "json".to_string(),
                format!(
                    "expected {json}\nreceived a body that is not JSON ({e}): {:?}",
                    String::from_utf8_lossy(&received.body)
                ),
            )),
        }
    } else if !received.body.is_empty() {
        parts.push((
            "body".to_string(),
            format!(
                "expected none\nreceived {:?}",
                String::from_utf8_lossy(&received.body)
            ),
        ));
    }
}

fn compare_headers(expected: &Request, received: &Received, parts: &mut Vec<(String, String)>) {
    for (name, want) in &expected.headers {
        let got = received.header(name);
        let same = match got {
            Some(got) if name.eq_ignore_ascii_case("content-type") => {
                media_type(got).eq_ignore_ascii_case(media_type(want))
            }
            Some(got) => got == want,
            None => false,
        };
        if !same {
            parts.push((
                format!("header {name}"),
                format!("expected {want:?}\nreceived {got:?}"),
            ));
        }
    }
    for name in SIGNIFICANT_WHEN_ABSENT {
        if expected.header(name).is_none()
            && let Some(got) = received.header(name)
        {
            parts.push((
                format!("header {name}"),
                format!("expected none\nreceived {got:?}"),
            ));
        }
    }
    match received.header("authorization") {
        Some(value)
            if value
                .strip_prefix("Bearer ")
                .is_some_and(|key| !key.trim().is_empty()) => {}
        Some(_) => parts.push((
            "header authorization".to_string(),
            "expected `Bearer <key>`\nreceived another scheme (value not shown)".to_string(),
        )),
        None => parts.push((
            "header authorization".to_string(),
            "expected `Bearer <key>`\nreceived none".to_string(),
        )),
    }
}

fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or("").trim()
}

/// `None` when both lists hold the same pairs the same number of times; otherwise the pairs
/// missing from `received` and those it has in excess.
fn multiset_diff(expected: &[(String, String)], received: &[(String, String)]) -> Option<String> {
    let mut counts: BTreeMap<&(String, String), i64> = BTreeMap::new();
    for pair in expected {
        *counts.entry(pair).or_default() += 1;
    }
    for pair in received {
        *counts.entry(pair).or_default() -= 1;
    }
    let missing: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|((k, v), n)| times(k, v, *n))
        .collect();
    let unexpected: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n < 0)
        .map(|((k, v), n)| times(k, v, -n))
        .collect();
    if missing.is_empty() && unexpected.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    if !missing.is_empty() {
        lines.push(format!("missing    {}", missing.join(", ")));
    }
    if !unexpected.is_empty() {
        lines.push(format!("unexpected {}", unexpected.join(", ")));
    }
    lines.push(format!("expected   {}", pairs(expected)));
    lines.push(format!("received   {}", pairs(received)));
    Some(lines.join("\n"))
}

fn times(key: &str, value: &str, n: i64) -> String {
    if n == 1 {
        format!("{key}={value:?}")
    } else {
        format!("{key}={value:?} (x{n})")
    }
}

fn pairs(list: &[(String, String)]) -> String {
    let items: Vec<String> = list.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Request {
        serde_json::from_value(serde_json::json!({
            "method": "POST",
            "path": "/2010-04-01/Accounts/AC1/Messages.json",
            "form": [["To", "+1555"], ["MediaUrl", "a"], ["MediaUrl", "b"]],
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}
        }))
        .unwrap()
    }

    fn received(body: &str) -> Received {
        Received {
            method: "POST".into(),
            path: "/2010-04-01/Accounts/AC1/Messages.json".into(),
            query: None,
            headers: vec![
                ("authorization".into(), "Bearer k".into()),
                (
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn form_pairs_compare_as_a_multiset() {
        let r = received("MediaUrl=b&To=%2B1555&MediaUrl=a");
        assert_eq!(compare(&expected(), &r), Ok(()));
    }

    #[test]
    fn every_differing_part_is_reported() {
        let mut r = received("MediaUrl=b&To=%2B1555&Extra=1");
        r.path = "/2010-04-01/Accounts/AC1/Message.json".into();
        r.headers.retain(|(k, _)| k != "authorization");
        r.headers.push(("maton-connection".into(), "c1".into()));
        let text = compare(&expected(), &r).unwrap_err().to_string();
        for line in [
            "path:",
            "expected /2010-04-01/Accounts/AC1/Messages.json",
            "received /2010-04-01/Accounts/AC1/Message.json",
            "form:",
            "missing    MediaUrl=\"a\"",
            "unexpected Extra=\"1\"",
            "header maton-connection:",
            "header authorization:",
        ] {
            assert!(text.contains(line), "{line:?} not in\n{text}");
        }
    }
}
