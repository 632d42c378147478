//! [`Client`]: the entry point; cheap to clone, safe to share across tasks.

use maton_twilio_api::twilio::Operation;
use std::fmt;
use std::sync::Arc;

use maton_connections::{ConnectionId, Connections};
use maton_core::{ApiKey, BaseUrl, Limiter, RetryPolicy, Transport};
use maton_twilio_api::{Context, twilio};
use tokio::sync::OnceCell;

use crate::Error;
use crate::config::ClientBuilder;
#[cfg(feature = "numbers")]
use crate::resources::CallerIds;
use crate::resources::{
    Accounts, Addresses, Applications, Calls, Messages, PhoneNumbers, Queues, Usage,
};
use crate::sid::AccountSid;

/// A client for Twilio through Maton's gateway.
///
/// Cloning is cheap (an `Arc`): clones share the HTTP connection pool, the rate limit and the
/// discovered account SID. Every resource is reached through a handler:
/// [`messages`](Self::messages), [`calls`](Self::calls), [`phone_numbers`](Self::phone_numbers),
/// [`applications`](Self::applications), [`queues`](Self::queues),
/// [`addresses`](Self::addresses), [`usage`](Self::usage) and [`accounts`](Self::accounts).
///
/// ```no_run
/// # async fn run() -> Result<(), maton_twilio::Error> {
/// let client = maton_twilio::Client::from_env()?;
/// let message = client
///     .messages()
///     .send("+15559876543", "+15551234567")
///     .body("Hello from Rust")
///     .send()
///     .await?;
/// println!("{:?} is {:?}", message.sid, message.status);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    /// Set by [`with_account`](Client::with_account): wins over the configured and discovered one.
    account: Option<AccountSid>,
}

struct Shared {
    api: twilio::Client,
    transport: Arc<Transport>,
    http: reqwest::Client,
    base: BaseUrl,
    control_base: BaseUrl,
    connections: Connections,
    connection: Option<ConnectionId>,
    retry: RetryPolicy,
    limit: Option<Arc<dyn Limiter>>,
    configured_account: Option<AccountSid>,
    discovered_account: OnceCell<AccountSid>,
}

pub(crate) struct Parts {
    pub key: ApiKey,
    pub base: BaseUrl,
    pub control_base: BaseUrl,
    pub connection: Option<ConnectionId>,
    pub account_sid: Option<AccountSid>,
    pub retry: RetryPolicy,
    pub limit: Option<Arc<dyn Limiter>>,
    pub http: reqwest::Client,
    pub total_timeout: Option<std::time::Duration>,
    pub attempt_timeout: Option<std::time::Duration>,
}

/// The client's accessors of its resource handlers: `name()` gives a handler sharing the client
/// (its connection pool, rate limit and discovered account).
macro_rules! handlers {
    ($($(#[$doc:meta])* $name:ident: $handler:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(&self) -> $handler {
            $handler::new(self.clone())
        }
    )*};
}

impl Client {
    /// The account's recordings (feature `recordings`): list, fetch, delete, and their
    /// transcriptions. A call's recordings are under [`calls`](Self::calls).
    #[cfg(feature = "recordings")]
    #[inline]
    pub fn recordings(&self) -> crate::resources::Recordings {
        crate::resources::Recordings::new(self.clone())
    }

    /// The account's transcriptions (feature `recordings`): list, fetch, delete.
    #[cfg(feature = "recordings")]
    #[inline]
    pub fn transcriptions(&self) -> crate::resources::Transcriptions {
        crate::resources::Transcriptions::new(self.clone())
    }

    /// The account's conferences (feature `conferences`): list, fetch, end, update, and their
    /// participants.
    #[cfg(feature = "conferences")]
    #[inline]
    pub fn conferences(&self) -> crate::resources::Conferences {
        crate::resources::Conferences::new(self.clone())
    }

    /// A client configured from the environment: `MATON_API_KEY` (required), and optionally
    /// `MATON_CONNECTION`, `MATON_TWILIO_BASE_URL`, `MATON_CTRL_BASE_URL` and
    /// `MATON_TWILIO_ACCOUNT_SID`. See [`ClientBuilder::from_env`].
    #[inline]
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A client with every default and this API key.
    #[inline]
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        ClientBuilder::new().api_key(api_key).build()
    }

    /// A builder for every setting.
    #[inline]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    #[inline]
    pub(crate) fn from_parts(parts: Parts) -> Result<Self, Error> {
        let transport = Transport::new(parts.key.clone(), parts.base.clone())
            .retry(parts.retry.clone())
            .limiter(parts.limit.clone())
            .total_timeout(parts.total_timeout)
            .attempt_timeout(parts.attempt_timeout)
            .connection(parts.connection.as_ref().map(ConnectionId::as_str))
            .map_err(|_| Error::config("the connection id cannot go into a header"))?;
        let transport = Arc::new(transport);
        // The control plane documents no rate limit: it gets the retry policy and the HTTP
        // client, not the gateway's limiter.
        let mut connections = Connections::builder()
            .api_key(parts.key.expose())
            .base_url(parts.control_base.as_str())
            .http_client(parts.http.clone())
            .retry_policy(parts.retry.clone());
        if let Some(total) = parts.total_timeout {
            connections = connections.total_timeout(total);
        }
        if let Some(attempt) = parts.attempt_timeout {
            connections = connections.attempt_timeout(attempt);
        }
        let connections = connections.build()?;
        let api = twilio::Client::new_with_client(
            parts.base.as_str(),
            parts.http.clone(),
            Context::with_executor(transport.clone()),
        );
        Ok(Self {
            shared: Arc::new(Shared {
                api,
                transport,
                http: parts.http,
                base: parts.base,
                control_base: parts.control_base,
                connections,
                connection: parts.connection,
                retry: parts.retry,
                limit: parts.limit,
                configured_account: parts.account_sid,
                discovered_account: OnceCell::new(),
            }),
            account: None,
        })
    }

    /// A client for another account (a subaccount), sharing everything else with this one.
    #[inline]
    pub fn with_account(&self, account: AccountSid) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
            account: Some(account),
        }
    }

    /// The account requests go to: the one given to [`with_account`](Self::with_account) or the
    /// builder, or else the one discovered from `/Accounts.json` on first use (cached; concurrent
    /// first calls share one request).
    ///
    /// Discovery prefers the main account (the one that owns itself) and otherwise takes the
    /// first listed. It fails with [`ErrorKind::Config`](crate::ErrorKind::Config) when the key
    /// sees no account (the Twilio connection is missing or has no access).
    #[inline]
    pub async fn account_sid(&self) -> Result<AccountSid, Error> {
        if let Some(sid) = self
            .account
            .as_ref()
            .or(self.shared.configured_account.as_ref())
        {
            return Ok(sid.clone());
        }
        self.shared
            .discovered_account
            // Boxed: discovery runs once per client, and its future (a whole list request) would
            // otherwise make the future of every operation that asks for the account larger.
            .get_or_try_init(|| Box::pin(self.discover_account()))
            .await
            .cloned()
    }

    #[inline]
    async fn discover_account(&self) -> Result<AccountSid, Error> {
        let page = crate::response::finish(
            Operation::ListAccount.id(),
            self.api().list_account().send().await,
        )
        .await?
        .into_value();
        let accounts = page.accounts.unwrap_or_default();
        let chosen = accounts
            .iter()
            .find(|a| a.sid.is_some() && a.sid == a.owner_account_sid)
            .or_else(|| accounts.first())
            .and_then(|a| a.sid.as_deref());
        match chosen {
            Some(sid) => AccountSid::parse(sid).map_err(|_| {
                Error::decode_message(format!(
                    "/Accounts.json listed an account whose SID is not an account SID: `{}`",
                    crate::sid::shorten(sid)
                ))
                .with_operation(Operation::ListAccount.id())
            }),
            None => Err(Error::config(
                "the API key sees no Twilio account: connect Twilio at https://ctrl.maton.ai \
                 (or pass a connection id / account SID)",
            )
            .with_operation(Operation::ListAccount.id())),
        }
    }

    handlers! {
        /// Messages: send SMS, MMS and channel messages, list, fetch, redact, cancel, delete.
        messages: Messages;
        /// Calls: place, list, fetch, modify (redirect, hang up), delete.
        calls: Calls;
        /// Incoming phone numbers: the numbers the account owns, searching for available ones, and
        /// buying, configuring and releasing them.
        phone_numbers: PhoneNumbers;
        /// TwiML applications.
        applications: Applications;
        /// Call queues.
        queues: Queues;
        /// Addresses (regulatory and emergency).
        addresses: Addresses;
        /// Usage records.
        usage: Usage;
        /// The account and its subaccounts.
        accounts: Accounts;
        /// Outgoing caller IDs: numbers verified to show as the caller (feature `numbers`).
        #[cfg(feature = "numbers")]
        caller_ids: CallerIds;
    }

    /// The generated low-level client, sharing this client's authentication, rate limit, retries
    /// and tracing: for parameters this crate does not wrap.
    #[inline]
    pub fn raw(&self) -> &twilio::Client {
        &self.shared.api
    }

    /// The Twilio base URL requests go to.
    #[inline]
    pub fn base_url(&self) -> &BaseUrl {
        &self.shared.base
    }

    /// The control-plane base URL.
    #[inline]
    pub fn control_base_url(&self) -> &BaseUrl {
        &self.shared.control_base
    }

    /// The connection id sent as `Maton-Connection`, if one was configured.
    #[inline]
    pub fn connection(&self) -> Option<&ConnectionId> {
        self.shared.connection.as_ref()
    }

    /// Maton's control plane with this client's key, HTTP client and retry policy: list, create
    /// and delete Twilio connections, wait for one to turn ACTIVE, check the key is ready.
    ///
    /// ```no_run
    /// # async fn run(client: maton_twilio::Client) -> Result<(), maton_twilio::Error> {
    /// use maton_twilio::connections::ConnectionStatus;
    /// let active = client
    ///     .connections()
    ///     .list()
    ///     .app("twilio")
    ///     .status(ConnectionStatus::Active)
    ///     .send()
    ///     .await?;
    /// println!("{} active Twilio connection(s)", active.len());
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub fn connections(&self) -> &Connections {
        &self.shared.connections
    }

    #[inline]
    pub(crate) fn api(&self) -> &twilio::Client {
        &self.shared.api
    }

    #[inline]
    pub(crate) fn transport(&self) -> &Transport {
        &self.shared.transport
    }

    #[inline]
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.shared.http
    }
}

impl fmt::Debug for Client {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base)
            .field("control_base_url", &self.shared.control_base)
            .field("api_key", &"<redacted>")
            .field("connection", &self.shared.connection)
            .field(
                "account",
                &self
                    .account
                    .as_ref()
                    .or(self.shared.configured_account.as_ref())
                    .or(self.shared.discovered_account.get()),
            )
            .field("retry", &self.shared.retry)
            .field("rate_limited", &self.shared.limit.is_some())
            .finish()
    }
}
