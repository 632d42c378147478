//! The emulator's own throughput, as `crates/maton-twilio-mock/benches/throughput.rs` measures
//! it (raw reqwest, 32 requests in flight), but against the emulator running in its own process.
//! The create run also stores the messages the streaming cases read.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::Target;
use crate::raw::Raw;
use crate::requests::{BODY, FROM, TO};
use crate::stream::PAGE_SIZE;

/// Requests in flight.
pub const CONCURRENCY: usize = 32;

/// Creates `creates` messages (all of them: the streaming cases need them), then reads up to
/// `pages` full pages of 1,000 for at most `page_time`.
pub async fn run(
    target: &Target,
    account: &str,
    creates: usize,
    pages: usize,
    page_time: Duration,
) -> Result<Value, String> {
    let raw = Raw::new(&target.twilio_url, &target.key, account)?;
    let (created, create_s) = drive(&raw, creates, Duration::MAX, |raw| async move {
        raw.send(TO, FROM, BODY).await.map(|_| ())
    })
    .await?;
    let url = raw.first_page_url(PAGE_SIZE);
    let (read, page_s) = drive(&raw, pages, page_time, move |raw| {
        let url = url.clone();
        async move {
            match raw.page(&url).await?.messages.map(|m| m.len()) {
                Some(n) if n == PAGE_SIZE as usize => Ok(()),
                other => Err(format!("a short page: {other:?} messages")),
            }
        }
    })
    .await?;
    Ok(json!({
        "concurrency": CONCURRENCY,
        "create": { "requests": created, "seconds": create_s, "rps": created as f64 / create_s },
        "list_page_1000": { "requests": read, "seconds": page_s, "rps": read as f64 / page_s },
    }))
}

/// Runs up to `total` requests (stopping after `limit`), 32 at a time; (done, seconds).
async fn drive<F, Fut>(
    raw: &Raw,
    total: usize,
    limit: Duration,
    op: F,
) -> Result<(usize, f64), String>
where
    F: Fn(Raw) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (raw, op, issued) = (raw.clone(), op.clone(), Arc::clone(&issued));
            tokio::spawn(async move {
                let mut done = 0;
                while issued.fetch_add(1, Ordering::Relaxed) < total && started.elapsed() < limit {
                    op(raw.clone()).await?;
                    done += 1;
                }
                Ok::<usize, String>(done)
            })
        })
        .collect();
    let mut done = 0;
    for worker in workers {
        done += worker.await.map_err(|e| e.to_string())??;
    }
    Ok((done, started.elapsed().as_secs_f64()))
}
