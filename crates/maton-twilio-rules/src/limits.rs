//! Twilio's bounds on message content, paging and message validity.

/// The longest message body Twilio accepts, in the characters [`body_chars`] counts.
pub const MAX_BODY_CHARS: usize = 1600;

/// The length of a message body as Twilio counts it against [`MAX_BODY_CHARS`]: UTF-16 code
/// units.
///
/// Twilio's page on error 21617 says emoji and other characters "with a higher byte count" are
/// counted as more than one character; its segment counting (UCS-2) counts UTF-16 units too. So
/// an emoji outside the Basic Multilingual Plane counts as two, `é` as one: 1,600 `é` are
/// accepted, 800 `😀` are and 801 are not. Counting Unicode scalar values instead would let
/// through bodies Twilio refuses.
pub fn body_chars(body: &str) -> usize {
    // ASCII (the usual SMS) is one unit per byte, checked a word at a time.
    if body.is_ascii() {
        return body.len();
    }
    body.encode_utf16().count()
}

/// The most `MediaUrl`s one message may carry.
pub const MAX_MEDIA_URLS: usize = 10;

/// The smallest `PageSize` a list accepts.
pub const MIN_PAGE_SIZE: u32 = 1;
/// The largest `PageSize` a list accepts (Twilio's spec: `maximum: 1000`).
pub const MAX_PAGE_SIZE: u32 = 1000;
/// The page size when `PageSize` is left out.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The shortest `ValidityPeriod`, in seconds.
pub const MIN_VALIDITY_PERIOD: u32 = 1;
/// The longest `ValidityPeriod`, in seconds (ten hours, also the default).
pub const MAX_VALIDITY_PERIOD: u32 = 36_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_count_utf16_units() {
        assert_eq!(body_chars(""), 0);
        assert_eq!(body_chars(&"a".repeat(1600)), 1600);
        assert_eq!(body_chars(&"é".repeat(1600)), 1600, "one unit, two bytes");
        assert_eq!(body_chars("😀"), 2, "outside the BMP: a surrogate pair");
        assert_eq!(body_chars(&"😀".repeat(800)), MAX_BODY_CHARS);
    }

    #[test]
    fn the_count_is_utf16_s_for_characters_of_every_length() {
        let samples = [
            "plain ASCII text",
            "Grüße, ça va? ñ",
            "日本語のテキスト",
            "😀🎉 mixed with text and 𝄞",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ];
        for text in samples {
            assert_eq!(body_chars(text), text.encode_utf16().count(), "{text}");
        }
        // Every scalar value, one at a time and all together.
        let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        assert_eq!(body_chars(&all), all.encode_utf16().count());
        for c in (0..=0x10FFFF).step_by(97).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(body_chars(&text), text.encode_utf16().count(), "{c:?}");
        }
    }
}
