//! `maton-twilio-mock`: runs the emulator until Ctrl-C.

use std::process::ExitCode;

use clap::Parser;
use maton_twilio_mock::{ClockMode, DEFAULT_API_KEY, MockGateway};

/// A local emulator of Maton's gateway for Twilio and of Maton's control plane.
#[derive(Debug, Parser)]
#[command(name = "maton-twilio-mock", version, about)]
struct Args {
    /// The port to listen on, on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The API key to accept as `Authorization: Bearer <key>`.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    key: String,
    /// Turn on the gateway's rate limit, in requests per second per key (the real one is 10).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Keep emulated time still (statuses then never advance); by default it runs with the wall
    /// clock so that messages get delivered on their own.
    #[arg(long)]
    manual_clock: bool,
    /// The seed for SIDs and connection ids.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let mut builder = MockGateway::builder()
        .port(args.port)
        .api_key(args.key)
        .seed(args.seed)
        .clock(if args.manual_clock {
            ClockMode::Manual
        } else {
            ClockMode::RealTime
        });
    if let Some(per_second) = args.rate_limit {
        builder = builder.rate_limit(per_second);
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!(
                "maton-twilio-mock: cannot listen on 127.0.0.1:{}: {error}",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    println!("Twilio base URL:   {}", mock.twilio_url());
    println!("Control plane URL: {}", mock.control_url());
    println!("API key:           {}", mock.api_key());
    println!("Account SID:       {}", mock.account_sid());
    println!("Owned numbers:     {}", mock.owned_numbers().join(", "));
    println!("Serving until Ctrl-C.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("maton-twilio-mock: cannot wait for Ctrl-C: {error}");
    }
    mock.shutdown().await;
    if args.rate_limit.is_some() {
        println!(
            "429 responses sent by the rate limit: {}",
            mock.rate_limited()
        );
    }
    ExitCode::SUCCESS
}
