//! `doctor`: the gateway's troubleshooting steps as a checklist.

use maton_twilio::Client;
use maton_twilio::connections::{Connections, KeyCheck};
use serde::Serialize;

use crate::cli::Global;
use crate::exit::{self, Failure};
use crate::output::Output;
use crate::text::clean;

#[derive(Serialize)]
struct Step {
    check: &'static str,
    passed: bool,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
}

impl Step {
    /// A check that passed, with what it found.
    fn passed(check: &'static str, detail: String) -> Self {
        Self {
            check,
            passed: true,
            detail,
            fix: None,
        }
    }
}

/// Runs the checks in order, stopping at the first that fails (the later ones depend on it).
pub async fn run(global: &Global, output: Output) -> Result<(), Failure> {
    let mut steps = Vec::new();
    let outcome = checks(global, &mut steps).await;
    if output.is_json() {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"ready": outcome.is_ok(), "steps": steps})
            )
            .unwrap_or_default()
        );
    } else {
        for step in &steps {
            let mark = if step.passed { "ok  " } else { "FAIL" };
            outln!("[{mark}] {}: {}", step.check, clean(&step.detail));
            if let Some(fix) = &step.fix {
                outln!("       fix: {}", clean(fix));
            }
        }
    }
    outcome
}

/// A check on the key: its step, whether the lookup fails it, what a failure says, what a pass says.
type KeyGate = (
    &'static str,
    fn(&KeyCheck) -> bool,
    &'static str,
    &'static str,
);

/// The key's checks, in order: each runs only once the one before it has passed.
const KEY_GATES: [KeyGate; 2] = [
    (
        "key set",
        |check| matches!(check, KeyCheck::MissingKey),
        "MATON_API_KEY is not set",
        "MATON_API_KEY is set",
    ),
    (
        "key accepted",
        |check| matches!(check, KeyCheck::KeyRejected),
        "the control plane refused the key (401)",
        "the control plane accepts the key",
    ),
];

async fn checks(global: &Global, steps: &mut Vec<Step>) -> Result<(), Failure> {
    let key = global.key.as_ref().map(|k| k.expose().to_string());
    let check = Connections::check_lookup(|name| match name {
        "MATON_API_KEY" => key.clone(),
        "MATON_CTRL_BASE_URL" => Some(global.ctrl_base_url.clone()),
        _ => None,
    })
    .await;
    let fail = |steps: &mut Vec<Step>, check, detail: String, fix: &str, code| {
        steps.push(Step {
            check,
            passed: false,
            detail: detail.clone(),
            fix: Some(fix.into()),
        });
        Err(Failure::Cli(code, detail))
    };
    let check = match check {
        Ok(check) => check,
        Err(error) => {
            return fail(
                steps,
                "key accepted",
                error.to_string(),
                "check the network and the control-plane URL",
                exit::code(&error),
            );
        }
    };
    for (name, fails, failure, pass) in KEY_GATES {
        if fails(&check) {
            return fail(steps, name, failure.into(), check.hint(), exit::AUTH);
        }
        steps.push(Step::passed(name, pass.into()));
    }
    let Some(connection) = check.connection() else {
        let detail = match check.pending() {
            Some(pending) => format!(
                "no ACTIVE Twilio connection; one is PENDING: {}",
                pending.url().unwrap_or("-")
            ),
            None => "no ACTIVE Twilio connection".into(),
        };
        return fail(
            steps,
            "ACTIVE twilio connection",
            detail,
            "maton-twilio connections create --open --wait",
            exit::AUTH,
        );
    };
    steps.push(Step::passed(
        "ACTIVE twilio connection",
        format!(
            "{} (the gateway's default)",
            connection.raw_id().unwrap_or("-")
        ),
    ));
    let client: Client = super::client(global)?;
    match client.account_sid().await {
        Ok(account) => {
            steps.push(Step::passed("account reachable", account.to_string()));
            Ok(())
        }
        Err(error) => {
            let code = exit::code(&error);
            let detail = match exit::discovery_detail(&error, global) {
                Some(detail) => detail,
                None => crate::text::echo_n(&error.to_string(), 400),
            };
            fail(
                steps,
                "account reachable",
                detail,
                "check the connection in the Maton dashboard, or pass --connection",
                code,
            )
        }
    }
}
