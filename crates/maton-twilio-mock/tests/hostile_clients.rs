//! Slow, oversized and unauthenticated clients, on raw TCP connections: none of them can hold
//! the emulator or make it buffer what it has no use for.

mod common;

use maton_twilio_api::twilio::Operation;
use std::time::Duration;

use common::with_limits;
use maton_test_support::probe;
use maton_twilio_mock::{Limits, MockGateway};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: only reached when the emulator fails to cut or answer a client.
const PATIENCE: Duration = Duration::from_secs(10);

fn short_timeouts() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(200),
        body_read_timeout: Duration::from_millis(200),
        ..Limits::default()
    }
}

async fn connect(mock: &MockGateway) -> TcpStream {
    TcpStream::connect(mock.addr()).await.expect("connect")
}

/// Everything the server sends until it closes the connection (EOF or reset).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let out = tokio::time::timeout(PATIENCE, probe::read_until_closed(stream))
        .await
        .expect("the emulator should close the connection");
    String::from_utf8_lossy(&out).into_owned()
}

fn messages_path(mock: &MockGateway) -> String {
    format!(
        "/twilio/2010-04-01/Accounts/{}/Messages.json",
        mock.account_sid()
    )
}

/// Opens a connection and sends a form POST to the messages path with `key` as the bearer key
/// (none: no `Authorization`), announcing `Content-Length: {length}` but sending only `body`;
/// answers what the emulator sends back before it closes the connection.
async fn post_messages(mock: &MockGateway, key: Option<&str>, length: u64, body: &str) -> String {
    let auth = key
        .map(|key| format!("Authorization: Bearer {key}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {length}\r\n\r\n{body}",
        messages_path(mock)
    );
    let mut stream = connect(mock).await;
    stream.write_all(head.as_bytes()).await.expect("write");
    read_to_close(&mut stream).await
}

#[tokio::test]
async fn a_client_that_stalls_mid_header_is_cut() {
    let mock = with_limits(short_timeouts()).await;
    let mut stream = connect(&mock).await;
    stream
        .write_all(
            format!(
                "GET {} HTTP/1.1\r\nHost: x\r\nX-Half: ",
                messages_path(&mock)
            )
            .as_bytes(),
        )
        .await
        .expect("write");
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_client_that_connects_and_says_nothing_is_cut() {
    let mock = with_limits(short_timeouts()).await;
    let mut stream = connect(&mock).await;
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_408_and_is_cut() {
    let mock = with_limits(short_timeouts()).await;
    let answer = post_messages(&mock, Some(mock.api_key()), 100, "To=%2B1").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":20001"), "{answer}");
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
}

#[tokio::test]
async fn an_unauthenticated_10_gb_body_gets_401_unread() {
    // Default timeouts: the 401 comes from the missing key, not from a timer.
    let mock = with_limits(Limits::default()).await;
    // Not a byte of the body is sent: the answer can only come without reading it.
    let answer = post_messages(&mock, None, 10_000_000_000, "").await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("Invalid API key"), "{answer}");
    let recorded = mock.requests();
    let last = recorded.last().expect("recorded");
    assert!(last.body.is_empty());
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
}

#[tokio::test]
async fn an_authenticated_body_announced_too_large_is_413_unread() {
    let mock = with_limits(Limits::default()).await;
    let answer = post_messages(&mock, Some(mock.api_key()), 10_000_000_000, "").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn a_head_over_the_cap_is_refused() {
    let mock = with_limits(Limits {
        max_header_bytes: 16 * 1024,
        ..Limits::default()
    })
    .await;
    let mut stream = connect(&mock).await;
    let head = format!(
        "GET {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nX-Big: {}\r\n\r\n",
        messages_path(&mock),
        mock.api_key(),
        "a".repeat(64 * 1024)
    );
    // The emulator may close before the whole head is written: a failed write is fine.
    let _ = stream.write_all(head.as_bytes()).await;
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(mock.requests().is_empty(), "never reached a handler");
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let mock = with_limits(Limits {
        max_open_connections: 2,
        ..Limits::default()
    })
    .await;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nConnection: close\r\n\r\n",
        messages_path(&mock),
        mock.api_key()
    );
    // Two connections that are served (each proves it with an answer) and then held open.
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = connect(&mock).await;
        let keep_alive = request.replace("Connection: close", "Connection: keep-alive");
        stream
            .write_all(keep_alive.as_bytes())
            .await
            .expect("write");
        let mut buf = [0u8; 12];
        stream.read_exact(&mut buf).await.expect("answer");
        assert_eq!(&buf, b"HTTP/1.1 200");
        held.push(stream);
    }
    // A third one is not served while they are open...
    let mut third = connect(&mock).await;
    third.write_all(request.as_bytes()).await.expect("write");
    let mut first = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(300), third.read(&mut first)).await;
    assert!(early.is_err(), "served past the cap: {early:?}");
    // ...and is as soon as one of them closes.
    drop(held.pop());
    let answer = read_to_close(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
