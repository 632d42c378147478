//! `wait_until_active` against a server on 127.0.0.1 whose connection changes from poll to poll,
//! on tokio's paused clock: no real sleeps.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{ID, client, connection, envelope, sequence};
use maton_connections::{ConnectionStatus, ErrorKind, WaitError};
use maton_test_support::{MockServer, Reply};
use serde_json::json;

fn pending() -> Reply {
    envelope(connection(ID, "PENDING"))
}

/// Waits on a connection that is PENDING at the first poll and answered with `then` at the
/// second; the wait must end in an error.
async fn wait_after_pending(then: Reply) -> (MockServer, WaitError) {
    let server = MockServer::start(sequence(vec![pending(), then])).await;
    let e = client(&server)
        .wait_until_active(ID)
        .send()
        .await
        .unwrap_err();
    (server, e)
}

#[tokio::test(start_paused = true)]
async fn reaches_active_and_reports_each_poll() {
    let server = MockServer::start(sequence(vec![
        pending(),
        pending(),
        envelope(connection(ID, "ACTIVE")),
    ]))
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let active = client(&server)
        .wait_until_active(ID)
        .interval(Duration::from_secs(1))
        .on_progress(move |p| {
            log.lock().unwrap().push((
                p.status().cloned(),
                p.previous().cloned(),
                p.is_change(),
                p.polls(),
            ));
        })
        .send()
        .await
        .unwrap();
    assert!(active.is_active());
    assert_eq!(active.id().unwrap().as_str(), ID);

    use ConnectionStatus::{Active, Pending};
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (Some(Pending), None, true, 1),
            (Some(Pending), Some(Pending), false, 2),
            (Some(Active), Some(Pending), true, 3),
        ]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in requests {
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, format!("/connections/{ID}"));
        common::assert_bearer(&request);
    }
}

#[tokio::test(start_paused = true)]
async fn an_unknown_status_keeps_it_waiting() {
    let mut odd = connection(ID, "AUTHORIZING");
    odd["status"] = json!("AUTHORIZING");
    let server = MockServer::start(sequence(vec![
        pending(),
        envelope(odd),
        envelope(json!({"connection_id": ID})),
        envelope(connection(ID, "ACTIVE")),
    ]))
    .await;
    let active = client(&server).wait_until_active(ID).send().await.unwrap();
    assert!(active.is_active());
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn failed_ends_the_wait_with_the_connection() {
    let (server, e) = wait_after_pending(envelope(connection(ID, "FAILED"))).await;
    match &e {
        WaitError::Failed(connection) => assert!(connection.is_failed()),
        other => panic!("expected Failed, got {other:?}"),
    }
    assert!(e.connection().is_some());
    assert!(e.to_string().contains("FAILED"), "{e}");
    assert!(e.hint().contains("create a new connection"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_deleted_connection_ends_the_wait() {
    let (_server, e) =
        wait_after_pending(Reply::json(404, json!({"error": "connection not found"}))).await;
    match &e {
        WaitError::Gone(id) => assert_eq!(id.as_str(), ID),
        other => panic!("expected Gone, got {other:?}"),
    }
    assert!(e.to_string().contains("disappeared"), "{e}");
}

#[tokio::test(start_paused = true)]
async fn the_deadline_ends_the_wait_after_a_last_poll() {
    let server = MockServer::always(pending()).await;
    let polls = Arc::new(Mutex::new(0u32));
    let count = Arc::clone(&polls);
    let e = client(&server)
        .wait_until_active(ID)
        .interval(Duration::from_secs(2))
        .deadline(Duration::from_secs(5))
        .on_progress(move |p| *count.lock().unwrap() = p.polls())
        .send()
        .await
        .unwrap_err();
    match &e {
        WaitError::DeadlinePassed { waited, last } => {
            assert!(*waited >= Duration::from_secs(5), "{waited:?}");
            assert!(last.is_pending());
        }
        other => panic!("expected DeadlinePassed, got {other:?}"),
    }
    assert!(e.to_string().contains("still PENDING"), "{e}");
    assert!(e.hint().contains("open the connection's URL"));
    let polls = *polls.lock().unwrap();
    assert!(polls >= 2, "polled {polls} times");
    assert_eq!(server.requests().len() as u32, polls);
}

#[tokio::test(start_paused = true)]
async fn a_zero_deadline_still_polls_once() {
    let server = MockServer::always(envelope(connection(ID, "ACTIVE"))).await;
    let active = client(&server)
        .wait_until_active(ID)
        .deadline(Duration::ZERO)
        .send()
        .await
        .unwrap();
    assert!(active.is_active());
}

#[tokio::test(start_paused = true)]
async fn a_failing_request_ends_the_wait_with_its_error() {
    let (_server, e) = wait_after_pending(Reply::raw(401, "text/plain", "Unauthorized")).await;
    let error = e.as_error().expect("a request error");
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert!(std::error::Error::source(&e).is_some());
}
