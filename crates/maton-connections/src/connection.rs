//! [`Connection`]: one connection as the control plane describes it.

use chrono::{DateTime, Utc};
use maton_twilio_api::Timestamp;
use maton_twilio_api::control::types;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ConnectionId, ConnectionMethod, ConnectionStatus};

/// A link between the key owner's Maton account and one account of an app (here Twilio).
///
/// Everything the control plane sent is kept: the known fields behind accessors, the rest in
/// [`extra`](Self::extra), and it serializes back to the control plane's JSON. Nothing the
/// server sends is refused: an id that is not a valid [`ConnectionId`] is kept as text
/// ([`raw_id`](Self::raw_id)) while [`id`](Self::id) gives `None`, so it can never be sent back
/// in a path or header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "types::Connection", into = "types::Connection")]
pub struct Connection {
    id: Option<ConnectionId>,
    raw: types::Connection,
}

impl Connection {
    /// The id, when the server sent a valid one: send it as `Maton-Connection` to use this
    /// connection.
    pub fn id(&self) -> Option<&ConnectionId> {
        self.id.as_ref()
    }

    /// The id's text exactly as sent, valid or not.
    pub fn raw_id(&self) -> Option<&str> {
        self.raw.connection_id.as_deref()
    }

    /// Where the connection stands: ACTIVE, PENDING, FAILED, or a value this crate does not know
    /// yet ([`ConnectionStatus::Unknown`]). `None` when the server sent none.
    pub fn status(&self) -> Option<&ConnectionStatus> {
        self.raw.status.as_ref()
    }

    /// Whether the connection is ACTIVE: the gateway can use it.
    pub fn is_active(&self) -> bool {
        self.status() == Some(&ConnectionStatus::Active)
    }

    /// Whether the connection is PENDING: its owner has not finished the OAuth consent at
    /// [`url`](Self::url) yet.
    pub fn is_pending(&self) -> bool {
        self.status() == Some(&ConnectionStatus::Pending)
    }

    /// Whether the connection is FAILED: the OAuth flow did not succeed.
    pub fn is_failed(&self) -> bool {
        self.status() == Some(&ConnectionStatus::Failed)
    }

    /// When the connection was created; `None` when not sent or not a date (the text is kept
    /// in [`as_raw`](Self::as_raw)).
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.raw.creation_time.as_ref().and_then(Timestamp::utc)
    }

    /// When the connection last changed; `None` when not sent or not a date (the text is kept
    /// in [`as_raw`](Self::as_raw)).
    pub fn updated(&self) -> Option<DateTime<Utc>> {
        self.raw.last_updated_time.as_ref().and_then(Timestamp::utc)
    }

    /// The authorisation page the owner opens in a browser to finish the OAuth consent
    /// (`https://connect.maton.ai/?session_token=...`). It carries a session token: show it to
    /// the user, don't log it.
    pub fn url(&self) -> Option<&str> {
        self.raw.url.as_deref()
    }

    /// The app the connection is for (`twilio`).
    pub fn app(&self) -> Option<&str> {
        self.raw.app.as_deref()
    }

    /// How the connection authenticates to the app.
    pub fn method(&self) -> Option<&ConnectionMethod> {
        self.raw.method.as_ref()
    }

    /// Free-form facts about the connection, as the control plane gives them.
    pub fn metadata(&self) -> Option<&Map<String, Value>> {
        self.raw.metadata.as_ref()
    }

    /// Fields this version of the crate does not know, as sent.
    pub fn extra(&self) -> &Map<String, Value> {
        &self.raw.extra
    }

    /// The generated low-level type this wraps.
    pub fn as_raw(&self) -> &types::Connection {
        &self.raw
    }

    /// Unwraps the generated low-level type.
    pub fn into_raw(self) -> types::Connection {
        self.raw
    }
}

impl From<types::Connection> for Connection {
    fn from(raw: types::Connection) -> Self {
        let id = raw
            .connection_id
            .as_deref()
            .and_then(|text| ConnectionId::parse(text).ok());
        Self { id, raw }
    }
}

impl From<Connection> for types::Connection {
    fn from(connection: Connection) -> Self {
        connection.raw
    }
}

/// Picks the connection the gateway uses for `app` when no `Maton-Connection` is sent: the
/// oldest ACTIVE one.
///
/// Connections of another app are skipped (one without an `app` field is taken to be of `app`,
/// as in a list filtered by app); so are those without a valid id, which cannot be named. One
/// without a creation time counts as newer than any with one; ties keep the given order.
///
/// ```
/// use maton_connections::{Connection, oldest_active};
///
/// let list: Vec<Connection> = serde_json::from_value(serde_json::json!([
///     {"connection_id": "new", "status": "ACTIVE", "app": "twilio",
///      "creation_time": "2026-02-09T23:18:44.243582Z"},
///     {"connection_id": "old", "status": "ACTIVE", "app": "twilio",
///      "creation_time": "2025-12-08T07:20:53.488460Z"},
///     {"connection_id": "older", "status": "PENDING", "app": "twilio",
///      "creation_time": "2025-01-01T00:00:00Z"},
/// ]))?;
/// let chosen = oldest_active(&list, "twilio").and_then(|c| c.id());
/// assert_eq!(chosen.map(|id| id.as_str()), Some("old"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn oldest_active<'a>(
    connections: impl IntoIterator<Item = &'a Connection>,
    app: &str,
) -> Option<&'a Connection> {
    let mut best: Option<&Connection> = None;
    for candidate in connections {
        if !candidate.is_active()
            || candidate.id().is_none()
            || candidate.app().is_some_and(|a| a != app)
        {
            continue;
        }
        let older = match (&best, candidate.created()) {
            (None, _) => true,
            (Some(current), Some(created)) => current.created().is_none_or(|c| created < c),
            (Some(_), None) => false,
        };
        if older {
            best = Some(candidate);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn connection(value: Value) -> Connection {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn keeps_every_field_and_round_trips() {
        let wire = json!({
            "connection_id": "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
            "status": "ACTIVE",
            "creation_time": "2026-02-09T23:18:44.243582Z",
            "last_updated_time": "2026-02-09T23:19:55.176687Z",
            "url": "https://connect.maton.ai/?session_token=abc",
            "app": "twilio",
            "method": "OAUTH2",
            "metadata": {"account": "AC1", "nested": {"n": 1}},
            "owner": "someone"
        });
        let c = connection(wire.clone());
        assert_eq!(
            c.id().unwrap().as_str(),
            "ebe566b1-3eaf-4926-bc92-0d8d47445f12"
        );
        assert!(c.is_active() && !c.is_pending() && !c.is_failed());
        assert_eq!(
            c.created().unwrap().to_rfc3339(),
            "2026-02-09T23:18:44.243582+00:00"
        );
        assert!(c.updated().unwrap() > c.created().unwrap());
        assert_eq!(c.app(), Some("twilio"));
        assert_eq!(c.method(), Some(&ConnectionMethod::Oauth2));
        assert_eq!(c.metadata().unwrap()["nested"]["n"], 1);
        assert_eq!(c.extra()["owner"], "someone");
        assert_eq!(serde_json::to_value(&c).unwrap(), wire);
    }

    #[test]
    fn never_refuses_what_the_server_sends() {
        let c = connection(json!({
            "connection_id": "not/valid\r\n",
            "status": "REVOKED",
            "method": "SAML"
        }));
        assert_eq!(c.id(), None);
        assert_eq!(c.raw_id(), Some("not/valid\r\n"));
        assert_eq!(
            c.status(),
            Some(&ConnectionStatus::Unknown("REVOKED".into()))
        );
        assert_eq!(c.method(), Some(&ConnectionMethod::Unknown("SAML".into())));
        let empty = connection(json!({}));
        assert_eq!(empty.status(), None);
        assert_eq!(empty.raw_id(), None);
    }

    #[test]
    fn oldest_active_follows_the_gateway() {
        // (id, status, app, creation time), in the order the gateway lists them.
        let list: Vec<Connection> = [
            ("pending", "PENDING", "twilio", Some("2020-01-01T00:00:00Z")),
            ("no-time", "ACTIVE", "twilio", None),
            ("b", "ACTIVE", "twilio", Some("2025-06-01T00:00:00Z")),
            ("other-app", "ACTIVE", "slack", Some("2020-01-01T00:00:00Z")),
            ("bad/id", "ACTIVE", "twilio", Some("2020-01-01T00:00:00Z")),
            ("a", "ACTIVE", "twilio", Some("2025-01-01T00:00:00Z")),
            ("a-tie", "ACTIVE", "twilio", Some("2025-01-01T00:00:00Z")),
        ]
        .into_iter()
        .map(|(id, status, app, created)| {
            let mut wire = json!({"connection_id": id, "status": status, "app": app});
            if let Some(created) = created {
                wire["creation_time"] = json!(created);
            }
            connection(wire)
        })
        .collect();
        let pick = |items: &[Connection]| {
            oldest_active(items, "twilio").map(|c| c.raw_id().unwrap().to_string())
        };
        assert_eq!(pick(&list).as_deref(), Some("a"));
        assert_eq!(pick(&list[..2]).as_deref(), Some("no-time"));
        assert_eq!(pick(&list[..1]), None);
        assert_eq!(pick(&[]), None);
    }
}
