//! Slow, oversized and unauthenticated clients, on raw TCP connections: none of them can hold
//! the emulator or make it buffer what it has no use for.

use maton_twilio_api::twilio::Operation;
use std::time::Duration;

use maton_test_support::probe;
use maton_twilio_mock::{Limits, MockGateway};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Generous: only reached when the emulator fails to cut or answer a client.
const PATIENCE: Duration = Duration::from_secs(10);

async fn emulator(limits: Limits) -> MockGateway {
    MockGateway::builder()
        .limits(limits)
        .start()
        .await
        .expect("start")
}

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

#[tokio::test]
async fn a_client_that_stalls_mid_header_is_cut() {
    let mock = emulator(short_timeouts()).await;
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
    let mock = emulator(short_timeouts()).await;
    let mut stream = connect(&mock).await;
    let answer = read_to_close(&mut stream).await;
    assert!(!answer.contains("200 OK"), "{answer}");
}

#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_408_and_is_cut() {
    let mock = emulator(short_timeouts()).await;
    let mut stream = connect(&mock).await;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nTo=%2B1",
        messages_path(&mock),
        mock.api_key()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":20001"), "{answer}");
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
}

#[tokio::test]
async fn an_unauthenticated_10_gb_body_gets_401_unread() {
    // Default timeouts: the 401 comes from the missing key, not from a timer.
    let mock = emulator(Limits::default()).await;
    let mut stream = connect(&mock).await;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 10000000000\r\n\r\n",
        messages_path(&mock)
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    // Not a byte of the body is sent: the answer can only come without reading it.
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("Invalid API key"), "{answer}");
    let recorded = mock.requests();
    let last = recorded.last().expect("recorded");
    assert!(last.body.is_empty());
    assert_eq!(mock.performed(Operation::CreateMessage.id()), 0);
}

#[tokio::test]
async fn an_authenticated_body_announced_too_large_is_413_unread() {
    let mock = emulator(Limits::default()).await;
    let mut stream = connect(&mock).await;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000000\r\n\r\n",
        messages_path(&mock),
        mock.api_key()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn a_head_over_the_cap_is_refused() {
    let mock = emulator(Limits {
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
    let mock = emulator(Limits {
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
