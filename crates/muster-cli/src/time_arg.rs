//! TIME arguments: when something happened, written the way a responder types it at 3 a.m.
//!
//! The forms: RFC 3339 (`2026-05-14T02:40:00Z`, `2026-05-14T04:40:00+02:00`), a local date and
//! time (`2026-05-14 02:40`, seconds optional), a local time of day meaning today (`02:40`), a
//! time ago (`-15m`, `-2h`, `-1h30m`; units d, h, m, s in that order), and `now`.
//!
//! Invariant: the current time and the time zone are passed in ([`parse`]); only [`parse_now`],
//! the value parser clap calls, reads the system clock, so every form is tested with a fixed
//! clock in a fixed zone.
//!
//! Invariant: a time of day always means today. One still to come is refused rather than taken
//! as yesterday: a silent guess would put the entry on the wrong day of the timeline.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// The accepted forms, for error messages and help.
pub const FORMS: &str = "RFC 3339 (2026-05-14T02:40:00Z, or with an offset such as +02:00), \
     a local 'YYYY-MM-DD HH:MM', a local 'HH:MM' (today), a time ago (-15m, -2h, -1h30m) or 'now'";

/// Parses `text` against the system clock and time zone: the value parser of TIME arguments.
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    parse(text, &chrono::Local::now())
}

/// Parses `text` as a moment, reading local forms in the zone of `now`.
pub fn parse<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let now_utc = now.with_timezone(&Utc);
    if text.eq_ignore_ascii_case("now") {
        return Ok(now_utc);
    }
    if let Some(ago) = text.strip_prefix('-') {
        return time_ago(ago).and_then(|ago| now_utc.checked_sub_signed(ago)).ok_or_else(|| not_a_time(text));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let zone = now.timezone();
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return local(&zone, naive, text);
        }
    }
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, format) {
            let today = now.date_naive();
            let at = local(&zone, today.and_time(time), text)?;
            if at > now_utc {
                let yesterday = today.pred_opt().unwrap_or(today);
                return Err(format!(
                    "{text} today is still to come; for yesterday write '{} {text}'",
                    yesterday.format("%Y-%m-%d")
                ));
            }
            return Ok(at);
        }
    }
    Err(not_a_time(text))
}

fn not_a_time(text: &str) -> String {
    format!("'{text}' is not a time: use {FORMS}")
}

/// A local wall-clock time, refused when a clock change makes it missing or ambiguous.
fn local<Tz: TimeZone>(zone: &Tz, naive: NaiveDateTime, text: &str) -> Result<DateTime<Utc>, String> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(..) => Err(format!(
            "{text} happened twice in local time (the clocks went back); give it with an offset, \
             such as {}+01:00",
            naive.format("%Y-%m-%dT%H:%M:%S")
        )),
        LocalResult::None => Err(format!(
            "{text} does not exist in local time (the clocks went forward); give it with an offset, \
             such as {}+01:00",
            naive.format("%Y-%m-%dT%H:%M:%S")
        )),
    }
}

/// `1h30m`, `15m`, `2d`, `45s`: units in falling order, each at most once.
fn time_ago(text: &str) -> Option<Duration> {
    const UNITS: [(char, i64); 4] = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];
    let mut seconds: i64 = 0;
    let mut next_unit = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let index = UNITS.iter().position(|(unit, _)| *unit == c.to_ascii_lowercase())?;
        if digits.is_empty() || index < next_unit {
            return None;
        }
        let amount: i64 = digits.parse().ok()?;
        seconds = seconds.checked_add(amount.checked_mul(UNITS[index].1)?)?;
        digits.clear();
        next_unit = index + 1;
    }
    if !digits.is_empty() || next_unit == 0 {
        return None;
    }
    Duration::try_seconds(seconds)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};

    use super::parse;

    /// 10:00 on 14 May 2026 in a zone two hours ahead of UTC.
    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(2 * 3600).unwrap().with_ymd_and_hms(2026, 5, 14, 10, 0, 0).unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn rfc3339_in_utc_or_with_an_offset() {
        assert_eq!(parse("2026-05-14T02:40:00Z", &now()), Ok(utc("2026-05-14T02:40:00Z")));
        assert_eq!(parse("2026-05-14T04:40:00+02:00", &now()), Ok(utc("2026-05-14T02:40:00Z")));
        assert_eq!(parse(" 2026-05-13T23:00:00-05:00 ", &now()), Ok(utc("2026-05-14T04:00:00Z")));
    }

    #[test]
    fn a_local_date_and_time_is_read_in_the_local_zone() {
        assert_eq!(parse("2026-05-14 02:40", &now()), Ok(utc("2026-05-14T00:40:00Z")));
        assert_eq!(parse("2026-05-13 23:59:30", &now()), Ok(utc("2026-05-13T21:59:30Z")));
        assert_eq!(parse("2026-05-14T09:15", &now()), Ok(utc("2026-05-14T07:15:00Z")));
    }

    #[test]
    fn a_time_of_day_means_today() {
        assert_eq!(parse("09:30", &now()), Ok(utc("2026-05-14T07:30:00Z")));
        assert_eq!(parse("00:05:10", &now()), Ok(utc("2026-05-13T22:05:10Z")));
        assert_eq!(parse("10:00", &now()), Ok(utc("2026-05-14T08:00:00Z")), "now itself is not the future");
    }

    #[test]
    fn a_time_of_day_still_to_come_is_refused_not_taken_as_yesterday() {
        let err = parse("10:30", &now()).unwrap_err();
        assert_eq!(err, "10:30 today is still to come; for yesterday write '2026-05-13 10:30'");
    }

    #[test]
    fn time_ago_counts_back_from_now() {
        assert_eq!(parse("-15m", &now()), Ok(utc("2026-05-14T07:45:00Z")));
        assert_eq!(parse("-2h", &now()), Ok(utc("2026-05-14T06:00:00Z")));
        assert_eq!(parse("-1h30m", &now()), Ok(utc("2026-05-14T06:30:00Z")));
        assert_eq!(parse("-1d2h", &now()), Ok(utc("2026-05-13T06:00:00Z")));
        assert_eq!(parse("-90s", &now()), Ok(utc("2026-05-14T07:58:30Z")));
        assert_eq!(parse("now", &now()), Ok(utc("2026-05-14T08:00:00Z")));
    }

    #[test]
    fn anything_else_is_refused_with_the_accepted_forms() {
        for garbage in [
            "",
            "yesterday",
            "15m",
            "-15",
            "-m",
            "-",
            "-15x",
            "-30m1h",
            "-1h1h",
            "25:00",
            "2026-13-01 10:00",
            "-99999999999999d",
            "-9999999999d",
        ] {
            let err = parse(garbage, &now()).unwrap_err();
            assert!(err.starts_with(&format!("'{garbage}' is not a time: use RFC 3339")), "{garbage}: {err}");
            assert!(err.contains("'YYYY-MM-DD HH:MM'") && err.contains("'HH:MM'") && err.contains("-1h30m"), "{err}");
        }
    }
}
