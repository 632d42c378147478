//! A forward proxy on 127.0.0.1 that proxies nothing: it records the head of every request it
//! is sent and answers `204 No Content`, so that a test can prove what did (or did not) go
//! through a proxy.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The heads (request line and headers) the proxy has received, in order.
pub type Heads = Arc<Mutex<Vec<String>>>;

/// Starts the proxy; returns its URL (`http://127.0.0.1:PORT`) and the heads it records.
pub async fn recording_proxy() -> (String, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let seen: Heads = Arc::default();
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                if let Some(head) = read_head(&mut socket).await {
                    record.lock().expect("not poisoned").push(head);
                }
                let answer = "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    (url, seen)
}

/// Reads a request's head (up to the blank line); what follows is left unread. `None` when the
/// peer closes first.
pub async fn read_head(socket: &mut TcpStream) -> Option<String> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    Some(String::from_utf8_lossy(&seen).into_owned())
}
