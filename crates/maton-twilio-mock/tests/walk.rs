//! Walks the hand-written behaviours of the emulator (the seed's operations of `spec/twilio.yaml`)
//! and every operation of `spec/control.yaml` with the generated client, asserting the decoded
//! values. Every Twilio operation is called by the contract tests' walk.

mod common;

use maton_twilio_api::control::Operation as ControlOp;
use maton_twilio_api::twilio::Operation as Op;
use std::num::NonZeroU64;
use std::time::Duration;

use maton_twilio_api::control::types::ConnectionStatus;
use maton_twilio_api::twilio::types::{AccountStatus, CallStatus, MessageStatus};
use maton_twilio_mock::MockGateway;

#[tokio::test]
async fn every_twilio_operation_decodes_with_the_generated_client() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::twilio(&mock);
    let ac = mock.account_sid().to_string();
    let mut walked = Vec::new();

    // Accounts
    let accounts = client
        .list_account()
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListAccount))
        .into_inner();
    assert_eq!(accounts.accounts.as_deref().map(<[_]>::len), Some(1));
    walked.push(Op::ListAccount);
    let sub = client
        .create_account()
        .body_map(|b| b.friendly_name(Some("Sub one".to_string())))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateAccount))
        .into_inner();
    assert_eq!(sub.owner_account_sid.as_deref(), Some(ac.as_str()));
    let sub_sid = sub.sid.clone().expect("sid");
    walked.push(Op::CreateAccount);
    let fetched = client
        .fetch_account()
        .sid(sub_sid.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchAccount))
        .into_inner();
    assert_eq!(fetched.friendly_name.as_deref(), Some("Sub one"));
    walked.push(Op::FetchAccount);
    let updated = client
        .update_account()
        .sid(sub_sid.as_str())
        .body_map(|b| b.status(Some(AccountStatus::Suspended)))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateAccount))
        .into_inner();
    assert_eq!(updated.status, Some(AccountStatus::Suspended));
    walked.push(Op::UpdateAccount);
    let balance = client
        .fetch_balance()
        .account_sid(ac.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchBalance))
        .into_inner();
    assert_eq!(balance.account_sid.as_deref(), Some(ac.as_str()));
    assert_eq!(balance.balance.as_deref(), Some("20.00"));
    assert_eq!(balance.currency.as_deref(), Some("USD"));
    // A suspended account's resources are refused, its balance too (401, 20005).
    let refused = client
        .fetch_balance()
        .account_sid(sub_sid.as_str())
        .send()
        .await
        .expect_err("a suspended account's balance");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(401));
    walked.push(Op::FetchBalance);

    // Messages
    let message = client
        .create_message()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.to("+15559876543")
                .from(Some("+15551234567".to_string()))
                .body(Some("Hello from the walk".to_string()))
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateMessage));
    assert_eq!(message.status().as_u16(), 201);
    let message = message.into_inner();
    assert_eq!(message.status, Some(MessageStatus::Queued));
    assert_eq!(
        message.num_segments.as_ref().and_then(|n| n.to_u64()),
        Some(1)
    );
    let sm = message.sid.clone().expect("sid");
    walked.push(Op::CreateMessage);
    let page = client
        .list_message()
        .account_sid(ac.as_str())
        .to("+15559876543")
        .page_size(NonZeroU64::new(10).expect("nonzero"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListMessage))
        .into_inner();
    assert_eq!(page.messages.as_deref().map(<[_]>::len), Some(1));
    assert_eq!(page.page_size, Some(10));
    walked.push(Op::ListMessage);
    mock.advance(Duration::from_secs(10));
    let fetched = client
        .fetch_message()
        .account_sid(ac.as_str())
        .sid(sm.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchMessage))
        .into_inner();
    assert_eq!(fetched.status, Some(MessageStatus::Delivered));
    assert_eq!(fetched.price.as_ref().map(|p| p.as_str()), Some("-0.00750"));
    assert!(fetched.date_sent.is_some());
    walked.push(Op::FetchMessage);
    let redacted = client
        .update_message()
        .account_sid(ac.as_str())
        .sid(sm.as_str())
        .body_map(|b| b.body(Some(String::new())))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateMessage))
        .into_inner();
    assert_eq!(redacted.body.as_deref(), Some(""));
    walked.push(Op::UpdateMessage);
    let deleted = client
        .delete_message()
        .account_sid(ac.as_str())
        .sid(sm.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteMessage));
    assert_eq!(deleted.status().as_u16(), 204);
    walked.push(Op::DeleteMessage);

    // Applications (before calls, which may use one)
    let app = client
        .create_application()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.friendly_name(Some("Walk app".to_string()))
                .voice_url(Some("https://example.com/voice".to_string()))
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateApplication))
        .into_inner();
    let ap = app.sid.clone().expect("sid");
    assert_eq!(app.voice_url.as_deref(), Some("https://example.com/voice"));
    walked.push(Op::CreateApplication);
    let apps = client
        .list_application()
        .account_sid(ac.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListApplication))
        .into_inner();
    assert_eq!(apps.applications.as_deref().map(<[_]>::len), Some(1));
    walked.push(Op::ListApplication);
    let app = client
        .fetch_application()
        .account_sid(ac.as_str())
        .sid(ap.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchApplication))
        .into_inner();
    assert_eq!(app.friendly_name.as_deref(), Some("Walk app"));
    walked.push(Op::FetchApplication);
    let app = client
        .update_application()
        .account_sid(ac.as_str())
        .sid(ap.as_str())
        .body_map(|b| b.friendly_name(Some("Renamed".to_string())))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateApplication))
        .into_inner();
    assert_eq!(app.friendly_name.as_deref(), Some("Renamed"));
    walked.push(Op::UpdateApplication);

    // Calls
    let call = client
        .create_call()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.to("+15559876543")
                .from("+15551234567")
                .url(Some("https://example.com/twiml".to_string()))
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateCall))
        .into_inner();
    assert_eq!(call.status, Some(CallStatus::Queued));
    let ca = call.sid.clone().expect("sid");
    walked.push(Op::CreateCall);
    let calls = client
        .list_call()
        .account_sid(ac.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListCall))
        .into_inner();
    assert_eq!(calls.calls.as_deref().map(<[_]>::len), Some(1));
    walked.push(Op::ListCall);
    mock.advance(Duration::from_secs(6));
    let call = client
        .fetch_call()
        .account_sid(ac.as_str())
        .sid(ca.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchCall))
        .into_inner();
    assert_eq!(call.status, Some(CallStatus::InProgress));
    walked.push(Op::FetchCall);
    let call = client
        .update_call()
        .account_sid(ac.as_str())
        .sid(ca.as_str())
        .body_map(|b| {
            b.status(Some(
                maton_twilio_api::twilio::types::CallUpdateStatus::Completed,
            ))
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateCall))
        .into_inner();
    assert_eq!(call.status, Some(CallStatus::Completed));
    assert_eq!(call.duration.as_ref().map(|d| d.as_str()), Some("1"));
    walked.push(Op::UpdateCall);
    client
        .delete_call()
        .account_sid(ac.as_str())
        .sid(ca.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteCall));
    walked.push(Op::DeleteCall);
    client
        .delete_application()
        .account_sid(ac.as_str())
        .sid(ap.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteApplication));
    walked.push(Op::DeleteApplication);

    // Available numbers and incoming numbers
    let local = client
        .list_available_phone_number_local()
        .account_sid(ac.as_str())
        .country_code("US")
        .area_code(212)
        .page_size(NonZeroU64::new(5).expect("nonzero"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListAvailablePhoneNumberLocal))
        .into_inner();
    let candidates = local.available_phone_numbers.unwrap_or_default();
    assert_eq!(candidates.len(), 5);
    let to_buy = candidates[0].phone_number.clone().expect("number");
    assert!(to_buy.starts_with("+1212"));
    walked.push(Op::ListAvailablePhoneNumberLocal);
    let toll_free = client
        .list_available_phone_number_toll_free()
        .account_sid(ac.as_str())
        .country_code("US")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListAvailablePhoneNumberTollFree))
        .into_inner();
    assert!(
        toll_free.available_phone_numbers.unwrap_or_default()[0]
            .phone_number
            .as_deref()
            .unwrap_or_default()
            .starts_with("+1800")
    );
    walked.push(Op::ListAvailablePhoneNumberTollFree);
    let mobile = client
        .list_available_phone_number_mobile()
        .account_sid(ac.as_str())
        .country_code("GB")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListAvailablePhoneNumberMobile))
        .into_inner();
    assert_eq!(
        mobile.available_phone_numbers.unwrap_or_default()[0]
            .iso_country
            .as_deref(),
        Some("GB")
    );
    walked.push(Op::ListAvailablePhoneNumberMobile);
    let number = client
        .create_incoming_phone_number()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.phone_number(Some(to_buy.clone()))
                .friendly_name(Some("Bought".to_string()))
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateIncomingPhoneNumber))
        .into_inner();
    let pn = number.sid.clone().expect("sid");
    assert_eq!(number.phone_number.as_deref(), Some(to_buy.as_str()));
    walked.push(Op::CreateIncomingPhoneNumber);
    let numbers = client
        .list_incoming_phone_number()
        .account_sid(ac.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListIncomingPhoneNumber))
        .into_inner();
    assert_eq!(
        numbers.incoming_phone_numbers.as_deref().map(<[_]>::len),
        Some(3)
    );
    walked.push(Op::ListIncomingPhoneNumber);
    let number = client
        .fetch_incoming_phone_number()
        .account_sid(ac.as_str())
        .sid(pn.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchIncomingPhoneNumber))
        .into_inner();
    assert_eq!(number.friendly_name.as_deref(), Some("Bought"));
    walked.push(Op::FetchIncomingPhoneNumber);
    let number = client
        .update_incoming_phone_number()
        .account_sid(ac.as_str())
        .sid(pn.as_str())
        .body_map(|b| b.sms_url(Some("https://example.com/sms".to_string())))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateIncomingPhoneNumber))
        .into_inner();
    assert_eq!(number.sms_url.as_deref(), Some("https://example.com/sms"));
    walked.push(Op::UpdateIncomingPhoneNumber);
    client
        .delete_incoming_phone_number()
        .account_sid(ac.as_str())
        .sid(pn.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteIncomingPhoneNumber));
    walked.push(Op::DeleteIncomingPhoneNumber);

    // Queues
    let queue = client
        .create_queue()
        .account_sid(ac.as_str())
        .body_map(|b| b.friendly_name("Support").max_size(Some(50)))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateQueue))
        .into_inner();
    let qu = queue.sid.clone().expect("sid");
    assert_eq!(queue.max_size, Some(50));
    walked.push(Op::CreateQueue);
    let queues = client
        .list_queue()
        .account_sid(ac.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListQueue))
        .into_inner();
    assert_eq!(queues.queues.as_deref().map(<[_]>::len), Some(1));
    walked.push(Op::ListQueue);
    let queue = client
        .fetch_queue()
        .account_sid(ac.as_str())
        .sid(qu.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchQueue))
        .into_inner();
    assert_eq!(queue.current_size, Some(0));
    walked.push(Op::FetchQueue);
    let queue = client
        .update_queue()
        .account_sid(ac.as_str())
        .sid(qu.as_str())
        .body_map(|b| b.max_size(Some(100)))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateQueue))
        .into_inner();
    assert_eq!(queue.max_size, Some(100));
    walked.push(Op::UpdateQueue);
    client
        .delete_queue()
        .account_sid(ac.as_str())
        .sid(qu.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteQueue));
    walked.push(Op::DeleteQueue);

    // Addresses
    let address = client
        .create_address()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.customer_name("Acme Inc")
                .street("123 Main St")
                .city("San Francisco")
                .region("CA")
                .postal_code("94105")
                .iso_country("US")
        })
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::CreateAddress))
        .into_inner();
    let ad = address.sid.clone().expect("sid");
    assert_eq!(address.city.as_deref(), Some("San Francisco"));
    walked.push(Op::CreateAddress);
    let addresses = client
        .list_address()
        .account_sid(ac.as_str())
        .iso_country("US")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListAddress))
        .into_inner();
    assert_eq!(addresses.addresses.as_deref().map(<[_]>::len), Some(1));
    walked.push(Op::ListAddress);
    let address = client
        .fetch_address()
        .account_sid(ac.as_str())
        .sid(ad.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::FetchAddress))
        .into_inner();
    assert_eq!(address.customer_name.as_deref(), Some("Acme Inc"));
    walked.push(Op::FetchAddress);
    let address = client
        .update_address()
        .account_sid(ac.as_str())
        .sid(ad.as_str())
        .body_map(|b| b.friendly_name(Some("Office".to_string())))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::UpdateAddress))
        .into_inner();
    assert_eq!(address.friendly_name.as_deref(), Some("Office"));
    walked.push(Op::UpdateAddress);
    client
        .delete_address()
        .account_sid(ac.as_str())
        .sid(ad.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::DeleteAddress));
    walked.push(Op::DeleteAddress);

    // Usage records: the message and the call sent above were booked.
    let usage = client
        .list_usage_record()
        .account_sid(ac.as_str())
        .category("sms")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", Op::ListUsageRecord))
        .into_inner();
    let records = usage.usage_records.unwrap_or_default();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].count.as_ref().and_then(|c| c.to_u64()), Some(1));
    assert_eq!(
        records[0].price.as_ref().map(|p| p.as_str()),
        Some("0.00750")
    );
    walked.push(Op::ListUsageRecord);
    macro_rules! usage_period {
        ($method:ident, $op:expr) => {{
            let page = client
                .$method()
                .account_sid(ac.as_str())
                .send()
                .await
                .expect($op.id())
                .into_inner();
            assert!(page.usage_records.is_some(), "{}", $op);
            walked.push($op);
        }};
    }
    usage_period!(list_usage_record_all_time, Op::ListUsageRecordAllTime);
    usage_period!(list_usage_record_daily, Op::ListUsageRecordDaily);
    usage_period!(list_usage_record_last_month, Op::ListUsageRecordLastMonth);
    usage_period!(list_usage_record_monthly, Op::ListUsageRecordMonthly);
    usage_period!(list_usage_record_this_month, Op::ListUsageRecordThisMonth);
    usage_period!(list_usage_record_today, Op::ListUsageRecordToday);
    usage_period!(list_usage_record_yearly, Op::ListUsageRecordYearly);
    usage_period!(list_usage_record_yesterday, Op::ListUsageRecordYesterday);
    let today = client
        .list_usage_record_today()
        .account_sid(ac.as_str())
        .category("calls")
        .send()
        .await
        .expect("today")
        .into_inner();
    assert_eq!(
        today.usage_records.unwrap_or_default()[0]
            .count
            .as_ref()
            .map(|c| c.as_str()),
        Some("1")
    );

    // The seed's operations, each once (every operation of the spec is walked by the contract
    // tests' walk, `tests/tests/contract/walk.rs`).
    for op in &walked {
        assert!(mock.performed(op) >= 1, "{op} was counted");
    }
    let once: std::collections::BTreeSet<_> = walked.iter().collect();
    assert_eq!(once.len(), walked.len(), "an operation walked twice");
    mock.shutdown().await;
}

#[tokio::test]
async fn every_control_plane_operation_decodes_with_the_generated_client() {
    let mock = MockGateway::start().await.expect("start");
    let client = common::control(&mock);
    let list = client
        .list_connections()
        .app("twilio")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", ControlOp::ListConnections))
        .into_inner();
    assert_eq!(list.connections.as_deref().map(<[_]>::len), Some(1));
    let created = client
        .create_connection()
        .body_map(|b| b.app("twilio"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", ControlOp::CreateConnection))
        .into_inner();
    let connection = created.connection.expect("connection");
    assert_eq!(connection.status, Some(ConnectionStatus::Pending));
    let id = connection.connection_id.clone().expect("id");
    assert_eq!(
        connection.creation_time.as_ref().map(|t| t.as_str()),
        Some("2026-02-09T21:00:00.000000Z")
    );
    let got = client
        .get_connection()
        .connection_id(id.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", ControlOp::GetConnection))
        .into_inner();
    assert_eq!(
        got.connection.and_then(|c| c.connection_id),
        Some(id.clone())
    );
    client
        .delete_connection()
        .connection_id(id.as_str())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{}: {e:?}", ControlOp::DeleteConnection));
    let pending = client
        .list_connections()
        .status(ConnectionStatus::Pending)
        .send()
        .await
        .expect("list")
        .into_inner();
    assert_eq!(pending.connections.unwrap_or_default().len(), 0);
    for op in ControlOp::ALL {
        assert!(mock.performed(op) >= 1, "{op}");
    }
    mock.shutdown().await;
}
