//! Human durations as written in runbooks ("15 min", "1 h", "2 h 30 min", "1 d"), kept as
//! whole minutes, and drill offsets, which may count seconds ("45 s").

/// Parses a duration into minutes; `None` when the text is not a duration.
pub fn parse_minutes(text: &str) -> Option<u32> {
    parse_units(text, |unit| match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => Some(1),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(60),
        "d" | "day" | "days" => Some(24 * 60),
        _ => None,
    })
}

/// Parses a duration that may count seconds too ("45 s", "1 h 30 min", "2 min 10 s") into
/// seconds; `None` when the text is not one. Drill offsets are written this way.
pub fn parse_seconds(text: &str) -> Option<u32> {
    parse_units(text, |unit| match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => Some(1),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(60),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600),
        "d" | "day" | "days" => Some(24 * 3600),
        _ => None,
    })
}

/// Sums pairs of a whole number and a unit; `factor` gives a (lowercase) unit's size.
fn parse_units(text: &str, factor: impl Fn(&str) -> Option<u32>) -> Option<u32> {
    let mut total: u32 = 0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let amount: u32 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let factor = factor(rest[..unit_end].to_ascii_lowercase().as_str())?;
        total = total.checked_add(amount.checked_mul(factor)?)?;
        rest = rest[unit_end..].trim_start();
    }
    Some(total)
}

/// Writes minutes the way a person would ("45 min", "1 h", "1 h 30 min", "2 d").
pub fn format_minutes(minutes: u32) -> String {
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} d"));
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(format!("{mins} min"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_runbooks_use() {
        assert_eq!(parse_minutes("15 min"), Some(15));
        assert_eq!(parse_minutes("1 h"), Some(60));
        assert_eq!(parse_minutes("2h30m"), Some(150));
        assert_eq!(parse_minutes("24 hours"), Some(1440));
        assert_eq!(parse_minutes("1 d"), Some(1440));
        assert_eq!(parse_minutes("soon"), None);
        assert_eq!(parse_minutes("15"), None);
        assert_eq!(parse_minutes(""), None);
    }

    #[test]
    fn formatting_round_trips() {
        for minutes in [0, 5, 60, 90, 1440, 1501] {
            assert_eq!(parse_minutes(&format_minutes(minutes)), Some(minutes));
        }
    }

    #[test]
    fn seconds_read_drill_offsets_back() {
        assert_eq!(parse_seconds("45 s"), Some(45));
        assert_eq!(parse_seconds("2 min 10 sec"), Some(130));
        assert_eq!(parse_seconds("1 h 30 min"), Some(5400));
        assert_eq!(parse_seconds("1m"), Some(60), "m is minutes, as in parse_minutes");
        assert_eq!(parse_seconds("5"), None);
        assert_eq!(parse_minutes("45 s"), None, "minutes have no seconds");
        for seconds in [0, 1, 59, 60, 61, 3600, 5400, 86_399, 200_000] {
            let label = crate::drill::offset_label(seconds);
            assert_eq!(parse_seconds(label.trim_start_matches("T+")), Some(seconds), "{label}");
        }
    }
}
