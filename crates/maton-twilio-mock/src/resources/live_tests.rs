//! The handlers called directly, for what Twilio accepts but the spec's path patterns keep
//! from being routed today: `Twilio.CURRENT` in place of a recording's SID, and a friendly
//! name in place of a conference's SID when adding a participant.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use http::{Method, StatusCode};

use crate::limits::Limits;
use crate::params::Params;
use crate::phone::Outcome;
use crate::reply::{ApiError, Reply};
use crate::resources::calls::CallRecord;
use crate::resources::{Ctx, Handler, Op, handler};
use crate::routes::{Route, Target};
use crate::store::Store;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_770_670_800, 0).unwrap_or_default()
}

/// Runs `op` at `at` seconds after `t0` with path parameters `params` and form `form`.
fn run(
    store: &mut Store,
    op: Op,
    at: i64,
    params: &[(&'static str, &str)],
    form: &str,
) -> Result<Reply, ApiError> {
    let mut params: Vec<(&'static str, String)> =
        params.iter().map(|(n, v)| (*n, (*v).to_string())).collect();
    params.push(("AccountSid", ACCOUNT.to_string()));
    let route = Route {
        operation: op.id(),
        method: Method::POST,
        target: Target::Twilio { op, params },
    };
    let form = Params::parse(form.as_bytes())?;
    let query = Params::default();
    let ctx = Ctx {
        now: t0() + TimeDelta::seconds(at),
        path: "/2010-04-01/test",
        query: &query,
        form: &form,
        account: ACCOUNT,
        main: ACCOUNT,
        op,
        route: &route,
    };
    let handler: Handler = handler(op).ok_or_else(|| ApiError::not_found("no row"))?;
    handler(store, &ctx)
}

fn body(reply: &Reply) -> serde_json::Value {
    serde_json::from_slice(&reply.body).unwrap_or_default()
}

/// A store with one call placed at `t0` (answered 5 s later); its SID.
fn store_with_call() -> (Store, String) {
    let mut store = Store::new(7, Limits::default());
    let (seq, sid) = store.next_sid("CA");
    let call = CallRecord {
        sid: sid.clone(),
        account: Arc::from(ACCOUNT),
        to: "+15559876543".to_string(),
        from: "+15551234567".to_string(),
        phone_number_sid: None,
        created: t0(),
        ended: None,
        updated: t0(),
        outcome: Outcome::Normal,
    };
    store.calls.insert(seq, call);
    (store, sid)
}

#[test]
fn twilio_current_names_the_calls_live_recording() {
    let (mut store, ca) = store_with_call();
    let current = [("CallSid", ca.as_str()), ("Sid", "Twilio.CURRENT")];
    let started = run(
        &mut store,
        Op::CreateCallRecording,
        6,
        &[("CallSid", &ca)],
        "",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(started.status, StatusCode::CREATED);
    let re = body(&started)["sid"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let paused = run(
        &mut store,
        Op::UpdateCallRecording,
        7,
        &current,
        "Status=paused",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(body(&paused)["sid"], re.as_str());
    assert_eq!(body(&paused)["status"], "paused");
    let stopped = run(
        &mut store,
        Op::UpdateCallRecording,
        8,
        &current,
        "Status=stopped",
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(body(&stopped)["status"], "stopped");
    // No recording of the call is live any more.
    let none = run(
        &mut store,
        Op::UpdateCallRecording,
        9,
        &current,
        "Status=paused",
    );
    assert_eq!(none.map(|r| r.status).map_err(|e| e.code), Err(20404));
}

#[test]
fn a_friendly_name_starts_a_conference_and_then_joins_it() {
    let (mut store, _) = store_with_call();
    let add = |store: &mut Store, conference: &str| {
        let form = "From=%2B15551234567&To=%2B15559876543";
        run(
            store,
            Op::CreateParticipant,
            0,
            &[("ConferenceSid", conference)],
            form,
        )
        .map(|reply| {
            body(&reply)["conference_sid"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .map_err(|e| e.code)
    };
    let first = add(&mut store, "Daily").unwrap_or_default();
    assert!(first.starts_with("CF"), "{first}");
    assert_eq!(add(&mut store, "Daily"), Ok(first.clone()));
    assert_ne!(add(&mut store, "Weekly"), Ok(first.clone()));
    let fetched = run(&mut store, Op::FetchConference, 0, &[("Sid", &first)], "")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(body(&fetched)["friendly_name"], "Daily");
    assert_eq!(body(&fetched)["status"], "in-progress");
    assert_eq!(
        add(&mut store, "CF0123456789abcdef0123456789abcdef"),
        Err(20404)
    );
}
