//! The JSON of a generic record, kept valid for the generated models of its collection: a field
//! is set only when one of those models has it and the value decodes with every one of them.

use serde_json::{Map, Value};

use crate::resources::Op;

/// The models a record of a collection must decode with: the success types of its operations
/// that answer one record (create, fetch, update).
#[derive(Clone, Debug)]
pub(crate) struct Models(Vec<Op>);

impl Models {
    /// The record-answering operations of `collection` (a template), with `op` among them.
    pub(crate) fn of(collection: &str, op: Op) -> Self {
        let base = collection.strip_suffix(".json").unwrap_or(collection);
        let mut ops: Vec<Op> = Op::ALL
            .iter()
            .copied()
            .filter(|o| o.item_key().is_none() && o.success_type().is_some())
            .filter(|o| {
                let path = o.path();
                (path == collection && o.method() == http::Method::POST)
                    || path
                        .rsplit_once('/')
                        .is_some_and(|(head, last)| head == base && last.starts_with('{'))
            })
            .collect();
        if op.success_type().is_some() && op.item_key().is_none() && !ops.contains(&op) {
            ops.push(op);
        }
        Self(ops)
    }

    fn decodes(&self, record: &Map<String, Value>) -> bool {
        let Ok(bytes) = serde_json::to_vec(record) else {
            return false;
        };
        self.0
            .iter()
            .all(|op| op.decode_success(&bytes).is_none_or(|r| r.is_ok()))
    }

    /// Whether some model has a field `key`: a value of no model field's type (`true` for
    /// most, `[]` for booleans) fails to decode. A field typed as any JSON counts as unknown.
    fn knows(&self, key: &str) -> bool {
        [Value::Bool(true), Value::Array(Vec::new())]
            .into_iter()
            .any(|probe| {
                let mut record = Map::new();
                record.insert(key.to_string(), probe);
                !self.decodes(&record)
            })
    }

    /// Sets `key` to the first of `candidates` that keeps `record` decoding, when a model has
    /// that field; returns whether it was set.
    pub(crate) fn set(
        &self,
        record: &mut Map<String, Value>,
        key: &str,
        candidates: impl IntoIterator<Item = Value>,
    ) -> bool {
        if !self.knows(key) {
            return false;
        }
        let before = record.get(key).cloned();
        for candidate in candidates {
            record.insert(key.to_string(), candidate);
            if self.decodes(record) {
                return true;
            }
        }
        match before {
            Some(value) => record.insert(key.to_string(), value),
            None => record.remove(key),
        };
        false
    }

    /// Applies a form to `record`: each key (`FriendlyName`) to its field (`friendly_name`),
    /// as text, number or boolean, whichever the models take; a repeated key as a list.
    pub(crate) fn apply_form(&self, record: &mut Map<String, Value>, pairs: &[(String, String)]) {
        let mut grouped: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for (key, value) in pairs {
            grouped
                .entry(key.as_str())
                .or_default()
                .push(value.as_str());
        }
        for (key, values) in grouped {
            let list = Value::Array(values.iter().map(|v| Value::from(*v)).collect());
            let candidates = match values.as_slice() {
                [one] => text_candidates(one).into_iter().chain([list]).collect(),
                _ => vec![list],
            };
            self.set(record, &super::shape::snake(key), candidates);
        }
    }
}

/// `text` as each JSON value it can stand for: the text, a number, a boolean.
fn text_candidates(text: &str) -> Vec<Value> {
    let mut out = vec![Value::from(text)];
    if let Ok(n) = text.parse::<i64>() {
        out.push(Value::from(n));
    } else if let Some(n) = text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        out.push(Value::Number(n));
    }
    if let Ok(b) = text.parse::<bool>() {
        out.push(Value::Bool(b));
    }
    out
}
