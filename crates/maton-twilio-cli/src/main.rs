//! `maton-twilio`: send SMS, place calls and manage Twilio resources through the Maton gateway.

mod cli;
mod commands;
mod exit;
mod output;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use exit::Failure;
use output::Output;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.global.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(failure) => {
            eprintln!("{}", failure.report());
            ExitCode::from(failure.code())
        }
    }
}

/// `-v` traces the SDK's requests (operation, method, path, status, attempt, time) to stderr.
/// Only the SDK's own targets are enabled: they never record headers or bodies, so the key
/// cannot appear.
fn init_tracing(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => "debug",
        _ => "trace",
    };
    let filter = format!(
        "maton_core={level},maton_twilio={level},maton_connections={level},maton_twilio_cli={level}"
    );
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        // One line per attempt when its span closes, with operation, status and elapsed time.
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .init();
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let output = Output::new(cli.global.json);
    let global = &cli.global;
    match cli.command {
        Command::Demo => commands::demo::run(output).await,
        Command::Doctor => commands::doctor::run(global, output).await,
        Command::Connections(command) => {
            let client = commands::client(global)?;
            commands::connections::run(client.connections(), output, command).await
        }
        Command::Accounts(command) => {
            commands::accounts::run(&commands::client(global)?, output, command).await
        }
        Command::Messages(command) => {
            commands::messages::run(&commands::client(global)?, output, command).await
        }
        Command::Calls(command) => {
            commands::calls::run(&commands::client(global)?, output, command).await
        }
        Command::Numbers(command) => {
            commands::numbers::run(&commands::client(global)?, output, command).await
        }
        Command::Applications(command) => {
            commands::resources::applications(&commands::client(global)?, output, command).await
        }
        Command::Queues(command) => {
            commands::resources::queues(&commands::client(global)?, output, command).await
        }
        Command::Addresses(command) => {
            commands::resources::addresses(&commands::client(global)?, output, command).await
        }
        Command::Usage(command) => {
            commands::usage::run(&commands::client(global)?, output, command).await
        }
    }
}
