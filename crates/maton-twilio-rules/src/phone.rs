//! [`PhoneNumber`]: a phone number in E.164.

use crate::ParseError;
use crate::text::checked_text;

/// The fewest digits after the `+`: a country code and at least one digit of the number.
pub const MIN_E164_DIGITS: usize = 2;
/// The most digits after the `+` (ITU-T E.164: fifteen, country code included).
pub const MAX_E164_DIGITS: usize = 15;

const EXPECTED: &str = "an E.164 phone number: write `+`, the country code and the number, \
                        digits only, at most 15 (e.g. +15551234567)";

/// Whether `text` is a phone number in E.164: `+`, then 2 to 15 ASCII digits, the first not `0`.
///
/// The rule is Twilio's own, from its glossary page "What is E.164?": decimal digits, at most
/// fifteen in all, a leading `+`, and no leading `0` (no country code starts with one); a country
/// code is one to three digits and the rest of the fifteen is the number. So the shortest
/// accepted text is a one-digit country code and one digit (`+12`), as in the regular expression
/// Twilio's page gives, `^\+[1-9]\d{1,14}$`. No lower bound is drawn from national numbering
/// plans: real numbers of seven digits exist (`+290` and a four-digit number, Saint Helena), so
/// a bound such as eight digits would refuse them, and which numbers exist is Twilio's to say.
/// Spaces, dashes and channel prefixes (`whatsapp:`) are not part of E.164.
pub fn is_e164(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (MIN_E164_DIGITS..=MAX_E164_DIGITS).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// A phone number in E.164 (see [`is_e164`]), checked when it is made.
///
/// ```
/// use maton_twilio_rules::PhoneNumber;
/// let number: PhoneNumber = "+15551234567".parse()?;
/// assert_eq!(number.as_str(), "+15551234567");
/// assert!("555-1234".parse::<PhoneNumber>().is_err());
/// # Ok::<(), maton_twilio_rules::ParseError>(())
/// ```
///
/// It serializes as its text and deserializes through [`parse`](Self::parse), so a bad number in
/// a document is refused rather than carried along.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Checks `text` (surrounding whitespace is ignored) and wraps it; the error names the
    /// parameter `phone_number`.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let text = text.trim();
        if is_e164(text) {
            Ok(Self(text.to_string()))
        } else {
            Err(ParseError::new("phone_number", EXPECTED, text))
        }
    }

    /// The number's text, `+` included.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

checked_text!(PhoneNumber);

impl From<&PhoneNumber> for String {
    fn from(number: &PhoneNumber) -> String {
        number.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `+` and `n` digits, the first not `0`.
    fn digits(n: usize) -> String {
        format!("+1{}", "2".repeat(n - 1))
    }

    #[test]
    fn e164_edges() {
        let (shortest, longest) = (digits(MIN_E164_DIGITS), digits(MAX_E164_DIGITS));
        for ok in [
            shortest.as_str(),
            "+15551234567",
            "+2901234",
            longest.as_str(),
            " +447700900123 ",
        ] {
            assert!(PhoneNumber::parse(ok).is_ok(), "{ok}");
        }
        let (too_short, too_long) = (digits(MIN_E164_DIGITS - 1), digits(MAX_E164_DIGITS + 1));
        for bad in [
            too_short.as_str(),
            "+",
            "",
            too_long.as_str(),
            "15551234567",
            "+0123",
            "+1 555 123 4567",
            "+1-555",
            "++1555",
            "+１２３",
            "whatsapp:+15551234567",
        ] {
            let err = PhoneNumber::parse(bad).unwrap_err();
            assert_eq!(err.field(), "phone_number", "{bad}");
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn serde_round_trip_checks() {
        let number = PhoneNumber::parse("+15551234567").unwrap();
        let json = serde_json::to_string(&number).unwrap();
        assert_eq!(json, "\"+15551234567\"");
        assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), number);
        assert!(serde_json::from_str::<PhoneNumber>("\"555-1234\"").is_err());
        assert!(serde_json::from_str::<PhoneNumber>("15551234567").is_err());
    }
}
