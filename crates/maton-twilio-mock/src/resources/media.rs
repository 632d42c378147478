//! The media of an MMS: one record per `MediaUrl` of `CreateMessage`, listed, fetched and
//! deleted under its message.
//!
//! The emulator fetches nothing: a medium's `content_type` is guessed from its URL's extension
//! (`.jpg`/`.jpeg`, `.png`, `.gif`, `.webp`, `.mp4`, `.mp3`, `.pdf`, `.vcf`; anything else is
//! `application/octet-stream`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use http::StatusCode;
use maton_twilio_api::twilio::types::{Media, MediaPage};
use maton_twilio_rules::{MediaSid, Sid};

use super::live::{drop_record, estimate, keep};
use super::messages::MessageRecord;
use super::{Ctx, Op, account_uri, records};
use crate::dates::{DateFilter, stamp};
use crate::footprint::Footprint;
use crate::paging::{Envelope, Order, PageRequest, PageType, walk};
use crate::reply::{ApiError, Reply};
use crate::store::Store;

/// The operations this module answers.
pub(crate) const OPERATIONS: super::Table = &[
    (Op::ListMedia, |s, c| list(s, c)),
    (Op::FetchMedia, |s, c| fetch(s, c)),
    (Op::DeleteMedia, delete),
];

/// One medium of a message, as stored.
#[derive(Clone, Debug)]
pub(crate) struct MediaRecord {
    sid: String,
    account: Arc<str>,
    message_sid: String,
    content_type: &'static str,
    created: DateTime<Utc>,
}

impl Footprint for MediaRecord {
    fn footprint(&self) -> usize {
        estimate::<Self>(&[&self.sid, &self.account, &self.message_sid])
    }
}

impl MediaRecord {
    fn to_api(&self) -> Media {
        let tail = format!("Messages/{}/Media/{}.json", self.message_sid, self.sid);
        Media {
            account_sid: Some(self.account.to_string()),
            content_type: Some(self.content_type.to_string()),
            date_created: Some(stamp(self.created)),
            date_updated: Some(stamp(self.created)),
            parent_sid: Some(self.message_sid.clone()),
            sid: Some(self.sid.clone()),
            uri: Some(account_uri(&self.account, &tail)),
            extra: serde_json::Map::new(),
        }
    }
}

/// The content type a URL's extension suggests.
fn content_type(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "pdf" => "application/pdf",
        "vcf" => "text/vcard",
        _ => "application/octet-stream",
    }
}

/// After `CreateMessage` stored the message `message_sid`: one medium per `MediaUrl` (already
/// checked: at most ten http(s) URLs). Past the cap the oldest media are evicted.
pub(crate) fn attach(store: &mut Store, ctx: &Ctx<'_>, message_sid: &str) {
    for url in ctx.form.all("MediaUrl") {
        let (seq, sid) = store.next_sid(MediaSid::PREFIXES[0]);
        let record = MediaRecord {
            sid,
            account: Arc::from(ctx.account),
            message_sid: message_sid.to_string(),
            content_type: content_type(url),
            created: ctx.now,
        };
        let _ = keep(store, |l| &mut l.media, seq, record, true, "media");
    }
}

/// The message in the path must be the account's (else 404).
fn check_message(store: &Store, ctx: &Ctx<'_>) -> Result<(), ApiError> {
    records::find::<MessageRecord>(store, ctx, ctx.param("MessageSid")).map(drop)
}

fn find(store: &Store, ctx: &Ctx<'_>) -> Result<u64, ApiError> {
    check_message(store, ctx)?;
    let parent = ctx.param("MessageSid");
    store
        .find_owned(
            &store.live.media,
            ctx.sid(),
            MediaSid::PREFIXES,
            ctx.account,
            |m| Some(m.sid.as_str()),
            |m| Some(&*m.account),
        )
        .filter(|seq| {
            store
                .live
                .media
                .get(seq)
                .is_some_and(|m| m.message_sid == parent)
        })
        .ok_or_else(|| ApiError::not_found(ctx.path))
}

fn fetch(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let seq = find(store, ctx)?;
    let media = store
        .live
        .media
        .get(&seq)
        .ok_or_else(|| ApiError::not_found(ctx.path))?;
    Ok(Reply::json(StatusCode::OK, &media.to_api()))
}

fn delete(store: &mut Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let seq = find(store, ctx)?;
    drop_record(store, |l| &mut l.media, seq);
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// The message's media, oldest first, filtered by `DateCreated`.
fn list(store: &Store, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    check_message(store, ctx)?;
    let request = PageRequest::read(ctx.query, MediaSid::PREFIXES, store.seed)?;
    let created = DateFilter::read(ctx.query, "DateCreated")?;
    let parent = ctx.param("MessageSid");
    let slice = walk(&store.live.media, Order::OldestFirst, &request, |m| {
        *m.account == *ctx.account && m.message_sid == parent && created.accepts(Some(m.created))
    });
    let envelope = Envelope::new(ctx.path, ctx.query, &request, &slice, "ME", store.seed);
    let items = slice.items.iter().map(|(_, m)| m.to_api()).collect();
    Ok(Reply::json(
        StatusCode::OK,
        &MediaPage::from_parts(items, envelope),
    ))
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("https://x.test/cat.JPG"), "image/jpeg");
        assert_eq!(content_type("https://x.test/a.png?size=2"), "image/png");
        assert_eq!(content_type("https://x.test/card.vcf#x"), "text/vcard");
        assert_eq!(
            content_type("https://x.test/file"),
            "application/octet-stream"
        );
    }
}
