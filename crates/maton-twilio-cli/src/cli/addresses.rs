//! The arguments of `addresses ...`.

use clap::Subcommand;

use super::Listing;

/// `addresses ...`
#[derive(Debug, Subcommand)]
pub enum AddressesCmd {
    /// List addresses.
    List {
        #[arg(long)]
        customer_name: Option<String>,
        #[arg(long)]
        friendly_name: Option<String>,
        #[arg(long)]
        iso_country: Option<String>,
        #[command(flatten)]
        listing: Listing,
    },
    /// Show one address.
    Get { sid: String },
    /// Create an address.
    Create {
        #[arg(long)]
        customer_name: String,
        #[arg(long)]
        street: String,
        #[arg(long)]
        city: String,
        #[arg(long)]
        region: String,
        #[arg(long)]
        postal_code: String,
        #[arg(long)]
        iso_country: String,
        #[arg(long)]
        friendly_name: Option<String>,
    },
    /// Change an address.
    Update {
        sid: String,
        #[arg(long)]
        customer_name: Option<String>,
        #[arg(long)]
        street: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        friendly_name: Option<String>,
    },
    /// Delete an address.
    Delete { sid: String },
}
