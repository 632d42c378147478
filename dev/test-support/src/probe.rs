//! What hostile-client and memory tests observe from outside a server: everything it sent on a
//! connection before closing it, and the test process's resident set.

use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads `stream` until the peer closes it (EOF or reset); everything it sent. Callers bound the
/// wait themselves (a server that never closes keeps this pending).
pub async fn read_until_closed<S: AsyncRead + Unpin>(stream: &mut S) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// The process's resident set now and at its peak, in KiB (Linux), from `/proc/self/status`;
/// `None` where that file or its fields are missing.
pub fn rss_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}
