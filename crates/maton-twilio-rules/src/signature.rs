//! Twilio's webhook signature (`X-Twilio-Signature`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Twilio's webhook signature: the base64 HMAC-SHA1, keyed with the account's auth token, of
/// `url` followed by each parameter's name and value, sorted by name and then by value, an
/// identical pair counted once (as in Twilio's own libraries).
///
/// For a JSON-bodied webhook, `params` is empty and `url` carries `bodySHA256`.
pub fn webhook_signature(auth_token: &[u8], url: &str, params: &[(String, String)]) -> String {
    // HMAC takes keys of any length, so this never fails; an empty signature (never a valid
    // one) stands in regardless.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(auth_token) else {
        return String::new();
    };
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted.dedup();
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::webhook_signature;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Twilio's documented example (the values of its helper libraries' tests).
    #[test]
    fn twilios_example() {
        let params = pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]);
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            webhook_signature(b"12345", url, &params),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    /// Order of arrival does not matter; repeated names are sorted by value.
    #[test]
    fn parameters_are_sorted_by_name_then_value() {
        let a = pairs(&[("B", "2"), ("A", "y"), ("A", "x")]);
        let b = pairs(&[("A", "x"), ("A", "y"), ("B", "2")]);
        assert_eq!(
            webhook_signature(b"t", "https://h/p", &a),
            webhook_signature(b"t", "https://h/p", &b)
        );
        let swapped = pairs(&[("A", "y"), ("A", "x"), ("B", "2")]);
        assert_eq!(
            webhook_signature(b"t", "https://h/p", &swapped),
            webhook_signature(b"t", "https://h/p", &b)
        );
        assert_ne!(
            webhook_signature(b"t", "https://h/p", &b),
            webhook_signature(b"u", "https://h/p", &b)
        );
    }
}
