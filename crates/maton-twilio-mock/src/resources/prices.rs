//! What the emulator charges, defined once: the prices message and call records report, the
//! usage records book and the balance falls by.

/// One message segment, in hundred-thousandths of a dollar (`-0.00750`), charged when the
/// message is created.
pub(crate) const SEGMENT: i64 = -750;
/// One started minute of a call (`-0.01400`). A call to a number that answers talks one minute
/// at most (10 s unless ended sooner), so each such call is charged exactly this when placed.
pub(crate) const MINUTE: i64 = -1400;
/// What every account starts with: 20.00 USD.
pub(crate) const STARTING_BALANCE: i64 = 2_000_000;

/// What a message of `segments` segments costs (negative, like every charge).
pub(crate) fn message(segments: u32) -> i64 {
    SEGMENT.saturating_mul(i64::from(segments))
}

/// What a call of `minutes` started minutes costs.
pub(crate) fn call(minutes: i64) -> i64 {
    MINUTE.saturating_mul(minutes)
}

/// A balance in hundred-thousandths of a dollar, as Twilio writes it: at least two decimals,
/// no trailing zeros past them (`20.00`, `19.9925`, `-0.014`).
pub(crate) fn balance_text(units: i64) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let units = units.unsigned_abs();
    let mut fraction = format!("{:05}", units % 100_000);
    while fraction.len() > 2 && fraction.ends_with('0') {
        fraction.pop();
    }
    format!("{sign}{}.{fraction}", units / 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_keep_two_decimals_and_drop_trailing_zeros() {
        assert_eq!(balance_text(STARTING_BALANCE), "20.00");
        assert_eq!(balance_text(STARTING_BALANCE + SEGMENT), "19.9925");
        assert_eq!(balance_text(STARTING_BALANCE + MINUTE), "19.986");
        assert_eq!(balance_text(MINUTE), "-0.014");
        assert_eq!(balance_text(0), "0.00");
    }
}
