//! The rules Twilio states for request parameters, checked before a request is sent so that a
//! mistake costs no round trip (and, for a send, no message). The ones the emulator checks too
//! (body length, media count, page size, validity period) are defined in `maton-twilio-rules`.

pub(crate) use maton_twilio_rules::{MAX_BODY_CHARS, MAX_MEDIA_URLS, MAX_PAGE_SIZE};
use maton_twilio_rules::{MAX_VALIDITY_PERIOD, MIN_PAGE_SIZE, MIN_VALIDITY_PERIOD, body_chars};

use crate::Error;
use crate::sid::shorten;

/// The longest inline TwiML, in characters.
pub const MAX_TWIML_CHARS: usize = 4000;
/// The longest `FriendlyName` on numbers, applications, queues and addresses, in characters.
pub const MAX_FRIENDLY_NAME_CHARS: usize = 64;
pub(crate) fn max_chars(field: &'static str, text: &str, max: usize) -> Result<(), Error> {
    let count = text.chars().count();
    if count > max {
        return Err(Error::invalid_input(
            field,
            format!("{count} characters; at most {max} are allowed"),
        ));
    }
    Ok(())
}

/// A message body of at most [`MAX_BODY_CHARS`], counted as Twilio counts ([`body_chars`]).
pub(crate) fn body(text: &str) -> Result<(), Error> {
    let count = body_chars(text);
    if count > MAX_BODY_CHARS {
        return Err(Error::invalid_input(
            "body",
            format!(
                "{count} characters as Twilio counts them (UTF-16 units: an emoji counts two); \
                 at most {MAX_BODY_CHARS} are allowed"
            ),
        ));
    }
    Ok(())
}

/// A `ValidityPeriod` in seconds, within Twilio's bounds.
pub(crate) fn validity_period(seconds: i64) -> Result<(), Error> {
    in_range(
        "validity_period",
        seconds,
        i64::from(MIN_VALIDITY_PERIOD),
        i64::from(MAX_VALIDITY_PERIOD),
    )
}

pub(crate) fn not_blank(field: &'static str, text: &str) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    Ok(())
}

pub(crate) fn in_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), Error> {
    if value < min || value > max {
        return Err(Error::invalid_input(
            field,
            format!("{value} is outside {min}..={max}"),
        ));
    }
    Ok(())
}

/// An absolute `http` or `https` URL with a host: what Twilio can call back or fetch.
///
/// `Url::parse` silently drops tabs and line breaks (and trims spaces and control characters at
/// the ends), but the text itself is what is sent: such a URL is refused, not cleaned.
pub(crate) fn absolute_url(field: &'static str, text: &str) -> Result<(), Error> {
    if text.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            field,
            format!(
                "`{}` holds a control character (tab, CR, LF, ...)",
                shorten(text)
            ),
        ));
    }
    if text.trim() != text {
        return Err(Error::invalid_input(
            field,
            format!("`{}` starts or ends with whitespace", shorten(text)),
        ));
    }
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(()),
        Ok(_) => Err(Error::invalid_input(
            field,
            format!("`{}` is not an http(s) URL", shorten(text)),
        )),
        Err(e) => Err(Error::invalid_input(
            field,
            format!("`{}` is not an absolute URL: {e}", shorten(text)),
        )),
    }
}

pub(crate) fn opt_url(field: &'static str, text: &Option<String>) -> Result<(), Error> {
    match text {
        Some(text) => absolute_url(field, text),
        None => Ok(()),
    }
}

/// Like [`opt_url`], but an empty string is allowed: on a number's or an application's settings
/// Twilio takes `""` as "clear this URL".
pub(crate) fn opt_url_or_clear(field: &'static str, text: &Option<String>) -> Result<(), Error> {
    match text.as_deref() {
        Some("") | None => Ok(()),
        Some(_) => opt_url(field, text),
    }
}

pub(crate) fn opt_friendly_name(text: &Option<String>) -> Result<(), Error> {
    match text {
        Some(text) => max_chars("friendly_name", text, MAX_FRIENDLY_NAME_CHARS),
        None => Ok(()),
    }
}

/// Inline TwiML for a call, when given: not blank, at most [`MAX_TWIML_CHARS`] characters.
pub(crate) fn opt_twiml(twiml: &Option<String>) -> Result<(), Error> {
    if let Some(twiml) = twiml {
        not_blank("twiml", twiml)?;
        max_chars("twiml", twiml, MAX_TWIML_CHARS)?;
    }
    Ok(())
}

pub(crate) fn page_size(size: u32) -> Result<(), Error> {
    in_range(
        "page_size",
        i64::from(size),
        i64::from(MIN_PAGE_SIZE),
        i64::from(MAX_PAGE_SIZE),
    )
}

/// An ISO 3166-1 alpha-2 country code (`US`, `GB`).
pub(crate) fn country_code(field: &'static str, text: &str) -> Result<(), Error> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
        return Ok(());
    }
    Err(Error::invalid_input(
        field,
        format!(
            "`{}` is not an ISO 3166-1 alpha-2 country code such as `US`",
            shorten(text)
        ),
    ))
}

/// Keys a call may press: digits, `A`–`D`, `#`, `*`, `w` and `W`, at most 32.
pub(crate) fn send_digits(text: &str) -> Result<(), Error> {
    max_chars("send_digits", text, 32)?;
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, 'A'..='D' | '#' | '*' | 'w' | 'W')))
    {
        return Err(Error::invalid_input(
            "send_digits",
            format!("`{bad}` is not a key: use digits, A-D, #, *, w and W"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(max_chars("friendly_name", &"é".repeat(64), 64).is_ok());
        assert!(max_chars("friendly_name", &"a".repeat(65), 64).is_err());
    }

    #[test]
    fn bodies_count_as_twilio_counts() {
        assert!(body(&"é".repeat(MAX_BODY_CHARS)).is_ok());
        assert!(body(&"😀".repeat(MAX_BODY_CHARS / 2)).is_ok());
        let err = body(&"😀".repeat(MAX_BODY_CHARS / 2 + 1)).unwrap_err();
        assert_eq!(err.field(), Some("body"));
        assert!(err.to_string().contains("1602 characters"), "{err}");
        assert!(body(&"a".repeat(MAX_BODY_CHARS + 1)).is_err());
    }

    #[test]
    fn validity_period_and_page_size_bounds() {
        assert!(validity_period(1).is_ok() && validity_period(36_000).is_ok());
        assert!(validity_period(0).is_err() && validity_period(36_001).is_err());
        assert!(page_size(1).is_ok() && page_size(1000).is_ok());
        assert!(page_size(0).is_err() && page_size(1001).is_err());
    }

    #[test]
    fn settings_urls_may_be_cleared_with_an_empty_string() {
        assert!(opt_url_or_clear("sms_url", &Some(String::new())).is_ok());
        assert!(opt_url_or_clear("sms_url", &None).is_ok());
        assert!(opt_url_or_clear("sms_url", &Some("https://example.com/sms".into())).is_ok());
        assert_eq!(
            opt_url_or_clear("sms_url", &Some("not a url".into()))
                .unwrap_err()
                .field(),
            Some("sms_url")
        );
        assert!(
            opt_url("url", &Some(String::new())).is_err(),
            "elsewhere a URL is a URL"
        );
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(absolute_url("url", "https://example.com/a?b=1").is_ok());
        assert!(absolute_url("url", "http://127.0.0.1:8080/x").is_ok());
        for bad in [
            "/relative",
            "example.com/x",
            "ftp://example.com",
            "mailto:a@b.c",
            "",
            "https://example.com/a\r\nX-Injected: 1",
            "https://exam\tple.com/",
            "https://example.com/\n",
            "https://example.com/\u{7f}",
            "https://example.com/\u{85}",
            " https://example.com/",
        ] {
            assert_eq!(
                absolute_url("url", bad).unwrap_err().field(),
                Some("url"),
                "{bad}"
            );
        }
    }

    #[test]
    fn digits_and_countries() {
        assert!(send_digits("1234#wW*AD").is_ok());
        assert!(send_digits("12e").is_err());
        assert!(send_digits(&"1".repeat(33)).is_err());
        assert!(country_code("country", "US").is_ok());
        assert!(country_code("country", "us").is_err());
        assert!(country_code("country", "USA").is_err());
    }
}
