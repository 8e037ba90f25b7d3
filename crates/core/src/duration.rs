//! ISO 8601 durations (`P1Y2M3DT4H5M6S`, `P2W`), as the clock API's `advance` takes them.
//!
//! Years and months move the calendar (chrono's `Months`: 31 January + `P1M` is the last day of
//! February), weeks and days are whole days of 24 hours (UTC has no daylight saving), and the
//! time part is exact. Components are non-negative integers; fractions and negative durations
//! are refused.

use chrono::{DateTime, Duration, Months, Utc};

/// A parsed ISO 8601 duration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IsoDuration {
    /// Calendar months (years × 12 + months).
    pub months: u32,
    /// Days (weeks × 7 + days).
    pub days: i64,
    /// Seconds of the time part (hours, minutes, seconds).
    pub seconds: i64,
}

impl IsoDuration {
    /// Parses `PnYnMnWnDTnHnMnS` (any non-empty subset, in that order; letters in either case).
    pub fn parse(text: &str) -> Result<Self, String> {
        let upper = text.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix('P').ok_or_else(|| format!("{text:?} is not an ISO 8601 duration (P…)"))?;
        let (date_part, time_part) = match rest.split_once('T') {
            Some((_, "")) => return Err(format!("{text:?}: nothing after T")),
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        let mut out = Self::default();
        let mut any = false;
        for (value, unit) in components(date_part, text)? {
            any = true;
            match unit {
                'Y' => out.months = out.months.saturating_add(to_u32(value, text)?.saturating_mul(12)),
                'M' => out.months = out.months.saturating_add(to_u32(value, text)?),
                'W' => out.days = out.days.saturating_add(value.saturating_mul(7)),
                'D' => out.days = out.days.saturating_add(value),
                other => return Err(format!("{text:?}: unexpected {other} in the date part")),
            }
        }
        for (value, unit) in components(time_part.unwrap_or(""), text)? {
            any = true;
            let factor = match unit {
                'H' => 3600,
                'M' => 60,
                'S' => 1,
                other => return Err(format!("{text:?}: unexpected {other} in the time part")),
            };
            out.seconds = out.seconds.saturating_add(value.saturating_mul(factor));
        }
        if any { Ok(out) } else { Err(format!("{text:?} has no component")) }
    }

    /// `at` plus this duration: months first (clamped to the month's last day), then days,
    /// then the time part. `None` past chrono's range.
    pub fn add_to(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let months = at.checked_add_months(Months::new(self.months))?;
        months
            .checked_add_signed(Duration::try_days(self.days)?)?
            .checked_add_signed(Duration::try_seconds(self.seconds)?)
    }
}

/// A duration as people type it, as ISO 8601: `30d`, `1y2mo`, `12h30m`, `2w`, `90s` (units `y`,
/// `mo`, `w`, `d`, `h`, `m` = minutes, `s`); an ISO duration (`P1Y2M`) passes through.
pub fn shorthand_to_iso(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with(['P', 'p']) {
        return Ok(text.to_ascii_uppercase());
    }
    if text.is_empty() {
        return Err("an empty duration".into());
    }
    let (mut date, mut time) = (String::new(), String::new());
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(format!("{text:?}: expected a number before {rest:?} (e.g. 30d, 1y2mo, 12h)"));
        }
        let (number, after) = rest.split_at(digits);
        let unit_len = after.len() - after.trim_start_matches(|c: char| c.is_ascii_alphabetic()).len();
        let (unit, next) = after.split_at(unit_len);
        let (part, letter) = match unit.to_ascii_lowercase().as_str() {
            "y" => (&mut date, 'Y'),
            "mo" => (&mut date, 'M'),
            "w" => (&mut date, 'W'),
            "d" => (&mut date, 'D'),
            "h" => (&mut time, 'H'),
            "m" | "min" => (&mut time, 'M'),
            "s" => (&mut time, 'S'),
            other => return Err(format!("{text:?}: unknown unit {other:?} (y, mo, w, d, h, m, s)")),
        };
        part.push_str(number);
        part.push(letter);
        rest = next;
    }
    Ok(if time.is_empty() { format!("P{date}") } else { format!("P{date}T{time}") })
}

fn to_u32(value: i64, text: &str) -> Result<u32, String> {
    u32::try_from(value).map_err(|_| format!("{text:?}: {value} is too large"))
}

/// The `(number, unit letter)` pairs of one part, in order, each unit at most once.
fn components(part: &str, text: &str) -> Result<Vec<(i64, char)>, String> {
    let mut out: Vec<(i64, char)> = Vec::new();
    let mut digits = String::new();
    for ch in part.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if digits.is_empty() {
            return Err(format!("{text:?}: {ch} without a number before it"));
        }
        if out.iter().any(|(_, u)| *u == ch) {
            return Err(format!("{text:?}: {ch} given twice"));
        }
        let value: i64 = digits.parse().map_err(|_| format!("{text:?}: {digits} is too large"))?;
        out.push((value, ch));
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!("{text:?}: {digits} has no unit"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|d| d.to_utc()).expect("instant")
    }

    #[test]
    fn parses_every_component() {
        let d = IsoDuration::parse("P1Y2M3DT4H5M6S").expect("parse");
        assert_eq!(d, IsoDuration { months: 14, days: 3, seconds: 4 * 3600 + 5 * 60 + 6 });
        assert_eq!(IsoDuration::parse("P2W").expect("weeks").days, 14);
        assert_eq!(IsoDuration::parse("pt90s").expect("lower case").seconds, 90);
        assert_eq!(IsoDuration::parse("PT36H").expect("hours").seconds, 36 * 3600);
        assert_eq!(IsoDuration::parse("P0D").expect("zero"), IsoDuration::default());
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for bad in ["", "P", "PT", "1Y", "P1", "P1H", "PT1D", "P1.5D", "-P1D", "P1Y1Y", "PYT", "P99999999999Y"] {
            assert!(IsoDuration::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn shorthand_durations_become_iso() {
        assert_eq!(shorthand_to_iso("30d").as_deref(), Ok("P30D"));
        assert_eq!(shorthand_to_iso("1y2mo3d").as_deref(), Ok("P1Y2M3D"));
        assert_eq!(shorthand_to_iso("12h30m").as_deref(), Ok("PT12H30M"));
        assert_eq!(shorthand_to_iso("2w1d6h").as_deref(), Ok("P2W1DT6H"));
        assert_eq!(shorthand_to_iso("p1y").as_deref(), Ok("P1Y"));
        for bad in ["", "d30", "3q"] {
            assert!(shorthand_to_iso(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn years_and_months_move_the_calendar() {
        let d = IsoDuration::parse("P1M").expect("parse");
        assert_eq!(d.add_to(at("2026-01-31T10:00:00Z")), Some(at("2026-02-28T10:00:00Z")));
        let leap = IsoDuration::parse("P1Y").expect("parse");
        assert_eq!(leap.add_to(at("2028-02-29T00:00:00Z")), Some(at("2029-02-28T00:00:00Z")));
        let mixed = IsoDuration::parse("P1Y2M3DT4H").expect("parse");
        assert_eq!(mixed.add_to(at("2026-05-01T00:00:00Z")), Some(at("2027-07-04T04:00:00Z")));
        let three = IsoDuration::parse("P3Y").expect("parse");
        assert_eq!(three.add_to(at("2026-03-15T12:30:00Z")), Some(at("2029-03-15T12:30:00Z")));
    }
}
