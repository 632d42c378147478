//! The allow-list: drift that is deliberate, each entry with its reason.
//!
//! The file is a YAML list of `{match: PATTERN, reason: TEXT}` mappings. `PATTERN` is matched
//! against the whole drift key; `*` stands for any run of characters (dots and colons included),
//! `{a,b,c}` for any one of the listed alternatives (not nested), and every other character for
//! itself. Both fields are mandatory and must not be blank; any other field is refused, so a
//! misspelt `reason` cannot silently drop the reason.

use serde_json::Value;

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AllowEntry {
    /// The pattern matched against drift keys, as written.
    pub pattern: String,
    /// Why the matching drift is deliberate.
    pub reason: String,
    /// `pattern` with its `{a,b}` alternatives expanded: plain `*` patterns.
    globs: Vec<String>,
}

impl AllowEntry {
    /// An entry for `pattern`, refusing unbalanced or nested braces.
    pub fn new(pattern: &str, reason: &str) -> Result<Self, String> {
        Ok(AllowEntry {
            pattern: pattern.to_owned(),
            reason: reason.to_owned(),
            globs: expand_braces(pattern)?,
        })
    }

    /// Whether this entry covers the drift `key`.
    pub fn matches(&self, key: &str) -> bool {
        self.globs.iter().any(|glob| glob_match(glob, key))
    }
}

/// Reads the allow-list from its YAML text; `source` names the file in error messages.
pub fn parse_allow_list(text: &str, source: &str) -> Result<Vec<AllowEntry>, String> {
    let value: Value = serde_yaml_ng::from_str(text)
        .map_err(|error| format!("{source} is not valid YAML: {error}"))?;
    let entries = match value {
        // An empty file allows nothing.
        Value::Null => return Ok(Vec::new()),
        Value::Array(entries) => entries,
        _ => {
            return Err(format!(
                "{source} must be a list of `{{match, reason}}` entries"
            ));
        }
    };
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            parse_entry(entry).map_err(|why| format!("{source}: entry {}: {why}", index + 1))
        })
        .collect()
}

/// Reads one `{match, reason}` mapping.
fn parse_entry(entry: &Value) -> Result<AllowEntry, String> {
    let fields = entry
        .as_object()
        .ok_or("is not a mapping with `match` and `reason`")?;
    if let Some(unknown) = fields
        .keys()
        .find(|key| !matches!(key.as_str(), "match" | "reason"))
    {
        return Err(format!(
            "unknown field `{unknown}` (only `match` and `reason` are allowed)"
        ));
    }
    let text = |name: &str| -> Result<String, String> {
        match fields.get(name) {
            Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
            Some(Value::String(_)) => Err(format!("`{name}` is blank")),
            Some(_) => Err(format!("`{name}` is not a string")),
            None => Err(format!("`{name}` is missing")),
        }
    };
    let pattern = text("match")?;
    let reason = text("reason")
        .map_err(|why| format!("{why} (for `{pattern}`): every entry needs its reason"))?;
    AllowEntry::new(&pattern, &reason)
}

/// Expands every `{a,b,...}` group of `pattern` into the patterns it stands for.
fn expand_braces(pattern: &str) -> Result<Vec<String>, String> {
    let Some(open) = pattern.find('{') else {
        if pattern.contains('}') {
            return Err(format!("`{pattern}` has a `}}` without its `{{`"));
        }
        return Ok(vec![pattern.to_owned()]);
    };
    let (head, rest) = pattern.split_at(open);
    let close = rest
        .find('}')
        .ok_or_else(|| format!("`{pattern}` has a `{{` without its `}}`"))?;
    let group = &rest[1..close];
    if group.contains('{') || head.contains('}') {
        return Err(format!("`{pattern}`: braces cannot nest"));
    }
    let tails = expand_braces(&rest[close + 1..])?;
    Ok(group
        .split(',')
        .flat_map(|choice| {
            tails
                .iter()
                .map(move |tail| format!("{head}{choice}{tail}"))
        })
        .collect())
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was, and the text position it is currently assumed to cover up to.
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == '*' {
            backtrack = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star, covered)) = backtrack {
            // Let the last `*` swallow one more character and retry.
            p = star + 1;
            t = covered + 1;
            backtrack = Some((star, covered + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_star_spans_any_characters() {
        assert!(glob_match(
            "*.response.last_page_uri:extra",
            "ListQueue.response.last_page_uri:extra"
        ));
        assert!(glob_match(
            "*subresource_uris*",
            "ListCall.response.calls[].subresource_uris.x:extra"
        ));
        assert!(glob_match("a*b*c", "abc"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(!glob_match(
            "*.response.total:extra",
            "ListQueue.response.total:missing"
        ));
        assert!(!glob_match("ListQueue", "ListQueues"));
    }

    #[test]
    fn braces_list_alternatives() {
        let entry =
            AllowEntry::new("*.response.{last_page_uri,total}:extra", "legacy").expect("valid");
        assert!(entry.matches("ListQueue.response.last_page_uri:extra"));
        assert!(entry.matches("ListCall.response.total:extra"));
        assert!(!entry.matches("ListCall.response.num_pages:extra"));
        let two = AllowEntry::new("{A,B}.{x,y}", "r").expect("valid");
        assert!(
            ["A.x", "A.y", "B.x", "B.y"]
                .iter()
                .all(|key| two.matches(key))
        );
        for bad in ["a{b", "a}b", "{a{b}}", "{a}}"] {
            assert!(AllowEntry::new(bad, "r").is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_need_match_and_reason() {
        let ok =
            parse_allow_list("- match: 'a*'\n  reason: because\n", "allow.yaml").expect("valid");
        assert_eq!(ok, vec![AllowEntry::new("a*", "because").expect("valid")]);
        let no_reason = parse_allow_list("- match: 'a*'\n", "allow.yaml").unwrap_err();
        assert!(
            no_reason.contains("entry 1") && no_reason.contains("`reason` is missing"),
            "{no_reason}"
        );
        let blank = parse_allow_list("- match: x\n  reason: '  '\n", "allow.yaml").unwrap_err();
        assert!(blank.contains("`reason` is blank"), "{blank}");
        let typo = parse_allow_list("- match: x\n  reasn: y\n", "allow.yaml").unwrap_err();
        assert!(typo.contains("unknown field `reasn`"), "{typo}");
        assert!(parse_allow_list("match: x\n", "allow.yaml").is_err());
        assert_eq!(parse_allow_list("", "allow.yaml"), Ok(Vec::new()));
    }
}
