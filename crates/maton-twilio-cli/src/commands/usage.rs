//! `usage list`.

use maton_twilio::Client;

use super::views::USAGE_COLUMNS;
use super::{ApplyListing, Maybe, parse_date, print_items};
use crate::cli::UsageCmd;
use crate::exit::Failure;
use crate::output::Output;

/// Runs a `usage` command.
pub async fn run(client: &Client, output: Output, command: UsageCmd) -> Result<(), Failure> {
    let UsageCmd::List {
        category,
        start,
        end,
        window,
        listing,
    } = command;
    let mut list = client.usage().records().listing(listing);
    list = list.maybe(window, |b, window| b.window(window));
    list = list.maybe(category, |b, category| b.category(category));
    let start = start.map(|d| parse_date("start", &d)).transpose()?;
    list = list.maybe(start, |b, d| b.start_date(d));
    let end = end.map(|d| parse_date("end", &d)).transpose()?;
    list = list.maybe(end, |b, d| b.end_date(d));
    print_items(output, list.stream(), USAGE_COLUMNS).await
}
