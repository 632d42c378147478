//! The driver for the generated client (`maton-twilio-api`): a fixture's request, read as the
//! generated driver (`generated/raw_driver.rs`, one arm per operation, written by
//! `cargo xtask codegen`) needs it, and sent through the operation's builder.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use maton_contract_tests::fixture::{Fixture, Request, Service};
use maton_contract_tests::spec::{Operation, Spec};
use maton_twilio_api::{Context, Error, ResponseValue, control, twilio};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::raw_driver;
use crate::replay::{Outcome, Replay, check_outcome};

/// The bearer key the test clients send; never stored in a fixture.
pub const TEST_KEY: &str = "contract-test-key";

/// A reqwest client that carries the bearer key and follows no redirect, as the facade builds
/// one (`maton_core`): a 3xx is the answer the generated client reports, and the replay never
/// leaves 127.0.0.1 for a fixture's `Location`.
pub fn http(key: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(key) = key {
        let mut auth = reqwest::header::HeaderValue::from_str(&format!("Bearer {key}")).unwrap();
        auth.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, auth);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
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

/// A query value, converted to whatever type a builder's setter takes: the plain types here,
/// the spec's enum and SID types in the generated driver.
pub struct Param<'a>(pub &'a str);

macro_rules! param_types {
    ($($ty:ty),* $(,)?) => {$(
        impl TryFrom<crate::raw::Param<'_>> for $ty {
            type Error = String;
            fn try_from(p: crate::raw::Param<'_>) -> Result<Self, String> {
                p.0.parse::<$ty>().map_err(|e| format!("{:?}: {e}", p.0))
            }
        }
    )*};
}
pub(crate) use param_types;

param_types!(
    String,
    bool,
    u64,
    i64,
    NonZeroU64,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
);

/// One arm of the generated driver: calls the operation's typed builder with the fixture's path
/// parameters, the headers the spec declares, each query pair through the setter of its wire name
/// (an unknown name is an error naming it) and the body typed by the spec's schema, then sends it.
///
/// Each arm is its own boxed future: inline, the driver's one `match` over every operation of the
/// spec makes a poll function whose unoptimised stack frame overflows a test thread's stack.
macro_rules! drive {
    ($builder:expr, $call:expr,
     path { $($path:literal => $path_setter:ident),* $(,)? }
     header { $($header:literal => $header_setter:ident),* $(,)? }
     query { $($query:tt)* }
     $(body $kind:ident: $body:ty)? $(,)?
    ) => {{
        let call: &crate::raw::Call<'_> = $call;
        let arm: std::pin::Pin<Box<dyn std::future::Future<Output = Result<crate::replay::Outcome, String>> + Send + '_>> =
            Box::pin(async move {
                let mut b = $builder;
                $(b = b.$path_setter(call.path($path)?);)*
                $(if let Some(value) = call.header($header) {
                    b = b.$header_setter(value);
                })*
                crate::raw::drive!(@query b, call, { $($query)* });
                $(b = b.body(crate::raw::typed::<$body>(call.$kind()?)?);)?
                crate::raw::finish(b.send().await).await
            });
        arm.await
    }};
    (@query $b:ident, $call:ident, {}) => {
        $call.no_query()?
    };
    (@query $b:ident, $call:ident, { $($wire:literal => $setter:ident),+ $(,)? }) => {
        for (key, value) in $call.query() {
            $b = match key.as_str() {
                $($wire => $b.$setter(crate::raw::Param(value)),)+
                other => return Err($call.no_setter(other)),
            };
        }
    };
}
pub(crate) use drive;

/// One fixture request as the generated driver reads it.
pub struct Call<'a> {
    spec: &'a Spec,
    op: &'a Operation,
    request: &'a Request,
    params: BTreeMap<String, String>,
}

impl Call<'_> {
    /// A path parameter, by its name in the path template.
    pub fn path(&self, name: &str) -> Result<&str, String> {
        self.params
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("{}: no path parameter {name}", self.op.id))
    }

    /// The query pairs, in the fixture's order.
    pub fn query(&self) -> &[(String, String)] {
        &self.request.query
    }

    /// A header of the request, by name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.header(name)
    }

    /// The form body, as the JSON object its schema describes.
    pub fn form(&self) -> Result<serde_json::Value, String> {
        self.spec
            .form_to_json(self.op, self.request.form.as_deref().unwrap_or_default())
    }

    /// The JSON body.
    pub fn json(&self) -> Result<serde_json::Value, String> {
        self.request
            .json
            .clone()
            .ok_or_else(|| format!("{} needs a JSON body", self.op.id))
    }

    /// The error for a query parameter the operation has no setter for.
    pub fn no_setter(&self, key: &str) -> String {
        format!(
            "the driver of {} has no setter for query parameter `{key}`",
            self.op.id
        )
    }

    /// Fails naming the first query parameter, for an operation that takes none.
    pub fn no_query(&self) -> Result<(), String> {
        match self.request.query.first() {
            Some((key, _)) => Err(self.no_setter(key)),
            None => Ok(()),
        }
    }
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
    let call = Call {
        spec,
        op,
        request,
        params,
    };
    if let Ok(op) = operation.parse::<control::Operation>() {
        let client = control::Client::new_with_client(base_url, http.clone(), Context::default());
        return raw_driver::send_control(&client, op, &call).await;
    }
    let op: twilio::Operation = operation.parse().map_err(|e| format!("{e}"))?;
    let client = twilio::Client::new_with_client(base_url, http.clone(), Context::default());
    raw_driver::send_twilio(&client, op, &call).await
}

/// A body typed from the fixture's fields; the error names the type.
pub fn typed<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "the fixture's body {value} does not fit {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

/// What the generated client returned, as an [`Outcome`].
pub async fn finish<T: Serialize>(
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
