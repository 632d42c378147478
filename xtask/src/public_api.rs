//! `cargo xtask public-api [--bless]`: the public API of each published hand-written crate, one
//! line per item, compared with the snapshot committed under `public-api/`.
//!
//! A spec edit, a progenitor upgrade or a refactor that changes what users compile against shows
//! up as a diff here and fails CI until someone reviews it and runs `--bless`. The listing comes
//! from rustdoc's JSON output (unstable, enabled on the stable toolchain for rustdoc alone with
//! `RUSTC_BOOTSTRAP`), rendered by [`render`].

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

pub mod render;

/// A crate whose public API is pinned, and the features it is documented with.
pub struct Pinned {
    pub package: &'static str,
    pub features: &'static [&'static str],
}

/// The crates users depend on directly. The generated crate is left out on purpose: a spec edit
/// is meant to change it; what must not change unnoticed is what the facade makes of it.
pub const PINNED: &[Pinned] = &[
    Pinned {
        package: "maton-core",
        features: &["redis"],
    },
    Pinned {
        package: "maton-twilio-rules",
        features: &[],
    },
    Pinned {
        package: "maton-connections",
        features: &[],
    },
    Pinned {
        package: "maton-twilio",
        features: &["axum", "redis", "full"],
    },
    Pinned {
        package: "maton-twilio-mock",
        features: &[],
    },
];

/// Where the snapshots live, relative to the workspace root.
pub const DIR: &str = "public-api";

const USAGE: &str = "usage: cargo xtask public-api [--bless] [PACKAGE...]";

/// `cargo xtask public-api [--bless] [PACKAGE...]`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let mut bless = false;
    let mut root = crate::workspace_root();
    let mut only = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bless" => bless = true,
            // For tests: another workspace.
            "--root" => root = args.next().ok_or(USAGE)?.into(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}\n{USAGE}")),
            package => only.push(package.to_string()),
        }
    }
    let pinned: Vec<(&str, &[&str])> = PINNED
        .iter()
        .filter(|p| only.is_empty() || only.iter().any(|o| o == p.package))
        .map(|p| (p.package, p.features))
        .collect();
    if pinned.is_empty() {
        return Err(format!(
            "none of {only:?} is pinned; see PINNED in xtask/src/public_api.rs"
        ));
    }
    let target = target_dir(&root).join("public-api");
    let changed = check(&root, &target, &pinned, bless)?;
    if changed.is_empty() {
        println!("public API unchanged ({} crates)", pinned.len());
        Ok(ExitCode::SUCCESS)
    } else if bless {
        println!("snapshots updated: {}", changed.join(", "));
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "the public API of {} changed. If the change is intended, review the diff above, \
             run `cargo xtask public-api --bless` and commit {DIR}/.",
            changed.join(", ")
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Renders each crate and compares it with its snapshot (or writes it, with `bless`); returns the
/// packages whose API differs, after printing a diff for each.
///
/// `target` is a target directory of its own: rustdoc's unstable flag must not change how the
/// main target directory's artifacts are fingerprinted.
pub fn check(
    root: &Path,
    target: &Path,
    pinned: &[(&str, &[&str])],
    bless: bool,
) -> Result<Vec<String>, String> {
    let mut changed = Vec::new();
    for (package, features) in pinned {
        let doc = rustdoc_json(root, target, package, features)?;
        let lines = render::render(&doc).map_err(|e| format!("{package}: {e}"))?;
        let text = snapshot_text(package, features, &lines);
        let file = root.join(DIR).join(format!("{package}.txt"));
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        if old == text {
            continue;
        }
        changed.push(package.to_string());
        if bless {
            std::fs::create_dir_all(root.join(DIR)).map_err(|e| format!("{DIR}: {e}"))?;
            std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        } else {
            let diff = similar::TextDiff::from_lines(&old, &text);
            eprint!(
                "{}",
                diff.unified_diff()
                    .context_radius(1)
                    .header(&format!("{DIR}/{package}.txt"), "rendered from the source")
            );
        }
    }
    Ok(changed)
}

fn snapshot_text(package: &str, features: &[&str], lines: &[String]) -> String {
    let features = if features.is_empty() {
        "default features".to_string()
    } else {
        format!("default features and {}", features.join(", "))
    };
    let mut text = format!(
        "# The public API of {package} ({features}), rendered by `cargo xtask public-api` from\n\
         # rustdoc's JSON. A change here changes what users compile against: review it, then run\n\
         # `cargo xtask public-api --bless` and commit this file.\n"
    );
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Runs rustdoc's JSON output for one package's library and reads it.
fn rustdoc_json(
    root: &Path,
    target: &Path,
    package: &str,
    features: &[&str],
) -> Result<Value, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["rustdoc", "--quiet", "--lib", "-p", package]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    command.args(["--", "-Z", "unstable-options", "--output-format", "json"]);
    let status = command
        .status()
        .map_err(|e| format!("running cargo rustdoc: {e}"))?;
    if !status.success() {
        return Err(format!("cargo rustdoc -p {package} failed ({status})"));
    }
    let file = target
        .join("doc")
        .join(format!("{}.json", package.replace('-', "_")));
    let text =
        std::fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

#[cfg(test)]
mod tests;
