//! Prices, proration and `fetch-price` (SPEC §4.9).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::flex_discounts::Adjustment;
use crate::dates::add_years;
use crate::model::LinePricing;
use crate::reference::Product;

/// The pricing calendar date of an instant: Pacific Standard Time (UTC−8, no daylight saving).
pub fn pricing_date(now: DateTime<Utc>) -> NaiveDate {
    (now - Duration::hours(8)).date_naive()
}

fn has_leap_day(from: NaiveDate, to_exclusive: NaiveDate) -> bool {
    (from.year()..=to_exclusive.year())
        .any(|y| NaiveDate::from_ymd_opt(y, 2, 29).is_some_and(|d| d >= from && d < to_exclusive))
}

/// Days in the term that ends the day before `anniversary`.
pub fn days_in_term(anniversary: NaiveDate) -> i64 {
    if has_leap_day(add_years(anniversary, -1), anniversary) { 366 } else { 365 }
}

/// Days to price for a mid-term purchase on `order_date` (the whole term when there is no AD).
pub fn prorated_days(anniversary: Option<NaiveDate>, order_date: NaiveDate) -> (i64, i64) {
    match anniversary {
        Some(ad) if ad > order_date => ((ad - order_date).num_days(), days_in_term(ad)),
        _ => {
            let ad = add_years(order_date, 1);
            let days = days_in_term(ad);
            (days, days)
        }
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f + 0.5 * x.signum() * 1e-9).round() / f
}

/// Prices one line: `days` of a term of `days_in_term`, after a flexible discount if any.
pub fn price_line(
    product: &Product,
    level: &str,
    currency: &str,
    quantity: i64,
    (days, days_in_term): (i64, i64),
    adjustment: Option<Adjustment>,
) -> Option<LinePricing> {
    let partner_price = product.unit_price(level, currency)?;
    let discounted = adjustment.map_or(partner_price, |a| a.apply(partner_price));
    let daily = round(discounted / days_in_term as f64, 9);
    Some(LinePricing {
        partner_price,
        discounted_partner_price: discounted,
        net_partner_price: round(daily * days as f64, 3),
        line_item_partner_price: round(daily * days as f64 * quantity as f64, 2),
        prorated_days: days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_of_the_docs() {
        let daily = round(345.0 / 365.0, 9);
        assert_eq!(round(daily * 90.0, 3), 85.068);
        assert_eq!(round(daily * 90.0 * 10.0, 2), 850.68);
        let daily = round(173.28 / 365.0, 9);
        assert_eq!(daily, 0.474739726);
        assert_eq!(round(daily * 228.0, 2), 108.24);
    }

    #[test]
    fn leap_terms_have_366_days() {
        let ad = NaiveDate::from_ymd_opt(2028, 3, 1).expect("date");
        assert_eq!(days_in_term(ad), 366);
        let ad = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        assert_eq!(days_in_term(ad), 365);
    }
}
