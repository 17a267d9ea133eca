//! Human durations as written in runbooks ("15 min", "1 h", "2 h 30 min", "1 d"), kept as
//! whole minutes.

/// Parses a duration into minutes; `None` when the text is not a duration.
pub fn parse_minutes(text: &str) -> Option<u32> {
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
        let factor = match rest[..unit_end].to_ascii_lowercase().as_str() {
            "m" | "min" | "mins" | "minute" | "minutes" => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60,
            "d" | "day" | "days" => 24 * 60,
            _ => return None,
        };
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
}
