//! SID schemas: `AccountSid`, `MessageSid`, ... in `components/schemas`, each generated as the
//! type of the same name in `maton-twilio-rules` (see `codegen.rs`), validated once for the
//! generated client, the facade and the emulator.

use serde_json::Value;

use super::{is_http_method, request_body_schemas};

/// Whether a component schema is a SID schema: named `…Sid`, with a `pattern`.
pub(crate) fn is_sid_schema(name: &str, schema: &Value) -> bool {
    name.ends_with("Sid") && schema.get("pattern").is_some()
}

/// The SID schemas of `spec`: component schemas named `…Sid` that carry a `pattern`.
///
/// The types they become refuse a malformed SID, so they may appear only where the caller sends
/// them (parameters and request bodies); a response model refers to none of them. Twilio sends
/// `""` and other odd text in SID fields of its responses (its own spec's examples do), and one
/// such field must not make a whole response fail to decode: responses keep plain strings.
pub(super) fn sid_schemas(spec: &Value) -> Result<Vec<String>, String> {
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = schemas
        .iter()
        .filter(|(name, schema)| is_sid_schema(name, schema))
        .map(|(name, _)| name.clone())
        .collect();
    let requests = request_body_schemas(spec);
    let mut offenders: Vec<String> = schemas
        .iter()
        .filter(|(name, _)| !requests.contains(name) && !names.contains(name))
        .filter(|(_, schema)| refers_to_any(schema, &names))
        .map(|(name, _)| format!("schema `{name}`"))
        .collect();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let ops = item.as_object().into_iter().flat_map(|m| m.iter());
            for (method, op) in ops.filter(|(k, _)| is_http_method(k)) {
                if op
                    .get("responses")
                    .is_some_and(|r| refers_to_any(r, &names))
                {
                    offenders.push(format!("the responses of {method} {path}"));
                }
            }
        }
    }
    if offenders.is_empty() {
        Ok(names)
    } else {
        Err(format!(
            "{} refer to a SID schema; responses keep SIDs as plain strings (Twilio sends \"\" \
             in some), only parameters and request bodies use the SID schemas",
            offenders.join(", ")
        ))
    }
}

/// Whether `value` holds a `$ref` to one of the schemas `names`, at any depth.
fn refers_to_any(value: &Value, names: &[String]) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, inner)| {
            (key == "$ref"
                && inner
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .is_some_and(|name| names.iter().any(|n| n == name)))
                || refers_to_any(inner, names)
        }),
        Value::Array(items) => items.iter().any(|inner| refers_to_any(inner, names)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::sid_schemas;

    fn spec(message_sid: serde_json::Value) -> serde_json::Value {
        json!({
            "paths": {"/M/{Sid}": {"get": {
                "operationId": "FetchM",
                "parameters": [{"name": "Sid", "in": "path", "required": true,
                    "schema": {"$ref": "#/components/schemas/MessageSid"}}],
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/M"}}}}}
            }}},
            "components": {"schemas": {
                "MessageSid": {"type": "string", "pattern": "^(SM|MM)[0-9a-fA-F]{32}$"},
                "Note": {"type": "string", "description": "no pattern: not a SID schema"},
                "M": {"type": "object", "properties": {"sid": message_sid}}
            }}
        })
    }

    #[test]
    fn sid_schemas_are_named_sid_and_have_a_pattern() {
        let found = sid_schemas(&spec(json!({"type": "string"}))).unwrap();
        assert_eq!(found, ["MessageSid"]);
    }

    #[test]
    fn a_response_model_may_not_refer_to_one() {
        let inner = json!({"allOf": [{"$ref": "#/components/schemas/MessageSid"}]});
        let err = sid_schemas(&spec(inner)).unwrap_err();
        assert!(err.contains("schema `M`"), "{err}");
    }
}
