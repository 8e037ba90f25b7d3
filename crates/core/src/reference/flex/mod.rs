//! The seeded flexible-discount catalogue (SPEC §2.8.11, §4.14).
//!
//! A discount is a [`Template`] (code, outcome, products, countries, segments, season) made
//! concrete for one market segment and one calendar year: a [`FlexDiscount`]. Its window follows
//! the template's season in that year, on the distributor's virtual clock, so the catalogue never
//! goes stale and moving the clock moves through it: an all-year code is always live (one instance a
//! year, never two at once), a seasonal one is live in its season, listed as a future-dated
//! `ACTIVE` discount before it, and `REUSABLE` after it until its `discountLockEndDate` when it is
//! reusable. Ids are deterministic UUID-shaped strings of (code, segment, year).

use chrono::{DateTime, Datelike, TimeDelta, Utc};

use super::{MarketSegment, Product};

mod catalogue;
mod discount;

pub use catalogue::{Category, OutcomeKind, Products, Season, TEMPLATES, Template, template};
pub use discount::{DiscountValue, FlexDiscount, FlexStatus};

/// Add-ons and other non-base products: flexible discounts never apply (`2145`).
pub fn is_add_on(product: &Product) -> bool {
    let name = product.name.to_ascii_lowercase();
    name.contains("add-on") || name.contains("add on") || name.starts_with("ai assistant")
}

/// The deterministic id of (code, segment, year), shaped like a UUID.
pub fn discount_id(code: &str, segment: MarketSegment, year: i32) -> String {
    crate::ids::hashed_uuid(&format!("{code}/{segment}/{year}"))
}

/// Years searched when an id is resolved.
const ID_YEARS: std::ops::RangeInclusive<i32> = 1990..=2210;

/// The discount with this id, if the catalogue has it.
pub fn by_id(id: &str) -> Option<FlexDiscount> {
    if id.len() != 36 {
        return None;
    }
    TEMPLATES.iter().flat_map(|t| t.segments.iter().map(move |s| (t, *s))).find_map(|(t, s)| {
        ID_YEARS.clone().find(|y| discount_id(t.code, s, *y) == id).and_then(|y| FlexDiscount::new(t, s, y))
    })
}

/// The instance of `template` for `segment` that governs `now`: the one live now, else the most
/// recent one that has started (for reuse), else the next one.
pub fn current(template: &'static Template, segment: MarketSegment, now: DateTime<Utc>) -> Option<FlexDiscount> {
    let year = now.year();
    let this = FlexDiscount::new(template, segment, year)?;
    if this.start <= now {
        return Some(this);
    }
    FlexDiscount::new(template, segment, year - 1).or(Some(this))
}

/// Every instance for `segment` whose window overlaps the years around `now` (one before, one
/// after), sorted by start then code.
pub fn around(segment: MarketSegment, now: DateTime<Utc>) -> Vec<FlexDiscount> {
    let year = now.year();
    let mut all: Vec<FlexDiscount> = TEMPLATES
        .iter()
        .flat_map(|t| (year - 3..=year + 1).filter_map(move |y| FlexDiscount::new(t, segment, y)))
        .collect();
    all.sort_by(|a, b| a.start.cmp(&b.start).then(a.template.code.cmp(b.template.code)));
    all
}

/// How far ahead future-dated discounts are listed.
pub const LISTING_HORIZON: TimeDelta = TimeDelta::days(366);

#[cfg(test)]
mod tests;
