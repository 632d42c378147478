//! One matched pair of operations: their ids, and where each side's parameters, request body and
//! success responses are found and how they are paired before their schemas are compared.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::shapes::{compare_optional_shapes, compare_shapes, required_message};
use super::{Area, GATEWAY_HEADER, Operation, Place, Sink};
use crate::audit::schema::{Doc, Shape};

/// Compares one matched pair of operations.
pub(super) fn compare_operation(
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
    let shape = media
        .get("schema")
        .map(|schema| doc.shape(schema))
        .transpose()?;
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
        let shape = schema.map(|schema| doc.shape(schema)).transpose()?;
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
