//! The gateway's Twilio plane: which connection and account a request runs with, then the
//! resource handler.

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};

use crate::params::Params;
use crate::reply::{ApiError, GatewayError, Reply};
use crate::resources::{
    Ctx, accounts, addresses, applications, available, calls, messages, numbers, queues, usage,
};
use crate::routes::{Kind, Route, Target};
use crate::shared::{Shared, lock};
use crate::store::Store;

/// What went wrong, in the shape of whoever answers it.
enum Failure {
    Twilio(ApiError),
    Gateway(GatewayError),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self::Twilio(error)
    }
}

/// Answers a request routed to the Twilio plane (the key is already checked).
pub(crate) fn handle(
    shared: &Shared,
    route: &Route,
    uri: &http::Uri,
    connection: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Reply {
    match run(shared, route, uri, connection, body, now) {
        Ok(reply) => reply,
        Err(Failure::Twilio(error)) => error.into_reply(),
        Err(Failure::Gateway(error)) => error.into_reply(),
    }
}

fn run(
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
    let ctx = |account| Ctx {
        now,
        path,
        query: &query,
        form: &form,
        account,
    };
    let store = &mut *store;
    let reply = match &route.target {
        Target::Accounts => {
            let ctx = ctx(&main);
            if route.method == Method::POST {
                accounts::create(store, &ctx)?
            } else {
                accounts::list(store, &ctx)?
            }
        }
        Target::Account(sid) => {
            check_account(store, &main, sid, path, false)?;
            let ctx = ctx(&main);
            if route.method == Method::POST {
                accounts::update(store, &ctx, sid)?
            } else {
                accounts::fetch(store, &ctx, sid)?
            }
        }
        Target::Collection { account, kind } => {
            check_account(store, &main, account, path, true)?;
            collection(store, &ctx(account), *kind, &route.method)?
        }
        Target::Item { account, kind, sid } => {
            check_account(store, &main, account, path, true)?;
            item(store, &ctx(account), *kind, &route.method, sid)?
        }
        Target::Available {
            account,
            country,
            kind,
        } => {
            check_account(store, &main, account, path, true)?;
            available::list(store, &ctx(account), country, *kind)?
        }
        Target::Usage { account, period } => {
            check_account(store, &main, account, path, true)?;
            usage::list(store, &ctx(account), *period)?
        }
        Target::Connections | Target::Connection(_) | Target::Consent { .. } => {
            return Err(Failure::Twilio(ApiError::not_found(path)));
        }
    };
    Ok(reply)
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

/// The account in the path must exist (404), belong to the connection's Twilio account (401,
/// 20003) and, for its resources, be active (401, 20005).
fn check_account(
    store: &Store,
    main: &str,
    sid: &str,
    path: &str,
    need_active: bool,
) -> Result<(), ApiError> {
    let account = accounts::get(store, sid).ok_or_else(|| ApiError::not_found(path))?;
    if !accounts::visible(store, main, sid) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            20003,
            "Authenticate: the account is not reachable with this connection",
        ));
    }
    if need_active && !account.is_active() {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            20005,
            "Account is not active",
        ));
    }
    Ok(())
}

fn collection(
    store: &mut Store,
    ctx: &Ctx<'_>,
    kind: Kind,
    method: &Method,
) -> Result<Reply, ApiError> {
    let create = *method == Method::POST;
    match (kind, create) {
        (Kind::Messages, false) => messages::list(store, ctx),
        (Kind::Messages, true) => messages::create(store, ctx),
        (Kind::Calls, false) => calls::list(store, ctx),
        (Kind::Calls, true) => calls::create(store, ctx),
        (Kind::Numbers, false) => numbers::list(store, ctx),
        (Kind::Numbers, true) => numbers::create(store, ctx),
        (Kind::Applications, false) => applications::list(store, ctx),
        (Kind::Applications, true) => applications::create(store, ctx),
        (Kind::Queues, false) => queues::list(store, ctx),
        (Kind::Queues, true) => queues::create(store, ctx),
        (Kind::Addresses, false) => addresses::list(store, ctx),
        (Kind::Addresses, true) => addresses::create(store, ctx),
    }
}

type Fetch = fn(&Store, &Ctx<'_>, &str) -> Result<Reply, ApiError>;
type Change = fn(&mut Store, &Ctx<'_>, &str) -> Result<Reply, ApiError>;

fn item(
    store: &mut Store,
    ctx: &Ctx<'_>,
    kind: Kind,
    method: &Method,
    sid: &str,
) -> Result<Reply, ApiError> {
    let (fetch, update, delete): (Fetch, Change, Change) = match kind {
        Kind::Messages => (messages::fetch, messages::update, messages::delete),
        Kind::Calls => (calls::fetch, calls::update, calls::delete),
        Kind::Numbers => (numbers::fetch, numbers::update, numbers::delete),
        Kind::Applications => (
            applications::fetch,
            applications::update,
            applications::delete,
        ),
        Kind::Queues => (queues::fetch, queues::update, queues::delete),
        Kind::Addresses => (addresses::fetch, addresses::update, addresses::delete),
    };
    match *method {
        Method::GET => fetch(store, ctx, sid),
        Method::POST => update(store, ctx, sid),
        _ => delete(store, ctx, sid),
    }
}
