//! Every handler method besides messages: the request on the wire and the decoded result.

mod common;

use common::*;
use maton_test_support::Recorded;
use maton_twilio::model::{
    AccountStatus, CallStatus, HttpMethod, IncomingPhoneNumberAddressRequirement, Resource,
};
use maton_twilio::{
    AccountSid, AddressSid, ApplicationSid, CallSid, PhoneNumberSid, QueueSid, UsageWindow,
};

fn shape(r: &Recorded) -> (String, String) {
    (r.method.to_string(), r.path.clone())
}

fn s(method: &str, path: String) -> (String, String) {
    (method.to_string(), path)
}

/// Asserts that `requests` are, in order, a create, an update, a list, a fetch and a delete of
/// the resource `sid` in the account's `/{collection}.json`.
fn assert_create_update_list_fetch_delete(requests: &[Recorded], collection: &str, sid: &str) {
    let many = path(&format!("/{collection}.json"));
    let one = path(&format!("/{collection}/{sid}.json"));
    assert_eq!(
        requests.iter().map(shape).collect::<Vec<_>>(),
        vec![
            s("POST", many.clone()),
            s("POST", one.clone()),
            s("GET", many),
            s("GET", one.clone()),
            s("DELETE", one),
        ]
    );
}

#[tokio::test]
async fn calls() {
    let (server, c) = twilio_client().await;
    let app: ApplicationSid = APPLICATION.parse().unwrap();
    let call = c
        .calls()
        .place("+15559876543", "+15551234567")
        .url("https://example.com/twiml")
        .method(HttpMethod::Get)
        .status_callback("https://example.com/status")
        .status_callback_event("initiated")
        .status_callback_event("completed")
        .timeout(30)
        .record(true)
        .send_digits("1234#")
        .send()
        .await
        .unwrap();
    assert_eq!(call.sid().unwrap().as_str(), CALL);
    assert_eq!(call.status, Some(CallStatus::Completed));
    assert_eq!(call.duration.as_ref().and_then(|d| d.to_u64()), Some(60));
    assert_eq!(
        form(&server.requests()[0]),
        pairs(&[
            ("From", "+15551234567"),
            ("Method", "GET"),
            ("Record", "true"),
            ("SendDigits", "1234#"),
            ("StatusCallback", "https://example.com/status"),
            ("StatusCallbackEvent", "completed"),
            ("StatusCallbackEvent", "initiated"),
            ("Timeout", "30"),
            ("To", "+15559876543"),
            ("Url", "https://example.com/twiml"),
        ])
    );

    c.calls()
        .place("client:alice", "+15551234567")
        .application(&app)
        .send()
        .await
        .unwrap();
    assert_eq!(
        form(&server.requests()[1]),
        pairs(&[
            ("ApplicationSid", APPLICATION),
            ("From", "+15551234567"),
            ("To", "client:alice"),
        ])
    );

    let sid: CallSid = CALL.parse().unwrap();
    let page = c
        .calls()
        .list()
        .status(CallStatus::InProgress)
        .to("+15559876543")
        .parent_call(&sid)
        .started_on_or_after("2026-01-01T00:00:00Z".parse().unwrap())
        .page()
        .await
        .unwrap();
    assert_eq!(page.items[0].sid.as_deref(), Some(CALL));
    assert_eq!(
        query(&server.requests()[2]),
        pairs(&[
            ("ParentCallSid", CALL),
            ("StartTime>", "2026-01-01T00:00:00Z"),
            ("Status", "in-progress"),
            ("To", "+15559876543"),
        ])
    );

    c.calls().fetch(&sid).await.unwrap();
    c.calls()
        .update(&sid)
        .twiml("<Response><Hangup/></Response>")
        .send()
        .await
        .unwrap();
    c.calls().hang_up(&sid).await.unwrap();
    c.calls().cancel(&sid).await.unwrap();
    c.calls().delete(&sid).await.unwrap();
    let requests = server.requests();
    let one = path(&format!("/Calls/{CALL}.json"));
    assert_eq!(
        requests[3..].iter().map(shape).collect::<Vec<_>>(),
        vec![
            s("GET", one.clone()),
            s("POST", one.clone()),
            s("POST", one.clone()),
            s("POST", one.clone()),
            s("DELETE", one),
        ]
    );
    assert_eq!(
        form(&requests[4]),
        pairs(&[("Twiml", "<Response><Hangup/></Response>")])
    );
    assert_eq!(form(&requests[5]), pairs(&[("Status", "completed")]));
    assert_eq!(form(&requests[6]), pairs(&[("Status", "canceled")]));
}

#[tokio::test]
async fn phone_numbers() {
    let (server, c) = twilio_client().await;
    let sid: PhoneNumberSid = NUMBER.parse().unwrap();

    let found = c
        .phone_numbers()
        .available("US")
        .local()
        .area_code(415)
        .contains("55*")
        .sms_enabled(true)
        .near_lat_long("37.84,-122.46")
        .distance(50)
        .page_size(5)
        .page()
        .await
        .unwrap();
    assert_eq!(found.items[0].phone_number.as_deref(), Some("+14155550100"));
    assert_eq!(
        found.items[0].latitude.as_ref().and_then(|l| l.to_f64()),
        Some(37.840699)
    );
    c.phone_numbers()
        .available("GB")
        .toll_free()
        .page()
        .await
        .unwrap();
    c.phone_numbers()
        .available("GB")
        .mobile()
        .page()
        .await
        .unwrap();

    let bought = c
        .phone_numbers()
        .buy("+14155550100")
        .friendly_name("Support line")
        .sms_url("https://example.com/sms")
        .voice_method(HttpMethod::Post)
        .send()
        .await
        .unwrap();
    assert_eq!(bought.sid().unwrap(), sid);
    assert_eq!(
        bought.address_requirements,
        Some(IncomingPhoneNumberAddressRequirement::None)
    );
    assert_eq!(
        bought.sms_application_sid.as_deref(),
        Some(""),
        "kept, not rejected"
    );
    assert!(bought.capabilities.as_ref().unwrap().sms.unwrap());

    c.phone_numbers()
        .buy_in_area_code(415)
        .send()
        .await
        .unwrap();
    c.phone_numbers()
        .list()
        .phone_number("+1415*")
        .page()
        .await
        .unwrap();
    c.phone_numbers().fetch(&sid).await.unwrap();
    let app: ApplicationSid = APPLICATION.parse().unwrap();
    c.phone_numbers()
        .update(&sid)
        .voice_application(&app)
        .friendly_name("Main")
        .send()
        .await
        .unwrap();
    c.phone_numbers().release(&sid).await.unwrap();

    let requests = server.requests();
    let one = path(&format!("/IncomingPhoneNumbers/{NUMBER}.json"));
    assert_eq!(
        requests.iter().map(shape).collect::<Vec<_>>(),
        vec![
            s("GET", path("/AvailablePhoneNumbers/US/Local.json")),
            s("GET", path("/AvailablePhoneNumbers/GB/TollFree.json")),
            s("GET", path("/AvailablePhoneNumbers/GB/Mobile.json")),
            s("POST", path("/IncomingPhoneNumbers.json")),
            s("POST", path("/IncomingPhoneNumbers.json")),
            s("GET", path("/IncomingPhoneNumbers.json")),
            s("GET", one.clone()),
            s("POST", one.clone()),
            s("DELETE", one),
        ]
    );
    assert_eq!(
        query(&requests[0]),
        pairs(&[
            ("AreaCode", "415"),
            ("Contains", "55*"),
            ("Distance", "50"),
            ("NearLatLong", "37.84,-122.46"),
            ("PageSize", "5"),
            ("SmsEnabled", "true"),
        ])
    );
    assert_eq!(
        form(&requests[3]),
        pairs(&[
            ("FriendlyName", "Support line"),
            ("PhoneNumber", "+14155550100"),
            ("SmsUrl", "https://example.com/sms"),
            ("VoiceMethod", "POST"),
        ])
    );
    assert_eq!(form(&requests[4]), pairs(&[("AreaCode", "415")]));
    assert_eq!(query(&requests[5]), pairs(&[("PhoneNumber", "+1415*")]));
    assert_eq!(
        form(&requests[7]),
        pairs(&[
            ("FriendlyName", "Main"),
            ("VoiceApplicationSid", APPLICATION)
        ])
    );
}

#[tokio::test]
async fn applications() {
    let (server, c) = twilio_client().await;
    let sid: ApplicationSid = APPLICATION.parse().unwrap();
    let created = c
        .applications()
        .create()
        .friendly_name("App")
        .voice_url("https://example.com/voice")
        .send()
        .await
        .unwrap();
    assert_eq!(created.sid().unwrap(), sid);
    assert_eq!(created.voice_method, Some(HttpMethod::Post));
    c.applications()
        .update(&sid)
        .sms_url("https://example.com/sms")
        .send()
        .await
        .unwrap();
    c.applications()
        .list()
        .friendly_name("App")
        .page()
        .await
        .unwrap();
    c.applications().fetch(&sid).await.unwrap();
    c.applications().delete(&sid).await.unwrap();
    let requests = server.requests();
    assert_create_update_list_fetch_delete(&requests, "Applications", APPLICATION);
    assert_eq!(
        form(&requests[0]),
        pairs(&[
            ("FriendlyName", "App"),
            ("VoiceUrl", "https://example.com/voice")
        ])
    );
    assert_eq!(
        form(&requests[1]),
        pairs(&[("SmsUrl", "https://example.com/sms")])
    );
    assert_eq!(query(&requests[2]), pairs(&[("FriendlyName", "App")]));
}

#[tokio::test]
async fn queues() {
    let (server, c) = twilio_client().await;
    let sid: QueueSid = QUEUE.parse().unwrap();
    let queue = c.queues().create("support", Some(100)).await.unwrap();
    assert_eq!(queue.sid().unwrap(), sid);
    assert_eq!(queue.current_size, Some(2));
    c.queues()
        .update(&sid, Some("sales".into()), None)
        .await
        .unwrap();
    c.queues().list().page_size(10).page().await.unwrap();
    c.queues().fetch(&sid).await.unwrap();
    c.queues().delete(&sid).await.unwrap();
    let requests = server.requests();
    assert_create_update_list_fetch_delete(&requests, "Queues", QUEUE);
    assert_eq!(
        form(&requests[0]),
        pairs(&[("FriendlyName", "support"), ("MaxSize", "100")])
    );
    assert_eq!(form(&requests[1]), pairs(&[("FriendlyName", "sales")]));
}

#[tokio::test]
async fn addresses() {
    let (server, c) = twilio_client().await;
    let sid: AddressSid = ADDRESS.parse().unwrap();
    let address = c
        .addresses()
        .create("Ada")
        .street("1 Main St")
        .city("San Francisco")
        .region("CA")
        .postal_code("94105")
        .iso_country("US")
        .send()
        .await
        .unwrap();
    assert_eq!(address.sid().unwrap(), sid);
    assert_eq!(address.validated, Some(true));
    assert_eq!(address.verified, None);
    c.addresses()
        .update(&sid)
        .street("2 Main St")
        .send()
        .await
        .unwrap();
    c.addresses().list().iso_country("US").page().await.unwrap();
    c.addresses().fetch(&sid).await.unwrap();
    c.addresses().delete(&sid).await.unwrap();
    let requests = server.requests();
    assert_create_update_list_fetch_delete(&requests, "Addresses", ADDRESS);
    assert_eq!(
        form(&requests[0]),
        pairs(&[
            ("City", "San Francisco"),
            ("CustomerName", "Ada"),
            ("IsoCountry", "US"),
            ("PostalCode", "94105"),
            ("Region", "CA"),
            ("Street", "1 Main St"),
        ])
    );
    assert_eq!(form(&requests[1]), pairs(&[("Street", "2 Main St")]));
    assert_eq!(query(&requests[2]), pairs(&[("IsoCountry", "US")]));
}

#[tokio::test]
async fn usage_records_in_every_window() {
    let (server, c) = twilio_client().await;
    let records = c
        .usage()
        .records()
        .category("sms")
        .start_date(chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap())
        .end_date(chrono::NaiveDate::from_ymd_opt(2026, 2, 28).unwrap())
        .include_subaccounts(false)
        .all()
        .await
        .unwrap();
    let record = &records[0];
    assert_eq!(record.count.as_ref().and_then(|n| n.to_u64()), Some(42));
    assert_eq!(record.price.as_ref().and_then(|n| n.to_f64()), Some(0.33));
    assert_eq!(
        query(&server.requests()[0]),
        pairs(&[
            ("Category", "sms"),
            ("EndDate", "2026-02-28"),
            ("IncludeSubaccounts", "false"),
            ("StartDate", "2026-02-01"),
        ])
    );
    let windows = [
        (UsageWindow::AllTime, "AllTime"),
        (UsageWindow::Daily, "Daily"),
        (UsageWindow::LastMonth, "LastMonth"),
        (UsageWindow::Monthly, "Monthly"),
        (UsageWindow::ThisMonth, "ThisMonth"),
        (UsageWindow::Today, "Today"),
        (UsageWindow::Yearly, "Yearly"),
        (UsageWindow::Yesterday, "Yesterday"),
    ];
    for (window, _) in windows {
        c.usage().records_for(window).page().await.unwrap();
    }
    let paths: Vec<String> = server.requests()[1..]
        .iter()
        .map(|r| r.path.clone())
        .collect();
    let expected: Vec<String> = windows
        .iter()
        .map(|(_, name)| path(&format!("/Usage/Records/{name}.json")))
        .collect();
    assert_eq!(paths, expected);
}

#[tokio::test]
async fn accounts() {
    let (server, c) = twilio_client().await;
    let sid: AccountSid = ACCOUNT.parse().unwrap();
    let current = c.accounts().current().await.unwrap();
    assert_eq!(current.sid().unwrap(), sid);
    assert_eq!(current.status, Some(AccountStatus::Active));
    c.accounts().fetch(&sid).await.unwrap();
    c.accounts()
        .list()
        .status(AccountStatus::Active)
        .page()
        .await
        .unwrap();
    c.accounts()
        .create_subaccount(Some("Team A".into()))
        .await
        .unwrap();
    c.accounts()
        .update(&sid)
        .status(AccountStatus::Suspended)
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    let one = format!("/twilio/2010-04-01/Accounts/{ACCOUNT}.json");
    let all = "/twilio/2010-04-01/Accounts.json".to_string();
    assert_eq!(
        requests.iter().map(shape).collect::<Vec<_>>(),
        vec![
            s("GET", one.clone()),
            s("GET", one.clone()),
            s("GET", all.clone()),
            s("POST", all),
            s("POST", one),
        ]
    );
    assert_eq!(query(&requests[2]), pairs(&[("Status", "active")]));
    assert_eq!(form(&requests[3]), pairs(&[("FriendlyName", "Team A")]));
    assert_eq!(form(&requests[4]), pairs(&[("Status", "suspended")]));
}

#[tokio::test]
async fn raw_shares_the_clients_authentication() {
    let (server, c) = twilio_client().await;
    let page = c.raw().list_account().send().await.unwrap().into_inner();
    assert_eq!(page.accounts.unwrap().len(), 1);
    assert_eq!(
        server.single_request().header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test]
async fn connections_use_the_control_plane_with_the_same_key() {
    use maton_test_support::{MockServer, Reply};
    let control = MockServer::always(Reply::json(
        200,
        // Only what this test reads: decoding a whole record is maton-connections' own test.
        serde_json::json!({"connections": [{
            "connection_id": "ebe566b1-3eaf-4926-bc92-0d8d47445f12",
            "status": "ACTIVE",
            "app": "twilio"
        }]}),
    ))
    .await;
    let gateway = twilio_server().await;
    let c = builder(&gateway)
        .control_base_url(control.url())
        .build()
        .unwrap();
    let list = c.connections().list().app("twilio").send().await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].is_active());
    let request = control.single_request();
    assert_eq!(request.path, "/connections");
    assert_eq!(request.query.as_deref(), Some("app=twilio"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert!(gateway.requests().is_empty());

    // An id from the control plane plugs straight into a Twilio client.
    let id = list[0].id().unwrap();
    let c = builder(&gateway).connection_id(id).build().unwrap();
    assert_eq!(c.connection().map(|i| i.as_str()), Some(id.as_str()));
}
