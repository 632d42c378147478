//! Comparing two normalised schemas: type, format, enum, nullability, items and properties.

use std::collections::BTreeSet;

use super::{Place, Sink};
use crate::audit::schema::Shape;

/// The message for a required flag that differs; `upstream` is upstream's flag.
pub(super) fn required_message(upstream: bool) -> String {
    if upstream {
        "required upstream, optional in ours".into()
    } else {
        "optional upstream, required in ours".into()
    }
}

/// Compares two schemas either of which may be absent.
pub(super) fn compare_optional_shapes(
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

/// Compares two normalised schemas at `place`, recursing into items and properties when both
/// sides have the same type.
pub(super) fn compare_shapes(sink: &mut Sink, place: &Place, up: &Shape, ours: &Shape) {
    for (aspect, up, ours) in [
        ("type", &up.kind, &ours.kind),
        ("format", &up.format, &ours.format),
    ] {
        if up != ours {
            let message = format!(
                "{aspect} {} upstream, {} in ours",
                shown(up.as_deref()),
                shown(ours.as_deref())
            );
            sink.push(place, aspect, message);
        }
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
