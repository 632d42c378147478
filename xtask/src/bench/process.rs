//! What the bench runs: cargo, the `maton-bench` binary, the emulator in its own process, the
//! codegen and build timings, and a description of the machine.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

use super::KEY;
use super::table::median;

pub(super) fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root);
    command
}

pub(super) fn run_status(command: &mut Command) -> Result<(), String> {
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
pub(super) struct Bench(pub(super) PathBuf);

impl Bench {
    pub(super) fn run(&self, args: &[&str]) -> Result<Value, String> {
        self.run_env(args, None)
    }

    /// Runs it with one more environment variable (`None`: as it is).
    pub(super) fn run_env<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(
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

    pub(super) fn run_with(&self, command: &str, args: &[String]) -> Result<Value, String> {
        let mut all = vec![command];
        all.extend(args.iter().map(String::as_str));
        self.run(&all)
    }
}

/// The emulator, in its own process; killed when dropped.
pub(super) struct Emulator {
    child: Child,
    twilio_url: String,
    control_url: String,
}

impl Emulator {
    pub(super) fn start(binary: &Path) -> Result<Self, String> {
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

    pub(super) fn target_args(&self) -> Vec<String> {
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
    pub(super) fn peak_rss_kb(&self) -> Option<u64> {
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

/// Times the generation (`codegen --check` on the binary `cargo xtask` runs: it generates
/// everything and compares, writing nothing) and counts the generated lines.
pub(super) fn codegen(root: &Path, target_dir: &Path, runs: usize) -> Result<Value, String> {
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
pub(super) fn builds(root: &Path, dir: &Path) -> Result<Value, String> {
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

pub(crate) fn machine() -> Value {
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
