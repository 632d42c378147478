//! The four control-plane operations: list, create, get and delete.

use maton_core::{Service, from_generated};
use maton_twilio_api::control::Operation;
use maton_twilio_api::control::types;

use crate::{Connection, ConnectionMethod, ConnectionStatus, Connections, Error, IntoConnectionId};

/// The longest app name accepted.
const MAX_APP_LEN: usize = 64;

/// Sends the control-plane operation `$operation` (the generated `$method`) for the connection
/// `$id`, in an async function returning `Result<_, Error>`: a malformed id returns an
/// `InvalidInput` error with nothing sent, a failure the converted error; evaluates to the
/// generated response.
macro_rules! send_by_id {
    ($self:ident, $id:expr, $operation:ident => $method:ident) => {{
        const OPERATION: &str = Operation::$operation.id();
        let id = $id
            .into_connection_id()
            .map_err(|e| e.with_operation(OPERATION))?;
        match $self
            .raw()
            .$method()
            .connection_id(id.as_str())
            .send()
            .await
        {
            Ok(response) => response,
            Err(error) => return Err(from_generated(Service::Control, OPERATION, error).await),
        }
    }};
}

impl Connections {
    /// Lists the key owner's connections, optionally only those of one app or in one status.
    /// The control plane documents no paging: the whole list comes in one response.
    ///
    /// ```no_run
    /// # async fn run(connections: maton_connections::Connections) -> Result<(), maton_connections::Error> {
    /// use maton_connections::ConnectionStatus;
    /// let pending = connections.list().app("twilio").status(ConnectionStatus::Pending).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self) -> ListConnections {
        ListConnections {
            connections: self.clone(),
            app: None,
            status: None,
        }
    }

    /// Starts a new connection to `app` (`"twilio"`). The connection comes back PENDING with the
    /// authorisation [`url`](Connection::url) its owner opens in a browser; then
    /// [`wait_until_active`](Self::wait_until_active) waits for the consent to finish.
    ///
    /// `app` must be a plain name (letters, digits, `-`, `_`); anything else fails with an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error naming `app`, and nothing is sent.
    ///
    /// A create is not idempotent: it is retried only when it cannot have been carried out (a
    /// 429, or no connection made). An error whose [`outcome`](Error::outcome) is
    /// [`Unknown`](crate::Outcome::Unknown) may have created a connection: list before trying again.
    pub fn create(&self, app: impl Into<String>) -> CreateConnection {
        CreateConnection {
            connections: self.clone(),
            app: app.into(),
            method: None,
        }
    }

    /// Fetches one connection. An unknown id is a [`NotFound`](crate::ErrorKind::NotFound)
    /// error; a malformed one an [`InvalidInput`](crate::ErrorKind::InvalidInput) error, with
    /// nothing sent.
    pub async fn get(&self, id: impl IntoConnectionId) -> Result<Connection, Error> {
        let envelope = send_by_id!(self, id, GetConnection => get_connection);
        unwrap_envelope(envelope.into_inner(), Operation::GetConnection.id())
    }

    /// Deletes a connection. Whatever body the control plane answers with is ignored. An unknown
    /// id is a [`NotFound`](crate::ErrorKind::NotFound) error (which, after a retried delete,
    /// may mean the first attempt did it).
    pub async fn delete(&self, id: impl IntoConnectionId) -> Result<(), Error> {
        send_by_id!(self, id, DeleteConnection => delete_connection);
        Ok(())
    }
}

/// Builder for [`Connections::list`]: add filters, then [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct ListConnections {
    connections: Connections,
    app: Option<String>,
    status: Option<ConnectionStatus>,
}

impl ListConnections {
    /// Only connections of this app (`"twilio"`).
    pub fn app(mut self, app: impl Into<String>) -> Self {
        self.app = Some(app.into());
        self
    }

    /// Only connections in this status.
    pub fn status(mut self, status: ConnectionStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sends the request; the connections in the order the control plane gives them.
    pub async fn send(self) -> Result<Vec<Connection>, Error> {
        const OPERATION: &str = Operation::ListConnections.id();
        let mut request = self.connections.raw().list_connections();
        if let Some(app) = self.app {
            request = request.app(check_app(app).map_err(|e| e.with_operation(OPERATION))?);
        }
        if let Some(status) = self.status {
            request = request.status(status);
        }
        match request.send().await {
            Ok(list) => Ok(list
                .into_inner()
                .connections
                .unwrap_or_default()
                .into_iter()
                .map(Connection::from)
                .collect()),
            Err(error) => Err(from_generated(Service::Control, OPERATION, error).await),
        }
    }
}

/// Builder for [`Connections::create`]: choose a method if needed, then [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until `send()` is awaited"]
pub struct CreateConnection {
    connections: Connections,
    app: String,
    method: Option<ConnectionMethod>,
}

impl CreateConnection {
    /// How the connection should authenticate to the app; by default the control plane picks
    /// (OAuth 2 for Twilio).
    pub fn method(mut self, method: ConnectionMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// Sends the request; the new connection, usually PENDING with its authorisation URL.
    pub async fn send(self) -> Result<Connection, Error> {
        const OPERATION: &str = Operation::CreateConnection.id();
        let app = check_app(self.app).map_err(|e| e.with_operation(OPERATION))?;
        let method = self.method;
        let result = self
            .connections
            .raw()
            .create_connection()
            .body_map(|body| body.app(app).method(method))
            .send()
            .await;
        match result {
            Ok(envelope) => unwrap_envelope(envelope.into_inner(), OPERATION),
            Err(error) => Err(from_generated(Service::Control, OPERATION, error).await),
        }
    }
}

/// The connection of a `{"connection": ...}` answer; a `null` one is a decode error.
fn unwrap_envelope(
    envelope: types::ConnectionEnvelope,
    operation: &'static str,
) -> Result<Connection, Error> {
    match envelope.connection {
        Some(connection) => Ok(connection.into()),
        None => Err(
            Error::decode_message("the control plane answered with a null `connection`")
                .with_operation(operation),
        ),
    }
}

/// Checks an app name: a plain identifier, so that it means the same to every server.
pub(crate) fn check_app(app: String) -> Result<String, Error> {
    let ok = !app.is_empty()
        && app.len() <= MAX_APP_LEN
        && app
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        return Ok(app);
    }
    let shown: String = app.chars().take(40).collect();
    Err(Error::invalid_input(
        "app",
        format!(
            "{shown:?} is not an app name: use 1 to {MAX_APP_LEN} letters, digits, `-` or `_` \
             (e.g. \"twilio\")"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_are_plain() {
        for ok in ["twilio", "google-mail", "a_b", "X1"] {
            assert_eq!(check_app(ok.into()).unwrap(), ok);
        }
        for bad in [
            "",
            "twi lio",
            "a/b",
            "a&status=ACTIVE",
            "é",
            "a\r\n",
            &"a".repeat(65),
        ] {
            let e = check_app(bad.into()).unwrap_err();
            assert_eq!(e.field(), Some("app"), "{bad:?}");
        }
    }
}
