//! Choosing the connection gateway calls use: [`Connections::select_for_app`] and
//! [`Connections::select_by_id`].

use crate::{Connection, ConnectionStatus, Connections, Error, IntoConnectionId, oldest_active};

impl Connections {
    /// The connection the gateway uses for `app` when no `Maton-Connection` header is sent: the
    /// oldest ACTIVE one (see [`oldest_active`]). `None` when there is none, in which case the
    /// gateway answers 400.
    ///
    /// Pinning it makes later calls keep using the same account even if an older connection
    /// turns ACTIVE again:
    ///
    /// ```no_run
    /// # async fn run(connections: maton_connections::Connections) -> Result<(), maton_connections::Error> {
    /// if let Some(connection) = connections.select_for_app("twilio").await? {
    ///     let id = connection.id().expect("selected connections have a valid id");
    ///     println!("Maton-Connection: {id}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn select_for_app(&self, app: &str) -> Result<Option<Connection>, Error> {
        let active = self
            .list()
            .app(app)
            .status(ConnectionStatus::Active)
            .send()
            .await?;
        Ok(oldest_active(&active, app).cloned())
    }

    /// The connection `id`, if the gateway can use it: `Some` when it exists and is ACTIVE,
    /// `None` when it is unknown (404) or not ACTIVE (PENDING, FAILED, ...). Its
    /// [`id`](Connection::id) is the `Maton-Connection` value to send.
    pub async fn select_by_id(
        &self,
        id: impl IntoConnectionId,
    ) -> Result<Option<Connection>, Error> {
        match self.get(id).await {
            Ok(connection) if connection.is_active() && connection.id().is_some() => {
                Ok(Some(connection))
            }
            Ok(_) => Ok(None),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        }
    }
}
