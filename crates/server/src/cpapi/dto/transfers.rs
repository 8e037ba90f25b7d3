//! Reseller-change transfers on the wire (E29, E30).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::{Customer, ResellerTransfer, TransferLine};
use vipmp_core::service::reseller_change::Generated;

use super::accounts::benefits;
use super::{BenefitOut, DiscountOut, discounts};

/// The approval code a preview shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Approval)]
pub struct ApprovalOut {
    /// The 8-digit approval code.
    pub code: String,
    /// When it stops working (UTC).
    #[schema(format = DateTime)]
    pub expiry: String,
}

/// A subscription a reseller change moves.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TransferLineItem)]
pub struct TransferLineOut {
    /// From 1.
    pub line_item_number: usize,
    /// The subscription's offer id.
    pub offer_id: String,
    /// Its current quantity.
    pub quantity: i64,
    /// The subscription id.
    pub subscription_id: String,
    /// Its renewal date as a timestamp with milliseconds and offset (`2025-06-10T00:00:00.000+00:00`).
    pub renewal_date: String,
    /// Its deployment, for a subscription of a deployment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
    /// Its currency.
    pub currency_code: String,
}

impl TransferLineOut {
    fn new(n: usize, l: &TransferLine) -> Self {
        Self {
            line_item_number: n,
            offer_id: l.offer_id.clone(),
            quantity: l.quantity,
            subscription_id: l.subscription_id.clone(),
            renewal_date: l.renewal_date.map(|d| format!("{d}T00:00:00.000+00:00")).unwrap_or_default(),
            deployment_id: l.deployment_id.clone(),
            currency_code: l.currency_code.clone(),
        }
    }
}

/// The reseller-change transfer (E29, E30).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ResellerTransfer, example = json!({
    "transferId": "100000001", "customerId": "1005000001", "resellerId": "1000000002",
    "creationDate": "2026-01-15T10:00:00Z", "status": "1000", "totalCount": 1,
    "lineItems": [{"lineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 10,
        "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "renewalDate": "2027-01-15T00:00:00.000+00:00",
        "currencyCode": "USD"}],
    "benefits": [], "discounts": [{"level": "01", "offerType": "LICENSE"}]
}))]
pub struct TransferOut {
    /// `""` for a preview, else the 9-digit id.
    pub transfer_id: String,
    /// The customer.
    pub customer_id: String,
    /// The new reseller.
    pub reseller_id: String,
    /// The approval code and its expiry: on a preview only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub approval: Option<ApprovalOut>,
    /// When it was previewed or committed (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// `1002` for a preview, `1000` once committed.
    pub status: String,
    /// The number of line items.
    pub total_count: usize,
    /// The customer's active subscriptions.
    pub line_items: Vec<TransferLineOut>,
    /// The same as `lineItems` (E30; the docs name it `items`): only on a read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub items: Option<Vec<TransferLineOut>>,
    /// The customer's 3YC and LGA benefits.
    pub benefits: Vec<BenefitOut>,
    /// The customer's discount levels.
    pub discounts: Vec<DiscountOut>,
}

impl TransferOut {
    /// The answer of E29 (`approval` for a preview) or, with `items`, of E30.
    pub fn new(t: &ResellerTransfer, c: &Customer, approval: Option<&Generated>, items: bool) -> Self {
        let lines: Vec<TransferLineOut> =
            t.lines.iter().enumerate().map(|(i, l)| TransferLineOut::new(i + 1, l)).collect();
        Self {
            transfer_id: t.id.clone(),
            customer_id: c.id.clone(),
            reseller_id: t.reseller_id.clone(),
            approval: approval.map(|a| ApprovalOut { code: a.code.clone(), expiry: format_datetime(a.expires_at) }),
            creation_date: format_datetime(t.created_at),
            status: t.status.clone(),
            total_count: lines.len(),
            items: items.then(|| lines.clone()),
            line_items: lines,
            benefits: benefits(c),
            discounts: discounts(c),
        }
    }
}
