//! The address forms Twilio accepts for `To` and `From`: E.164 numbers
//! ([`PhoneNumber`], defined in `maton-twilio-rules` with the reason for its
//! bounds: `+` and 2 to 15 digits, the first not `0`) and the wider forms below.
//!
//! The rules, applied in `send()` before anything goes out:
//!
//! | where | accepted |
//! |---|---|
//! | message `to` | E.164 (`+15551234567`), or a channel address `channel:id` such as `whatsapp:+15551234567` (the part after `whatsapp:` must be E.164) or `messenger:1234` |
//! | message `from` | everything `to` accepts, plus a short code (3 to 8 digits) and an alphanumeric sender ID (1 to 11 ASCII letters, digits and spaces, at least one letter) |
//! | call `to` | E.164, `client:identity`, or a `sip:` / `sips:` URI |
//! | call `from` | E.164 or `client:identity` |
//!
//! Whether a given sender is allowed for a given recipient (alphanumeric IDs are not available in
//! every country, WhatsApp needs an approved sender) is Twilio's decision and comes back as an API
//! error.

use maton_twilio_rules::is_e164;

use crate::sid::shorten;
use crate::{Error, PhoneNumber};

/// An E.164 number as [`PhoneNumber`] checks it, for the parameter `field`; surrounding
/// whitespace, which `PhoneNumber` would trim, is refused here because the text is sent as is.
pub(crate) fn check_e164(field: &'static str, text: &str) -> Result<(), Error> {
    match PhoneNumber::parse(text) {
        Ok(number) if number.as_str() == text => Ok(()),
        Ok(_) => Err(Error::invalid_input(
            field,
            format!("`{}` starts or ends with whitespace", shorten(text)),
        )),
        Err(e) => Err(e.for_field(field).into()),
    }
}

/// `channel:rest` with a lowercase channel name; `whatsapp:` must carry an E.164 number.
fn is_channel_address(text: &str) -> bool {
    let Some((channel, rest)) = text.split_once(':') else {
        return false;
    };
    if channel.is_empty()
        || !channel.bytes().all(|b| b.is_ascii_lowercase())
        || rest.is_empty()
        || rest.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    match channel {
        "whatsapp" => is_e164(rest),
        // Voice-only forms are not messaging channels.
        "client" | "sip" | "sips" | "http" | "https" => false,
        _ => true,
    }
}

fn is_short_code(text: &str) -> bool {
    (3..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_alphanumeric_sender(text: &str) -> bool {
    (1..=11).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && text.bytes().any(|b| b.is_ascii_alphabetic())
        && text.trim() == text
}

/// A message recipient: E.164 or a channel address.
pub(crate) fn check_message_to(text: &str) -> Result<(), Error> {
    if is_channel_address(text) {
        return Ok(());
    }
    check_e164("to", text).map_err(|_| {
        Error::invalid_input(
            "to",
            format!(
                "`{}` is not an E.164 phone number (+15551234567) or a channel address \
                 (whatsapp:+15551234567)",
                shorten(text)
            ),
        )
    })
}

/// A message sender: a recipient form, a short code or an alphanumeric sender ID.
pub(crate) fn check_message_from(text: &str) -> Result<(), Error> {
    if is_e164(text)
        || is_channel_address(text)
        || is_short_code(text)
        || is_alphanumeric_sender(text)
    {
        return Ok(());
    }
    Err(Error::invalid_input(
        "from",
        format!(
            "`{}` is not an E.164 number, a channel address, a short code or an alphanumeric \
             sender ID (1 to 11 letters, digits and spaces)",
            shorten(text)
        ),
    ))
}

fn is_client_identity(text: &str) -> bool {
    text.strip_prefix("client:").is_some_and(|id| {
        !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn is_sip_uri(text: &str) -> bool {
    let rest = text
        .strip_prefix("sip:")
        .or_else(|| text.strip_prefix("sips:"));
    rest.is_some_and(|r| r.contains('@') && !r.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// A call's callee: E.164, `client:` or a SIP URI.
pub(crate) fn check_call_to(text: &str) -> Result<(), Error> {
    if is_e164(text) || is_client_identity(text) || is_sip_uri(text) {
        return Ok(());
    }
    Err(Error::invalid_input(
        "to",
        format!(
            "`{}` is not an E.164 number, a `client:` identity or a `sip:` URI",
            shorten(text)
        ),
    ))
}

/// A call's caller ID: E.164 or `client:`.
pub(crate) fn check_call_from(text: &str) -> Result<(), Error> {
    if is_e164(text) || is_client_identity(text) {
        return Ok(());
    }
    Err(Error::invalid_input(
        "from",
        format!(
            "`{}` is not an E.164 number or a `client:` identity",
            shorten(text)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messaging_addresses() {
        for ok in ["+15551234567", "whatsapp:+15551234567", "messenger:1234567"] {
            assert!(check_message_to(ok).is_ok(), "{ok}");
            assert!(check_message_from(ok).is_ok(), "{ok}");
        }
        for from_only in ["12345", "MyShop", "My Shop 24"] {
            assert!(check_message_from(from_only).is_ok(), "{from_only}");
            assert!(check_message_to(from_only).is_err(), "{from_only}");
        }
        for bad in [
            "whatsapp:15551234567",
            "whatsapp:",
            "client:alice",
            "TwelveChars1",
            "12",
            "123456789",
            " Shop",
            "Shop!",
        ] {
            assert!(check_message_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn voice_addresses() {
        for ok in ["+15551234567", "client:alice", "sip:alice@example.com"] {
            assert!(check_call_to(ok).is_ok(), "{ok}");
        }
        assert!(check_call_from("client:alice").is_ok());
        assert!(check_call_from("sip:alice@example.com").is_err());
        assert!(check_call_to("client:").is_err());
        assert!(check_call_to("sip:nobody").is_err());
        assert!(check_call_to("whatsapp:+15551234567").is_err());
    }
}
