//! The gateway's Twilio plane: which connection and account a request runs with, then the
//! resource handler.

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};

use crate::generic;
use crate::params::Params;
use crate::reply::{ApiError, GatewayError, Reply};
use crate::resources::{self, Ctx, accounts};
use crate::routes::{Route, Target};
use crate::shared::{Shared, lock};

/// What went wrong, in the shape of whoever answers it.
pub(crate) enum Failure {
    Twilio(ApiError),
    Gateway(GatewayError),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self::Twilio(error)
    }
}

impl From<Failure> for Reply {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Twilio(error) => error.into_reply(),
            Failure::Gateway(error) => error.into_reply(),
        }
    }
}

/// Answers a request routed to the Twilio plane (the key is already checked); a failure
/// becomes its reply with [`Reply::from`].
pub(crate) fn handle(
    shared: &Shared,
    route: &Route,
    uri: &http::Uri,
    connection: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Reply, Failure> {
    // Parsing is proportional to the request's size: it happens before the store is locked, so
    // that the lock is only held for work bounded by the store's own caps.
    let path = uri.path().strip_prefix("/twilio").unwrap_or(uri.path());
    let query = Params::parse(uri.query().unwrap_or_default().as_bytes());
    let form = if route.method == Method::POST {
        Params::parse(body)
    } else {
        Ok(Params::default())
    };
    if let Ok(form) = &form {
        check_lengths(form)?;
    }
    let mut store = lock(&shared.store);
    let main = store
        .connections
        .twilio_account(connection)
        .map_err(|message| Failure::Gateway(GatewayError::new(StatusCode::BAD_REQUEST, message)))?;
    let (query, form) = (query?, form?);
    let store = &mut *store;
    let Target::Twilio { op, .. } = &route.target else {
        return Err(Failure::Twilio(ApiError::not_found(path)));
    };
    // Every resource under an account needs that account reachable and active.
    let account = route.param("AccountSid");
    if let Some(account) = account {
        accounts::check(store, &main, account, path, true)?;
    }
    let ctx = Ctx {
        now,
        path,
        query: &query,
        form: &form,
        account: account.unwrap_or(&main),
        main: &main,
        op: *op,
        route,
    };
    // The behaviour is a row of its resource module's table; every other operation of the spec
    // is answered by the generic store.
    let handler = resources::handler(*op).unwrap_or(generic::handle);
    Ok(handler(store, &ctx)?)
}

/// The longest value a form parameter may have, in characters, except the ones each resource
/// bounds by its own rule (`Body`: 1,600 characters; `To` and `From`: addresses).
pub(crate) const MAX_PARAM_CHARS: usize = 4000;

/// Refuses a form parameter longer than [`MAX_PARAM_CHARS`] (400, 20001), so that no stored
/// field can be larger than that.
fn check_lengths(form: &Params) -> Result<(), ApiError> {
    for (key, value) in form.pairs() {
        if matches!(key.as_str(), "Body" | "To" | "From") || value.len() <= MAX_PARAM_CHARS {
            continue;
        }
        if value.chars().count() > MAX_PARAM_CHARS {
            return Err(ApiError::invalid(format!(
                "{key} is longer than {MAX_PARAM_CHARS} characters"
            )));
        }
    }
    Ok(())
}
