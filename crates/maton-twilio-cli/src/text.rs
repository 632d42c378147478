//! Text that came from a user or a server, made safe to print on a terminal.
//!
//! [`echo`] is the one helper for echoing input or server text in an error: shortened and
//! escaped. [`clean`] neutralises control characters in server text shown in tables and plain
//! output (`--json` output is left exact).

/// How many characters of an echoed value are shown.
pub const ECHO_CHARS: usize = 60;

/// `text` shortened to [`ECHO_CHARS`] characters (with `…`) and [`clean`]ed: safe to put in an
/// error message.
pub fn echo(text: &str) -> String {
    echo_n(text, ECHO_CHARS)
}

/// [`echo`] with room for `max` characters: for whole error messages quoting a server.
pub fn echo_n(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    let mut out = clean(&head);
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Every control character and bidirectional mark written as an escape, by the one rule the
/// library's errors use too ([`maton_core::escape_controls`]).
pub fn clean(text: &str) -> String {
    maton_core::escape_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_are_escaped() {
        assert_eq!(clean("plain 😀 text"), "plain 😀 text");
        assert_eq!(clean("a\nb\r"), "a\\nb\\r");
        assert_eq!(clean("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(clean("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(clean("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(clean("\u{202e}abc"), "\\u{202e}abc");
    }

    #[test]
    fn echo_is_short_and_escaped() {
        let long = "x".repeat(500);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), ECHO_CHARS + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(
            echo("2026-02-01\nerror: FORGED"),
            "2026-02-01\\nerror: FORGED"
        );
    }
}
