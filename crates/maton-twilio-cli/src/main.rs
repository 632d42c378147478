//! `maton-twilio`: send SMS, place calls and manage Twilio resources through the Maton gateway.

/// `print!` to standard output, ignoring a write error: when the reader has gone (`| head`), the
/// rest of the output is dropped quietly instead of panicking as `print!` does. Nothing is lost
/// that anyone reads, and the exit code still says how the request went.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// [`out!`] with a newline: `println!` that does not panic on a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod cli;
mod commands;
mod duration;
mod exit;
mod key;
mod output;
mod text;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use exit::Failure;
use output::Output;

fn main() -> ExitCode {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e),
    };
    init_tracing(cli.global.verbose);
    if !matches!(cli.command, Command::Demo) {
        match key::resolve(&cli.global) {
            Ok(key) => cli.global.key = key,
            Err(failure) => {
                eprintln!("{}", failure.report(&cli.global));
                return ExitCode::from(failure.code());
            }
        }
    }
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
    let timeout = cli.global.timeout;
    let global = cli.global.clone();
    let outcome = runtime.block_on(async move {
        match timeout {
            // Bounds everything: discovery, every request and retry, waits for a connection.
            Some(limit) => tokio::time::timeout(limit, run(cli))
                .await
                .unwrap_or_else(|_| Err(timed_out(limit))),
            None => run(cli).await,
        }
    });
    // Whatever is still in flight is dropped with the runtime, without waiting for it.
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::from(exit::OK),
        Err(failure) => {
            eprintln!("{}", failure.report(&global));
            ExitCode::from(failure.code())
        }
    }
}

/// Prints clap's error (or help) with every argument it quotes that is long or holds control
/// characters shortened and escaped, as every other echo of input.
fn clap_failure(e: clap::Error) -> ExitCode {
    if !e.use_stderr() {
        let _ = e.print();
        return ExitCode::from(exit::OK);
    }
    let mut message = e.render().to_string();
    for arg in std::env::args_os().skip(1) {
        let arg = arg.to_string_lossy();
        let value = arg.split_once('=').map_or(&*arg, |(_, value)| value);
        for raw in [&*arg, value] {
            if raw.chars().count() > text::ECHO_CHARS || raw.chars().any(char::is_control) {
                message = message.replace(raw, &text::echo(raw));
            }
        }
    }
    eprint!("{message}");
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(exit::USAGE))
}

fn timed_out(limit: std::time::Duration) -> Failure {
    Failure::Cli(
        exit::NETWORK,
        format!(
            "the command did not finish within --timeout {limit:?}; a request in flight may have \
             been carried out: check before running it again"
        ),
    )
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
    // Every command but `demo` and `doctor` talks to the API through the same client.
    let client = || commands::client(global);
    match cli.command {
        Command::Demo => commands::demo::run(output).await,
        Command::Doctor => commands::doctor::run(global, output).await,
        Command::Connections(command) => {
            commands::connections::run(client()?.connections(), output, command).await
        }
        Command::Accounts(command) => commands::accounts::run(&client()?, output, command).await,
        Command::Messages(command) => commands::messages::run(&client()?, output, command).await,
        Command::Calls(command) => commands::calls::run(&client()?, output, command).await,
        Command::Numbers(command) => commands::numbers::run(&client()?, output, command).await,
        Command::Applications(command) => {
            commands::resources::applications(&client()?, output, command).await
        }
        Command::Queues(command) => commands::resources::queues(&client()?, output, command).await,
        Command::Addresses(command) => {
            commands::resources::addresses(&client()?, output, command).await
        }
        Command::Usage(command) => commands::usage::run(&client()?, output, command).await,
        Command::Media(command) => commands::media::run(&client()?, output, command).await,
        Command::CallerIds(command) => commands::caller_ids::run(&client()?, output, command).await,
        Command::Api(args) => commands::api::run(&client()?, args).await,
        Command::Recordings(command) => {
            commands::voice::recordings(&client()?, output, command).await
        }
        Command::Transcriptions(command) => {
            commands::voice::transcriptions(&client()?, output, command).await
        }
        Command::Conferences(command) => {
            commands::voice::conferences(&client()?, output, command).await
        }
        Command::Participants(command) => {
            commands::voice::participants(&client()?, output, command).await
        }
    }
}
