//! `connections list|get|delete|create`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use maton_twilio::connections::{
    Connection, ConnectionId, ConnectionStatus, Connections, WaitError,
};

use crate::cli::ConnectionsCmd;
use crate::exit::{self, Failure};
use crate::output::{Columns, Field, Output};
use crate::text::{clean, echo};

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".into())
}

fn id(c: &Connection) -> String {
    c.raw_id().unwrap_or("-").to_string()
}

fn status(c: &Connection) -> String {
    c.status()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".into())
}

fn app(c: &Connection) -> String {
    c.app().unwrap_or("-").to_string()
}

const DETAILS: &[Field<Connection>] = &[
    ("id", id),
    ("status", status),
    ("app", app),
    ("created", |c| time(c.created())),
    ("updated", |c| time(c.updated())),
    ("url", |c| c.url().unwrap_or("-").to_string()),
];

/// The list's columns: these details, titled in capitals.
const COLUMNS: Columns<Connection> =
    Columns::pick(DETAILS, &["id", "status", "app", "created", "updated"]);

/// Runs a `connections` command.
pub async fn run(
    connections: &Connections,
    output: Output,
    command: ConnectionsCmd,
) -> Result<(), Failure> {
    match command {
        ConnectionsCmd::List { app, status } => {
            let mut list = connections.list().app(app);
            if let Some(status) = status {
                list = list.status(ConnectionStatus::from(status.to_ascii_uppercase().as_str()));
            }
            let found = list.send().await?;
            output.list(&found, COLUMNS);
        }
        ConnectionsCmd::Get { id } => {
            output.one(&connections.get(connection_id(&id)?).await?, DETAILS)
        }
        ConnectionsCmd::Delete { id } => {
            connections.delete(connection_id(&id)?).await?;
            output.deleted(&id);
        }
        ConnectionsCmd::Create {
            app,
            open,
            wait,
            wait_seconds,
        } => {
            let created = connections.create(app).send().await?;
            let url = created.url().unwrap_or("").to_string();
            if !output.is_json() {
                outln!(
                    "created {} ({})",
                    clean(created.raw_id().unwrap_or("-")),
                    clean(&status_text(&created))
                );
                outln!("open this URL to authorise it:\n  {}", clean(&url));
            }
            if open && !url.is_empty() {
                open_browser(&url);
            }
            if !wait {
                if output.is_json() {
                    output.one(&created, DETAILS);
                }
                return Ok(());
            }
            let id = created.raw_id().unwrap_or("").to_string();
            let active =
                wait_until_active(connections, &id, Duration::from_secs(wait_seconds), output)
                    .await?;
            output.done(&active, &format!("{id} is ACTIVE"));
        }
    }
    Ok(())
}

/// Parses the positional connection id; an error names it `ID`.
fn connection_id(text: &str) -> Result<ConnectionId, Failure> {
    ConnectionId::parse(text).map_err(|e| exit::input(e, "ID"))
}

fn status_text(c: &Connection) -> String {
    c.status()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "no status".into())
}

/// Polls until ACTIVE, showing a spinner with the status on a terminal (plain lines otherwise).
async fn wait_until_active(
    connections: &Connections,
    id: &str,
    deadline: Duration,
    output: Output,
) -> Result<Connection, Failure> {
    let tty = std::io::stderr().is_terminal() && !output.is_json();
    let frames = ['|', '/', '-', '\\'];
    let result = connections
        .wait_until_active(id)
        .deadline(deadline)
        .on_progress(move |progress| {
            let status = echo(progress.status_text());
            let mut err = std::io::stderr().lock();
            if tty {
                let frame = frames[progress.polls() as usize % frames.len()];
                let _ = write!(
                    err,
                    "\r{frame} waiting for the connection: {status} ({}s)   ",
                    progress.elapsed().as_secs()
                );
                let _ = err.flush();
            } else if progress.is_change() {
                let _ = writeln!(err, "status: {status}");
            }
        })
        .send()
        .await;
    if tty {
        eprintln!();
    }
    result.map_err(|e| match e {
        WaitError::Request(error) => Failure::Sdk(error),
        WaitError::DeadlinePassed { .. } => {
            Failure::Cli(exit::NETWORK, format!("{e}: {}", e.hint()))
        }
        other => Failure::Cli(exit::AUTH, format!("{other}: {}", other.hint())),
    })
}

/// The environment variable naming the program that opens URLs (instead of the system's).
pub const OPENER_VAR: &str = "MATON_TWILIO_OPENER";

/// Whether `url` may be handed to a browser: https, or http on a loopback host only. Anything
/// else (`file:`, `javascript:`, a custom scheme handler, http elsewhere) is refused. Returns the
/// URL re-serialised by the parser, so no raw server text reaches the opener.
pub fn openable(url: &str) -> Result<String, String> {
    let parsed =
        url::Url::parse(url.trim()).map_err(|e| format!("`{}` is not a URL ({e})", echo(url)))?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(parsed.to_string()),
        "http" if loopback => Ok(parsed.to_string()),
        scheme => Err(format!(
            "`{}` is not opened: only https URLs (or http on this machine) are ({} given)",
            echo(url),
            echo(scheme)
        )),
    }
}

/// Best effort: the URL is printed anyway. The opener runs without any `MATON_*` variable, so
/// the key never reaches a browser or its helpers.
fn open_browser(url: &str) {
    let url = match openable(url) {
        Ok(url) => url,
        Err(why) => {
            eprintln!("not opening the URL: {why}");
            return;
        }
    };
    let opener = std::env::var_os(OPENER_VAR).unwrap_or_else(|| {
        if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(target_os = "windows") {
            "explorer"
        } else {
            "xdg-open"
        }
        .into()
    });
    let mut command = std::process::Command::new(&opener);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("MATON_") {
            command.env_remove(name);
        }
    }
    if command
        .arg(&url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!(
            "could not start {}: open the URL yourself",
            echo(&opener.to_string_lossy())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::openable;

    #[test]
    fn only_https_or_loopback_http_is_opened() {
        for ok in [
            "https://ctrl.maton.ai/connect/abc/authorize",
            "http://127.0.0.1:8080/connect/x",
            "http://localhost/x",
            "http://[::1]:80/x",
        ] {
            assert!(openable(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/x",
            "http://127.0.0.1.evil.com/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ms-settings:",
            "-a calculator",
            "https://",
            "",
            "smb://host/share",
        ] {
            let refused = openable(bad);
            assert!(refused.is_err(), "{bad}: {refused:?}");
        }
        let forged = openable("ftp://x\n\u{1b}]0;t").unwrap_err();
        assert!(
            !forged.contains('\n') && !forged.contains('\u{1b}'),
            "{forged}"
        );
    }
}
