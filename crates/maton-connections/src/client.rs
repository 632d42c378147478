//! [`Connections`], the control-plane client, and its [`ConnectionsBuilder`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use maton_core::{API_KEY_ENV, Transport};
use maton_twilio_api::{Context, control};

use crate::{ApiKey, BASE_URL_ENV, BaseUrl, DEFAULT_BASE_URL, Error, RateLimit, RetryPolicy};

/// The whole-request timeout of the HTTP client built when none is supplied.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The connect timeout of the HTTP client built when none is supplied.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for Maton's control plane (`https://ctrl.maton.ai`).
///
/// Cheap to clone (the state is behind an [`Arc`]) and safe to share between tasks. Its `Debug`
/// shows the base URL, never the key. Every request carries `Authorization: Bearer <key>` (only
/// to the configured base URL), goes through the [`RetryPolicy`] and optional [`RateLimit`], and
/// is traced without headers or bodies.
///
/// ```no_run
/// use maton_connections::{ConnectionStatus, Connections};
///
/// # async fn run() -> Result<(), maton_connections::Error> {
/// let connections = Connections::from_env()?;
/// for connection in connections.list().app("twilio").status(ConnectionStatus::Active).send().await? {
///     println!("{:?} created {:?}", connection.raw_id(), connection.created());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Connections {
    inner: Arc<Inner>,
}

struct Inner {
    client: control::Client,
    base: BaseUrl,
}

impl Connections {
    /// A client for the default base URL ([`DEFAULT_BASE_URL`]) with this API key.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: the key from `MATON_API_KEY`, the base URL from
    /// `MATON_CTRL_BASE_URL` when set and not empty. See [`ConnectionsBuilder::from_env`].
    pub fn from_env() -> Result<Self, Error> {
        ConnectionsBuilder::from_env()?.build()
    }

    /// A builder, to set the base URL, a shared HTTP client, retries or a rate limit.
    pub fn builder() -> ConnectionsBuilder {
        ConnectionsBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base
    }

    /// The generated low-level client, with this client's authentication, retries and rate
    /// limit, for what this crate does not wrap.
    pub fn raw(&self) -> &control::Client {
        &self.inner.client
    }
}

impl fmt::Debug for Connections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connections")
            .field("base_url", &self.inner.base.as_str())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Connections`] client; [`build`](Self::build) checks the settings.
#[derive(Default)]
pub struct ConnectionsBuilder {
    key: Option<String>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    limit: Option<Arc<RateLimit>>,
    total_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
}

impl ConnectionsBuilder {
    /// A builder filled from the environment: `MATON_API_KEY` (required) and
    /// `MATON_CTRL_BASE_URL`. Later calls override what it read.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables (a `.env` file, a test's map,
    /// ...). Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let Some(key) = get(API_KEY_ENV) else {
            return Err(Error::config(
                "MATON_API_KEY is not set: export the key from https://maton.ai/settings",
            ));
        };
        let mut builder = Connections::builder().api_key(key);
        if let Some(url) = get(BASE_URL_ENV) {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// The Maton API key (required; from <https://maton.ai/settings>). It is checked by
    /// [`build`](Self::build), sent only to the base URL and never shown in `Debug` or errors.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The control plane's base URL; default [`DEFAULT_BASE_URL`]. It must be `https://`, or
    /// `http://` on a loopback host; a bad URL is reported by [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The HTTP client to send with, e.g. the one the Twilio facade uses, so both share a
    /// connection pool. By default one is built with [`maton_core::http_client`]: 30 s timeout,
    /// 10 s connect timeout, no redirects followed.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// When failed requests are retried; default [`RetryPolicy::default`]. A create (`POST`) is
    /// only retried when it cannot have been carried out.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A client-side rate limit, possibly shared with other clients of the same key; default
    /// none (the control plane documents no limit).
    pub fn rate_limit(mut self, limit: Arc<RateLimit>) -> Self {
        self.limit = Some(limit);
        self
    }

    /// No client-side rate limit (the default).
    pub fn no_rate_limit(mut self) -> Self {
        self.limit = None;
        self
    }

    /// The most one call may take, every attempt, retry wait and rate-limit wait included;
    /// default none (each attempt is still bounded by the HTTP client's timeout). See
    /// [`Transport::total_timeout`].
    pub fn total_timeout(mut self, total: Duration) -> Self {
        self.total_timeout = Some(total);
        self
    }

    /// The timeout of one attempt of the HTTP client given to
    /// [`http_client`](Self::http_client), when known: with a
    /// [`total_timeout`](Self::total_timeout), an attempt gets the smaller of the two.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Checks the settings and builds the client: a [`Config`](crate::ErrorKind::Config) error
    /// when the key is missing or the base URL is not acceptable.
    pub fn build(self) -> Result<Connections, Error> {
        let key = self.key.ok_or_else(|| {
            Error::config(
                "no Maton API key: call api_key(..), or use Connections::from_env() with \
                 MATON_API_KEY set",
            )
        })?;
        let key = ApiKey::new(key)?;
        let base = BaseUrl::parse(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let attempt_timeout = match self.http {
            Some(_) => self.attempt_timeout,
            None => Some(TIMEOUT),
        };
        let http = match self.http {
            Some(http) => http,
            None => maton_core::http_client(maton_core::USER_AGENT, TIMEOUT, CONNECT_TIMEOUT)?,
        };
        let transport = Transport::new(key, base.clone())
            .retry(self.retry)
            .rate_limit(self.limit)
            .total_timeout(self.total_timeout)
            .attempt_timeout(attempt_timeout);
        let client = control::Client::new_with_client(
            base.as_str(),
            http,
            Context::with_executor(Arc::new(transport)),
        );
        Ok(Connections {
            inner: Arc::new(Inner { client, base }),
        })
    }
}

impl fmt::Debug for ConnectionsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionsBuilder")
            .field("api_key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("http_client", &self.http.as_ref().map(|_| "custom"))
            .field("retry_policy", &self.retry)
            .field("rate_limit", &self.limit)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const KEY: &str = "sk-very-secret-value";

    fn key() -> &'static str {
        KEY
    }

    #[test]
    fn defaults_to_the_public_control_plane() {
        let c = Connections::new(key()).unwrap();
        assert_eq!(c.base_url().as_str(), "https://ctrl.maton.ai");
    }

    #[test]
    fn the_key_never_shows() {
        let c = Connections::new(key()).unwrap();
        let b = Connections::builder().api_key(key());
        for text in [format!("{c:?}"), format!("{c:#?}"), format!("{b:?}")] {
            assert!(!text.contains(KEY), "{text}");
        }
    }

    #[test]
    fn build_reports_a_missing_key_and_a_bad_url() {
        let e = Connections::builder().build().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        for bad in [
            "http://ctrl.maton.ai",
            "ftp://x",
            "nope",
            "https://u:p@ctrl.maton.ai",
        ] {
            let e = Connections::builder()
                .api_key(key())
                .base_url(bad)
                .build()
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Config, "{bad}");
        }
    }

    #[test]
    fn reads_the_key_and_base_url_from_variables() {
        let vars = |url: Option<&'static str>| {
            move |name: &str| match name {
                "MATON_API_KEY" => Some(KEY.to_string()),
                "MATON_CTRL_BASE_URL" => url.map(str::to_string),
                _ => None,
            }
        };
        let from = |lookup| ConnectionsBuilder::from_lookup(lookup).and_then(|b| b.build());
        let c = from(vars(None)).unwrap();
        assert_eq!(c.base_url().as_str(), DEFAULT_BASE_URL);
        let c = from(vars(Some(""))).unwrap();
        assert_eq!(c.base_url().as_str(), DEFAULT_BASE_URL);
        let c = from(vars(Some("http://127.0.0.1:9/"))).unwrap();
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:9");
        let e = from(vars(Some("http://example.com"))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        // A missing or empty key is reported by from_lookup, before anything is built.
        for missing in [None, Some(" ")] {
            let e = ConnectionsBuilder::from_lookup(move |name| {
                (name == "MATON_API_KEY")
                    .then(|| missing.map(str::to_string))
                    .flatten()
            })
            .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Config);
            assert!(e.to_string().contains("MATON_API_KEY"));
        }
        // Later calls override what was read.
        let c = ConnectionsBuilder::from_lookup(vars(Some("http://127.0.0.1:9/")))
            .unwrap()
            .base_url("http://127.0.0.1:10")
            .build()
            .unwrap();
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:10");
    }

    #[test]
    fn is_shareable() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Connections>();
    }
}
