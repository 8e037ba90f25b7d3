//! What recommendations, flexible discounts, price fetches and membership transfers accept.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// An offer of the cart in a recommendation request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecommendationOfferIn {
    /// The offer.
    offer_id: String,
    /// Its quantity.
    #[schema(minimum = 1)]
    quantity: Option<i64>,
}

/// `POST /v3/recommendations` (E34).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"recommendationContext": "GENERIC", "customerId": "1005000001", "country": "US", "language": "MULT"}))]
pub struct RecommendationIn {
    /// `GENERIC`, `ORDER_PREVIEW`, `RENEWAL_ORDER_PREVIEW` or `ORDERS_VIEW`.
    #[schema(pattern = "^(GENERIC|ORDER_PREVIEW|RENEWAL_ORDER_PREVIEW|ORDERS_VIEW)$", example = "GENERIC")]
    recommendation_context: String,
    /// The customer.
    customer_id: String,
    /// The cart (ORDER_PREVIEW).
    offers: Option<Vec<RecommendationOfferIn>>,
    /// ISO country (default: the customer's); unknown: `5136`.
    country: Option<String>,
    /// `MULT` (default) or `EN`; anything else: `5137`.
    language: Option<String>,
}

/// `fetch-recommendations` on PREVIEW and PREVIEW_RENEWAL.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// `true`: add `recommendations` to a PREVIEW or PREVIEW_RENEWAL answer.
    #[param(rename = "fetch-recommendations")]
    fetch_recommendations: Option<bool>,
    /// The recommendation country (default: the customer's); unknown: `errorDetails` `5136`.
    #[param(rename = "recommendation-country")]
    recommendation_country: Option<String>,
    /// `MULT` (default) or `EN`; anything else: `errorDetails` `5137`.
    #[param(rename = "recommendation-language")]
    recommendation_language: Option<String>,
}

/// The filters of `GET /v3/flex-discounts` (E32).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlexDiscountQuery {
    /// `COM`, `EDU` or `GOV`, one the partner sells (required).
    #[param(rename = "market-segment", required = true, example = "COM")]
    market_segment: Option<String>,
    /// ISO 3166-1 alpha-2 country the partner sells in (required; `1178` otherwise).
    #[param(required = true, example = "US")]
    country: Option<String>,
    /// `STANDARD`, `INTRO` or both, comma-separated (default both).
    categories: Option<String>,
    /// Offer ids, comma-separated: discounts for any of their products (or for every product).
    #[param(rename = "offer-ids")]
    offer_ids: Option<String>,
    /// One discount by id; no other optional parameter may be sent with it.
    #[param(rename = "flex-discount-id")]
    flex_discount_id: Option<String>,
    /// One discount by code (exact).
    #[param(rename = "flex-discount-code")]
    flex_discount_code: Option<String>,
    /// `true`: also the `REUSABLE` discounts (past `endDate`, before `discountLockEndDate`).
    #[param(rename = "include-eligible-reusable-discounts")]
    include_eligible_reusable_discounts: Option<bool>,
    /// `YYYY-MM-DD` or a Zulu date-time: windows overlapping from then (alone: live on that day).
    #[param(rename = "start-date")]
    start_date: Option<String>,
    /// `YYYY-MM-DD` (end of that day) or a Zulu date-time: windows overlapping until then.
    #[param(rename = "end-date")]
    end_date: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// The paging of `GET /v3/customers/{customer_id}/flex-discounts` (E33).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerFlexDiscountQuery {
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// The flag of the subscription update.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriptionUpdateQuery {
    /// `true`: remove the opted `autoRenewal.flexDiscountCodes` (send `{}` as the body).
    #[param(rename = "reset-flex-discount-codes")]
    reset_flex_discount_codes: Option<bool>,
    /// `true`: remove the High Growth `autoRenewal.renewalCode` (default `false`).
    #[param(rename = "reset-renewal-code")]
    reset_renewal_code: Option<bool>,
}

/// The `fetch-price` flag of the order reads and creates.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FetchPriceQuery {
    /// `true`: include `pricing`, `proratedDays` and `pricingSummary` (previews; completed
    /// single-currency orders).
    #[param(rename = "fetch-price")]
    fetch_price: Option<bool>,
}

/// `POST /v3/memberships/{membership_id}/transfers` (E27).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"resellerId": "1000000001"}))]
pub struct MembershipTransferIn {
    /// The reseller the customer lands under, of the caller's distributor, active and selling the
    /// membership's market segment.
    reseller_id: String,
}

/// The bypass flags of E26 and E27.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembershipTransferQuery {
    /// `true`: waive `RETURNABLE_PURCHASE` (default `false`).
    #[param(rename = "ignore-order-return")]
    ignore_order_return: Option<bool>,
    /// `true`: waive `OPEN_PURCHASE_AUTH` (default `false`).
    #[param(rename = "expire-open-pas")]
    expire_open_pas: Option<bool>,
}
