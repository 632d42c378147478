//! The normalisation pass: turns a spec written for people into one progenitor can digest.
//!
//! The spec in `spec/` describes the wire faithfully; progenitor 0.15 and typify 0.8 cannot take
//! all of it as written (see `spec/README.md` and the workspace's ARCHITECTURE.md). Every
//! adjustment lives here, so that nothing generated is ever edited by hand:
//!
//! 1. **Responses**: only the success response of each operation is kept. Error responses
//!    (`default`, `4XX`, `5XX`) are dropped so that every failure reaches hand-written code as
//!    `Error::UnexpectedResponse` with its status, headers and body intact, JSON or not
//!    (progenitor panics on `default` next to a 2xx and loses the status of a non-JSON body).
//!    The success response is keyed `2XX`, so that any 2xx status decodes.
//! 2. **Enums** must be named schemas; an inline `enum` is refused. Each named enum is replaced by
//!    an open Rust enum that the generator writes itself (`Unknown(String)` keeps values the spec
//!    does not list), instead of typify's closed one.
//! 3. **`x-maton-numeric`** fields (numbers Twilio sends as strings, or either way) point at the
//!    hand-written `crate::Numeric`, which accepts both encodings.
//!    Likewise every `format: date-time-rfc-2822` field points at `crate::Timestamp`, which parses
//!    Twilio's dates and keeps their text.
//! 4. **Range filters** (`DateSent<`, `StartTime>`, ...) get Rust-friendly names
//!    (`DateSentBefore`, `StartTimeAfter`) so they no longer clash with `DateSent`; the post-pass
//!    restores the wire names in the generated query code.
//! 5. **Form bodies** are recorded so that the post-pass can give them a `Serialize` impl that
//!    writes array fields as repeated keys (`MediaUrl=a&MediaUrl=b`).
//! 6. **Responses are read leniently**: every property of a response object is nullable (a
//!    `null` where Twilio promises a value must not fail the whole response), `date` and
//!    `date-time` fields become `Timestamp`s too, and every response object without an
//!    `additionalProperties` of its own gets `additionalProperties: {}` (typify flattens an `extra` map only for a schema, not for `true`), so that fields Twilio adds later land in an `extra`
//!    map instead of being dropped, and a decoded value encodes back to what was received.
//! 7. **Conventions** the generator relies on are checked: every operation has an
//!    `operationId`; SID-like path parameters refer to a shared schema instead of repeating a
//!    pattern (one Rust type per SID kind).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

mod features;
mod sids;
pub use features::operation_features;
pub(crate) use sids::is_sid_schema;

/// One named enumeration found in `components/schemas`.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub description: Option<String>,
    pub values: Vec<String>,
}

/// What the pass changed, for the post-pass and the generator settings.
#[derive(Debug, Default)]
pub struct Plan {
    /// Named enums, each replaced by a generated open enum.
    pub enums: Vec<EnumDef>,
    /// Rust-friendly parameter name -> wire name (`DateSentAfter` -> `DateSent>`).
    pub renamed_params: BTreeMap<String, String>,
    /// Schemas sent as `application/x-www-form-urlencoded` bodies.
    pub form_bodies: Vec<String>,
    /// Whether any field was pointed at `Numeric`.
    pub uses_numeric: bool,
    /// Whether any field was pointed at `Timestamp`.
    pub uses_timestamp: bool,
    /// Every `operationId` as the spec writes it (`CreateMessage`).
    pub operation_ids: Vec<String>,
    /// The SID schemas (`AccountSid`, ...), each replaced by `maton_twilio_rules`' type.
    pub sid_schemas: Vec<String>,
    /// Operations whose one answer is a redirect, with its status: generated as a success of
    /// that status alone (the post-pass narrows progenitor's `2XX`).
    pub redirects: Vec<(String, u16)>,
    /// `operationId` -> the cargo feature that builds it (operations without one are always
    /// built); from each tag's `x-maton-feature`.
    pub features: BTreeMap<String, String>,
    /// The schemas sent as request bodies (form or JSON): the only models callers build.
    pub request_bodies: Vec<String>,
}

/// The hand-written type of `maton-twilio-api` a component schema names in `x-maton-type`, as a
/// path from that crate's root (`crate::ConnectionId`): a rule written out by hand instead of a
/// pattern compiled at run time (the contract tests hold the two together).
pub fn hand_type(schema: &Value) -> Option<String> {
    let name = schema.get("x-maton-type")?.as_str()?;
    Some(format!("crate::{name}"))
}

/// The component name the numeric fields are pointed at (and replaced with `crate::Numeric`).
pub const NUMERIC_SCHEMA: &str = "MatonNumeric";

/// The component name RFC 2822 date fields are pointed at (and replaced with `crate::Timestamp`).
pub const TIMESTAMP_SCHEMA: &str = "MatonTimestamp";

/// Normalise `spec` in place and say what was done.
pub fn normalise(spec: &mut Value) -> Result<Plan, String> {
    let mut plan = Plan {
        sid_schemas: sids::sid_schemas(spec)?,
        features: operation_features(spec)?,
        request_bodies: {
            let mut names = request_body_schemas(spec);
            names.sort();
            names.dedup();
            names
        },
        ..Plan::default()
    };
    collect_enums(spec, &mut plan)?;
    check_no_inline_enums(spec, &plan)?;
    plan.uses_numeric = point_at_shared(spec, NUMERIC_SCHEMA, &|m| {
        m.get("x-maton-numeric").and_then(Value::as_bool) == Some(true)
    })?;
    loosen_response_schemas(spec);
    plan.uses_timestamp = point_at_shared(spec, TIMESTAMP_SCHEMA, &|m| {
        m.get("format").and_then(Value::as_str) == Some("date-time-rfc-2822")
            || m.get(TIMESTAMP_MARK).is_some()
    })?;
    let paths = spec
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("the spec has no paths")?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            return Err(format!("path {path} is not an object"));
        };
        if let Some(params) = item.get_mut("parameters") {
            rename_range_params(params, &mut plan, path)?;
        }
        for (method, op) in item.iter_mut() {
            if !is_http_method(method) {
                continue;
            }
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{method} {path} has no operationId"))?
                .to_string();
            if let Some(params) = op.get_mut("parameters") {
                rename_range_params(params, &mut plan, &id)?;
            }
            plan.operation_ids.push(id.clone());
            if let Some(status) = keep_success_responses(op, &id)? {
                plan.redirects.push((id.clone(), status));
            }
            if let Some(name) = form_body_schema(op)
                && !plan.form_bodies.contains(&name)
            {
                plan.form_bodies.push(name);
            }
        }
    }
    check_path_params_are_shared(spec)?;
    plan.form_bodies.sort();
    Ok(plan)
}

fn is_http_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn collect_enums(spec: &Value, plan: &mut Plan) -> Result<(), String> {
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    for (name, schema) in schemas {
        let Some(values) = schema.get("enum") else {
            continue;
        };
        let values = values
            .as_array()
            .ok_or_else(|| format!("enum {name}: `enum` is not a list"))?
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    format!("enum {name}: only string values are supported, found {v}")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            return Err(format!("enum {name} must be `type: string`"));
        }
        plan.enums.push(EnumDef {
            name: name.clone(),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            values,
        });
    }
    Ok(())
}

/// An enum anywhere but at the top of a named schema is refused: the generator could only give it
/// a made-up name, and typify would make it closed.
fn check_no_inline_enums(spec: &Value, plan: &Plan) -> Result<(), String> {
    fn walk(value: &Value, at: &mut Vec<String>, named: &[String]) -> Result<(), String> {
        match value {
            Value::Object(map) => {
                let here = at.join("/");
                if map.contains_key("enum") && !named.contains(&here) {
                    return Err(format!(
                        "inline enum at /{here}: move it to a named schema under components/schemas \
                         and refer to it with $ref (spec/README.md, Conventions)"
                    ));
                }
                for (key, child) in map {
                    at.push(key.replace('~', "~0").replace('/', "~1"));
                    walk(child, at, named)?;
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk(child, at, named)?;
                    at.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }
    let named: Vec<String> = plan
        .enums
        .iter()
        .map(|e| format!("components/schemas/{}", e.name))
        .collect();
    walk(spec, &mut Vec::new(), &named)
}

type Marker = dyn Fn(&Map<String, Value>) -> bool;

/// Points every schema that `marked` picks at the placeholder component `name` (which codegen
/// replaces with a hand-written type), keeping description and nullability. Says whether any was.
fn point_at_shared(spec: &mut Value, name: &str, marked: &Marker) -> Result<bool, String> {
    let mut found = false;
    rewrite_marked(spec, name, marked, &mut found);
    if found {
        let schemas = spec
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .ok_or("the spec has no components/schemas")?;
        schemas.insert(
            name.to_string(),
            json!({"type": "string", "description": "Replaced by a hand-written type."}),
        );
    }
    Ok(found)
}

fn rewrite_marked(value: &mut Value, name: &str, marked: &Marker, found: &mut bool) {
    match value {
        Value::Object(map) => {
            if marked(map) {
                *found = true;
                let mut replacement = Map::new();
                replacement.insert(
                    "allOf".into(),
                    json!([{ "$ref": format!("#/components/schemas/{name}") }]),
                );
                for key in ["description", "nullable"] {
                    if let Some(v) = map.get(key) {
                        replacement.insert(key.into(), v.clone());
                    }
                }
                *map = replacement;
                return;
            }
            for child in map.values_mut() {
                rewrite_marked(child, name, marked, found);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| rewrite_marked(child, name, marked, found)),
        _ => {}
    }
}

/// The Rust-friendly name of a range filter (`DateSent<` -> `DateSentBefore`); `None` for any
/// other parameter name.
pub fn range_name(name: &str) -> Option<String> {
    if let Some(base) = name.strip_suffix('<') {
        Some(format!("{base}Before"))
    } else {
        name.strip_suffix('>').map(|base| format!("{base}After"))
    }
}

fn rename_range_params(params: &mut Value, plan: &mut Plan, owner: &str) -> Result<(), String> {
    let Some(params) = params.as_array_mut() else {
        return Err(format!("{owner}: `parameters` is not a list"));
    };
    for param in params {
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            continue; // a $ref; shared parameters carry no range names
        };
        let Some(renamed) = range_name(name) else {
            continue;
        };
        if let Some(previous) = plan.renamed_params.get(&renamed)
            && previous != name
        {
            return Err(format!(
                "{owner}: `{name}` and `{previous}` would both be called `{renamed}`"
            ));
        }
        plan.renamed_params
            .insert(renamed.clone(), name.to_string());
        param["name"] = Value::String(renamed);
    }
    Ok(())
}

/// Keeps the one success response of `op` under `2XX`; returns the status of a redirect that is
/// the operation's only answer (Twilio's add-on payload data answers 307 with the data's
/// location in its body), which stands in for the success.
fn keep_success_responses(op: &mut Value, id: &str) -> Result<Option<u16>, String> {
    let responses = op
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("{id} has no responses"))?;
    let mut redirect = None;
    if !responses.keys().any(|code| code.starts_with('2')) {
        let codes: Vec<u16> = responses
            .keys()
            .filter(|code| code.starts_with('3'))
            .filter_map(|code| code.parse().ok())
            .collect();
        if let [code] = codes[..] {
            redirect = Some(code);
            responses.retain(|key, _| key.starts_with('3'));
        }
    }
    responses.retain(|code, _| code.starts_with('2') || redirect.is_some());
    match responses.len() {
        1 => {
            // Any 2xx is success: a gateway that answers a create with 200 instead of Twilio's
            // 201 must not turn a performed operation into an error.
            let taken = std::mem::take(responses);
            responses.extend(
                taken
                    .into_iter()
                    .map(|(_, response)| ("2XX".to_string(), response)),
            );
            Ok(redirect)
        }
        0 => Err(format!("{id} declares no success (2xx) response")),
        _ => Err(format!(
            "{id} declares several success responses; the generated client needs exactly one"
        )),
    }
}

/// Marks a response field whose date is read leniently, as a `Timestamp`.
const TIMESTAMP_MARK: &str = "x-maton-timestamp";

/// Makes every component object schema that is not a request body tolerant of what servers send:
/// open to extra keys (kept in `extra`), every property nullable (a `null` never fails a whole
/// response), and `date` / `date-time` fields read leniently as `Timestamp`.
fn loosen_response_schemas(spec: &mut Value) {
    let request_bodies = request_body_schemas(spec);
    let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        if request_bodies.contains(name) || !schema.contains_key("properties") {
            continue;
        }
        if !schema.contains_key("additionalProperties") {
            schema.insert("additionalProperties".into(), json!({}));
        }
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for property in properties.values_mut() {
            let Some(map) = property.as_object_mut() else {
                continue;
            };
            if matches!(
                map.get("format").and_then(Value::as_str),
                Some("date" | "date-time")
            ) {
                map.insert(TIMESTAMP_MARK.into(), Value::Bool(true));
            }
            if let Some(reference) = map.remove("$ref") {
                map.insert("allOf".into(), json!([{ "$ref": reference }]));
            }
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
}

/// The component schemas that operations send as request bodies.
fn request_body_schemas(spec: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return names;
    };
    for item in paths.values().filter_map(Value::as_object) {
        for (_, op) in item.iter().filter(|(k, _)| is_http_method(k)) {
            let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            else {
                continue;
            };
            names.extend(content.values().filter_map(|media| {
                media
                    .pointer("/schema/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .map(str::to_string)
            }));
        }
    }
    names
}

fn form_body_schema(op: &Value) -> Option<String> {
    let reference = op
        .pointer("/requestBody/content/application~1x-www-form-urlencoded/schema/$ref")?
        .as_str()?;
    reference
        .strip_prefix("#/components/schemas/")
        .map(str::to_string)
}

/// SID path parameters must refer to a shared schema: an inline pattern would give every
/// operation its own copy of the type (`ListMessageAccountSid`, `FetchMessageAccountSid`, ...).
fn check_path_params_are_shared(spec: &Value) -> Result<(), String> {
    let mut params: Vec<(&str, &Value)> = Vec::new();
    if let Some(shared) = spec
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    {
        params.extend(shared.iter().map(|(k, v)| (k.as_str(), v)));
    }
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let lists = std::iter::once(item.get("parameters")).chain(
                item.as_object()
                    .into_iter()
                    .flat_map(|m| m.iter())
                    .filter(|(k, _)| is_http_method(k))
                    .map(|(_, op)| op.get("parameters")),
            );
            for list in lists.flatten().filter_map(Value::as_array) {
                params.extend(list.iter().map(|p| (path.as_str(), p)));
            }
        }
    }
    for (owner, param) in params {
        if param.get("in").and_then(Value::as_str) == Some("path")
            && param.pointer("/schema/pattern").is_some()
        {
            let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
            return Err(format!(
                "{owner}: path parameter `{name}` repeats a pattern inline; refer to the shared \
                 schema of its kind instead (spec/README.md, Conventions)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(paths: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas}
        })
    }

    #[test]
    fn drops_error_responses_and_keeps_the_success() {
        let mut s = spec(
            json!({"/x": {"get": {"operationId": "X", "responses": {
                "200": {"description": "ok"}, "default": {"description": "err"}, "4XX": {"description": "e"}
            }}}}),
            json!({}),
        );
        normalise(&mut s).unwrap();
        let responses = s
            .pointer("/paths/~1x/get/responses")
            .unwrap()
            .as_object()
            .unwrap();
        assert_eq!(responses.keys().collect::<Vec<_>>(), ["2XX"]);
    }

    #[test]
    fn refuses_inline_enums_and_missing_operation_ids() {
        let mut s = spec(
            json!({"/x": {"get": {"operationId": "X", "parameters": [
                {"name": "Status", "in": "query", "schema": {"type": "string", "enum": ["a"]}}
            ], "responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        );
        let err = normalise(&mut s).unwrap_err();
        assert!(
            err.contains("inline enum at /paths/~1x/get/parameters/0/schema"),
            "{err}"
        );

        let mut s = spec(
            json!({"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        );
        assert_eq!(normalise(&mut s).unwrap_err(), "get /x has no operationId");
    }

    #[test]
    fn renames_range_filters_and_remembers_the_wire_names() {
        let mut s = spec(
            json!({"/x": {"get": {"operationId": "X", "parameters": [
                {"name": "DateSent", "in": "query", "schema": {"type": "string"}},
                {"name": "DateSent<", "in": "query", "schema": {"type": "string"}},
                {"name": "DateSent>", "in": "query", "schema": {"type": "string"}}
            ], "responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        );
        let plan = normalise(&mut s).unwrap();
        let names: Vec<_> = s
            .pointer("/paths/~1x/get/parameters")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["DateSent", "DateSentBefore", "DateSentAfter"]);
        assert_eq!(plan.renamed_params["DateSentAfter"], "DateSent>");
        assert_eq!(plan.renamed_params["DateSentBefore"], "DateSent<");
    }

    #[test]
    fn points_numeric_fields_at_the_shared_type() {
        let mut s = spec(
            json!({}),
            json!({"Message": {"type": "object", "properties": {
                "price": {"type": "string", "nullable": true, "description": "d", "x-maton-numeric": true}
            }}}),
        );
        let plan = normalise(&mut s).unwrap();
        assert!(plan.uses_numeric);
        assert_eq!(
            s.pointer("/components/schemas/Message/properties/price")
                .unwrap(),
            &json!({"allOf": [{"$ref": "#/components/schemas/MatonNumeric"}], "nullable": true, "description": "d"})
        );
    }

    #[test]
    fn response_objects_keep_unknown_fields_request_bodies_do_not() {
        let mut s = spec(
            json!({"/x": {"post": {"operationId": "X",
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Body"}}}},
                "responses": {"200": {"description": "ok"}}}}}),
            json!({
                "Body": {"type": "object", "properties": {"To": {"type": "string"}}},
                "Thing": {"type": "object", "properties": {"sid": {"type": "string"}}},
                "Caps": {"type": "object", "properties": {"sms": {"type": "boolean"}}, "additionalProperties": {"type": "boolean"}}
            }),
        );
        let plan = normalise(&mut s).unwrap();
        assert_eq!(plan.form_bodies, ["Body"]);
        let schemas = s.pointer("/components/schemas").unwrap();
        assert_eq!(schemas["Thing"]["additionalProperties"], json!({}));
        assert_eq!(
            schemas["Thing"]["properties"]["sid"]["nullable"],
            json!(true)
        );
        assert!(
            schemas["Body"]["properties"]["To"]
                .get("nullable")
                .is_none()
        );
        assert_eq!(
            schemas["Caps"]["additionalProperties"],
            json!({"type": "boolean"})
        );
        assert!(schemas["Body"].get("additionalProperties").is_none());
    }

    #[test]
    fn refuses_inline_sid_patterns_on_path_parameters() {
        let mut s = spec(
            json!({"/x/{Sid}": {"get": {"operationId": "X", "parameters": [
                {"name": "Sid", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^AC"}}
            ], "responses": {"200": {"description": "ok"}}}}}),
            json!({}),
        );
        assert!(
            normalise(&mut s)
                .unwrap_err()
                .contains("repeats a pattern inline")
        );
    }
}
