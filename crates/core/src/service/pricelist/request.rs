//! Reading an E25 body: the list type, the filters and the optional attributes. Anything
//! malformed is `400 5122` "Invalid Request" naming the member.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::reference::{MarketSegment, OfferType, Product};

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
    pub(super) fn levels(self, product: &Product) -> Vec<&'static str> {
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
