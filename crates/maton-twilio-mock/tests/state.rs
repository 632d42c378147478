//! State the emulator keeps where users' tests depend on it, driven through the generated client:
//! call recordings, conferences and participants, a message's media, the balance, queue
//! members, numbers bought by type. Time moves only on the emulator's clock.

mod common;

#[path = "state/balance.rs"]
mod balance;
#[path = "state/caps.rs"]
mod caps;
#[path = "state/conferences.rs"]
mod conferences;
#[path = "state/media.rs"]
mod media;
#[path = "state/members.rs"]
mod members;
#[path = "state/numbers.rs"]
mod numbers;
#[path = "state/recordings.rs"]
mod recordings;

use std::time::Duration;

use maton_twilio_api::twilio::{self, types};
use maton_twilio_api::{Error, ResponseValue};
use maton_twilio_mock::MockGateway;

/// The emulator, its generated client and its main account.
pub(crate) async fn start() -> (MockGateway, twilio::Client, String) {
    let mock = MockGateway::start().await.expect("start");
    let client = common::twilio(&mock);
    let account = mock.account_sid().to_string();
    (mock, client, account)
}

/// The status and Twilio error code of a refused request.
pub(crate) async fn refused<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<ResponseValue<T>, Error<E>>,
) -> (u16, i64) {
    match result {
        Err(Error::UnexpectedResponse(response)) => {
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            (status, body["code"].as_i64().unwrap_or_default())
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A new subaccount of the main account.
pub(crate) async fn subaccount(client: &twilio::Client) -> String {
    let sub = client
        .create_account()
        .body_map(|b| b.friendly_name(Some("Other".to_string())))
        .send()
        .await
        .expect("create subaccount")
        .into_inner();
    sub.sid.expect("sid")
}

/// Places a call from the main number; `twiml` replaces the default URL, `record` asks for
/// `Record=true`. Returns the call's SID.
pub(crate) async fn place_call(
    client: &twilio::Client,
    account: &str,
    twiml: Option<&str>,
    record: bool,
) -> String {
    let twiml = twiml.map(str::to_string);
    let call = client
        .create_call()
        .account_sid(account)
        .body_map(|b| {
            let b = b.to("+15559876543").from("+15551234567");
            let b = match twiml {
                Some(twiml) => b.twiml(Some(twiml)),
                None => b.url(Some("https://example.com/twiml".to_string())),
            };
            if record { b.record(Some(true)) } else { b }
        })
        .send()
        .await
        .expect("create call")
        .into_inner();
    assert_eq!(call.status, Some(types::CallStatus::Queued));
    call.sid.expect("call sid")
}

/// Moves the emulator's clock by `seconds`.
pub(crate) fn advance(mock: &MockGateway, seconds: u64) {
    mock.advance(Duration::from_secs(seconds));
}
