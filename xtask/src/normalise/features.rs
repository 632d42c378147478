//! Resource groups as cargo features: each tag of the spec may name the cargo feature that
//! builds its operations (`x-maton-feature: recordings`); an operation takes the feature of its
//! first tag, and an operation whose tag names none is always built (the seed's resources).

use std::collections::BTreeMap;

use serde_json::Value;

/// The spec extension on a tag that names its feature.
const FEATURE_KEY: &str = "x-maton-feature";

/// `operationId` -> the feature that builds it, for every operation that has one.
///
/// A tag an operation uses must be declared in the spec's `tags`, and a feature name must be a
/// cargo feature name the generated crate can declare (lower case, digits and `-`).
pub fn operation_features(spec: &Value) -> Result<BTreeMap<String, String>, String> {
    let mut by_tag: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for tag in spec
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = tag
            .get("name")
            .and_then(Value::as_str)
            .ok_or("a tag has no name")?;
        let feature = tag.get(FEATURE_KEY).and_then(Value::as_str);
        if let Some(feature) = feature
            && !is_feature_name(feature)
        {
            return Err(format!(
                "tag `{name}`: `{feature}` is not a cargo feature name"
            ));
        }
        by_tag.insert(name, feature);
    }
    let mut features = BTreeMap::new();
    let paths = spec.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let Some(tag) = op
                .get("tags")
                .and_then(Value::as_array)
                .and_then(|t| t.first())
                .and_then(Value::as_str)
            else {
                continue;
            };
            match by_tag.get(tag) {
                None => {
                    return Err(format!(
                        "{method} {path}: tag `{tag}` is not declared in the spec's `tags`"
                    ));
                }
                Some(Some(feature)) => {
                    features.insert(id.to_string(), (*feature).to_string());
                }
                Some(None) => {}
            }
        }
    }
    Ok(features)
}

fn is_feature_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::operation_features;

    #[test]
    fn an_operation_takes_its_first_tags_feature_and_untagged_groups_are_always_built() {
        let spec = json!({
            "tags": [{"name": "Calls"}, {"name": "Sip", "x-maton-feature": "sip"}],
            "paths": {"/a": {
                "get": {"operationId": "ListCall", "tags": ["Calls"]},
                "post": {"operationId": "CreateSipDomain", "tags": ["Sip", "Calls"]}
            }}
        });
        let features = operation_features(&spec).unwrap();
        assert_eq!(features.len(), 1);
        assert_eq!(features["CreateSipDomain"], "sip");
    }

    #[test]
    fn an_undeclared_tag_or_a_bad_feature_name_is_refused() {
        let undeclared =
            json!({"tags": [], "paths": {"/a": {"get": {"operationId": "X", "tags": ["Nope"]}}}});
        assert!(
            operation_features(&undeclared)
                .unwrap_err()
                .contains("`Nope`")
        );
        let bad = json!({"tags": [{"name": "T", "x-maton-feature": "Bad Name"}], "paths": {}});
        assert!(operation_features(&bad).unwrap_err().contains("Bad Name"));
    }
}
