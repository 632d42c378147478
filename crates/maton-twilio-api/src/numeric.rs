//! [`Numeric`]: a number that Twilio may send as a JSON string or as a JSON number.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A number as Twilio sent it, either `"0.0075"` or `0.0075`.
///
/// Twilio declares `price`, `num_segments`, `duration`, `count` and the like as strings, sends
/// most of them as strings, and sends some that it declares as numbers as strings too. This type
/// accepts both encodings, keeps the text exactly as sent (no rounding of prices) and encodes back
/// the way it came.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Numeric {
    text: String,
    quoted: bool,
}

impl Numeric {
    /// The number's text, exactly as sent (`"-0.00750"`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value as `f64`, if the text is a number.
    pub fn to_f64(&self) -> Option<f64> {
        self.text.trim().parse().ok()
    }

    /// The value as `i64`, if the text is a whole number.
    pub fn to_i64(&self) -> Option<i64> {
        self.text.trim().parse().ok()
    }

    /// The value as `u64`, if the text is a whole, non-negative number.
    pub fn to_u64(&self) -> Option<u64> {
        self.text.trim().parse().ok()
    }

    /// Whether it came as a JSON string (`true`) or a JSON number (`false`).
    pub fn was_quoted(&self) -> bool {
        self.quoted
    }
}

impl fmt::Display for Numeric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Numeric {
    type Err = std::convert::Infallible;

    /// Wraps text as a quoted numeric; the text is not checked (Twilio's own may be empty).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self {
            text: text.to_string(),
            quoted: true,
        })
    }
}

impl Serialize for Numeric {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !self.quoted {
            if let Ok(n) = self.text.parse::<i64>() {
                return serializer.serialize_i64(n);
            }
            if let Ok(n) = self.text.parse::<u64>() {
                return serializer.serialize_u64(n);
            }
            if let Ok(n) = self.text.parse::<f64>() {
                return serializer.serialize_f64(n);
            }
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Numeric {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumericVisitor)
    }
}

struct NumericVisitor;

impl NumericVisitor {
    fn number(text: String) -> Numeric {
        Numeric {
            text,
            quoted: false,
        }
    }
}

impl Visitor<'_> for NumericVisitor {
    type Value = Numeric;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding one")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Numeric, E> {
        Ok(Numeric {
            text: v.to_string(),
            quoted: true,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Numeric, E> {
        Ok(Self::number(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Numeric, E> {
        Ok(Self::number(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Numeric, E> {
        Ok(Self::number(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_both_encodings_and_round_trips() {
        for json in [r#""-0.00750""#, "-0.0075", "12", r#""12""#, r#""""#] {
            let n: Numeric = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&n).unwrap(), json);
        }
        let price: Numeric = serde_json::from_str(r#""-0.00750""#).unwrap();
        assert_eq!(price.as_str(), "-0.00750");
        assert_eq!(price.to_f64(), Some(-0.0075));
        assert!(price.was_quoted());
        let segments: Numeric = serde_json::from_str("3").unwrap();
        assert_eq!(segments.to_u64(), Some(3));
        assert!(!segments.was_quoted());
        assert!(serde_json::from_str::<Numeric>("true").is_err());
    }
}
