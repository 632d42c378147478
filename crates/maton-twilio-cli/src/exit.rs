//! Exit codes, and how an error becomes one.

use maton_core::{Error, ErrorKind};

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

/// The exit code for an error.
pub fn code(error: &Error) -> u8 {
    match error.kind() {
        ErrorKind::InvalidInput | ErrorKind::Config => USAGE,
        ErrorKind::Unauthorized | ErrorKind::NoConnection => AUTH,
        ErrorKind::Transport | ErrorKind::Timeout => NETWORK,
        _ => API,
    }
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

impl Failure {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Sdk(e) => code(e),
            Failure::Cli(code, _) => *code,
        }
    }

    /// What to print on stderr: the message, Twilio's code and link when there are some, and a
    /// hint for the problems a user can fix.
    pub fn report(&self) -> String {
        match self {
            Failure::Cli(_, message) => format!("error: {message}"),
            Failure::Sdk(e) => {
                let mut out = format!("error: {e}");
                if let Some(api) = e.api_error() {
                    if let Some(code) = api.code {
                        out.push_str(&format!("\n  Twilio code: {code}"));
                    }
                    if let Some(link) = &api.more_info {
                        out.push_str(&format!("\n  more info:   {link}"));
                    }
                }
                let hint = match e.kind() {
                    ErrorKind::Unauthorized => Some(
                        "check MATON_API_KEY (maton.ai/settings); `maton-twilio doctor` walks through it",
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
                };
                if let Some(hint) = hint {
                    out.push_str(&format!("\n  hint: {hint}"));
                }
                out
            }
        }
    }
}
