//! The control plane's connections, and which one a gateway request runs with.

use chrono::{DateTime, Utc};
use maton_twilio_api::control::types::{Connection, ConnectionMethod, ConnectionStatus};

use crate::dates::stamp_micros;

/// A connection as stored.
#[derive(Clone, Debug)]
pub(crate) struct ConnectionRecord {
    pub(crate) id: String,
    pub(crate) app: String,
    pub(crate) method: Option<ConnectionMethod>,
    pub(crate) status: ConnectionStatus,
    pub(crate) created: DateTime<Utc>,
    pub(crate) updated: DateTime<Utc>,
    /// The Twilio main account the connection reaches, once it has been authorised.
    pub(crate) account: Option<String>,
}

impl ConnectionRecord {
    /// The generated type, with the browser URL that finishes authorisation on `base`.
    pub(crate) fn to_api(&self, base: &str) -> Connection {
        Connection {
            app: Some(self.app.clone()),
            connection_id: Some(self.id.clone()),
            creation_time: Some(stamp_micros(self.created)),
            last_updated_time: Some(stamp_micros(self.updated)),
            metadata: Some(serde_json::Map::new()),
            method: self.method.clone(),
            status: Some(self.status.clone()),
            url: Some(format!("{base}/connect/{}/authorize", self.id)),
            extra: serde_json::Map::new(),
        }
    }
}

/// Every connection of the key's owner, oldest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Connections {
    list: Vec<ConnectionRecord>,
}

impl Connections {
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &ConnectionRecord> {
        self.list.iter()
    }

    pub(crate) fn push(&mut self, record: ConnectionRecord) {
        self.list.push(record);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&ConnectionRecord> {
        self.list.iter().find(|c| c.id == id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut ConnectionRecord> {
        self.list.iter_mut().find(|c| c.id == id)
    }

    pub(crate) fn remove(&mut self, id: &str) -> bool {
        let before = self.list.len();
        self.list.retain(|c| c.id != id);
        self.list.len() != before
    }

    /// The Twilio account a gateway request reaches: the connection named in `Maton-Connection`,
    /// or the oldest ACTIVE Twilio connection. The error is the gateway's 400 message.
    pub(crate) fn twilio_account(&self, header: Option<&str>) -> Result<String, String> {
        let usable =
            |c: &ConnectionRecord| c.app == "twilio" && c.status == ConnectionStatus::Active;
        let connection = match header {
            Some(id) => {
                let connection = self
                    .get(id)
                    .ok_or_else(|| format!("Connection {id} not found"))?;
                if !usable(connection) {
                    return Err(format!(
                        "Connection {id} is not an ACTIVE twilio connection"
                    ));
                }
                connection
            }
            None => self
                .list
                .iter()
                .find(|c| usable(c))
                .ok_or_else(|| "No ACTIVE connection found for app twilio".to_string())?,
        };
        connection
            .account
            .clone()
            .ok_or_else(|| "The connection has no Twilio account".to_string())
    }
}
