//! Twilio SIDs and Maton connection ids, made deterministically from a creation sequence.
//! (What a SID of each kind looks like is `maton-twilio-rules`' to say: its types check the
//! SIDs clients send, and their `PREFIXES` are what this module writes.)
//!
//! A SID is its two-letter prefix and 32 hexadecimal digits: 16 that scramble the sequence
//! number with the emulator's seed, then the sequence number itself. Decoding the sequence back
//! lets lookups and page tokens find their place in an ordered map even after the record they
//! name has been deleted, and the same seed gives the same SIDs on every run.

/// SplitMix64: a tiny, well-mixed, deterministic hash of a 64-bit value.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Makes `prefix` + 32 hex digits for sequence number `seq`.
pub(crate) fn make(prefix: &str, seq: u64, seed: u64) -> String {
    format!("{prefix}{:016x}{seq:016x}", mix(seq ^ seed))
}

/// The sequence number in `sid`, if it has one of `prefixes`, 32 hex digits after it, and
/// scrambled digits that match (so a made-up SID is unknown rather than an alias).
pub(crate) fn decode(sid: &str, prefixes: &[&str], seed: u64) -> Option<u64> {
    let prefix = prefixes.iter().find(|p| sid.starts_with(**p))?;
    let hex = &sid[prefix.len()..];
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let scrambled = u64::from_str_radix(&hex[..16], 16).ok()?;
    let seq = u64::from_str_radix(&hex[16..], 16).ok()?;
    (scrambled == mix(seq ^ seed)).then_some(seq)
}

/// A UUID-shaped connection id (`ebe566b1-3eaf-4926-bc92-0d8d47445f12`).
pub(crate) fn connection_id(seq: u64, seed: u64) -> String {
    let a = mix(seq ^ seed ^ 0xc0ff_ee00);
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_round_trip_and_reject_forgeries() {
        let sid = make("SM", 42, 7);
        assert_eq!(sid.len(), 34);
        assert_eq!(decode(&sid, &["SM", "MM"], 7), Some(42));
        assert_eq!(decode(&sid, &["SM"], 8), None, "another seed's SID");
        let forged = format!("SM{:016x}{:016x}", 1, 42);
        assert_eq!(decode(&forged, &["SM"], 7), None);
        assert_eq!(decode("SM12", &["SM"], 7), None);
        assert_eq!(decode("SMé", &["SM"], 7), None);
    }

    #[test]
    fn connection_ids_look_like_uuids() {
        let id = connection_id(1, 0);
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_ne!(id, connection_id(2, 0));
    }
}
