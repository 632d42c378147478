//! `cargo xtask codegen [--check]`: generates `crates/maton-twilio-api/src/generated/` from
//! `spec/`, and the contract tests' driver of that client ([`crate::driver`]).
//!
//! Pipeline for each spec: YAML -> JSON value -> [`crate::normalise`] ->
//! `openapiv3::OpenAPI` -> progenitor (builder style, hooks expected) -> the
//! [post-pass](crate::postprocess) on the syntax tree -> prettyplease -> header. The output is a
//! pure function of the spec files, so repeated runs are byte-identical and `--check` can compare.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;
use serde_json::Value;

use crate::normalise::{self, NUMERIC_SCHEMA, TIMESTAMP_SCHEMA};
use crate::postprocess;

/// One spec and the module generated from it.
pub struct Target {
    /// The spec, relative to the workspace root.
    pub spec: &'static str,
    /// The module name inside the generated crate (`crate::<module>`).
    pub module: &'static str,
}

/// Every spec the workspace generates from.
pub const TARGETS: &[Target] = &[
    Target {
        spec: "spec/twilio.yaml",
        module: "twilio",
    },
    Target {
        spec: "spec/control.yaml",
        module: "control",
    },
];

/// Where the generated files live, relative to the workspace root.
pub const OUT_DIR: &str = "crates/maton-twilio-api/src/generated";

/// `cargo xtask codegen [--check]`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let mut check = false;
    let mut root = crate::workspace_root();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            // For tests: run on a copy of the workspace.
            "--root" => root = args.next().ok_or("--root needs a directory")?.into(),
            _ => return Err("usage: cargo xtask codegen [--check]".into()),
        }
    }
    let started = std::time::Instant::now();
    let outputs = generate_all(&root)?;
    if check {
        let stale = check_outputs(&root, &outputs);
        if stale.is_empty() {
            println!("generated code is up to date ({} files)", outputs.len());
            return Ok(ExitCode::SUCCESS);
        }
        for report in &stale {
            eprintln!("{report}");
        }
        eprintln!("generated code is stale: run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    for (path, text) in &outputs {
        let path = root.join(path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("creating {}: {e}", dir.display()))?;
            }
            std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
        }
    }
    let lines: usize = outputs.iter().map(|(_, t)| t.lines().count()).sum();
    println!(
        "generated {} files, {lines} lines, in {:.0} ms",
        outputs.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

/// Generates every target; returns (path relative to the root, file text).
/// The last file is the contract tests' driver ([`crate::driver`]), from every spec at once.
pub fn generate_all(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut outputs = Vec::new();
    let mut specs = Vec::new();
    for target in TARGETS {
        let text = std::fs::read_to_string(root.join(target.spec))
            .map_err(|e| format!("reading {}: {e}", target.spec))?;
        outputs.push((
            Path::new(OUT_DIR).join(format!("{}.rs", target.module)),
            generate(target, &text)?,
        ));
        outputs.push((
            Path::new(OUT_DIR).join(format!("{}_ops.rs", target.module)),
            generate_table(target, &text)?,
        ));
        let spec: Value = serde_yaml_ng::from_str(&text)
            .map_err(|e| format!("{}: not valid YAML: {e}", target.spec))?;
        specs.push((target, spec));
    }
    outputs.push((
        PathBuf::from(crate::driver::OUT_PATH),
        crate::driver::generate(&specs)?,
    ));
    Ok(outputs)
}

/// Compares generated text with what is on disk; returns one unified diff per stale file.
pub fn check_outputs(root: &Path, outputs: &[(PathBuf, String)]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|(path, want)| {
            let have = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            (have != *want).then(|| {
                let name = path.display().to_string();
                similar::TextDiff::from_lines(&have, want)
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("{name} (committed)"),
                        &format!("{name} (generated)"),
                    )
                    .to_string()
            })
        })
        .collect()
}

/// Generates the module for one spec from its YAML text.
pub fn generate(target: &Target, yaml: &str) -> Result<String, String> {
    let mut spec: Value = serde_yaml_ng::from_str(yaml)
        .map_err(|e| format!("{}: not valid YAML: {e}", target.spec))?;
    let plan = normalise::normalise(&mut spec).map_err(|e| format!("{}: {e}", target.spec))?;
    // A schema whose rule is written by hand in `maton-twilio-api` (`x-maton-type`).
    let hand_types: Vec<(String, String)> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(name, schema)| Some((name.clone(), normalise::hand_type(schema)?)))
        .collect();
    let openapi: openapiv3::OpenAPI = serde_json::from_value(spec)
        .map_err(|e| format!("{}: not a valid OpenAPI 3.0 document: {e}", target.spec))?;

    let module = target.module;
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(crate::Context))
        .with_derive("PartialEq")
        .with_map_type("::std::collections::BTreeMap");
    for def in &plan.enums {
        settings.with_replacement(
            &def.name,
            format!(
                "crate::{module}::types::{}",
                postprocess::enum_ident(&def.name)
            ),
            [
                TypeImpl::Display,
                TypeImpl::FromStr,
                TypeImpl::FromStringIrrefutable,
            ]
            .into_iter(),
        );
    }
    for (used, schema, path) in [
        (plan.uses_numeric, NUMERIC_SCHEMA, "crate::Numeric"),
        (plan.uses_timestamp, TIMESTAMP_SCHEMA, "crate::Timestamp"),
    ] {
        if used {
            settings.with_replacement(
                schema,
                path,
                [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
            );
        }
    }

    // One type per SID kind, validated once and shared with the facade and the emulator; only
    // parameters and request bodies use these schemas (normalise checks it).
    for name in &plan.sid_schemas {
        settings.with_replacement(
            name,
            format!("::maton_twilio_rules::{name}"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }

    for (name, ty) in &hand_types {
        settings.with_replacement(name, ty, [TypeImpl::Display, TypeImpl::FromStr].into_iter());
    }

    let tokens = run_generator(&settings, &openapi, target.spec)?;
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        format!(
            "{}: progenitor produced code that does not parse: {e}",
            target.spec
        )
    })?;
    postprocess::apply(&mut file, &plan).map_err(|e| format!("{}: {e}", target.spec))?;
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "{}{body}\n/// The operation table of this spec (`{}_ops.rs`, generated with it).\n\
         #[path = \"{}_ops.rs\"]\npub mod ops;\npub use ops::Operation;\n",
        header(target),
        target.module,
        target.module
    ))
}

/// Generates the operation table of one spec ([`crate::optable`]) from its YAML text.
pub fn generate_table(target: &Target, yaml: &str) -> Result<String, String> {
    let spec: Value = serde_yaml_ng::from_str(yaml)
        .map_err(|e| format!("{}: not valid YAML: {e}", target.spec))?;
    let body = crate::optable::generate(&spec, target.module)
        .map_err(|e| format!("{}: {e}", target.spec))?;
    Ok(format!("{}{body}", header(target)))
}

/// Runs progenitor, turning its panics (`todo!`, `assert!`, `unimplemented!`) into an error that
/// says which operation or schema it was working on.
fn run_generator(
    settings: &GenerationSettings,
    openapi: &openapiv3::OpenAPI,
    spec: &str,
) -> Result<proc_macro2::TokenStream, String> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(openapi)
    }));
    std::panic::set_hook(previous_hook);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("{spec}: progenitor refused the spec: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(no message)".into());
            Err(format!(
                "{spec}: the generator panicked: {message}\n{}",
                locate_culprit(settings, openapi)
            ))
        }
    }
}

/// After a panic, generates each operation (and then each schema) on its own to name the one
/// the generator cannot digest.
fn locate_culprit(settings: &GenerationSettings, openapi: &openapiv3::OpenAPI) -> String {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let panics = |spec: &openapiv3::OpenAPI| {
        catch_unwind(AssertUnwindSafe(|| {
            Generator::new(settings).generate_tokens(spec)
        }))
        .is_err()
    };
    let mut without_paths = openapi.clone();
    without_paths.paths.paths.clear();
    let mut culprits = Vec::new();
    if panics(&without_paths) {
        let schemas = openapi
            .components
            .as_ref()
            .map(|c| c.schemas.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        for name in schemas {
            let mut one = without_paths.clone();
            if let Some(components) = one.components.as_mut() {
                components.schemas.retain(|k, _| *k == name);
            }
            if panics(&one) {
                culprits.push(format!("schema `{name}`"));
            }
        }
    } else {
        for (path, item) in &openapi.paths.paths {
            let Some(item) = item.as_item() else { continue };
            for (method, op) in item.iter() {
                let mut one = openapi.clone();
                one.paths.paths.retain(|p, _| p == path);
                if let Some(openapiv3::ReferenceOr::Item(only)) = one.paths.paths.get_mut(path) {
                    for (m, slot) in [
                        ("get", &mut only.get),
                        ("put", &mut only.put),
                        ("post", &mut only.post),
                        ("delete", &mut only.delete),
                        ("patch", &mut only.patch),
                    ] {
                        if m != method {
                            *slot = None;
                        }
                    }
                }
                if panics(&one) {
                    let id = op.operation_id.clone().unwrap_or_default();
                    culprits.push(format!("operation `{id}` ({method} {path})"));
                }
            }
        }
    }
    std::panic::set_hook(previous_hook);
    if culprits.is_empty() {
        "the panic could not be pinned on one operation or schema".into()
    } else {
        format!("it fails on: {}", culprits.join(", "))
    }
}

fn header(target: &Target) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from `{}`. DO NOT EDIT.\n\
         // Change the spec (see spec/README.md) and run the command again.\n\n",
        target.spec
    )
}
