//! `maton-twilio-mock`: runs the emulator until Ctrl-C.
//!
//! Its seven options are read by hand rather than with clap, so that the library (what tests and
//! the CLI depend on) pulls in no argument parser and `cargo install` needs no feature.

use std::process::ExitCode;

use maton_twilio_mock::{ClockMode, DEFAULT_API_KEY, MockGateway};

/// The command line, as given.
struct Args {
    /// The port to listen on, on 127.0.0.1 (0 picks a free one).
    port: u16,
    /// The API key to accept as `Authorization: Bearer <key>`.
    key: String,
    /// The gateway's rate limit, in requests per second per key, if on.
    rate_limit: Option<u32>,
    /// Keep emulated time still rather than run it with the wall clock.
    manual_clock: bool,
    /// The seed for SIDs and connection ids.
    seed: u64,
    /// The Twilio auth token webhooks are signed with; none: no webhook is sent.
    auth_token: Option<String>,
    /// Let webhooks go to addresses other than loopback.
    allow_remote_callbacks: bool,
}

/// What the command line asks for.
enum Parsed {
    Run(Args),
    Help,
    Version,
}

fn usage() -> String {
    format!(
        "A local emulator of Maton's gateway for Twilio and of Maton's control plane.

Usage: maton-twilio-mock [OPTIONS]

Options:
      --port <PORT>              The port to listen on, on 127.0.0.1 (0 picks a free one)
                                 [default: 0]
      --key <KEY>                The API key to accept as `Authorization: Bearer <key>`
                                 [default: {DEFAULT_API_KEY}]
      --rate-limit <PER_SECOND>  Turn on the gateway's rate limit, in requests per second per key
                                 (the real one is 10)
      --manual-clock             Keep emulated time still (statuses then never advance); by
                                 default it runs with the wall clock so that messages get
                                 delivered on their own
      --seed <SEED>              The seed for SIDs and connection ids [default: 0]
      --auth-token <TOKEN>       A Twilio auth token to sign webhooks with: status callbacks,
                                 TwiML fetches of placed calls' `Url`, inbound SMS
                                 (`POST /mock/inbound-sms`). Without it, no webhook is sent
      --allow-remote-callbacks   Let webhooks go to addresses other than loopback
  -h, --help                     Print help
  -V, --version                  Print version"
    )
}

/// Reads the arguments after the program name: `--name value` or `--name=value`; the last of a
/// repeated option wins.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut parsed = Args {
        port: 0,
        key: DEFAULT_API_KEY.to_string(),
        rate_limit: None,
        manual_clock: false,
        seed: 0,
        auth_token: None,
        allow_remote_callbacks: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let flag = |set: &mut bool| match inline {
            None => {
                *set = true;
                Ok(())
            }
            Some(_) => Err(format!("`{name}` takes no value")),
        };
        let mut value = || match inline {
            Some(value) => Ok(value.to_string()),
            None => args.next().ok_or_else(|| format!("`{name}` needs a value")),
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--port" => parsed.port = number(&name, value()?)?,
            "--key" => parsed.key = value()?,
            "--rate-limit" => parsed.rate_limit = Some(number(&name, value()?)?),
            "--seed" => parsed.seed = number(&name, value()?)?,
            "--auth-token" => parsed.auth_token = Some(value()?),
            "--manual-clock" => flag(&mut parsed.manual_clock)?,
            "--allow-remote-callbacks" => flag(&mut parsed.allow_remote_callbacks)?,
            _ => return Err(format!("unexpected argument `{}`", shorten(&arg))),
        }
    }
    Ok(Parsed::Run(parsed))
}

fn number<T: std::str::FromStr>(name: &str, text: String) -> Result<T, String> {
    text.parse().map_err(|_| {
        format!(
            "invalid value `{}` for `{name}`: not a number in range",
            shorten(&text)
        )
    })
}

/// At most 40 characters of an argument, with control characters escaped, for an error.
fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!("{}{ellipsis}", short.escape_default())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Version) => {
            println!("maton-twilio-mock {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("error: {error}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
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

#[cfg(test)]
mod tests {
    use super::{Args, Parsed, parse};

    fn run(args: &[&str]) -> Result<Args, String> {
        match parse(args.iter().map(|a| a.to_string()))? {
            Parsed::Run(args) => Ok(args),
            Parsed::Help | Parsed::Version => Err("not a run".into()),
        }
    }

    #[test]
    fn defaults_without_arguments() {
        let args = run(&[]).unwrap();
        assert_eq!(args.port, 0);
        assert_eq!(args.key, maton_twilio_mock::DEFAULT_API_KEY);
        assert_eq!((args.rate_limit, args.seed), (None, 0));
        assert!(!args.manual_clock && !args.allow_remote_callbacks);
        assert!(args.auth_token.is_none());
    }

    #[test]
    fn every_option_in_both_spellings() {
        let args = run(&[
            "--port",
            "4010",
            "--key=k1",
            "--rate-limit",
            "10",
            "--manual-clock",
            "--seed=7",
            "--auth-token",
            "tok",
            "--allow-remote-callbacks",
        ])
        .unwrap();
        assert_eq!((args.port, args.key.as_str()), (4010, "k1"));
        assert_eq!((args.rate_limit, args.seed), (Some(10), 7));
        assert_eq!(args.auth_token.as_deref(), Some("tok"));
        assert!(args.manual_clock && args.allow_remote_callbacks);
        // The last of a repeated option wins; a value may start with dashes or hold `=`.
        let args = run(&["--port=1", "--port", "2", "--key", "--a=b"]).unwrap();
        assert_eq!((args.port, args.key.as_str()), (2, "--a=b"));
    }

    #[test]
    fn help_and_version() {
        for (arg, help) in [
            ("-h", true),
            ("--help", true),
            ("-V", false),
            ("--version", false),
        ] {
            let parsed = parse(["--port".to_string(), "1".into(), arg.into()]).unwrap();
            assert!(
                matches!(
                    (parsed, help),
                    (Parsed::Help, true) | (Parsed::Version, false)
                ),
                "{arg}"
            );
        }
    }

    #[test]
    fn mistakes_are_named() {
        for (args, expected) in [
            (&["--port"][..], "`--port` needs a value"),
            (&["--port", "70000"], "invalid value `70000` for `--port`"),
            (
                &["--rate-limit=-1"],
                "invalid value `-1` for `--rate-limit`",
            ),
            (&["--seed", "x"], "invalid value `x` for `--seed`"),
            (&["--manual-clock=yes"], "`--manual-clock` takes no value"),
            (&["--nope"], "unexpected argument `--nope`"),
            (&["8080"], "unexpected argument `8080`"),
            (&["--bad\x1b[2J"], "unexpected argument `--bad\\u{1b}[2J`"),
        ] {
            let error = run(args).err().unwrap_or_default();
            assert!(error.starts_with(expected), "{args:?}: {error}");
        }
    }
}
