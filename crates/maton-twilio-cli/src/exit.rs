//! Exit codes, and how an error becomes one and a message with a hint.

use maton_core::{Error, ErrorKind};
use maton_twilio::raw::twilio::Operation;

use crate::cli::Global;
use crate::text::{echo, echo_n};

/// Success.
pub const OK: u8 = 0;
/// Usage or invalid input: nothing was sent.
pub const USAGE: u8 = 2;
/// The API answered with an error.
pub const API: u8 = 3;
/// Authentication or connection problem: no key, key refused, no ACTIVE connection.
pub const AUTH: u8 = 4;
/// Network failure or timeout.
pub const NETWORK: u8 = 5;

/// How much of an SDK error's text (which may quote the server) is printed.
const ERROR_CHARS: usize = 400;

/// The exit code for an error.
pub fn code(error: &Error) -> u8 {
    match error.kind() {
        ErrorKind::InvalidInput => USAGE,
        // Account discovery asked the gateway and found no account: a connection problem.
        ErrorKind::Config if is_discovery(error) => AUTH,
        ErrorKind::Config => USAGE,
        ErrorKind::Unauthorized | ErrorKind::NoConnection => AUTH,
        ErrorKind::Transport | ErrorKind::Timeout => NETWORK,
        _ => API,
    }
}

/// Whether `error` is account discovery finding no account (a request was sent and answered).
fn is_discovery(error: &Error) -> bool {
    error.kind() == ErrorKind::Config && error.operation() == Some(Operation::ListAccount.id())
}

/// The command-line option a library parameter comes from (`start_date` is `--start`). SIDs
/// given as a positional argument are renamed where they are parsed, with [`input`].
pub fn option_for(field: &str) -> String {
    match field {
        "start_date" => "--start".into(),
        "end_date" => "--end".into(),
        "date_sent" => "--sent-after/--sent-before".into(),
        "messaging_service_sid" | "messaging_service" => "--messaging-service".into(),
        "account_sid" | "account" => "--account".into(),
        "application_sid" | "application" => "--application".into(),
        "connection_id" | "connection" => "--connection".into(),
        "timeout" => "--ring-timeout".into(),
        other if other.ends_with("_sid") => "SID".into(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// An SDK error with the library's parameter name replaced by `option`, the argument the user
/// typed: `invalid `message_sid`` becomes `invalid `SID``.
pub fn input(error: Error, option: &str) -> Failure {
    match error.field() {
        Some(field) if error.kind() == ErrorKind::InvalidInput => Failure::Cli(
            USAGE,
            error.to_string().replacen(
                &format!("invalid `{field}`"),
                &format!("invalid `{option}`"),
                1,
            ),
        ),
        _ => Failure::Sdk(error),
    }
}

/// For account discovery that found no account: what happened, naming the gateway actually
/// asked (not the default URL the library's message names).
pub fn discovery_detail(error: &Error, global: &Global) -> Option<String> {
    is_discovery(error).then(|| {
        format!(
            "account discovery: the gateway at {} lists no Twilio account for this key (its \
             connection is missing or has no access)",
            echo(&global.twilio_base_url)
        )
    })
}

/// An error the CLI reports: an SDK error, or a problem of its own with an exit code.
#[derive(Debug)]
pub enum Failure {
    /// From the SDK.
    Sdk(Error),
    /// From the CLI: code and message.
    Cli(u8, String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Sdk(error)
    }
}

impl From<maton_twilio::ParseError> for Failure {
    fn from(error: maton_twilio::ParseError) -> Self {
        Failure::Sdk(error.into())
    }
}

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Sdk(e) => code(e),
            Failure::Cli(code, _) => *code,
        }
    }

    /// What to print on stderr: the message, Twilio's code and link when there are some, and a
    /// hint for the problems a user can fix. `global` gives the base URLs actually used. Every
    /// piece of server or user text is shortened and escaped.
    pub fn report(&self, global: &Global) -> String {
        let e = match self {
            Failure::Cli(_, message) => return format!("error: {}", echo_n(message, ERROR_CHARS)),
            Failure::Sdk(e) => e,
        };
        if let Some(detail) = discovery_detail(e, global) {
            return format!(
                "error: {detail}\n  hint: authorise a Twilio connection with `maton-twilio \
                 connections create --open --wait` (control plane {}), or pass --connection or \
                 --account",
                echo(&global.ctrl_base_url),
            );
        }
        let text = match e.field() {
            Some(field) if e.kind() == ErrorKind::InvalidInput => e.to_string().replacen(
                &format!("invalid `{field}`"),
                &format!("invalid `{}`", option_for(field)),
                1,
            ),
            _ => e.to_string(),
        };
        let mut out = format!("error: {}", echo_n(&text, ERROR_CHARS));
        if let Some(api) = e.api_error() {
            if let Some(code) = api.code {
                out.push_str(&format!("\n  Twilio code: {code}"));
            }
            if let Some(link) = &api.more_info {
                out.push_str(&format!("\n  more info:   {}", echo_n(link, 200)));
            }
        }
        if let Some(hint) = hint(e) {
            out.push_str(&format!("\n  hint: {hint}"));
        }
        out
    }
}

/// What the user can do about `e`, by cause.
fn hint(e: &Error) -> Option<&'static str> {
    match e.kind() {
        // Twilio's own 401 (its error body, e.g. 20003): the gateway accepted the key, but the
        // connection does not reach this account.
        ErrorKind::Unauthorized if e.api_error().is_some() => Some(
            "the key was accepted, but the Twilio connection cannot use this account: pass \
             --account with an account it reaches (`maton-twilio accounts list`), or \
             --connection with the connection that reaches it",
        ),
        ErrorKind::Unauthorized => Some(
            "the gateway refused the key: check MATON_API_KEY (maton.ai/settings); \
             `maton-twilio doctor` walks through it",
        ),
        ErrorKind::NoConnection => Some(
            "create and authorise a Twilio connection: `maton-twilio connections create --open --wait`",
        ),
        ErrorKind::RateLimited => Some("rate limited: try again in a moment"),
        ErrorKind::Timeout | ErrorKind::Transport
            if e.outcome() == maton_core::Outcome::Unknown =>
        {
            Some("the request may have been carried out: check before sending it again")
        }
        _ => None,
    }
}
