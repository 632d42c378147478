//! Durations on the command line: `500ms`, `30s`, `2m`, `1h`, `3d`.

use std::time::Duration;

use crate::text::echo;

/// The longest duration accepted (a year): far beyond any command, and no overflow.
const MAX: Duration = Duration::from_secs(366 * 24 * 3600);

/// Parses `NUMBER UNIT` with unit `ms`, `s`, `m`, `h` or `d` (a bare number is seconds).
pub fn parse(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let bad = || {
        format!(
            "`{}` is not a duration: use a whole number and a unit, such as 500ms, 30s, 2m, 1h or 3d",
            echo(text)
        )
    };
    let number: u64 = number.parse().map_err(|_| bad())?;
    let millis_per_unit: u64 = match unit.trim() {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    let duration = number
        .checked_mul(millis_per_unit)
        .map(Duration::from_millis)
        .filter(|d| *d <= MAX)
        .ok_or_else(|| format!("`{}` is longer than a year", echo(text)))?;
    if duration.is_zero() {
        return Err(format!("`{}` is zero", echo(text)));
    }
    Ok(duration)
}

/// [`parse`] for clap, which prints the message after the option's name.
pub fn parse_arg(text: &str) -> Result<Duration, String> {
    parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_refusals() {
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse("3d"), Ok(Duration::from_secs(3 * 86_400)));
        for bad in [
            "",
            "s",
            "1.5s",
            "-1s",
            "1w",
            "0s",
            "99999999999999999999d",
            "400d",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let forged = parse("1x\nerror: FORGED").unwrap_err();
        assert!(!forged.contains('\n'), "{forged}");
    }
}
