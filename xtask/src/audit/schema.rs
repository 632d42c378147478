//! Normalising OpenAPI 3.0 documents so that two differently written descriptions of the same
//! wire format compare equal.
//!
//! A schema is reduced to a [`Shape`]: the keywords that describe what goes over the wire (type,
//! format, enum values, nullability, array items, object properties and required names). `$ref`s
//! are resolved, `allOf` members are merged together with their sibling keywords, and every other
//! keyword is dropped: descriptions, examples, titles, defaults, numeric bounds, string lengths,
//! patterns and all `x-*` extensions (so our `x-maton-numeric` never causes drift by itself; the
//! declared `type` beside it is still compared).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// One OpenAPI document, named for error messages (`ours` or `upstream`).
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    /// The whole document, against which `#/...` references are resolved.
    pub root: &'a Value,
    /// A short name used in error messages.
    pub name: &'a str,
}

/// How many `$ref` hops [`Doc::deref`] follows before it assumes a loop.
const MAX_REF_HOPS: usize = 32;

impl<'a> Doc<'a> {
    /// Looks up a local reference such as `#/components/schemas/Queue`.
    pub fn resolve(&self, reference: &str) -> Result<&'a Value, String> {
        let pointer = reference.strip_prefix('#').ok_or_else(|| {
            format!(
                "{}: only local references are supported, found `{reference}`",
                self.name
            )
        })?;
        // JSON pointer: `~1` stands for `/` and `~0` for `~`; `Value::pointer` handles both.
        self.root
            .pointer(pointer)
            .ok_or_else(|| format!("{}: `$ref: {reference}` points at nothing", self.name))
    }

    /// Follows `$ref` until it reaches an object without one: for parameters, request bodies
    /// and responses, whose siblings of `$ref` carry no meaning.
    pub fn deref(&self, mut value: &'a Value) -> Result<&'a Value, String> {
        for _ in 0..MAX_REF_HOPS {
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => value = self.resolve(reference)?,
                None => return Ok(value),
            }
        }
        Err(format!(
            "{}: more than {MAX_REF_HOPS} chained `$ref`s (a loop?)",
            self.name
        ))
    }

    /// Reduces the schema `value` to its [`Shape`].
    pub fn shape(&self, value: &'a Value) -> Result<Shape, String> {
        self.shape_inner(value, &mut Vec::new())
    }

    /// [`Doc::shape`] with the chain of references being expanded, to refuse cycles.
    fn shape_inner(&self, value: &'a Value, expanding: &mut Vec<&'a str>) -> Result<Shape, String> {
        let object = value
            .as_object()
            .ok_or_else(|| format!("{}: a schema is not a mapping: {value}", self.name))?;
        for unsupported in ["oneOf", "anyOf", "not"] {
            if object.contains_key(unsupported) {
                return Err(format!(
                    "{}: `{unsupported}` is not supported by the audit (in {value})",
                    self.name
                ));
            }
        }
        let mut shape = Shape::default();
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            shape = self.shape_of_ref(reference, expanding)?;
        }
        if let Some(members) = object.get("allOf") {
            let members = members
                .as_array()
                .ok_or_else(|| format!("{}: `allOf` is not a list", self.name))?;
            for member in members {
                let member = self.shape_inner(member, expanding)?;
                shape.overlay(member);
            }
        }
        let own = self.own_keywords(object, expanding)?;
        shape.overlay(own);
        shape.infer_type();
        Ok(shape)
    }

    /// The shape of the schema a `$ref` points at, refusing a reference to itself.
    fn shape_of_ref(
        &self,
        reference: &'a str,
        expanding: &mut Vec<&'a str>,
    ) -> Result<Shape, String> {
        if expanding.contains(&reference) {
            return Err(format!(
                "{}: the schema `{reference}` contains itself; recursive schemas are not supported",
                self.name
            ));
        }
        let target = self.resolve(reference)?;
        expanding.push(reference);
        let shape = self.shape_inner(target, expanding);
        expanding.pop();
        shape
    }

    /// The compared keywords written directly on one schema object (not through `$ref`/`allOf`).
    fn own_keywords(
        &self,
        object: &'a serde_json::Map<String, Value>,
        expanding: &mut Vec<&'a str>,
    ) -> Result<Shape, String> {
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
        let mut shape = Shape {
            kind: text("type"),
            format: text("format"),
            nullable: object.get("nullable").and_then(Value::as_bool),
            ..Shape::default()
        };
        if let Some(values) = object.get("enum") {
            let values = values
                .as_array()
                .ok_or_else(|| format!("{}: `enum` is not a list", self.name))?;
            shape.enumeration = Some(values.iter().map(enum_value_text).collect());
        }
        if let Some(items) = object.get("items") {
            shape.items = Some(Box::new(self.shape_inner(items, expanding)?));
        }
        if let Some(properties) = object.get("properties") {
            let properties = properties
                .as_object()
                .ok_or_else(|| format!("{}: `properties` is not a mapping", self.name))?;
            for (name, property) in properties {
                shape
                    .properties
                    .insert(name.clone(), self.shape_inner(property, expanding)?);
            }
        }
        if let Some(required) = object.get("required").and_then(Value::as_array) {
            shape.required = required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        Ok(shape)
    }
}

/// The text an enum value is compared by: strings as themselves, anything else as JSON.
fn enum_value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The wire-relevant part of a schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// `type` (`string`, `integer`, `object`, ...), inferred as `object`/`array` from
    /// `properties`/`items` when left out.
    pub kind: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// The `enum` values, order-insensitive.
    pub enumeration: Option<BTreeSet<String>>,
    /// `nullable`, `None` when never written (which means `false`).
    pub nullable: Option<bool>,
    /// The schema of array items.
    pub items: Option<Box<Shape>>,
    /// Object properties by name.
    pub properties: BTreeMap<String, Shape>,
    /// The names of required properties.
    pub required: BTreeSet<String>,
}

impl Shape {
    /// Whether `null` is allowed.
    pub fn is_nullable(&self) -> bool {
        self.nullable.unwrap_or(false)
    }

    /// Lays `top` over `self`: keywords written in `top` win, properties and required names are
    /// merged. This is how `allOf` members and the keywords beside them combine.
    fn overlay(&mut self, top: Shape) {
        if top.kind.is_some() {
            self.kind = top.kind;
        }
        if top.format.is_some() {
            self.format = top.format;
        }
        if top.enumeration.is_some() {
            self.enumeration = top.enumeration;
        }
        if top.nullable.is_some() {
            self.nullable = top.nullable;
        }
        if top.items.is_some() {
            self.items = top.items;
        }
        self.properties.extend(top.properties);
        self.required.extend(top.required);
    }

    /// Fills in a missing `type` that `properties` or `items` make plain.
    fn infer_type(&mut self) {
        if self.kind.is_none() {
            if self.items.is_some() {
                self.kind = Some("array".into());
            } else if !self.properties.is_empty() {
                self.kind = Some("object".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).expect("test YAML parses")
    }

    fn shape_of(doc: &Value, pointer: &str) -> Shape {
        let doc = Doc {
            root: doc,
            name: "test",
        };
        let value = doc.resolve(pointer).expect("pointer resolves");
        doc.shape(value).expect("shape")
    }

    #[test]
    fn allof_single_merges_sibling_nullable_and_ignores_extensions() {
        let doc = yaml(
            "
components:
  schemas:
    Status: {type: string, enum: [b, a], description: Named.}
    Field: {allOf: [{$ref: '#/components/schemas/Status'}], nullable: true, x-maton-numeric: true}
    Inline: {type: string, enum: [a, b], nullable: true, title: T, pattern: '^x$', maxLength: 3}
",
        );
        let named = shape_of(&doc, "#/components/schemas/Field");
        let inline = shape_of(&doc, "#/components/schemas/Inline");
        assert_eq!(named, inline);
        assert!(named.is_nullable());
    }

    #[test]
    fn missing_type_is_inferred_from_properties_and_items() {
        let doc = yaml(
            "
components:
  schemas:
    Obj: {properties: {a: {items: {type: string}}}}
",
        );
        let shape = shape_of(&doc, "#/components/schemas/Obj");
        assert_eq!(shape.kind.as_deref(), Some("object"));
        assert_eq!(shape.properties["a"].kind.as_deref(), Some("array"));
    }

    #[test]
    fn recursive_and_dangling_references_are_errors() {
        let doc = yaml(
            "
components:
  schemas:
    Node: {type: object, properties: {next: {$ref: '#/components/schemas/Node'}}}
    Lost: {$ref: '#/components/schemas/Nowhere'}
",
        );
        let doc = Doc {
            root: &doc,
            name: "test",
        };
        let node = doc.resolve("#/components/schemas/Node").expect("exists");
        let lost = doc.resolve("#/components/schemas/Lost").expect("exists");
        assert!(doc.shape(node).unwrap_err().contains("recursive"));
        assert!(doc.shape(lost).unwrap_err().contains("points at nothing"));
    }
}
