//! The ranges of the dates the sandbox portal takes (issue 15), on the distributor's virtual
//! clock. A date outside its range is `400 P400` whose message names the field and the range
//! (`cotermDate: must be from 2025-12-03 to 2027-12-03 (within a year of today)`) and whose
//! one detail is the field, so the HTML portal shows it next to that field.
//!
//! | field | range |
//! |---|---|
//! | `cotermDate` | today − 1 year ..= today + 1 year |
//! | 3YC `startDate` | today − 3 years ..= today (a commitment starts at its acceptance) |
//! | 3YC `endDate` | after `startDate`, before `startDate` + 3 years + 30 days (SPEC §4.7.5); not before today while `COMMITTED` |
//! | an order's `creationDate` | the last year: today − 1 year (00:00:00Z) ..= now |

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::dates::{add_years, format_datetime, parse_date, parse_date_or_datetime, start_of};
use crate::error::{CoreError, CoreResult};

/// A strict `YYYY-MM-DD` in `field` (surrounding spaces ignored).
pub fn date(field: &str, raw: &str) -> CoreResult<NaiveDate> {
    parse_date(raw.trim()).ok_or_else(|| CoreError::bad_field(field, "a date (YYYY-MM-DD)"))
}

/// A `YYYY-MM-DDTHH:MM:SSZ` instant or a `YYYY-MM-DD` date (its midnight) in `field`.
pub fn instant(field: &str, raw: &str) -> CoreResult<DateTime<Utc>> {
    parse_date_or_datetime(raw.trim())
        .ok_or_else(|| CoreError::bad_field(field, "a date-time (YYYY-MM-DDTHH:MM:SSZ) or a date (YYYY-MM-DD)"))
}

/// The cotermDate a tester may set: within a year of today, either way.
pub fn coterm_range(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (add_years(today, -1), add_years(today, 1))
}

/// Checks a new cotermDate against [`coterm_range`].
pub fn check_coterm(date: NaiveDate, today: NaiveDate) -> CoreResult<()> {
    let (from, to) = coterm_range(today);
    if date < from || date > to {
        return Err(CoreError::bad_field("cotermDate", format!("from {from} to {to} (within a year of today)")));
    }
    Ok(())
}

/// Checks an order's new creationDate: within the last year, never in the future.
pub fn check_order_creation(at: DateTime<Utc>, now: DateTime<Utc>) -> CoreResult<()> {
    let from = start_of(add_years(now.date_naive(), -1));
    if at < from || at > now {
        let range =
            format!("from {} to {} (the last year, never in the future)", format_datetime(from), format_datetime(now));
        return Err(CoreError::bad_field("creationDate", range));
    }
    Ok(())
}

/// The latest end a commitment starting on `start` may have: SPEC §4.7.5's longest term is
/// accepted 30 days before the anniversary and ends the day before the third one after it.
pub fn latest_commitment_end(start: NaiveDate) -> NaiveDate {
    add_years(start, 3) + Duration::days(29)
}

/// A commitment's terms as an edit leaves them.
#[derive(Debug, Clone, Copy)]
pub struct Terms<'a> {
    /// The start date.
    pub start: NaiveDate,
    /// The end date.
    pub end: NaiveDate,
    /// The status.
    pub status: &'a str,
}

/// Checks edited 3YC terms: `given_start` (the start date the edit sets, if any) within the last
/// three years, and the resulting terms per SPEC §4.7.5 (end after start, at most 3 years and
/// 30 days after it, not before today while `COMMITTED`).
pub fn check_terms(given_start: Option<NaiveDate>, terms: Terms<'_>, today: NaiveDate) -> CoreResult<()> {
    if let Some(start) = given_start {
        let from = add_years(today, -3);
        if start < from || start > today {
            let range =
                format!("from {from} to {today} (a commitment starts when it is accepted, at most 3 years ago)");
            return Err(CoreError::bad_field("startDate", range));
        }
    }
    let latest = latest_commitment_end(terms.start);
    if terms.end <= terms.start || terms.end > latest {
        let range = format!("after startDate {} and at most {latest} (3 years and 30 days, SPEC §4.7.5)", terms.start);
        return Err(CoreError::bad_field("endDate", range));
    }
    if terms.status == "COMMITTED" && terms.end < today {
        return Err(CoreError::bad_field("endDate", format!("{today} or later while the status is COMMITTED")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).expect("a date")
    }

    fn message(e: CoreError) -> String {
        match e {
            CoreError::Adobe { message, details, .. } => format!("{} {details:?}", message.unwrap_or_default()),
            other => other.to_string(),
        }
    }

    #[test]
    fn coterm_within_a_year_either_way() {
        let today = d("2026-12-03");
        assert!(check_coterm(d("2025-12-03"), today).is_ok());
        assert!(check_coterm(d("2027-12-03"), today).is_ok());
        let refused = message(check_coterm(d("0027-05-01"), today).expect_err("refused"));
        assert_eq!(
            refused,
            "cotermDate: must be from 2025-12-03 to 2027-12-03 (within a year of today) [\"cotermDate\"]"
        );
        assert!(check_coterm(d("2027-12-04"), today).is_err());
    }

    #[test]
    fn terms_follow_spec_4_7_5() {
        let today = d("2026-12-03");
        let terms = |start, end, status| Terms { start: d(start), end: d(end), status };
        assert!(check_terms(Some(d("2026-12-03")), terms("2026-12-03", "2029-12-02", "COMMITTED"), today).is_ok());
        let same = check_terms(None, terms("2026-01-01", "2026-01-01", "EXPIRED"), today).expect_err("end = start");
        assert!(message(same).starts_with("endDate: must be after startDate 2026-01-01"));
        assert!(check_terms(None, terms("2026-01-01", "2029-01-30", "ACCEPTED"), today).is_ok());
        assert!(check_terms(None, terms("2026-01-01", "2029-01-31", "ACCEPTED"), today).is_err());
        let past = check_terms(None, terms("2024-01-01", "2026-12-02", "COMMITTED"), today).expect_err("past end");
        assert!(message(past).contains("2026-12-03 or later while the status is COMMITTED"));
        assert!(check_terms(None, terms("2024-01-01", "2026-12-02", "EXPIRED"), today).is_ok());
        assert!(check_terms(Some(d("2026-12-04")), terms("2026-12-04", "2027-01-01", "ACCEPTED"), today).is_err());
        assert!(check_terms(Some(d("2023-12-02")), terms("2023-12-02", "2026-12-31", "ACCEPTED"), today).is_err());
    }

    #[test]
    fn creation_within_the_last_year() {
        let now = parse_crate_datetime("2026-12-03T10:00:00Z");
        assert!(check_order_creation(parse_crate_datetime("2025-12-03T00:00:00Z"), now).is_ok());
        assert!(check_order_creation(now, now).is_ok());
        assert!(check_order_creation(now + Duration::seconds(1), now).is_err());
        assert!(check_order_creation(parse_crate_datetime("2025-12-02T23:59:59Z"), now).is_err());
    }

    fn parse_crate_datetime(s: &str) -> DateTime<Utc> {
        crate::dates::parse_date_or_datetime(s).expect("an instant")
    }
}
