//! The state a fresh emulator starts with, and the accounts new connections bring.

use chrono::{DateTime, Utc};
use maton_twilio_api::control::types::{ConnectionMethod, ConnectionStatus};

use crate::connections::ConnectionRecord;
use crate::resources::{accounts, numbers};
use crate::sid;
use crate::store::Store;

/// The numbers the default account owns: the senders the gateway's documentation uses.
pub const DEFAULT_NUMBERS: [&str; 2] = ["+15551234567", "+15557654321"];

/// A main account named `name` owning `owned`; returns its SID.
pub(crate) fn account(store: &mut Store, name: &str, owned: &[&str], now: DateTime<Utc>) -> String {
    let sid = accounts::insert(store, name, None, now);
    for number in owned {
        numbers::insert(store, &sid, number, now);
    }
    sid
}

/// A main account for a newly authorised connection, with two numbers nobody owns yet.
pub(crate) fn account_for_connection(store: &mut Store, now: DateTime<Utc>) -> String {
    let mut owned = Vec::new();
    let mut line = 100u32;
    while owned.len() < 2 && line < 10_000 {
        let candidate = format!("+1555010{line:04}");
        if !numbers::taken(store, &candidate) {
            owned.push(candidate);
        }
        line += 1;
    }
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    account(store, "Connected Twilio account", &refs, now)
}

/// A twilio connection in `status` reaching `account`; returns its id.
pub(crate) fn connection(
    store: &mut Store,
    app: &str,
    method: Option<ConnectionMethod>,
    status: ConnectionStatus,
    account: Option<String>,
    now: DateTime<Utc>,
) -> String {
    let seq = store.next_seq();
    let id = sid::connection_id(seq, store.seed);
    store.connections.push(ConnectionRecord {
        id: id.clone(),
        app: app.to_string(),
        method,
        status,
        created: now,
        updated: now,
        account,
    });
    id
}
