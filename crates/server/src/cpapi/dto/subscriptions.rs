//! Subscriptions on the wire (E20–E22).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::model::Subscription;

use super::LinksOut;

/// A subscription's auto-renewal settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AutoRenewal)]
pub struct AutoRenewalOut {
    /// Whether the subscription renews at the anniversary date.
    pub enabled: bool,
    /// The quantity renewed: the explicit one if set, else the current quantity.
    pub renewal_quantity: i64,
    /// The High Growth renewal code (`MOQ_100`, `MOQ_250`, `MOQ_500`); only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub renewal_code: Option<String>,
    /// Flexible discount codes opted in for the next renewal; only when set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flex_discount_codes: Vec<String>,
}

/// The subscription resource (E20–E22).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Subscription, example = json!({
    "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "offerId": "65304479CA01A12", "currentQuantity": 1,
    "usedQuantity": 0, "autoRenewal": {"enabled": true, "renewalQuantity": 1},
    "creationDate": "2025-01-15T10:00:02Z", "renewalDate": "2026-01-15", "status": "1000", "currencyCode": "USD",
    "links": {"self": {"uri": "/v3/customers/1005000001/subscriptions/8675309a1b2c3d4e5f60718293a4b5NA",
        "method": "GET", "headers": []}}
}))]
pub struct SubscriptionOut {
    /// The subscription id.
    pub subscription_id: String,
    /// The base-level offer id of the product.
    pub offer_id: String,
    /// Licences currently provisioned (0 for a scheduled subscription).
    pub current_quantity: i64,
    /// Licences assigned / units consumed.
    pub used_quantity: i64,
    /// Auto-renewal settings.
    pub auto_renewal: AutoRenewalOut,
    /// Only while an early renewal is in effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub renewed_quantity: Option<i64>,
    /// When the subscription was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// The next renewal date (`YYYY-MM-DD`), `""` if none.
    #[schema(example = "2026-01-15")]
    pub renewal_date: String,
    /// `1000` active, `1002` pending, `1004` inactive, `1009` scheduled.
    pub status: String,
    /// The currency.
    pub currency_code: String,
    /// The deployment, only for a subscription of a deployment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
    /// `["MANUAL_RENEWAL"]` while a late renewal is possible; omitted otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_actions: Vec<String>,
    /// A link to this resource.
    pub links: LinksOut,
}

impl From<&Subscription> for SubscriptionOut {
    fn from(s: &Subscription) -> Self {
        Self {
            subscription_id: s.id.clone(),
            offer_id: s.offer_id.clone(),
            current_quantity: s.current_quantity,
            used_quantity: s.used_quantity,
            auto_renewal: AutoRenewalOut {
                enabled: s.auto_renewal_enabled,
                renewal_quantity: s.effective_renewal_quantity(),
                renewal_code: s.renewal_code.clone(),
                flex_discount_codes: s.flex_discount_codes.clone(),
            },
            renewed_quantity: s.renewed_quantity,
            creation_date: format_datetime(s.created_at),
            renewal_date: s.renewal_date.map(format_date).unwrap_or_default(),
            status: s.status.clone(),
            currency_code: s.currency_code.clone(),
            deployment_id: s.deployment_id.clone(),
            allowed_actions: s.allowed_actions.clone(),
            links: LinksOut::to(format!("/v3/customers/{}/subscriptions/{}", s.customer_id, s.id)),
        }
    }
}

/// The subscriptions of a customer (E21): a whole list, no paging.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "totalCount": 1,
    "items": [{"subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "offerId": "65304479CA01A12",
        "currentQuantity": 1, "usedQuantity": 0, "autoRenewal": {"enabled": true, "renewalQuantity": 1},
        "creationDate": "2025-01-15T10:00:02Z", "renewalDate": "2026-01-15", "status": "1000", "currencyCode": "USD",
        "links": {"self": {"uri": "/v3/customers/1005000001/subscriptions/8675309a1b2c3d4e5f60718293a4b5NA",
            "method": "GET", "headers": []}}}],
    "links": {"self": {"uri": "/v3/customers/1005000001/subscriptions", "method": "GET", "headers": []}}
}))]
pub struct SubscriptionList {
    /// Number of subscriptions.
    pub total_count: usize,
    /// Every subscription of the customer, inactive and scheduled ones included.
    pub items: Vec<SubscriptionOut>,
    /// `self`.
    pub links: LinksOut,
    /// With `fetch-recommendations=true`: the recommendations for the customer's products, or the
    /// error only they hit (`errorDetails`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub recommendations: Option<super::RecommendationsOut>,
}
