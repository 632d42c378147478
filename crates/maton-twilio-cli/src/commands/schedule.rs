//! `messages send --send-at`: Twilio's scheduling rules, checked before anything is sent.

use chrono::{DateTime, Utc};

use crate::exit::{self, Failure};
use crate::text::echo;

/// The earliest Twilio schedules a message: 15 minutes ahead.
pub const MIN_AHEAD: chrono::TimeDelta = chrono::TimeDelta::minutes(15);
/// The latest: 35 days ahead.
pub const MAX_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(35);

/// Reads `--send-at` (RFC 3339, or `+DURATION` from `now`) and checks Twilio's rules: a
/// Messaging Service, and a time 15 minutes to 35 days after `now`.
pub fn send_at(
    text: &str,
    has_service: bool,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, Failure> {
    let usage = |message: String| Failure::Cli(exit::USAGE, format!("--send-at: {message}"));
    if !has_service {
        return Err(usage(
            "Twilio schedules only messages sent through a Messaging Service: add \
             --messaging-service MG..."
                .into(),
        ));
    }
    let at = match text.trim().strip_prefix('+') {
        Some(relative) => {
            let ahead = crate::duration::parse(relative).map_err(usage)?;
            chrono::TimeDelta::from_std(ahead)
                .ok()
                .and_then(|ahead| now.checked_add_signed(ahead))
                .ok_or_else(|| usage(format!("`{}` is too far ahead", echo(text))))?
        }
        None => DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                usage(format!(
                    "`{}` is neither an RFC 3339 time (2026-03-01T09:30:00Z) nor +DURATION (+2h)",
                    echo(text)
                ))
            })?,
    };
    if at < now + MIN_AHEAD {
        return Err(usage(format!(
            "{} is less than 15 minutes ahead: Twilio schedules 15 minutes to 35 days ahead",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    if at > now + MAX_AHEAD {
        return Err(usage(format!(
            "{} is more than 35 days ahead: Twilio schedules 15 minutes to 35 days ahead",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn the_window_is_15_minutes_to_35_days() {
        let ok = |t: &str| send_at(t, true, now()).is_ok();
        assert!(ok("+1h"));
        assert!(ok("+15m"));
        assert!(ok("+35d"));
        assert!(!ok("2026-03-01T13:00:00+01:00"));
        assert!(ok("2026-03-01T14:00:00+01:00"));
        assert!(!ok("+14m"));
        assert!(!ok("+36d"));
        assert!(!ok("2026-02-28T12:00:00Z"));
        assert!(!ok("tomorrow"));
        assert!(send_at("+1h", false, now()).is_err());
    }
}
