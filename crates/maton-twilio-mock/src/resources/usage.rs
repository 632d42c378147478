//! Usage records: what each account has sent, booked per day when a message or call is created.

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use http::StatusCode;
use maton_twilio_api::Timestamp;
use maton_twilio_api::twilio::Operation as Op;
use maton_twilio_api::twilio::types::{UsageRecord, UsageRecordPage};

use super::Ctx;
use super::messages::numeric;
use crate::dates::usage_date;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::phone;
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The most periods a `Daily`, `Monthly` or `Yearly` list spans (the most recent ones).
const MAX_PERIODS: usize = 1000;

/// One day's usage of one account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DayUsage {
    messages: u64,
    segments: u64,
    message_price: i64,
    calls: u64,
    minutes: i64,
    call_price: i64,
}

impl DayUsage {
    fn add(&mut self, other: &DayUsage) {
        self.messages = self.messages.saturating_add(other.messages);
        self.segments = self.segments.saturating_add(other.segments);
        self.message_price = self.message_price.saturating_add(other.message_price);
        self.calls = self.calls.saturating_add(other.calls);
        self.minutes = self.minutes.saturating_add(other.minutes);
        self.call_price = self.call_price.saturating_add(other.call_price);
    }

    /// One message of `segments` segments, at its price.
    fn message(segments: u32) -> DayUsage {
        DayUsage {
            messages: 1,
            segments: u64::from(segments),
            message_price: super::prices::message(segments),
            ..DayUsage::default()
        }
    }

    /// `minutes` started minutes of a call, at their price (not the call itself).
    fn minutes(minutes: i64) -> DayUsage {
        DayUsage {
            minutes,
            call_price: super::prices::call(minutes),
            ..DayUsage::default()
        }
    }

    fn take_back(&mut self, other: &DayUsage) {
        self.messages = self.messages.saturating_sub(other.messages);
        self.segments = self.segments.saturating_sub(other.segments);
        self.message_price = self.message_price.saturating_sub(other.message_price);
        self.calls = self.calls.saturating_sub(other.calls);
        self.minutes = self.minutes.saturating_sub(other.minutes);
        self.call_price = self.call_price.saturating_sub(other.call_price);
    }
}

/// Usage by account and day.
#[derive(Clone, Debug, Default)]
pub(crate) struct Usage {
    days: HashMap<String, BTreeMap<NaiveDate, DayUsage>>,
}

impl Usage {
    fn day(&mut self, account: &str, day: NaiveDate) -> &mut DayUsage {
        self.days
            .entry(account.to_string())
            .or_default()
            .entry(day)
            .or_default()
    }

    pub(crate) fn book_message(&mut self, account: &str, day: NaiveDate, segments: u32) {
        self.day(account, day).add(&DayUsage::message(segments));
    }

    pub(crate) fn book_call(&mut self, account: &str, day: NaiveDate, minutes: i64) {
        self.day(account, day).add(&DayUsage {
            calls: 1,
            ..DayUsage::minutes(minutes)
        });
    }

    /// Takes back what [`book_message`](Self::book_message) booked on `day` for a message that
    /// will never be sent (a scheduled message, canceled): it neither counts nor costs.
    pub(crate) fn unbook_message(&mut self, account: &str, day: NaiveDate, segments: u32) {
        self.day(account, day)
            .take_back(&DayUsage::message(segments));
    }

    /// Takes back the minutes and price booked on `day` for a call that ended before it was
    /// answered (canceled while queued or ringing); it still counts as a call.
    pub(crate) fn unbook_call_minutes(&mut self, account: &str, day: NaiveDate, minutes: i64) {
        self.day(account, day)
            .take_back(&DayUsage::minutes(minutes));
    }

    /// What `account` was charged in all, in hundred-thousandths of a dollar (negative).
    pub(crate) fn spent(&self, account: &str) -> i64 {
        self.days.get(account).map_or(0, |days| {
            days.values().fold(0i64, |sum, day| {
                sum.saturating_add(day.message_price)
                    .saturating_add(day.call_price)
            })
        })
    }

    /// The usage of all `accounts` together, per day from `from` to `to`: one pass over what
    /// is stored, so that many accounts times many periods cost no more than their sum.
    fn merged(
        &self,
        accounts: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> BTreeMap<NaiveDate, DayUsage> {
        let mut merged = BTreeMap::<NaiveDate, DayUsage>::new();
        if from > to {
            return merged;
        }
        for days in accounts.iter().filter_map(|a| self.days.get(a)) {
            for (day, usage) in days.range(from..=to) {
                merged.entry(*day).or_default().add(usage);
            }
        }
        merged
    }
}

/// The usage in `days` from `from` to `to`.
fn total(days: &BTreeMap<NaiveDate, DayUsage>, from: NaiveDate, to: NaiveDate) -> DayUsage {
    let mut total = DayUsage::default();
    if from <= to {
        for usage in days.range(from..=to).map(|(_, u)| u) {
            total.add(usage);
        }
    }
    total
}

impl Usage {
    fn first_day(&self, accounts: &[String]) -> Option<NaiveDate> {
        accounts
            .iter()
            .filter_map(|a| self.days.get(a).and_then(|d| d.keys().next().copied()))
            .min()
    }
}

/// The period of a `Usage/Records/{Period}.json` list, or `None` for `Usage/Records.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Period {
    AllTime,
    Daily,
    LastMonth,
    Monthly,
    ThisMonth,
    Today,
    Yearly,
    Yesterday,
}

impl Period {
    pub(crate) fn from_segment(segment: &str) -> Option<Self> {
        Some(match segment {
            "AllTime.json" => Self::AllTime,
            "Daily.json" => Self::Daily,
            "LastMonth.json" => Self::LastMonth,
            "Monthly.json" => Self::Monthly,
            "ThisMonth.json" => Self::ThisMonth,
            "Today.json" => Self::Today,
            "Yearly.json" => Self::Yearly,
            "Yesterday.json" => Self::Yesterday,
            _ => return None,
        })
    }
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn year_start(day: NaiveDate) -> NaiveDate {
    day.with_ordinal(1).unwrap_or(day)
}

/// The first day of the period after the one holding `day`, if the calendar goes that far.
fn next(day: NaiveDate, period: Period) -> Option<NaiveDate> {
    match period {
        Period::Monthly => month_start(day).checked_add_months(Months::new(1)),
        Period::Yearly => year_start(day).checked_add_months(Months::new(12)),
        _ => day.checked_add_signed(TimeDelta::days(1)),
    }
}

/// The `(start, end)` buckets of a list, newest first.
fn buckets(
    period: Option<Period>,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate)> {
    buckets_counted(period, start, end, today).0
}

/// The first period a `Daily`, `Monthly` or `Yearly` list needs: at most [`MAX_PERIODS`] before
/// the one holding `end`, so that the walk never depends on how far back `start` lies.
fn first_period(period: Period, start: NaiveDate, end: NaiveDate) -> NaiveDate {
    let back = u32::try_from(MAX_PERIODS).unwrap_or(u32::MAX);
    let earliest = match period {
        Period::Monthly => month_start(end).checked_sub_months(Months::new(back)),
        Period::Yearly => year_start(end).checked_sub_months(Months::new(back.saturating_mul(12))),
        _ => end.checked_sub_signed(TimeDelta::days(i64::from(back))),
    };
    let start = match period {
        Period::Monthly => month_start(start),
        Period::Yearly => year_start(start),
        _ => start,
    };
    earliest.map_or(start, |earliest| start.max(earliest))
}

/// [`buckets`], with the number of loop steps it took (never more than `MAX_PERIODS + 2`).
fn buckets_counted(
    period: Option<Period>,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> (Vec<(NaiveDate, NaiveDate)>, usize) {
    let yesterday = today.pred_opt().unwrap_or(today);
    let last_month_end = month_start(today).pred_opt().unwrap_or(today);
    let one = |bucket| (vec![bucket], 1);
    match period {
        None | Some(Period::AllTime) => one((start, end)),
        Some(Period::Today) => one((today, today)),
        Some(Period::Yesterday) => one((yesterday, yesterday)),
        Some(Period::ThisMonth) => one((month_start(today), today)),
        Some(Period::LastMonth) => one((month_start(last_month_end), last_month_end)),
        Some(p @ (Period::Daily | Period::Monthly | Period::Yearly)) => {
            let mut out = VecDeque::new();
            let mut from = first_period(p, start, end);
            let mut steps = 0;
            while from <= end && steps <= MAX_PERIODS + 1 {
                steps += 1;
                let following = next(from, p);
                let to = following.and_then(|f| f.pred_opt()).unwrap_or(end).min(end);
                out.push_front((from.max(start), to));
                if out.len() > MAX_PERIODS {
                    out.pop_back();
                }
                match following {
                    Some(following) if following > from => from = following,
                    _ => break,
                }
            }
            (out.into(), steps)
        }
    }
}

const SUBRESOURCES: &[(&str, &str)] = &[
    ("all_time", "AllTime"),
    ("daily", "Daily"),
    ("last_month", "LastMonth"),
    ("monthly", "Monthly"),
    ("this_month", "ThisMonth"),
    ("today", "Today"),
    ("yearly", "Yearly"),
    ("yesterday", "Yesterday"),
];

struct Category {
    name: &'static str,
    description: &'static str,
    count_unit: &'static str,
    usage_unit: &'static str,
}

const CATEGORIES: &[Category] = &[
    Category {
        name: "calls",
        description: "Voice Minutes",
        count_unit: "calls",
        usage_unit: "minutes",
    },
    Category {
        name: "phonenumbers",
        description: "Phone Numbers",
        count_unit: "numbers",
        usage_unit: "numbers",
    },
    Category {
        name: "sms",
        description: "SMS Messages",
        count_unit: "messages",
        usage_unit: "segments",
    },
    Category {
        name: "totalprice",
        description: "Total Price",
        count_unit: "",
        usage_unit: "usd",
    },
];

#[allow(clippy::too_many_arguments)]
fn record(
    account: &str,
    category: &Category,
    usage: &DayUsage,
    numbers: u64,
    start: NaiveDate,
    end: NaiveDate,
    now: DateTime<Utc>,
    path: &str,
) -> UsageRecord {
    let (count, used, price) = match category.name {
        "calls" => (
            usage.calls.to_string(),
            usage.minutes.to_string(),
            usage.call_price,
        ),
        "phonenumbers" => (numbers.to_string(), numbers.to_string(), 0),
        "sms" => (
            usage.messages.to_string(),
            usage.segments.to_string(),
            usage.message_price,
        ),
        _ => {
            let total = usage.message_price + usage.call_price;
            ("0".to_string(), phone::price(-total), total)
        }
    };
    let subresource_uris = SUBRESOURCES
        .iter()
        .map(|(key, name)| {
            (
                key.to_string(),
                format!(
                    "/2010-04-01/Accounts/{account}/Usage/Records/{name}.json?Category={}",
                    category.name
                ),
            )
        })
        .collect();
    UsageRecord {
        account_sid: Some(account.to_string()),
        api_version: Some("2010-04-01".to_string()),
        as_of: Some(now.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()),
        category: Some(category.name.to_string()),
        count: Some(numeric(count)),
        count_unit: Some(category.count_unit.to_string()),
        description: Some(category.description.to_string()),
        end_date: Some(Timestamp::from_date(end)),
        price: Some(numeric(phone::price(-price))),
        price_unit: Some("usd".to_string()),
        start_date: Some(Timestamp::from_date(start)),
        subresource_uris: Some(subresource_uris),
        uri: Some(format!(
            "{path}?Category={}&StartDate={start}&EndDate={end}",
            category.name
        )),
        usage: Some(numeric(used)),
        usage_unit: Some(category.usage_unit.to_string()),
        extra: serde_json::Map::new(),
    }
}

/// The operations this module answers: the records of every period, and of none.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListUsageRecord, by_period),
    (Op::ListUsageRecordAllTime, by_period),
    (Op::ListUsageRecordDaily, by_period),
    (Op::ListUsageRecordLastMonth, by_period),
    (Op::ListUsageRecordMonthly, by_period),
    (Op::ListUsageRecordThisMonth, by_period),
    (Op::ListUsageRecordToday, by_period),
    (Op::ListUsageRecordYearly, by_period),
    (Op::ListUsageRecordYesterday, by_period),
];

/// The list of the operation's period: its path template's last segment (`Daily.json`); none
/// for `Records.json`.
fn by_period(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let segment = ctx.op.path().rsplit('/').next().unwrap_or_default();
    list(store, ctx, Period::from_segment(segment))
}

pub(crate) fn list(
    store: &Store,
    ctx: &Ctx<'_>,
    period: Option<Period>,
) -> Result<Reply, ApiError> {
    let query = ctx.query;
    let request = PageRequest::read(query, &["UR"], store.seed)?;
    let today = ctx.now.date_naive();
    let include_subaccounts = query.bool("IncludeSubaccounts")?.unwrap_or(true);
    let mut accounts = vec![ctx.account.to_string()];
    if include_subaccounts {
        accounts.extend(
            store
                .accounts
                .values()
                .filter(|a| a.owner() == ctx.account && a.sid() != ctx.account)
                .map(|a| a.sid().to_string()),
        );
    }
    let opened = store.usage.first_day(&accounts).unwrap_or(today).min(today);
    let start = query
        .get("StartDate")
        .map(|v| usage_date("StartDate", v, today))
        .transpose()?
        .unwrap_or(opened);
    let end = query
        .get("EndDate")
        .map(|v| usage_date("EndDate", v, today))
        .transpose()?
        .unwrap_or(today);
    let category = query.get("Category");
    let numbers = store
        .numbers
        .values()
        .filter(|n| {
            n.account_sid
                .as_deref()
                .is_some_and(|a| accounts.iter().any(|x| x == a))
        })
        .count() as u64;
    let mut records = BTreeMap::new();
    let buckets = buckets(period, start, end, today);
    let first = buckets.iter().map(|(from, _)| *from).min().unwrap_or(start);
    let last = buckets.iter().map(|(_, to)| *to).max().unwrap_or(end);
    let days = store.usage.merged(&accounts, first, last);
    for (from, to) in buckets {
        let usage = total(&days, from, to);
        for c in CATEGORIES
            .iter()
            .filter(|c| category.is_none_or(|wanted| wanted == c.name))
        {
            let key = records.len() as u64;
            records.insert(
                key,
                record(ctx.account, c, &usage, numbers, from, to, ctx.now, ctx.path),
            );
        }
    }
    let slice = walk(&records, Order::OldestFirst, &request, |_| true);
    let envelope = Envelope::new(ctx.path, query, &request, &slice, "UR", store.seed);
    let items = slice.items.iter().map(|(_, r)| (*r).clone()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &UsageRecordPage::from_parts(items, envelope),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_bounded_and_newest_first() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap_or_default();
        let far = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
        let daily = buckets(Some(Period::Daily), far, today, today);
        assert_eq!(daily.len(), MAX_PERIODS);
        assert_eq!(daily[0], (today, today));
        let monthly = buckets(
            Some(Period::Monthly),
            today - TimeDelta::days(20),
            today,
            today,
        );
        assert_eq!(monthly.len(), 2);
        assert_eq!(
            monthly[0].0,
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap_or_default()
        );
        let last = buckets(Some(Period::Yearly), NaiveDate::MAX, NaiveDate::MAX, today);
        assert_eq!(last.len(), 1, "no endless loop at the end of time");
    }

    #[test]
    fn totals_add_every_account_within_each_bucket() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 2, d).unwrap_or_default();
        let mut usage = Usage::default();
        usage.book_message("AC1", day(1), 2);
        usage.book_message("AC2", day(1), 1);
        usage.book_message("AC2", day(3), 1);
        usage.book_call("AC1", day(3), 1);
        usage.book_message("AC3", day(2), 5);
        let accounts = ["AC1".to_string(), "AC2".to_string()];
        let days = usage.merged(&accounts, day(1), day(3));
        let first = total(&days, day(1), day(1));
        assert_eq!(
            (first.messages, first.segments, first.message_price),
            (2, 3, -2250)
        );
        let second = total(&days, day(2), day(2));
        assert_eq!(second, DayUsage::default(), "AC3 is not asked for");
        let all = total(&days, day(1), day(3));
        assert_eq!((all.messages, all.calls, all.call_price), (3, 1, -1400));
        assert_eq!(total(&days, day(3), day(1)), DayUsage::default());
    }

    #[test]
    fn work_does_not_grow_with_the_range() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap_or_default();
        for period in [Period::Daily, Period::Monthly, Period::Yearly] {
            let (out, steps) = buckets_counted(Some(period), NaiveDate::MIN, NaiveDate::MAX, today);
            assert!(steps <= MAX_PERIODS + 2, "{period:?}: {steps} steps");
            assert!(out.len() <= MAX_PERIODS, "{period:?}");
            assert_eq!(out[0].1, NaiveDate::MAX, "{period:?}: newest first");
        }
        let (daily, _) = buckets_counted(
            Some(Period::Daily),
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
            today,
            today,
        );
        assert_eq!(daily.len(), MAX_PERIODS);
        assert_eq!(daily[MAX_PERIODS - 1].0, today - TimeDelta::days(999));
    }
}
