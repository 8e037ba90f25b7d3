//! A subscription and the High Growth offer in force on it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::status;
use crate::reference;

/// A subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Subscription {
    /// 32-character id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// Customer.
    pub customer_id: String,
    /// Product key (first 10 characters of offer ids).
    pub product_key: String,
    /// Base offer id.
    pub offer_id: String,
    /// Provisioned quantity.
    pub current_quantity: i64,
    /// Assigned quantity.
    pub used_quantity: i64,
    /// Auto-renewal flag.
    pub auto_renewal_enabled: bool,
    /// Explicit renewal quantity; None = follows the current quantity.
    pub renewal_quantity: Option<i64>,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// Renewal date.
    pub renewal_date: Option<NaiveDate>,
    /// Status code.
    pub status: String,
    /// Currency.
    pub currency_code: String,
    /// Deployment, for global purchases.
    pub deployment_id: Option<String>,
    /// `MANUAL_RENEWAL` while a late renewal is possible.
    pub allowed_actions: Vec<String>,
    /// The renewal date the renewal job last processed.
    pub last_processed_renewal_date: Option<NaiveDate>,
    /// Quantity early-renewed for the next term.
    pub renewed_quantity: Option<i64>,
    /// Flexible discount codes opted in for the next renewal (`autoRenewal.flexDiscountCodes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flex_discount_codes: Vec<String>,
    /// High Growth renewal code for the next term (`autoRenewal.renewalCode`: `MOQ_100`, `MOQ_250`
    /// or `MOQ_500`): the renewal quantity is raised to its minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_code: Option<String>,
    /// The High Growth offer in force this term (bought mid-term or renewed at), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moq: Option<MoqTerm>,
}

/// A High Growth offer in force on a subscription (SPEC §4.15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoqTerm {
    /// `MOQ_100`, `MOQ_250` or `MOQ_500`.
    pub code: String,
    /// The start of the customer's 3YC commitment under which it was taken.
    pub commitment_start: Option<NaiveDate>,
}

impl Subscription {
    /// A new active, auto-renewing subscription: `quantity` seats of the base offer of
    /// `product_key`, in USD, with no renewal date and nothing else set yet (struct-update the rest).
    pub fn new_active(
        id: String,
        distributor_id: &str,
        customer_id: &str,
        product_key: &str,
        quantity: i64,
        created_at: DateTime<Utc>,
    ) -> Self {
        let base_offer = reference::product(product_key)
            .map_or_else(|| reference::offer_id(product_key, "01"), reference::Product::base_offer_id);
        Subscription {
            id,
            distributor_id: distributor_id.to_string(),
            customer_id: customer_id.to_string(),
            product_key: product_key.to_string(),
            offer_id: base_offer,
            current_quantity: quantity,
            used_quantity: 0,
            auto_renewal_enabled: true,
            renewal_quantity: None,
            created_at,
            renewal_date: None,
            status: status::ACTIVE.into(),
            currency_code: "USD".into(),
            deployment_id: None,
            allowed_actions: Vec::new(),
            last_processed_renewal_date: None,
            renewed_quantity: None,
            flex_discount_codes: Vec::new(),
            renewal_code: None,
            moq: None,
        }
    }

    /// The renewal quantity shown on the wire: the explicit one, else the current quantity.
    pub fn effective_renewal_quantity(&self) -> i64 {
        self.renewal_quantity.unwrap_or(self.current_quantity)
    }

    /// The minimum quantity of its High Growth renewal code (`MOQ_250` → 250), if any.
    pub fn renewal_code_minimum(&self) -> Option<i64> {
        self.renewal_code.as_deref().and_then(moq_minimum)
    }
}

/// The minimum quantity of a High Growth renewal code: `MOQ_100`, `MOQ_250`, `MOQ_500`.
pub fn moq_minimum(code: &str) -> Option<i64> {
    match code {
        "MOQ_100" => Some(100),
        "MOQ_250" => Some(250),
        "MOQ_500" => Some(500),
        _ => None,
    }
}
