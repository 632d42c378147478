//! `cargo xtask spec-audit`: compare `spec/twilio.yaml` with Twilio's own OpenAPI description of
//! API v2010 for the operations we cover.
//!
//! ```text
//! cargo xtask spec-audit --upstream PATH [--spec FILE] [--allow FILE]
//! ```
//!
//! `--spec` defaults to `spec/twilio.yaml` and `--allow` to `spec/audit-allow.yaml` under the
//! workspace root; relative paths given on the command line are relative to the current directory.
//!
//! # What is compared
//!
//! Each of our operations is matched with upstream's operation at the same path and method (an
//! operation upstream lacks is itself drift). For each pair: the parameters (`in`, `required`, and
//! the schema), the request body, and the body of the success (`2XX`) response, recursively into
//! object properties and array items. Error responses are ours alone and are skipped, and so is
//! our gateway header `Maton-Connection`. Schemas are normalised first (see [`schema`]): `$ref`s
//! are resolved, `allOf` is merged, and only `type`, `format`, `enum` (as a set), `nullable`,
//! `items`, `properties` and `required` are compared. Descriptions, examples, titles, defaults,
//! numeric bounds, lengths, patterns and `x-*` extensions are ignored.
//!
//! # Drift keys
//!
//! Every difference has a stable key `PLACE:ASPECT`:
//!
//! - `PLACE` is the operation id (`ListQueue`), optionally followed by `.param.NAME`, `.body` or
//!   `.response`, then the field path inside the schema: property names joined with `.`, and `[]`
//!   for array items. Examples: `ListMessage.param.DateSent<`, `CreateCall.body.StatusCallbackEvent[]`,
//!   `ListQueue.response.queues[].max_size`.
//! - `ASPECT` is one of `missing` (upstream has it, ours lacks it), `extra` (ours only), `type`,
//!   `format`, `enum`, `nullable`, `required`, `in` (parameter location), `media-type` (request
//!   body), and for whole operations `status` (success codes), `operation-id`, `not-in-upstream`.
//!
//! # Allow-list
//!
//! A YAML list of `{match, reason}` entries (see [`allow`]). `match` is matched against the whole
//! key and `*` stands for any run of characters, so `*.response.last_page_uri:extra` covers every
//! list operation. The reason is mandatory. An entry that matches no drift is *stale*: it is
//! reported as a warning on stderr and counted in the summary, but does not change the exit code,
//! so that an upstream release that fixes its side does not break the build by itself.
//!
//! # Output and exit codes
//!
//! One line per drift, `DRIFT   KEY — MESSAGE` or `allowed KEY — MESSAGE (allowed: REASON)`,
//! then the line `summary: operations compared N, ours only N, drifts N, allowed N, not allowed N,
//! stale allow entries N`. Exit code 0 when every drift is allowed, 1 when some is not, 2 for usage
//! errors and unusable input (bad flags, unreadable or malformed files, invalid allow-list).

mod allow;
mod compare;
mod schema;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use allow::{AllowEntry, parse_allow_list};
use compare::{Comparison, compare_specs};

/// The command line help.
const USAGE: &str = "usage: cargo xtask spec-audit --upstream PATH [--spec FILE] [--allow FILE]

  --upstream PATH  Twilio's OpenAPI description of API v2010 (twilio_api_v2010.yaml)
  --spec FILE      our spec (default: spec/twilio.yaml in the workspace)
  --allow FILE     the allow-list of deliberate differences (default: spec/audit-allow.yaml)

exit status: 0 when all drift is allowed, 1 when some is not, 2 for usage or input errors";

/// Exit status when every difference is allowed.
const EXIT_CLEAN: u8 = 0;
/// Exit status when some difference is not allowed.
const EXIT_DRIFT: u8 = 1;
/// Exit status for bad flags and unusable input.
const EXIT_USAGE: u8 = 2;

/// Runs `spec-audit` with the arguments after the task name.
///
/// Everything, including usage errors, is reported here and turned into the exit code, so this
/// never returns `Err` (whose exit code would be confused with "drift found").
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let outcome = run(args, &crate::workspace_root());
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    Ok(ExitCode::from(outcome.code))
}

/// What a run prints and how it exits.
#[derive(Debug)]
struct Outcome {
    code: u8,
    stdout: String,
    stderr: String,
}

impl Outcome {
    /// A failed run with exit code 2 and `message` on stderr.
    fn error(message: &str) -> Self {
        Outcome {
            code: EXIT_USAGE,
            stdout: String::new(),
            stderr: format!("error: {message}\n"),
        }
    }
}

/// Parses `args`, runs the audit and renders its report; `root` is the workspace root that the
/// default file locations are relative to.
fn run(args: &[String], root: &Path) -> Outcome {
    let options = match parse_args(args, root) {
        Ok(Command::Help) => {
            return Outcome {
                code: EXIT_CLEAN,
                stdout: format!("{USAGE}\n"),
                stderr: String::new(),
            };
        }
        Ok(Command::Audit(options)) => options,
        Err(message) => return Outcome::error(&format!("{message}\n\n{USAGE}")),
    };
    match audit_files(&options) {
        Ok(report) => Outcome {
            code: report.exit_code(),
            stdout: report.render(),
            stderr: report.warnings(),
        },
        Err(message) => Outcome::error(&message),
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    /// `--help`: print the usage.
    Help,
    /// Run the audit.
    Audit(Options),
}

/// The files one audit reads.
#[derive(Debug, PartialEq)]
struct Options {
    upstream: PathBuf,
    spec: PathBuf,
    allow: PathBuf,
}

/// Reads the flags; `root` supplies the default locations of our spec and allow-list.
fn parse_args(args: &[String], root: &Path) -> Result<Command, String> {
    let (mut upstream, mut spec, mut allow) = (None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--upstream" => &mut upstream,
            "--spec" => &mut spec,
            "--allow" => &mut allow,
            other if other.starts_with('-') => return Err(format!("unknown flag `{other}`")),
            other => return Err(format!("unexpected argument `{other}`")),
        };
        let value = match inline_value {
            Some(value) => value,
            None => args
                .next()
                .cloned()
                .ok_or_else(|| format!("`{flag}` needs a value"))?,
        };
        if value.is_empty() {
            return Err(format!("`{flag}` needs a non-empty value"));
        }
        if slot.replace(PathBuf::from(value)).is_some() {
            return Err(format!("`{flag}` is given twice"));
        }
    }
    Ok(Command::Audit(Options {
        upstream: upstream.ok_or("`--upstream PATH` is required")?,
        spec: spec.unwrap_or_else(|| root.join("spec").join("twilio.yaml")),
        allow: allow.unwrap_or_else(|| root.join("spec").join("audit-allow.yaml")),
    }))
}

/// Reads the three files and audits them.
fn audit_files(options: &Options) -> Result<Report, String> {
    let ours = read_spec(&options.spec)?;
    let upstream = read_spec(&options.upstream)?;
    let allow_text = read_text(&options.allow)?;
    let allow = parse_allow_list(&allow_text, &options.allow.display().to_string())?;
    let comparison = compare_specs(&ours, &upstream)?;
    Ok(Report::judge(comparison, allow))
}

/// Reads a file as text.
fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Reads an OpenAPI document (YAML or JSON) and checks that it has a `paths` mapping.
fn read_spec(path: &Path) -> Result<Value, String> {
    let text = read_text(path)?;
    let value: Value = serde_yaml_ng::from_str(&text)
        .map_err(|error| format!("{} is not valid YAML: {error}", path.display()))?;
    if !value.get("paths").is_some_and(Value::is_object) {
        return Err(format!(
            "{} is not an OpenAPI document: it has no `paths` mapping",
            path.display()
        ));
    }
    Ok(value)
}

/// The drift found, judged against the allow-list.
struct Report {
    comparison: Comparison,
    allow: Vec<AllowEntry>,
    /// For each drift, the index of the first allow entry that matches it.
    verdicts: Vec<Option<usize>>,
    /// For each allow entry, whether it matched any drift.
    used: Vec<bool>,
}

impl Report {
    /// Matches every drift of `comparison` against `allow`.
    fn judge(comparison: Comparison, allow: Vec<AllowEntry>) -> Self {
        let mut used = vec![false; allow.len()];
        let verdicts = comparison
            .drifts
            .iter()
            .map(|drift| {
                let mut first = None;
                for (index, entry) in allow.iter().enumerate() {
                    if entry.matches(&drift.key) {
                        used[index] = true;
                        first = first.or(Some(index));
                    }
                }
                first
            })
            .collect();
        Report {
            comparison,
            allow,
            verdicts,
            used,
        }
    }

    /// How many drifts an allow entry covers.
    fn allowed(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|verdict| verdict.is_some())
            .count()
    }

    /// How many drifts no allow entry covers.
    fn not_allowed(&self) -> usize {
        self.verdicts.len() - self.allowed()
    }

    /// The allow entries that matched nothing.
    fn stale(&self) -> impl Iterator<Item = &AllowEntry> {
        self.allow
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(entry, _)| entry)
    }

    /// 0 when every drift is allowed, 1 otherwise.
    fn exit_code(&self) -> u8 {
        if self.not_allowed() == 0 {
            EXIT_CLEAN
        } else {
            EXIT_DRIFT
        }
    }

    /// One line per drift, then the summary line.
    fn render(&self) -> String {
        let mut out = String::new();
        for (drift, verdict) in self.comparison.drifts.iter().zip(&self.verdicts) {
            let _ = match verdict.and_then(|index| self.allow.get(index)) {
                Some(entry) => writeln!(
                    out,
                    "allowed {} — {} (allowed: {})",
                    drift.key, drift.message, entry.reason
                ),
                None => writeln!(out, "DRIFT   {} — {}", drift.key, drift.message),
            };
        }
        let _ = writeln!(
            out,
            "summary: operations compared {}, ours only {}, drifts {}, allowed {}, not allowed {}, stale allow entries {}",
            self.comparison.compared,
            self.comparison.ours_only,
            self.comparison.drifts.len(),
            self.allowed(),
            self.not_allowed(),
            self.stale().count(),
        );
        out
    }

    /// A warning line per stale allow entry.
    fn warnings(&self) -> String {
        self.stale()
            .map(|entry| {
                format!(
                    "warning: stale allow-list entry `{}` matches no drift (reason: {})\n",
                    entry.pattern, entry.reason
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
