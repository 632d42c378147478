//! [`KeyCheck`]: is this API key ready for gateway calls, and if not, what to do.

use std::fmt;

use maton_core::API_KEY_ENV;

use crate::{Connection, Connections, Error, TWILIO_APP, oldest_active};

/// The outcome of a key check, following the gateway's "Invalid API key" troubleshooting steps:
/// is `MATON_API_KEY` set, does the control plane accept it, and is there an ACTIVE connection
/// for the app. Each outcome has a [`hint`](Self::hint) with its fix.
///
/// | outcome | meaning | fix |
/// |---|---|---|
/// | [`MissingKey`](Self::MissingKey) | `MATON_API_KEY` is not set, empty, or not a key | set `MATON_API_KEY` to the key from <https://maton.ai/settings> |
/// | [`KeyRejected`](Self::KeyRejected) | the control plane answered 401 | copy a valid key from <https://maton.ai/settings> |
/// | [`NoActiveConnection`](Self::NoActiveConnection) | the key works; no ACTIVE connection for the app | create a connection and open its URL in a browser (or finish a PENDING one's) |
/// | [`Ready`](Self::Ready) | the key works and the gateway has a connection to use | nothing |
///
/// ```no_run
/// use maton_connections::{Connections, KeyCheck};
///
/// # async fn run() -> Result<(), maton_connections::Error> {
/// match Connections::check_env().await? {
///     KeyCheck::Ready(connection) => println!("ready, using {:?}", connection.raw_id()),
///     other => eprintln!("{other}"), // what is wrong, and the fix
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum KeyCheck {
    /// No key: `MATON_API_KEY` is not set, is empty, or holds something that is not a key
    /// (spaces, quotes, control characters). Nothing was sent.
    MissingKey,
    /// The control plane refused the key (401): it is invalid or expired.
    KeyRejected,
    /// The key works, but the app has no ACTIVE connection, so the gateway would answer 400.
    NoActiveConnection {
        /// The app checked (`twilio`).
        app: String,
        /// The app's connections, none ACTIVE (PENDING ones carry the URL to finish).
        connections: Vec<Connection>,
    },
    /// Ready: the key works and this is the connection the gateway uses by default (the oldest
    /// ACTIVE one).
    Ready(Box<Connection>),
}

impl KeyCheck {
    /// Whether gateway calls can go ahead.
    pub fn is_ready(&self) -> bool {
        matches!(self, Self::Ready(_))
    }

    /// The connection the gateway would use, when ready.
    pub fn connection(&self) -> Option<&Connection> {
        match self {
            Self::Ready(connection) => Some(connection),
            _ => None,
        }
    }

    /// The first PENDING connection, whose URL finishes the consent, when there is one.
    pub fn pending(&self) -> Option<&Connection> {
        match self {
            Self::NoActiveConnection { connections, .. } => {
                connections.iter().find(|c| c.is_pending())
            }
            _ => None,
        }
    }

    /// What to do, in a sentence.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::MissingKey => {
                "set MATON_API_KEY to your Maton API key (copy it from https://maton.ai/settings)"
            }
            Self::KeyRejected => {
                "the key is invalid or expired: copy the current key from \
                 https://maton.ai/settings into MATON_API_KEY"
            }
            Self::NoActiveConnection { .. } if self.pending().is_some() => {
                "a connection is PENDING: open its URL in a browser and finish the consent \
                 (or create a new connection)"
            }
            Self::NoActiveConnection { .. } => {
                "create a connection (Connections::create) and open its URL in a browser to \
                 finish the consent"
            }
            Self::Ready(_) => "nothing to do: gateway calls will use this connection",
        }
    }
}

impl fmt::Display for KeyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingKey => f.write_str("no Maton API key is set"),
            Self::KeyRejected => f.write_str("the Maton API key was rejected (HTTP 401)"),
            Self::NoActiveConnection { app, connections } => write!(
                f,
                "the key works, but none of its {} {app} connection(s) is ACTIVE",
                connections.len()
            ),
            Self::Ready(_) => f.write_str("ready"),
        }?;
        write!(f, ": {}", self.hint())
    }
}

impl Connections {
    /// Checks this client's key against the control plane, for Twilio: rejected (401), no
    /// ACTIVE Twilio connection, or ready. Other failures (network, 5xx) are errors: they say
    /// nothing about the key.
    pub async fn check_key(&self) -> Result<KeyCheck, Error> {
        self.check_key_for(TWILIO_APP).await
    }

    /// Like [`check_key`](Self::check_key), for another app.
    pub async fn check_key_for(&self, app: &str) -> Result<KeyCheck, Error> {
        let connections = match self.list().app(app).send().await {
            Ok(connections) => connections,
            Err(error) if error.is_unauthorized() => return Ok(KeyCheck::KeyRejected),
            Err(error) => return Err(error),
        };
        Ok(match oldest_active(&connections, app) {
            Some(connection) => KeyCheck::Ready(Box::new(connection.clone())),
            None => KeyCheck::NoActiveConnection {
                app: app.to_owned(),
                connections,
            },
        })
    }

    /// The whole check from the environment, as the troubleshooting steps go: is
    /// `MATON_API_KEY` set ([`KeyCheck::MissingKey`] if not, with nothing sent), then
    /// [`check_key`](Self::check_key) with the base URL from `MATON_CTRL_BASE_URL` (default
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
    pub async fn check_env() -> Result<KeyCheck, Error> {
        Self::check_lookup(|name| std::env::var(name).ok()).await
    }

    /// Like [`check_env`](Self::check_env), reading the variables through `lookup` (as
    /// [`ConnectionsBuilder::from_lookup`](crate::ConnectionsBuilder::from_lookup) does).
    pub async fn check_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<KeyCheck, Error> {
        let key = lookup(API_KEY_ENV).filter(|key| crate::ApiKey::new(key.as_str()).is_ok());
        if key.is_none() {
            return Ok(KeyCheck::MissingKey);
        }
        crate::ConnectionsBuilder::from_lookup(lookup)?
            .build()?
            .check_key()
            .await
    }
}
