//! Renders rustdoc's JSON (format 57, rustc 1.95) as one line per public item, sorted: the text
//! the public-API snapshot compares. Types are written with their defining paths
//! (`core::option::Option<alloc::string::String>`) so that how the source happens to import a
//! name does not change the listing.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

mod types;

use types::generics_with;

/// The public items of the documented crate, one line each, sorted and deduplicated.
pub fn render(doc: &Value) -> Result<Vec<String>, String> {
    let format = doc["format_version"].as_u64().unwrap_or(0);
    if format != FORMAT_VERSION {
        return Err(format!(
            "rustdoc JSON format {format}, this renderer reads format {FORMAT_VERSION}: \
             update xtask/src/public_api/render.rs for the new toolchain"
        ));
    }
    let root = id_key(&doc["root"]);
    let name = doc["index"][&root]["name"]
        .as_str()
        .ok_or("rustdoc JSON has no root module")?
        .to_string();
    let mut walk = Walk {
        doc,
        lines: BTreeSet::new(),
        visiting: HashSet::new(),
    };
    walk.module(&root, &name);
    let mut lines: Vec<String> = walk.lines.into_iter().collect();
    // Grouped by the item they belong to: a type, then its fields, methods and impls.
    lines.sort_by_cached_key(|line| (sort_key(line, &name), line.clone()));
    Ok(lines)
}

/// The path a line is about: `krate::Type::method(...` of a method, the type of an impl.
fn sort_key(line: &str, krate: &str) -> String {
    if let Some(rest) = line.strip_prefix("impl")
        && let Some((_, for_ty)) = rest.split_once(" for ")
    {
        return format!("{for_ty}::~impl");
    }
    let prefix = format!("{krate}::");
    match line.find(&prefix) {
        Some(at) => line[at..].to_string(),
        None => line.to_string(),
    }
}

/// The rustdoc JSON format this renderer was written against.
pub const FORMAT_VERSION: u64 = 57;

struct Walk<'a> {
    doc: &'a Value,
    lines: BTreeSet<String>,
    /// Modules on the current path, so a glob re-export of a parent cannot loop.
    visiting: HashSet<String>,
}

fn id_key(id: &Value) -> String {
    match id {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

impl<'a> Walk<'a> {
    fn item(&self, id: &str) -> Option<&'a Value> {
        self.doc["index"].get(id)
    }

    fn module(&mut self, id: &str, path: &str) {
        if !self.visiting.insert(id.to_string()) {
            return;
        }
        let items: Vec<String> = self.item(id).map_or_else(Vec::new, |m| {
            m["inner"]["module"]["items"]
                .as_array()
                .map(|a| a.iter().map(id_key).collect())
                .unwrap_or_default()
        });
        for child in items {
            self.member(&child, path);
        }
        self.visiting.remove(id);
    }

    /// One item listed in a module at `path`.
    fn member(&mut self, id: &str, path: &str) {
        let Some(item) = self.item(id) else { return };
        if item["visibility"] != "public" {
            return;
        }
        if let Some(reexport) = item["inner"].get("use") {
            let target = id_key(&reexport["id"]);
            let name = reexport["name"].as_str().unwrap_or("_");
            let glob = reexport["is_glob"].as_bool().unwrap_or(false);
            match self.item(&target) {
                Some(target_item) if glob && target_item["inner"].get("module").is_some() => {
                    self.module(&target, path)
                }
                Some(_) if !glob => self.named(&target, &format!("{path}::{name}")),
                _ => {
                    let source = self
                        .external_path(&target)
                        .unwrap_or_else(|| reexport["source"].as_str().unwrap_or("?").into());
                    let star = if glob { "::*" } else { "" };
                    self.lines
                        .insert(format!("pub use {path}::{name}{star} = {source}{star}"));
                }
            }
            return;
        }
        let name = item["name"].as_str().unwrap_or("_").to_string();
        self.named(id, &format!("{path}::{name}"));
    }

    fn external_path(&self, id: &str) -> Option<String> {
        let parts = self.doc["paths"].get(id)?["path"].as_array()?;
        Some(
            parts
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("::"),
        )
    }

    /// A local item at its public `path`.
    fn named(&mut self, id: &str, path: &str) {
        let Some(item) = self.item(id) else { return };
        let attrs = attrs(item);
        let inner = &item["inner"];
        let (kind, body) = match inner.as_object().and_then(|o| o.iter().next()) {
            Some((kind, body)) => (kind.as_str(), body),
            None => return,
        };
        match kind {
            "module" => {
                self.lines.insert(format!("pub mod {path}"));
                self.module(id, path);
            }
            "struct" => {
                let generics = generics_with(self, &body["generics"]);
                let kind = &body["kind"];
                if let Some(fields) = kind["tuple"].as_array() {
                    let shown: Vec<String> = fields
                        .iter()
                        .map(|f| match self.item(&id_key(f)) {
                            Some(field) if field["visibility"] == "public" => {
                                format!("pub {}", self.ty(&field["inner"]["struct_field"]))
                            }
                            _ => "_".into(),
                        })
                        .collect();
                    self.lines.insert(format!(
                        "{attrs}pub struct {path}{}({}){}",
                        generics.params,
                        shown.join(", "),
                        generics.clause
                    ));
                } else {
                    self.lines.insert(format!(
                        "{attrs}pub struct {path}{}{}",
                        generics.params, generics.clause
                    ));
                    for field in kind["plain"]["fields"].as_array().into_iter().flatten() {
                        self.field(&id_key(field), path);
                    }
                }
                self.impls(&body["impls"], path);
            }
            "enum" => {
                let generics = generics_with(self, &body["generics"]);
                self.lines.insert(format!(
                    "{attrs}pub enum {path}{}{}",
                    generics.params, generics.clause
                ));
                for variant in body["variants"].as_array().into_iter().flatten() {
                    self.variant(&id_key(variant), path);
                }
                self.impls(&body["impls"], path);
            }
            "union" => {
                self.lines.insert(format!("{attrs}pub union {path}"));
                self.impls(&body["impls"], path);
            }
            "trait" => {
                let generics = generics_with(self, &body["generics"]);
                let bounds = self.bounds(&body["bounds"]);
                let bounds = if bounds.is_empty() {
                    String::new()
                } else {
                    format!(": {bounds}")
                };
                self.lines.insert(format!(
                    "pub trait {path}{}{bounds}{}",
                    generics.params, generics.clause
                ));
                for member in body["items"].as_array().into_iter().flatten() {
                    self.assoc(&id_key(member), &format!("{path}::"), "");
                }
            }
            "function" => {
                let line = self.function(body, path);
                self.lines.insert(format!("{attrs}{line}"));
            }
            "constant" => {
                let ty = self.ty(&body["type"]);
                self.lines.insert(format!("pub const {path}: {ty}"));
            }
            "static" => {
                let ty = self.ty(&body["type"]);
                self.lines.insert(format!("pub static {path}: {ty}"));
            }
            "type_alias" => {
                let ty = self.ty(&body["type"]);
                let generics = generics_with(self, &body["generics"]);
                self.lines
                    .insert(format!("pub type {path}{} = {ty}", generics.params));
            }
            "macro" | "proc_macro" => {
                self.lines.insert(format!("macro {path}!"));
            }
            "trait_alias" => {
                self.lines.insert(format!("pub trait {path} = ..."));
            }
            _ => {}
        }
    }

    fn field(&mut self, id: &str, owner: &str) {
        let Some(field) = self.item(id) else { return };
        if field["visibility"] != "public" {
            return;
        }
        let name = field["name"].as_str().unwrap_or("_");
        let ty = self.ty(&field["inner"]["struct_field"]);
        self.lines.insert(format!("pub {owner}::{name}: {ty}"));
    }

    fn variant(&mut self, id: &str, owner: &str) {
        let Some(variant) = self.item(id) else { return };
        let name = variant["name"].as_str().unwrap_or("_");
        let kind = &variant["inner"]["variant"]["kind"];
        let shape = if let Some(fields) = kind["tuple"].as_array() {
            let types: Vec<String> = fields
                .iter()
                .map(|f| match self.item(&id_key(f)) {
                    Some(field) => self.ty(&field["inner"]["struct_field"]),
                    None => "_".into(),
                })
                .collect();
            format!("({})", types.join(", "))
        } else if let Some(fields) = kind["struct"]["fields"].as_array() {
            let named: Vec<String> = fields
                .iter()
                .filter_map(|f| self.item(&id_key(f)))
                .map(|field| {
                    format!(
                        "{}: {}",
                        field["name"].as_str().unwrap_or("_"),
                        self.ty(&field["inner"]["struct_field"])
                    )
                })
                .collect();
            format!(" {{ {} }}", named.join(", "))
        } else {
            String::new()
        };
        let attrs = attrs(variant);
        self.lines
            .insert(format!("{attrs}pub {owner}::{name}{shape}"));
    }

    /// The inherent methods and the written trait impls of a type at `path`.
    fn impls(&mut self, impls: &Value, path: &str) {
        for id in impls.as_array().into_iter().flatten() {
            let Some(imp) = self.item(&id_key(id)) else {
                continue;
            };
            let body = &imp["inner"]["impl"];
            if body["is_synthetic"].as_bool() == Some(true) || !body["blanket_impl"].is_null() {
                continue;
            }
            let generics = generics_with(self, &body["generics"]);
            if body["trait"].is_null() {
                for member in body["items"].as_array().into_iter().flatten() {
                    self.assoc(&id_key(member), &format!("{path}::"), "pub ");
                }
            } else {
                let negative = if body["is_negative"].as_bool() == Some(true) {
                    "!"
                } else {
                    ""
                };
                let tr = self.path(&body["trait"]);
                let for_ty = self.ty(&body["for"]);
                self.lines.insert(format!(
                    "impl{} {negative}{tr} for {for_ty}{}",
                    generics.params, generics.clause
                ));
            }
        }
    }

    /// A method, associated type or constant of an impl or trait, listed under `prefix`.
    fn assoc(&mut self, id: &str, prefix: &str, vis: &str) {
        let Some(item) = self.item(id) else { return };
        if vis == "pub " && item["visibility"] != "public" {
            return;
        }
        let name = item["name"].as_str().unwrap_or("_");
        let inner = &item["inner"];
        let line = if let Some(function) = inner.get("function") {
            let line = self.function(function, &format!("{prefix}{name}"));
            // `pub fn` for inherent methods, `fn` for a trait's own items.
            if vis.is_empty() {
                line.replacen("pub fn ", "fn ", 1)
            } else {
                line
            }
        } else if let Some(constant) = inner.get("assoc_const") {
            format!("{vis}const {prefix}{name}: {}", self.ty(&constant["type"]))
        } else if let Some(assoc) = inner.get("assoc_type") {
            let bounds = self.bounds(&assoc["bounds"]);
            let bounds = if bounds.is_empty() {
                String::new()
            } else {
                format!(": {bounds}")
            };
            format!("{vis}type {prefix}{name}{bounds}")
        } else {
            return;
        };
        let attrs = attrs(item);
        self.lines.insert(format!("{attrs}{line}"));
    }
}

/// The attributes that change what users may do with an item.
fn attrs(item: &Value) -> String {
    let mut shown = String::new();
    for attr in item["attrs"].as_array().into_iter().flatten() {
        let text = attr.as_str().map(str::to_string).unwrap_or_else(|| {
            // Newer formats give structured attributes: `{"non_exhaustive": null}`.
            attr.as_object()
                .and_then(|o| o.keys().next().cloned())
                .unwrap_or_default()
        });
        if text.contains("non_exhaustive") {
            shown.push_str("#[non_exhaustive] ");
        } else if text.contains("must_use") {
            shown.push_str("#[must_use] ");
        }
    }
    shown
}
