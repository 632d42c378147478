//! One module per command group; each turns parsed arguments into SDK calls and prints results.

pub mod accounts;
pub mod api;
pub mod caller_ids;
pub mod calls;
pub mod connections;
#[cfg(feature = "emulator")]
pub mod demo;
// Without the emulator, `demo` only says how to get it.
#[cfg(not(feature = "emulator"))]
#[path = "demo_unavailable.rs"]
pub mod demo;
#[cfg(feature = "emulator")]
mod demo_webhooks;
pub mod doctor;
pub mod media;
pub mod messages;
pub mod numbers;
mod numbers_by_type;
pub mod resources;
pub mod schedule;
mod subaccounts;
pub mod usage;
mod views;
mod views_numbers;
pub mod voice;
mod voice_views;

use std::io::Write;

use maton_twilio::pagination::Items;
use maton_twilio::{Client, Pending};
use serde::Serialize;

use crate::cli::{Global, Listing, NameAndUrls};
use crate::exit::{self, Failure};
use crate::output::{Columns, Field, Output, table};
use crate::text::echo;

/// Builds the SDK client from the global options.
pub fn client(global: &Global) -> Result<Client, Failure> {
    let Some(key) = global.key.as_ref().map(|k| k.expose()) else {
        return Err(Failure::Cli(
            exit::AUTH,
            "no Maton API key: set MATON_API_KEY or pass --api-key-file PATH (copy it from \
             https://maton.ai/settings)"
                .into(),
        ));
    };
    let mut builder = Client::builder()
        .api_key(key)
        .base_url(&global.twilio_base_url)
        .control_base_url(&global.ctrl_base_url);
    if let Some(connection) = &global.connection {
        builder = builder.connection(connection);
    }
    if let Some(account) = &global.account {
        builder = builder.account_sid(
            account
                .parse()
                .map_err(|e| exit::input(maton_twilio::Error::from(e), "--account"))?,
        );
    }
    if let Some(url) = global
        .rate_limit_redis
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        builder = builder.redis_rate_limit(maton_twilio::RedisLimit::new(url)?);
    }
    Ok(builder.build()?)
}

/// Applies a builder setter only when the option was given:
/// `update.maybe(voice_url, |b, url| b.voice_url(url))`.
pub trait Maybe: Sized {
    /// `set(self, value)` for `Some(value)`, `self` for `None`.
    fn maybe<V>(self, value: Option<V>, set: impl FnOnce(Self, V) -> Self) -> Self {
        match value {
            Some(value) => set(self, value),
            None => self,
        }
    }
}

impl<T> Maybe for T {}

/// Applies `--limit` and `--page-size` to any list builder.
pub trait ApplyListing: Sized {
    /// Sets the page size.
    fn with_page_size(self, size: u32) -> Self;
    /// Sets the limit.
    fn with_limit(self, limit: usize) -> Self;
    /// Applies both, when given.
    fn listing(mut self, listing: Listing) -> Self {
        if let Some(size) = listing.page_size {
            self = self.with_page_size(size);
        }
        if let Some(limit) = listing.limit {
            self = self.with_limit(limit);
        }
        self
    }
}

/// Applies `--friendly-name`, `--voice-url` and `--sms-url` (each when given) to any builder
/// that has those setters.
pub trait ApplyNameAndUrls: Sized {
    /// Sets the friendly name.
    fn with_friendly_name(self, name: String) -> Self;
    /// Sets the voice URL.
    fn with_voice_url(self, url: String) -> Self;
    /// Sets the SMS URL.
    fn with_sms_url(self, url: String) -> Self;
    /// Applies each option given.
    fn name_and_urls(self, change: NameAndUrls) -> Self {
        self.maybe(change.friendly_name, Self::with_friendly_name)
            .maybe(change.voice_url, Self::with_voice_url)
            .maybe(change.sms_url, Self::with_sms_url)
    }
}

/// Implements a trait of `with_*` methods for builders by forwarding each method to the
/// builder's setter of that name:
/// `forward_setters!(ApplyListing { with_limit(usize) => limit } for ListCalls, ListQueues)`.
macro_rules! forward_setters {
    ($trait:ident $methods:tt for $($builder:ty),* $(,)?) => {$(
        forward_setters!(@impl $trait $methods $builder);
    )*};
    (@impl $trait:ident { $($method:ident($value:ty) => $setter:ident),* $(,)? } $builder:ty) => {
        impl $trait for $builder {
            $(fn $method(self, value: $value) -> Self {
                self.$setter(value)
            })*
        }
    };
}
forward_setters!(
    ApplyListing { with_page_size(u32) => page_size, with_limit(usize) => limit }
    for maton_twilio::ListMessages,
    maton_twilio::ListCalls,
    maton_twilio::ListPhoneNumbers,
    maton_twilio::SearchNumbers,
    maton_twilio::ListApplications,
    maton_twilio::ListQueues,
    maton_twilio::ListAddresses,
    maton_twilio::ListUsageRecords,
    maton_twilio::ListAccounts,
);
forward_setters!(
    ApplyNameAndUrls {
        with_friendly_name(String) => friendly_name,
        with_voice_url(String) => voice_url,
        with_sms_url(String) => sms_url,
    }
    for maton_twilio::UpdatePhoneNumber,
    maton_twilio::ApplicationSettings,
);

/// Prints every item of `items`: as a JSON array written item by item (so memory stays flat
/// however long the list), or as a table once all are in.
pub async fn print_items<T: Serialize + Send + 'static>(
    output: Output,
    mut items: Items<T>,
    columns: Columns<T>,
) -> Result<(), Failure> {
    if output.is_json() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"[");
        let mut first = true;
        while let Some(item) = items.next().await {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    let _ = out.write_all(b"]\n");
                    return Err(e.into());
                }
            };
            let _ = out.write_all(if first { b"\n  " } else { b",\n  " });
            first = false;
            let _ = serde_json::to_writer(&mut out, &item);
        }
        let _ = out.write_all(if first { b"]\n" } else { b"\n]\n" });
        return Ok(());
    }
    // On an error mid-way (a later page failing), what was read is printed before the error.
    let mut rows = Vec::new();
    let mut failure = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => rows.push(columns.cells(&item)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    out!("{}", table(&columns.headers(), &rows));
    match failure {
        Some(e) => {
            if !rows.is_empty() {
                eprintln!("(stopped after {} items)", rows.len());
            }
            Err(e.into())
        }
        None => {
            if rows.is_empty() {
                outln!("(none)");
            }
            Ok(())
        }
    }
}

/// `get SID`: fetches what the positional SID names and prints its details.
pub async fn show<S, T>(
    output: Output,
    given: &str,
    fetch: impl FnOnce(&S) -> Pending<T>,
    details: &[Field<T>],
) -> Result<(), Failure>
where
    S: std::str::FromStr<Err = maton_twilio::ParseError>,
    T: Serialize + Send + 'static,
{
    let item = fetch(&sid::<S>(given)?).await?;
    output.one(&item, details);
    Ok(())
}

/// `VERB SID` (`calls end`, `messages cancel`, ...): runs `act` on what the positional SID
/// names and prints the result as JSON, or `said` of it.
pub async fn act<S, T>(
    output: Output,
    given: &str,
    act: impl FnOnce(&S) -> Pending<T>,
    said: impl FnOnce(&T) -> String,
) -> Result<(), Failure>
where
    S: std::str::FromStr<Err = maton_twilio::ParseError>,
    T: Serialize + Send + 'static,
{
    let item = act(&sid::<S>(given)?).await?;
    output.done(&item, &said(&item));
    Ok(())
}

/// `delete SID`: deletes what the positional SID names and confirms it.
pub async fn delete<S>(
    output: Output,
    given: &str,
    delete: impl FnOnce(&S) -> Pending<()>,
) -> Result<(), Failure>
where
    S: std::str::FromStr<Err = maton_twilio::ParseError>,
{
    delete(&sid::<S>(given)?).await?;
    output.deleted(given);
    Ok(())
}

/// Parses a SID given as the positional argument; an error names it `SID`.
pub fn sid<T: std::str::FromStr<Err = maton_twilio::ParseError>>(text: &str) -> Result<T, Failure> {
    text.parse()
        .map_err(|e| exit::input(maton_twilio::Error::from(e), "SID"))
}

/// Parses a date (`2026-02-01`, midnight UTC) or an RFC 3339 time.
pub fn parse_time(flag: &str, text: &str) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            Failure::Cli(
                exit::USAGE,
                format!(
                    "--{flag}: `{}` is neither a date (YYYY-MM-DD) nor an RFC 3339 time",
                    echo(text)
                ),
            )
        })
}

/// Parses a date `YYYY-MM-DD`.
pub fn parse_date(flag: &str, text: &str) -> Result<chrono::NaiveDate, Failure> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Failure::Cli(
            exit::USAGE,
            format!("--{flag}: `{}` is not a date (YYYY-MM-DD)", echo(text)),
        )
    })
}

/// An amount beside its unit (`0.0075 USD`), `-` for either when absent.
pub fn amount<T: std::fmt::Display, U: std::fmt::Display>(
    value: &Option<T>,
    unit: &Option<U>,
) -> String {
    format!("{} {}", text(value), text(unit))
}

/// Text of an optional value, `-` when absent.
pub fn text<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_else(|| "-".into())
}

/// An optional timestamp as RFC 3339 (or its raw text), `-` when absent.
pub fn when(value: &Option<maton_twilio::raw::Timestamp>) -> String {
    match value {
        Some(t) => t
            .utc()
            .map(|u| u.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| t.as_str().to_string()),
        None => "-".into(),
    }
}
