//! The gateway's Twilio plane: which connection and account a request runs with, then the
//! resource handler.

use chrono::{DateTime, Utc};
use http::{Method, StatusCode};
use maton_twilio_api::twilio::Operation as Op;
use maton_twilio_api::twilio::types;

use crate::params::Params;
use crate::reply::{ApiError, GatewayError, Reply};
use crate::resources::calls::CallRecord;
use crate::resources::messages::MessageRecord;
use crate::resources::records;
use crate::resources::{
    Ctx, accounts, addresses, applications, available, calls, messages, numbers, queues, usage,
};
use crate::routes::{Route, Target};
use crate::shared::{Shared, lock};
use crate::store::Store;

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
    let ctx = |account| Ctx {
        now,
        path,
        query: &query,
        form: &form,
        account,
    };
    let store = &mut *store;
    let Target::Twilio { op, .. } = &route.target else {
        return Err(Failure::Twilio(ApiError::not_found(path)));
    };
    let param = |name| route.param(name).unwrap_or_default();
    // Every resource under an account needs that account reachable and active.
    let account = route.param("AccountSid");
    if let Some(account) = account {
        check_account(store, &main, account, path, true)?;
    }
    let ctx = ctx(account.unwrap_or(&main));
    let (sid, country) = (param("Sid"), param("CountryCode"));
    let reply = match op {
        Op::ListAccount => accounts::list(store, &ctx)?,
        Op::CreateAccount => accounts::create(store, &ctx)?,
        Op::FetchAccount | Op::UpdateAccount => {
            check_account(store, &main, sid, path, false)?;
            if *op == Op::FetchAccount {
                accounts::fetch(store, &ctx, sid)?
            } else {
                accounts::update(store, &ctx, sid)?
            }
        }
        Op::ListAvailablePhoneNumberLocal => {
            available::list(store, &ctx, country, available::Kind::Local)?
        }
        Op::ListAvailablePhoneNumberMobile => {
            available::list(store, &ctx, country, available::Kind::Mobile)?
        }
        Op::ListAvailablePhoneNumberTollFree => {
            available::list(store, &ctx, country, available::Kind::TollFree)?
        }
        Op::ListUsageRecord
        | Op::ListUsageRecordAllTime
        | Op::ListUsageRecordDaily
        | Op::ListUsageRecordLastMonth
        | Op::ListUsageRecordMonthly
        | Op::ListUsageRecordThisMonth
        | Op::ListUsageRecordToday
        | Op::ListUsageRecordYearly
        | Op::ListUsageRecordYesterday => {
            // The window is the template's last segment (`Daily.json`); none for `Records.json`.
            let window = op.path().rsplit('/').next().unwrap_or_default();
            usage::list(store, &ctx, usage::Period::from_segment(window))?
        }
        // The five standard operations of a resource, or one of the spec the emulator has no
        // behaviour for yet.
        _ => standard(op, store, &ctx, sid).unwrap_or_else(|| Err(ApiError::not_found(path)))?,
    };
    Ok(reply)
}

/// Writes [`standard`]: for each module, the generated operations that reach its `list`,
/// `create`, `fetch`, `update` and `delete`.
macro_rules! standard {
    ($(
        $module:ident($record:ty): $list:ident $create:ident $fetch:ident $update:ident $delete:ident;
    )*) => {
        /// The handler of `op` when it is one of a resource's five standard operations.
        fn standard(
            op: &Op,
            store: &mut Store,
            ctx: &Ctx<'_>,
            sid: &str,
        ) -> Option<Result<Reply, ApiError>> {
            Some(match op {
                $(
                    Op::$list => $module::list(store, ctx),
                    Op::$create => $module::create(store, ctx),
                    Op::$fetch => records::fetch::<$record>(store, ctx, sid),
                    Op::$update => $module::update(store, ctx, sid),
                    Op::$delete => $module::delete(store, ctx, sid),
                )*
                _ => return None,
            })
        }
    };
}

standard! {
    messages(MessageRecord): ListMessage CreateMessage FetchMessage UpdateMessage DeleteMessage;
    calls(CallRecord): ListCall CreateCall FetchCall UpdateCall DeleteCall;
    numbers(types::IncomingPhoneNumber): ListIncomingPhoneNumber CreateIncomingPhoneNumber
        FetchIncomingPhoneNumber UpdateIncomingPhoneNumber DeleteIncomingPhoneNumber;
    applications(types::Application): ListApplication CreateApplication FetchApplication
        UpdateApplication DeleteApplication;
    queues(types::Queue): ListQueue CreateQueue FetchQueue UpdateQueue DeleteQueue;
    addresses(types::Address): ListAddress CreateAddress FetchAddress UpdateAddress DeleteAddress;
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
