//! Phone numbers, message segments, prices and the emulator's magic test numbers.

use http::StatusCode;

use crate::reply::ApiError;

/// Whether `number` is E.164 as `maton-twilio-rules` defines it, optionally behind a channel
/// prefix such as `whatsapp:`.
pub(crate) fn is_e164(number: &str) -> bool {
    let number = number
        .strip_prefix("whatsapp:")
        .or_else(|| number.strip_prefix("messenger:"))
        .unwrap_or(number);
    maton_twilio_rules::is_e164(number)
}

/// Destinations that behave in a fixed way, like Twilio's test-credential numbers.
///
/// | To | on create | afterwards |
/// |---|---|---|
/// | `+15005550001` | 400, 21211 invalid number | |
/// | `+15005550002` | 400, 21612 cannot route | |
/// | `+15005550004` | 400, 21610 recipient unsubscribed | |
/// | `+15005550009` | 400, 21614 not a mobile number (messages only) | |
/// | `+15005550010` | accepted | message `failed` (30008); call `failed` |
/// | `+15005550011` | accepted | message `undelivered` (30003); call `busy` |
/// | `+15005550012` | accepted | message `undelivered` (30005); call `no-answer` |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The normal path: delivered / completed.
    Normal,
    Failed,
    Undelivered,
    Unanswered,
}

/// The create-time error a magic destination gives, if any.
pub(crate) fn create_error(to: &str, for_message: bool) -> Option<ApiError> {
    let bad = |code, message: &str| Some(ApiError::new(StatusCode::BAD_REQUEST, code, message));
    match to {
        "+15005550001" => bad(
            21211,
            &format!("The 'To' number {to} is not a valid phone number."),
        ),
        "+15005550002" => bad(
            21612,
            "The 'To' phone number is not currently reachable via SMS or voice.",
        ),
        "+15005550004" => bad(21610, "Attempt to send to unsubscribed recipient"),
        "+15005550009" if for_message => bad(
            21614,
            &format!("'To' number {to} is not a valid mobile number"),
        ),
        _ => None,
    }
}

/// What happens later to something sent to `to`.
pub(crate) fn outcome(to: &str) -> Outcome {
    match to {
        "+15005550010" => Outcome::Failed,
        "+15005550011" => Outcome::Undelivered,
        "+15005550012" => Outcome::Unanswered,
        _ => Outcome::Normal,
    }
}

/// How many segments `body` takes: 160 GSM-7 characters for one, 153 each when concatenated;
/// 70 / 67 for anything outside ASCII (UCS-2).
pub(crate) fn segments(body: &str) -> u32 {
    let ascii = body.is_ascii();
    let len = if ascii {
        body.len()
    } else {
        body.encode_utf16().count()
    };
    let (single, multi) = if ascii { (160, 153) } else { (70, 67) };
    let count = if len <= single {
        1
    } else {
        len.div_ceil(multi)
    };
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// A price given in hundred-thousandths of a dollar, written like Twilio (`-0.00750`).
pub(crate) fn price(units: i64) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    format!("{sign}{}.{:05}", units / 100_000, units % 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164() {
        for good in ["+15551234567", "+442071838750", "whatsapp:+15551234567"] {
            assert!(is_e164(good), "{good}");
        }
        for bad in [
            "15551234567",
            "+1 555 123",
            "+0123456789",
            "+1",
            "+1234567890123456",
            "",
            "+",
            "+1555abc4567",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }

    #[test]
    fn segments_and_prices() {
        assert_eq!(segments("hi"), 1);
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"é".repeat(71)), 2);
        assert_eq!(price(-750), "-0.00750");
        assert_eq!(price(-1_234_500), "-12.34500");
        assert_eq!(price(0), "0.00000");
    }
}
