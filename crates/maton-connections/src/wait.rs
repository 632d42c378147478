//! Waiting for a new connection's OAuth consent: [`WaitUntilActive`], [`Progress`] and
//! [`WaitError`].

use maton_twilio_api::control::Operation;
use std::fmt;
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

use crate::{Connection, ConnectionId, ConnectionStatus, Connections, Error, IntoConnectionId};

/// The default time between two polls.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// The shortest time between two polls; shorter intervals are raised to it.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The default time to wait before giving up.
pub const DEFAULT_WAIT_DEADLINE: Duration = Duration::from_secs(10 * 60);

type ProgressFn = Box<dyn FnMut(&Progress) + Send>;

impl Connections {
    /// Waits for a connection to turn ACTIVE, polling it until it does, turns FAILED,
    /// disappears, or the deadline passes (see [`WaitError`]).
    ///
    /// Set the poll [`interval`](WaitUntilActive::interval), the
    /// [`deadline`](WaitUntilActive::deadline) and a progress callback
    /// ([`on_progress`](WaitUntilActive::on_progress)), then [`send`](WaitUntilActive::send).
    ///
    /// ```no_run
    /// # async fn run(connections: maton_connections::Connections) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    ///
    /// let created = connections.create("twilio").send().await?;
    /// println!("Open {} to authorise Twilio", created.url().unwrap_or("(no URL given)"));
    /// let id = created.id().ok_or("the control plane sent no usable id")?;
    /// let active = connections
    ///     .wait_until_active(id)
    ///     .interval(Duration::from_secs(3))
    ///     .deadline(Duration::from_secs(300))
    ///     .on_progress(|p| {
    ///         if p.is_change() {
    ///             eprintln!("status: {} after {:?}", p.status_text(), p.elapsed());
    ///         }
    ///     })
    ///     .send()
    ///     .await?;
    /// assert!(active.is_active());
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_until_active(&self, id: impl IntoConnectionId) -> WaitUntilActive {
        WaitUntilActive {
            connections: self.clone(),
            id: id.into_connection_id(),
            interval: DEFAULT_POLL_INTERVAL,
            deadline: DEFAULT_WAIT_DEADLINE,
            on_progress: None,
        }
    }
}

/// Builder for [`Connections::wait_until_active`].
///
/// Each poll is one `GET /connections/{id}`. A status this crate does not know, or none, counts
/// as not finished yet. Time is tokio's clock, so tests can run it with paused time.
#[must_use = "waiting does nothing until `send()` is awaited"]
pub struct WaitUntilActive {
    connections: Connections,
    id: Result<ConnectionId, Error>,
    interval: Duration,
    deadline: Duration,
    on_progress: Option<ProgressFn>,
}

impl WaitUntilActive {
    /// The time between two polls; default [`DEFAULT_POLL_INTERVAL`], at least
    /// [`MIN_POLL_INTERVAL`].
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval.max(MIN_POLL_INTERVAL);
        self
    }

    /// How long after the first poll to give up; default [`DEFAULT_WAIT_DEADLINE`]. One last
    /// poll is made at the deadline. A request in flight is not cut short: each is bounded by the
    /// HTTP client's own timeout.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Calls `callback` after every poll with what it saw, e.g. to show the status in a CLI.
    /// [`Progress::is_change`] tells the polls that saw a new status.
    pub fn on_progress(mut self, callback: impl FnMut(&Progress) + Send + 'static) -> Self {
        self.on_progress = Some(Box::new(callback));
        self
    }

    /// Polls until the connection is ACTIVE, and returns it.
    pub async fn send(mut self) -> Result<Connection, WaitError> {
        let id = self
            .id
            .map_err(|e| WaitError::Request(e.with_operation(Operation::GetConnection.id())))?;
        let start = Instant::now();
        let give_up_at = start.checked_add(self.deadline);
        let mut previous: Option<ConnectionStatus> = None;
        let mut polls: u32 = 0;
        loop {
            let connection = match self.connections.get(&id).await {
                Ok(connection) => connection,
                Err(error) if error.is_not_found() => return Err(WaitError::Gone(id)),
                Err(error) => return Err(WaitError::Request(error)),
            };
            polls = polls.saturating_add(1);
            let progress = Progress {
                changed: polls == 1 || previous.as_ref() != connection.status(),
                previous: previous.take(),
                connection,
                polls,
                elapsed: start.elapsed(),
            };
            tracing::debug!(
                connection = %id,
                status = progress.status_text(),
                polls,
                "polled connection"
            );
            if let Some(callback) = self.on_progress.as_mut() {
                callback(&progress);
            }
            let connection = progress.connection;
            if connection.is_active() {
                return Ok(connection);
            }
            if connection.is_failed() {
                return Err(WaitError::Failed(Box::new(connection)));
            }
            let now = Instant::now();
            let next = now.checked_add(self.interval);
            match (give_up_at, next) {
                (Some(at), _) if now >= at => {
                    return Err(WaitError::DeadlinePassed {
                        waited: now.duration_since(start),
                        last: Box::new(connection),
                    });
                }
                (Some(at), Some(next)) => sleep_until(next.min(at)).await,
                (Some(at), None) => sleep_until(at).await,
                (None, Some(next)) => sleep_until(next).await,
                (None, None) => std::future::pending::<()>().await,
            }
            previous = connection.status().cloned();
        }
    }
}

impl fmt::Debug for WaitUntilActive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitUntilActive")
            .field("id", &self.id.as_ref().ok())
            .field("interval", &self.interval)
            .field("deadline", &self.deadline)
            .field("on_progress", &self.on_progress.is_some())
            .finish_non_exhaustive()
    }
}

/// What one poll of [`Connections::wait_until_active`] saw.
#[derive(Clone, Debug)]
pub struct Progress {
    connection: Connection,
    previous: Option<ConnectionStatus>,
    changed: bool,
    polls: u32,
    elapsed: Duration,
}

impl Progress {
    /// The connection as just fetched.
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Its status now (`None` when the server sent none).
    pub fn status(&self) -> Option<&ConnectionStatus> {
        self.connection.status()
    }

    /// Its status as text (`"PENDING"`, or `"unknown"` when none was sent).
    pub fn status_text(&self) -> &str {
        self.status().map_or("unknown", ConnectionStatus::as_str)
    }

    /// The status the previous poll saw (`None` on the first).
    pub fn previous(&self) -> Option<&ConnectionStatus> {
        self.previous.as_ref()
    }

    /// Whether this is the first poll or the status changed since the previous one.
    pub fn is_change(&self) -> bool {
        self.changed
    }

    /// How many polls so far, this one included.
    pub fn polls(&self) -> u32 {
        self.polls
    }

    /// The time since the first poll started.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

/// Why [`Connections::wait_until_active`] ended without an ACTIVE connection.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The connection turned FAILED: the OAuth consent was refused or broke. Create a new
    /// connection and open its URL again.
    Failed(Box<Connection>),
    /// The connection no longer exists (404): it was deleted while waiting.
    Gone(ConnectionId),
    /// The deadline passed with the connection still not ACTIVE (usually PENDING: nobody
    /// finished the consent at its URL).
    DeadlinePassed {
        /// How long it waited.
        waited: Duration,
        /// The connection as last seen.
        last: Box<Connection>,
    },
    /// A request failed (or the id was malformed, in which case nothing was sent).
    Request(Error),
}

impl WaitError {
    /// The connection as last seen, when one was.
    pub fn connection(&self) -> Option<&Connection> {
        match self {
            Self::Failed(connection)
            | Self::DeadlinePassed {
                last: connection, ..
            } => Some(connection),
            Self::Gone(_) | Self::Request(_) => None,
        }
    }

    /// The request error, for [`Request`](Self::Request).
    pub fn as_error(&self) -> Option<&Error> {
        match self {
            Self::Request(error) => Some(error),
            _ => None,
        }
    }

    /// What to do about it, in a sentence.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Failed(_) => {
                "the OAuth consent failed: create a new connection and open its URL again"
            }
            Self::Gone(_) => "the connection was deleted: create a new one",
            Self::DeadlinePassed { .. } => {
                "open the connection's URL in a browser and finish the consent, then wait again"
            }
            Self::Request(_) => "see the request error",
        }
    }
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = |c: &Connection| c.raw_id().map(str::to_owned).unwrap_or_default();
        match self {
            Self::Failed(c) => write!(f, "connection {:?} turned FAILED", id(c)),
            Self::Gone(id) => write!(f, "connection {id} disappeared while waiting for it"),
            Self::DeadlinePassed { waited, last } => write!(
                f,
                "connection {:?} was still {} after {:.0?}",
                id(last),
                last.status()
                    .map_or("without a status", ConnectionStatus::as_str),
                waited
            ),
            Self::Request(error) => return write!(f, "waiting for the connection: {error}"),
        }?;
        write!(f, " ({})", self.hint())
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.as_error()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl From<Error> for WaitError {
    fn from(error: Error) -> Self {
        Self::Request(error)
    }
}
