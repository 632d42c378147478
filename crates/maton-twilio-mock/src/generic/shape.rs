//! What the generic store reads from an operation's path template alone: the collection its
//! records live in, the parameter that names one record, and the SID prefix new records get.

use crate::resources::Op;
use maton_twilio_api::OperationTable;

/// Every SID prefix `maton-twilio-rules` knows, for finding the one a path parameter takes.
pub(crate) use maton_twilio_rules::ALL_PREFIXES as PREFIXES;

/// Twilio's prefixes for the records whose path parameter the spec leaves untyped, by the
/// collection's last segment.
const UNTYPED: &[(&str, &str)] = &[
    ("Siprec", "SR"),
    ("Streams", "MZ"),
    ("Transcriptions", "GT"),
    ("UserDefinedMessages", "KX"),
    ("Tokens", "NT"),
    ("Feedback", "FB"),
];

/// A concrete path of an operation whose template is `template`, split into its collection
/// and, when the template names one record, that record's id: `…/Domains/SD….json` is
/// `(…/Domains.json, Some("SD…"))`; a collection path is itself.
pub(crate) fn split<'p>(template: &str, path: &'p str) -> (String, Option<&'p str>) {
    if is_instance(template)
        && let Some((head, last)) = path.rsplit_once('/')
        && let Some(id) = last.strip_suffix(".json")
    {
        return (format!("{head}.json"), Some(id));
    }
    (path.to_string(), None)
}

fn is_instance_segment(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with("}.json")
}

/// The template's last segment names one record (`{Sid}.json`, `{CallSid}.json`).
pub(crate) fn is_instance(template: &str) -> bool {
    template
        .rsplit_once('/')
        .is_some_and(|(_, last)| is_instance_segment(last))
}

/// The name of `template`'s parameter that names one record, when it ends with one.
pub(crate) fn id_param(template: &'static str) -> Option<&'static str> {
    let (_, last) = template.rsplit_once('/')?;
    last.strip_prefix('{')?.strip_suffix("}.json")
}

/// The operation that reads, changes or deletes one record of `collection` (a template), with
/// the parameter naming it: `FetchSipDomain` and `Sid` for `…/SIP/Domains.json`.
pub(crate) fn instance_op(collection: &str) -> Option<(Op, &'static str)> {
    let base = collection.strip_suffix(".json")?;
    Op::ALL.iter().find_map(|op| {
        let (head, _) = op.path().rsplit_once('/')?;
        (head == base).then_some(())?;
        id_param(op.path()).map(|name| (*op, name))
    })
}

/// The field of a record that holds the parameter `name` (`CallSid` is `call_sid`).
pub(crate) fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let before = chars[i - 1];
            let after_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if before.is_ascii_lowercase()
                || before.is_ascii_digit()
                || (before.is_ascii_uppercase() && after_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The SID prefix of the records of `collection` (a template): the one the spec's SID type of
/// its instance parameter takes; for a collection without typed instances, the one its parent
/// collection takes (`IncomingPhoneNumbers/Local.json` makes `PN`), else Twilio's prefix for it,
/// else the first two letters of its name.
pub(crate) fn prefix(collection: &str) -> &'static str {
    if let Some((op, name)) = instance_op(collection)
        && let Some(prefix) = typed_prefix(op, name)
    {
        return prefix;
    }
    let base = collection.strip_suffix(".json").unwrap_or(collection);
    let (head, last) = base.rsplit_once('/').unwrap_or(("", base));
    if let Some((_, prefix)) = UNTYPED.iter().find(|(segment, _)| *segment == last) {
        return prefix;
    }
    if !head.ends_with('}')
        && !head.is_empty()
        && let Some((op, name)) = instance_op(&format!("{head}.json"))
        && let Some(prefix) = typed_prefix(op, name)
    {
        return prefix;
    }
    "ZZ"
}

/// The prefix the path parameter `name` of `op` accepts, if its schema is a SID type.
fn typed_prefix(op: Op, name: &str) -> Option<&'static str> {
    // Untyped here: the type the same parameter name (`CallSid`, not the bare `Sid`) has in
    // another operation.
    if op.accepts(name, &sample("QQ")) {
        if name == "Sid" {
            return None;
        }
        return Op::ALL
            .iter()
            .filter(|other| !other.accepts(name, &sample("QQ")))
            .find_map(|other| typed(*other, name));
    }
    typed(op, name)
}

fn sample(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}

/// The prefix `op`'s path parameter `name` accepts, among those of every SID type.
fn typed(op: Op, name: &str) -> Option<&'static str> {
    PREFIXES
        .iter()
        .flat_map(|prefixes| prefixes.iter())
        .find(|prefix| op.accepts(name, &sample(prefix)))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_collection_and_record() {
        let template = "/2010-04-01/Accounts/{AccountSid}/SIP/Domains/{Sid}.json";
        let (collection, id) = split(template, template);
        assert_eq!(
            collection,
            "/2010-04-01/Accounts/{AccountSid}/SIP/Domains.json"
        );
        assert_eq!(id, Some("{Sid}"));
        let (collection, id) = split(template, "/2010-04-01/Accounts/AC1/SIP/Domains/SD2.json");
        assert_eq!(collection, "/2010-04-01/Accounts/AC1/SIP/Domains.json");
        assert_eq!(id, Some("SD2"));
        assert_eq!(
            split("/a/b.json", "/a/b.json"),
            ("/a/b.json".to_string(), None)
        );
        assert_eq!(snake("CallSid"), "call_sid");
        assert_eq!(
            snake("IpAccessControlListSid"),
            "ip_access_control_list_sid"
        );
        assert_eq!(snake("FriendlyName"), "friendly_name");
        assert_eq!(snake("SIPDomain"), "sip_domain");
    }

    #[test]
    fn prefixes_come_from_the_sid_types_or_a_documented_fallback() {
        let a = "/2010-04-01/Accounts/{AccountSid}";
        assert_eq!(prefix(&format!("{a}/SIP/Domains.json")), "SD");
        assert_eq!(
            prefix(&format!(
                "{a}/Conferences/{{ConferenceSid}}/Participants.json"
            )),
            "CA"
        );
        assert_eq!(
            prefix(&format!("{a}/IncomingPhoneNumbers/Local.json")),
            "PN"
        );
        assert_eq!(prefix(&format!("{a}/Calls/{{CallSid}}/Streams.json")), "MZ");
        assert_eq!(
            prefix(&format!(
                "{a}/Recordings/{{RecordingSid}}/Transcriptions.json"
            )),
            "TR"
        );
        assert_eq!(
            prefix(&format!("{a}/Calls/{{CallSid}}/Transcriptions.json")),
            "GT"
        );
        // Untyped in the member operations, a call SID elsewhere.
        assert_eq!(
            prefix(&format!("{a}/Queues/{{QueueSid}}/Members.json")),
            "CA"
        );
    }
}
