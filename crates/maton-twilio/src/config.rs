//! [`ClientBuilder`]: how a [`Client`] is configured, from code or from the environment.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use maton_connections::ConnectionId;
use maton_core::{ApiKey, BaseUrl, Limiter, RateLimit, RetryPolicy};

use crate::Error;
use crate::client::Client;
use crate::sid::{AccountSid, shorten};

/// Where the gateway's Twilio endpoints are: `https://gateway.maton.ai/twilio`.
pub const DEFAULT_BASE_URL: &str = "https://gateway.maton.ai/twilio";
/// Where Maton's control plane is: `https://ctrl.maton.ai`.
pub const DEFAULT_CONTROL_BASE_URL: &str = "https://ctrl.maton.ai";
/// The default overall timeout of a request: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default timeout for opening a connection: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment variables [`ClientBuilder::from_env`] reads.
pub mod env {
    /// The Maton API key (required).
    pub const API_KEY: &str = maton_core::API_KEY_ENV;
    /// The connection to use (`Maton-Connection`); the gateway's default when unset.
    pub const CONNECTION: &str = "MATON_CONNECTION";
    /// The Twilio base URL; [`DEFAULT_BASE_URL`](super::DEFAULT_BASE_URL) when unset.
    pub const TWILIO_BASE_URL: &str = "MATON_TWILIO_BASE_URL";
    /// The control-plane base URL;
    /// [`DEFAULT_CONTROL_BASE_URL`](super::DEFAULT_CONTROL_BASE_URL) when unset.
    pub const CTRL_BASE_URL: &str = "MATON_CTRL_BASE_URL";
    /// The account SID to use; discovered from `/Accounts.json` when unset.
    pub const ACCOUNT_SID: &str = "MATON_TWILIO_ACCOUNT_SID";
    /// The Redis URL of a rate limit shared by every replica (needs the `redis` feature);
    /// the in-process limit when unset.
    pub const RATE_LIMIT_REDIS_URL: &str = "MATON_RATE_LIMIT_REDIS_URL";
    /// How many replicas share that limit (the in-process fallback's divisor); 1 when unset.
    pub const RATE_LIMIT_REPLICAS: &str = "MATON_RATE_LIMIT_REPLICAS";
}

#[derive(Clone, Debug)]
enum Limit {
    Gateway,
    Off,
    Custom(Arc<RateLimit>),
    Any(Arc<dyn Limiter>),
    #[cfg(feature = "redis")]
    Redis(Box<maton_core::RedisLimit>),
}

/// Configures a [`Client`]. Every setting has a default except the API key.
///
/// ```no_run
/// use std::time::Duration;
/// use maton_twilio::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .api_key("my-maton-key")
///     .connection("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
///     .timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(5))
///     .build()?;
/// # Ok::<(), maton_twilio::Error>(())
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    control_base_url: Option<String>,
    connection: Option<String>,
    account_sid: Option<AccountSid>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    limit: Limit,
    http: Option<reqwest::Client>,
    total_timeout: Option<Duration>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: None,
            control_base_url: None,
            connection: None,
            account_sid: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: maton_core::USER_AGENT.to_string(),
            retry: RetryPolicy::default(),
            limit: Limit::Gateway,
            http: None,
            total_timeout: None,
        }
    }
}

/// Builder setters that store their argument: `name(arg: Type) => field = value;` writes
/// `pub fn name(mut self, arg: Type) -> Self` setting `self.field = value`.
macro_rules! setters {
    ($($(#[$attr:meta])* $name:ident($arg:ident: $ty:ty) => $field:ident = $value:expr;)*) => {$(
        $(#[$attr])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.$field = $value;
            self
        }
    )*};
}

impl ClientBuilder {
    /// A builder with every default and no key.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder filled from the environment (see [`env`](mod@env)): `MATON_API_KEY` (required),
    /// `MATON_CONNECTION`, `MATON_TWILIO_BASE_URL`, `MATON_CTRL_BASE_URL`,
    /// `MATON_TWILIO_ACCOUNT_SID`, and `MATON_RATE_LIMIT_REDIS_URL` with
    /// `MATON_RATE_LIMIT_REPLICAS` for a limit shared by replicas. Later calls override what it
    /// read.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables (for tests and for services
    /// that keep settings elsewhere). Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut builder = Self::new();
        match get(env::API_KEY) {
            Some(key) => builder.api_key = Some(key),
            None => {
                return Err(Error::config(
                    "MATON_API_KEY is not set: export the key from https://maton.ai/settings",
                ));
            }
        }
        builder.connection = get(env::CONNECTION);
        builder.base_url = get(env::TWILIO_BASE_URL);
        builder.control_base_url = get(env::CTRL_BASE_URL);
        if let Some(sid) = get(env::ACCOUNT_SID) {
            let sid = AccountSid::parse(&sid).map_err(|_| {
                Error::config(format!(
                    "{} is not an account SID (AC and 32 hex digits): `{}`",
                    env::ACCOUNT_SID,
                    shorten(sid.trim())
                ))
            })?;
            builder.account_sid = Some(sid);
        }
        builder.shared_limit_from(&get)?;
        Ok(builder)
    }

    setters! {
        /// The Maton API key (from <https://maton.ai/settings>). It is sent only to the configured
        /// base URLs and never appears in `Debug` output, errors or logs.
        api_key(key: impl Into<String>) => api_key = Some(key.into());
        /// The base URL of the gateway's Twilio endpoints, [`DEFAULT_BASE_URL`] by default.
        /// `https` only, except plain `http` on a loopback host (for tests and local emulators).
        base_url(url: impl Into<String>) => base_url = Some(url.into());
        /// The base URL of Maton's control plane, [`DEFAULT_CONTROL_BASE_URL`] by default; same
        /// rules as [`base_url`](Self::base_url).
        control_base_url(url: impl Into<String>) => control_base_url = Some(url.into());
        /// The connection to use (sent as `Maton-Connection` on every request). Without one the
        /// gateway uses the oldest ACTIVE Twilio connection.
        connection(id: impl Into<String>) => connection = Some(id.into());
        /// [`connection`](Self::connection), from an id already checked (e.g. one the control
        /// plane returned through [`Client::connections`]).
        connection_id(id: &ConnectionId) => connection = Some(id.as_str().to_string());
        /// The account to work in. Without one, the first request discovers it from
        /// `/Accounts.json` (once; the result is cached and shared by every clone).
        account_sid(sid: AccountSid) => account_sid = Some(sid);
        /// The overall timeout of one attempt, [`DEFAULT_TIMEOUT`] by default. Ignored with
        /// [`http_client`](Self::http_client), whose own timeouts apply.
        timeout(timeout: Duration) => timeout = timeout;
        /// The most one call may take, every attempt, `Retry-After` or backoff wait and rate-limit
        /// wait included; none by default (then a call may take up to the retry policy's attempts
        /// times [`timeout`](Self::timeout), plus its waits). A retry whose wait would end past it is
        /// not made (the last answer or error is returned); an attempt is cut when it is reached (a
        /// [`Timeout`](crate::ErrorKind::Timeout) error). Applies to the control plane too.
        total_timeout(total: Duration) => total_timeout = Some(total);
        /// The timeout for opening a connection, [`DEFAULT_CONNECT_TIMEOUT`] by default. Ignored
        /// with [`http_client`](Self::http_client).
        connect_timeout(timeout: Duration) => connect_timeout = timeout;
        /// The `User-Agent`, `maton-twilio-rs/<version>` by default. Ignored with
        /// [`http_client`](Self::http_client).
        user_agent(user_agent: impl Into<String>) => user_agent = user_agent.into();
        /// When to retry: by default three attempts with capped exponential backoff and jitter for
        /// GET and DELETE on 429, 5xx, connection errors and timeouts, and for POST only on 429 or a
        /// connection that could not be opened (so a message is never sent twice).
        /// `RetryPolicy::none()` turns retries off.
        retry_policy(policy: RetryPolicy) => retry = policy;
        /// A client-side rate limit, shared by every clone of the client (and by any other client
        /// given the same `Arc`). The default is the gateway's 10 requests per second.
        rate_limit(limit: Arc<RateLimit>) => limit = Limit::Custom(limit);
    }

    /// Turns the client-side rate limit off (the gateway may then answer 429, which is retried).
    pub fn no_rate_limit(mut self) -> Self {
        self.limit = Limit::Off;
        self
    }

    setters! {
        /// Any [`Limiter`], shared by every clone of the client and by whoever else holds the `Arc`
        /// (a `RedisLimiter` you built, feature `redis`, to read its stats).
        limiter(limiter: Arc<dyn Limiter>) => limit = Limit::Any(limiter);
        /// One rate limit shared, through Redis, by every replica of a service that uses the same
        /// key, connection and Redis (feature `redis`): see [`RedisLimit`](crate::RedisLimit) for
        /// the rate, the outage behaviour and the replica count.
        #[cfg(feature = "redis")]
        redis_rate_limit(limit: maton_core::RedisLimit) => limit = Limit::Redis(Box::new(limit));
    }

    /// Reads `MATON_RATE_LIMIT_REDIS_URL` and `MATON_RATE_LIMIT_REPLICAS`.
    fn shared_limit_from(&mut self, get: &impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        let replicas = match get(env::RATE_LIMIT_REPLICAS) {
            Some(text) => Some(
                text.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        Error::config(format!(
                            "{} is not a positive whole number: `{}`",
                            env::RATE_LIMIT_REPLICAS,
                            shorten(text.trim())
                        ))
                    })?,
            ),
            None => None,
        };
        let Some(url) = get(env::RATE_LIMIT_REDIS_URL) else {
            return Ok(());
        };
        #[cfg(feature = "redis")]
        {
            let limit = maton_core::RedisLimit::new(&url)?;
            self.limit = Limit::Redis(Box::new(limit.replicas(replicas.unwrap_or(1))));
            Ok(())
        }
        #[cfg(not(feature = "redis"))]
        {
            let _ = (url, replicas);
            Err(Error::config(format!(
                "{} is set but this build has no Redis support (the `redis` feature of \
                 maton-twilio)",
                env::RATE_LIMIT_REDIS_URL
            )))
        }
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots, connection pool). Do not
    /// give it default headers carrying secrets: the key is added per request, for the base URL
    /// only. Its redirect policy should stay off, as in the client this crate builds.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client. Fails with
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) on a missing or malformed key, a base URL
    /// that is not https (or http on loopback), or a malformed connection id.
    pub fn build(self) -> Result<Client, Error> {
        let key = match &self.api_key {
            Some(key) => ApiKey::new(key.as_str())?,
            None => {
                return Err(Error::config(
                    "no Maton API key: call `api_key(..)` or set MATON_API_KEY",
                ));
            }
        };
        let base = BaseUrl::parse(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let control_base = BaseUrl::parse(
            self.control_base_url
                .as_deref()
                .unwrap_or(DEFAULT_CONTROL_BASE_URL),
        )?;
        let connection = match self.connection.as_deref().map(str::trim) {
            Some(id) => Some(ConnectionId::parse(id).map_err(|_| {
                Error::config(format!(
                    "`{}` is not a connection id (letters, digits and hyphens, such as \
                     ebe566b1-3eaf-4926-bc92-0d8d47445f12)",
                    shorten(id)
                ))
            })?),
            None => None,
        };
        let attempt_timeout = self.http.is_none().then_some(self.timeout);
        let http = match self.http {
            Some(http) => http,
            None => maton_core::http_client(&self.user_agent, self.timeout, self.connect_timeout)?,
        };
        let limit = match self.limit {
            Limit::Gateway => Some(Arc::new(RateLimit::gateway()) as Arc<dyn Limiter>),
            Limit::Off => None,
            Limit::Custom(limit) => Some(limit as Arc<dyn Limiter>),
            Limit::Any(limit) => Some(limit),
            #[cfg(feature = "redis")]
            Limit::Redis(limit) => Some(Arc::new(
                limit.build(&key, connection.as_ref().map(ConnectionId::as_str)),
            ) as Arc<dyn Limiter>),
        };
        Client::from_parts(crate::client::Parts {
            key,
            base,
            control_base,
            connection,
            account_sid: self.account_sid,
            retry: self.retry,
            limit,
            http,
            total_timeout: self.total_timeout,
            attempt_timeout,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("control_base_url", &self.control_base_url)
            .field("connection", &self.connection)
            .field("account_sid", &self.account_sid)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limit", &self.limit)
            .field("custom_http_client", &self.http.is_some())
            .field("total_timeout", &self.total_timeout)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn reads_every_variable() {
        let sid = "AC0123456789abcdef0123456789abcdef";
        let builder = ClientBuilder::from_lookup(lookup(&[
            ("MATON_API_KEY", "k-123"),
            ("MATON_CONNECTION", "ebe566b1-3eaf-4926-bc92-0d8d47445f12"),
            ("MATON_TWILIO_BASE_URL", "http://127.0.0.1:9/twilio"),
            ("MATON_CTRL_BASE_URL", "http://127.0.0.1:9"),
            ("MATON_TWILIO_ACCOUNT_SID", sid),
        ]))
        .unwrap();
        assert_eq!(builder.account_sid.as_ref().unwrap().as_str(), sid);
        assert_eq!(
            builder.connection.as_deref(),
            Some("ebe566b1-3eaf-4926-bc92-0d8d47445f12")
        );
        let debug = format!("{builder:?}");
        assert!(!debug.contains("k-123"), "{debug}");
        let client = builder.build().unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/twilio");
        assert!(!format!("{client:?}").contains("k-123"));
    }

    #[test]
    fn needs_a_key_and_a_valid_sid() {
        let err = ClientBuilder::from_lookup(lookup(&[])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        assert!(err.to_string().contains("MATON_API_KEY"));
        let err = ClientBuilder::from_lookup(lookup(&[
            ("MATON_API_KEY", "k"),
            ("MATON_TWILIO_ACCOUNT_SID", "AC12"),
        ]))
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        let err = ClientBuilder::new().build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for bad in [
            "http://gateway.maton.ai/twilio",
            "http://10.1.2.3/twilio",
            "ftp://gateway.maton.ai",
        ] {
            type Setter = fn(ClientBuilder, &'static str) -> ClientBuilder;
            let setters: [(&str, Setter); 2] = [
                ("base_url", |b, url| b.base_url(url)),
                ("control_base_url", |b, url| b.control_base_url(url)),
            ];
            for (setter, set) in setters {
                let err = set(ClientBuilder::new().api_key("k"), bad)
                    .build()
                    .unwrap_err();
                assert_eq!(err.kind(), ErrorKind::Config, "{setter}({bad})");
            }
        }
        for ok in [
            "http://127.0.0.1:1/twilio",
            "http://localhost:1",
            "https://api.maton.ai/twilio",
        ] {
            assert!(
                ClientBuilder::new()
                    .api_key("k")
                    .base_url(ok)
                    .build()
                    .is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn a_shared_limit_from_the_environment() {
        let with = |vars: &[(&str, &str)]| {
            let mut all = vec![("MATON_API_KEY", "k-123")];
            all.extend_from_slice(vars);
            ClientBuilder::from_lookup(lookup(&all))
        };
        let err = with(&[("MATON_RATE_LIMIT_REPLICAS", "0")]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Config);
        let set = with(&[("MATON_RATE_LIMIT_REDIS_URL", "redis://:pw-9@127.0.0.1:1/0")]);
        if cfg!(feature = "redis") {
            let debug = format!("{:?}", set.unwrap());
            assert!(debug.contains("RedisLimit"), "{debug}");
            assert!(!debug.contains("pw-9"), "{debug}");
            let err = with(&[("MATON_RATE_LIMIT_REDIS_URL", "http://x")]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config);
        } else {
            let err = set.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config);
            assert!(err.to_string().contains("redis"), "{err}");
        }
    }

    #[test]
    fn refuses_connection_ids_that_cannot_be_a_header() {
        for bad in ["", "a b", "a\r\nb", "é", "../x", "-a"] {
            let err = ClientBuilder::new()
                .api_key("k")
                .connection(bad)
                .build()
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{bad:?}");
        }
    }
}
