//! The price list on the wire (E25, SPEC §2.8.8): the envelope of the SPEC sample and one row
//! per offer and price window. Prices are strings; optional attributes appear only when asked
//! for in `includeOfferAttributes` and not null.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::service::pricelist::{self, PriceListRequest, PriceRow};

/// One price-list row.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PriceListOffer)]
pub struct PriceListOfferOut {
    /// The offer id. Always present.
    pub offer_id: String,
    /// The level (`01`, `T1`, `12`, …). Always present.
    pub discount_code: String,
    /// The product name. Always present.
    pub product_family: String,
    /// `Subscription New` or `Consumable New`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub product_type: Option<String>,
    /// `Annual`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub product_type_detail: Option<String>,
    /// Segment, Team/Enterprise and unit (`K-12 | …`/`HED | …` for those EDU offers).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub additional_detail: Option<String>,
    /// `Multiple Platforms`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub operating_system: Option<String>,
    /// The price region's languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub language: Option<String>,
    /// `ALL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub version: Option<String>,
    /// `1 User`, `1 Transaction`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub users: Option<String>,
    /// The unit of sale.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub metric: Option<String>,
    /// `No`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub bridge: Option<String>,
    /// The offer id again.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub part_number: Option<String>,
    /// `Level 1 1 - 9`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub level_details: Option<String>,
    /// First day of the price window. Always present.
    pub first_order_date: String,
    /// Last day of the price window. Always present.
    pub last_order_date: String,
    /// Partner unit price for 12 months, a string. Always present.
    pub partner_price: String,
    /// Estimated street price, a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub estimated_street_price: Option<String>,
    /// `Application` or `Consumables`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pool: Option<String>,
    /// `12 Months`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub duration: Option<String>,
    /// `Add` or `Change`, only in the edition of the month the offer was added or repriced.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub acd_indicator: Option<String>,
    /// When that change takes effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub acd_effective_date: Option<String>,
    /// The change in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub acd_description: Option<String>,
    /// The product's launch.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub estimated_ship_date: Option<String>,
    /// A month before launch.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub public_announce_date: Option<String>,
    /// `14 Days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub rma_request_deadline: Option<String>,
}

impl PriceListOfferOut {
    /// The row with the optional attributes `request` asks for.
    pub fn new(row: &PriceRow, request: &PriceListRequest) -> Self {
        let currency = request.currency.as_str();
        let want = |name: &str, value: String| request.wants(name).then_some(value);
        let text = |name: &str, value: &str| want(name, value.to_string());
        let date = pricelist::format_date;
        Self {
            offer_id: row.offer_id.clone(),
            discount_code: row.discount_code.to_string(),
            product_family: row.product_family.clone(),
            product_type: text("productType", row.product_type),
            product_type_detail: text("productTypeDetail", row.product_type_detail),
            additional_detail: text("additionalDetail", &row.additional_detail),
            operating_system: text("operatingSystem", row.operating_system),
            language: text("language", row.language),
            version: text("version", row.version),
            users: text("users", &row.users),
            metric: text("metric", &row.metric),
            bridge: text("bridge", row.bridge),
            part_number: text("partNumber", &row.offer_id),
            level_details: text("levelDetails", &row.level_details),
            first_order_date: date(row.first_order_date),
            last_order_date: date(row.last_order_date),
            partner_price: pricelist::format_price(row.partner_price, currency),
            estimated_street_price: want(
                "estimatedStreetPrice",
                pricelist::format_price(row.estimated_street_price, currency),
            ),
            pool: text("pool", row.pool),
            duration: text("duration", row.duration),
            acd_indicator: row.acd_indicator.and_then(|v| text("acdIndicator", v)),
            acd_effective_date: row.acd_effective_date.and_then(|d| want("acdEffectiveDate", date(d))),
            acd_description: row.acd_description.and_then(|v| text("acdDescription", v)),
            estimated_ship_date: want("estimatedShipDate", date(row.estimated_ship_date)),
            public_announce_date: want("publicAnnounceDate", date(row.public_announce_date)),
            rma_request_deadline: text("rmaRequestDeadline", row.rma_request_deadline),
        }
    }
}

/// A page of a price list (E25), in the envelope of the SPEC sample.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PriceList, example = json!({
    "priceListMonth": "202601", "marketSegment": "COM", "region": "NA", "currency": "USD",
    "priceListType": "STANDARD", "totalCount": 644, "count": 1, "limit": 20, "offset": 0,
    "offers": [{"offerId": "65304479CA01A12", "discountCode": "01", "productFamily": "Audition for Teams",
        "levelDetails": "Level 1 1 - 9", "firstOrderDate": "2025-09-01T00:00:00.000+00:00",
        "lastOrderDate": "2026-08-31T00:00:00.000+00:00", "partnerPrice": "271.38", "pool": "Application"}]
}))]
pub struct PriceListOut {
    /// The edition, `YYYYMM`.
    pub price_list_month: String,
    /// The market segment.
    pub market_segment: String,
    /// The price region.
    pub region: String,
    /// The currency.
    pub currency: String,
    /// `STANDARD`, `3YC` or `STD-LGA`.
    pub price_list_type: String,
    /// Rows matching the request, ignoring paging.
    pub total_count: i64,
    /// Rows in this page.
    pub count: i64,
    /// The effective page size.
    pub limit: i64,
    /// The page's offset.
    pub offset: i64,
    /// The rows, by offer id then first order date.
    pub offers: Vec<PriceListOfferOut>,
}

impl PriceListOut {
    /// The page `offset..offset + limit` of `rows`.
    pub fn new(request: &PriceListRequest, rows: &[PriceRow], offset: i64, limit: i64) -> Self {
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let take = usize::try_from(limit).unwrap_or(0);
        let offers: Vec<PriceListOfferOut> =
            rows.iter().skip(start).take(take).map(|r| PriceListOfferOut::new(r, request)).collect();
        Self {
            price_list_month: request.month_text(),
            market_segment: request.market_segment.clone(),
            region: request.region.clone(),
            currency: request.currency.clone(),
            price_list_type: request.list_type.as_str().to_string(),
            total_count: rows.len() as i64,
            count: offers.len() as i64,
            limit,
            offset,
            offers,
        }
    }
}
