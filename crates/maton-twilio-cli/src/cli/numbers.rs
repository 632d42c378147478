//! The arguments of `media`, `caller-ids` and the subaccount commands of `accounts`, as clap
//! sees them.

use clap::{Args, Subcommand};

use super::Listing;

/// `media ...`: the media (images, files) of one message.
#[derive(Debug, Subcommand)]
pub enum MediaCmd {
    /// List a message's media.
    List {
        /// The message (`MM...` or `SM...`).
        message_sid: String,
        /// Only media created on this day or time (`2026-02-01` or RFC 3339).
        #[arg(long)]
        created_on: Option<String>,
        /// Only media created at or after this date or time.
        #[arg(long)]
        created_after: Option<String>,
        /// Only media created at or before this date or time.
        #[arg(long)]
        created_before: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one media item of a message.
    Get {
        /// The message (`MM...` or `SM...`).
        message_sid: String,
        /// The media item (`ME...`).
        media_sid: String,
    },
    /// Delete one media item of a message.
    Delete {
        /// The message (`MM...` or `SM...`).
        message_sid: String,
        /// The media item (`ME...`).
        media_sid: String,
    },
}

/// `caller-ids ...`: numbers verified to show as the caller of your calls.
#[derive(Debug, Subcommand)]
pub enum CallerIdsCmd {
    /// List the verified caller IDs.
    List {
        /// Only this number (E.164).
        #[arg(long)]
        phone_number: Option<String>,
        #[arg(long)]
        friendly_name: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one caller ID.
    Get { sid: String },
    /// Rename a caller ID.
    Rename {
        sid: String,
        /// The new name (1 to 64 characters).
        #[arg(long)]
        friendly_name: String,
    },
    /// Remove a caller ID.
    Delete { sid: String },
    /// Start verifying a number: Twilio calls it, and prints the code to enter on that call.
    Verify(VerifyArgs),
}

/// `caller-ids verify`'s arguments.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The number to verify, in E.164.
    pub phone_number: String,
    /// A name for the caller ID.
    #[arg(long)]
    pub friendly_name: Option<String>,
    /// Seconds to wait before calling (0 to 60).
    #[arg(long)]
    pub call_delay: Option<u32>,
    /// Digits to dial once the call connects (`w` waits half a second).
    #[arg(long)]
    pub extension: Option<String>,
}

/// `accounts create`'s arguments.
#[derive(Debug, Args)]
pub struct CreateSubaccount {
    /// The subaccount's name (1 to 64 characters).
    #[arg(long)]
    pub friendly_name: String,
}

/// `accounts close`'s arguments.
#[derive(Debug, Args)]
pub struct CloseSubaccount {
    /// The subaccount (`AC...`).
    pub sid: String,
    /// Confirm: closing is final (Twilio releases the subaccount's numbers and deletes its
    /// resources; it cannot be reactivated).
    #[arg(long)]
    pub yes: bool,
}
