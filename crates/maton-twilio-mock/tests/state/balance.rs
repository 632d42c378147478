//! The balance falls by the documented prices: 0.0075 USD per message segment and 0.014 USD
//! per call that is answered, the prices the records report.

use maton_twilio_api::twilio::types;

use super::{advance, place_call, start, subaccount};

async fn balance(client: &maton_twilio_api::twilio::Client, account: &str) -> String {
    client
        .fetch_balance()
        .account_sid(account)
        .send()
        .await
        .expect("balance")
        .into_inner()
        .balance
        .expect("balance")
}

#[tokio::test]
async fn the_balance_falls_by_the_price_of_each_segment_and_call() {
    let (mock, client, ac) = start().await;
    let sub = subaccount(&client).await;
    assert_eq!(balance(&client, &ac).await, "20.00");
    let send = |body: String| {
        let (client, ac) = (&client, ac.clone());
        async move {
            client
                .create_message()
                .account_sid(ac.as_str())
                .body_map(|b| {
                    b.to("+15559876543")
                        .from(Some("+15551234567".to_string()))
                        .body(Some(body))
                })
                .send()
                .await
                .expect("send")
                .into_inner()
                .sid
                .expect("sid")
        }
    };
    let one = send("hello".to_string()).await;
    let two = send("a".repeat(161)).await;
    // Three segments: 20.00 - 3 x 0.0075.
    assert_eq!(balance(&client, &ac).await, "19.9775");
    let ca = place_call(&client, &ac, None, false).await;
    // The call is charged when placed: 19.9775 - 0.014.
    assert_eq!(balance(&client, &ac).await, "19.9635");
    advance(&mock, 20);
    // The records report the same prices.
    for (sid, price) in [(&one, "-0.00750"), (&two, "-0.01500")] {
        let message = client
            .fetch_message()
            .account_sid(ac.as_str())
            .sid(sid.as_str())
            .send()
            .await
            .expect("fetch")
            .into_inner();
        assert_eq!(
            message.price.as_ref().map(ToString::to_string).as_deref(),
            Some(price)
        );
    }
    let call = fetch_call(&client, &ac, &ca).await;
    assert_eq!(
        call.price.as_ref().map(ToString::to_string).as_deref(),
        Some("-0.01400")
    );
    assert_eq!(balance(&client, &ac).await, "19.9635");
    // A call to a number that does not answer costs nothing.
    client
        .create_call()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.to("+15005550012")
                .from("+15551234567")
                .url(Some("https://example.com/twiml".to_string()))
        })
        .send()
        .await
        .expect("call");
    assert_eq!(balance(&client, &ac).await, "19.9635");
    // Each account pays for its own.
    assert_eq!(balance(&client, &sub).await, "20.00");
}

/// The call `call` as the emulator reports it now.
async fn fetch_call(
    client: &maton_twilio_api::twilio::Client,
    account: &str,
    call: &str,
) -> types::Call {
    client
        .fetch_call()
        .account_sid(account)
        .sid(call)
        .send()
        .await
        .expect("fetch")
        .into_inner()
}

/// Ends a call with `status` (`canceled` or `completed`).
async fn end_call(
    client: &maton_twilio_api::twilio::Client,
    account: &str,
    call: &str,
    status: types::CallUpdateStatus,
) {
    client
        .update_call()
        .account_sid(account)
        .sid(call)
        .body_map(|b| b.status(Some(status)))
        .send()
        .await
        .expect("end the call");
}

#[tokio::test]
async fn what_is_canceled_before_it_is_sent_or_answered_costs_nothing() {
    let (mock, client, ac) = start().await;
    // A scheduled message is charged when created, like any other, and given back on cancel.
    let later = client
        .create_message()
        .account_sid(ac.as_str())
        .body_map(|b| {
            b.to("+15559876543")
                .messaging_service_sid(Some(
                    "MG0123456789abcdef0123456789abcdef"
                        .parse()
                        .expect("MG sid"),
                ))
                .body(Some("a".repeat(161)))
                .schedule_type(Some(types::MessageScheduleType::Fixed))
                .send_at(Some(mock.now() + chrono::TimeDelta::hours(1)))
        })
        .send()
        .await
        .expect("schedule")
        .into_inner();
    assert_eq!(later.status, Some(types::MessageStatus::Scheduled));
    assert_eq!(balance(&client, &ac).await, "19.985");
    client
        .update_message()
        .account_sid(ac.as_str())
        .sid(later.sid.as_deref().expect("sid"))
        .body_map(|b| b.status(Some(types::MessageUpdateStatus::Canceled)))
        .send()
        .await
        .expect("cancel");
    assert_eq!(balance(&client, &ac).await, "20.00");

    // A call to a number that answers is charged when placed; ended while it still rings, it
    // never talked, and its record reports no price.
    let ca = place_call(&client, &ac, None, false).await;
    assert_eq!(balance(&client, &ac).await, "19.986");
    end_call(&client, &ac, &ca, types::CallUpdateStatus::Canceled).await;
    advance(&mock, 60);
    let call = fetch_call(&client, &ac, &ca).await;
    assert_eq!(call.status, Some(types::CallStatus::Canceled));
    assert_eq!(call.price, None);
    assert_eq!(balance(&client, &ac).await, "20.00");

    // An answered call ended in progress keeps its charge.
    let talked = place_call(&client, &ac, None, false).await;
    advance(&mock, 5);
    end_call(&client, &ac, &talked, types::CallUpdateStatus::Completed).await;
    assert_eq!(balance(&client, &ac).await, "19.986");
}
