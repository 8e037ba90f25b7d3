//! What the switch family of E15 and the switch-path lists (E35, E36) accept.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// The cancelled side of a switch request (SWITCH family).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "extLineItemNumber": 2, "referenceLineItemNumber": 1, "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA",
    "quantity": 5
}))]
pub struct CancellingItemIn {
    /// The partner's line number, unique in the order.
    #[schema(minimum = 0, maximum = 999999)]
    ext_line_item_number: i64,
    /// The `extLineItemNumber` of the line it corresponds to (`2153` otherwise).
    #[schema(minimum = 0, maximum = 999999)]
    reference_line_item_number: i64,
    /// The customer's subscription giving up the quantity (a revert: the switch's target).
    subscription_id: String,
    /// Equal to the line's quantity (`2149`), at most the subscription's active quantity (`2151`).
    #[schema(minimum = 1, maximum = 599000)]
    quantity: i64,
    /// A discount code, stored only.
    discount_code: Option<String>,
}

/// The `reassign-users` flag of the switch family.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SwitchOrderQuery {
    /// `true`: reassign the users of the cancelled subscription (Teams to Teams; recorded only).
    #[param(rename = "reassign-users")]
    reassign_users: Option<bool>,
}

/// The query of `GET /v3/offer-switch-paths` (E35).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SwitchPathsQuery {
    /// `COM`, `EDU` or `GOV`; required unless `customer-id` and `subscription-id` are given.
    #[param(rename = "market-segment", pattern = "^(COM|EDU|GOV)$", example = "COM")]
    market_segment: Option<String>,
    /// ISO 3166-1 alpha-2 country; only sources sold there. Required unless `customer-id` and
    /// `subscription-id` are given.
    #[param(pattern = "^[A-Z]{2}$", example = "US")]
    country: Option<String>,
    /// `MULT` (default) or `EN`.
    #[param(pattern = "^(MULT|EN)$", example = "MULT")]
    language: Option<String>,
    /// Only the paths of this source offer's product.
    #[param(rename = "offer-id", example = "65304479CA01A12")]
    offer_id: Option<String>,
    /// With `customer-id`: only the paths of this subscription's product.
    #[param(rename = "subscription-id")]
    subscription_id: Option<String>,
    /// With `subscription-id`: the subscription's customer.
    #[param(rename = "customer-id")]
    customer_id: Option<String>,
    /// Page size, at least 1 (default 20; above 50 is 50).
    #[param(minimum = 1, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}

/// The query of `GET /v3/customers/{customer_id}/subscriptions/{subscription_id}/offer-switch-paths` (E36).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriptionSwitchPathsQuery {
    /// `MULT` (default) or `EN`.
    #[param(pattern = "^(MULT|EN)$", example = "MULT")]
    language: Option<String>,
    /// Page size, at least 1 (default 20; above 50 is 50).
    #[param(minimum = 1, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}
