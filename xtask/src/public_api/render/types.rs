//! How types, paths, bounds, generics and signatures are written in the listing.

use serde_json::Value;

use super::{Walk, id_key};

impl Walk<'_> {
    pub(super) fn function(&self, function: &Value, path: &str) -> String {
        let header = &function["header"];
        let mut qualifiers = String::new();
        if header["is_const"].as_bool() == Some(true) {
            qualifiers.push_str("const ");
        }
        if header["is_async"].as_bool() == Some(true) {
            qualifiers.push_str("async ");
        }
        if header["is_unsafe"].as_bool() == Some(true) {
            qualifiers.push_str("unsafe ");
        }
        let generics = generics_with(self, &function["generics"]);
        let sig = &function["sig"];
        let inputs: Vec<String> = sig["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|pair| {
                let name = pair[0].as_str().unwrap_or("_");
                let ty = &pair[1];
                if name == "self" {
                    self_param(self, ty)
                } else {
                    format!("{name}: {}", self.ty(ty))
                }
            })
            .collect();
        let output = if sig["output"].is_null() {
            String::new()
        } else {
            format!(" -> {}", self.ty(&sig["output"]))
        };
        format!(
            "pub {qualifiers}fn {path}{}({}){output}{}",
            generics.params,
            inputs.join(", "),
            generics.clause
        )
    }

    pub(super) fn path(&self, path: &Value) -> String {
        let id = id_key(&path["id"]);
        let name = self
            .external_path(&id)
            .unwrap_or_else(|| path["path"].as_str().unwrap_or("?").to_string());
        format!("{name}{}", self.args(&path["args"]))
    }

    pub(super) fn args(&self, args: &Value) -> String {
        if let Some(angle) = args.get("angle_bracketed") {
            let mut parts: Vec<String> = angle["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|arg| {
                    if let Some(ty) = arg.get("type") {
                        self.ty(ty)
                    } else if let Some(lifetime) = arg.get("lifetime") {
                        lifetime.as_str().unwrap_or("'_").to_string()
                    } else if let Some(constant) = arg.get("const") {
                        constant["expr"].as_str().unwrap_or("_").to_string()
                    } else {
                        "_".into()
                    }
                })
                .collect();
            for constraint in angle["constraints"].as_array().into_iter().flatten() {
                let name = constraint["name"].as_str().unwrap_or("_");
                let binding = &constraint["binding"];
                if let Some(ty) = binding["equality"].get("type") {
                    parts.push(format!("{name} = {}", self.ty(ty)));
                } else if let Some(bounds) = binding.get("constraint") {
                    parts.push(format!("{name}: {}", self.bounds(bounds)));
                }
            }
            if parts.is_empty() {
                String::new()
            } else {
                format!("<{}>", parts.join(", "))
            }
        } else if let Some(paren) = args.get("parenthesized") {
            let inputs = paren["inputs"].as_array().into_iter().flatten();
            self.signature(inputs, &paren["output"])
        } else {
            String::new()
        }
    }

    /// `(input, ...)`, then ` -> output` unless `output` is null: the tail of `Fn(..)` bounds and
    /// of `fn` pointers.
    fn signature<'v>(&self, inputs: impl Iterator<Item = &'v Value>, output: &Value) -> String {
        let inputs: Vec<String> = inputs.map(|t| self.ty(t)).collect();
        let output = if output.is_null() {
            String::new()
        } else {
            format!(" -> {}", self.ty(output))
        };
        format!("({}){output}", inputs.join(", "))
    }

    pub(super) fn bounds(&self, bounds: &Value) -> String {
        bounds
            .as_array()
            .into_iter()
            .flatten()
            .map(|bound| {
                if let Some(tb) = bound.get("trait_bound") {
                    let modifier = match tb["modifier"].as_str() {
                        Some("maybe") => "?",
                        Some("maybe_const") => "~const ",
                        _ => "",
                    };
                    format!("{modifier}{}", self.path(&tb["trait"]))
                } else if let Some(lifetime) = bound.get("outlives") {
                    lifetime.as_str().unwrap_or("'_").to_string()
                } else if let Some(args) = bound.get("use") {
                    let names: Vec<String> = args
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|a| {
                            a.get("lifetime")
                                .or_else(|| a.get("param"))
                                .and_then(Value::as_str)
                                .unwrap_or("_")
                                .to_string()
                        })
                        .collect();
                    format!("use<{}>", names.join(", "))
                } else {
                    "?".into()
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    pub(super) fn ty(&self, ty: &Value) -> String {
        let Some((kind, body)) = ty.as_object().and_then(|o| o.iter().next()) else {
            return match ty.as_str() {
                Some("infer") => "_".into(),
                _ => "?".into(),
            };
        };
        match kind.as_str() {
            "primitive" | "generic" => body.as_str().unwrap_or("?").to_string(),
            "resolved_path" => self.path(body),
            "borrowed_ref" => {
                format!("{}{}", ref_prefix(body), self.ty(&body["type"]))
            }
            "raw_pointer" => {
                let mutable = if body["is_mutable"].as_bool() == Some(true) {
                    "mut"
                } else {
                    "const"
                };
                format!("*{mutable} {}", self.ty(&body["type"]))
            }
            "tuple" => {
                let parts: Vec<String> = body
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| self.ty(t))
                    .collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            "slice" => format!("[{}]", self.ty(body)),
            "array" => format!(
                "[{}; {}]",
                self.ty(&body["type"]),
                body["len"].as_str().unwrap_or("_")
            ),
            "impl_trait" => format!("impl {}", self.bounds(body)),
            "dyn_trait" => {
                let mut parts: Vec<String> = body["traits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| self.path(&t["trait"]))
                    .collect();
                if let Some(lifetime) = body["lifetime"].as_str() {
                    parts.push(lifetime.to_string());
                }
                format!("dyn {}", parts.join(" + "))
            }
            "qualified_path" => {
                let self_ty = self.ty(&body["self_type"]);
                let name = body["name"].as_str().unwrap_or("_");
                if body["trait"].is_null() {
                    format!("{self_ty}::{name}")
                } else {
                    format!("<{self_ty} as {}>::{name}", self.path(&body["trait"]))
                }
            }
            "function_pointer" => {
                let sig = &body["sig"];
                // Each input is a `[pattern, type]` pair.
                let inputs = sig["inputs"].as_array().into_iter().flatten();
                let inputs = inputs.map(|pair| &pair[1]);
                format!("fn{}", self.signature(inputs, &sig["output"]))
            }
            "pat" => self.ty(&body["type"]),
            _ => "?".into(),
        }
    }
}

/// `&`, the lifetime and `mut` of a `borrowed_ref` type, as in `&'a mut `.
fn ref_prefix(borrowed: &Value) -> String {
    let lifetime = borrowed["lifetime"]
        .as_str()
        .map(|l| format!("{l} "))
        .unwrap_or_default();
    let mutable = if borrowed["is_mutable"].as_bool() == Some(true) {
        "mut "
    } else {
        ""
    };
    format!("&{lifetime}{mutable}")
}

/// `&self`, `&mut self`, `self: Box<Self>`.
fn self_param(walk: &Walk<'_>, ty: &Value) -> String {
    match ty.get("borrowed_ref") {
        Some(r) if r["type"]["generic"] == "Self" => {
            format!("{}self", ref_prefix(r))
        }
        _ if ty["generic"] == "Self" => "self".into(),
        _ => format!("self: {}", walk.ty(ty)),
    }
}

pub(super) struct Generics {
    pub(super) params: String,
    pub(super) clause: String,
}

/// Parameters with their bounds, and the where clause.
pub(super) fn generics_with(walk: &Walk<'_>, value: &Value) -> Generics {
    let params: Vec<String> = value["params"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["kind"]["type"]["is_synthetic"].as_bool() != Some(true))
        .map(|p| {
            let name = p["name"].as_str().unwrap_or("_");
            let kind = &p["kind"];
            if let Some(ty) = kind.get("type") {
                let bounds = walk.bounds(&ty["bounds"]);
                if bounds.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}: {bounds}")
                }
            } else if let Some(constant) = kind.get("const") {
                format!("const {name}: {}", walk.ty(&constant["type"]))
            } else {
                name.to_string()
            }
        })
        .collect();
    let predicates: Vec<String> = value["where_predicates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            if let Some(bp) = p.get("bound_predicate") {
                Some(format!(
                    "{}: {}",
                    walk.ty(&bp["type"]),
                    walk.bounds(&bp["bounds"])
                ))
            } else if let Some(lp) = p.get("lifetime_predicate") {
                let outlives: Vec<&str> = lp["outlives"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                Some(format!(
                    "{}: {}",
                    lp["lifetime"].as_str().unwrap_or("'_"),
                    outlives.join(" + ")
                ))
            } else {
                p.get("eq_predicate")
                    .map(|eq| format!("{} == {}", walk.ty(&eq["lhs"]), walk.ty(&eq["rhs"]["type"])))
            }
        })
        .collect();
    Generics {
        params: if params.is_empty() {
            String::new()
        } else {
            format!("<{}>", params.join(", "))
        },
        clause: if predicates.is_empty() {
            String::new()
        } else {
            format!(" where {}", predicates.join(", "))
        },
    }
}
