//! The pages a walk has read, to catch a server that leads it back to one of them.

use std::collections::{HashSet, VecDeque};

/// How many page URIs a walk remembers to catch a server that leads it in a circle. Past this,
/// the oldest are forgotten: memory stays bounded, and only a cycle longer than this goes unseen.
pub const MAX_REMEMBERED_PAGES: usize = 100_000;

/// A bounded set of page URIs (hashed: a few bytes per page, whatever the URI's length).
#[derive(Default)]
pub(crate) struct Visited {
    seen: HashSet<u64>,
    order: VecDeque<u64>,
}

impl Visited {
    /// Records `uri`; `false` when it was already there.
    pub(crate) fn insert(&mut self, uri: &str) -> bool {
        use std::hash::BuildHasher;
        // Fixed keys, so the same URI always hashes the same; 64 bits make a false match
        // between distinct URIs unlikely (about 1 in 10^9 with the bound below full).
        let hash = std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default()
            .hash_one(page_key(uri));
        if !self.seen.insert(hash) {
            return false;
        }
        self.order.push_back(hash);
        if self.order.len() > MAX_REMEMBERED_PAGES
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        true
    }
}

/// What identifies a page: its path and query, whether given relative or on api.twilio.com
/// (newer APIs give absolute URLs, of which only the path is kept and resolved against the
/// client's own base URL).
pub(crate) fn page_key(uri: &str) -> &str {
    uri.strip_prefix("https://api.twilio.com")
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_pages_up_to_the_bound() {
        let mut visited = Visited::default();
        assert!(visited.insert("/2010-04-01/a.json?Page=1"));
        assert!(!visited.insert("/2010-04-01/a.json?Page=1"));
        assert!(
            !visited.insert("https://api.twilio.com/2010-04-01/a.json?Page=1"),
            "the same page, given absolute"
        );
        for i in 0..MAX_REMEMBERED_PAGES {
            visited.insert(&format!("/p{i}"));
        }
        assert_eq!(visited.seen.len(), MAX_REMEMBERED_PAGES);
        assert_eq!(visited.order.len(), MAX_REMEMBERED_PAGES);
        assert!(
            visited.insert("/2010-04-01/a.json?Page=1"),
            "the oldest was forgotten"
        );
    }
}
