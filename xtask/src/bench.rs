//! `cargo xtask bench [--quick] [--builds] [--profile dev|release]`: every benchmark, one table
//! and one JSON report (`target/bench/report.json`; `report-quick.json` for `--quick`).
//!
//! 1. Builds `maton-bench` and the emulator (`maton-twilio-mock`), release by default.
//! 2. `maton-bench verify`: the baseline sends the facade's bytes (fails the run otherwise).
//! 3. Starts the emulator in its own process on 127.0.0.1 (its CPU is not the client's).
//! 4. `maton-bench emulator`: its throughput; the creates also store the messages to stream.
//! 5. `maton-bench requests`: send and fetch, facade against raw reqwest, concurrency 1 and 64,
//!    in alternating blocks in one process; ratios are medians of per-pair ratios.
//! 6. `maton-bench stream`: the facade's stream over 1,000 and over 100,000 messages, and the
//!    hand-written page walk over 100,000, each in a fresh process (peak RSS per case), three
//!    times interleaved; medians. Then the emulator's own peak RSS.
//! 7. Codegen: the xtask binary's `codegen --check` (the whole generation, writing nothing),
//!    several runs, median; generated lines.
//! 8. With `--builds` (minutes): clean and incremental debug builds of the generated crate and of
//!    the facade, dependencies cached, in `target/bench-build/` (never the shared target dir).
//!
//! `--quick` (the CI smoke) uses small counts and the dev profile, whose artifacts a preceding
//! `cargo test` left; it fails only on a crash or a wrong answer, never on a timing. No run
//! fails on a timing: the table says which targets hold.

mod process;
pub(crate) use process::machine;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

use process::{Bench, Emulator, builds, cargo, codegen, run_status};
use table::{Row, render, rows, summarise_stream};

const USAGE: &str = "usage: cargo xtask bench [--quick] [--builds] [--profile dev|release]";

/// The key the emulator is started with (it accepts nothing else).
const KEY: &str = "maton_bench_key";

/// How much each part runs.
struct Plan {
    quick: bool,
    builds: bool,
    profile: &'static str,
    /// Messages created by the emulator throughput run (the stream reads them).
    creates: usize,
    pages: usize,
    page_seconds: usize,
    /// Pairs of alternating blocks (facade, raw) per request case.
    blocks: usize,
    /// Requests per block at concurrency 1 and at 64.
    serial: usize,
    parallel: usize,
    /// The short and the long stream.
    stream: (usize, usize),
    stream_repeats: usize,
    codegen_runs: usize,
}

impl Plan {
    fn parse(args: &[String]) -> Result<Self, String> {
        let (mut quick, mut builds, mut profile) = (false, false, None);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => quick = true,
                "--builds" => builds = true,
                "--profile" => match args.next().map(String::as_str) {
                    Some("dev") => profile = Some("dev"),
                    Some("release") => profile = Some("release"),
                    _ => return Err(format!("--profile takes dev or release\n{USAGE}")),
                },
                _ => return Err(USAGE.to_string()),
            }
        }
        let plan = if quick {
            Self {
                quick,
                builds,
                profile: profile.unwrap_or("dev"),
                creates: 10_000,
                pages: 20,
                page_seconds: 1,
                blocks: 3,
                serial: 50,
                parallel: 640,
                stream: (1_000, 10_000),
                stream_repeats: 1,
                codegen_runs: 1,
            }
        } else {
            Self {
                quick,
                builds,
                profile: profile.unwrap_or("release"),
                creates: 100_000,
                pages: 2_000,
                page_seconds: 5,
                blocks: 41,
                serial: 200,
                parallel: 1_280,
                stream: (1_000, 100_000),
                stream_repeats: 3,
                codegen_runs: 5,
            }
        };
        Ok(plan)
    }
}

/// `cargo xtask bench`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let plan = Plan::parse(args)?;
    let root = crate::workspace_root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let started = Instant::now();

    step(&format!(
        "building maton-bench and maton-twilio-mock ({})",
        plan.profile
    ));
    let mut build = cargo(&root);
    build.args([
        "build",
        "--quiet",
        "-p",
        "maton-bench",
        "-p",
        "maton-twilio-mock",
    ]);
    if plan.profile == "release" {
        build.arg("--release");
    }
    run_status(&mut build)?;
    let bin_dir = target_dir.join(if plan.profile == "release" {
        "release"
    } else {
        "debug"
    });
    let bench = Bench(bin_dir.join("maton-bench"));

    step("verify: the baseline sends the facade's bytes");
    let verify = bench.run(&["verify"])?;

    step("starting the emulator");
    let emulator = Emulator::start(&bin_dir.join("maton-twilio-mock"))?;
    let target = emulator.target_args();

    step(&format!(
        "emulator throughput (stores {} messages)",
        plan.creates
    ));
    let args = counts(
        &target,
        &[
            ("--creates", plan.creates),
            ("--pages", plan.pages),
            ("--page-seconds", plan.page_seconds),
        ],
    );
    let mut emulator_report = bench.run_with("emulator", &args)?;

    step(&format!(
        "requests: {} pairs of alternating blocks of {} (concurrency 1) and {} (concurrency 64)",
        plan.blocks, plan.serial, plan.parallel
    ));
    let args = counts(
        &target,
        &[
            ("--blocks", plan.blocks),
            ("--serial", plan.serial),
            ("--parallel", plan.parallel),
        ],
    );
    let requests = bench.run_with("requests", &args)?;

    let (short, long) = plan.stream;
    step(&format!(
        "stream: {short} and {long} messages, pages of 1,000, fresh process each"
    ));
    // The last two are a diagnostic: glibc's dynamic mmap threshold pinned to its initial 128 KiB
    // (`MALLOC_MMAP_THRESHOLD_`), so that freed page-sized buffers go back to the system instead
    // of staying in the heap; the gap to the plain runs is what the allocator keeps.
    let pinned = Some(("MALLOC_MMAP_THRESHOLD_", "131072"));
    let cases = [
        ("facade", short, None),
        ("facade", long, None),
        ("raw", long, None),
        ("facade", short, pinned),
        ("facade", long, pinned),
    ];
    let mut runs: Vec<Vec<Value>> = vec![Vec::new(); cases.len()];
    for _ in 0..plan.stream_repeats {
        for (i, (side, count, env)) in cases.iter().enumerate() {
            let mut args = vec!["stream".to_string()];
            args.extend(target.iter().cloned());
            args.extend(["--count", &count.to_string(), "--side", side].map(String::from));
            runs[i].push(bench.run_env(&args, *env)?);
        }
    }
    let stream = json!({
        "short": summarise_stream(&runs[0]),
        "long": summarise_stream(&runs[1]),
        "long_raw": summarise_stream(&runs[2]),
        "short_mmap_threshold_pinned": summarise_stream(&runs[3]),
        "long_mmap_threshold_pinned": summarise_stream(&runs[4]),
        "runs": runs,
    });
    emulator_report["peak_rss_kb"] = json!(emulator.peak_rss_kb());
    emulator_report["stored_messages_at_least"] = json!(plan.creates);
    drop(emulator);

    step(&format!(
        "codegen: `xtask codegen --check`, {} run(s)",
        plan.codegen_runs
    ));
    let codegen = codegen(&root, &target_dir, plan.codegen_runs)?;

    let builds = if plan.builds {
        step("builds in target/bench-build (clean and incremental, dependencies cached)");
        builds(&root, &target_dir.join("bench-build"))?
    } else {
        Value::Null
    };

    let rows = rows(&requests, &stream, &codegen, &builds, &emulator_report);
    let report = json!({
        "command": format!("cargo xtask bench {}", args_text(&plan)),
        "quick": plan.quick,
        "profile": plan.profile,
        "machine": machine(),
        "unix_time": SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        "total_seconds": started.elapsed().as_secs_f64(),
        "table": rows.iter().map(Row::to_json).collect::<Vec<_>>(),
        "verify": verify,
        "emulator": emulator_report,
        "requests": requests,
        "stream": stream,
        "codegen": codegen,
        "builds": builds,
    });
    // The smoke run keeps its own file, so that it never replaces a real run's report.
    let name = if plan.quick {
        "report-quick.json"
    } else {
        "report.json"
    };
    let out = target_dir.join("bench").join(name);
    std::fs::create_dir_all(out.parent().unwrap_or(&target_dir))
        .map_err(|e| format!("creating {}: {e}", out.display()))?;
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&out, text + "\n").map_err(|e| format!("writing {}: {e}", out.display()))?;

    println!();
    println!("{}", render(&rows));
    println!(
        "machine: {}; profile: {}{}",
        report["machine"]["cpu"].as_str().unwrap_or("?"),
        plan.profile,
        if plan.quick {
            " (--quick: smoke counts, figures not meaningful)"
        } else {
            ""
        }
    );
    println!(
        "report: {} ({:.0} s)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn args_text(plan: &Plan) -> String {
    let mut args = Vec::new();
    if plan.quick {
        args.push("--quick".to_string());
    }
    if plan.builds {
        args.push("--builds".to_string());
    }
    args.push(format!("--profile {}", plan.profile));
    args.join(" ")
}

/// `target`'s arguments followed by each `--option count`.
fn counts(target: &[String], options: &[(&str, usize)]) -> Vec<String> {
    let mut args = target.to_vec();
    for (option, count) in options {
        args.extend([option.to_string(), count.to_string()]);
    }
    args
}

fn step(what: &str) {
    eprintln!("== bench: {what}");
}
