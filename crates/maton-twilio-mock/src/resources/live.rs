//! What the hand-written voice and media behaviours keep beside the store's own maps
//! (recordings, conferences and their participants, the media of MMS, queue members), and the
//! hooks through which placing a call or sending a message reaches them.

use std::collections::BTreeMap;
use std::mem::size_of;

use super::Ctx;
use super::conferences::{ConferenceRecord, ParticipantRecord};
use super::media::MediaRecord;
use super::members::MemberRecord;
use super::recordings::RecordingRecord;
use crate::footprint::Footprint;
use crate::reply::ApiError;
use crate::store::{Store, store_full};

/// The records of the hand-written voice and media behaviours. Each kind keeps at most
/// [`Limits::max_resources`](crate::Limits::max_resources) records, counted in the store's
/// byte budget: recordings and media evict their oldest (they come with calls and messages,
/// which evict too), conferences, participants and members are refused past it.
#[derive(Debug, Default)]
pub(crate) struct Live {
    pub(crate) recordings: BTreeMap<u64, RecordingRecord>,
    pub(crate) conferences: BTreeMap<u64, ConferenceRecord>,
    pub(crate) participants: BTreeMap<u64, ParticipantRecord>,
    pub(crate) media: BTreeMap<u64, MediaRecord>,
    pub(crate) members: BTreeMap<u64, MemberRecord>,
}

/// Estimated bytes of a small record of type `T` holding `texts`.
pub(crate) fn estimate<T>(texts: &[&str]) -> usize {
    size_of::<T>() + 64 + texts.iter().map(|t| t.len() + 16).sum::<usize>()
}

/// Stores `record` under `seq` in the map `pick` chooses, within the kind's cap and the store's
/// byte budget: evicting the oldest records of the kind when `evict`, else refusing (400,
/// 20001) and storing nothing.
pub(crate) fn keep<T: Footprint>(
    store: &mut Store,
    pick: fn(&mut Live) -> &mut BTreeMap<u64, T>,
    seq: u64,
    record: T,
    evict: bool,
    what: &str,
) -> Result<(), ApiError> {
    let size = record.footprint();
    loop {
        let len = pick(&mut store.live).len();
        if len < store.limits.max_resources {
            match store.charge(0, size) {
                Ok(()) => break,
                Err(refused) if !evict => return Err(refused),
                Err(_) => {}
            }
        } else if !evict {
            store.check_room(len, what)?;
        }
        let Some((_, old)) = pick(&mut store.live).pop_first() else {
            return Err(store_full(store.limits.max_store_bytes));
        };
        store.release(old.footprint());
    }
    pick(&mut store.live).insert(seq, record);
    Ok(())
}

/// Removes the record under `seq` from the map `pick` chooses and gives its bytes back.
pub(crate) fn drop_record<T: Footprint>(
    store: &mut Store,
    pick: fn(&mut Live) -> &mut BTreeMap<u64, T>,
    seq: u64,
) -> Option<T> {
    let gone = pick(&mut store.live).remove(&seq)?;
    store.release(gone.footprint());
    Some(gone)
}

/// After `CreateCall` stored the call `sid` under `seq`: `Record=true` starts its recording,
/// and the test hooks of its `Twiml` put it in a queue (`<Enqueue>NAME</Enqueue>`) or a
/// conference (`<Dial><Conference>NAME</Conference></Dial>`).
pub(crate) fn call_placed(store: &mut Store, ctx: &Ctx<'_>, seq: u64, sid: &str) {
    if ctx.form.bool("Record").ok().flatten() == Some(true) {
        super::recordings::record_call(store, ctx, seq, sid);
    }
    let twiml = ctx.form.get("Twiml").unwrap_or_default();
    if let Some(queue) = element_text(twiml, "Enqueue") {
        super::members::enqueue(store, ctx, sid, queue);
    }
    if let Some(name) = element_text(twiml, "Conference") {
        super::conferences::join_by_call(store, ctx, sid, name);
    }
}

/// The trimmed text of the first `<name ...>text</name>` element in `twiml`, if not empty.
pub(crate) fn element_text<'t>(twiml: &'t str, name: &str) -> Option<&'t str> {
    let open = format!("<{name}");
    let start = twiml.find(&open)? + open.len();
    let rest = &twiml[start..];
    // `<Enqueue>` or `<Enqueue attr="...">`, not `<EnqueueX>`.
    if !rest.starts_with(['>', ' ', '\t', '\n', '\r']) {
        return None;
    }
    let body = &rest[rest.find('>')? + 1..];
    let text = body[..body.find(&format!("</{name}>"))?].trim();
    (!text.is_empty() && !text.contains('<')).then_some(text)
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod handler_tests;

#[cfg(test)]
mod tests {
    use super::element_text;

    #[test]
    fn finds_the_text_of_an_element_with_or_without_attributes() {
        let twiml = "<Response><Enqueue waitUrl=\"https://x/w\"> support </Enqueue></Response>";
        assert_eq!(element_text(twiml, "Enqueue"), Some("support"));
        let dial = "<Response><Dial><Conference>Room 1</Conference></Dial></Response>";
        assert_eq!(element_text(dial, "Conference"), Some("Room 1"));
        assert_eq!(
            element_text("<Response><Say>hi</Say></Response>", "Enqueue"),
            None
        );
        assert_eq!(element_text("<EnqueueX>a</EnqueueX>", "Enqueue"), None);
        assert_eq!(element_text("<Enqueue></Enqueue>", "Enqueue"), None);
        assert_eq!(element_text("<Enqueue>a", "Enqueue"), None);
    }
}
