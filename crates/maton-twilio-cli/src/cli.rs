//! The command line, as clap sees it.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use maton_twilio::UsageWindow;

// A path from `src/`, so that `tests/help.rs`, which includes this file, finds it too.
#[path = "cli/addresses.rs"]
mod addresses;
#[path = "cli/numbers.rs"]
mod numbers;
#[path = "cli/voice.rs"]
mod voice;
pub use addresses::AddressesCmd;
pub use numbers::*;
pub use voice::*;

/// Send SMS, place calls and manage Twilio resources through the Maton gateway.
///
/// Exit codes: 0 success, 2 usage or invalid input (nothing sent), 3 API error, 4 authentication
/// or connection problem, 5 network or timeout.
#[derive(Debug, Parser)]
#[command(
    name = "maton-twilio",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// A file holding the Maton API key (`-`: read it from stdin). Without it, the key is read
    /// from MATON_API_KEY (copy it from maton.ai/settings).
    #[arg(long, value_name = "PATH", global = true)]
    pub api_key_file: Option<std::path::PathBuf>,
    /// Deprecated: visible to other users in `ps`. Use MATON_API_KEY or --api-key-file.
    #[arg(long, hide = true, global = true)]
    pub api_key: Option<crate::key::Secret>,
    /// The key, once read from --api-key-file, --api-key or MATON_API_KEY.
    #[arg(skip)]
    pub key: Option<crate::key::Secret>,
    /// The gateway's Twilio base URL.
    #[arg(
        long,
        env = "MATON_TWILIO_BASE_URL",
        default_value = "https://gateway.maton.ai/twilio",
        global = true
    )]
    pub twilio_base_url: String,
    /// The control plane's base URL.
    #[arg(
        long,
        env = "MATON_CTRL_BASE_URL",
        default_value = "https://ctrl.maton.ai",
        global = true
    )]
    pub ctrl_base_url: String,
    /// The connection to use (`Maton-Connection`); the gateway's oldest ACTIVE one when unset.
    #[arg(long, env = "MATON_CONNECTION", global = true)]
    pub connection: Option<String>,
    /// The account SID; discovered from the key when unset.
    #[arg(long, env = "MATON_TWILIO_ACCOUNT_SID", global = true)]
    pub account: Option<String>,
    /// Share the gateway's rate limit with every other process using this Redis
    /// (`redis://host:port/db`); without it each process paces itself alone.
    #[arg(
        long = "rate-limit-redis",
        value_name = "URL",
        env = "MATON_RATE_LIMIT_REDIS_URL",
        hide_env_values = true,
        global = true
    )]
    pub rate_limit_redis: Option<String>,
    /// Print one JSON document on stdout instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Trace requests to stderr (-v: debug, -vv: trace); the key is never shown.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Give up on the whole command (all requests, retries and waits) after this long: `30s`,
    /// `2m`, `500ms`. Exits 5.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse_arg, global = true)]
    pub timeout: Option<std::time::Duration>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Twilio accounts the key can see.
    #[command(subcommand)]
    Accounts(AccountsCmd),
    /// SMS and MMS.
    #[command(subcommand)]
    Messages(MessagesCmd),
    /// Voice calls.
    #[command(subcommand)]
    Calls(CallsCmd),
    /// Phone numbers: owned, searchable, to buy.
    #[command(subcommand)]
    Numbers(NumbersCmd),
    /// TwiML applications.
    #[command(subcommand)]
    Applications(ApplicationsCmd),
    /// Call queues.
    #[command(subcommand)]
    Queues(QueuesCmd),
    /// Addresses (for number regulations).
    #[command(subcommand)]
    Addresses(AddressesCmd),
    /// Usage records.
    #[command(subcommand)]
    Usage(UsageCmd),
    /// The media (images, files) of a message.
    #[command(subcommand)]
    Media(MediaCmd),
    /// Outgoing caller IDs: numbers verified to show as your calls' caller.
    #[command(subcommand)]
    CallerIds(CallerIdsCmd),
    /// Call and conference recordings.
    #[command(subcommand)]
    Recordings(RecordingsCmd),
    /// Transcriptions of recordings.
    #[command(subcommand)]
    Transcriptions(TranscriptionsCmd),
    /// Conferences.
    #[command(subcommand)]
    Conferences(ConferencesCmd),
    /// A conference's participants.
    #[command(subcommand)]
    Participants(ParticipantsCmd),
    /// Maton's OAuth connections to Twilio.
    #[command(subcommand)]
    Connections(ConnectionsCmd),
    /// Any request to Twilio's API v2010 (like `gh api`), JSON out.
    ///
    /// The same key, connection, account, retries and exit codes as every other command.
    /// Prints the answer as one pretty JSON document on stdout (nothing for an empty answer,
    /// as a DELETE's 204); with --paginate, the items of every page as one JSON array.
    ///
    /// `{AccountSid}` in PATH is filled with the account (--account, or discovered from the
    /// key). PATH must start with /2010-04-01/ and hold no host, query, `..` or other
    /// placeholder: anything else exits 2 before a request is sent. On an API error (exit 3)
    /// Twilio's error body is printed as JSON on stdout, and the error with its Twilio code on
    /// stderr.
    ///
    /// Examples:
    ///   maton-twilio api GET '/2010-04-01/Accounts/{AccountSid}/Messages.json' -q PageSize=20
    ///   maton-twilio api POST '/2010-04-01/Accounts/{AccountSid}/Messages.json' \
    ///     -f To=+15559876543 -f From=+15551234567 -f Body=hi
    ///   maton-twilio api GET '/2010-04-01/Accounts/{AccountSid}/Calls.json' --paginate
    #[command(verbatim_doc_comment)]
    Api(ApiArgs),
    /// Check the setup step by step: key set, key accepted, ACTIVE connection, account reachable.
    Doctor,
    /// A tour of the SDK against an emulator started in-process: no network, no key.
    #[cfg_attr(
        not(feature = "emulator"),
        command(
            about = "A tour of the SDK against an emulator (not in this build: it needs the \
                         `emulator` cargo feature, on by default)"
        )
    )]
    Demo,
}

/// `maton-twilio api`'s arguments.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// GET, POST or DELETE (any case).
    #[arg(value_name = "METHOD")]
    pub method: String,
    /// The path under the Twilio base URL, e.g. /2010-04-01/Accounts/{AccountSid}/Balance.json.
    #[arg(value_name = "PATH")]
    pub path: String,
    /// A form field of a POST's body, KEY=VALUE; repeat it, also with the same key (MediaUrl).
    #[arg(short = 'f', long = "field", value_name = "KEY=VALUE", value_parser = pair)]
    pub fields: Vec<(String, String)>,
    /// A query parameter, KEY=VALUE (for a GET: PageSize=50, To=+1555...); repeat it.
    #[arg(short = 'q', long = "query", value_name = "KEY=VALUE", value_parser = pair)]
    pub query: Vec<(String, String)>,
    /// Follow next_page_uri over every page of a GET list and print all their items as one JSON
    /// array.
    #[arg(long)]
    pub paginate: bool,
}

/// `KEY=VALUE`, split at the first `=`; the key must not be empty.
pub fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err("expected KEY=VALUE".into()),
    }
}

// `--limit` and `--page-size`, flattened into every list command.
#[derive(Debug, Args, Clone, Copy)]
pub struct Listing {
    /// Stop after this many items (all when unset).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Items per page (1 to 1000).
    #[arg(long)]
    pub page_size: Option<u32>,
}

/// `accounts ...`
#[derive(Debug, Subcommand)]
pub enum AccountsCmd {
    /// List the accounts.
    List {
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one account (the key's own when no SID is given).
    Get { sid: Option<String> },
    /// Create a subaccount.
    Create(CreateSubaccount),
    /// Suspend a subaccount (it keeps its resources; `reactivate` undoes it).
    Suspend { sid: String },
    /// Reactivate a suspended subaccount.
    Reactivate { sid: String },
    /// Close a subaccount for good (needs --yes).
    Close(CloseSubaccount),
}

/// `messages ...`
#[derive(Debug, Subcommand)]
pub enum MessagesCmd {
    /// Send a message.
    Send {
        /// The recipient, in E.164 (`+15558675310`).
        #[arg(long)]
        to: String,
        /// The sender: a number you own, in E.164 (one of --from or --messaging-service).
        #[arg(long)]
        from: Option<String>,
        /// A messaging service SID (`MG...`) to send through (with or without --from).
        #[arg(long)]
        messaging_service: Option<String>,
        /// Schedule the message: an RFC 3339 time or `+DURATION` from now (`+1h`, `+2d`),
        /// 15 minutes to 35 days ahead. Needs --messaging-service.
        #[arg(long, value_name = "TIME")]
        send_at: Option<String>,
        /// The text (at most 1,600 characters).
        #[arg(long)]
        body: Option<String>,
        /// A media URL (repeat for several, at most 10).
        #[arg(long = "media-url")]
        media_url: Vec<String>,
        /// A URL Twilio calls with status updates.
        #[arg(long)]
        status_callback: Option<String>,
    },
    /// List messages, newest first.
    List {
        /// Only messages to this number.
        #[arg(long)]
        to: Option<String>,
        /// Only messages from this number.
        #[arg(long)]
        from: Option<String>,
        /// Only messages sent after this date or time (`2026-02-01` or RFC 3339).
        #[arg(long)]
        sent_after: Option<String>,
        /// Only messages sent before this date or time.
        #[arg(long)]
        sent_before: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one message.
    Get { sid: String },
    /// Erase a message's body.
    Redact { sid: String },
    /// Cancel a scheduled message.
    Cancel { sid: String },
    /// Delete a message.
    Delete { sid: String },
}

/// Which URL or document drives a call.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct CallSource {
    /// A URL that returns TwiML.
    #[arg(long)]
    pub url: Option<String>,
    /// TwiML instructions, inline.
    #[arg(long)]
    pub twiml: Option<String>,
    /// An application SID (`AP...`).
    #[arg(long)]
    pub application: Option<String>,
}

/// `calls ...`
#[derive(Debug, Subcommand)]
pub enum CallsCmd {
    /// Place a call.
    Create {
        /// The number to call, in E.164.
        #[arg(long)]
        to: String,
        /// The caller: a number you own, in E.164.
        #[arg(long)]
        from: String,
        #[command(flatten)]
        source: CallSource,
        /// A URL Twilio calls with status updates.
        #[arg(long)]
        status_callback: Option<String>,
        /// Seconds to let it ring (Twilio's `Timeout`).
        #[arg(long)]
        ring_timeout: Option<u32>,
        /// Record the call.
        #[arg(long)]
        record: bool,
    },
    /// List calls, newest first.
    List {
        /// Only calls to this number.
        #[arg(long)]
        to: Option<String>,
        /// Only calls from this number.
        #[arg(long)]
        from: Option<String>,
        /// queued, ringing, in-progress, completed, busy, failed, no-answer, canceled.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one call.
    Get { sid: String },
    /// End a call (or cancel it if it has not started).
    End { sid: String },
    /// Delete a call's record.
    Delete { sid: String },
    /// A live call's recording: start, pause, resume, stop, list.
    #[command(subcommand)]
    Record(CallRecordCmd),
}

/// The kinds of number `numbers search` looks for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NumberType {
    Local,
    TollFree,
    Mobile,
}

/// What `numbers update` and `applications update` change: each option given.
#[derive(Debug, Args)]
pub struct NameAndUrls {
    #[arg(long)]
    pub friendly_name: Option<String>,
    #[arg(long)]
    pub voice_url: Option<String>,
    #[arg(long)]
    pub sms_url: Option<String>,
}

impl NameAndUrls {
    /// Whether no option was given.
    pub fn is_empty(&self) -> bool {
        self.friendly_name.is_none() && self.voice_url.is_none() && self.sms_url.is_none()
    }
}

/// `numbers ...`
#[derive(Debug, Subcommand)]
pub enum NumbersCmd {
    /// List the numbers you own.
    List {
        /// Only numbers of this type.
        #[arg(long = "type", value_enum)]
        kind: Option<NumberType>,
        #[arg(long)]
        phone_number: Option<String>,
        #[arg(long)]
        friendly_name: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one owned number.
    Get { sid: String },
    /// Change an owned number.
    Update {
        sid: String,
        #[command(flatten)]
        change: NameAndUrls,
    },
    /// Release (delete) an owned number.
    Release { sid: String },
    /// Search numbers available to buy.
    Search {
        /// ISO 3166 country code (`US`).
        #[arg(long)]
        country: String,
        #[arg(long)]
        area_code: Option<u32>,
        /// A pattern the number contains (digits, letters or `*`).
        #[arg(long)]
        contains: Option<String>,
        #[arg(long = "type", value_enum, default_value_t = NumberType::Local)]
        kind: NumberType,
        #[command(flatten)]
        listing: Listing,
    },
    /// Buy a number.
    Buy {
        /// The number to buy, in E.164 (from `numbers search`).
        #[arg(long, required_unless_present = "area_code")]
        phone_number: Option<String>,
        /// Or: any available number in this area code.
        #[arg(long, conflicts_with_all = ["phone_number", "kind"])]
        area_code: Option<u32>,
        /// Buy through the number type's own endpoint (with --phone-number).
        #[arg(long = "type", value_enum)]
        kind: Option<NumberType>,
        #[arg(long)]
        friendly_name: Option<String>,
    },
}

/// `applications ...`
#[derive(Debug, Subcommand)]
pub enum ApplicationsCmd {
    /// List TwiML applications.
    List {
        #[arg(long)]
        friendly_name: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one application.
    Get { sid: String },
    /// Create an application.
    Create {
        #[arg(long)]
        friendly_name: String,
        #[arg(long)]
        voice_url: Option<String>,
        #[arg(long)]
        sms_url: Option<String>,
    },
    /// Change an application.
    Update {
        sid: String,
        #[command(flatten)]
        change: NameAndUrls,
    },
    /// Delete an application.
    Delete { sid: String },
}

/// `queues ...`
#[derive(Debug, Subcommand)]
pub enum QueuesCmd {
    /// List call queues.
    List {
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one queue.
    Get { sid: String },
    /// Create a queue.
    Create {
        #[arg(long)]
        friendly_name: String,
        #[arg(long)]
        max_size: Option<u32>,
    },
    /// Change a queue.
    Update {
        sid: String,
        #[arg(long)]
        friendly_name: Option<String>,
        #[arg(long)]
        max_size: Option<u32>,
    },
    /// Delete a queue.
    Delete { sid: String },
    /// List the calls waiting in a queue.
    Members(MembersArgs),
    /// Take a call (the one at the front by default) out of a queue to the TwiML at --url.
    Dequeue(DequeueArgs),
}

/// The time windows of usage records, under the names `--window` takes.
const WINDOWS: [(&str, UsageWindow); 8] = [
    ("all-time", UsageWindow::AllTime),
    ("daily", UsageWindow::Daily),
    ("last-month", UsageWindow::LastMonth),
    ("monthly", UsageWindow::Monthly),
    ("this-month", UsageWindow::ThisMonth),
    ("today", UsageWindow::Today),
    ("yearly", UsageWindow::Yearly),
    ("yesterday", UsageWindow::Yesterday),
];

/// Parses `--window`: one of the names in [`WINDOWS`], listed in help and errors.
fn window_parser() -> impl TypedValueParser<Value = UsageWindow> {
    PossibleValuesParser::new(WINDOWS.map(|(name, _)| name)).try_map(|name| {
        WINDOWS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, window)| window)
            .ok_or("unknown window")
    })
}

/// `usage ...`
#[derive(Debug, Subcommand)]
pub enum UsageCmd {
    /// List usage records.
    List {
        /// A usage category (`sms`, `calls`, ...).
        #[arg(long)]
        category: Option<String>,
        /// First day (`YYYY-MM-DD`).
        #[arg(long)]
        start: Option<String>,
        /// Last day (`YYYY-MM-DD`).
        #[arg(long)]
        end: Option<String>,
        /// A predefined window instead of all records.
        #[arg(long, value_parser = window_parser())]
        window: Option<UsageWindow>,
        #[command(flatten)]
        listing: Listing,
    },
}

/// `connections ...`
#[derive(Debug, Subcommand)]
pub enum ConnectionsCmd {
    /// List connections.
    List {
        #[arg(long, default_value = "twilio")]
        app: String,
        /// ACTIVE, PENDING or FAILED.
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one connection.
    Get { id: String },
    /// Delete a connection.
    Delete { id: String },
    /// Start a new connection and print the URL that authorises it.
    Create {
        #[arg(long, default_value = "twilio")]
        app: String,
        /// Open the URL in a browser.
        #[arg(long)]
        open: bool,
        /// Wait until the connection is ACTIVE (or FAILED, or the deadline passes).
        #[arg(long)]
        wait: bool,
        /// How long to wait, in seconds.
        #[arg(long, default_value_t = 600)]
        wait_seconds: u64,
    },
}
