//! Makes the environment ready for Twilio calls through the Maton gateway: checks the key and,
//! when there is no ACTIVE Twilio connection, creates one and waits while you authorise it.
//!
//! ```sh
//! MATON_API_KEY=... cargo run -p maton-connections --example connect
//! ```

use std::process::ExitCode;
use std::time::Duration;

use maton_connections::{Connections, KeyCheck, TWILIO_APP};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    match Connections::check_env().await? {
        KeyCheck::Ready(connection) => {
            println!(
                "ready: gateway calls use connection {:?}",
                connection.raw_id()
            );
            return Ok(());
        }
        KeyCheck::NoActiveConnection { .. } => {}
        other => return Err(other.to_string().into()),
    }
    let connections = Connections::from_env()?;
    let created = connections.create(TWILIO_APP).send().await?;
    let id = created
        .id()
        .ok_or("the control plane sent no usable connection id")?;
    println!(
        "Open this page in a browser to authorise Twilio:\n  {}",
        created.url().unwrap_or("(no URL was given)")
    );
    let active = connections
        .wait_until_active(id)
        .interval(Duration::from_secs(2))
        .deadline(Duration::from_secs(10 * 60))
        .on_progress(|p| {
            if p.is_change() {
                eprintln!("  {} ({:.0?})", p.status_text(), p.elapsed());
            }
        })
        .send()
        .await?;
    println!(
        "ACTIVE: send `Maton-Connection: {id}` to use it ({:?})",
        active.app()
    );
    Ok(())
}
