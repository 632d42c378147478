//! The generated client's SID parameters are `maton-twilio-rules`' types (the ones the facade and
//! the emulator use), while its response models keep SIDs as plain strings.

use maton_test_support::{MockServer, Reply};
use maton_twilio_api::{Context, Error, twilio};
use maton_twilio_rules::{AccountSid, CallSid, MessageSid, MessagingServiceSid};
use serde_json::json;

const HEX: &str = "0123456789abcdef0123456789abcdef";

fn client(server: &MockServer) -> twilio::Client {
    twilio::Client::new_with_client(&server.url(), reqwest::Client::new(), Context::default())
}

#[tokio::test]
async fn typed_sids_go_into_paths_and_queries_as_they_are() {
    let page =
        json!({"calls": [], "page": 0, "page_size": 50, "uri": "/x", "first_page_uri": "/x"});
    let server = MockServer::always(Reply::json(200, page)).await;
    let account = AccountSid::parse(&format!("AC{HEX}")).unwrap();
    let parent = CallSid::parse(&format!("CA{HEX}")).unwrap();
    client(&server)
        .list_call()
        .account_sid(account.clone())
        .parent_call_sid(parent.clone())
        .send()
        .await
        .expect("listed");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        format!("/2010-04-01/Accounts/{account}/Calls.json")
    );
    assert_eq!(
        requests[0].query.as_deref(),
        Some(&*format!("ParentCallSid={parent}"))
    );

    // A SID of another kind is refused by the same rule, before anything is sent.
    let err = client(&server)
        .list_call()
        .account_sid(account)
        .parent_call_sid(format!("SM{HEX}"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn sids_in_responses_stay_text_even_when_malformed() {
    let message = json!({
        "sid": "",
        "account_sid": "not a SID",
        "messaging_service_sid": "MG-nope",
        "status": "queued",
    });
    let server = MockServer::always(Reply::json(200, message)).await;
    let sid = MessageSid::parse(&format!("SM{HEX}")).unwrap();
    let fetched = client(&server)
        .fetch_message()
        .account_sid(format!("AC{HEX}"))
        .sid(sid)
        .send()
        .await
        .expect("a response with odd SIDs still decodes")
        .into_inner();
    assert_eq!(fetched.sid.as_deref(), Some(""));
    assert_eq!(fetched.account_sid.as_deref(), Some("not a SID"));
}

#[tokio::test]
async fn create_bodies_take_typed_sids() {
    let created = json!({"sid": format!("SM{HEX}"), "status": "accepted"});
    let server = MockServer::always(Reply::json(201, created)).await;
    let service = MessagingServiceSid::parse(&format!("MG{HEX}")).unwrap();
    client(&server)
        .create_message()
        .account_sid(format!("AC{HEX}"))
        .body_map(|b| {
            b.to("+15559876543")
                .messaging_service_sid(Some(service.clone()))
                .body(Some("hi".to_string()))
        })
        .send()
        .await
        .expect("created");
    let sent = String::from_utf8(server.requests()[0].body.to_vec()).unwrap();
    assert!(
        sent.contains(&format!("MessagingServiceSid={service}")),
        "{sent}"
    );

    // A body given as data whose SID is of another kind does not decode.
    let wrong = json!({"To": "+15559876543", "MessagingServiceSid": format!("AP{HEX}")});
    let decoded = serde_json::from_value::<twilio::types::CreateMessageRequest>(wrong);
    assert!(decoded.is_err(), "{decoded:?}");
    let right = json!({"To": "+15559876543", "MessagingServiceSid": service});
    let decoded = serde_json::from_value::<twilio::types::CreateMessageRequest>(right).unwrap();
    assert_eq!(decoded.messaging_service_sid, Some(service));
}
