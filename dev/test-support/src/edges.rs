//! The edge cases of the shared message rules (`maton-twilio-rules`), in one place so that the
//! facade's tests and the emulator's tests probe exactly the same edges.

/// Phone numbers on both sides of the E.164 rule: the shortest and longest valid, then too
/// short, too long and a leading zero.
pub fn phone_numbers() -> Vec<String> {
    vec![
        "+12".into(),
        "+2901234".into(),
        format!("+1{}", "2".repeat(14)),
        "+1".into(),
        format!("+1{}", "2".repeat(15)),
        "+0123".into(),
    ]
}

/// Bodies at and just past `max_chars`, counted in ASCII, two-byte and astral characters.
pub fn bodies(max_chars: usize) -> Vec<String> {
    vec![
        "a".repeat(max_chars),
        "a".repeat(max_chars + 1),
        "é".repeat(max_chars),
        "😀".repeat(max_chars / 2),
        "😀".repeat(max_chars / 2 + 1),
    ]
}

/// The bounds of an inclusive range and the values just outside it.
pub fn around<T>(min: T, max: T) -> [T; 4]
where
    T: Copy + From<u8> + std::ops::Add<Output = T> + std::ops::Sub<Output = T>,
{
    let one = T::from(1);
    [min, max, min - one, max + one]
}
