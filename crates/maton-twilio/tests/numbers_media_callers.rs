//! A message's media, owned numbers by type, outgoing caller IDs and subaccount status changes:
//! the request on the wire, the decoded answer, and bad input refused before anything is sent.
#![cfg(all(feature = "messaging", feature = "numbers"))]

mod common;

use common::*;
use maton_test_support::rows::{self, run};
use maton_test_support::{MockServer, Recorded, Reply};
use maton_twilio::model::{HttpMethod, IncomingPhoneNumberEmergencyStatus, Resource};
use maton_twilio::{
    AccountSid, ApplicationSid, Client, Error, ErrorKind, MediaSid, MessageSid, PhoneNumberSid,
};
use serde_json::{Value, json};

const MMS: &str = "MM0123456789abcdef0123456789abcdef";
const MEDIA: &str = "ME0123456789abcdef0123456789abcdef";
const SUBACCOUNT: &str = "AC00000000000000000000000000000001";

fn media_json() -> Value {
    json!({"sid": MEDIA, "parent_sid": MMS, "account_sid": ACCOUNT, "content_type": "image/png",
           "date_created": "Mon, 09 Feb 2026 21:00:00 +0000",
           "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Messages/{MMS}/Media/{MEDIA}.json")})
}

fn caller_id_json(name: &str) -> Value {
    json!({"sid": NUMBER, "account_sid": ACCOUNT, "phone_number": "+14155550123",
           "friendly_name": name})
}

/// Answers the paths these handlers use; anything else is a 404 the tests would see.
fn router(r: &Recorded) -> Reply {
    let method = r.method.as_str();
    let rest = r
        .path
        .strip_prefix(&path(""))
        .unwrap_or(&r.path)
        .to_string();
    if method == "DELETE" {
        return Reply::empty(204);
    }
    let list = |key: &str, item: Value| Reply::json(200, page(key, vec![item], 0, None));
    match (method, rest.as_str()) {
        ("GET", p) if p.ends_with("/Media.json") => list("media_list", media_json()),
        ("GET", p) if p.contains("/Media/") => Reply::json(200, media_json()),
        ("GET", "/IncomingPhoneNumbers/Local.json" | "/IncomingPhoneNumbers/Mobile.json")
        | ("GET", "/IncomingPhoneNumbers/TollFree.json") => {
            list("incoming_phone_numbers", number_json())
        }
        ("POST", p) if p.starts_with("/IncomingPhoneNumbers/") => Reply::json(201, number_json()),
        ("GET", "/OutgoingCallerIds.json") => {
            list("outgoing_caller_ids", caller_id_json("Front desk"))
        }
        ("POST", "/OutgoingCallerIds.json") => Reply::json(
            201,
            json!({"account_sid": ACCOUNT, "phone_number": "+14155550123",
                   "friendly_name": "Front desk", "validation_code": "123456",
                   "call_sid": CALL}),
        ),
        ("GET", p) if p.starts_with("/OutgoingCallerIds/") => {
            Reply::json(200, caller_id_json("Front desk"))
        }
        ("POST", p) if p.starts_with("/OutgoingCallerIds/") => {
            let name = r
                .form_pairs()
                .into_iter()
                .find(|(k, _)| k == "FriendlyName")
                .map(|(_, v)| v)
                .unwrap_or_default();
            Reply::json(200, caller_id_json(&name))
        }
        _ => twilio_router(r),
    }
}

async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start(router).await;
    let client = client(&server);
    (server, client)
}

fn shapes(server: &MockServer) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| (r.method.to_string(), r.path.clone()))
        .collect()
}

#[tokio::test]
async fn media_of_a_message_list_fetch_delete() {
    let (server, c) = server_and_client().await;
    let message: MessageSid = MMS.parse().unwrap();
    let media: MediaSid = MEDIA.parse().unwrap();
    let handler = c.messages().media(&message);
    assert_eq!(handler.message(), &message);

    let after = "2026-02-01T00:00:00Z".parse().unwrap();
    let listed = handler
        .list()
        .created_on_or_after(after)
        .page_size(20)
        .all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].sid().unwrap(), media);
    assert_eq!(listed[0].content_type.as_deref(), Some("image/png"));
    let fetched = handler.fetch(&media).await.unwrap();
    assert_eq!(fetched.parent_sid.as_deref(), Some(MMS));
    handler.delete(&media).await.unwrap();

    let one = path(&format!("/Messages/{MMS}/Media/{MEDIA}.json"));
    assert_eq!(
        shapes(&server),
        vec![
            ("GET".into(), path(&format!("/Messages/{MMS}/Media.json"))),
            ("GET".into(), one.clone()),
            ("DELETE".into(), one),
        ]
    );
    assert_eq!(
        query(&server.requests()[0]),
        pairs(&[("DateCreated>", "2026-02-01T00:00:00Z"), ("PageSize", "20")])
    );
}

#[tokio::test]
async fn numbers_by_type_list_and_buy_at_their_own_paths_with_the_settings_of_buy() {
    let (server, c) = server_and_client().await;
    let app: ApplicationSid = APPLICATION.parse().unwrap();
    let numbers = c.phone_numbers();

    let bought = numbers
        .local()
        .buy("+14155550123")
        .friendly_name("Support")
        .sms_url("https://example.com/sms")
        .voice_method(HttpMethod::Get)
        .voice_application(&app)
        .emergency_status(IncomingPhoneNumberEmergencyStatus::Active)
        .send()
        .await
        .unwrap();
    assert_eq!(bought.sid().unwrap().as_str(), NUMBER);
    assert_eq!(
        form(&server.requests()[0]),
        pairs(&[
            ("EmergencyStatus", "Active"),
            ("FriendlyName", "Support"),
            ("PhoneNumber", "+14155550123"),
            ("SmsUrl", "https://example.com/sms"),
            ("VoiceApplicationSid", APPLICATION),
            ("VoiceMethod", "GET"),
        ])
    );
    numbers.mobile().buy("+447700900123").send().await.unwrap();
    numbers
        .toll_free()
        .buy("+18005550123")
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&server.requests()[2]),
        pairs(&[("PhoneNumber", "+18005550123")])
    );

    let local = numbers
        .local()
        .list()
        .friendly_name("Support")
        .phone_number("+1415*")
        .origin("twilio")
        .beta(false)
        .page()
        .await
        .unwrap();
    assert_eq!(local.items[0].sid().unwrap().as_str(), NUMBER);
    assert_eq!(
        query(&server.requests()[3]),
        pairs(&[
            ("Beta", "false"),
            ("FriendlyName", "Support"),
            ("Origin", "twilio"),
            ("PhoneNumber", "+1415*"),
        ])
    );
    assert_eq!(numbers.mobile().list().all().await.unwrap().len(), 1);
    assert_eq!(numbers.toll_free().list().all().await.unwrap().len(), 1);

    let under = |kind: &str| path(&format!("/IncomingPhoneNumbers/{kind}.json"));
    assert_eq!(
        shapes(&server),
        vec![
            ("POST".into(), under("Local")),
            ("POST".into(), under("Mobile")),
            ("POST".into(), under("TollFree")),
            ("GET".into(), under("Local")),
            ("GET".into(), under("Mobile")),
            ("GET".into(), under("TollFree")),
        ]
    );
}

#[tokio::test]
async fn caller_ids_list_fetch_rename_delete_and_verify() {
    let (server, c) = server_and_client().await;
    let ids = c.caller_ids();
    let sid: PhoneNumberSid = NUMBER.parse().unwrap();

    let request = ids
        .verify("+14155550123")
        .friendly_name("Front desk")
        .call_delay(5)
        .extension("12w3#")
        .status_callback("https://example.com/verified")
        .status_callback_method(HttpMethod::Post)
        .send()
        .await
        .unwrap();
    assert_eq!(request.validation_code.as_deref(), Some("123456"));
    assert_eq!(
        form(&server.requests()[0]),
        pairs(&[
            ("CallDelay", "5"),
            ("Extension", "12w3#"),
            ("FriendlyName", "Front desk"),
            ("PhoneNumber", "+14155550123"),
            ("StatusCallback", "https://example.com/verified"),
            ("StatusCallbackMethod", "POST"),
        ])
    );

    let listed = ids
        .list()
        .phone_number("+14155550123")
        .friendly_name("Front desk")
        .all()
        .await
        .unwrap();
    assert_eq!(listed[0].sid(), Some(sid.clone()));
    assert_eq!(
        query(&server.requests()[1]),
        pairs(&[
            ("FriendlyName", "Front desk"),
            ("PhoneNumber", "+14155550123")
        ])
    );
    assert_eq!(
        ids.fetch(&sid).await.unwrap().friendly_name.as_deref(),
        Some("Front desk")
    );
    let renamed = ids.rename(&sid, "Reception").await.unwrap();
    assert_eq!(renamed.friendly_name.as_deref(), Some("Reception"));
    assert_eq!(
        form(&server.requests()[3]),
        pairs(&[("FriendlyName", "Reception")])
    );
    ids.delete(&sid).await.unwrap();

    let many = path("/OutgoingCallerIds.json");
    let one = path(&format!("/OutgoingCallerIds/{NUMBER}.json"));
    assert_eq!(
        shapes(&server),
        vec![
            ("POST".into(), many.clone()),
            ("GET".into(), many),
            ("GET".into(), one.clone()),
            ("POST".into(), one.clone()),
            ("DELETE".into(), one),
        ]
    );
}

#[tokio::test]
async fn subaccounts_are_created_suspended_reactivated_and_closed_by_status() {
    let (server, c) = server_and_client().await;
    let accounts = c.accounts();
    let sub: AccountSid = SUBACCOUNT.parse().unwrap();
    accounts.create("Tenant 42").await.unwrap();
    accounts.suspend(&sub).await.unwrap();
    accounts.reactivate(&sub).await.unwrap();
    let closed = accounts.close(&sub).await.unwrap();
    assert_eq!(closed.sid().unwrap(), sub);

    let requests = server.requests();
    assert_eq!(
        requests.iter().map(form).collect::<Vec<_>>(),
        vec![
            pairs(&[("FriendlyName", "Tenant 42")]),
            pairs(&[("Status", "suspended")]),
            pairs(&[("Status", "active")]),
            pairs(&[("Status", "closed")]),
        ]
    );
    let one = format!("/twilio/2010-04-01/Accounts/{SUBACCOUNT}.json");
    assert_eq!(
        shapes(&server),
        vec![
            ("POST".into(), "/twilio/2010-04-01/Accounts.json".into()),
            ("POST".into(), one.clone()),
            ("POST".into(), one.clone()),
            ("POST".into(), one),
        ]
    );
}

type Run = rows::Run<Error>;

fn refused(c: &Client) -> Vec<(&'static str, &'static str, Run)> {
    let numbers = || c.phone_numbers();
    let ids = || c.caller_ids();
    let sid: PhoneNumberSid = NUMBER.parse().unwrap();
    let long = "n".repeat(65);
    let message: MessageSid = MMS.parse().unwrap();
    vec![
        (
            "local number without +",
            "phone_number",
            run(numbers().local().buy("4155550123").send()),
        ),
        (
            "mobile number with spaces",
            "phone_number",
            run(numbers().mobile().buy(" +447700900123").send()),
        ),
        (
            "toll-free number empty",
            "phone_number",
            run(numbers().toll_free().buy("").send()),
        ),
        (
            "bought number's sms url not absolute",
            "sms_url",
            run(numbers().local().buy("+14155550123").sms_url("/sms").send()),
        ),
        (
            "bought number's name too long",
            "friendly_name",
            run(numbers()
                .toll_free()
                .buy("+18005550123")
                .friendly_name(long.clone())
                .send()),
        ),
        (
            "owned numbers page size 0",
            "page_size",
            run(numbers().mobile().list().page_size(0).page()),
        ),
        (
            "media page size 1001",
            "page_size",
            run(c.messages().media(&message).list().page_size(1001).page()),
        ),
        (
            "caller id not E.164",
            "phone_number",
            run(ids().verify("+0123456").send()),
        ),
        (
            "verification delay 61 s",
            "call_delay",
            run(ids().verify("+14155550123").call_delay(61).send()),
        ),
        (
            "extension with a letter",
            "extension",
            run(ids().verify("+14155550123").extension("12a").send()),
        ),
        (
            "extension with a line break",
            "extension",
            run(ids().verify("+14155550123").extension("1\n2").send()),
        ),
        (
            "verification callback not a URL",
            "status_callback",
            run(ids()
                .verify("+14155550123")
                .status_callback("example.com")
                .send()),
        ),
        (
            "verification name too long",
            "friendly_name",
            run(ids()
                .verify("+14155550123")
                .friendly_name(long.clone())
                .send()),
        ),
        (
            "caller id renamed blank",
            "friendly_name",
            run(ids().rename(&sid, " ")),
        ),
        (
            "caller id renamed too long",
            "friendly_name",
            run(ids().rename(&sid, long.clone())),
        ),
        (
            "subaccount without a name",
            "friendly_name",
            run(c.accounts().create("")),
        ),
        (
            "subaccount name too long",
            "friendly_name",
            run(c.accounts().create(long)),
        ),
    ]
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = MockServer::start(router).await;
    // No account SID: a refusal must come before the account is even discovered.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/twilio", server.url()))
        .no_rate_limit()
        .build()
        .unwrap();
    for (name, field, future) in refused(&client) {
        let err = future.await.expect_err(name);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}: {err}");
        assert_eq!(err.field(), Some(field), "{name}: {err}");
        assert!(!err.to_string().contains('\n'), "{name}: {err}");
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[test]
fn media_and_caller_id_sids_are_typed() {
    assert!(
        "ME0123456789abcdef0123456789abcdef"
            .parse::<MediaSid>()
            .is_ok()
    );
    let err: Error = MMS.parse::<MediaSid>().unwrap_err().into();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
