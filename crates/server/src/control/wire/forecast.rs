//! The portal API's renewal-forecast answer and the types it is built from, mapped from
//! `vipmp_core::service::forecast::Forecast`.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_date;
use vipmp_core::model::Subscription;
use vipmp_core::service::commitments::Ending;
use vipmp_core::service::forecast::{self, Forecast};

/// A subscription in the renewal forecast.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastSubscription {
    /// The subscription id.
    pub subscription_id: String,
    /// Its offer.
    pub offer_id: String,
    /// Its status.
    pub status: String,
    /// Whether it renews automatically.
    pub auto_renewal: bool,
    /// Licences provisioned.
    pub current_quantity: i64,
    /// The quantity that renews.
    pub renewal_quantity: i64,
    /// Its renewal date, `""` if none.
    pub renewal_date: String,
}

/// A line of the forecast's RENEWAL order.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastLine {
    /// Line number.
    pub ext_line_item_number: i64,
    /// The renewal offer.
    pub offer_id: String,
    /// Quantity renewed.
    pub quantity: i64,
    /// The subscription renewed.
    pub subscription_id: String,
    /// The currency.
    pub currency_code: String,
    /// Unit partner price, `null` when not priced.
    pub partner_price: Option<f64>,
    /// Line partner price, `null` when not priced.
    pub line_item_partner_price: Option<f64>,
}

/// The RENEWAL order the forecast's renewal job would create.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastOrder {
    /// Always `RENEWAL`.
    pub order_type: String,
    /// The currency.
    pub currency_code: String,
    /// The status it would reach once processed.
    pub status: String,
    /// Its lines.
    pub line_items: Vec<ForecastLine>,
}

/// A discount level after the forecast.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastDiscount {
    /// `LICENSE` or `CONSUMABLES`.
    pub offer_type: String,
    /// The level (`01`…).
    pub level: String,
}

/// The customer after the forecast's renewal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastAfter {
    /// Its cotermDate, `""` if none.
    pub coterm_date: String,
    /// Its discount levels.
    pub discounts: Vec<ForecastDiscount>,
    /// Its subscriptions.
    pub subscriptions: Vec<ForecastSubscription>,
}

/// The customer's subscriptions before the forecast's renewal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastBefore {
    /// Its subscriptions.
    pub subscriptions: Vec<ForecastSubscription>,
}

/// What the renewal job would do for a customer at a date (nothing is changed). The service
/// builds it as JSON; the handler reads it into this type (refusing unknown members) and
/// writes it back, so the answer is exactly this shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "customerId": "1005000001", "at": "2026-01-15", "customerStatus": "1000", "resellerStatus": "1000",
    "cotermDate": "2026-01-15", "due": true, "dueSubscriptions": ["8675309a1b2c3d4e5f60718293a4b5NA"],
    "renewalOrder": {"orderType": "RENEWAL", "currencyCode": "USD", "status": "1000", "lineItems": [{
        "extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1,
        "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "currencyCode": "USD", "partnerPrice": 810.0,
        "lineItemPartnerPrice": 810.0}]},
    "renewingSubscriptions": 1, "expiringSubscriptions": [], "failed": false, "failureStatus": null,
    "failureReason": null, "commitment": null,
    "after": {"cotermDate": "2027-01-15", "discounts": [{"offerType": "LICENSE", "level": "01"}], "subscriptions": []},
    "before": {"subscriptions": []}
}))]
pub struct ForecastOut {
    /// The customer.
    pub customer_id: String,
    /// The date forecast (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub at: String,
    /// The customer's status.
    pub customer_status: String,
    /// Its reseller's status, `null` if the reseller is gone.
    pub reseller_status: Option<String>,
    /// Its cotermDate, `""` if none.
    pub coterm_date: String,
    /// Whether a subscription is due for renewal at that date.
    pub due: bool,
    /// The due subscriptions.
    pub due_subscriptions: Vec<String>,
    /// The RENEWAL order it would create, `null` if none.
    pub renewal_order: Option<ForecastOrder>,
    /// Subscriptions that would renew.
    pub renewing_subscriptions: usize,
    /// Subscriptions that would expire.
    pub expiring_subscriptions: Vec<String>,
    /// Whether the renewal order would fail.
    pub failed: bool,
    /// The failed order's status, `null` unless it fails.
    pub failure_status: Option<String>,
    /// Why it would fail, `null` unless it fails.
    pub failure_reason: Option<String>,
    /// What happens to a 3YC commitment that ends first, `null` if nothing.
    pub commitment: Option<String>,
    /// The customer after.
    pub after: ForecastAfter,
    /// The customer before.
    pub before: ForecastBefore,
}

impl From<&Subscription> for ForecastSubscription {
    fn from(s: &Subscription) -> Self {
        Self {
            subscription_id: s.id.clone(),
            offer_id: s.offer_id.clone(),
            status: s.status.clone(),
            auto_renewal: s.auto_renewal_enabled,
            current_quantity: s.current_quantity,
            renewal_quantity: s.effective_renewal_quantity(),
            renewal_date: s.renewal_date.map(format_date).unwrap_or_default(),
        }
    }
}

impl From<&forecast::ForecastOrder> for ForecastOrder {
    fn from(o: &forecast::ForecastOrder) -> Self {
        Self {
            order_type: "RENEWAL".into(),
            currency_code: o.order.currency_code.clone(),
            status: o.status.clone(),
            line_items: o
                .order
                .line_items
                .iter()
                .map(|l| ForecastLine {
                    ext_line_item_number: l.ext_line_item_number,
                    offer_id: l.offer_id.clone(),
                    quantity: l.quantity,
                    subscription_id: l.subscription_id.clone(),
                    currency_code: l.currency_code.clone(),
                    partner_price: l.pricing.as_ref().map(|p| p.partner_price),
                    line_item_partner_price: l.pricing.as_ref().map(|p| p.line_item_partner_price),
                })
                .collect(),
        }
    }
}

impl From<&Forecast> for ForecastOut {
    fn from(f: &Forecast) -> Self {
        let subscriptions = |list: &[Subscription]| list.iter().map(ForecastSubscription::from).collect();
        Self {
            customer_id: f.customer_id.clone(),
            at: format_date(f.at),
            customer_status: f.customer_status.clone(),
            reseller_status: f.reseller_status.clone(),
            coterm_date: f.coterm_date.map(format_date).unwrap_or_default(),
            due: !f.due_subscriptions.is_empty(),
            due_subscriptions: f.due_subscriptions.clone(),
            renewal_order: f.renewal_order.as_ref().map(ForecastOrder::from),
            renewing_subscriptions: f.renewing_subscriptions,
            expiring_subscriptions: f.expiring_subscriptions.clone(),
            failed: f.failure.is_some(),
            failure_status: f.failure.as_ref().map(|x| x.status.clone()),
            failure_reason: f.failure.as_ref().map(|x| x.reason.to_string()),
            commitment: f.commitment.map(|e| {
                match e {
                    Ending::Expired => "EXPIRED before the renewal",
                    Ending::Recommitted => "RECOMMITTED before the renewal",
                }
                .to_string()
            }),
            after: ForecastAfter {
                coterm_date: f.after.coterm_date.map(format_date).unwrap_or_default(),
                discounts: f
                    .after
                    .discounts
                    .iter()
                    .map(|d| ForecastDiscount { offer_type: d.offer_type.as_str().to_string(), level: d.level.clone() })
                    .collect(),
                subscriptions: subscriptions(&f.after_subscriptions),
            },
            before: ForecastBefore { subscriptions: subscriptions(&f.before_subscriptions) },
        }
    }
}
