//! Matching our operations with upstream's and listing every difference between them.
//!
//! Operations are matched by path and method. For each pair the parameters, the request body and
//! the body of the success response are normalised to [`Shape`]s and compared; error responses
//! (`default`, `4XX`, `5XX`, ...) are ours only and are skipped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::schema::{Doc, Shape};

/// The HTTP methods a path item may hold, in the order operations are reported.
const METHODS: [&str; 8] = [
    "get", "post", "put", "patch", "delete", "head", "options", "trace",
];

/// Our gateway's own header, which upstream cannot know about.
const GATEWAY_HEADER: &str = "Maton-Connection";

/// One difference between our spec and upstream's.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    /// The stable id that allow-list patterns are matched against, e.g.
    /// `CreateMessage.body.MediaUrl[]:format`.
    pub key: String,
    /// The difference in words.
    pub message: String,
}

/// What comparing two specs found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Operations present on both sides and compared.
    pub compared: usize,
    /// Our operations that upstream lacks.
    pub ours_only: usize,
    /// Every difference, in report order.
    pub drifts: Vec<Drift>,
}

/// Compares every operation of `ours` with the operation of `upstream` at the same path and
/// method.
pub fn compare_specs(ours: Doc, upstream: Doc) -> Result<Comparison, String> {
    let mut comparison = Comparison::default();
    for operation in operations(ours)? {
        let id = operation.id();
        let mut sink = Sink {
            op: &id,
            drifts: &mut comparison.drifts,
        };
        match upstream_operation(upstream, &operation) {
            Some(theirs) => {
                comparison.compared += 1;
                compare_operation(&mut sink, upstream, &theirs, ours, &operation)?;
            }
            None => {
                comparison.ours_only += 1;
                sink.push_op(
                    "not-in-upstream",
                    format!(
                        "upstream has no `{} {}`",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                );
            }
        }
    }
    Ok(comparison)
}

/// One operation of a spec with the path item it belongs to.
struct Operation<'a> {
    path: &'a str,
    method: &'static str,
    item: &'a Value,
    op: &'a Value,
}

impl Operation<'_> {
    /// The `operationId`, or `METHOD path` when there is none.
    fn id(&self) -> String {
        match self.op.get("operationId").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => format!("{} {}", self.method.to_uppercase(), self.path),
        }
    }
}

/// Every operation in `doc`, path by path.
fn operations<'a>(doc: Doc<'a>) -> Result<Vec<Operation<'a>>, String> {
    let paths = doc
        .root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{}: there is no `paths` mapping", doc.name))?;
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                found.push(Operation {
                    path,
                    method,
                    item,
                    op,
                });
            }
        }
    }
    Ok(found)
}

/// Upstream's operation at the same path and method as `ours`, if any.
fn upstream_operation<'a>(upstream: Doc<'a>, ours: &Operation) -> Option<Operation<'a>> {
    let (path, item) = upstream
        .root
        .get("paths")?
        .as_object()?
        .get_key_value(ours.path)?;
    let op = item.get(ours.method)?;
    Some(Operation {
        path,
        method: ours.method,
        item,
        op,
    })
}

/// Compares one matched pair of operations.
fn compare_operation(
    sink: &mut Sink,
    up_doc: Doc,
    up: &Operation,
    our_doc: Doc,
    ours: &Operation,
) -> Result<(), String> {
    if let Some(up_id) = up.op.get("operationId").and_then(Value::as_str)
        && up_id != sink.op
    {
        sink.push_op(
            "operation-id",
            format!("upstream names this operation `{up_id}`"),
        );
    }
    compare_parameters(
        sink,
        &parameters(up_doc, up, false)?,
        &parameters(our_doc, ours, true)?,
    );
    compare_bodies(
        sink,
        request_body(up_doc, up.op)?,
        request_body(our_doc, ours.op)?,
    );
    compare_responses(
        sink,
        &success_responses(up_doc, up.op)?,
        &success_responses(our_doc, ours.op)?,
    );
    Ok(())
}

/// Where in an operation a difference is.
#[derive(Clone, Copy, PartialEq)]
enum Area {
    Param,
    Body,
    Response,
}

/// A place inside an operation: an area and the field path within it (`queues[].sid`).
#[derive(Clone)]
struct Place {
    area: Area,
    path: String,
}

impl Place {
    fn new(area: Area) -> Self {
        Place {
            area,
            path: String::new(),
        }
    }

    /// The place of property `name` inside this one.
    fn property(&self, name: &str) -> Self {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Place { path, ..*self }
    }

    /// The place of this array's items.
    fn items(&self) -> Self {
        Place {
            path: format!("{}[]", self.path),
            ..*self
        }
    }

    /// The key of this place in operation `op`, without the aspect.
    fn key(&self, op: &str) -> String {
        let area = match self.area {
            Area::Param => "param",
            Area::Body => "body",
            Area::Response => "response",
        };
        match self.path.as_str() {
            "" => format!("{op}.{area}"),
            path if path.starts_with('[') => format!("{op}.{area}{path}"),
            path => format!("{op}.{area}.{path}"),
        }
    }

    /// This place in words, for messages.
    fn label(&self) -> String {
        match (self.area, self.path.is_empty()) {
            (Area::Param, _) => format!("parameter `{}`", self.path),
            (Area::Body, true) => "request body".into(),
            (Area::Body, false) => format!("request field `{}`", self.path),
            (Area::Response, true) => "response body".into(),
            (Area::Response, false) => format!("response field `{}`", self.path),
        }
    }
}

/// Collects the drift of one operation.
struct Sink<'a> {
    op: &'a str,
    drifts: &'a mut Vec<Drift>,
}

impl Sink<'_> {
    /// Records drift `aspect` at `place`.
    fn push(&mut self, place: &Place, aspect: &str, message: String) {
        self.drifts.push(Drift {
            key: format!("{}:{aspect}", place.key(self.op)),
            message: format!("{}: {message}", place.label()),
        });
    }

    /// Records drift `aspect` of the operation as a whole.
    fn push_op(&mut self, aspect: &str, message: String) {
        self.drifts.push(Drift {
            key: format!("{}:{aspect}", self.op),
            message,
        });
    }
}

/// A parameter, normalised.
struct Parameter {
    location: String,
    required: bool,
    shape: Shape,
}

/// The parameters of `operation` by name: the path item's, overridden by the operation's own.
/// With `skip_gateway`, our gateway header is left out.
fn parameters(
    doc: Doc,
    operation: &Operation,
    skip_gateway: bool,
) -> Result<BTreeMap<String, Parameter>, String> {
    let mut found = BTreeMap::new();
    let lists = [
        operation.item.get("parameters"),
        operation.op.get("parameters"),
    ];
    for list in lists.into_iter().flatten() {
        let list = list
            .as_array()
            .ok_or_else(|| format!("{}: `parameters` is not a list", doc.name))?;
        for parameter in list {
            let parameter = doc.deref(parameter)?;
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{}: a parameter has no name: {parameter}", doc.name))?;
            let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
            if skip_gateway && location == "header" && name.eq_ignore_ascii_case(GATEWAY_HEADER) {
                continue;
            }
            let shape = match parameter.get("schema") {
                Some(schema) => doc.shape(schema)?,
                None => Shape::default(),
            };
            let required = parameter.get("required").and_then(Value::as_bool);
            found.insert(
                name.to_owned(),
                Parameter {
                    location: location.to_owned(),
                    required: required.unwrap_or(false),
                    shape,
                },
            );
        }
    }
    Ok(found)
}

/// Compares the parameter lists of one operation.
fn compare_parameters(
    sink: &mut Sink,
    up: &BTreeMap<String, Parameter>,
    ours: &BTreeMap<String, Parameter>,
) {
    let names: BTreeSet<&String> = up.keys().chain(ours.keys()).collect();
    for name in names {
        let place = Place {
            area: Area::Param,
            path: name.clone(),
        };
        match (up.get(name), ours.get(name)) {
            (Some(up), Some(ours)) => compare_parameter(sink, &place, up, ours),
            (Some(up), None) => sink.push(
                &place,
                "missing",
                format!("upstream has this {} parameter, ours lacks it", up.location),
            ),
            (None, Some(ours)) => sink.push(
                &place,
                "extra",
                format!(
                    "ours has this {} parameter, upstream lacks it",
                    ours.location
                ),
            ),
            (None, None) => {}
        }
    }
}

/// Compares one parameter present on both sides.
fn compare_parameter(sink: &mut Sink, place: &Place, up: &Parameter, ours: &Parameter) {
    if up.location != ours.location {
        sink.push(
            place,
            "in",
            format!("in {} upstream, in {} in ours", up.location, ours.location),
        );
    }
    if up.required != ours.required {
        sink.push(place, "required", required_message(up.required));
    }
    compare_shapes(sink, place, &up.shape, &ours.shape);
}

/// The message for a required flag that differs; `upstream` is upstream's flag.
fn required_message(upstream: bool) -> String {
    if upstream {
        "required upstream, optional in ours".into()
    } else {
        "optional upstream, required in ours".into()
    }
}

/// A request body: its media type and schema.
struct Body {
    media_type: String,
    shape: Option<Shape>,
}

/// The request body of `op`, preferring a form body when several media types are offered.
fn request_body(doc: Doc, op: &Value) -> Result<Option<Body>, String> {
    let Some(body) = op.get("requestBody") else {
        return Ok(None);
    };
    let body = doc.deref(body)?;
    let Some((media_type, media)) = pick_media(body, "application/x-www-form-urlencoded") else {
        return Ok(None);
    };
    let shape = match media.get("schema") {
        Some(schema) => Some(doc.shape(schema)?),
        None => None,
    };
    Ok(Some(Body {
        media_type: media_type.to_owned(),
        shape,
    }))
}

/// The `content` entry of `preferred` media type, or else the first one.
fn pick_media<'a>(holder: &'a Value, preferred: &str) -> Option<(&'a str, &'a Value)> {
    let content = holder.get("content")?.as_object()?;
    content
        .get_key_value(preferred)
        .or_else(|| content.iter().next())
        .map(|(media_type, media)| (media_type.as_str(), media))
}

/// Compares the request bodies of one operation.
fn compare_bodies(sink: &mut Sink, up: Option<Body>, ours: Option<Body>) {
    let place = Place::new(Area::Body);
    match (up, ours) {
        (None, None) => {}
        (Some(up), None) => sink.push(
            &place,
            "missing",
            format!("upstream takes a {} body, ours takes none", up.media_type),
        ),
        (None, Some(ours)) => sink.push(
            &place,
            "extra",
            format!("ours takes a {} body, upstream takes none", ours.media_type),
        ),
        (Some(up), Some(ours)) => {
            if up.media_type != ours.media_type {
                sink.push(
                    &place,
                    "media-type",
                    format!("{} upstream, {} in ours", up.media_type, ours.media_type),
                );
            }
            compare_optional_shapes(sink, &place, up.shape.as_ref(), ours.shape.as_ref());
        }
    }
}

/// Compares two schemas either of which may be absent.
fn compare_optional_shapes(
    sink: &mut Sink,
    place: &Place,
    up: Option<&Shape>,
    ours: Option<&Shape>,
) {
    match (up, ours) {
        (Some(up), Some(ours)) => compare_shapes(sink, place, up, ours),
        (Some(_), None) => sink.push(
            place,
            "missing",
            "upstream has a schema, ours has none".into(),
        ),
        (None, Some(_)) => sink.push(
            place,
            "extra",
            "ours has a schema, upstream has none".into(),
        ),
        (None, None) => {}
    }
}

/// The success (`2XX`) responses of `op` by status code, each with the normalised schema of its
/// body (JSON preferred) if it has one.
fn success_responses(doc: Doc, op: &Value) -> Result<BTreeMap<String, Option<Shape>>, String> {
    let mut found = BTreeMap::new();
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok(found);
    };
    for (code, response) in responses {
        if !code.starts_with('2') {
            continue;
        }
        let response = doc.deref(response)?;
        let schema =
            pick_media(response, "application/json").and_then(|(_, media)| media.get("schema"));
        let shape = match schema {
            Some(schema) => Some(doc.shape(schema)?),
            None => None,
        };
        found.insert(code.clone(), shape);
    }
    Ok(found)
}

/// Compares the success responses of one operation: their status codes, and the body of the
/// first code both sides share (or of each side's first code when they share none).
fn compare_responses(
    sink: &mut Sink,
    up: &BTreeMap<String, Option<Shape>>,
    ours: &BTreeMap<String, Option<Shape>>,
) {
    if up.keys().ne(ours.keys()) {
        sink.push_op(
            "status",
            format!(
                "success status {} upstream, {} in ours",
                status_codes(up),
                status_codes(ours)
            ),
        );
    }
    let shared = up.keys().find(|code| ours.contains_key(*code));
    let pair = match shared {
        Some(code) => up.get(code).zip(ours.get(code)),
        None => up.values().next().zip(ours.values().next()),
    };
    if let Some((up, ours)) = pair {
        let place = Place::new(Area::Response);
        compare_optional_shapes(sink, &place, up.as_ref(), ours.as_ref());
    }
}

/// The status codes of a response map, for messages.
fn status_codes(responses: &BTreeMap<String, Option<Shape>>) -> String {
    if responses.is_empty() {
        "none".into()
    } else {
        responses.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// Compares two normalised schemas at `place`, recursing into items and properties when both
/// sides have the same type.
fn compare_shapes(sink: &mut Sink, place: &Place, up: &Shape, ours: &Shape) {
    if up.kind != ours.kind {
        let message = format!(
            "type {} upstream, {} in ours",
            shown(up.kind.as_deref()),
            shown(ours.kind.as_deref())
        );
        sink.push(place, "type", message);
    }
    if up.format != ours.format {
        let message = format!(
            "format {} upstream, {} in ours",
            shown(up.format.as_deref()),
            shown(ours.format.as_deref())
        );
        sink.push(place, "format", message);
    }
    if up.enumeration != ours.enumeration {
        sink.push(
            place,
            "enum",
            enum_message(up.enumeration.as_ref(), ours.enumeration.as_ref()),
        );
    }
    if up.is_nullable() != ours.is_nullable() {
        let message = if up.is_nullable() {
            "nullable upstream, not in ours"
        } else {
            "not nullable upstream, nullable in ours"
        };
        sink.push(place, "nullable", message.into());
    }
    if up.kind != ours.kind {
        // A different type makes the structure below incomparable; the type drift says it all.
        return;
    }
    match (&up.items, &ours.items) {
        (Some(up), Some(ours)) => compare_shapes(sink, &place.items(), up, ours),
        (Some(_), None) => sink.push(
            &place.items(),
            "missing",
            "upstream describes the items, ours does not".into(),
        ),
        (None, Some(_)) => sink.push(
            &place.items(),
            "extra",
            "ours describes the items, upstream does not".into(),
        ),
        (None, None) => {}
    }
    compare_properties(sink, place, up, ours);
}

/// Compares the properties of two object schemas, and their required flags.
fn compare_properties(sink: &mut Sink, place: &Place, up: &Shape, ours: &Shape) {
    let names: BTreeSet<&String> = up.properties.keys().chain(ours.properties.keys()).collect();
    for name in names {
        let child = place.property(name);
        match (up.properties.get(name), ours.properties.get(name)) {
            (Some(up_field), Some(our_field)) => {
                let up_required = up.required.contains(name);
                if up_required != ours.required.contains(name) {
                    sink.push(&child, "required", required_message(up_required));
                }
                compare_shapes(sink, &child, up_field, our_field);
            }
            (Some(_), None) => {
                sink.push(&child, "missing", "upstream has it, ours lacks it".into())
            }
            (None, Some(_)) => sink.push(&child, "extra", "ours has it, upstream lacks it".into()),
            (None, None) => {}
        }
    }
}

/// An optional keyword value for messages.
fn shown(value: Option<&str>) -> String {
    match value {
        Some(value) => format!("`{value}`"),
        None => "none".into(),
    }
}

/// Says how two enum value sets differ.
fn enum_message(up: Option<&BTreeSet<String>>, ours: Option<&BTreeSet<String>>) -> String {
    let list = |values: &mut dyn Iterator<Item = &String>| {
        values
            .map(|value| format!("`{value}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (up, ours) {
        (Some(up), Some(ours)) => {
            let mut parts = Vec::new();
            let lacks = list(&mut up.difference(ours));
            if !lacks.is_empty() {
                parts.push(format!("ours lacks {lacks}"));
            }
            let adds = list(&mut ours.difference(up));
            if !adds.is_empty() {
                parts.push(format!("ours adds {adds}"));
            }
            format!("enum values differ: {}", parts.join("; "))
        }
        (Some(up), None) => format!(
            "upstream allows only {}, ours has no enum",
            list(&mut up.iter())
        ),
        (None, Some(ours)) => format!(
            "upstream has no enum, ours allows only {}",
            list(&mut ours.iter())
        ),
        (None, None) => String::new(),
    }
}
