//! The driver for the generated client (`maton-twilio-api`): one match arm per operation that
//! reads the path parameters, query pairs, headers and body from a fixture's request and sends
//! it through the operation's builder.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use maton_contract_tests::fixture::{Fixture, Request, Service};
use maton_contract_tests::spec::Spec;
use maton_twilio_api::control::Operation as C;
use maton_twilio_api::twilio::Operation as T;
use maton_twilio_api::{Context, Error, ResponseValue, control, twilio};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::replay::{Outcome, Replay, check_outcome};

/// The bearer key the test clients send; never stored in a fixture.
pub const TEST_KEY: &str = "contract-test-key";

/// A reqwest client that carries the bearer key, as the facade builds one.
pub fn http(key: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(key) = key {
        let mut auth = reqwest::header::HeaderValue::from_str(&format!("Bearer {key}")).unwrap();
        auth.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, auth);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Replays `fixture` through the generated client: every interaction's request is built from the
/// fixture and sent to a replay server, the requests are compared with the fixture and each
/// outcome with its response.
pub async fn replay(spec: &Spec, fixture: &Fixture) -> Result<(), String> {
    replay_with(spec, fixture, fixture, Some(TEST_KEY)).await
}

/// Like [`replay`], but the requests are built from `drive` while the server expects and answers
/// `expected`: how the harness's own failures are provoked.
pub async fn replay_with(
    spec: &Spec,
    expected: &Fixture,
    drive: &Fixture,
    key: Option<&str>,
) -> Result<(), String> {
    let server = Replay::start(expected).await;
    let http = http(key);
    let mut problems = Vec::new();
    let answers = expected.interactions();
    for (i, interaction) in drive.interactions().iter().enumerate() {
        let outcome = send(
            spec,
            &server.url(),
            &http,
            &drive.operation,
            drive.service,
            &interaction.request,
        )
        .await;
        let Some(answer) = answers.get(i) else {
            continue;
        };
        match outcome.and_then(|o| check_outcome(&answer.response, &o)) {
            Ok(()) => {}
            Err(e) => problems.push(format!("response {}: {e}", i + 1)),
        }
    }
    if let Err(e) = server.check_requests() {
        problems.insert(0, e);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A query value, converted to whatever type a builder's setter takes.
struct Param<'a>(&'a str);

macro_rules! param_types {
    ($($ty:ty),* $(,)?) => {$(
        impl TryFrom<Param<'_>> for $ty {
            type Error = String;
            fn try_from(p: Param<'_>) -> Result<Self, String> {
                p.0.parse::<$ty>().map_err(|e| format!("{:?}: {e}", p.0))
            }
        }
    )*};
}

param_types!(
    String,
    bool,
    u64,
    i64,
    NonZeroU64,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    twilio::types::AccountStatus,
    twilio::types::CallStatus,
    maton_twilio::CallSid,
    control::types::ConnectionStatus,
);

/// Sets each query pair through the setter for its wire name; `paged` adds `PageSize`, `Page` and
/// `PageToken`. A pair without a setter is an error naming it.
macro_rules! with_query {
    ($builder:expr, $request:expr, $op:expr, paged { $($wire:literal => $setter:ident),* $(,)? }) => {
        with_query!($builder, $request, $op, {
            "PageSize" => page_size, "Page" => page, "PageToken" => page_token, $($wire => $setter),*
        })
    };
    ($builder:expr, $request:expr, $op:expr, { $($wire:literal => $setter:ident),* $(,)? }) => {{
        let mut builder = $builder;
        for (key, value) in &$request.query {
            builder = match key.as_str() {
                $($wire => builder.$setter(Param(value)),)*
                other => {
                    return Err(format!("the driver of {} has no setter for query parameter `{other}`", $op))
                }
            };
        }
        builder
    }};
}

/// Sends a Twilio builder, with `Maton-Connection` when the fixture's request carries it.
macro_rules! send_twilio {
    ($builder:expr, $request:expr) => {{
        let mut builder = $builder;
        if let Some(connection) = $request.header("Maton-Connection") {
            builder = builder.maton_connection(connection);
        }
        finish(builder.send().await).await
    }};
}

/// The three searches of numbers for sale share their parameters.
macro_rules! available {
    ($builder:expr, $account:expr, $country:expr, $request:expr, $op:expr) => {
        with_query!($builder.account_sid($account).country_code($country), $request, $op, paged {
            "AreaCode" => area_code, "Contains" => contains, "SmsEnabled" => sms_enabled,
            "MmsEnabled" => mms_enabled, "VoiceEnabled" => voice_enabled, "FaxEnabled" => fax_enabled,
            "ExcludeAllAddressRequired" => exclude_all_address_required,
            "ExcludeLocalAddressRequired" => exclude_local_address_required,
            "ExcludeForeignAddressRequired" => exclude_foreign_address_required,
            "Beta" => beta, "NearNumber" => near_number, "NearLatLong" => near_lat_long,
            "Distance" => distance, "InPostalCode" => in_postal_code, "InRegion" => in_region,
            "InRateCenter" => in_rate_center, "InLata" => in_lata, "InLocality" => in_locality,
        })
    };
}

/// The nine usage-record lists share their parameters.
macro_rules! usage {
    ($builder:expr, $account:expr, $request:expr, $op:expr) => {
        with_query!($builder.account_sid($account), $request, $op, paged {
            "Category" => category, "StartDate" => start_date, "EndDate" => end_date,
            "IncludeSubaccounts" => include_subaccounts,
        })
    };
}

/// Sends one request of a fixture through the generated client and reports what came back.
pub async fn send(
    spec: &Spec,
    base_url: &str,
    http: &reqwest::Client,
    operation: &str,
    service: Service,
    request: &Request,
) -> Result<Outcome, String> {
    let op = spec
        .operation(operation)
        .ok_or_else(|| format!("{operation} is not in the spec"))?;
    let params: BTreeMap<String, String> = spec
        .match_request(service, &request.method, &request.path)
        .filter(|(matched, _)| matched.id == op.id)
        .map(|(_, params)| params)
        .ok_or_else(|| {
            format!(
                "{} {} is not a path of {operation}",
                request.method, request.path
            )
        })?;
    let path = |name: &str| -> Result<&str, String> {
        params
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("{operation}: no path parameter {name}"))
    };
    let form = || -> Result<serde_json::Value, String> {
        spec.form_to_json(op, request.form.as_deref().unwrap_or_default())
    };
    let t = twilio::Client::new_with_client(base_url, http.clone(), Context::default());
    let c = control::Client::new_with_client(base_url, http.clone(), Context::default());
    let sid = || path("Sid");
    let account = || path("AccountSid");
    if let Ok(op) = operation.parse::<control::Operation>() {
        return match op {
            C::ListConnections => {
                finish(
                    with_query!(c.list_connections(), request, operation, {
                        "app" => app, "status" => status,
                    })
                    .send()
                    .await,
                )
                .await
            }
            C::CreateConnection => {
                let body = request
                    .json
                    .clone()
                    .ok_or("CreateConnection needs a JSON body")?;
                finish(
                    c.create_connection()
                        .body(typed::<control::types::CreateConnectionRequest>(body)?)
                        .send()
                        .await,
                )
                .await
            }
            C::GetConnection => {
                finish(
                    c.get_connection()
                        .connection_id(path("connection_id")?)
                        .send()
                        .await,
                )
                .await
            }
            C::DeleteConnection => {
                finish(
                    c.delete_connection()
                        .connection_id(path("connection_id")?)
                        .send()
                        .await,
                )
                .await
            }
            other => Err(format!("the driver has no arm for {other}")),
        };
    }
    let op: twilio::Operation = operation.parse().map_err(|e| format!("{e}"))?;
    match op {
        T::ListAccount => send_twilio!(
            with_query!(t.list_account(), request, operation, paged {
                "FriendlyName" => friendly_name, "Status" => status,
            }),
            request
        ),
        T::CreateAccount => send_twilio!(
            t.create_account()
                .body(typed::<twilio::types::CreateAccountRequest>(form()?)?),
            request
        ),
        T::FetchAccount => send_twilio!(t.fetch_account().sid(sid()?), request),
        T::UpdateAccount => send_twilio!(
            t.update_account()
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateAccountRequest>(form()?)?),
            request
        ),
        T::ListMessage => send_twilio!(
            with_query!(t.list_message().account_sid(account()?), request, operation, paged {
                "To" => to, "From" => from, "DateSent" => date_sent,
                "DateSent<" => date_sent_before, "DateSent>" => date_sent_after,
            }),
            request
        ),
        T::CreateMessage => send_twilio!(
            t.create_message()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateMessageRequest>(form()?)?),
            request
        ),
        T::FetchMessage => send_twilio!(
            t.fetch_message().account_sid(account()?).sid(sid()?),
            request
        ),
        T::UpdateMessage => send_twilio!(
            t.update_message()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateMessageRequest>(form()?)?),
            request
        ),
        T::DeleteMessage => send_twilio!(
            t.delete_message().account_sid(account()?).sid(sid()?),
            request
        ),
        T::ListCall => send_twilio!(
            with_query!(t.list_call().account_sid(account()?), request, operation, paged {
                "To" => to, "From" => from, "ParentCallSid" => parent_call_sid,
                "Status" => status, "StartTime" => start_time,
                "StartTime<" => start_time_before, "StartTime>" => start_time_after,
                "EndTime" => end_time, "EndTime<" => end_time_before, "EndTime>" => end_time_after,
            }),
            request
        ),
        T::CreateCall => send_twilio!(
            t.create_call()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateCallRequest>(form()?)?),
            request
        ),
        T::FetchCall => send_twilio!(t.fetch_call().account_sid(account()?).sid(sid()?), request),
        T::UpdateCall => send_twilio!(
            t.update_call()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateCallRequest>(form()?)?),
            request
        ),
        T::DeleteCall => send_twilio!(t.delete_call().account_sid(account()?).sid(sid()?), request),
        T::ListIncomingPhoneNumber => send_twilio!(
            with_query!(t.list_incoming_phone_number().account_sid(account()?), request, operation, paged {
                "Beta" => beta, "FriendlyName" => friendly_name,
                "PhoneNumber" => phone_number, "Origin" => origin,
            }),
            request
        ),
        T::CreateIncomingPhoneNumber => send_twilio!(
            t.create_incoming_phone_number()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateIncomingPhoneNumberRequest>(
                    form()?
                )?),
            request
        ),
        T::FetchIncomingPhoneNumber => send_twilio!(
            t.fetch_incoming_phone_number()
                .account_sid(account()?)
                .sid(sid()?),
            request
        ),
        T::UpdateIncomingPhoneNumber => send_twilio!(
            t.update_incoming_phone_number()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateIncomingPhoneNumberRequest>(
                    form()?
                )?),
            request
        ),
        T::DeleteIncomingPhoneNumber => send_twilio!(
            t.delete_incoming_phone_number()
                .account_sid(account()?)
                .sid(sid()?),
            request
        ),
        T::ListAvailablePhoneNumberLocal => send_twilio!(
            available!(
                t.list_available_phone_number_local(),
                account()?,
                path("CountryCode")?,
                request,
                operation
            ),
            request
        ),
        T::ListAvailablePhoneNumberTollFree => send_twilio!(
            available!(
                t.list_available_phone_number_toll_free(),
                account()?,
                path("CountryCode")?,
                request,
                operation
            ),
            request
        ),
        T::ListAvailablePhoneNumberMobile => send_twilio!(
            available!(
                t.list_available_phone_number_mobile(),
                account()?,
                path("CountryCode")?,
                request,
                operation
            ),
            request
        ),
        T::ListApplication => send_twilio!(
            with_query!(t.list_application().account_sid(account()?), request, operation, paged {
                "FriendlyName" => friendly_name,
            }),
            request
        ),
        T::CreateApplication => send_twilio!(
            t.create_application()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateApplicationRequest>(form()?)?),
            request
        ),
        T::FetchApplication => send_twilio!(
            t.fetch_application().account_sid(account()?).sid(sid()?),
            request
        ),
        T::UpdateApplication => send_twilio!(
            t.update_application()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateApplicationRequest>(form()?)?),
            request
        ),
        T::DeleteApplication => send_twilio!(
            t.delete_application().account_sid(account()?).sid(sid()?),
            request
        ),
        T::ListQueue => send_twilio!(
            with_query!(
                t.list_queue().account_sid(account()?),
                request,
                operation,
                paged {}
            ),
            request
        ),
        T::CreateQueue => send_twilio!(
            t.create_queue()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateQueueRequest>(form()?)?),
            request
        ),
        T::FetchQueue => send_twilio!(t.fetch_queue().account_sid(account()?).sid(sid()?), request),
        T::UpdateQueue => send_twilio!(
            t.update_queue()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateQueueRequest>(form()?)?),
            request
        ),
        T::DeleteQueue => send_twilio!(
            t.delete_queue().account_sid(account()?).sid(sid()?),
            request
        ),
        T::ListAddress => send_twilio!(
            with_query!(t.list_address().account_sid(account()?), request, operation, paged {
                "CustomerName" => customer_name, "FriendlyName" => friendly_name,
                "EmergencyEnabled" => emergency_enabled, "IsoCountry" => iso_country,
            }),
            request
        ),
        T::CreateAddress => send_twilio!(
            t.create_address()
                .account_sid(account()?)
                .body(typed::<twilio::types::CreateAddressRequest>(form()?)?),
            request
        ),
        T::FetchAddress => send_twilio!(
            t.fetch_address().account_sid(account()?).sid(sid()?),
            request
        ),
        T::UpdateAddress => send_twilio!(
            t.update_address()
                .account_sid(account()?)
                .sid(sid()?)
                .body(typed::<twilio::types::UpdateAddressRequest>(form()?)?),
            request
        ),
        T::DeleteAddress => send_twilio!(
            t.delete_address().account_sid(account()?).sid(sid()?),
            request
        ),
        T::ListUsageRecord => send_twilio!(
            usage!(t.list_usage_record(), account()?, request, operation),
            request
        ),
        T::ListUsageRecordAllTime => send_twilio!(
            usage!(
                t.list_usage_record_all_time(),
                account()?,
                request,
                operation
            ),
            request
        ),
        T::ListUsageRecordDaily => send_twilio!(
            usage!(t.list_usage_record_daily(), account()?, request, operation),
            request
        ),
        T::ListUsageRecordLastMonth => send_twilio!(
            usage!(
                t.list_usage_record_last_month(),
                account()?,
                request,
                operation
            ),
            request
        ),
        T::ListUsageRecordMonthly => send_twilio!(
            usage!(
                t.list_usage_record_monthly(),
                account()?,
                request,
                operation
            ),
            request
        ),
        T::ListUsageRecordThisMonth => send_twilio!(
            usage!(
                t.list_usage_record_this_month(),
                account()?,
                request,
                operation
            ),
            request
        ),
        T::ListUsageRecordToday => send_twilio!(
            usage!(t.list_usage_record_today(), account()?, request, operation),
            request
        ),
        T::ListUsageRecordYearly => send_twilio!(
            usage!(t.list_usage_record_yearly(), account()?, request, operation),
            request
        ),
        T::ListUsageRecordYesterday => send_twilio!(
            usage!(
                t.list_usage_record_yesterday(),
                account()?,
                request,
                operation
            ),
            request
        ),
        other => Err(format!("the driver has no arm for {other}")),
    }
}

/// A body typed from the fixture's fields; the error names the type.
fn typed<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "the fixture's body {value} does not fit {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// What the generated client returned, as an [`Outcome`].
async fn finish<T: Serialize>(
    result: Result<ResponseValue<T>, Error<()>>,
) -> Result<Outcome, String> {
    match result {
        Ok(value) => {
            let status = value.status().as_u16();
            let value = serde_json::to_value(value.into_inner())
                .map_err(|e| format!("the decoded value does not encode: {e}"))?;
            Ok(Outcome::Decoded { status, value })
        }
        Err(Error::UnexpectedResponse(response)) => {
            let status = response.status().as_u16();
            let body = response
                .text()
                .await
                .map_err(|e| format!("reading the error body: {e}"))?;
            let twilio_code = serde_json::from_str::<twilio::types::TwilioError>(&body)
                .ok()
                .and_then(|e| e.code)
                .map(i64::from);
            Ok(Outcome::Refused {
                status,
                body,
                twilio_code,
            })
        }
        Err(Error::InvalidResponsePayload(bytes, e)) => Err(format!(
            "the response body does not decode into the operation's type: {e}\n  body: {}",
            String::from_utf8_lossy(&bytes)
        )),
        Err(other) => Err(format!("the client failed: {other}")),
    }
}
