//! The harness fails as it should: a request of the wrong shape, a body that does not decode, a
//! missing key and a wrong status each fail with a message that says what is wrong.
//! A redirect the spec declares is the operation's answer, and the replay client never follows it.

use maton_contract_tests::fixture::Fixture;

use crate::raw::{TEST_KEY, replay_with};
use crate::replay::{Outcome, check_outcome};
use crate::{fixtures, spec};

fn fixture(name: &str) -> Fixture {
    fixtures()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
        .fixture
}

fn first_request(fixture: &mut Fixture) -> &mut maton_contract_tests::fixture::Request {
    match fixture.request.as_mut() {
        Some(request) => request,
        None => &mut fixture.interactions[0].request,
    }
}

#[tokio::test]
async fn an_extra_form_field_fails_with_a_diff_of_the_form() {
    let spec = spec();
    let expected = fixture("messages/send_message.json");
    let mut sent = expected.clone();
    first_request(&mut sent)
        .form
        .as_mut()
        .unwrap()
        .push(("StatusCallback".into(), "https://example.com/cb".into()));
    let err = replay_with(&spec, &expected, &sent, Some(TEST_KEY))
        .await
        .unwrap_err();
    assert!(
        err.contains("request 1: the request does not match the fixture"),
        "{err}"
    );
    assert!(err.contains("form:"), "{err}");
    assert!(
        err.contains("unexpected StatusCallback=\"https://example.com/cb\""),
        "{err}"
    );
    assert!(!err.contains("path:"), "only the form differs:\n{err}");
}

#[tokio::test]
async fn a_wrong_path_fails_with_expected_and_received_paths() {
    let spec = spec();
    let expected = fixture("messages/fetch_message.json");
    let mut sent = expected.clone();
    let request = first_request(&mut sent);
    let wrong = "SMffffffffffffffffffffffffffffffff";
    let right = request
        .path
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".json")
        .to_string();
    request.path = request.path.replace(&right, wrong);
    let err = replay_with(&spec, &expected, &sent, Some(TEST_KEY))
        .await
        .unwrap_err();
    assert!(err.contains("path:"), "{err}");
    assert!(
        err.contains(&format!(
            "expected /2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/{right}.json"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "received /2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/{wrong}.json"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn a_missing_query_pair_and_a_missing_connection_header_are_named() {
    let spec = spec();
    let expected = fixture("messages/send_mms_with_service_and_connection.json");
    let mut sent = expected.clone();
    first_request(&mut sent).headers.remove("Maton-Connection");
    let err = replay_with(&spec, &expected, &sent, Some(TEST_KEY))
        .await
        .unwrap_err();
    assert!(err.contains("header Maton-Connection:"), "{err}");
    assert!(
        err.contains("expected \"ebe566b1-3eaf-4926-bc92-0d8d47445f12\""),
        "{err}"
    );

    let expected = fixture("messages/list_messages_two_pages.json");
    let mut sent = expected.clone();
    sent.interactions[1]
        .request
        .query
        .retain(|(k, _)| k != "PageToken");
    let err = replay_with(&spec, &expected, &sent, Some(TEST_KEY))
        .await
        .unwrap_err();
    assert!(
        err.contains("request 2: the request does not match"),
        "{err}"
    );
    assert!(
        err.contains("missing    PageToken=\"PAMMc26223853f8c46b4ab7dfaa6abba0a26\""),
        "{err}"
    );
    assert!(
        !err.contains("request 1:"),
        "the first page is right:\n{err}"
    );
}

#[tokio::test]
async fn a_request_without_the_key_fails() {
    let spec = spec();
    let expected = fixture("queues/fetch_queue.json");
    let err = replay_with(&spec, &expected, &expected, None)
        .await
        .unwrap_err();
    assert!(err.contains("header authorization:"), "{err}");
    assert!(err.contains("expected `Bearer <key>`"), "{err}");
}

#[tokio::test]
async fn an_undecodable_body_fails_naming_the_problem() {
    let spec = spec();
    let mut broken = fixture("messages/fetch_message.json");
    broken.response.as_mut().unwrap().json = Some(serde_json::json!({
        "sid": "SMb7c0a2ce80504485a6f653a7110836f5",
        "num_segments": true
    }));
    let err = replay_with(&spec, &broken, &broken, Some(TEST_KEY))
        .await
        .unwrap_err();
    assert!(
        err.contains("response 1: the response body does not decode into the operation's type"),
        "{err}"
    );
    assert!(err.contains("a number, or a string holding one"), "{err}");
    assert!(
        err.contains("\"num_segments\":true"),
        "the body is shown:\n{err}"
    );
}

#[test]
fn a_wrong_status_or_a_lost_field_in_the_outcome_fails() {
    let deleted = fixture("messages/delete_message.json").response.unwrap();
    let refused = Outcome::Refused {
        status: 404,
        body: String::new(),
        twilio_code: None,
    };
    let err = check_outcome(&deleted, &refused).unwrap_err();
    assert_eq!(
        err,
        "the client reported an error (404) for a 204 response: "
    );

    let fetched = fixture("queues/fetch_queue.json").response.unwrap();
    let mut value = fetched.json.clone().unwrap();
    value.as_object_mut().unwrap().remove("max_size");
    let err = check_outcome(&fetched, &Outcome::Decoded { status: 200, value }).unwrap_err();
    assert_eq!(
        err,
        "the decoded value differs from the body:\n  $.max_size: lost (expected 100)"
    );

    let not_found = fixture("queues/delete_queue_not_found.json")
        .response
        .unwrap();
    let body = String::from_utf8(not_found.body_bytes()).unwrap();
    let err = check_outcome(
        &not_found,
        &Outcome::Refused {
            status: 404,
            body,
            twilio_code: Some(20001),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        "Twilio code: expected Some(20404), the client saw Some(20001)"
    );
}

/// The harness's failure when fixture `name` is replayed with one more query pair.
async fn replayed_with_query(name: &str, key: &str, value: &str) -> String {
    let expected = fixture(name);
    let mut sent = expected.clone();
    first_request(&mut sent)
        .query
        .push((key.into(), value.into()));
    replay_with(&spec(), &expected, &sent, Some(TEST_KEY))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_query_parameter_the_operation_lacks_is_named_by_the_driver() {
    // A list with setters, and a fetch that takes no query at all.
    for (name, operation) in [
        ("messages/list_messages_date_range.json", "ListMessage"),
        ("messages/fetch_message.json", "FetchMessage"),
    ] {
        let err = replayed_with_query(name, "NotAFilter", "1").await;
        assert!(
            err.contains(&format!(
                "the driver of {operation} has no setter for query parameter `NotAFilter`"
            )),
            "{name}: {err}"
        );
    }
}

#[tokio::test]
async fn a_query_value_of_the_wrong_type_is_refused_before_sending() {
    let err = replayed_with_query("messages/list_messages_date_range.json", "PageSize", "0").await;
    assert!(err.contains("page_size"), "{err}");
}

#[tokio::test]
async fn a_redirect_answer_is_the_result_and_is_never_followed() {
    // The add-on payload data answers 307; its Location is pointed at a second local server, which
    // a client following redirects would call (and whose 200 it would then report).
    let target = maton_test_support::MockServer::always(maton_test_support::Reply::json(
        200,
        serde_json::json!({"followed": true}),
    ))
    .await;
    let spec = spec();
    let mut expected = fixture("recordings/fetch_recording_add_on_result_payload_data.json");
    let elsewhere = format!("{}/payload-data", target.url());
    let response = expected.response.as_mut().unwrap();
    assert_eq!(response.status, 307);
    response
        .headers
        .insert("Location".into(), elsewhere.clone());
    response.json = Some(serde_json::json!({ "redirect_to": elsewhere }));

    let server = crate::replay::Replay::start(&expected).await;
    let outcome = crate::raw::send(
        &spec,
        &server.url(),
        &crate::raw::http(Some(TEST_KEY)),
        &expected.operation,
        expected.service,
        expected.request.as_ref().unwrap(),
    )
    .await
    .unwrap();
    match &outcome {
        Outcome::Decoded { status, value } => {
            assert_eq!(*status, 307);
            assert_eq!(value["redirect_to"], serde_json::json!(elsewhere));
        }
        other => panic!("expected the 307 decoded, got {other:?}"),
    }
    check_outcome(expected.response.as_ref().unwrap(), &outcome).unwrap();
    server.check_requests().unwrap();
    assert!(target.requests().is_empty(), "the redirect was followed");

    // A decoded answer is still refused for an error status.
    let mut error = expected.response.clone().unwrap();
    error.status = 404;
    let err = check_outcome(&error, &outcome).unwrap_err();
    assert!(err.contains("reported success (307) for a 404"), "{err}");
}
