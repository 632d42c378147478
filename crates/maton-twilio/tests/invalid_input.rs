//! Bad inputs, one row each: every row is refused with `ErrorKind::InvalidInput` naming the
//! parameter, and the server receives nothing (not even the account discovery).

mod common;

use common::*;
use maton_test_support::MockServer;
use maton_test_support::rows::{self, run};
use maton_twilio::{
    AccountSid, ApplicationSid, CallSid, Client, ContentSid, Error, ErrorKind, MessageSid,
    MessagingServiceSid, ParseError, PhoneNumber, PhoneNumberSid, QueueSid, UsageWindow,
};

type Run = rows::Run<Error>;

fn rows(c: &Client) -> Vec<(&'static str, &'static str, Run)> {
    let to = "+15559876543";
    let from = "+15551234567";
    let m = || c.messages();
    let calls = || c.calls();
    let service: MessagingServiceSid = SERVICE.parse().unwrap();
    let call: CallSid = CALL.parse().unwrap();
    let number: PhoneNumberSid = NUMBER.parse().unwrap();
    let queue: QueueSid = QUEUE.parse().unwrap();
    let app: ApplicationSid = APPLICATION.parse().unwrap();
    let content: ContentSid = "HX0123456789abcdef0123456789abcdef".parse().unwrap();
    let twiml = "<Response><Say>hi</Say></Response>";
    // The valid starts most rows make one mistake on.
    let text = |to: &str, from: &str| m().send(to, from).body("x");
    let placed = || calls().place(to, from).url("https://example.com/t");
    let local = || c.phone_numbers().available("US").local();
    let address = || {
        c.addresses()
            .create("Ada")
            .street("1 Main")
            .city("SF")
            .region("CA")
            .postal_code("94105")
    };
    vec![
        ("to without +", "to", run(text("15559876543", from).send())),
        (
            "to with spaces",
            "to",
            run(text("+1 555 987 6543", from).send()),
        ),
        (
            "to too long",
            "to",
            run(text("+1234567890123456", from).send()),
        ),
        ("to leading zero", "to", run(text("+0123456", from).send())),
        (
            "whatsapp to not E.164",
            "to",
            run(text("whatsapp:5551234", from).send()),
        ),
        (
            "from with punctuation",
            "from",
            run(text(to, "Shop!").send()),
        ),
        (
            "from alphanumeric too long",
            "from",
            run(text(to, "TwelveLetter").send()),
        ),
        ("no sender", "from", run(m().create(to).body("x").send())),
        ("no content", "body", run(m().send(to, from).send())),
        (
            "empty body only",
            "body",
            run(m().send(to, from).body("").send()),
        ),
        (
            "body 1601 chars",
            "body",
            run(m().send(to, from).body("a".repeat(1601)).send()),
        ),
        (
            "body 1601 emoji",
            "body",
            run(m().send(to, from).body("😀".repeat(1601)).send()),
        ),
        ("eleven media urls", "media_url", {
            let mut b = m().send(to, from);
            for i in 0..11 {
                b = b.media_url(format!("https://example.com/{i}.png"));
            }
            run(b.send())
        }),
        (
            "relative media url",
            "media_url",
            run(m().send(to, from).media_url("/a.png").send()),
        ),
        (
            "callback not http",
            "status_callback",
            run(text(to, from).status_callback("ftp://example.com").send()),
        ),
        (
            "validity period 0",
            "validity_period",
            run(text(to, from).validity_period(0).send()),
        ),
        (
            "validity period too long",
            "validity_period",
            run(text(to, from).validity_period(36_001).send()),
        ),
        (
            "schedule without service",
            "send_at",
            run(text(to, from)
                .send_at("2030-01-01T00:00:00Z".parse().unwrap())
                .send()),
        ),
        (
            "variables without template",
            "content_variables",
            run(m()
                .send_with_service(to, &service)
                .body("x")
                .content_variables(serde_json::json!({"1": "a"}))
                .send()),
        ),
        (
            "variables not an object",
            "content_variables",
            run(m()
                .send(to, from)
                .content(&content)
                .content_variables(serde_json::json!(["a"]))
                .send()),
        ),
        ("list filter to", "to", run(m().list().to("555").page())),
        (
            "page size 0",
            "page_size",
            run(m().list().page_size(0).page()),
        ),
        (
            "page size 1001",
            "page_size",
            run(m().list().page_size(1001).page()),
        ),
        (
            "call with nothing to run",
            "url",
            run(calls().place(to, from).send()),
        ),
        (
            "call with url and twiml",
            "url",
            run(placed().twiml(twiml).send()),
        ),
        (
            "call with twiml and application",
            "url",
            run(calls()
                .place(to, from)
                .twiml(twiml)
                .application(&app)
                .send()),
        ),
        (
            "call twiml 4001 chars",
            "twiml",
            run(calls().place(to, from).twiml("x".repeat(4001)).send()),
        ),
        (
            "call url relative",
            "url",
            run(calls().place(to, from).url("twiml.xml").send()),
        ),
        (
            "call to bad",
            "to",
            run(calls()
                .place("hello", from)
                .url("https://example.com/t")
                .send()),
        ),
        (
            "call from sip",
            "from",
            run(calls()
                .place(to, "sip:a@example.com")
                .url("https://example.com/t")
                .send()),
        ),
        (
            "call timeout 601",
            "timeout",
            run(placed().timeout(601).send()),
        ),
        ("call timeout 0", "timeout", run(placed().timeout(0).send())),
        (
            "call send digits",
            "send_digits",
            run(placed().send_digits("12x").send()),
        ),
        (
            "call status event",
            "status_callback_event",
            run(placed().status_callback_event("hung-up").send()),
        ),
        (
            "call amd threshold",
            "machine_detection_speech_threshold",
            run(placed().machine_detection_speech_threshold(999).send()),
        ),
        (
            "update call with nothing",
            "status",
            run(calls().update(&call).send()),
        ),
        (
            "update call url and twiml",
            "twiml",
            run(calls()
                .update(&call)
                .url("https://example.com/t")
                .twiml(twiml)
                .send()),
        ),
        (
            "buy not E.164",
            "phone_number",
            run(c.phone_numbers().buy("4155550100").send()),
        ),
        (
            "buy area code 2 digits",
            "area_code",
            run(c.phone_numbers().buy_in_area_code(41).send()),
        ),
        (
            "buy voice url relative",
            "voice_url",
            run(c
                .phone_numbers()
                .buy("+14155550100")
                .voice_url("/voice")
                .send()),
        ),
        (
            "number name 65 chars",
            "friendly_name",
            run(c
                .phone_numbers()
                .update(&number)
                .friendly_name("n".repeat(65))
                .send()),
        ),
        (
            "update number with nothing",
            "phone_number",
            run(c.phone_numbers().update(&number).send()),
        ),
        (
            "search country lowercase",
            "country",
            run(c.phone_numbers().available("us").local().page()),
        ),
        (
            "search area code",
            "area_code",
            run(local().area_code(1000).page()),
        ),
        (
            "search contains",
            "contains",
            run(c
                .phone_numbers()
                .available("US")
                .mobile()
                .contains("5")
                .page()),
        ),
        (
            "search near lat long",
            "near_lat_long",
            run(local().near_lat_long("north").page()),
        ),
        (
            "search rate center without lata",
            "in_rate_center",
            run(local().in_rate_center("X").page()),
        ),
        (
            "search distance",
            "distance",
            run(local().distance(501).page()),
        ),
        (
            "application callback",
            "sms_url",
            run(c.applications().create().sms_url("nope").send()),
        ),
        (
            "update application with nothing",
            "application",
            run(c.applications().update(&app).send()),
        ),
        (
            "queue blank name",
            "friendly_name",
            run(c.queues().create("  ", None)),
        ),
        (
            "queue size 5001",
            "max_size",
            run(c.queues().create("support", Some(5001))),
        ),
        (
            "queue update nothing",
            "friendly_name",
            run(c.queues().update(&queue, None, None)),
        ),
        (
            "address missing street",
            "street",
            run(c
                .addresses()
                .create("Ada")
                .city("SF")
                .region("CA")
                .postal_code("94105")
                .iso_country("US")
                .send()),
        ),
        (
            "address country",
            "iso_country",
            run(address().iso_country("USA").send()),
        ),
        (
            "emergency address name 33 chars",
            "friendly_name",
            run(address()
                .iso_country("US")
                .emergency_enabled(true)
                .friendly_name("n".repeat(33))
                .send()),
        ),
        (
            "usage dates reversed",
            "start_date",
            run(c
                .usage()
                .records_for(UsageWindow::Daily)
                .start_date(chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap())
                .end_date(chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap())
                .page()),
        ),
        (
            "usage blank category",
            "category",
            run(c.usage().records().category(" ").page()),
        ),
        (
            "subaccount name",
            "friendly_name",
            run(c.accounts().create_subaccount(Some("n".repeat(65)))),
        ),
        (
            "account update nothing",
            "friendly_name",
            run(c
                .accounts()
                .update(&ACCOUNT.parse::<AccountSid>().unwrap())
                .send()),
        ),
    ]
}

#[tokio::test]
async fn every_bad_input_is_refused_before_sending() {
    let server = MockServer::start(twilio_router).await;
    // No account SID: a refusal must come before the account is even discovered.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/twilio", server.url()))
        .no_rate_limit()
        .build()
        .unwrap();
    let rows = rows(&client);
    assert!(rows.len() >= 25);
    for (name, field, future) in rows {
        let err = future.await.expect_err(name);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}: {err}");
        assert_eq!(err.field(), Some(field), "{name}: {err}");
        assert!(err.to_string().contains(field), "{name}: {err}");
        assert!(!err.to_string().contains(KEY));
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[test]
fn typed_values_are_checked_when_built() {
    let hex = "0123456789abcdef0123456789abcdef";
    let cases: Vec<(&str, Result<(), ParseError>)> = vec![
        (
            "message sid of a call",
            MessageSid::parse(&format!("CA{hex}")).map(drop),
        ),
        (
            "message sid too short",
            MessageSid::parse("SM123").map(drop),
        ),
        (
            "call sid not hex",
            CallSid::parse(&format!("CA{}", hex.replace('a', "z"))).map(drop),
        ),
        (
            "account sid lower prefix",
            AccountSid::parse(&format!("ac{hex}")).map(drop),
        ),
        ("number sid empty", PhoneNumberSid::parse("").map(drop)),
        (
            "service sid path",
            MessagingServiceSid::parse("MG/../x").map(drop),
        ),
        (
            "phone number letters",
            PhoneNumber::parse("+1555CALLNOW").map(drop),
        ),
        (
            "phone number 16 digits",
            PhoneNumber::parse("+1234567890123456").map(drop),
        ),
    ];
    for (name, result) in cases {
        let err = Error::from(result.expect_err(name));
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{name}");
        assert!(err.field().is_some(), "{name}");
    }
}
