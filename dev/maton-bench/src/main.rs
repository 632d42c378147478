//! `maton-bench`: what the `maton-twilio` client costs per request, measured against a running
//! emulator (`maton-twilio-mock`, in its own process so that its CPU is not counted here), each
//! figure beside a hand-written reqwest baseline run in the same process.
//!
//! `cargo xtask bench` builds this binary, starts the emulator, runs every subcommand, prints a
//! table and writes `target/bench/report.json`; see `BENCHMARKS.md` at the workspace root. Each
//! subcommand prints one JSON object on stdout:
//!
//! - `verify`: the baseline sends the same bytes as the facade and decodes the same values
//!   (against an in-process emulator with a request recorder). Nothing is timed.
//! - `emulator`: the emulator's throughput (create, and 1,000-item pages) at concurrency 32; the
//!   creates also store the messages `stream` reads.
//! - `requests`: send and fetch, facade and baseline in alternating blocks, at concurrency 1 and
//!   64: latency, throughput and CPU per request, as medians of per-pair ratios.
//! - `stream`: one walk over `--count` messages in pages of 1,000, by the facade's stream or the
//!   baseline's page walk: wall time, items/s and the process's peak RSS (run it in a fresh
//!   process per case).
//! - `profile`: one operation on one side alone, for `perf record` or `valgrind`.
//!
//! Every run is bounded by counts (and the page run by time) and talks to 127.0.0.1 only; nothing
//! asserts a timing. A wrong answer or a failed request ends it with exit status 1.

use std::process::ExitCode;
use std::time::Duration;

mod emulator;
mod proc;
mod raw;
mod requests;
mod stream;
mod verify;

/// Where the emulator is and how to authenticate to it.
pub struct Target {
    /// The Twilio base URL (`http://127.0.0.1:PORT/twilio`).
    pub twilio_url: String,
    /// The control-plane base URL (`http://127.0.0.1:PORT`).
    pub control_url: String,
    /// The API key the emulator accepts.
    pub key: String,
}

const USAGE: &str = "usage: maton-bench <command> [options]

commands (each prints one JSON object):
  verify                          the baseline sends the facade's bytes (in-process emulator)
  emulator  TARGET [--creates N] [--pages N] [--page-seconds S]
  requests  TARGET [--blocks N] [--serial N] [--parallel N]
                                  N pairs of alternating blocks (facade, raw) of --serial
                                  requests at concurrency 1 and --parallel at 64
  stream    TARGET --count N [--side facade|raw]
  profile   TARGET [--op send|fetch] [--side facade|raw] [--concurrency N] [--count N]
                                  one side alone, to run under perf or valgrind

TARGET: --twilio-url URL --control-url URL --key KEY (a running maton-twilio-mock, on loopback)";

/// `--name value` options.
struct Options(Vec<(String, String)>);

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        let mut args = args.iter();
        while let Some(name) = args.next() {
            let name = name
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected `{name}`\n{USAGE}"))?;
            let value = args
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            pairs.push((name.to_string(), value.clone()));
        }
        Ok(Self(pairs))
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str) -> Result<String, String> {
        self.text(name)
            .map(str::to_string)
            .ok_or_else(|| format!("--{name} is required\n{USAGE}"))
    }

    fn number(&self, name: &str, default: usize) -> Result<usize, String> {
        match self.text(name) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| format!("--{name}: `{text}` is not a number")),
        }
    }

    fn target(&self) -> Result<Target, String> {
        let target = Target {
            twilio_url: self.required("twilio-url")?,
            control_url: self.required("control-url")?,
            key: self.required("key")?,
        };
        for url in [&target.twilio_url, &target.control_url] {
            if !url.starts_with("http://127.0.0.1:") {
                return Err(format!("{url}: benchmarks run on loopback only"));
            }
        }
        Ok(target)
    }
}

async fn run(args: &[String]) -> Result<serde_json::Value, String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    let options = Options::parse(rest)?;
    match command.as_str() {
        "verify" => verify::run().await,
        "emulator" => {
            let target = options.target()?;
            let account = requests::facade(&target)?
                .account_sid()
                .await
                .map_err(|e| e.to_string())?;
            emulator::run(
                &target,
                account.as_str(),
                options.number("creates", 50_000)?.min(200_000),
                options.number("pages", 2_000)?,
                Duration::from_secs(options.number("page-seconds", 5)?.min(60) as u64),
            )
            .await
        }
        "requests" => {
            let counts = requests::Counts {
                blocks: options.number("blocks", 31)?.clamp(1, 1_000),
                serial: options.number("serial", 200)?.clamp(1, 100_000),
                parallel: options.number("parallel", 1_280)?.clamp(1, 100_000),
            };
            requests::run(&options.target()?, counts).await
        }
        "profile" => {
            let target = options.target()?;
            requests::profile(
                &target,
                options.text("op").unwrap_or("send"),
                options.text("side").unwrap_or("facade"),
                options.number("concurrency", 1)?.clamp(1, 256),
                options.number("count", 20_000)?.clamp(1, 1_000_000),
            )
            .await
        }
        "stream" => {
            let count = options.number("count", 1_000)?.clamp(1, 200_000);
            let side = options.text("side").unwrap_or("facade");
            stream::run(&options.target()?, count, side).await
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            std::process::exit(0);
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("maton-bench: {message}");
            ExitCode::FAILURE
        }
    }
}
