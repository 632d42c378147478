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
    /// A Twilio auth token to sign webhooks with: status callbacks, TwiML fetches of placed
    /// calls' `Url`, inbound SMS (`POST /mock/inbound-sms`). Without it, no webhook is sent.
    #[arg(long)]
    auth_token: Option<String>,
    /// Let webhooks go to addresses other than loopback.
    #[arg(long)]
    allow_remote_callbacks: bool,
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
    let callbacks = args.auth_token.is_some();
    if let Some(token) = args.auth_token {
        builder = builder
            .auth_token(token)
            .allow_remote_callbacks(args.allow_remote_callbacks);
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
    if callbacks {
        println!("Webhooks:          on (signed with the auth token given)");
    }
    println!("Serving until Ctrl-C.");
    // With the wall clock, statuses change between requests: look for their callbacks each
    // second (a manual clock finds them when advanced).
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let watch_clock = callbacks && !args.manual_clock;
    loop {
        tokio::select! {
            signal = tokio::signal::ctrl_c() => {
                if let Err(error) = signal {
                    eprintln!("maton-twilio-mock: cannot wait for Ctrl-C: {error}");
                }
                break;
            }
            _ = tick.tick(), if watch_clock => mock.advance(std::time::Duration::ZERO),
        }
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
