//! The one redaction step every text that came from a server passes before it reaches an
//! [`Error`](crate::Error): its message, its body, Twilio's error fields, its headers, its source.
//!
//! A server (or a proxy, or a debugging endpoint) may echo the API key back in many shapes. The
//! step looks for every live key on the *decoded* text, so that the shapes below are all caught
//! and replaced by `<redacted>` where they stand in the original:
//!
//! - the key as is (`sk_live_…`), and after `Bearer ` any token at all;
//! - JSON-escaped, character by character (`\u0073k_…`) or with `\/` for a `/`;
//! - percent-encoded (`%73k_…`), as in a URL or a form;
//! - as HTML character references (`&#115;k_…`, `&#x73;k_…`).
//!
//! The keys are those of every [`ApiKey`](crate::ApiKey) alive in the process (held weakly: a
//! dropped key is forgotten). Keys shorter than [`MIN_SECRET_LEN`] are not searched for in
//! messages (they would match ordinary words); real Maton keys are far longer.

use std::sync::{Arc, Mutex, Weak};

/// What a key is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// The shortest key that is searched for in every error (shorter ones would match words).
pub const MIN_SECRET_LEN: usize = 8;

/// Every key made in the process, weakly.
static SECRETS: Mutex<Vec<Weak<str>>> = Mutex::new(Vec::new());

/// Remembers `secret` so that every later error is scrubbed of it, for as long as it lives.
/// (Each key made is remembered on its own: two equal keys may be dropped at different times.)
pub(crate) fn register(secret: &Arc<str>) {
    if secret.len() < MIN_SECRET_LEN {
        return;
    }
    let mut secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    secrets.retain(|s| s.strong_count() > 0);
    secrets.push(Arc::downgrade(secret));
}

/// The keys alive now, each text once.
fn live_secrets() -> Vec<Arc<str>> {
    let mut live: Vec<Arc<str>> = {
        let secrets = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
        secrets.iter().filter_map(Weak::upgrade).collect()
    };
    live.sort();
    live.dedup();
    live
}

/// `text` with every live key (in any of the shapes above) and every `Bearer` token replaced.
pub fn redact_server_text(text: &str) -> String {
    redact(text)
}

pub(crate) fn redact(text: &str) -> String {
    let secrets = live_secrets();
    let mut out = text.to_string();
    for secret in &secrets {
        if let Some(scrubbed) = replace_decoded(out.as_bytes(), secret.as_bytes()) {
            out = String::from_utf8_lossy(&scrubbed).into_owned();
        }
    }
    redact_bearer(&out)
}

/// Server text as an error quotes it: redacted, at most `max_chars` characters (then `…`), and
/// with control characters escaped ([`escape_controls`]) so that it cannot forge a log line.
pub fn quote_server_text(text: &str, max_chars: usize) -> String {
    let redacted = redact(text);
    let head: String = redacted.chars().take(max_chars).collect();
    let mut shown = escape_controls(&head);
    if redacted.chars().nth(max_chars).is_some() {
        shown.push('…');
    }
    shown
}

/// `text` with every character that could act on a terminal or a log written as an escape
/// (`\n`, `\u{1b}`): control characters (C0 such as ESC, `\r` and `\n`, DEL, C1 such as CSI),
/// the line and paragraph separators, and the bidirectional marks and overrides. Nothing a
/// server or a user sends can then move the cursor, recolour, set a title or forge a line.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{200e}' | '\u{200f}'
        )
}

/// `body` with `secret` replaced wherever it stands, as is or encoded; `None` when absent.
///
/// The body is read token by token (a JSON escape, a `%XX`, an HTML reference or a plain byte,
/// each decoding to one byte); a match is a run of tokens that decodes to the secret, and that
/// whole run is replaced. Nothing but the output is allocated, whatever the body's size.
pub(crate) fn replace_decoded(body: &[u8], secret: &[u8]) -> Option<Vec<u8>> {
    if secret.is_empty() || body.len() < secret.len() {
        return None;
    }
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < body.len() {
        match match_at(body, i, secret) {
            Some(end) => {
                let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
                out.extend_from_slice(&body[copied..i]);
                out.extend_from_slice(REDACTED.as_bytes());
                copied = end;
                i = end;
            }
            None => i += token(body, i).1,
        }
    }
    let mut out = out?;
    out.extend_from_slice(&body[copied..]);
    Some(out)
}

/// Where a run of tokens from `start` that decodes to `secret` ends, if there is one.
fn match_at(body: &[u8], start: usize, secret: &[u8]) -> Option<usize> {
    let mut i = start;
    for &want in secret {
        if i >= body.len() {
            return None;
        }
        let (byte, len) = token(body, i);
        if byte != want {
            return None;
        }
        i += len;
    }
    Some(i)
}

/// Stands for any decoded character that is not ASCII: it never matches a key's byte.
const NOT_ASCII: u8 = 0xff;

/// The byte the token at `i` decodes to, and its length in `body`.
fn token(body: &[u8], i: usize) -> (u8, usize) {
    decode_at(&body[i..]).unwrap_or((body[i], 1))
}

/// Decodes a JSON string escape, a percent-encoded byte or an HTML character reference.
fn decode_at(rest: &[u8]) -> Option<(u8, usize)> {
    match rest {
        [b'\\', b'u', a, b, c, d, ..] => {
            let code = hex(*a)? << 12 | hex(*b)? << 8 | hex(*c)? << 4 | hex(*d)?;
            Some((ascii(code), 6))
        }
        [b'\\', escaped, ..] => {
            let byte = match escaped {
                b'"' | b'\\' | b'/' => *escaped,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'b' => 0x08,
                b'f' => 0x0c,
                _ => return None,
            };
            Some((byte, 2))
        }
        [b'%', a, b, ..] => Some(((hex(*a)? << 4 | hex(*b)?) as u8, 3)),
        [b'&', b'#', ..] => {
            let (digits, radix, skip) = match rest.get(2) {
                Some(b'x' | b'X') => (&rest[3..], 16, 3),
                _ => (&rest[2..], 10, 2),
            };
            let len = digits
                .iter()
                .take(8)
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if len == 0 || digits.get(len) != Some(&b';') {
                return None;
            }
            let text = std::str::from_utf8(&digits[..len]).ok()?;
            let code = u32::from_str_radix(text, radix).ok()?;
            Some((ascii(code), skip + len + 1))
        }
        _ => None,
    }
}

fn hex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn ascii(code: u32) -> u8 {
    u8::try_from(code)
        .ok()
        .filter(u8::is_ascii)
        .unwrap_or(NOT_ASCII)
}

/// Replaces the token after every `Bearer ` (any case) with `<redacted>`: a server or proxy that
/// echoes the `Authorization` header must not get any key into a message or a log line.
pub(crate) fn redact_bearer(text: &str) -> String {
    const WORD: &str = "bearer";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in lower.match_indices(WORD) {
        if at < copied {
            continue;
        }
        let after = at + WORD.len();
        let gap = text[after..].len() - text[after..].trim_start().len();
        let start = after + gap;
        let token = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | ',' | ';'))
            .map_or(text.len(), |end| start + end);
        if gap == 0 || token == start || text[start..token] == *REDACTED {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = token;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(body: &str, secret: &str) -> String {
        replace_decoded(body.as_bytes(), secret.as_bytes())
            .map(|b| String::from_utf8(b).unwrap())
            .unwrap_or_else(|| body.to_string())
    }

    #[test]
    fn the_key_is_found_in_every_encoding() {
        let key = "sk_live/abc";
        for (echo, want) in [
            ("x sk_live/abc y", "x <redacted> y"),
            (r"x \u0073k_live\/abc y", "x <redacted> y"),
            (
                r#"{"k":"\u0073\u006B\u005f\u006c\u0069\u0076\u0065\u002fabc"}"#,
                r#"{"k":"<redacted>"}"#,
            ),
            ("/x?key=%73k_live%2Fabc&y", "/x?key=<redacted>&y"),
            ("&#115;k_live&#x2f;abc", "<redacted>"),
            ("sk_live/abcsk_live/abc", "<redacted><redacted>"),
            ("\u{e9}sk_live/abc\u{e9}", "\u{e9}<redacted>\u{e9}"),
        ] {
            assert_eq!(scrub(echo, key), want, "{echo}");
        }
        for absent in [
            "sk_live/ab",
            r"\\u0073k_live/abc",
            "%zzsk_live",
            "sk_livé/abc",
        ] {
            assert_eq!(scrub(absent, key), absent, "{absent}");
        }
    }

    #[test]
    fn every_live_key_is_redacted_until_its_last_copy_is_dropped() {
        let text = "echo mk_unit_live_key_42 and %6Dk_unit_live_key_42";
        let first = crate::ApiKey::new("mk_unit_live_key_42").unwrap();
        let second = crate::ApiKey::new("mk_unit_live_key_42").unwrap();
        let copy = second.clone();
        assert_eq!(redact(text), "echo <redacted> and <redacted>");
        drop(first);
        drop(second);
        assert_eq!(
            redact(text),
            "echo <redacted> and <redacted>",
            "a copy lives"
        );
        drop(copy);
        assert_eq!(redact(text), text, "forgotten once dropped");
        let short = crate::ApiKey::new("mk_7").unwrap();
        assert_eq!(redact("mk_7"), "mk_7", "too short to search for everywhere");
        drop(short);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_kept_around_the_key() {
        assert_eq!(
            replace_decoded(b"\xff\xfe sk_123456 \xc3", b"sk_123456").unwrap(),
            b"\xff\xfe <redacted> \xc3"
        );
        assert_eq!(replace_decoded(b"\xff nothing", b"sk_123456"), None);
    }

    #[test]
    fn bearer_tokens_in_server_text_are_redacted() {
        assert_eq!(
            redact_bearer("bad token Bearer sk_1234, BEARER\tabc<x> bearer"),
            "bad token Bearer <redacted>, BEARER\t<redacted><x> bearer"
        );
    }

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quote_server_text("a\r\nb", 10), r"a\r\nb");
        assert_eq!(quote_server_text("abcdef", 3), "abc…");
        assert_eq!(quote_server_text("abc", 3), "abc");
    }
}
