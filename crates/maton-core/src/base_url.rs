//! [`BaseUrl`]: where a client sends requests, checked so that the key only travels encrypted.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use crate::error::Error;

/// A base URL: `https://`, or plain `http://` only for a loopback host (for local emulators and
/// tests). No credentials, query or fragment; a trailing `/` is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Checks and wraps `text`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        // `Url::parse` would drop tabs and line breaks silently: refuse them instead.
        if text.chars().any(char::is_control) {
            return Err(Error::config(
                "a base URL must not hold control characters (tab, CR, LF, ...)",
            ));
        }
        let url = Url::parse(text.trim())
            .map_err(|e| Error::config(format!("base URL `{text}` is not a URL: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::config("a base URL must not carry credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(format!(
                "base URL `{}` must not have a query or fragment",
                redact(&url)
            )));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(Error::config(format!(
                    "base URL `{}` is plain http: only https is allowed, except for loopback hosts",
                    redact(&url)
                )));
            }
            other => {
                return Err(Error::config(format!(
                    "base URL scheme `{other}` is not supported: use https"
                )));
            }
        }
        if url.host().is_none() {
            return Err(Error::config("a base URL needs a host"));
        }
        Ok(Self(url))
    }

    /// The URL as text, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// The parsed URL.
    pub fn url(&self) -> &Url {
        &self.0
    }

    /// Whether `url` is on this base's scheme, host and port, under its path.
    pub fn contains(&self, url: &Url) -> bool {
        url.scheme() == self.0.scheme()
            && url.host() == self.0.host()
            && url.port_or_known_default() == self.0.port_or_known_default()
            && url.path().starts_with(self.0.path().trim_end_matches('/'))
    }

    /// Resolves a server-relative path such as Twilio's `next_page_uri`
    /// (`/2010-04-01/Accounts/AC.../Messages.json?...`) against this base. Only a path is
    /// accepted: an absolute URL, a scheme-relative `//host/...` or a `..` segment is refused, so
    /// the key never goes to another host.
    pub fn join_relative(&self, relative: &str) -> Result<Url, Error> {
        // What the server sent is echoed without any userinfo, redacted before it is shortened
        // (so no part of a key is left behind) and escaped.
        let shown = {
            let visible = relative.split_once('@').map_or(relative, |(_, host)| host);
            crate::redact::quote_server_text(visible, 80)
        };
        let refuse = |why: &str| {
            Err(Error::decode_message(format!(
                "refusing to follow `{shown}`: {why}"
            )))
        };
        if !relative.starts_with('/') || relative.starts_with("//") {
            return refuse("it is not a path on the API's own host");
        }
        if relative.contains('\\') || relative.chars().any(char::is_control) {
            return refuse("it holds a backslash or control character");
        }
        let path_part = relative.split(['?', '#']).next().unwrap_or("");
        if path_part.split('/').any(|seg| {
            let lower = seg.to_ascii_lowercase();
            seg == ".." || seg == "." || lower.contains("%2e") || lower.contains("%2f")
        }) {
            return refuse("it holds a dot segment or an encoded separator");
        }
        let joined = format!("{}{relative}", self.as_str());
        let url = Url::parse(&joined)
            .map_err(|e| Error::decode_message(format!("refusing to follow `{shown}`: {e}")))?;
        if !self.contains(&url) {
            return refuse("it leaves the API's base URL");
        }
        Ok(url)
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn redact(url: &Url) -> String {
    format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port().map(|p| format!(":{p}")).unwrap_or_default()
    )
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.as_str())
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        for ok in [
            "https://gateway.maton.ai/twilio",
            "https://gateway.maton.ai/twilio/",
            "http://127.0.0.1:8080/twilio",
            "http://127.9.9.9",
            "http://[::1]:9000",
            "http://localhost:1234",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            BaseUrl::parse("https://gateway.maton.ai/twilio/")
                .unwrap()
                .as_str(),
            "https://gateway.maton.ai/twilio"
        );
        for bad in [
            "http://gateway.maton.ai/twilio",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://gateway.maton.ai",
            "https://user:pw@gateway.maton.ai",
            "https://gateway.maton.ai/twilio?x=1",
            "not a url",
            "https://gateway.maton.ai/twi\tlio",
            "https://gateway.maton.ai/twilio\r\n",
        ] {
            let err = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn follows_only_paths_under_the_base() {
        let base = BaseUrl::parse("https://gateway.maton.ai/twilio").unwrap();
        let next = "/2010-04-01/Accounts/AC1/Messages.json?PageSize=2&Page=1&PageToken=PAx";
        assert_eq!(
            base.join_relative(next).unwrap().as_str(),
            format!("https://gateway.maton.ai/twilio{next}")
        );
        for hostile in [
            "https://evil.example/2010-04-01/x.json",
            "//evil.example/2010-04-01/x.json",
            "/2010-04-01/../../x.json",
            "/2010-04-01/%2e%2e/x.json",
            "/2010-04-01/a%2Fb.json",
            "2010-04-01/x.json",
            "/x\\y",
            "/a\r\nb",
        ] {
            assert!(base.join_relative(hostile).is_err(), "{hostile}");
        }
    }
}
