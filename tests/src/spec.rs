//! An index of the operations in `spec/twilio.yaml` and `spec/control.yaml`: enough to tell which
//! operation a request is for, which query parameters and body fields it may carry, and how a
//! form field is typed.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::fixture::Service;

/// One operation of a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId`.
    pub id: String,
    /// The spec it belongs to.
    pub service: Service,
    /// `GET`, `POST` or `DELETE`.
    pub method: String,
    /// Its first tag: the resource it belongs to (`Messages`, `Connections`, ...).
    pub tag: String,
    /// The path template, e.g. `/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`.
    pub path: String,
    /// The names of its query parameters, as they go on the wire (`DateSent>`).
    pub query: Vec<String>,
    /// Its request body, if any.
    pub body: Option<Body>,
}

/// How an operation's request body is encoded, and the schema that describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// `application/x-www-form-urlencoded`, described by this schema of `components/schemas`.
    Form(String),
    /// `application/json`, described by this schema of `components/schemas`.
    Json(String),
}

/// Both specs, indexed.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Every operation, Twilio's first, in file order.
    pub operations: Vec<Operation>,
    schemas: BTreeMap<Service, Map<String, Value>>,
}

impl Spec {
    /// Reads `twilio.yaml` and `control.yaml` from `dir`.
    pub fn load(dir: &Path) -> Result<Spec, String> {
        let mut spec = Spec {
            operations: Vec::new(),
            schemas: BTreeMap::new(),
        };
        for (file, service) in [
            ("twilio.yaml", Service::Twilio),
            ("control.yaml", Service::Control),
        ] {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let doc: Value = serde_yaml_ng::from_str(&text)
                .map_err(|e| format!("{}: not YAML: {e}", path.display()))?;
            spec.add(service, &doc)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(spec)
    }

    fn add(&mut self, service: Service, doc: &Value) -> Result<(), String> {
        for found in operations(doc, &["get", "post", "delete", "put", "patch"])? {
            let query = found
                .params_in("query")
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .map(str::to_string)
                .collect();
            let body = found
                .body_schema("application/x-www-form-urlencoded")
                .map(|s| Body::Form(s.to_string()))
                .or_else(|| {
                    found
                        .body_schema("application/json")
                        .map(|s| Body::Json(s.to_string()))
                });
            let tag = found
                .op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            self.operations.push(Operation {
                id: found.id.to_string(),
                service,
                tag,
                method: found.method.to_ascii_uppercase(),
                path: found.path.to_string(),
                query,
                body,
            });
        }
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        self.schemas.insert(service, schemas);
        Ok(())
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// The operation whose method and path template match a request, with the path parameters.
    /// When several templates match, the one with the most literal text wins.
    pub fn match_request(
        &self,
        service: Service,
        method: &str,
        path: &str,
    ) -> Option<(&Operation, BTreeMap<String, String>)> {
        self.operations
            .iter()
            .filter(|o| o.service == service && o.method.eq_ignore_ascii_case(method))
            .filter_map(|o| match_template(&o.path, path).map(|params| (o, params)))
            .max_by_key(|(o, params)| {
                o.path.len() - params.keys().map(|k| k.len() + 2).sum::<usize>()
            })
    }

    /// The properties of a body schema: wire name to property schema.
    pub fn body_properties(&self, service: Service, schema: &str) -> Option<&Map<String, Value>> {
        self.schemas
            .get(&service)?
            .get(schema)?
            .get("properties")?
            .as_object()
    }

    /// The wire names of the fields a body schema requires, in the spec's order.
    pub fn body_required(&self, service: Service, schema: &str) -> Vec<&str> {
        self.schemas
            .get(&service)
            .and_then(|schemas| schemas.get(schema))
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The form pairs of a request as the JSON object the body schema describes: repeated keys
    /// of array properties become arrays, booleans and numbers are parsed, everything else stays
    /// text. Fails on a field the schema does not have.
    pub fn form_to_json(
        &self,
        operation: &Operation,
        pairs: &[(String, String)],
    ) -> Result<Value, String> {
        let Some(Body::Form(schema)) = &operation.body else {
            return Err(format!("{} takes no form body", operation.id));
        };
        let properties = self
            .body_properties(operation.service, schema)
            .ok_or_else(|| format!("schema {schema} has no properties"))?;
        let mut object = Map::new();
        for (key, value) in pairs {
            let property = properties
                .get(key)
                .ok_or_else(|| format!("form field `{key}` is not in {schema}"))?;
            let kind = self.type_of(operation.service, property);
            if kind == "array" {
                let entry = object
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = entry {
                    items.push(Value::String(value.clone()));
                }
                continue;
            }
            if object.contains_key(key) {
                return Err(format!(
                    "form field `{key}` is repeated but not an array in {schema}"
                ));
            }
            let typed = match kind.as_str() {
                "boolean" => value
                    .parse::<bool>()
                    .map(Value::Bool)
                    .unwrap_or_else(|_| Value::String(value.clone())),
                "integer" => value
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(value.clone())),
                "number" => value
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(value.clone())),
                _ => Value::String(value.clone()),
            };
            object.insert(key.clone(), typed);
        }
        Ok(Value::Object(object))
    }

    /// The `type` of a property schema, following `$ref` and `allOf`.
    fn type_of(&self, service: Service, schema: &Value) -> String {
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            return t.to_string();
        }
        let target = schema
            .get("$ref")
            .or_else(|| schema.pointer("/allOf/0/$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| self.schemas.get(&service)?.get(name));
        match target {
            Some(t) => self.type_of(service, t),
            None => "string".to_string(),
        }
    }
}

/// Matches a concrete path against a template, segment by segment; `{Name}` may sit between a
/// literal prefix and suffix within its segment (`{Sid}.json`).
fn match_template(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = BTreeMap::new();
    for (ts, ps) in t.iter().zip(&p) {
        match (ts.find('{'), ts.find('}')) {
            (Some(open), Some(close)) if open < close => {
                let (prefix, suffix) = (&ts[..open], &ts[close + 1..]);
                let value = ps.strip_prefix(prefix)?.strip_suffix(suffix)?;
                if value.is_empty() {
                    return None;
                }
                params.insert(ts[open + 1..close].to_string(), value.to_string());
            }
            _ if ts == ps => {}
            _ => return None,
        }
    }
    Some(params)
}

/// One operation as a spec document writes it, found by [`operations`].
#[derive(Debug)]
pub struct SpecOperation<'a> {
    /// The path template.
    pub path: &'a str,
    /// The lower-case method, as the document keys it (`get`).
    pub method: &'static str,
    /// The `operationId`.
    pub id: &'a str,
    /// The operation object itself.
    pub op: &'a Value,
    /// Its parameters: the path item's, then its own, each `$ref` to `components/parameters`
    /// replaced by what it names (`null` when it names nothing).
    pub params: Vec<Value>,
}

impl SpecOperation<'_> {
    /// Its parameters that go in `location` (`path`, `query`, `header`).
    pub fn params_in<'s>(&'s self, location: &'s str) -> impl Iterator<Item = &'s Value> + 's {
        self.params
            .iter()
            .filter(move |p| p.get("in").and_then(Value::as_str) == Some(location))
    }

    /// The schema its request body refers to for the media type `media`.
    pub fn body_schema(&self, media: &str) -> Option<&str> {
        self.op
            .pointer("/requestBody/content")?
            .get(media)?
            .get("schema")
            .and_then(schema_ref)
    }
}

/// The name of the schema a `{"$ref": "#/components/schemas/Name"}` refers to.
pub fn schema_ref(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// Every operation of an OpenAPI document, path by path in file order and, within a path, in
/// the order of `methods`. An operation without an `operationId` is an error.
pub fn operations<'a>(
    doc: &'a Value,
    methods: &[&'static str],
) -> Result<Vec<SpecOperation<'a>>, String> {
    let components = doc.pointer("/components/parameters");
    let resolve = |p: &Value| -> Value {
        match p.get("$ref").and_then(Value::as_str) {
            Some(r) => r
                .strip_prefix("#/components/parameters/")
                .and_then(|name| components.and_then(|c| c.get(name)))
                .cloned()
                .unwrap_or(Value::Null),
            None => p.clone(),
        }
    };
    let resolved = |item: &Value| -> Vec<Value> {
        item.get("parameters")
            .and_then(Value::as_array)
            .map(|ps| ps.iter().map(resolve).collect())
            .unwrap_or_default()
    };
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no `paths`")?;
    let mut found = Vec::new();
    for (path, item) in paths {
        let shared = resolved(item);
        for &method in methods {
            let Some(op) = item.get(method) else { continue };
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{method} {path} has no operationId"))?;
            let mut params = shared.clone();
            params.extend(resolved(op));
            found.push(SpecOperation {
                path,
                method,
                id,
                op,
                params,
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec::load(&crate::spec_dir()).unwrap()
    }

    #[test]
    fn indexes_every_operation() {
        let spec = spec();
        // As many as the files have `operationId`s, counted on the text.
        let ids: usize = ["twilio.yaml", "control.yaml"]
            .iter()
            .map(|f| std::fs::read_to_string(crate::spec_dir().join(f)).unwrap())
            .map(|text| text.matches("operationId:").count())
            .sum();
        assert!(ids >= 50, "{ids}");
        assert_eq!(spec.operations.len(), ids);
        let list = spec.operation("ListMessage").unwrap();
        assert!(list.query.iter().any(|q| q == "DateSent>"));
        assert!(list.query.iter().any(|q| q == "PageToken"));
        assert_eq!(
            spec.operation("CreateConnection").unwrap().body,
            Some(Body::Json("CreateConnectionRequest".into()))
        );
    }

    #[test]
    fn matches_paths_to_operations() {
        let spec = spec();
        let (op, params) = spec
            .match_request(
                Service::Twilio,
                "GET",
                "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMded05904ccb347238880ca9264e8fe1c.json",
            )
            .unwrap();
        assert_eq!(op.id, "FetchMessage");
        assert_eq!(params["Sid"], "SMded05904ccb347238880ca9264e8fe1c");
        let (op, _) = spec
            .match_request(
                Service::Twilio,
                "GET",
                "/2010-04-01/Accounts/AC1/Usage/Records/Daily.json",
            )
            .unwrap();
        assert_eq!(op.id, "ListUsageRecordDaily");
        let (op, _) = spec
            .match_request(Service::Twilio, "GET", "/2010-04-01/Accounts/AC1.json")
            .unwrap();
        assert_eq!(op.id, "FetchAccount");
        assert!(
            spec.match_request(Service::Control, "GET", "/2010-04-01/Accounts.json")
                .is_none()
        );
        assert!(
            spec.match_request(Service::Twilio, "PUT", "/2010-04-01/Accounts.json")
                .is_none()
        );
    }

    #[test]
    fn types_form_fields_from_the_schema() {
        let spec = spec();
        let op = spec.operation("CreateMessage").unwrap();
        let pairs = [
            ("To", "+15559876543"),
            ("MediaUrl", "https://a"),
            ("MediaUrl", "https://b"),
            ("SendAsMms", "true"),
            ("ValidityPeriod", "60"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        assert_eq!(
            spec.form_to_json(op, &pairs).unwrap(),
            serde_json::json!({"To": "+15559876543", "MediaUrl": ["https://a", "https://b"],
                               "SendAsMms": true, "ValidityPeriod": 60})
        );
        let err = spec
            .form_to_json(op, &[("Tooo".to_string(), "x".to_string())])
            .unwrap_err();
        assert_eq!(err, "form field `Tooo` is not in CreateMessageRequest");
    }
}
