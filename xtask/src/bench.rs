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

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

mod table;

use table::{Row, render, rows};

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
    let mut args = target.clone();
    args.extend(
        [
            "--creates",
            &plan.creates.to_string(),
            "--pages",
            &plan.pages.to_string(),
            "--page-seconds",
            &plan.page_seconds.to_string(),
        ]
        .map(String::from),
    );
    let mut emulator_report = bench.run_with("emulator", &args)?;

    step(&format!(
        "requests: {} pairs of alternating blocks of {} (concurrency 1) and {} (concurrency 64)",
        plan.blocks, plan.serial, plan.parallel
    ));
    let mut args = target.clone();
    args.extend(
        [
            "--blocks",
            &plan.blocks.to_string(),
            "--serial",
            &plan.serial.to_string(),
            "--parallel",
            &plan.parallel.to_string(),
        ]
        .map(String::from),
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

fn step(what: &str) {
    eprintln!("== bench: {what}");
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

fn run_status(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("running {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

/// The `maton-bench` binary.
struct Bench(PathBuf);

impl Bench {
    fn run(&self, args: &[&str]) -> Result<Value, String> {
        self.run_env(args, None)
    }

    /// Runs it with one more environment variable (`None`: as it is).
    fn run_env<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(
        &self,
        args: &[S],
        env: Option<(&str, &str)>,
    ) -> Result<Value, String> {
        let mut command = Command::new(&self.0);
        if let Some((name, value)) = env {
            command.env(name, value);
        }
        let output = command
            .args(args)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("running {}: {e}", self.0.display()))?;
        if !output.status.success() {
            return Err(format!("maton-bench {args:?} failed: {}", output.status));
        }
        serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("maton-bench {args:?} printed no JSON report: {e}"))
    }

    fn run_with(&self, command: &str, args: &[String]) -> Result<Value, String> {
        let mut all = vec![command];
        all.extend(args.iter().map(String::as_str));
        self.run(&all)
    }
}

/// The emulator, in its own process; killed when dropped.
struct Emulator {
    child: Child,
    twilio_url: String,
    control_url: String,
}

impl Emulator {
    fn start(binary: &Path) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args(["--port", "0", "--key", KEY])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("the emulator's stdout")?;
        let mut emulator = Self {
            child,
            twilio_url: String::new(),
            control_url: String::new(),
        };
        // It prints its URLs, then "Serving until Ctrl-C." (and nothing more).
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading the emulator's output: {e}"))?;
            if let Some(url) = line.strip_prefix("Twilio base URL:") {
                emulator.twilio_url = url.trim().to_string();
            } else if let Some(url) = line.strip_prefix("Control plane URL:") {
                emulator.control_url = url.trim().to_string();
            } else if line.starts_with("Serving") {
                break;
            }
        }
        if emulator.twilio_url.is_empty() || emulator.control_url.is_empty() {
            return Err("the emulator did not print its URLs".into());
        }
        Ok(emulator)
    }

    fn target_args(&self) -> Vec<String> {
        [
            "--twilio-url",
            &self.twilio_url,
            "--control-url",
            &self.control_url,
            "--key",
            KEY,
        ]
        .map(String::from)
        .to_vec()
    }

    /// The emulator's peak resident memory (`VmHWM`), in kB.
    fn peak_rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn field(runs: &[Value], name: &str) -> f64 {
    median(runs.iter().filter_map(|r| r[name].as_f64()).collect())
}

fn summarise_stream(runs: &[Value]) -> Value {
    json!({
        "items": runs.first().map(|r| r["items"].clone()),
        "wall_s": field(runs, "wall_s"),
        "items_per_s": field(runs, "items_per_s"),
        "cpu_s": field(runs, "cpu_s"),
        "peak_rss_kb": field(runs, "peak_rss_kb"),
        "rss_before_kb": field(runs, "rss_before_kb"),
    })
}

/// Times the generation (`codegen --check` on the binary `cargo xtask` runs: it generates
/// everything and compares, writing nothing) and counts the generated lines.
fn codegen(root: &Path, target_dir: &Path, runs: usize) -> Result<Value, String> {
    // By path rather than `current_exe`: another build may have replaced this binary since.
    let exe = target_dir.join("debug").join("xtask");
    let mut times = Vec::new();
    let mut fresh = true;
    for _ in 0..runs {
        let started = Instant::now();
        let output = Command::new(&exe)
            .args(["codegen", "--check"])
            .current_dir(root)
            .output()
            .map_err(|e| format!("running {}: {e}", exe.display()))?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        fresh &= output.status.success();
    }
    let mut lines = serde_json::Map::new();
    let mut total = 0;
    for target in crate::codegen::TARGETS {
        let path = Path::new(crate::codegen::OUT_DIR).join(format!("{}.rs", target.module));
        let text = std::fs::read_to_string(root.join(&path))
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        total += text.lines().count();
        lines.insert(path.display().to_string(), json!(text.lines().count()));
    }
    Ok(json!({
        "binary": exe.display().to_string(),
        "runs_ms": times,
        "median_ms": median(times.clone()),
        "generated_is_fresh": fresh,
        "generated_lines": total,
        "files": lines,
    }))
}

/// Clean and incremental debug builds, dependencies cached, in their own target dir.
fn builds(root: &Path, dir: &Path) -> Result<Value, String> {
    let dir = dir.to_str().ok_or("a target dir that is not UTF-8")?;
    let timed = |args: &[&str]| -> Result<f64, String> {
        let started = Instant::now();
        run_status(cargo(root).args(args).args(["--target-dir", dir]))?;
        Ok(started.elapsed().as_secs_f64())
    };
    let mut results = serde_json::Map::new();
    for (package, source) in [
        ("maton-twilio-api", "crates/maton-twilio-api/src/lib.rs"),
        ("maton-twilio", "crates/maton-twilio/src/lib.rs"),
    ] {
        let warm = timed(&["build", "--quiet", "-p", package])?;
        timed(&["clean", "--quiet", "-p", package])?;
        let clean = timed(&["build", "--quiet", "-p", package])?;
        let incremental = touched(&root.join(source), || {
            timed(&["build", "--quiet", "-p", package])
        })?;
        results.insert(
            package.to_string(),
            json!({ "warm_up_s": warm, "clean_s": clean, "incremental_s": incremental }),
        );
    }
    Ok(Value::Object(results))
}

/// Runs `f` with `path` touched, then gives the file its old modification time back, so that
/// other target dirs do not see it as changed.
fn touched<T>(path: &Path, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("opening {}: {e}", path.display()))?;
    let before = file
        .metadata()
        .and_then(|m| m.modified())
        .map_err(|e| e.to_string())?;
    file.set_modified(SystemTime::now())
        .map_err(|e| e.to_string())?;
    let result = f();
    file.set_modified(before).map_err(|e| e.to_string())?;
    result
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or_else(|| "unknown CPU".to_string(), |s| s.trim().to_string());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
        "rustc": rustc,
    })
}
