//! The arms that drive one fixture through the facade: one per operation, each calling the
//! handler a user would call.

use std::collections::BTreeMap;
use std::str::FromStr;

use maton_contract_tests::fixture::{Fixture, Request};
use maton_contract_tests::spec::Spec;
use maton_twilio::pagination::Page;
use maton_twilio::raw::control::Operation as C;
use maton_twilio::raw::twilio::Operation as T;
use maton_twilio::{Client, Error};
use serde::Serialize;
use serde_json::{Value, json};

/// What driving one fixture through the facade came to.
pub(super) enum Driven {
    /// The facade's result: a value (compared with what the fixture implies) or an error.
    Done(Result<Value, Error>),
    /// The facade has no way to send this request.
    Unsupported(String),
    /// The facade does not wrap this operation at all: no arm here calls a handler for it.
    NotWrapped,
}

/// A value parsed from a fixture's text; the error names the text.
pub(super) fn parse<T: FromStr>(text: &str) -> Result<T, String>
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

#[path = "drive_numbers.rs"]
mod drive_numbers;
#[path = "drive_voice.rs"]
mod drive_voice;

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

pub(super) async fn drive(
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
    if let Ok(op) = fixture.operation.parse::<C>() {
        return Ok(match op {
            C::ListConnections => {
                use maton_twilio::connections::ConnectionStatus;
                let listed = apply!(client.connections().list(), q, {
                    "app" => app: String, "status" => status: ConnectionStatus,
                })
                .send()
                .await;
                Driven::Done(listed.map(|c| json!({ "connections": c })))
            }
            C::CreateConnection => {
                let body = request.json.clone().unwrap_or_default();
                let app = body.get("app").and_then(Value::as_str).unwrap_or_default();
                if body.as_object().is_some_and(|o| o.len() > 1) {
                    return Ok(Driven::Unsupported("a create body beyond `app`".into()));
                }
                let created = client.connections().create(app).send().await;
                Driven::Done(created.map(|c| json!({ "connection": c })))
            }
            C::GetConnection => {
                let got = client
                    .connections()
                    .get(sid_("connection_id").as_str())
                    .await;
                Driven::Done(got.map(|c| json!({ "connection": c })))
            }
            C::DeleteConnection => value(
                client
                    .connections()
                    .delete(sid_("connection_id").as_str())
                    .await,
            ),
            _ => Driven::NotWrapped,
        });
    }
    let Ok(op) = fixture.operation.parse::<T>() else {
        return Ok(Driven::Unsupported(format!(
            "no facade arm for {}",
            fixture.operation
        )));
    };
    Ok(match op {
        T::ListAccount => list!(
            apply!(client.accounts().list(), q, {
                "FriendlyName" => friendly_name: String, "Status" => status: AccountStatus,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::CreateAccount => {
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
        T::FetchAccount => value(client.accounts().fetch(&sid(&params, "Sid")?).await),
        T::FetchBalance => value(client.accounts().balance().await),
        T::UpdateAccount => value(
            apply!(client.accounts().update(&sid(&params, "Sid")?), &form, {
                "FriendlyName" => friendly_name: String, "Status" => status: AccountStatus,
            })
            .send()
            .await,
        ),
        T::ListMessage => list!(
            apply!(client.messages().list(), q, {
                "To" => to: String, "From" => from: String,
                "DateSent" => date_sent: chrono::DateTime<chrono::Utc>,
                "DateSent>" => sent_on_or_after: chrono::DateTime<chrono::Utc>,
                "DateSent<" => sent_on_or_before: chrono::DateTime<chrono::Utc>,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::CreateMessage => {
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
        T::FetchMessage => value(client.messages().fetch(&sid(&params, "Sid")?).await),
        T::UpdateMessage => {
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
        T::DeleteMessage => value(client.messages().delete(&sid(&params, "Sid")?).await),
        T::ListCall => {
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
        T::CreateCall => {
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
        T::FetchCall => value(client.calls().fetch(&sid(&params, "Sid")?).await),
        T::UpdateCall => {
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
        T::DeleteCall => value(client.calls().delete(&sid(&params, "Sid")?).await),
        T::ListIncomingPhoneNumber => list!(
            apply!(client.phone_numbers().list(), q, {
                "Beta" => beta: bool, "FriendlyName" => friendly_name: String,
                "PhoneNumber" => phone_number: String, "Origin" => origin: String,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::CreateIncomingPhoneNumber => {
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
        T::FetchIncomingPhoneNumber => {
            value(client.phone_numbers().fetch(&sid(&params, "Sid")?).await)
        }
        T::UpdateIncomingPhoneNumber => value(
            apply!(client.phone_numbers().update(&sid(&params, "Sid")?), &form, {
                "FriendlyName" => friendly_name: String, "VoiceUrl" => voice_url: String,
                "SmsUrl" => sms_url: String,
            })
            .send()
            .await,
        ),
        T::DeleteIncomingPhoneNumber => {
            value(client.phone_numbers().release(&sid(&params, "Sid")?).await)
        }
        op @ (T::ListAvailablePhoneNumberLocal
        | T::ListAvailablePhoneNumberTollFree
        | T::ListAvailablePhoneNumberMobile) => {
            let available = client.phone_numbers().available(sid_("CountryCode"));
            let search = match op {
                T::ListAvailablePhoneNumberLocal => available.local(),
                T::ListAvailablePhoneNumberTollFree => available.toll_free(),
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
        T::ListApplication => list!(
            apply!(client.applications().list(), q, {
                "FriendlyName" => friendly_name: String, "PageSize" => page_size: u32,
            }),
            fixture
        ),
        op @ (T::CreateApplication | T::UpdateApplication) => {
            let settings = if op == T::CreateApplication {
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
        T::FetchApplication => value(client.applications().fetch(&sid(&params, "Sid")?).await),
        T::DeleteApplication => value(client.applications().delete(&sid(&params, "Sid")?).await),
        T::ListQueue => list!(
            apply!(client.queues().list(), q, { "PageSize" => page_size: u32 }),
            fixture
        ),
        T::CreateQueue => {
            let max = one("MaxSize").map(|m| parse::<u32>(&m)).transpose()?;
            value(
                client
                    .queues()
                    .create(one("FriendlyName").unwrap_or_default(), max)
                    .await,
            )
        }
        T::UpdateQueue => {
            let max = one("MaxSize").map(|m| parse::<u32>(&m)).transpose()?;
            value(
                client
                    .queues()
                    .update(&sid(&params, "Sid")?, one("FriendlyName"), max)
                    .await,
            )
        }
        T::FetchQueue => value(client.queues().fetch(&sid(&params, "Sid")?).await),
        T::DeleteQueue => value(client.queues().delete(&sid(&params, "Sid")?).await),
        T::ListAddress => list!(
            apply!(client.addresses().list(), q, {
                "CustomerName" => customer_name: String, "FriendlyName" => friendly_name: String,
                "IsoCountry" => iso_country: String, "EmergencyEnabled" => emergency_enabled: bool,
                "PageSize" => page_size: u32,
            }),
            fixture
        ),
        T::CreateAddress => value(
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
        T::UpdateAddress => value(
            apply!(client.addresses().update(&sid(&params, "Sid")?), &form, {
                "Street" => street: String, "City" => city: String, "Region" => region: String,
                "PostalCode" => postal_code: String, "FriendlyName" => friendly_name: String,
                "CustomerName" => customer_name: String,
                "AutoCorrectAddress" => auto_correct_address: bool,
            })
            .send()
            .await,
        ),
        T::FetchAddress => value(client.addresses().fetch(&sid(&params, "Sid")?).await),
        T::DeleteAddress => value(client.addresses().delete(&sid(&params, "Sid")?).await),
        op @ (T::ListUsageRecord
        | T::ListUsageRecordAllTime
        | T::ListUsageRecordDaily
        | T::ListUsageRecordLastMonth
        | T::ListUsageRecordMonthly
        | T::ListUsageRecordThisMonth
        | T::ListUsageRecordToday
        | T::ListUsageRecordYearly
        | T::ListUsageRecordYesterday) => {
            use maton_twilio::UsageWindow as W;
            let usage = client.usage();
            let records = match op {
                T::ListUsageRecordAllTime => usage.records_for(W::AllTime),
                T::ListUsageRecordDaily => usage.records_for(W::Daily),
                T::ListUsageRecordLastMonth => usage.records_for(W::LastMonth),
                T::ListUsageRecordMonthly => usage.records_for(W::Monthly),
                T::ListUsageRecordThisMonth => usage.records_for(W::ThisMonth),
                T::ListUsageRecordToday => usage.records_for(W::Today),
                T::ListUsageRecordYearly => usage.records_for(W::Yearly),
                T::ListUsageRecordYesterday => usage.records_for(W::Yesterday),
                _ => usage.records(),
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
        op => match drive_numbers::drive(op, client, fixture, request, &params).await? {
            Driven::NotWrapped => drive_voice::drive(client, fixture, request, &params, op).await?,
            driven => driven,
        },
    })
}
