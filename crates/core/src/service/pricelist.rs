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

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::Distributor;
use crate::reference::{self, MarketSegment, OfferType, Product};

/// The first edition with data (`YYYYMM`).
pub const FIRST_EDITION: (i32, u32) = (2019, 1);

/// The list types (`priceListType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListType {
    /// Volume levels `01`–`04` and `T1`–`T7` (the default).
    Standard,
    /// Three-Year Commit levels `12`–`14` (EDU: `02`–`04`) and `TA`–`TG`, with historic windows.
    ThreeYc,
    /// Large Government Agency levels `06`–`09`, GOV only.
    StdLga,
}

impl ListType {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ListType::Standard => "STANDARD",
            ListType::ThreeYc => "3YC",
            ListType::StdLga => "STD-LGA",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [ListType::Standard, ListType::ThreeYc, ListType::StdLga].into_iter().find(|t| t.as_str() == s)
    }

    /// The levels of `product` this list prices, in ascending order.
    fn levels(self, product: &Product) -> Vec<&'static str> {
        let wanted: &[&'static str] = match (self, product.offer_type, product.segment) {
            (ListType::Standard, OfferType::License, _) => &["01", "02", "03", "04"],
            (ListType::Standard, OfferType::Consumables, _) => &["T1", "T2", "T3", "T4", "T5", "T6", "T7"],
            (ListType::ThreeYc, OfferType::License, MarketSegment::Edu) => &["02", "03", "04"],
            (ListType::ThreeYc, OfferType::License, _) => &["12", "13", "14"],
            (ListType::ThreeYc, OfferType::Consumables, _) => &["TA", "TB", "TC", "TD", "TE", "TF", "TG"],
            (ListType::StdLga, OfferType::License, MarketSegment::Gov) => &["06", "07", "08", "09"],
            (ListType::StdLga, _, _) => &[],
        };
        wanted.iter().copied().filter(|l| product.is_valid_level(l)).collect()
    }
}

/// The optional attributes `includeOfferAttributes` may ask for, in their wire spelling.
pub const ATTRIBUTES: [&str; 26] = [
    "productFamily",
    "productType",
    "productTypeDetail",
    "operatingSystem",
    "language",
    "version",
    "users",
    "metric",
    "bridge",
    "partNumber",
    "acdIndicator",
    "acdEffectiveDate",
    "levelDetails",
    "firstOrderDate",
    "lastOrderDate",
    "partnerPrice",
    "estimatedStreetPrice",
    "discountCode",
    "estimatedShipDate",
    "publicAnnounceDate",
    "rmaRequestDeadline",
    "acdDescription",
    "pool",
    "duration",
    "additionalDetail",
    "offerId",
];

/// The `filters` of a request; `None` is "not filtered".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Exact offer id.
    pub offer_id: Option<String>,
    /// Exact, case-sensitive product family.
    pub product_family: Option<String>,
    /// Rows whose first order date is later than this date.
    pub first_order_date: Option<NaiveDate>,
    /// Rows whose last order date is on or after this date.
    pub last_order_date: Option<NaiveDate>,
    /// Exact discount code (the level, `01`, `T1`, `12`, …).
    pub discount_code: Option<String>,
}

/// A price-list request, read from the body of E25.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceListRequest {
    /// Price region as sent.
    pub region: String,
    /// Market segment as sent.
    pub market_segment: String,
    /// Currency as sent.
    pub currency: String,
    /// The edition: year and month.
    pub month: (i32, u32),
    /// The list type.
    pub list_type: ListType,
    /// The filters.
    pub filters: Filters,
    /// The optional attributes asked for (wire names, without duplicates).
    pub attributes: Vec<&'static str>,
}

impl PriceListRequest {
    /// The edition as `YYYYMM`.
    pub fn month_text(&self) -> String {
        format!("{:04}{:02}", self.month.0, self.month.1)
    }

    /// Whether the optional attribute `name` was asked for.
    pub fn wants(&self, name: &str) -> bool {
        self.attributes.contains(&name)
    }
}

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

fn invalid(detail: impl Into<String>) -> CoreError {
    CoreError::detail(ErrorCode::InvalidRequest, detail)
}

const BODY_KEYS: [&str; 7] =
    ["region", "marketSegment", "currency", "priceListMonth", "priceListType", "filters", "includeOfferAttributes"];
const FILTER_KEYS: [&str; 5] = ["offerId", "productFamily", "firstOrderDate", "lastOrderDate", "discountCode"];

/// A string member: absent, `null` and `""` are `None`; another type is `5122`.
fn string(map: &Map<String, Value>, key: &str, path: &str) -> CoreResult<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(format!("{path}{key}"))),
    }
}

fn required(map: &Map<String, Value>, key: &str) -> CoreResult<String> {
    string(map, key, "")?.ok_or_else(|| invalid(key))
}

/// `YYYYMM` with a month from 01 to 12.
fn parse_month(s: &str) -> Option<(i32, u32)> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = s[..4].parse().ok()?;
    let month = s[4..].parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// A filter date: `YYYY-MM-DD`, optionally followed by a time (`T…`), as the rows carry them.
fn parse_filter_date(s: &str) -> Option<NaiveDate> {
    let date = crate::dates::parse_date(s.get(..10)?)?;
    (s.len() == 10 || s.as_bytes()[10] == b'T').then_some(date)
}

fn parse_filters(value: Option<&Value>) -> CoreResult<Filters> {
    let map = match value {
        None | Some(Value::Null) => return Ok(Filters::default()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(invalid("filters")),
    };
    if let Some(key) = map.keys().find(|k| !FILTER_KEYS.contains(&k.as_str())) {
        return Err(invalid(format!("filters.{key}")));
    }
    let date = |key: &str| -> CoreResult<Option<NaiveDate>> {
        match string(map, key, "filters.")? {
            None => Ok(None),
            Some(s) => parse_filter_date(&s).map(Some).ok_or_else(|| invalid(format!("filters.{key}"))),
        }
    };
    Ok(Filters {
        offer_id: string(map, "offerId", "filters.")?,
        product_family: string(map, "productFamily", "filters.")?,
        first_order_date: date("firstOrderDate")?,
        last_order_date: date("lastOrderDate")?,
        discount_code: string(map, "discountCode", "filters.")?,
    })
}

fn parse_attributes(value: Option<&Value>) -> CoreResult<Vec<&'static str>> {
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(invalid("includeOfferAttributes")),
    };
    let mut out = Vec::new();
    for item in list {
        let Value::String(name) = item else { return Err(invalid("includeOfferAttributes")) };
        let known = ATTRIBUTES.iter().find(|a| **a == name.as_str()).ok_or_else(|| invalid(name.clone()))?;
        if !out.contains(known) {
            out.push(*known);
        }
    }
    Ok(out)
}

/// Reads an E25 body. Anything malformed (not an object, an unknown member, a missing or
/// mistyped required member, a bad month, list type, filter or attribute) is `400 5122`
/// "Invalid Request" naming the member.
pub fn parse(body: &Value) -> CoreResult<PriceListRequest> {
    let Value::Object(map) = body else { return Err(invalid("body")) };
    if let Some(key) = map.keys().find(|k| !BODY_KEYS.contains(&k.as_str())) {
        return Err(invalid(key.clone()));
    }
    let region = required(map, "region")?;
    let market_segment = required(map, "marketSegment")?;
    let currency = required(map, "currency")?;
    let month = parse_month(&required(map, "priceListMonth")?).ok_or_else(|| invalid("priceListMonth"))?;
    let list_type = match string(map, "priceListType", "")? {
        None => ListType::Standard,
        Some(t) => ListType::parse(&t).ok_or_else(|| invalid("priceListType"))?,
    };
    Ok(PriceListRequest {
        region,
        market_segment,
        currency,
        month,
        list_type,
        filters: parse_filters(map.get("filters"))?,
        attributes: parse_attributes(map.get("includeOfferAttributes"))?,
    })
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
                row(product, &offer_id, level, &request.region, &request.currency, &life, from, to, price)
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

/// The first and last day of an edition.
struct Edition {
    first: NaiveDate,
    last: NaiveDate,
}

impl Edition {
    fn new((year, month): (i32, u32)) -> Self {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
        let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
        Self { first, last }
    }

    fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// A product's launch and yearly price review, derived from its key.
struct Lifecycle {
    launch: NaiveDate,
    review_month: u32,
}

/// A product's price windows and event as one edition shows them.
struct InEdition {
    launch: NaiveDate,
    current: (NaiveDate, NaiveDate),
    previous: Option<(NaiveDate, NaiveDate)>,
    event: Option<(&'static str, NaiveDate, &'static str)>,
}

impl Lifecycle {
    fn of(product: &Product) -> Self {
        let hash = reference::fnv1a(product.key.as_bytes());
        // Both are below 24 and 28, so the conversions are exact.
        let months = (hash % 24) as u32;
        let day = 1 + ((hash >> 16) % 28) as u32;
        let launch =
            NaiveDate::from_ymd_opt(2019 + (months / 12) as i32, 1 + months % 12, day).unwrap_or(NaiveDate::MIN);
        Self { launch, review_month: 1 + ((hash >> 32) % 12) as u32 }
    }

    fn review(&self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.review_month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The windows as of `edition`; `None` before launch.
    fn in_edition(&self, edition: &Edition) -> Option<InEdition> {
        if self.launch > edition.last {
            return None;
        }
        let first_review_year = self.launch.year() + 1;
        let year = if self.review(edition.last.year()) <= edition.last {
            edition.last.year()
        } else {
            edition.last.year() - 1
        };
        let day_before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
        let (current, previous) = if year >= first_review_year {
            let start = self.review(year);
            let previous_start = if year > first_review_year { self.review(year - 1) } else { self.launch };
            ((start, day_before(self.review(year + 1))), Some((previous_start, day_before(start))))
        } else {
            ((self.launch, day_before(self.review(first_review_year))), None)
        };
        let event = if edition.contains(self.launch) {
            Some(("Add", self.launch, "New offer"))
        } else if previous.is_some() && edition.contains(current.0) {
            Some(("Change", current.0, "Price change"))
        } else {
            None
        };
        Some(InEdition { launch: self.launch, current, previous, event })
    }
}

/// `Level 1 1 - 9`: the level and the quantities it covers (SPEC §1.5).
pub fn level_details(level: &str) -> String {
    let band = match level {
        "01" => "1 - 9",
        "02" | "12" => "10 - 49",
        "03" | "13" => "50 - 99",
        "04" | "14" => "100+",
        "06" => "100 - 999",
        "07" => "1000 - 4999",
        "08" => "5000 - 9999",
        "09" => "10000+",
        "T1" | "TA" => "1 - 999",
        "T2" | "TB" => "1000 - 2499",
        "T3" | "TC" => "2500 - 4999",
        "T4" | "TD" => "5000 - 14999",
        "T5" | "TE" => "15000 - 49999",
        "T6" | "TF" => "50000 - 99999",
        _ => "100000+",
    };
    format!("Level {} {band}", level.trim_start_matches('0'))
}

fn language(region: &str) -> &'static str {
    match region {
        "NA" => "Multi NorthAmerican Language",
        "WE" => "Multi European Languages",
        "EE" => "Multi Eastern European Languages",
        "LA" => "Multi Latin American Languages",
        "MX" => "Spanish",
        "JP" => "Japanese",
        "AP" => "Multi Asian Languages",
        "PA" => "English",
        _ => "Multiple Languages",
    }
}

fn additional_detail(product: &Product) -> String {
    let edition = if product.team { "Team" } else { "Enterprise" };
    let base = format!("{} | {edition} | {}", product.segment, product.unit);
    if product.name.contains("K-12") {
        format!("K-12 | {base}")
    } else if product.name.contains("HED") {
        format!("HED | {base}")
    } else {
        base
    }
}

#[expect(clippy::too_many_arguments, reason = "one row is the product, the offer and its window, priced")]
fn row(
    product: &Product,
    offer_id: &str,
    level: &'static str,
    region: &str,
    currency: &str,
    life: &InEdition,
    from: NaiveDate,
    to: NaiveDate,
    price: f64,
) -> PriceRow {
    let licence = product.offer_type == OfferType::License;
    let unit = if matches!(product.unit.as_str(), "Named License" | "Subscription") { "User" } else { &product.unit };
    PriceRow {
        offer_id: offer_id.to_string(),
        discount_code: level,
        product_family: product.name.clone(),
        product_type: if licence { "Subscription New" } else { "Consumable New" },
        product_type_detail: "Annual",
        additional_detail: additional_detail(product),
        operating_system: "Multiple Platforms",
        language: language(region),
        version: "ALL",
        users: format!("1 {unit}"),
        metric: if product.unit == "Named License" { "Named User".into() } else { product.unit.clone() },
        bridge: "No",
        level_details: level_details(level),
        first_order_date: from,
        last_order_date: to,
        partner_price: price,
        estimated_street_price: round(price * 1.0638, currency),
        acd_indicator: life.event.map(|e| e.0),
        acd_effective_date: life.event.map(|e| e.1),
        acd_description: life.event.map(|e| e.2),
        estimated_ship_date: life.launch,
        public_announce_date: life.launch.checked_sub_months(Months::new(1)).unwrap_or(life.launch),
        rma_request_deadline: "14 Days",
        pool: if licence { "Application" } else { "Consumables" },
        duration: "12 Months",
    }
}

#[cfg(test)]
mod tests;
