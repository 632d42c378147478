//! The same fixtures driven through the facade (`maton-twilio`, and `maton-connections` through
//! it): each arm reads the fixture's request and calls the handler a user would call. A list over
//! several pages is fetched with `all()`, so the facade itself must follow `next_page_uri`.
//!
//! A fixture whose request uses a parameter the facade does not offer is skipped with the reason;
//! a fixture the facade refuses before sending is accepted only when Twilio refused it too.

use std::collections::BTreeMap;
use std::str::FromStr;

use maton_contract_tests::fixture::{Fixture, Request};
use maton_contract_tests::json;
use maton_contract_tests::spec::Spec;
use maton_twilio::pagination::Page;
use maton_twilio::{Client, Error, RetryPolicy};
use serde::Serialize;
use serde_json::{Value, json};

use crate::raw::TEST_KEY;
use crate::replay::{Outcome, Replay, check_outcome};
use crate::{assert_no_failures, fixtures, spec};

/// What driving one fixture through the facade came to.
enum Driven {
    /// The facade's result: a value (compared with what the fixture implies) or an error.
    Done(Result<Value, Error>),
    /// The facade has no way to send this request.
    Unsupported(String),
}

/// A value parsed from a fixture's text; the error names the text.
fn parse<T: FromStr>(text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>()
        .map_err(|e| format!("{text:?} does not parse: {e}"))
}

/// Applies each pair through the facade setter for its wire name, parsing the value into the
/// setter's type; a pair without a setter makes the fixture unsupported.
macro_rules! apply {
    ($builder:expr, $pairs:expr, { $($wire:literal => $setter:ident: $ty:ty),* $(,)? }) => {{
        let mut builder = $builder;
        for (key, value) in $pairs {
            builder = match key.as_str() {
                $($wire => builder.$setter(parse::<$ty>(value)?),)*
                other => return Ok(Driven::Unsupported(format!("no facade setter for `{other}`"))),
            };
        }
        builder
    }};
}

fn value<T: Serialize>(result: Result<T, Error>) -> Driven {
    Driven::Done(result.map(|v| serde_json::to_value(v).expect("models encode")))
}

fn page<T: Serialize>(result: Result<Page<T>, Error>) -> Driven {
    Driven::Done(result.map(|p| {
        json!({
            "items": serde_json::to_value(&p.items).expect("models encode"),
            "page": p.page, "page_size": p.page_size,
            "next_page_uri": p.next_page_uri, "total": p.total, "num_pages": p.num_pages,
        })
    }))
}

fn items<T: Serialize>(result: Result<Vec<T>, Error>) -> Driven {
    Driven::Done(
        result.map(|v| json!({ "items": serde_json::to_value(v).expect("models encode") })),
    )
}

/// The facade's list call: one page for a single interaction, every page for a sequence.
macro_rules! list {
    ($builder:expr, $fixture:expr) => {
        if $fixture.interactions().len() > 1 {
            items($builder.all().await)
        } else {
            page($builder.page().await)
        }
    };
}

fn sid<T: FromStr>(params: &BTreeMap<String, String>, name: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    parse(
        params
            .get(name)
            .ok_or_else(|| format!("no path parameter {name}"))?,
    )
}

async fn drive(
    spec: &Spec,
    client: &Client,
    fixture: &Fixture,
    request: &Request,
) -> Result<Driven, String> {
    use maton_twilio::model::{AccountStatus, CallStatus, HttpMethod};
    let params = spec
        .match_request(fixture.service, &request.method, &request.path)
        .map(|(_, p)| p)
        .unwrap_or_default();
    let q = &request.query;
    let form: Vec<(String, String)> = request.form.clone().unwrap_or_default();
    let one = |key: &str| request.form_value(key).map(str::to_string);
    let others = |known: &[&str]| -> Vec<(String, String)> {
        form.iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .cloned()
            .collect()
    };
    let sid_ = |name: &str| params.get(name).cloned().unwrap_or_default();
    Ok(match fixture.operation.as_str() {
        "ListAccount" => list!(
            apply!(client.accounts().list(), q, {
                "FriendlyName" => friendly_name: String, "Status" => status: AccountStatus,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        "CreateAccount" => {
            if !others(&["FriendlyName"]).is_empty() {
                return Ok(Driven::Unsupported(
                    "form fields beyond FriendlyName".into(),
                ));
            }
            value(
                client
                    .accounts()
                    .create_subaccount(one("FriendlyName"))
                    .await,
            )
        }
        "FetchAccount" => value(client.accounts().fetch(&sid(&params, "Sid")?).await),
        "UpdateAccount" => value(
            apply!(client.accounts().update(&sid(&params, "Sid")?), &form, {
                "FriendlyName" => friendly_name: String, "Status" => status: AccountStatus,
            })
            .send()
            .await,
        ),
        "ListMessage" => list!(
            apply!(client.messages().list(), q, {
                "To" => to: String, "From" => from: String,
                "DateSent" => date_sent: chrono::DateTime<chrono::Utc>,
                "DateSent>" => sent_on_or_after: chrono::DateTime<chrono::Utc>,
                "DateSent<" => sent_on_or_before: chrono::DateTime<chrono::Utc>,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        "CreateMessage" => {
            let to = one("To").unwrap_or_default();
            let mut message = client.messages().create(to);
            for (key, v) in &form {
                message = match key.as_str() {
                    "To" => message,
                    "From" => message.from(v.as_str()),
                    "MessagingServiceSid" => message.messaging_service(&parse(v)?),
                    "Body" => message.body(v.as_str()),
                    "MediaUrl" => message.media_url(v.as_str()),
                    "StatusCallback" => message.status_callback(v.as_str()),
                    other => {
                        return Ok(Driven::Unsupported(format!(
                            "no facade setter for `{other}`"
                        )));
                    }
                };
            }
            value(message.send().await)
        }
        "FetchMessage" => value(client.messages().fetch(&sid(&params, "Sid")?).await),
        "UpdateMessage" => {
            let message = sid(&params, "Sid")?;
            match form.as_slice() {
                [(k, v)] if k == "Body" && v.is_empty() => {
                    value(client.messages().redact(&message).await)
                }
                [(k, v)] if k == "Status" && v == "canceled" => {
                    value(client.messages().cancel(&message).await)
                }
                _ => {
                    return Ok(Driven::Unsupported(
                        "an update other than redact or cancel".into(),
                    ));
                }
            }
        }
        "DeleteMessage" => value(client.messages().delete(&sid(&params, "Sid")?).await),
        "ListCall" => {
            let mut calls = client.calls().list();
            if let Some(parent) = request.query_value("ParentCallSid") {
                calls = calls.parent_call(&parse(parent)?);
            }
            let rest: Vec<(String, String)> = q
                .iter()
                .filter(|(k, _)| k != "ParentCallSid")
                .cloned()
                .collect();
            list!(
                apply!(calls, &rest, {
                    "To" => to: String, "From" => from: String, "Status" => status: CallStatus,
                    "StartTime" => start_time: chrono::DateTime<chrono::Utc>,
                    "StartTime>" => started_on_or_after: chrono::DateTime<chrono::Utc>,
                    "StartTime<" => started_on_or_before: chrono::DateTime<chrono::Utc>,
                    "EndTime" => end_time: chrono::DateTime<chrono::Utc>,
                    "EndTime>" => ended_on_or_after: chrono::DateTime<chrono::Utc>,
                    "EndTime<" => ended_on_or_before: chrono::DateTime<chrono::Utc>,
                    "PageSize" => page_size: u32,
                }),
                fixture
            )
        }
        "CreateCall" => {
            let mut call = client.calls().place(
                one("To").unwrap_or_default(),
                one("From").unwrap_or_default(),
            );
            for event in request.form_values("StatusCallbackEvent") {
                call = call.status_callback_event(event);
            }
            let rest = others(&["To", "From", "StatusCallbackEvent"]);
            value(
                apply!(call, &rest, {
                    "Url" => url: String, "Twiml" => twiml: String, "Method" => method: HttpMethod,
                    "StatusCallback" => status_callback: String,
                    "Timeout" => timeout: i64, "Record" => record: bool,
                })
                .send()
                .await,
            )
        }
        "FetchCall" => value(client.calls().fetch(&sid(&params, "Sid")?).await),
        "UpdateCall" => {
            let call = sid(&params, "Sid")?;
            match form.as_slice() {
                [(k, v)] if k == "Status" && v == "completed" => {
                    value(client.calls().hang_up(&call).await)
                }
                [(k, v)] if k == "Status" && v == "canceled" => {
                    value(client.calls().cancel(&call).await)
                }
                _ => value(
                    apply!(client.calls().update(&call), &form, {
                        "Url" => url: String, "Twiml" => twiml: String,
                        "Method" => method: HttpMethod,
                    })
                    .send()
                    .await,
                ),
            }
        }
        "DeleteCall" => value(client.calls().delete(&sid(&params, "Sid")?).await),
        "ListIncomingPhoneNumber" => list!(
            apply!(client.phone_numbers().list(), q, {
                "Beta" => beta: bool, "FriendlyName" => friendly_name: String,
                "PhoneNumber" => phone_number: String, "Origin" => origin: String,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        "CreateIncomingPhoneNumber" => {
            let Some(number) = one("PhoneNumber") else {
                return Ok(Driven::Unsupported("buying by area code".into()));
            };
            value(
                apply!(client.phone_numbers().buy(number), &others(&["PhoneNumber"]), {
                    "FriendlyName" => friendly_name: String, "VoiceUrl" => voice_url: String,
                    "SmsUrl" => sms_url: String,
                })
                .send()
                .await,
            )
        }
        "FetchIncomingPhoneNumber" => {
            value(client.phone_numbers().fetch(&sid(&params, "Sid")?).await)
        }
        "UpdateIncomingPhoneNumber" => value(
            apply!(client.phone_numbers().update(&sid(&params, "Sid")?), &form, {
                "FriendlyName" => friendly_name: String, "VoiceUrl" => voice_url: String,
                "SmsUrl" => sms_url: String,
            })
            .send()
            .await,
        ),
        "DeleteIncomingPhoneNumber" => {
            value(client.phone_numbers().release(&sid(&params, "Sid")?).await)
        }
        op @ ("ListAvailablePhoneNumberLocal"
        | "ListAvailablePhoneNumberTollFree"
        | "ListAvailablePhoneNumberMobile") => {
            let available = client.phone_numbers().available(sid_("CountryCode"));
            let search = match op {
                "ListAvailablePhoneNumberLocal" => available.local(),
                "ListAvailablePhoneNumberTollFree" => available.toll_free(),
                _ => available.mobile(),
            };
            list!(
                apply!(search, q, {
                    "AreaCode" => area_code: i64, "Contains" => contains: String,
                    "SmsEnabled" => sms_enabled: bool, "MmsEnabled" => mms_enabled: bool,
                    "VoiceEnabled" => voice_enabled: bool, "FaxEnabled" => fax_enabled: bool,
                    "ExcludeAllAddressRequired" => exclude_all_address_required: bool,
                    "ExcludeLocalAddressRequired" => exclude_local_address_required: bool,
                    "ExcludeForeignAddressRequired" => exclude_foreign_address_required: bool,
                    "Beta" => beta: bool, "PageSize" => page_size: u32,
                }),
                fixture
            )
        }
        "ListApplication" => list!(
            apply!(client.applications().list(), q, {
                "FriendlyName" => friendly_name: String, "PageSize" => page_size: u32,
            }),
            fixture
        ),
        op @ ("CreateApplication" | "UpdateApplication") => {
            let settings = if op == "CreateApplication" {
                client.applications().create()
            } else {
                client.applications().update(&sid(&params, "Sid")?)
            };
            value(
                apply!(settings, &form, {
                    "FriendlyName" => friendly_name: String, "VoiceUrl" => voice_url: String,
                    "VoiceMethod" => voice_method: HttpMethod, "SmsUrl" => sms_url: String,
                    "SmsMethod" => sms_method: HttpMethod,
                })
                .send()
                .await,
            )
        }
        "FetchApplication" => value(client.applications().fetch(&sid(&params, "Sid")?).await),
        "DeleteApplication" => value(client.applications().delete(&sid(&params, "Sid")?).await),
        "ListQueue" => list!(
            apply!(client.queues().list(), q, { "PageSize" => page_size: u32 }),
            fixture
        ),
        "CreateQueue" => {
            let max = one("MaxSize").map(|m| parse::<u32>(&m)).transpose()?;
            value(
                client
                    .queues()
                    .create(one("FriendlyName").unwrap_or_default(), max)
                    .await,
            )
        }
        "UpdateQueue" => {
            let max = one("MaxSize").map(|m| parse::<u32>(&m)).transpose()?;
            value(
                client
                    .queues()
                    .update(&sid(&params, "Sid")?, one("FriendlyName"), max)
                    .await,
            )
        }
        "FetchQueue" => value(client.queues().fetch(&sid(&params, "Sid")?).await),
        "DeleteQueue" => value(client.queues().delete(&sid(&params, "Sid")?).await),
        "ListAddress" => list!(
            apply!(client.addresses().list(), q, {
                "CustomerName" => customer_name: String, "FriendlyName" => friendly_name: String,
                "IsoCountry" => iso_country: String, "EmergencyEnabled" => emergency_enabled: bool,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        "CreateAddress" => value(
            apply!(
                client.addresses().create(one("CustomerName").unwrap_or_default()),
                &others(&["CustomerName"]),
                {
                    "Street" => street: String, "City" => city: String, "Region" => region: String,
                    "PostalCode" => postal_code: String, "IsoCountry" => iso_country: String,
                    "FriendlyName" => friendly_name: String,
                    "EmergencyEnabled" => emergency_enabled: bool,
                }
            )
            .send()
            .await,
        ),
        "UpdateAddress" => value(
            apply!(client.addresses().update(&sid(&params, "Sid")?), &form, {
                "Street" => street: String, "City" => city: String, "Region" => region: String,
                "PostalCode" => postal_code: String, "FriendlyName" => friendly_name: String,
                "CustomerName" => customer_name: String,
                "AutoCorrectAddress" => auto_correct_address: bool,
            })
            .send()
            .await,
        ),
        "FetchAddress" => value(client.addresses().fetch(&sid(&params, "Sid")?).await),
        "DeleteAddress" => value(client.addresses().delete(&sid(&params, "Sid")?).await),
        op if op.starts_with("ListUsageRecord") => {
            use maton_twilio::UsageWindow as W;
            let usage = client.usage();
            let records = match &op["ListUsageRecord".len()..] {
                "" => usage.records(),
                "AllTime" => usage.records_for(W::AllTime),
                "Daily" => usage.records_for(W::Daily),
                "LastMonth" => usage.records_for(W::LastMonth),
                "Monthly" => usage.records_for(W::Monthly),
                "ThisMonth" => usage.records_for(W::ThisMonth),
                "Today" => usage.records_for(W::Today),
                "Yearly" => usage.records_for(W::Yearly),
                _ => usage.records_for(W::Yesterday),
            };
            list!(
                apply!(records, q, {
                    "Category" => category: String,
                    "StartDate" => start_date: chrono::NaiveDate,
                    "EndDate" => end_date: chrono::NaiveDate,
                    "IncludeSubaccounts" => include_subaccounts: bool,
                    "PageSize" => page_size: u32,
                }),
                fixture
            )
        }
        "ListConnections" => {
            use maton_twilio::connections::ConnectionStatus;
            let listed = apply!(client.connections().list(), q, {
                "app" => app: String, "status" => status: ConnectionStatus,
            })
            .send()
            .await;
            Driven::Done(listed.map(|c| json!({ "connections": c })))
        }
        "CreateConnection" => {
            let body = request.json.clone().unwrap_or_default();
            let app = body.get("app").and_then(Value::as_str).unwrap_or_default();
            if body.as_object().is_some_and(|o| o.len() > 1) {
                return Ok(Driven::Unsupported("a create body beyond `app`".into()));
            }
            let created = client.connections().create(app).send().await;
            Driven::Done(created.map(|c| json!({ "connection": c })))
        }
        "GetConnection" => {
            let got = client
                .connections()
                .get(sid_("connection_id").as_str())
                .await;
            Driven::Done(got.map(|c| json!({ "connection": c })))
        }
        "DeleteConnection" => value(
            client
                .connections()
                .delete(sid_("connection_id").as_str())
                .await,
        ),
        other => return Ok(Driven::Unsupported(format!("no facade arm for {other}"))),
    })
}

/// What the facade should have produced for a fixture that ends in a success: the decoded body,
/// or for a list its items (over every page for a sequence) and the last page's envelope.
fn expected_value(fixture: &Fixture) -> Result<Value, String> {
    let interactions = fixture.interactions();
    let last = interactions.last().ok_or("no interaction")?;
    let body = match last.response.json_body() {
        Some(body) => body?,
        None => return Ok(Value::Null),
    };
    let is_list = fixture.operation.starts_with("List") && fixture.operation != "ListConnections";
    if !is_list {
        return Ok(body);
    }
    let list_key = |b: &Value| -> Option<String> {
        b.as_object()?
            .iter()
            .find(|(_, v)| v.is_array())
            .map(|(k, _)| k.clone())
    };
    let mut all = Vec::new();
    for interaction in &interactions {
        let page = interaction
            .response
            .json_body()
            .ok_or("a page without a JSON body")??;
        if let Some(key) = list_key(&page) {
            all.extend(page[&key].as_array().cloned().unwrap_or_default());
        }
    }
    if interactions.len() > 1 {
        return Ok(json!({ "items": all }));
    }
    Ok(json!({
        "items": all,
        "page": body.get("page"), "page_size": body.get("page_size"),
        "next_page_uri": body.get("next_page_uri"), "total": body.get("total"),
        "num_pages": body.get("num_pages"),
    }))
}

/// How a fixture fared through the facade.
pub enum Verdict {
    /// Requests and results as the fixture says.
    Passed,
    /// Refused before sending, as Twilio refused it.
    RefusedLocally(String),
    /// The facade cannot send this request.
    Skipped(String),
}

/// Replays one fixture through the facade.
pub async fn replay(spec: &Spec, fixture: &Fixture) -> Result<Verdict, String> {
    let server = Replay::start(fixture).await;
    let interactions = fixture.interactions();
    let first = &interactions[0].request;
    let account = spec
        .match_request(fixture.service, &first.method, &first.path)
        .and_then(|(_, p)| p.get("AccountSid").cloned())
        .unwrap_or_else(|| format!("AC{}", "a".repeat(32)));
    let mut builder = Client::builder()
        .api_key(TEST_KEY)
        .base_url(server.url())
        .control_base_url(server.url())
        .account_sid(parse(&account)?)
        .retry_policy(RetryPolicy::none())
        .no_rate_limit();
    if let Some(connection) = first.header("Maton-Connection") {
        builder = builder.connection(connection);
    }
    let client = builder
        .build()
        .map_err(|e| format!("building the client: {e}"))?;
    let result = match drive(spec, &client, fixture, first).await? {
        Driven::Unsupported(reason) => return Ok(Verdict::Skipped(reason)),
        Driven::Done(result) => result,
    };
    let last = &interactions.last().expect("one interaction").response;
    let checked = match result {
        Err(e) if e.status().is_none() => {
            if e.is_invalid_input() && !last.is_success() && server.check_requests().is_err() {
                return Ok(Verdict::RefusedLocally(e.to_string()));
            }
            Err(format!("the facade failed without a response: {e}"))
        }
        Err(e) => {
            let outcome = Outcome::Refused {
                status: e.status().map(|s| s.as_u16()).unwrap_or_default(),
                body: e.body().unwrap_or_default().to_string(),
                twilio_code: e.code(),
            };
            check_outcome(last, &outcome)
        }
        Ok(got) => {
            if !last.is_success() {
                Err(format!(
                    "the facade succeeded on a {} response",
                    last.status
                ))
            } else {
                let want = expected_value(fixture)?;
                let diff = json::diff(&json::without_nulls(&want), &json::without_nulls(&got));
                // `null` is a success without a body (`()`): nothing to compare.
                if diff.is_empty() || want.is_null() || got.is_null() {
                    Ok(())
                } else {
                    Err(format!(
                        "the facade's value differs from the fixture:\n  {}",
                        diff.join("\n  ")
                    ))
                }
            }
        }
    };
    let requests = server.check_requests();
    match (requests, checked) {
        (Ok(()), Ok(())) => Ok(Verdict::Passed),
        (Err(a), Ok(())) => Err(a),
        (Ok(()), Err(b)) => Err(b),
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
    }
}

/// Fixtures the facade does not pass yet, each with the reason and a piece of the failure text.
/// A gap that closes fails the test, so that this list stays true.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[];

#[tokio::test]
async fn every_fixture_replays_through_the_facade() {
    let spec = spec();
    let mut failures = Vec::new();
    let mut passed = Vec::new();
    let mut skipped = Vec::new();
    for loaded in fixtures() {
        let gap = KNOWN_GAPS.iter().find(|(name, ..)| *name == loaded.name);
        match (replay(&spec, &loaded.fixture).await, gap) {
            (Ok(Verdict::Skipped(why)), _) => skipped.push(format!("{}: {why}", loaded.name)),
            (Ok(_), Some(_)) => failures.push(format!(
                "{}: a known gap now passes: take it off KNOWN_GAPS",
                loaded.name
            )),
            (Ok(verdict), None) => {
                if let Verdict::RefusedLocally(why) = verdict {
                    eprintln!(
                        "{}: refused before sending, as Twilio did: {why}",
                        loaded.name
                    );
                }
                passed.push(loaded.fixture.operation.clone());
            }
            (Err(e), Some((_, why, text))) if e.contains(text) => {
                eprintln!("known facade gap: {}: {why}", loaded.name);
            }
            (Err(e), _) => failures.push(format!(
                "{} ({}):\n{e}",
                loaded.name, loaded.fixture.operation
            )),
        }
    }
    for line in &skipped {
        eprintln!("skipped through the facade: {line}");
    }
    assert_no_failures("replay through maton-twilio", failures);
    if std::env::var_os("MATON_CONTRACT_FIXTURES").is_some() {
        return; // a recording under review need not cover every operation
    }
    // Every operation of both specs goes through the facade at least once.
    let missing: Vec<String> = spec
        .operations
        .iter()
        .filter(|o| !passed.contains(&o.id))
        .map(|o| format!("{} never went through the facade", o.id))
        .collect();
    assert_no_failures("facade coverage", missing);
}
