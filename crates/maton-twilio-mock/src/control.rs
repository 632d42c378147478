//! Maton's control plane (`/connections`) and the pages that finish a connection's
//! authorisation in a browser (`/connect/{id}/authorize`, `/connect/{id}/deny`).

use chrono::{DateTime, Utc};
use http::StatusCode;
use maton_twilio_api::control::types::{ConnectionEnvelope, ConnectionMethod, ConnectionStatus};

use crate::params::Params;
use crate::reply::{GatewayError, Reply};
use crate::routes::{Route, Target};
use crate::seed;
use crate::shared::{Shared, lock};

/// Answers a request routed to the control plane (the key is already checked) or to a consent
/// page (which needs no key: a browser opens it).
pub(crate) fn handle(
    shared: &Shared,
    route: &Route,
    uri: &http::Uri,
    body: &[u8],
    now: DateTime<Utc>,
) -> Reply {
    use maton_twilio_api::control::Operation as Op;
    let id = route.param("connection_id").unwrap_or_default();
    let result = match &route.target {
        Target::Control { op, .. } => match op {
            Op::CreateConnection => create(shared, body, now),
            Op::ListConnections => list(shared, uri),
            Op::DeleteConnection => delete(shared, id),
            Op::GetConnection => get(shared, id),
            _ => Err(GatewayError::new(StatusCode::NOT_FOUND, "Not found")),
        },
        Target::Consent { id, approve } => return consent(shared, id, *approve, now),
        Target::Twilio { .. } => Err(GatewayError::new(StatusCode::NOT_FOUND, "Not found")),
    };
    result.unwrap_or_else(GatewayError::into_reply)
}

fn list(shared: &Shared, uri: &http::Uri) -> Result<Reply, GatewayError> {
    let query = Params::parse(uri.query().unwrap_or_default().as_bytes())
        .map_err(|e| GatewayError::new(StatusCode::BAD_REQUEST, e.message))?;
    let app = query.get("app");
    let status = query.get("status").map(ConnectionStatus::from);
    let store = lock(&shared.store);
    let connections: Vec<_> = store
        .connections
        .iter()
        .filter(|c| app.is_none_or(|a| c.app == a))
        .filter(|c| status.as_ref().is_none_or(|s| c.status == *s))
        .map(|c| c.to_api(&shared.base_url))
        .collect();
    Ok(Reply::json(
        StatusCode::OK,
        &serde_json::json!({ "connections": connections }),
    ))
}

fn create(shared: &Shared, body: &[u8], now: DateTime<Utc>) -> Result<Reply, GatewayError> {
    let bad = |message: &str| GatewayError::new(StatusCode::BAD_REQUEST, message);
    let request: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| bad("The body must be a JSON object"))?;
    let app = request
        .get("app")
        .and_then(|a| a.as_str())
        .filter(|a| {
            !a.is_empty()
                && a.len() <= 64
                && a.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .ok_or_else(|| bad("\"app\" must be an app name such as \"twilio\""))?;
    let method = match request.get("method") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(m)) => {
            let method = ConnectionMethod::from(m.as_str());
            if method.is_unknown() {
                return Err(bad(
                    "\"method\" must be one of OAUTH2, API_KEY, BASIC, OAUTH1, MCP",
                ));
            }
            Some(method)
        }
        Some(_) => return Err(bad("\"method\" must be a string")),
    };
    let mut store = lock(&shared.store);
    if store.connections.len() >= store.limits.max_connections {
        return Err(bad("Too many connections; delete some first"));
    }
    let id = seed::connection(
        &mut store,
        app,
        method,
        ConnectionStatus::Pending,
        None,
        now,
    );
    envelope(shared, &store, &id)
}

fn envelope(shared: &Shared, store: &crate::store::Store, id: &str) -> Result<Reply, GatewayError> {
    let connection = store.connections.get(id).ok_or_else(|| {
        GatewayError::new(StatusCode::NOT_FOUND, format!("Connection {id} not found"))
    })?;
    let envelope = ConnectionEnvelope {
        connection: Some(connection.to_api(&shared.base_url)),
        extra: serde_json::Map::new(),
    };
    Ok(Reply::json(StatusCode::OK, &envelope))
}

fn get(shared: &Shared, id: &str) -> Result<Reply, GatewayError> {
    let store = lock(&shared.store);
    envelope(shared, &store, id)
}

fn delete(shared: &Shared, id: &str) -> Result<Reply, GatewayError> {
    let mut store = lock(&shared.store);
    if !store.connections.remove(id) {
        return Err(GatewayError::new(
            StatusCode::NOT_FOUND,
            format!("Connection {id} not found"),
        ));
    }
    Ok(Reply::json(StatusCode::OK, &serde_json::json!({})))
}

/// Turns a PENDING connection ACTIVE (with a Twilio account of its own) or FAILED.
pub(crate) fn decide(
    shared: &Shared,
    id: &str,
    approve: bool,
    now: DateTime<Utc>,
) -> Result<(), StatusCode> {
    let mut store = lock(&shared.store);
    let connection = store.connections.get(id).ok_or(StatusCode::NOT_FOUND)?;
    if connection.status != ConnectionStatus::Pending {
        return Err(StatusCode::CONFLICT);
    }
    let needs_account = approve && connection.app == "twilio" && connection.account.is_none();
    let account = needs_account.then(|| seed::account_for_connection(&mut store, now));
    let connection = store.connections.get_mut(id).ok_or(StatusCode::NOT_FOUND)?;
    connection.status = if approve {
        ConnectionStatus::Active
    } else {
        ConnectionStatus::Failed
    };
    connection.updated = now;
    if account.is_some() {
        connection.account = account;
    }
    Ok(())
}

fn consent(shared: &Shared, id: &str, approve: bool, now: DateTime<Utc>) -> Reply {
    match decide(shared, id, approve, now) {
        Ok(()) if approve => Reply::html(
            StatusCode::OK,
            "Connection authorised. You can close this window.",
        ),
        Ok(()) => Reply::html(StatusCode::OK, "Connection denied."),
        Err(StatusCode::CONFLICT) => Reply::html(
            StatusCode::CONFLICT,
            "This connection is not waiting for authorisation.",
        ),
        Err(status) => Reply::html(status, "Unknown connection."),
    }
}
