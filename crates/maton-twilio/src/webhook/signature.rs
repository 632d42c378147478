//! `X-Twilio-Signature`: HMAC-SHA1 of the public URL and the POST parameters, keyed with the
//! account's auth token.

use std::fmt;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The header Twilio signs its webhooks in.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter that carries the SHA-256 (hex) of a JSON body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// The Twilio account's auth token (from the Twilio console), which Twilio signs webhooks with.
/// It is not the Maton API key: the gateway never sees it. Its `Debug` is
/// `AuthToken(<redacted>)` and it has no `Display`.
#[derive(Clone)]
pub struct AuthToken(String);

impl AuthToken {
    /// Wraps the token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token's text, for handing to something that needs it (never log it).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(<redacted>)")
    }
}

impl From<String> for AuthToken {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for AuthToken {
    fn from(token: &str) -> Self {
        Self(token.to_string())
    }
}

/// Why a webhook was refused. The messages say nothing about the expected signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// No `X-Twilio-Signature` header (or an empty one).
    Missing,
    /// The signature does not match the URL and parameters with this token.
    Mismatch,
    /// The URL carries `bodySHA256` and the body's SHA-256 is not that.
    BodyHash,
    /// The body could not be read as form parameters (for example, not UTF-8).
    Body,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "the request has no X-Twilio-Signature header",
            Self::Mismatch => "the X-Twilio-Signature header does not match the request",
            Self::BodyHash => "the body does not match the bodySHA256 the URL was signed with",
            Self::Body => "the body is not valid form parameters",
        })
    }
}

impl std::error::Error for SignatureError {}

/// Checks Twilio's signatures with one auth token.
///
/// `url` is always the **public** URL Twilio called: scheme, host and port as configured in
/// Twilio (the webhook URL of the number, or the `StatusCallback` you passed), then the path and
/// query exactly as received. Behind a proxy or load balancer the service sees another `Host`
/// and often `http`: rebuild the URL from the public base you configured (or from
/// `X-Forwarded-Proto`/`X-Forwarded-Host` if, and only if, your proxy sets them itself), never
/// from the incoming `Host` alone.
#[derive(Clone, Debug)]
pub struct Validator {
    token: AuthToken,
}

impl Validator {
    /// A validator for the account whose auth token this is.
    pub fn new(token: impl Into<AuthToken>) -> Self {
        Self {
            token: token.into(),
        }
    }

    /// The signature Twilio would send for `url` and form `params`.
    pub fn sign(&self, url: &str, params: &[(String, String)]) -> String {
        compute(&self.token, url, params)
    }

    /// Checks a form-encoded webhook: `params` are the POST parameters (any order; repeated
    /// names allowed), `signature` the header's value if any.
    pub fn validate(
        &self,
        url: &str,
        params: &[(String, String)],
        signature: Option<&str>,
    ) -> Result<(), SignatureError> {
        let signature = signature
            .filter(|s| !s.is_empty())
            .ok_or(SignatureError::Missing)?;
        let mut matched = subtle::Choice::from(0);
        for candidate in url_variants(url) {
            let expected = compute(&self.token, &candidate, params);
            matched |= expected.as_bytes().ct_eq(signature.as_bytes());
        }
        if bool::from(matched) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }

    /// Checks a webhook from its raw body: a JSON body when `url` carries `bodySHA256` (the URL
    /// alone is signed, then the body's SHA-256 must match), form parameters otherwise.
    pub fn validate_body(
        &self,
        url: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), SignatureError> {
        match body_sha256_param(url) {
            Some(expected_hash) => {
                self.validate(url, &[], signature)?;
                let actual = hex(&Sha256::digest(body));
                if actual.eq_ignore_ascii_case(&expected_hash) {
                    Ok(())
                } else {
                    Err(SignatureError::BodyHash)
                }
            }
            None => {
                let params = parse_form(body).ok_or(SignatureError::Body)?;
                self.validate(url, &params, signature)
            }
        }
    }
}

/// Form parameters of a body, in order; `None` if it is not UTF-8.
pub(crate) fn parse_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    std::str::from_utf8(body).ok()?;
    Some(
        form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

/// Twilio's algorithm, defined once for this crate and the emulator (`maton-twilio-rules`).
fn compute(token: &AuthToken, url: &str, params: &[(String, String)]) -> String {
    maton_twilio_rules::webhook_signature(token.0.as_bytes(), url, params)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// The value of `bodySHA256` in `url`'s query, if present.
fn body_sha256_param(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == BODY_SHA256_PARAM)
        .map(|(_, v)| v.into_owned())
}

/// `url` as given, and with the scheme's default port added or removed (`:443` for https,
/// `:80` for http), as Twilio's own validators accept both.
fn url_variants(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return out;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => return out,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let (userinfo, hostport) = authority.split_at(host_start);
    // The port is after the last ':' that is not inside an IPv6 literal.
    let after_bracket = hostport.rfind(']').map_or(0, |i| i + 1);
    match hostport[after_bracket..].rfind(':') {
        Some(i) => {
            let colon = after_bracket + i;
            if &hostport[colon + 1..] == default_port {
                out.push(format!("{scheme}://{userinfo}{}{tail}", &hostport[..colon]));
            }
        }
        None => out.push(format!(
            "{scheme}://{userinfo}{hostport}:{default_port}{tail}"
        )),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_add_and_remove_default_ports() {
        assert_eq!(
            url_variants("https://a.com/x?y=1"),
            ["https://a.com/x?y=1", "https://a.com:443/x?y=1"]
        );
        assert_eq!(
            url_variants("https://a.com:443/x"),
            ["https://a.com:443/x", "https://a.com/x"]
        );
        assert_eq!(url_variants("http://a.com:8080/x"), ["http://a.com:8080/x"]);
        assert_eq!(
            url_variants("http://[::1]/x"),
            ["http://[::1]/x", "http://[::1]:80/x"]
        );
        assert_eq!(url_variants("not a url"), ["not a url"]);
    }

    #[test]
    fn token_debug_is_redacted() {
        let token = AuthToken::new("12345-secret");
        assert_eq!(format!("{token:?}"), "AuthToken(<redacted>)");
        assert!(!format!("{:?}", Validator::new(token)).contains("12345"));
    }
}
