//! [`Timestamp`]: a date or time from a response, parsed, with its text kept.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date or time as a server sent it: Twilio's RFC 2822 (`"Mon, 09 Feb 2026 21:00:00 +0000"`),
/// RFC 3339 (`"2026-02-09T23:18:44.243582Z"`, the control plane and usage records' `as_of`), or a
/// plain date (`"2026-02-01"`, usage records).
///
/// Decoding never fails on the text: a value that does not parse keeps its text and gives `None`
/// from [`utc`](Self::utc), so one odd date cannot make a whole response undecodable. It encodes
/// back to the exact text it came with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    utc: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// The instant (midnight UTC for a plain date), if the text parses.
    pub fn utc(&self) -> Option<DateTime<Utc>> {
        self.utc
    }

    /// The calendar date (in UTC), if the text parses.
    pub fn date(&self) -> Option<NaiveDate> {
        self.utc.map(|t| t.date_naive())
    }

    /// The text exactly as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// A plain date, written `YYYY-MM-DD`.
    pub fn from_date(date: NaiveDate) -> Self {
        Self {
            text: date.format("%Y-%m-%d").to_string(),
            utc: date.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        }
    }

    /// An instant written as RFC 3339 with microseconds (`2026-02-09T23:18:44.243582Z`).
    pub fn rfc3339(utc: DateTime<Utc>) -> Self {
        Self {
            text: utc.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            utc: Some(utc),
        }
    }

    fn parse(text: String) -> Self {
        let trimmed = text.trim();
        let utc = DateTime::parse_from_rfc2822(trimmed)
            .or_else(|_| DateTime::parse_from_rfc3339(trimmed))
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc())
            });
        Self { text, utc }
    }
}

impl From<DateTime<Utc>> for Timestamp {
    /// Formats as Twilio does: `Mon, 09 Feb 2026 21:00:00 +0000`.
    fn from(utc: DateTime<Utc>) -> Self {
        Self {
            text: utc.format("%a, %d %b %Y %H:%M:%S %z").to_string(),
            utc: Some(utc),
        }
    }
}

impl std::str::FromStr for Timestamp {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(text.to_string()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_twilio_dates_and_keeps_the_text() {
        let t: Timestamp = serde_json::from_str(r#""Mon, 09 Feb 2026 21:00:00 +0000""#).unwrap();
        assert_eq!(t.utc().unwrap().to_rfc3339(), "2026-02-09T21:00:00+00:00");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""Mon, 09 Feb 2026 21:00:00 +0000""#
        );
        assert_eq!(Timestamp::from(t.utc().unwrap()), t);

        let iso: Timestamp = serde_json::from_str(r#""2026-02-09T23:18:44.243582Z""#).unwrap();
        assert_eq!(iso.utc().unwrap().timestamp_micros(), 1_770_679_124_243_582);
        assert_eq!(Timestamp::rfc3339(iso.utc().unwrap()), iso);
        let day: Timestamp = serde_json::from_str(r#""2026-02-01""#).unwrap();
        assert_eq!(day.date().unwrap().to_string(), "2026-02-01");
        assert_eq!(Timestamp::from_date(day.date().unwrap()), day);

        let odd: Timestamp = serde_json::from_str(r#""yesterday""#).unwrap();
        assert_eq!(odd.utc(), None);
        assert_eq!(odd.as_str(), "yesterday");
    }
}
