//! `X-Twilio-Signature`: Twilio's documented example, the JSON-body variant, default ports,
//! repeated keys, and each way a forged request is refused.

use maton_twilio::webhook::{SignatureError, Validator};

const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
/// Twilio's documented signature (the example in Twilio's security docs and the
/// `RequestValidatorTest` of its helper libraries), for `Caller` and `From` `+14158675309`.
const EXPECTED: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

fn example(caller: &str) -> Vec<(String, String)> {
    [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", caller),
        ("Digits", "1234"),
        ("From", caller),
        ("To", "+18005551212"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn params() -> Vec<(String, String)> {
    example("+14158675309")
}

fn form(params: &[(String, String)]) -> Vec<u8> {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn twilios_documented_example() {
    let validator = Validator::new("12345");
    assert_eq!(validator.sign(URL, &params()), EXPECTED);
    assert_eq!(validator.validate(URL, &params(), Some(EXPECTED)), Ok(()));
    // The same from the raw body, parameters in another order.
    let mut shuffled = params();
    shuffled.reverse();
    assert_eq!(
        validator.validate_body(URL, &form(&shuffled), Some(EXPECTED)),
        Ok(())
    );
    // With `Caller`/`From` +12349013030 the signature is another one (also computed with
    // Python's hmac module), and the documented one is refused.
    let other = example("+12349013030");
    assert_eq!(validator.sign(URL, &other), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    assert_eq!(
        validator.validate(URL, &other, Some(EXPECTED)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn twilios_repeated_keys_example() {
    // From Twilio's helper libraries' tests: repeated names are sorted by value, and an
    // identical pair counts once.
    let params: Vec<(String, String)> = [
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
        ("Digits", "1234"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let validator = Validator::new("12345");
    assert_eq!(validator.sign(URL, &params), "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    assert_eq!(
        validator.validate_body(URL, &form(&params), Some("IK+Dwps556ElfBT0I3Rgjkr1wJU=")),
        Ok(())
    );
}

#[test]
fn default_port_is_accepted_both_ways() {
    let validator = Validator::new("12345");
    let with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    // Twilio's own vectors: the example signed with `:443`, and over http with `:80`.
    assert_eq!(
        validator.validate(URL, &params(), Some("kvajT1Ptam85bY51eRf/AJRuM3w=")),
        Ok(())
    );
    let http_url = URL.replace("https", "http");
    assert_eq!(
        validator.validate(&http_url, &params(), Some("0ZXoZLH/DfblKGATFgpif+LLRf4=")),
        Ok(())
    );
    // Signed without the port, received with it.
    assert_eq!(
        validator.validate(with_port, &params(), Some(EXPECTED)),
        Ok(())
    );
    // Signed with the port, received without it.
    let signed_with_port = validator.sign(with_port, &params());
    assert_ne!(signed_with_port, EXPECTED);
    assert_eq!(
        validator.validate(URL, &params(), Some(&signed_with_port)),
        Ok(())
    );
    // http and :80 too; a non-default port is part of the URL.
    let http = "http://mycompany.com/hook";
    let signed = validator.sign(http, &[]);
    assert_eq!(
        validator.validate("http://mycompany.com:80/hook", &[], Some(&signed)),
        Ok(())
    );
    assert_eq!(
        validator.validate("http://mycompany.com:8080/hook", &[], Some(&signed)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn json_body_signs_the_url_and_checks_the_body_hash() {
    let validator = Validator::new("12345");
    let body = br#"{"property": "value", "boolean": true}"#;
    // SHA-256 of the body, hex (computed independently with sha256sum).
    let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    let url = format!("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={hash}");
    let signature = validator.sign(&url, &[]);
    // Twilio's own vector for this URL and body.
    assert_eq!(signature, "a9nBmqA0ju/hNViExpshrM61xv4=");
    assert_eq!(
        validator.validate_body(&url, body, Some(&signature)),
        Ok(())
    );
    assert_eq!(
        validator.validate_body(&url, br#"{"property": "other"}"#, Some(&signature)),
        Err(SignatureError::BodyHash)
    );
    let forged_url = url.replace("foo=1", "foo=2");
    assert_eq!(
        validator.validate_body(&forged_url, body, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn repeated_keys_are_sorted_by_value() {
    let validator = Validator::new("12345");
    let url = "https://example.com/sms";
    let pairs = |values: &[&str]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| ("MediaUrl".to_string(), v.to_string()))
            .chain([("Body".to_string(), "hi".to_string())])
            .collect()
    };
    let signature = validator.sign(url, &pairs(&["https://b", "https://a"]));
    // Any order of the repeated values gives the same signature...
    assert_eq!(
        signature,
        validator.sign(url, &pairs(&["https://a", "https://b"]))
    );
    assert_eq!(
        validator.validate_body(
            url,
            &form(&pairs(&["https://a", "https://b"])),
            Some(&signature)
        ),
        Ok(())
    );
    // ...which is HMAC over "Bodyhi" + "MediaUrlhttps://a" + "MediaUrlhttps://b".
    let concatenated = format!("{url}BodyhiMediaUrlhttps://aMediaUrlhttps://b");
    assert_eq!(signature, validator.sign(&concatenated, &[]));
    // A different value is a different signature.
    assert_eq!(
        validator.validate(url, &pairs(&["https://a", "https://c"]), Some(&signature)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn forgeries_are_refused() {
    let validator = Validator::new("12345");
    let mut tampered = params();
    tampered[2].1 = "9999".to_string();
    assert_eq!(
        validator.validate(URL, &tampered, Some(EXPECTED)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        Validator::new("54321").validate(URL, &params(), Some(EXPECTED)),
        Err(SignatureError::Mismatch)
    );
    let mut extra = params();
    extra.push(("Extra".to_string(), "1".to_string()));
    assert_eq!(
        validator.validate(URL, &extra, Some(EXPECTED)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate(URL, &params(), None),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        validator.validate(URL, &params(), Some("")),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        validator.validate(
            "https://mycompany.com/other.php?foo=1&bar=2",
            &params(),
            Some(EXPECTED)
        ),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate_body(URL, &[0xff, 0xfe], Some(EXPECTED)),
        Err(SignatureError::Body)
    );
}

#[test]
fn errors_and_debug_never_show_the_token() {
    let validator = Validator::new("super-secret-token");
    assert!(!format!("{validator:?}").contains("super-secret"));
    let error = validator
        .validate(URL, &params(), Some(EXPECTED))
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains("super-secret"));
    assert!(!format!("{error}").contains(EXPECTED));
}
