//! `cargo xtask record SCENARIO...`: records contract-test fixtures from the live gateway.
//!
//! Each scenario sends real requests through a recording proxy on 127.0.0.1 that forwards them to
//! the upstream (the gateway's Twilio API and the control plane) and keeps every exchange. The
//! exchanges are cut into fixtures (a list followed over two pages is one fixture), named after
//! the operation of `spec/` their request matches, scrubbed (the `Authorization` header is never
//! kept; the key, `session_token` values, `auth_token` values and any key-like token become
//! `REDACTED`) and written under `tests/fixtures/<area>/recorded_*.json` with
//! `source.kind = "recorded"`. A fixture that still fails the key scan is not written.
//!
//! It needs `MATON_API_KEY`, talks to the network, changes the account (the CRUD scenarios
//! create and delete a queue and an application; `--send` sends one real SMS) and refuses to run
//! when `CI` is set. Scenarios send plain HTTP with reqwest rather than the generated client, so
//! that recording never depends on generated code that a spec change may have broken.

mod interaction;
mod proxy;
mod scenarios;
mod session;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;

use maton_contract_tests::fixture::Service;
use maton_contract_tests::spec::Spec;

use proxy::Proxy;
use session::Session;

/// Every scenario, in the order `all` runs them.
pub const SCENARIOS: &[&str] = &[
    "accounts",
    "messages",
    "calls",
    "numbers",
    "applications",
    "queues",
    "addresses",
    "usage",
    "connections",
    "gateway",
];

const DEFAULT_TWILIO: &str = "https://gateway.maton.ai/twilio";
const DEFAULT_CONTROL: &str = "https://ctrl.maton.ai";

/// What to record, from where, to where.
#[derive(Clone, Debug)]
pub struct Config {
    /// Scenario names (see [`SCENARIOS`]).
    pub scenarios: Vec<String>,
    /// The Maton API key sent upstream; never written.
    pub key: String,
    /// The Twilio service base, e.g. `https://gateway.maton.ai/twilio`.
    pub twilio_upstream: String,
    /// The control plane base, e.g. `https://ctrl.maton.ai`.
    pub control_upstream: String,
    /// The fixtures directory to write into.
    pub out: PathBuf,
    /// `spec/`, to name operations.
    pub spec_dir: PathBuf,
    /// `Maton-Connection` for every gateway request, if any.
    pub connection: Option<String>,
    /// `(from, to)`: lets the messages scenario send one real message.
    pub send: Option<(String, String)>,
    /// The command line to write as the fixtures' `source.by`.
    pub command: String,
}

/// Entry point of `cargo xtask record`.
pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let mut scenarios = Vec::new();
    let mut twilio_upstream = std::env::var("MATON_TWILIO_BASE_URL").ok();
    let mut control_upstream = std::env::var("MATON_CTRL_BASE_URL").ok();
    let mut out = crate::workspace_root().join("tests/fixtures");
    let mut connection = std::env::var("MATON_CONNECTION").ok();
    let mut send = None;
    let mut named = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--upstream" => twilio_upstream = Some(value("--upstream")?),
            "--control-upstream" => control_upstream = Some(value("--control-upstream")?),
            "--out" => out = PathBuf::from(value("--out")?),
            "--connection" => connection = Some(value("--connection")?),
            "--send" => {
                let from = value("--send FROM TO")?;
                send = Some((from, value("--send FROM TO")?));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            name if SCENARIOS.contains(&name) => {
                named.push(name);
                scenarios.push(name.to_string());
            }
            "all" => {
                named.push("all");
                scenarios.extend(SCENARIOS.iter().map(|s| s.to_string()));
            }
            other => return Err(format!("unknown scenario or option `{other}`\n{USAGE}")),
        }
    }
    if scenarios.is_empty() {
        return Err(format!("name at least one scenario\n{USAGE}"));
    }
    if std::env::var_os("CI").is_some() {
        return Err("`cargo xtask record` talks to the live gateway and never runs in CI".into());
    }
    let key = std::env::var("MATON_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .ok_or("MATON_API_KEY is not set")?;
    let config = Config {
        command: format!("cargo xtask record {}", named.join(" ")),
        scenarios,
        key,
        twilio_upstream: twilio_upstream.unwrap_or_else(|| DEFAULT_TWILIO.to_string()),
        control_upstream: control_upstream.unwrap_or_else(|| DEFAULT_CONTROL.to_string()),
        out,
        spec_dir: crate::workspace_root().join("spec"),
        connection,
        send,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting tokio: {e}"))?;
    let written = runtime.block_on(record(&config))?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "{} fixture(s) written: review them (phone numbers and names are real) before committing",
        written.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub const USAGE: &str = "record SCENARIO... [--upstream URL] [--control-upstream URL] [--out DIR]
                    [--connection ID] [--send FROM TO]
    scenarios: all, accounts, messages, calls, numbers, applications, queues, addresses, usage,
               connections, gateway (needs MATON_API_KEY; refuses to run when CI is set)";

/// Runs the scenarios through the recording proxies and writes their fixtures; returns the paths
/// written.
pub async fn record(config: &Config) -> Result<Vec<PathBuf>, String> {
    let spec = Spec::load(&config.spec_dir)?;
    let twilio = Proxy::start(Service::Twilio, &config.twilio_upstream).await?;
    let control = Proxy::start(Service::Control, &config.control_upstream).await?;
    let mut session = Session {
        config,
        spec: &spec,
        twilio,
        control,
        http: reqwest::Client::new(),
        account: None,
        written: Vec::new(),
    };
    for scenario in &config.scenarios {
        session.run(scenario).await?;
    }
    Ok(session.written)
}
