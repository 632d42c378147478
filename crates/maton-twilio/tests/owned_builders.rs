//! The builders own everything they need (they hold the generated requests and bodies, made
//! owned): they outlive the client handle that made them, clone with their settings, and run
//! on another task.

mod common;

use common::*;

#[tokio::test]
async fn a_search_clones_with_its_forwarded_and_checked_filters_and_runs_on_another_task() {
    let (server, client) = twilio_client().await;
    let search = client
        .phone_numbers()
        .available("US")
        .toll_free()
        .sms_enabled(true) // forwarded to the generated request
        .in_locality("Springfield")
        .contains("55*"); // kept by the facade to be checked, then sent
    let copy = search.clone().page_size(5);
    drop(client);

    let first = tokio::spawn(search.page()).await.unwrap().unwrap();
    let second = tokio::spawn(copy.page()).await.unwrap().unwrap();
    assert_eq!(first.items.len(), 1);
    assert_eq!(second.items.len(), 1);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            request.path,
            path("/AvailablePhoneNumbers/US/TollFree.json")
        );
    }
    let filters = pairs(&[
        ("Contains", "55*"),
        ("InLocality", "Springfield"),
        ("SmsEnabled", "true"),
    ]);
    assert_eq!(query(&requests[0]), filters);
    let mut with_size = filters.clone();
    with_size.push(("PageSize".into(), "5".into()));
    with_size.sort();
    assert_eq!(query(&requests[1]), with_size);
}

#[tokio::test]
async fn a_call_clones_with_its_body_and_repeated_events_keep_their_order() {
    let (server, client) = twilio_client().await;
    let call = client
        .calls()
        .place("+15559876543", "+15551234567")
        .url("https://example.com/twiml")
        .status_callback_event("ringing")
        .status_callback_event("answered");
    let changed = call.clone().status_callback_event("completed").timeout(30);
    drop(client);

    tokio::spawn(call.send()).await.unwrap().unwrap();
    tokio::spawn(changed.send()).await.unwrap().unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // The recorded body in wire order: the events go out in the order they were added.
    let in_order = |request: &maton_test_support::Recorded| -> Vec<String> {
        request
            .form_pairs()
            .into_iter()
            .filter(|(key, _)| key == "StatusCallbackEvent")
            .map(|(_, value)| value)
            .collect()
    };
    assert_eq!(in_order(&requests[0]), ["ringing", "answered"]);
    assert_eq!(in_order(&requests[1]), ["ringing", "answered", "completed"]);
    assert!(form(&requests[1]).contains(&("Timeout".into(), "30".into())));
    assert!(!form(&requests[0]).iter().any(|(key, _)| key == "Timeout"));
}

#[tokio::test]
async fn the_builders_debug_output_never_holds_the_key() {
    let (_server, client) = twilio_client().await;
    let printed = [
        format!("{:?}", client.calls().list().to("+15559876543")),
        format!("{:?}", client.phone_numbers().available("US").local()),
        format!(
            "{:?}",
            client.messages().send("+15559876543", "+15551234567")
        ),
        format!("{:?}", client.accounts().list()),
    ];
    for text in printed {
        assert!(!text.contains(KEY), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}
