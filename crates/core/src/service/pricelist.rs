//! E25 `POST /v3/pricelist` (SPEC §2.8.8, §4.10): monthly price-list editions generated from the
//! embedded offer catalogue, scoped by the distributor's contract.
//!
//! Everything here is a pure function of the catalogue, the distributor, the request and the
//! distributor's clock, so one edition always has the same rows. The offers' life cycle is derived
//! from a hash of the product key ([`Lifecycle`]): a launch date between January 2019 and
//! December 2020 (the first edition, `201901`, is the first month with data), and a yearly price
//! review in a fixed month from the year after launch. The review and the launch are the offers'
//! `acdIndicator` events (`Change`, `Add`) in their month's edition; a review also closes the
//! previous price window, which the `3YC` list keeps as a historic row.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::Distributor;
use crate::reference::{self, MarketSegment};

mod attributes;
mod lifecycle;
mod request;
#[cfg(test)]
mod tests;

pub use attributes::level_details;
pub use request::{ATTRIBUTES, Filters, ListType, PriceListRequest, parse};

use lifecycle::{Edition, Lifecycle};

/// The first edition with data (`YYYYMM`).
pub const FIRST_EDITION: (i32, u32) = (2019, 1);

/// One row of a price list: an offer at a level with its price window and attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    /// The offer id (the product at the level, variant `A`, term `12`).
    pub offer_id: String,
    /// The level (`01`, `T1`, `12`, …).
    pub discount_code: &'static str,
    /// The product name.
    pub product_family: String,
    /// `Subscription New` (licences) or `Consumable New`.
    pub product_type: &'static str,
    /// `Annual`.
    pub product_type_detail: &'static str,
    /// Segment, Team/Enterprise and unit, with a `K-12`/`HED` prefix for those EDU offers.
    pub additional_detail: String,
    /// `Multiple Platforms`.
    pub operating_system: &'static str,
    /// The price region's languages.
    pub language: &'static str,
    /// `ALL`.
    pub version: &'static str,
    /// `1 User`, `1 Transaction`, …
    pub users: String,
    /// The unit of sale.
    pub metric: String,
    /// `No` (no Bridge offers in the catalogue).
    pub bridge: &'static str,
    /// The level and its quantity band, e.g. `Level 1 1 - 9`.
    pub level_details: String,
    /// First day the price applies.
    pub first_order_date: NaiveDate,
    /// Last day the price applies.
    pub last_order_date: NaiveDate,
    /// Partner unit price for 12 months.
    pub partner_price: f64,
    /// Estimated street price.
    pub estimated_street_price: f64,
    /// `Add` or `Change` in the edition of the event, else `None`.
    pub acd_indicator: Option<&'static str>,
    /// The event's date.
    pub acd_effective_date: Option<NaiveDate>,
    /// The event, in words.
    pub acd_description: Option<&'static str>,
    /// The product's launch.
    pub estimated_ship_date: NaiveDate,
    /// A month before launch.
    pub public_announce_date: NaiveDate,
    /// `14 Days`.
    pub rma_request_deadline: &'static str,
    /// `Application` (licences) or `Consumables`.
    pub pool: &'static str,
    /// `12 Months`.
    pub duration: &'static str,
}

/// Whether an edition exists on the distributor's clock: from [`FIRST_EDITION`] to the month of
/// `now`, both included.
pub fn edition_exists(month: (i32, u32), now: DateTime<Utc>) -> bool {
    month >= FIRST_EDITION && month <= (now.year(), now.month())
}

/// The rows of a price list, sorted by offer id then first order date, filters applied.
///
/// Errors, in this order: `1159` the distributor is inactive; `1160` the segment is not one the
/// distributor sells (or `STD-LGA` for another segment than GOV); `1161` the region or the
/// currency is not in the distributor's contract; `404 1162` no edition for the month.
pub fn rows(distributor: &Distributor, now: DateTime<Utc>, request: &PriceListRequest) -> CoreResult<Vec<PriceRow>> {
    if !distributor.active {
        return Err(CoreError::code(ErrorCode::InactivePartnerContract));
    }
    let segment = MarketSegment::parse(&request.market_segment)
        .filter(|s| distributor.market_segments.contains(s))
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidSegmentForPartner, "marketSegment"))?;
    if !distributor.covers_region(&request.region) {
        return Err(CoreError::detail(ErrorCode::InvalidCurrencyRegionForPartner, "region"));
    }
    if !distributor.sells(&request.region, &request.currency) {
        return Err(CoreError::detail(ErrorCode::InvalidCurrencyRegionForPartner, "currency"));
    }
    if request.list_type == ListType::StdLga && segment != MarketSegment::Gov {
        return Err(CoreError::detail(ErrorCode::InvalidSegmentForPartner, "priceListType"));
    }
    if !edition_exists(request.month, now) {
        return Err(CoreError::detail(ErrorCode::PriceListNotFound, "priceListMonth"));
    }
    let edition = Edition::new(request.month);
    let f = &request.filters;
    let mut out = Vec::new();
    for product in reference::products() {
        if product.segment != segment || !product.sold_in(&request.region, &request.currency) {
            continue;
        }
        if f.product_family.as_ref().is_some_and(|family| *family != product.name) {
            continue;
        }
        let Some(life) = Lifecycle::of(product).in_edition(&edition) else { continue };
        for level in request.list_type.levels(product) {
            let offer_id = reference::offer_id(&product.key, level);
            if f.offer_id.as_ref().is_some_and(|id| *id != offer_id)
                || f.discount_code.as_ref().is_some_and(|d| d != level)
            {
                continue;
            }
            let Some(price) = product.unit_price(level, &request.currency) else { continue };
            let row = |from, to, price| {
                attributes::row(product, &offer_id, level, &request.region, &request.currency, &life, from, to, price)
            };
            if request.list_type == ListType::ThreeYc
                && let Some((from, to)) = life.previous
            {
                out.push(row(from, to, round(price * 0.95, &request.currency)));
            }
            out.push(row(life.current.0, life.current.1, price));
        }
    }
    out.retain(|r| {
        f.first_order_date.is_none_or(|d| r.first_order_date > d)
            && f.last_order_date.is_none_or(|d| r.last_order_date >= d)
    });
    out.sort_by(|a, b| (&a.offer_id, a.first_order_date).cmp(&(&b.offer_id, b.first_order_date)));
    Ok(out)
}

/// Rounds a price the way the catalogue does: whole yen, else cents.
fn round(price: f64, currency: &str) -> f64 {
    if currency == "JPY" { price.round() } else { (price * 100.0).round() / 100.0 }
}

/// A price as the wire carries it: a string with two decimals (no decimals in JPY).
pub fn format_price(price: f64, currency: &str) -> String {
    if currency == "JPY" { format!("{price:.0}") } else { format!("{price:.2}") }
}

/// A date as the price list carries it: `2022-05-03T00:00:00.000+00:00`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{}T00:00:00.000+00:00", date.format("%Y-%m-%d"))
}
