//! Where the Maton API key comes from: `--api-key-file PATH` (`-` for stdin), or
//! `MATON_API_KEY`; the hidden `--api-key` still works but warns (argv shows in `ps`).

use std::fmt;
use std::io::Read;
use std::str::FromStr;

use crate::cli::Global;
use crate::exit::{self, Failure};
use crate::text::echo;

/// The most read from a key file: a key is a few dozen bytes.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// A key as read from the command line or a file; its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The key's text, for the SDK's builder.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(text.to_string()))
    }
}

/// The key to use: `--api-key-file`, else `--api-key` (with a warning), else `MATON_API_KEY`.
/// `None` when there is none (or it is blank).
pub fn resolve(global: &Global) -> Result<Option<Secret>, Failure> {
    let key = if let Some(path) = &global.api_key_file {
        Some(read_key_file(path)?)
    } else if let Some(key) = &global.api_key {
        eprintln!(
            "warning: --api-key shows the key to every user of this machine (`ps`, shell \
             history): use MATON_API_KEY or --api-key-file PATH"
        );
        Some(key.0.clone())
    } else {
        std::env::var("MATON_API_KEY").ok()
    };
    Ok(key
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .map(Secret))
}

fn read_key_file(path: &std::path::Path) -> Result<String, Failure> {
    let shown = echo(&path.to_string_lossy());
    let failed = |e: std::io::Error| {
        Failure::Cli(
            exit::USAGE,
            format!("could not read --api-key-file `{shown}`: {e}"),
        )
    };
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_KEY_FILE)
            .read_to_string(&mut text)
            .map_err(failed)?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_KEY_FILE).read_to_string(&mut text))
            .map_err(failed)?;
    }
    if text.trim().is_empty() {
        return Err(Failure::Cli(
            exit::AUTH,
            format!("--api-key-file `{shown}` is empty: put the Maton API key in it"),
        ));
    }
    Ok(text)
}
