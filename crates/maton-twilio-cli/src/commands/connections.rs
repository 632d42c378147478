//! `connections list|get|delete|create`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use maton_twilio::connections::{Connection, ConnectionStatus, Connections, WaitError};

use crate::cli::ConnectionsCmd;
use crate::exit::{self, Failure};
use crate::output::Output;

const HEADERS: &[&str] = &["ID", "STATUS", "APP", "CREATED", "UPDATED"];

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".into())
}

fn row(c: &Connection) -> Vec<String> {
    vec![
        c.raw_id().unwrap_or("-").to_string(),
        c.status()
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into()),
        c.app().unwrap_or("-").to_string(),
        time(c.created()),
        time(c.updated()),
    ]
}

fn details(c: &Connection) -> Vec<(&'static str, String)> {
    let r = row(c);
    vec![
        ("id", r[0].clone()),
        ("status", r[1].clone()),
        ("app", r[2].clone()),
        ("created", r[3].clone()),
        ("updated", r[4].clone()),
        ("url", c.url().unwrap_or("-").to_string()),
    ]
}

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
            output.list(&found, HEADERS, row);
        }
        ConnectionsCmd::Get { id } => output.one(&connections.get(id.as_str()).await?, details),
        ConnectionsCmd::Delete { id } => {
            connections.delete(id.as_str()).await?;
            output.done(
                &serde_json::json!({"deleted": id}),
                &format!("deleted {id}"),
            );
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
                println!(
                    "created {} ({})",
                    created.raw_id().unwrap_or("-"),
                    status_text(&created)
                );
                println!("open this URL to authorise it:\n  {url}");
            }
            if open && !url.is_empty() {
                open_browser(&url);
            }
            if !wait {
                if output.is_json() {
                    output.one(&created, details);
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
            let status = progress.status_text().to_string();
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

/// Best effort: the URL is printed anyway.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not start {opener}: open the URL yourself");
    }
}
