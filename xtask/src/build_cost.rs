//! `cargo xtask build-cost [--rounds N] [--only NAME,...] [--before REV] [--scratch DIR] [--no-debug] [--dry-run]`:
//! what a program that sends one SMS costs to build, against our facade and against the other
//! generated Rust client of Twilio's API, `twilio-openapi` 1.2.2.
//!
//! In a scratch directory outside the workspace (`$CARGO_TARGET_DIR/build-cost`, or
//! `target/build-cost`) it writes three tiny programs, each a `main.rs` that sends one SMS:
//! - `ours`: the facade `maton-twilio` of this tree, by path, default features, with the
//!   workspace's `Cargo.lock` as its starting lock;
//! - `before`: the facade at `--before REV` (default `694a87f`, the commit before API v2010's
//!   197 operations), unpacked with `git archive`, with that revision's `Cargo.lock`;
//! - `theirs`: `twilio-openapi = "=1.2.2"`, default features (its only TLS is reqwest 0.11's
//!   default, native-tls: it offers no feature to choose rustls);
//! - `stack`: the same request (a form POST, a JSON answer decoded into a struct) on the stack
//!   our facade is built on and nothing of ours: reqwest 0.13 with `rustls-no-provider`, rustls
//!   with `ring`, rustls-platform-verifier, tokio, serde, with the workspace's `Cargo.lock`. It is
//!   the floor: no client on this stack (with TLS through rustls by default) builds for less.
//!
//! `cargo fetch` first (downloads are not timed; every build then runs `--offline` with the
//! shared `CARGO_HOME`), then `--rounds` rounds (default 2) of clean `cargo build --release`
//! in the order ours, before, theirs, stack, each into a fresh target dir. Each build is timed with
//! `/usr/bin/time -v` (CPU user+sys of the whole process tree, and the peak RSS of its largest
//! process); without it, the CPU of this process's reaped children from `/proc/self/stat` and no
//! RSS. Then, unless `--no-debug`: the debug build of `maton-twilio-api` alone, with `full` and
//! with its default features, dependencies cached (`cargo clean -p maton-twilio-api` before each
//! timed build). Medians, the ratios, and every run in `build-cost/report.json`.
//!
//! `--only ours,theirs` builds only the programs named (the ratios need all three).
//! `--dry-run` writes the programs and prints the plan, and builds nothing.

mod measure;
mod programs;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use serde_json::{Value, json};

use measure::{Cost, Summary, Timer, ratio, summarise, table};
use programs::{Program, programs, write_program};

const USAGE: &str = "usage: cargo xtask build-cost [--rounds N] [--only ours,before,theirs,stack] \
                     [--before REV] [--scratch DIR] [--no-debug] [--dry-run]";

/// The programs, in the order each round builds them.
const NAMES: [&str; 4] = ["ours", "before", "theirs", "stack"];

/// The commit before the spec grew to API v2010's 197 operations.
const BEFORE: &str = "694a87f";

/// What the run does.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rounds: usize,
    /// The programs to build, a subset of `NAMES` in its order.
    pub only: Vec<&'static str>,
    pub before: String,
    pub scratch: Option<PathBuf>,
    pub debug: bool,
    pub dry_run: bool,
}

impl Plan {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut plan = Plan {
            rounds: 2,
            only: NAMES.to_vec(),
            before: BEFORE.to_string(),
            scratch: None,
            debug: true,
            dry_run: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--rounds" => {
                    plan.rounds = args
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|&n| n >= 1)
                        .ok_or_else(|| format!("--rounds takes a count of at least 1\n{USAGE}"))?;
                }
                "--only" => {
                    let list = args
                        .next()
                        .ok_or_else(|| format!("--only takes names\n{USAGE}"))?;
                    let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
                    if let Some(bad) = wanted.iter().find(|w| !NAMES.contains(w)) {
                        return Err(format!(
                            "--only: no program `{bad}` (ours, before, theirs, stack)\n{USAGE}"
                        ));
                    }
                    plan.only = NAMES.into_iter().filter(|n| wanted.contains(n)).collect();
                }
                "--before" => {
                    let rev = args
                        .next()
                        .ok_or_else(|| format!("--before takes a revision\n{USAGE}"))?;
                    if rev.is_empty() || rev.starts_with('-') {
                        return Err(format!("--before takes a revision, not `{rev}`\n{USAGE}"));
                    }
                    plan.before = rev.clone();
                }
                "--scratch" => {
                    let dir = args
                        .next()
                        .ok_or_else(|| format!("--scratch takes a directory\n{USAGE}"))?;
                    plan.scratch = Some(PathBuf::from(dir));
                }
                "--no-debug" => plan.debug = false,
                "--dry-run" => plan.dry_run = true,
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        Ok(plan)
    }
}

/// Unpacks `rev` of the repository at `root` into `dest` (once: a marker names the revision).
fn unpack_revision(root: &Path, rev: &str, dest: &Path) -> Result<(), String> {
    let marker = dest.join(".build-cost-rev");
    if std::fs::read_to_string(&marker).is_ok_and(|r| r == rev) {
        return Ok(());
    }
    if dest.exists() {
        std::fs::remove_dir_all(dest).map_err(|e| format!("removing {}: {e}", dest.display()))?;
    }
    std::fs::create_dir_all(dest).map_err(|e| format!("creating {}: {e}", dest.display()))?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["archive", "--format=tar", rev])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running git archive: {e}"))?;
    let stdout = archive.stdout.take().ok_or("git archive gave no output")?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dest)
        .stdin(stdout)
        .status()
        .map_err(|e| format!("running tar: {e}"))?;
    let archived = archive
        .wait()
        .map_err(|e| format!("waiting for git archive: {e}"))?;
    if !archived.success() || !untar.success() {
        return Err(format!(
            "git archive {rev} | tar -x failed ({archived}, {untar})"
        ));
    }
    std::fs::write(&marker, rev).map_err(|e| format!("writing {}: {e}", marker.display()))
}

/// A cargo command with no target dir of the caller's (each build names its own).
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR");
    command
}

fn run(mut command: Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("running {command:?}: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("{command:?} failed: {status}"))
}

fn release_build(program: &Program, target: &Path) -> Command {
    let mut command = cargo();
    command
        .args(["build", "--release", "--offline", "--manifest-path"])
        .arg(program.dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target);
    command
}

fn api_build(root: &Path, features: &str, target: &Path) -> Command {
    let mut command = cargo();
    command
        .current_dir(root)
        .args(["build", "--offline", "-p", "maton-twilio-api"])
        .arg("--target-dir")
        .arg(target);
    if features != "default" {
        command.args(["--features", features]);
    }
    command
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The machine, as the request benchmarks describe it, and the cargo that builds.
fn machine() -> Value {
    let mut machine = crate::bench::machine();
    let cargo = Command::new("cargo")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    machine["cargo"] = json!(cargo);
    machine
}

fn cost_json(cost: &Cost) -> Value {
    json!({ "cpu_s": cost.cpu, "wall_s": cost.wall, "peak_kib": cost.peak_kib })
}

fn summary_json(summary: Option<Summary>) -> Value {
    summary.map_or(
        Value::Null,
        |s| json!({ "cpu_s": s.cpu, "wall_s": s.wall, "peak_mib": s.peak_mib }),
    )
}

/// `cargo xtask build-cost`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let plan = Plan::parse(args)?;
    let root = crate::workspace_root();
    let scratch = plan.scratch.clone().unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| root.join("target"), PathBuf::from)
            .join("build-cost")
    });
    let scratch =
        std::path::absolute(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let programs: Vec<Program> = programs(&root, &scratch)
        .into_iter()
        .filter(|p| plan.only.contains(&p.name))
        .collect();
    for program in &programs {
        write_program(program)?;
    }
    let timer = Timer::detect();
    println!("build-cost: scratch {}", scratch.display());
    println!("build-cost: timer {}", timer.describe());
    println!(
        "build-cost: {} round(s) of clean `cargo build --release --offline`, in the order {}",
        plan.rounds,
        programs
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if plan.debug {
        println!(
            "build-cost: then debug `cargo build -p maton-twilio-api` (full, default), deps cached"
        );
    }
    if plan.dry_run {
        println!(
            "build-cost: dry run, {} unpacked only for a real run; nothing built",
            plan.before
        );
        return Ok(ExitCode::SUCCESS);
    }

    if plan.only.contains(&"before") {
        unpack_revision(&root, &plan.before, &scratch.join("before-src"))?;
    }
    for program in &programs {
        // The lock of `before` only exists once its tree is unpacked.
        write_program(program)?;
        let mut fetch = cargo();
        fetch
            .arg("fetch")
            .arg("--manifest-path")
            .arg(program.dir.join("Cargo.toml"));
        run(fetch)?;
    }
    let load_before = load_average();
    let mut costs: Vec<Vec<Cost>> = vec![Vec::new(); programs.len()];
    for round in 1..=plan.rounds {
        for (program, runs) in programs.iter().zip(&mut costs) {
            let target = program.dir.join("target");
            if target.exists() {
                std::fs::remove_dir_all(&target)
                    .map_err(|e| format!("removing {}: {e}", target.display()))?;
            }
            let cost = timer.run(
                release_build(program, &target),
                &program.dir.join("time.txt"),
            )?;
            println!(
                "build-cost: round {round} {}: cpu {:.1} s, wall {:.1} s, peak {} KiB",
                program.name,
                cost.cpu,
                cost.wall,
                cost.peak_kib
                    .map_or_else(|| "n/a".into(), |k| k.to_string())
            );
            runs.push(cost);
        }
    }

    let mut debug: Vec<(&str, Vec<Cost>)> = Vec::new();
    if plan.debug {
        let target = scratch.join("api-debug-target");
        for features in ["full", "default"] {
            run(api_build(&root, features, &target))?;
        }
        let mut full = Vec::new();
        let mut default = Vec::new();
        for round in 1..=plan.rounds {
            for (features, into) in [("full", &mut full), ("default", &mut default)] {
                let mut clean = cargo();
                clean
                    .current_dir(&root)
                    .args(["clean", "-p", "maton-twilio-api", "--target-dir"])
                    .arg(&target);
                run(clean)?;
                let cost = timer.run(
                    api_build(&root, features, &target),
                    &scratch.join("time-api.txt"),
                )?;
                println!(
                    "build-cost: round {round} maton-twilio-api ({features}) debug: cpu {:.1} s, wall {:.1} s",
                    cost.cpu, cost.wall
                );
                into.push(cost);
            }
        }
        debug.push(("maton-twilio-api --features full, debug, deps cached", full));
        debug.push((
            "maton-twilio-api (default features), debug, deps cached",
            default,
        ));
    }
    let load_after = load_average();

    let summaries: Vec<Option<Summary>> = costs.iter().map(|c| summarise(c)).collect();
    let rows: Vec<(&str, Option<Summary>)> = programs
        .iter()
        .map(|p| match p.name {
            "ours" => "send one SMS: ours (maton-twilio, default features), release",
            "before" => "send one SMS: ours before (maton-twilio at --before), release",
            "theirs" => "send one SMS: twilio-openapi 1.2.2 (default features), release",
            _ => "send one SMS: the stack alone (reqwest, rustls/ring, tokio, serde), release",
        })
        .zip(summaries.iter().copied())
        .chain(debug.iter().map(|(name, c)| (*name, summarise(c))))
        .collect();
    println!("\n{}", table(&rows, plan.rounds));
    let named = |name: &str| {
        programs
            .iter()
            .position(|p| p.name == name)
            .and_then(|i| summaries[i])
    };
    let (ours, before, theirs) = (named("ours"), named("before"), named("theirs"));
    let stack = named("stack");
    let column = |s: Option<Summary>, f: fn(Summary) -> Option<f64>| s.and_then(f);
    let cpu = |s: Summary| Some(s.cpu);
    let wall = |s: Summary| Some(s.wall);
    let peak = |s: Summary| s.peak_mib;
    let pairs = [
        ("ours", ours, "before", before, " (target for CPU <= 1.10)"),
        ("ours", ours, "theirs", theirs, " (target for CPU <= 0.50)"),
        (
            "stack",
            stack,
            "theirs",
            theirs,
            " (the least any client on the stack can reach)",
        ),
        ("ours", ours, "stack", stack, ""),
    ];
    for (name, one, against, other, note) in pairs {
        println!(
            "{name}/{against}: CPU {}, wall {}, peak RSS {}{note}",
            ratio(column(one, cpu), column(other, cpu)),
            ratio(column(one, wall), column(other, wall)),
            ratio(column(one, peak), column(other, peak)),
        );
    }
    println!("load average: before {load_before}, after {load_after}");

    let report = json!({
        "command": format!("cargo xtask build-cost {}", args.join(" ")),
        "machine": machine(),
        "timer": timer.describe(),
        "before": plan.before,
        "rounds": plan.rounds,
        "load_average": { "before": load_before, "after": load_after },
        "release": programs.iter().zip(&costs).zip(&summaries).map(|((p, c), s)| json!({
            "program": p.name,
            "runs": c.iter().map(cost_json).collect::<Vec<_>>(),
            "median": summary_json(*s),
        })).collect::<Vec<_>>(),
        "debug": debug.iter().map(|(name, c)| json!({
            "build": name,
            "runs": c.iter().map(cost_json).collect::<Vec<_>>(),
            "median": summary_json(summarise(c)),
        })).collect::<Vec<_>>(),
    });
    let path = scratch.join("report.json");
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    println!("build-cost: every run in {}", path.display());
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plan_defaults_to_two_rounds_against_the_commit_before_v2010() {
        let plan = Plan::parse(&[]).expect("no arguments");
        assert_eq!(
            plan,
            Plan {
                rounds: 2,
                only: vec!["ours", "before", "theirs", "stack"],
                before: "694a87f".into(),
                scratch: None,
                debug: true,
                dry_run: false
            }
        );
        let plan = Plan::parse(&args(&[
            "--rounds",
            "5",
            "--only",
            "theirs,ours",
            "--before",
            "v1",
            "--no-debug",
            "--scratch",
            "s",
        ]))
        .expect("every option");
        assert_eq!(
            plan,
            Plan {
                rounds: 5,
                only: vec!["ours", "theirs"],
                before: "v1".into(),
                scratch: Some("s".into()),
                debug: false,
                dry_run: false
            }
        );
        assert!(Plan::parse(&args(&["--only", "ours,mine"])).is_err());
    }
}
