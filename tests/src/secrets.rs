//! Keeping credentials out of fixtures: a scanner that every fixture must pass, and the scrubber
//! `cargo xtask record` applies before it writes one.
//!
//! The scanner flags the `Authorization` header's name, any `Bearer ` value, and any token that
//! looks like a key: at least 20 characters of `[A-Za-z0-9_-]` mixing letters and digits, unless
//! it has one of the shapes fixtures legitimately hold (a Twilio SID or page token, a UUID).
//! A bare run of 32 hexadecimal digits (the shape of a Twilio auth token) is flagged too.

/// Why a piece of text was flagged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the scanned text.
    pub offset: usize,
    /// The flagged text.
    pub text: String,
    /// Why it was flagged.
    pub reason: &'static str,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "at byte {}: {} ({:?})",
            self.offset, self.reason, self.text
        )
    }
}

/// The text that replaces a secret.
pub const REDACTED: &str = "REDACTED";

/// Every credential-like piece of `text`.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let lower = text.to_ascii_lowercase();
    for (needle, reason) in [
        ("authorization", "names the Authorization header"),
        ("bearer ", "holds a bearer credential"),
    ] {
        for (offset, _) in lower.match_indices(needle) {
            findings.push(Finding {
                offset,
                text: text[offset..offset + needle.len()].to_string(),
                reason,
            });
        }
    }
    for (offset, token) in tokens(text) {
        if let Some(reason) = key_like(token) {
            findings.push(Finding {
                offset,
                text: token.to_string(),
                reason,
            });
        }
    }
    findings.sort_by_key(|f| f.offset);
    findings
}

/// `text` with every known secret, every `session_token` value and every key-like token
/// replaced by [`REDACTED`]. The words `Authorization` and `Bearer ` are left for [`scan`] to
/// refuse: a body that names them needs a human look.
pub fn scrub(text: &str, known_secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for secret in known_secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(secret, REDACTED);
    }
    out = redact_after(&out, "session_token=");
    out = redact_json_string_member(&out, "auth_token");
    let flagged: Vec<(usize, usize)> = tokens(&out)
        .filter(|(_, t)| key_like(t).is_some())
        .map(|(offset, t)| (offset, t.len()))
        .collect();
    for (offset, len) in flagged.into_iter().rev() {
        out.replace_range(offset..offset + len, REDACTED);
    }
    out
}

/// Replaces the value that follows each `marker` (up to `&`, `"`, `#`, whitespace or the end).
fn redact_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        let end = tail
            .find(|c: char| matches!(c, '&' | '"' | '#' | '\\') || c.is_whitespace())
            .unwrap_or(tail.len());
        if end > 0 {
            out.push_str(REDACTED);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces the string value of every JSON member named `key` (`"key": "value"`).
fn redact_json_string_member(text: &str, key: &str) -> String {
    let quoted = format!("\"{key}\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&quoted) {
        let (head, tail) = rest.split_at(at + quoted.len());
        out.push_str(head);
        let after_colon = tail.trim_start();
        let Some(value) = after_colon.strip_prefix(':').map(str::trim_start) else {
            rest = tail;
            continue;
        };
        let Some(inner) = value.strip_prefix('"') else {
            rest = tail;
            continue;
        };
        let Some(close) = closing_quote(inner) else {
            rest = tail;
            continue;
        };
        let skipped = tail.len() - inner.len();
        out.push_str(&tail[..skipped]);
        out.push_str(REDACTED);
        rest = &inner[close..];
    }
    out.push_str(rest);
    out
}

fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_token = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_token(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, &text[s..]));
    }
    spans.into_iter()
}

fn key_like(token: &str) -> Option<&'static str> {
    if token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some("has the shape of a Twilio auth token (32 hex digits)");
    }
    if token.len() < 20 || is_sid_like(token) || is_uuid(token) || token == REDACTED {
        return None;
    }
    let letters = token.chars().any(|c| c.is_ascii_alphabetic());
    let digits = token.chars().any(|c| c.is_ascii_digit());
    (letters && digits).then_some("looks like a key (long token mixing letters and digits)")
}

/// `AC` + 32 hex (a SID), or up to four capitals + 32 hex (a page token such as `PAMM...`).
fn is_sid_like(token: &str) -> bool {
    (2..=4).any(|prefix| {
        token.len() == prefix + 32
            && token[..prefix].chars().all(|c| c.is_ascii_uppercase())
            && token[prefix..].chars().all(|c| c.is_ascii_hexdigit())
    })
}

fn is_uuid(token: &str) -> bool {
    let groups: Vec<&str> = token.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_keys_are_found() {
        for (planted, reason) in [
            (
                r#"{"headers":{"Authorization":"x"}}"#,
                "names the Authorization header",
            ),
            ("token: Bearer abc", "holds a bearer credential"),
            (
                r#"{"key":"mtn_4f9Qz8LrT2vX7yKp3sWb6N1c"}"#,
                "looks like a key",
            ),
            (
                r#"{"auth_token":"0123456789abcdef0123456789abcdef"}"#,
                "auth token",
            ),
            (
                "https://connect.maton.ai/?session_token=Zk9xL2m8Qp4Rt7Wv1Yb3Nc6",
                "looks like a key",
            ),
        ] {
            let findings = scan(planted);
            assert!(
                findings.iter().any(|f| f.reason.contains(reason)),
                "{planted}: {findings:?}"
            );
        }
    }

    #[test]
    fn what_fixtures_legitimately_hold_passes() {
        let text = r#"{"sid":"SMded05904ccb347238880ca9264e8fe1c","account_sid":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "next_page_uri":"/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages.json?PageSize=2&Page=1&PageToken=PAMMc26223853f8c46b4ab7dfaa6abba0a26",
            "connection_id":"ebe566b1-3eaf-4926-bc92-0d8d47445f12","date_created":"2026-02-09T23:18:44.243582Z",
            "subresource_uris":{"user_defined_message_subscriptions":"/x.json"},"to":"+18182008801",
            "auth_token":"REDACTED","url":"https://connect.maton.ai/?session_token=REDACTED"}"#;
        assert_eq!(scan(text), vec![]);
    }

    #[test]
    fn scrub_removes_what_scan_would_flag_except_the_header_words() {
        let key = "sk-test-9a8b7c6d5e4f3a2b1c0d";
        let text = format!(
            r#"{{"echo":"{key}","auth_token":"0123456789abcdef0123456789abcdef",
                "url":"https://connect.maton.ai/?session_token=abc.def&x=1","note":"q1w2e3r4t5y6u7i8o9p0a1s2"}}"#
        );
        let scrubbed = scrub(&text, &[key]);
        assert!(!scrubbed.contains(key));
        assert!(
            scrubbed.contains(r#""auth_token":"REDACTED""#),
            "{scrubbed}"
        );
        assert!(
            scrubbed.contains("session_token=REDACTED&x=1"),
            "{scrubbed}"
        );
        assert!(scrubbed.contains(r#""note":"REDACTED""#), "{scrubbed}");
        assert_eq!(scan(&scrubbed), vec![]);
    }
}
