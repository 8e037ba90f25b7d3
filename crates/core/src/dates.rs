//! Date arithmetic and the wire formats of dates (SPEC §0.3, §4.4).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

/// The earliest date the emulator handles: the virtual clock and the dates a client sets
/// (renewal, coterm) stay within [`MIN_DATE`]..=[`MAX_DATE`] (see `crate::clock`).
pub const MIN_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
/// The latest date the emulator handles (2199-12-31).
pub const MAX_DATE: NaiveDate = NaiveDate::from_ymd_opt(2199, 12, 31).expect("a valid date");

/// Whether a date a client gives is within [`MIN_DATE`]..=[`MAX_DATE`].
pub fn in_range(date: NaiveDate) -> bool {
    (MIN_DATE..=MAX_DATE).contains(&date)
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_datetime(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses a strict `YYYY-MM-DD` that is a real calendar date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let bytes = s.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Parses `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_date_or_datetime(s: &str) -> Option<DateTime<Utc>> {
    if let Some(date) = parse_date(s) {
        return Some(start_of(date));
    }
    if s.len() == 20 && s.ends_with('Z') {
        return chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").ok().map(|naive| naive.and_utc());
    }
    None
}

/// 00:00:00Z of a date.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// Adds whole years, keeping month and day; 29 February becomes 28 February in a non-leap year.
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    let year = date.year().saturating_add(years);
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_day_becomes_28_february() {
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).expect("valid date");
        assert_eq!(format_date(add_years(leap, 1)), "2029-02-28");
        assert_eq!(format_date(add_years(leap, 4)), "2032-02-29");
    }

    #[test]
    fn strict_dates() {
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-2-3").is_none());
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date_or_datetime("2022-01-01T03:43:07Z").is_some());
        assert!(parse_date_or_datetime("2022-01-01T03:43:07").is_none());
    }
}
