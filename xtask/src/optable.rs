//! The operation table generated beside each spec's client (`generated/<module>_ops.rs`).
//!
//! From the same spec text as the client: an `Operation` enum with one variant per
//! `operationId`, its method, path template, path parameters (checked against their schema's
//! pattern), success type, and for list operations the item key and page type; plus an
//! implementation of `crate::ListPage` for every `*Page` type. The file is one row per operation
//! and per page type, given to the macros `operation_table!` and `list_pages!` of
//! `maton-twilio-api`'s `operation.rs`, which write the code. Hand-written code routes, pages and
//! tests by this table instead of repeating the spec's facts.

use std::collections::BTreeMap;

use maton_contract_tests::spec::{self, schema_ref};
use serde_json::Value;

/// The paging envelope every list response carries besides its items, with Rust field names
/// (`operation::list_pages!` copies these fields).
const ENVELOPE: [&str; 11] = [
    "page",
    "page_size",
    "start",
    "end",
    "uri",
    "first_page_uri",
    "next_page_uri",
    "previous_page_uri",
    "last_page_uri",
    "total",
    "num_pages",
];

/// One operation as the table describes it.
struct Op {
    id: String,
    method: String,
    path: String,
    /// Path parameters whose schema is a named one (`AccountSid`): `(name, schema)`.
    typed_params: Vec<(String, String)>,
    success: Option<String>,
}

/// A list response type: its item key and item type.
struct PageType {
    item_key: String,
    item: String,
}

/// The table of one spec, as the text of a Rust module. `spec` is the spec as written (before
/// normalisation); `module` is the spec's module in the generated crate.
pub fn generate(spec: &Value, module: &str) -> Result<String, String> {
    let ops = operations(spec)?;
    let features = crate::normalise::operation_features(spec)?;
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut pages: BTreeMap<String, PageType> = BTreeMap::new();
    for op in &ops {
        if let Some(name) = &op.success
            && let Some(page) = page_type(name, schemas.get(name))?
        {
            pages.insert(name.clone(), page);
        }
    }
    if module != "twilio" && !pages.is_empty() {
        return Err(format!(
            "list pages are only supported in the twilio spec, not in `{module}`"
        ));
    }

    let mut rows = String::new();
    let mut accepts = String::new();
    for op in &ops {
        let success = op.success.as_deref().unwrap_or_default();
        let page = op
            .success
            .as_ref()
            .and_then(|s| pages.get(s).map(|p| (s, p)));
        let (key, page_type) = match page {
            Some((name, page)) => (format!("{:?}", page.item_key), name.as_str()),
            None => (String::new(), ""),
        };
        let gate = match features.get(&op.id) {
            Some(feature) => format!(" if {feature:?}"),
            None => String::new(),
        };
        rows.push_str(&format!(
            "        {}: {} {:?} => [{success}] [{key}] [{page_type}]{gate};\n",
            op.id,
            op.method.to_ascii_uppercase(),
            op.path
        ));
        for (name, schema) in &op.typed_params {
            // A SID schema is generated as `maton-twilio-rules`' type of that name, a schema
            // with `x-maton-type` as that hand-written type.
            let found = spec.pointer(&format!("/components/schemas/{schema}"));
            let ty = match found {
                Some(s) if crate::normalise::is_sid_schema(schema, s) => {
                    format!("::maton_twilio_rules::{schema}")
                }
                _ => found
                    .and_then(crate::normalise::hand_type)
                    .unwrap_or_else(|| format!("super::types::{schema}")),
            };
            accepts.push_str(&format!("        ({}, {name:?}): {ty};\n", op.id));
        }
    }
    let enum_doc = format!(
        "Every operation of `spec/{module}.yaml`, by its `operationId`, with what the spec says \
         about it. Generated with the client, so it never disagrees with it."
    );
    let mut text = format!(
        "crate::operation::operation_table! {{\n    doc: {enum_doc:?};\n    operations {{\n\
         {rows}    }}\n    accepts {{\n{accepts}    }}\n}}\n"
    );
    if !pages.is_empty() {
        text.push_str("\ncrate::operation::list_pages! {\n");
        for (name, page) in &pages {
            let lists: Vec<&str> = ops
                .iter()
                .filter(|o| o.success.as_deref() == Some(name.as_str()))
                .map(|o| o.id.as_str())
                .collect();
            // A page type is built with the features of the lists that answer with it.
            let gates: Option<Vec<String>> = lists
                .iter()
                .map(|id| features.get(*id).map(|f| format!("feature = {f:?}")))
                .collect();
            if let Some(gates) = gates {
                text.push_str(&format!("    #[cfg(any({}))]\n", gates.join(", ")));
            }
            text.push_str(&format!(
                "    {name}: {}, {}, [{}];\n",
                page.item,
                page.item_key,
                lists.join(", ")
            ));
        }
        text.push_str("}\n");
    }
    // Checked here rather than where the crate is compiled: every name must be an identifier.
    syn::parse_file(&text).map_err(|e| format!("operation table: {e}"))?;
    Ok(text)
}

fn operations(spec: &Value) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    for found in spec::operations(spec, &["get", "post", "put", "patch", "delete"])? {
        let typed_params = found
            .params_in("path")
            .filter_map(|p| {
                let name = p.get("name")?.as_str()?;
                let schema = schema_ref(p.get("schema")?)?;
                Some((name.to_string(), schema.to_string()))
            })
            .collect();
        let success = found
            .op
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
            .and_then(|(_, response)| {
                response
                    .pointer("/content/application~1json/schema")
                    .and_then(schema_ref)
            })
            .map(str::to_string);
        ops.push(Op {
            id: found.id.to_string(),
            method: found.method.to_string(),
            path: found.path.to_string(),
            typed_params,
            success,
        });
    }
    Ok(ops)
}

/// A schema with `next_page_uri` is a list page: exactly one array property holds its items,
/// and it carries the whole envelope.
fn page_type(name: &str, schema: Option<&Value>) -> Result<Option<PageType>, String> {
    let Some(props) = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
    else {
        return Ok(None);
    };
    if !props.contains_key("next_page_uri") {
        return Ok(None);
    }
    let arrays: Vec<_> = props
        .iter()
        .filter(|(_, p)| p.get("type").and_then(Value::as_str) == Some("array"))
        .collect();
    let [(key, items)] = arrays.as_slice() else {
        return Err(format!(
            "list page `{name}` must have exactly one array property (its items)"
        ));
    };
    let item = items
        .get("items")
        .and_then(schema_ref)
        .ok_or_else(|| format!("the items of list page `{name}` must be a named schema"))?;
    if let Some(missing) = ENVELOPE.iter().find(|f| !props.contains_key(**f)) {
        return Err(format!(
            "list page `{name}` lacks the paging field `{missing}`"
        ));
    }
    Ok(Some(PageType {
        item_key: key.to_string(),
        item: item.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(page_fields: &[&str]) -> Value {
        let mut props = serde_json::Map::new();
        props.insert(
            "things".into(),
            serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}),
        );
        for f in page_fields {
            props.insert((*f).into(), serde_json::json!({"type": "string"}));
        }
        serde_json::json!({
            "paths": {"/Things/{Sid}.json": {
                "parameters": [{"$ref": "#/components/parameters/SidPath"}],
                "get": {"operationId": "ListThing", "responses": {"200": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ThingPage"}}}}}},
                "delete": {"operationId": "DeleteThing", "responses": {"204": {}}}
            }},
            "components": {
                "parameters": {"SidPath": {"name": "Sid", "in": "path",
                    "schema": {"$ref": "#/components/schemas/ThingSid"}}},
                "schemas": {"ThingPage": {"type": "object", "properties": props}}
            }
        })
    }

    #[test]
    fn a_list_page_gets_its_key_type_and_operations() {
        let text = generate(&spec(&ENVELOPE), "twilio").unwrap();
        for want in [
            "        ListThing: GET \"/Things/{Sid}.json\" => [ThingPage] [\"things\"] [ThingPage];",
            "        DeleteThing: DELETE \"/Things/{Sid}.json\" => [] [] [];",
            "        (ListThing, \"Sid\"): super::types::ThingSid;",
            "    ThingPage: Thing, things, [ListThing];",
        ] {
            assert!(text.contains(want), "missing {want:?} in:\n{text}");
        }
    }

    #[test]
    fn a_page_without_its_whole_envelope_is_refused() {
        let err = generate(&spec(&ENVELOPE[..10]), "twilio").unwrap_err();
        assert_eq!(
            err,
            "list page `ThingPage` lacks the paging field `num_pages`"
        );
        let err = generate(&spec(&ENVELOPE), "control").unwrap_err();
        assert!(err.contains("only supported in the twilio spec"), "{err}");
    }
}
