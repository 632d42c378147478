//! Dates as Twilio writes them and as its list filters read them.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use maton_twilio_api::Timestamp;

use crate::reply::ApiError;

/// `Mon, 09 Feb 2026 21:00:00 +0000`, the format of every v2010 date-time field.
pub(crate) fn stamp(at: DateTime<Utc>) -> Timestamp {
    Timestamp::from(at)
}

/// `2025-12-08T07:20:53.488460Z`, the control plane's format.
pub(crate) fn stamp_micros(at: DateTime<Utc>) -> Timestamp {
    Timestamp::rfc3339(at)
}

/// A range filter's bound: a whole day (`2026-02-09`) or an instant (`2026-02-09T21:00:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl Bound {
    pub(crate) fn parse(key: &str, text: &str) -> Result<Self, ApiError> {
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Self::Day(day));
        }
        DateTime::parse_from_rfc3339(text)
            .map(|at| Self::Instant(at.with_timezone(&Utc)))
            .map_err(|_| {
                ApiError::invalid(format!(
                    "{key} must be a date (YYYY-MM-DD) or an ISO 8601 date-time, not {text:?}"
                ))
            })
    }
}

/// The `X`, `X<` and `X>` filters on one date field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DateFilter {
    on: Option<Bound>,
    before: Option<Bound>,
    after: Option<Bound>,
}

impl DateFilter {
    /// Reads `name`, `name<` and `name>` from the query.
    pub(crate) fn read(query: &crate::params::Params, name: &str) -> Result<Self, ApiError> {
        let read = |key: String| -> Result<Option<Bound>, ApiError> {
            query.get(&key).map(|v| Bound::parse(&key, v)).transpose()
        };
        Ok(Self {
            on: read(name.to_string())?,
            before: read(format!("{name}<"))?,
            after: read(format!("{name}>"))?,
        })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.on.is_none() && self.before.is_none() && self.after.is_none()
    }

    /// Whether `at` passes: a day bound compares days (inclusive on both sides, as Twilio's
    /// documentation says), an instant bound compares instants.
    pub(crate) fn accepts(&self, at: Option<DateTime<Utc>>) -> bool {
        if self.is_empty() {
            return true;
        }
        let Some(at) = at else { return false };
        let day = at.date_naive();
        let on = self.on.is_none_or(|b| match b {
            Bound::Day(d) => day == d,
            Bound::Instant(i) => day == i.date_naive(),
        });
        let before = self.before.is_none_or(|b| match b {
            Bound::Day(d) => day <= d,
            Bound::Instant(i) => at <= i,
        });
        let after = self.after.is_none_or(|b| match b {
            Bound::Day(d) => day >= d,
            Bound::Instant(i) => at >= i,
        });
        on && before && after
    }
}

/// How far from today a usage-records date may lie, either way, in days (about 100 years).
pub(crate) const MAX_USAGE_OFFSET_DAYS: i64 = 36_500;

/// A usage-records date: `YYYY-MM-DD`, or an offset from today such as `-30days` / `+2days`.
/// Either must lie within [`MAX_USAGE_OFFSET_DAYS`] of today: anything else is a 400 (20001),
/// so that no date range can ask for unbounded work.
pub(crate) fn usage_date(key: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, ApiError> {
    let bad = || {
        ApiError::invalid(format!(
            "{key} must be YYYY-MM-DD or an offset such as -30days, within \
             {MAX_USAGE_OFFSET_DAYS} days of today, not {text:?}"
        ))
    };
    let day = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => day,
        Err(_) => {
            let days = text.strip_suffix("days").ok_or_else(bad)?;
            let days: i64 = days.trim_start_matches('+').parse().map_err(|_| bad())?;
            if !(-MAX_USAGE_OFFSET_DAYS..=MAX_USAGE_OFFSET_DAYS).contains(&days) {
                return Err(bad());
            }
            TimeDelta::try_days(days)
                .and_then(|delta| today.checked_add_signed(delta))
                .ok_or_else(bad)?
        }
    };
    let distance = day.signed_duration_since(today).num_days();
    if (-MAX_USAGE_OFFSET_DAYS..=MAX_USAGE_OFFSET_DAYS).contains(&distance) {
        Ok(day)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn formats_match_the_wire() {
        let t = at("2026-02-09T21:00:00.5Z");
        assert_eq!(stamp(t).as_str(), "Mon, 09 Feb 2026 21:00:00 +0000");
        assert_eq!(stamp_micros(t).as_str(), "2026-02-09T21:00:00.500000Z");
    }

    #[test]
    fn day_and_instant_bounds() {
        let query = crate::params::Params::parse(
            b"DateSent%3E=2026-02-09&DateSent%3C=2026-02-10T00:00:00Z",
        )
        .unwrap();
        let filter = DateFilter::read(&query, "DateSent").unwrap();
        assert!(filter.accepts(Some(at("2026-02-09T00:00:00Z"))));
        assert!(filter.accepts(Some(at("2026-02-10T00:00:00Z"))));
        assert!(!filter.accepts(Some(at("2026-02-10T00:00:01Z"))));
        assert!(!filter.accepts(Some(at("2026-02-08T23:59:59Z"))));
        assert!(!filter.accepts(None));
        let bad = crate::params::Params::parse(b"DateSent=yesterday").unwrap();
        assert_eq!(DateFilter::read(&bad, "DateSent").unwrap_err().code, 20001);
    }

    #[test]
    fn usage_offsets() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
        assert_eq!(
            usage_date("StartDate", "-9days", today).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
        );
        assert!(usage_date("StartDate", "soon", today).is_err());
    }

    #[test]
    fn usage_dates_out_of_range_are_400_not_panics() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 9).unwrap();
        for bad in [
            "-9223372036854775808days",
            "9223372036854775807days",
            "+9223372036854775807days",
            "-36501days",
            "-262000-01-01",
            "+262000-12-31",
            "1900-01-01",
            "2200-01-01",
        ] {
            let err = usage_date("StartDate", bad, today).unwrap_err();
            assert_eq!(err.code, 20001, "{bad}");
        }
        for good in ["-36500days", "+36500days", "2000-01-01", "2100-12-31"] {
            assert!(usage_date("EndDate", good, today).is_ok(), "{good}");
        }
    }
}
