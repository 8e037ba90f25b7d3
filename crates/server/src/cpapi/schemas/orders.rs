//! What the order and subscription operations (E15–E22) and the reseller change accept.

use super::CancellingItemIn;
use serde::Serialize;
use utoipa::ToSchema;

/// An order line in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}))]
pub struct LineItemIn {
    /// The partner's line number, unique in the order.
    #[schema(minimum = 0, maximum = 999999)]
    ext_line_item_number: i64,
    /// A catalogue offer id.
    #[schema(example = "65304479CA01A12")]
    offer_id: String,
    /// Quantity (optional on PREVIEW_RENEWAL lines).
    #[schema(minimum = 1, maximum = 599000)]
    quantity: Option<i64>,
    /// The subscription (RENEWAL, PREVIEW_RENEWAL and SWITCH lines).
    subscription_id: Option<String>,
    /// The line's currency (required with `deploymentId`).
    #[schema(pattern = "^[A-Z]{3}$")]
    currency_code: Option<String>,
    /// A deployment, for a global purchase.
    deployment_id: Option<String>,
    /// An HVD discount code.
    discount_code: Option<String>,
    /// At most one flexible discount code.
    #[schema(max_items = 1)]
    flex_discount_codes: Option<Vec<String>>,
}

/// `POST /v3/customers/{customer_id}/orders`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "orderType": "NEW", "externalReferenceId": "759", "currencyCode": "USD",
    "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}]
}))]
pub struct OrderIn {
    /// `NEW`, `PREVIEW`, `RETURN`, `RENEWAL`, `PREVIEW_RENEWAL`, `SWITCH`, `PREVIEW_SWITCH`, `REVERT_SWITCH`,
    /// `PREVIEW_REVERT_SWITCH`.
    #[schema(
        pattern = "^(NEW|PREVIEW|RETURN|RENEWAL|PREVIEW_RENEWAL|SWITCH|PREVIEW_SWITCH|REVERT_SWITCH|PREVIEW_REVERT_SWITCH)$",
        example = "NEW"
    )]
    order_type: String,
    /// The partner's own reference (RETURN: up to 100 characters).
    #[schema(max_length = 100)]
    external_reference_id: Option<String>,
    /// Order-level currency; required unless every line has one.
    #[schema(pattern = "^[A-Z]{3}$", example = "USD")]
    currency_code: Option<String>,
    /// The order a RETURN or REVERT_SWITCH refers to.
    reference_order_id: Option<String>,
    /// 1–499 lines (optional for PREVIEW_RENEWAL; exactly one for the SWITCH family).
    #[schema(min_items = 1, max_items = 499)]
    line_items: Option<Vec<LineItemIn>>,
    /// The SWITCH family only: exactly one item, the subscription giving up the line's quantity.
    #[schema(min_items = 1, max_items = 1)]
    cancelling_items: Option<Vec<CancellingItemIn>>,
}

/// `PATCH /v3/customers/{customer_id}/orders/{order_id}`: only `externalReferenceId`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"externalReferenceId": "34567"}))]
pub struct OrderPatch {
    /// The new reference.
    #[schema(max_length = 35)]
    external_reference_id: String,
}

/// Auto-renewal settings in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoRenewalIn {
    /// On or off; absent keeps the current flag.
    enabled: Option<bool>,
    /// An explicit renewal quantity (with `enabled: true`; `null` = all active licences).
    #[schema(minimum = 1)]
    renewal_quantity: Option<i64>,
    /// A High Growth renewal code (`MOQ_100`, `MOQ_250`, `MOQ_500`).
    renewal_code: Option<String>,
    /// Flexible discount codes for the renewal (auto-renewal must be on).
    flex_discount_codes: Option<Vec<String>>,
}

/// `PATCH /v3/customers/{customer_id}/subscriptions/{subscription_id}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"autoRenewal": {"enabled": true, "renewalQuantity": 5}}))]
pub struct SubscriptionPatch {
    /// The new settings.
    auto_renewal: Option<AutoRenewalIn>,
}

/// `POST /v3/customers/{customer_id}/subscriptions` (Create Subscription, E19).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"offerId": "65304520CA01A12", "autoRenewal": {"enabled": true, "renewalQuantity": 5}}))]
pub struct SubscriptionIn {
    /// A product the customer does not hold yet (any level of it); not a consumable.
    offer_id: String,
    /// `renewalQuantity` is required; `enabled` may only be `true`.
    auto_renewal: AutoRenewalIn,
    /// The currency; required with `deploymentId`, else the customer's home currency.
    currency_code: Option<String>,
    /// The deployment to buy for (a global customer abroad).
    deployment_id: Option<String>,
}

/// `POST /v3/transfers` (reseller change, E29).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"type": "RESELLER_CHANGE", "action": "PREVIEW", "approvalCode": "62159861",
    "resellerId": "1000000002", "requestedBy": "customer-admin@example.com"}))]
pub struct ResellerChangeIn {
    /// `RESELLER_CHANGE`.
    #[serde(rename = "type")]
    kind: String,
    /// `PREVIEW` (read-only) or `COMMIT`.
    action: String,
    /// The code the customer generated (portal: Generate Approval Code), valid 7 days, used once.
    approval_code: String,
    /// The new reseller, of the caller's distributor.
    reseller_id: String,
    /// Who asked for the change (recorded).
    requested_by: Option<String>,
}
