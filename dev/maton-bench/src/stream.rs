//! Streaming a long list: the facade's pagination stream against a hand-written page walk.
//!
//! Each run is its own process (`maton-bench stream --count N --side facade|raw`), so that the
//! peak resident memory (`VmHWM`) it reports belongs to that case alone.

use std::time::Instant;

use serde_json::{Value, json};

use crate::raw::Raw;
use crate::{Target, proc, requests};

/// Items per page, Twilio's maximum.
pub const PAGE_SIZE: u32 = 1000;

/// Streams `count` messages and reports wall time, items per second, CPU and memory.
pub async fn run(target: &Target, count: usize, side: &str) -> Result<Value, String> {
    let client = requests::facade(target)?;
    let account = client.account_sid().await.map_err(|e| e.to_string())?;
    let raw = Raw::new(&target.twilio_url, &target.key, account.as_str())?;
    let rss_before_kb = proc::status_kb("VmRSS");
    let cpu = proc::cpu_time();
    let started = Instant::now();
    let (items, pages) = match side {
        "facade" => facade_walk(&client, count).await?,
        "raw" => raw_walk(&raw, count).await?,
        other => return Err(format!("unknown side `{other}` (facade or raw)")),
    };
    let wall = started.elapsed().as_secs_f64();
    let cpu = proc::cpu_time().saturating_sub(cpu).as_secs_f64();
    if items != count {
        return Err(format!("streamed {items} messages, expected {count}"));
    }
    Ok(json!({
        "side": side,
        "items": items,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "wall_s": wall,
        "items_per_s": items as f64 / wall,
        "cpu_s": cpu,
        "rss_before_kb": rss_before_kb,
        "peak_rss_kb": proc::status_kb("VmHWM"),
    }))
}

/// `client.messages().list().page_size(1000).limit(count).stream()`, every item checked.
async fn facade_walk(
    client: &maton_twilio::Client,
    count: usize,
) -> Result<(usize, usize), String> {
    let mut stream = client
        .messages()
        .list()
        .page_size(PAGE_SIZE)
        .limit(count)
        .stream();
    let mut items = 0;
    while let Some(message) = stream.next().await {
        if message.map_err(|e| e.to_string())?.sid.is_none() {
            return Err("a message without a SID".into());
        }
        items += 1;
    }
    Ok((items, items.div_ceil(PAGE_SIZE as usize)))
}

/// GET the first page, then follow `next_page_uri` until `count` items were seen.
async fn raw_walk(raw: &Raw, count: usize) -> Result<(usize, usize), String> {
    let mut url = raw.first_page_url(PAGE_SIZE);
    let (mut items, mut pages) = (0, 0);
    loop {
        let page = raw.page(&url).await?;
        pages += 1;
        for message in page.messages.unwrap_or_default() {
            if message.sid.is_none() {
                return Err("a message without a SID".into());
            }
            items += 1;
            if items == count {
                return Ok((items, pages));
            }
        }
        match page.next_page_uri.filter(|u| !u.is_empty()) {
            Some(next) => url = raw.page_url(&next),
            None => return Ok((items, pages)),
        }
    }
}
