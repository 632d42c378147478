//! Key-by-key comparison of JSON values, reporting the path (`$.messages[1].price`) of every
//! difference, in the manner of async-stripe's fixture round trip.

use serde_json::Value;

/// A copy of `value` without any object member whose value is `null`, at any depth.
///
/// A decoded type drops a `null` it reads into `None` and does not write it back; that loses
/// nothing, so comparisons are made modulo nulls.
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Every difference between `expected` and `actual`, one line each, with its path.
///
/// Numbers compare by value (`1` equals `1.0`), so that an integer re-encoded as a float is not
/// a difference, while a number against a string is (`"1"` is not `1`).
pub fn diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("$", expected, actual, &mut out);
    out
}

fn walk(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let here = format!("{path}.{key}");
                match a.get(key) {
                    Some(av) => walk(&here, ev, av, out),
                    None => out.push(format!("{here}: lost (expected {})", short(ev))),
                }
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!("{path}.{key}: unexpected {}", short(av)));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(&format!("{path}[{i}]"), ev, av, out);
            }
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            let same = e == a || matches!((e.as_f64(), a.as_f64()), (Some(x), Some(y)) if x == y);
            if !same {
                out.push(format!("{path}: expected {e}, got {a}"));
            }
        }
        (e, a) if e == a => {}
        (e, a) => out.push(format!("{path}: expected {}, got {}", short(e), short(a))),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_each_difference_with_its_path() {
        let expected = json!({"a": {"b": [1, {"c": "1"}]}, "gone": true, "n": 2});
        let actual = json!({"a": {"b": [1, {"c": 1}]}, "extra": null, "n": 2.0});
        assert_eq!(
            diff(&expected, &actual),
            vec![
                "$.a.b[1].c: expected \"1\", got 1",
                "$.gone: lost (expected true)",
                "$.extra: unexpected null",
            ]
        );
    }

    #[test]
    fn nulls_go_at_any_depth() {
        let value = json!({"a": null, "b": [{"c": null, "d": 1}], "e": {"f": null}});
        assert_eq!(without_nulls(&value), json!({"b": [{"d": 1}], "e": {}}));
    }
}
