//! Twilio's paging: `PageSize`, `Page`, `PageToken`, and the envelope around every list.
//!
//! Records live in ordered maps keyed by their creation sequence. A page token names the key of
//! the last item a reader saw (`PA…`, for the next page) or the first (`PB…`, for the previous
//! one), so a page continues from a position, not an offset: records created or deleted after a
//! reader started never make it see an item twice or skip one.

use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Unbounded};

use maton_twilio_api::{ListPage, PageFields};
use maton_twilio_rules::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MIN_PAGE_SIZE};

use crate::params::Params;
use crate::reply::ApiError;
use crate::sid;

/// Which way a list runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    OldestFirst,
    NewestFirst,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    After(u64),
    Before(u64),
}

/// What a list request asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PageRequest {
    pub(crate) size: usize,
    pub(crate) page: u64,
    token: Option<Token>,
    raw_token: Option<String>,
}

impl PageRequest {
    /// Reads `PageSize`, `Page` and `PageToken`; `kind` is the SID prefix the list's tokens carry.
    pub(crate) fn read(query: &Params, kind: &[&str], seed: u64) -> Result<Self, ApiError> {
        let size = match query.get("PageSize") {
            None => DEFAULT_PAGE_SIZE,
            Some(text) => match text.trim().parse::<u32>() {
                Ok(n) if (MIN_PAGE_SIZE..=MAX_PAGE_SIZE).contains(&n) => n,
                _ => {
                    return Err(ApiError::invalid(format!(
                        "PageSize must be an integer from {MIN_PAGE_SIZE} to {MAX_PAGE_SIZE}, \
                         not {text:?}"
                    )));
                }
            },
        };
        // At most MAX_PAGE_SIZE: fits any usize.
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let page = match query.get("Page") {
            None => 0,
            Some(text) => text.trim().parse::<u64>().map_err(|_| {
                ApiError::invalid(format!("Page must be a non-negative integer, not {text:?}"))
            })?,
        };
        let raw_token = query.non_empty("PageToken").map(str::to_string);
        let token = match &raw_token {
            None if page > 0 => return Err(ApiError::invalid("PageToken is required for paging.")),
            None => None,
            Some(text) => Some(decode_token(text, kind, seed).ok_or_else(|| {
                ApiError::invalid(format!("PageToken {text:?} is not valid for this list"))
            })?),
        };
        Ok(Self {
            size,
            page,
            token,
            raw_token,
        })
    }
}

fn decode_token(text: &str, kind: &[&str], seed: u64) -> Option<Token> {
    if let Some(rest) = text.strip_prefix("PA") {
        return sid::decode(rest, kind, seed).map(Token::After);
    }
    if let Some(rest) = text.strip_prefix("PB") {
        return sid::decode(rest, kind, seed).map(Token::Before);
    }
    None
}

/// One page of a list, still borrowed from the map.
#[derive(Debug)]
pub(crate) struct Slice<'a, T> {
    pub(crate) items: Vec<(u64, &'a T)>,
    has_next: bool,
    has_previous: bool,
}

type Entries<'a, T> = Box<dyn Iterator<Item = (&'a u64, &'a T)> + 'a>;

/// The page `request` asks for, of the records in `map` that `keep` accepts.
pub(crate) fn walk<'a, T>(
    map: &'a BTreeMap<u64, T>,
    order: Order,
    request: &PageRequest,
    mut keep: impl FnMut(&T) -> bool,
) -> Slice<'a, T> {
    let forward = |after: Option<u64>| -> Entries<'a, T> {
        match (order, after) {
            (Order::OldestFirst, None) => Box::new(map.iter()),
            (Order::OldestFirst, Some(k)) => Box::new(map.range((Excluded(k), Unbounded))),
            (Order::NewestFirst, None) => Box::new(map.iter().rev()),
            (Order::NewestFirst, Some(k)) => Box::new(map.range(..k).rev()),
        }
    };
    let backward = |before: u64| -> Entries<'a, T> {
        match order {
            Order::OldestFirst => Box::new(map.range(..before).rev()),
            Order::NewestFirst => Box::new(map.range((Excluded(before), Unbounded))),
        }
    };
    // The first page's worth of kept entries, and whether more follow past them.
    let take = request.size.saturating_add(1);
    let mut first_page = |entries: Entries<'a, T>| {
        let mut items: Vec<(u64, &T)> = entries
            .filter(|(_, v)| keep(v))
            .take(take)
            .map(|(k, v)| (*k, v))
            .collect();
        let more = items.len() > request.size;
        items.truncate(request.size);
        (items, more)
    };
    match request.token {
        Some(Token::Before(key)) => {
            let (mut items, has_previous) = first_page(backward(key));
            items.reverse();
            Slice {
                items,
                has_next: true,
                has_previous,
            }
        }
        token => {
            let after = match token {
                Some(Token::After(key)) => Some(key),
                _ => None,
            };
            let (items, has_next) = first_page(forward(after));
            Slice {
                items,
                has_next,
                has_previous: after.is_some(),
            }
        }
    }
}

/// The paging fields every list response carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Envelope {
    pub(crate) page: i64,
    pub(crate) page_size: i64,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) uri: String,
    pub(crate) first_page_uri: String,
    pub(crate) next_page_uri: Option<String>,
    pub(crate) previous_page_uri: Option<String>,
}

impl Envelope {
    /// The envelope for `slice`, with URIs relative to Twilio's API root that keep the query's
    /// filters. `kind` is the SID prefix that the list's page tokens carry.
    pub(crate) fn new<T>(
        path: &str,
        query: &Params,
        request: &PageRequest,
        slice: &Slice<'_, T>,
        kind: &str,
        seed: u64,
    ) -> Self {
        let filters: Vec<(&str, &str)> = query
            .pairs()
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "PageSize" | "Page" | "PageToken"))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let link = |page: u64, token: Option<&str>| -> String {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(filters.iter().copied());
            query.append_pair("PageSize", &request.size.to_string());
            query.append_pair("Page", &page.to_string());
            if let Some(token) = token {
                query.append_pair("PageToken", token);
            }
            format!("{path}?{}", query.finish())
        };
        // A neighbour page's link, when there is one: its token names the record at the edge
        // of this page, `PA` (after) for the next page and `PB` (before) for the previous one.
        let neighbour = |there: bool, edge: Option<&(u64, &T)>, page: u64, side: &str| {
            there.then_some(edge).flatten().map(|(key, _)| {
                link(
                    page,
                    Some(&format!("{side}{}", sid::make(kind, *key, seed))),
                )
            })
        };
        let next_page_uri = neighbour(
            slice.has_next,
            slice.items.last(),
            request.page.saturating_add(1),
            "PA",
        );
        let previous_page_uri = neighbour(
            slice.has_previous,
            slice.items.first(),
            request.page.saturating_sub(1),
            "PB",
        );
        let size = i64::try_from(request.size).unwrap_or(i64::MAX);
        let page = i64::try_from(request.page).unwrap_or(i64::MAX);
        let start = page.saturating_mul(size);
        let count = i64::try_from(slice.items.len()).unwrap_or(0);
        Self {
            page,
            page_size: size,
            start,
            end: start.saturating_add(count.saturating_sub(1).max(0)),
            uri: link(request.page, request.raw_token.as_deref()),
            first_page_uri: link(0, None),
            next_page_uri,
            previous_page_uri,
        }
    }
}

/// A generated `<Resource>Page` type, built from its items and the envelope: every
/// [`ListPage`] of the generated operation table, so a list the spec adds pages here unchanged.
pub(crate) trait PageType: ListPage {
    fn from_parts(items: Vec<Self::Item>, envelope: Envelope) -> Self;
}

impl<P: ListPage> PageType for P {
    fn from_parts(items: Vec<Self::Item>, envelope: Envelope) -> Self {
        let mut fields = PageFields::default();
        fields.page = Some(envelope.page);
        fields.page_size = Some(envelope.page_size);
        fields.start = Some(envelope.start);
        fields.end = Some(envelope.end);
        fields.uri = Some(envelope.uri);
        fields.first_page_uri = Some(envelope.first_page_uri);
        fields.next_page_uri = envelope.next_page_uri;
        fields.previous_page_uri = envelope.previous_page_uri;
        ListPage::from_parts(items, fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Params {
        Params::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn page_without_token_and_bad_sizes_are_20001() {
        for bad in [
            "Page=1",
            "PageSize=0",
            "PageSize=1001",
            "PageSize=x",
            "Page=-1",
            "PageToken=PAnope",
        ] {
            let err = PageRequest::read(&query(bad), &["SM"], 0).unwrap_err();
            assert_eq!(err.code, 20001, "{bad}");
        }
        let ok = PageRequest::read(&query(""), &["SM"], 0).unwrap();
        assert_eq!((ok.size, ok.page), (DEFAULT_PAGE_SIZE as usize, 0));
    }

    #[test]
    fn the_largest_page_number_does_not_overflow() {
        let map: BTreeMap<u64, u64> = (1..=7).map(|k| (k, k)).collect();
        let token = format!("PA{}", sid::make("SM", 3, 0));
        let text = format!("PageSize=2&Page={}&PageToken={token}", u64::MAX);
        let request = PageRequest::read(&query(&text), &["SM"], 0).unwrap();
        let slice = walk(&map, Order::OldestFirst, &request, |_| true);
        let envelope = Envelope::new("/x.json", &query(&text), &request, &slice, "SM", 0);
        assert_eq!(envelope.page, i64::MAX);
        assert!(envelope.next_page_uri.is_some());
        let ok = PageRequest::read(&query(""), &["SM"], 0).unwrap();
        assert_eq!((ok.size, ok.page), (DEFAULT_PAGE_SIZE as usize, 0));
    }

    #[test]
    fn next_and_previous_pages_continue_from_positions() {
        let map: BTreeMap<u64, u64> = (1..=7).map(|k| (k, k)).collect();
        let first = PageRequest::read(&query("PageSize=3"), &["SM"], 0).unwrap();
        let slice = walk(&map, Order::NewestFirst, &first, |_| true);
        let keys: Vec<u64> = slice.items.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![7, 6, 5]);
        let envelope = Envelope::new(
            "/x.json",
            &query("To=%2B1&PageSize=3"),
            &first,
            &slice,
            "SM",
            0,
        );
        let next = envelope.next_page_uri.unwrap();
        assert!(
            next.starts_with("/x.json?To=%2B1&PageSize=3&Page=1&PageToken=PASM"),
            "{next}"
        );
        assert_eq!(envelope.previous_page_uri, None);

        let next_query = query(next.split_once('?').unwrap().1);
        let second = PageRequest::read(&next_query, &["SM"], 0).unwrap();
        let slice = walk(&map, Order::NewestFirst, &second, |_| true);
        let keys: Vec<u64> = slice.items.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![4, 3, 2]);
        let envelope = Envelope::new("/x.json", &next_query, &second, &slice, "SM", 0);
        let previous = envelope.previous_page_uri.unwrap();
        let back =
            PageRequest::read(&query(previous.split_once('?').unwrap().1), &["SM"], 0).unwrap();
        let slice = walk(&map, Order::NewestFirst, &back, |_| true);
        let keys: Vec<u64> = slice.items.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, vec![7, 6, 5]);
    }
}
