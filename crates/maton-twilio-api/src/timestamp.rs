//! [`Timestamp`]: one of Twilio's RFC 2822 dates, parsed, with its text kept.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date as Twilio sends it: `"Mon, 09 Feb 2026 21:00:00 +0000"` (RFC 2822, GMT).
///
/// Decoding never fails on the text: a date that does not parse keeps its text and gives `None`
/// from [`utc`](Self::utc), so one odd date cannot make a whole response undecodable. It encodes
/// back to the exact text it came with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    utc: Option<DateTime<Utc>>,
}

impl Timestamp {
    /// The instant, if the text is a valid RFC 2822 date.
    pub fn utc(&self) -> Option<DateTime<Utc>> {
        self.utc
    }

    /// The text exactly as sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn parse(text: String) -> Self {
        let utc = DateTime::parse_from_rfc2822(text.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc));
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

        let odd: Timestamp = serde_json::from_str(r#""yesterday""#).unwrap();
        assert_eq!(odd.utc(), None);
        assert_eq!(odd.as_str(), "yesterday");
    }
}
