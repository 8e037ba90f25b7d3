//! Flexible discounts on the wire (E32, E33).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::reference::flex::FlexDiscount;

use super::LinksOut;
use crate::cpapi::lists::PageMeta;

/// One value of an outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscountValue, example = json!({"country": "US", "currency": "USD", "value": 10}))]
pub struct DiscountValueOut {
    /// The country, when the value is for one country only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub country: Option<String>,
    /// The currency of a fixed amount (absent for a percentage).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub currency: Option<String>,
    /// Percent, or an amount in `currency`.
    pub value: f64,
}

impl DiscountValueOut {
    /// The values of a discount's outcome.
    pub fn all(d: &FlexDiscount) -> Vec<Self> {
        d.values()
            .into_iter()
            .map(|v| Self {
                country: v.country.map(str::to_string),
                currency: v.currency.map(str::to_string),
                value: v.value,
            })
            .collect()
    }
}

/// What a discount does.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscountOutcome)]
pub struct OutcomeOut {
    /// `PERCENTAGE_DISCOUNT`, `FIXED_DISCOUNT` or `FIXED_PRICE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The values.
    pub discount_values: Vec<DiscountValueOut>,
}

/// Which products qualify.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscountQualification)]
pub struct QualificationOut {
    /// The base offer ids; empty: every base product.
    pub base_offer_ids: Vec<String>,
}

/// A flexible discount (SPEC §2.8.11).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscount, example = json!({
    "id": "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab", "category": "STANDARD", "code": "BLACK_FRIDAY",
    "name": "BLACK_FRIDAY", "description": "10 USD off, November and December; reusable for 27 months after",
    "startDate": "2026-11-01T00:00:00Z", "endDate": "2026-12-31T23:59:59Z", "status": "ACTIVE",
    "discountLockEndDate": "2029-03-31T23:59:59Z", "qualification": {"baseOfferIds": []},
    "outcomes": [{"type": "FIXED_DISCOUNT", "discountValues": [{"currency": "USD", "value": 10}]}]
}))]
pub struct FlexDiscountOut {
    /// The discount's id.
    pub id: String,
    /// `STANDARD` or `INTRO`.
    pub category: String,
    /// The code to send in `flexDiscountCodes`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// First instant (UTC).
    pub start_date: String,
    /// Last instant (UTC).
    pub end_date: String,
    /// `ACTIVE` (live or future-dated), `REUSABLE` or `EXPIRED`.
    pub status: String,
    /// Reusable discounts only: usable by earlier users until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub discount_lock_end_date: Option<String>,
    /// The qualifying products.
    pub qualification: QualificationOut,
    /// What it does.
    pub outcomes: Vec<OutcomeOut>,
}

impl FlexDiscountOut {
    /// The discount as of `now`.
    pub fn new(d: &FlexDiscount, now: chrono::DateTime<chrono::Utc>) -> Self {
        let t = d.template;
        Self {
            id: d.id.clone(),
            category: t.category.as_str().into(),
            code: t.code.into(),
            name: t.name.into(),
            description: t.description.into(),
            start_date: format_datetime(d.start),
            end_date: format_datetime(d.end),
            status: d.status(now).as_str().into(),
            discount_lock_end_date: d.lock_end.map(format_datetime),
            qualification: QualificationOut { base_offer_ids: d.base_offer_ids() },
            outcomes: vec![OutcomeOut { kind: t.kind.as_str().into(), discount_values: DiscountValueOut::all(d) }],
        }
    }
}

/// A page of flexible discounts (E32, E33).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscountList, example = json!({
    "limit": 20, "offset": 0, "count": 1, "totalCount": 1,
    "flexDiscounts": [{"id": "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab", "category": "STANDARD", "code": "SAVE10",
        "name": "SAVE10", "description": "10% off every base product, all year",
        "startDate": "2026-01-01T00:00:00Z", "endDate": "2026-12-31T23:59:59Z", "status": "ACTIVE",
        "qualification": {"baseOfferIds": []},
        "outcomes": [{"type": "PERCENTAGE_DISCOUNT", "discountValues": [{"value": 10}]}]}],
    "links": {"self": {"uri": "/v3/flex-discounts?offset=0&limit=20&market-segment=COM&country=US", "method": "GET",
        "headers": []}}
}))]
pub struct FlexDiscountList {
    /// The page size.
    pub limit: i64,
    /// The page's offset.
    pub offset: i64,
    /// Entries in this page.
    pub count: i64,
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// The discounts.
    pub flex_discounts: Vec<FlexDiscountOut>,
    /// `self`, `next`, `prev`.
    pub links: LinksOut,
}

impl FlexDiscountList {
    /// The envelope of a page.
    pub fn new(meta: PageMeta, flex_discounts: Vec<FlexDiscountOut>) -> Self {
        Self {
            limit: meta.limit,
            offset: meta.offset,
            count: meta.count,
            total_count: meta.total_count,
            flex_discounts,
            links: meta.links,
        }
    }
}
