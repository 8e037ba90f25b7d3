//! An order: its type, lines and their prices, the cancelled side of a switch, and the High Growth
//! offers a renewal preview proposes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Order types (SPEC §4.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderType {
    /// Preview of a NEW order.
    #[serde(rename = "PREVIEW")]
    Preview,
    /// New purchase.
    #[serde(rename = "NEW")]
    New,
    /// Return of lines of a NEW or RENEWAL order.
    #[serde(rename = "RETURN")]
    Return,
    /// Renewal.
    #[serde(rename = "RENEWAL")]
    Renewal,
    /// Preview of a renewal.
    #[serde(rename = "PREVIEW_RENEWAL")]
    PreviewRenewal,
    /// VIP → VIP MP transfer record.
    #[serde(rename = "TRANSFER")]
    Transfer,
    /// Preview of a switch.
    #[serde(rename = "PREVIEW_SWITCH")]
    PreviewSwitch,
    /// Mid-term upgrade.
    #[serde(rename = "SWITCH")]
    Switch,
    /// Preview of a revert.
    #[serde(rename = "PREVIEW_REVERT_SWITCH")]
    PreviewRevertSwitch,
    /// Revert of an upgrade.
    #[serde(rename = "REVERT_SWITCH")]
    RevertSwitch,
}

impl OrderType {
    const ALL: [(OrderType, &'static str); 10] = [
        (Self::Preview, "PREVIEW"),
        (Self::New, "NEW"),
        (Self::Return, "RETURN"),
        (Self::Renewal, "RENEWAL"),
        (Self::PreviewRenewal, "PREVIEW_RENEWAL"),
        (Self::Transfer, "TRANSFER"),
        (Self::PreviewSwitch, "PREVIEW_SWITCH"),
        (Self::Switch, "SWITCH"),
        (Self::PreviewRevertSwitch, "PREVIEW_REVERT_SWITCH"),
        (Self::RevertSwitch, "REVERT_SWITCH"),
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        Self::ALL.iter().find(|(t, _)| *t == self).map(|(_, s)| *s).unwrap_or("")
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, name)| *name == s).map(|(t, _)| *t)
    }

    /// Whether the type is a preview (never persisted).
    pub fn is_preview(self) -> bool {
        matches!(self, Self::Preview | Self::PreviewRenewal | Self::PreviewSwitch | Self::PreviewRevertSwitch)
    }
}

/// Prices of one line (SPEC §4.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinePricing {
    /// Full-term unit price at the line's level.
    pub partner_price: f64,
    /// After flexible discounts.
    pub discounted_partner_price: f64,
    /// Prorated unit price.
    pub net_partner_price: f64,
    /// Prorated line total.
    pub line_item_partner_price: f64,
    /// Days priced.
    pub prorated_days: i64,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LineItem {
    /// The partner's line number.
    pub ext_line_item_number: i64,
    /// The (normalised) offer id.
    pub offer_id: String,
    /// Quantity.
    pub quantity: i64,
    /// The subscription it feeds; empty until the order completes.
    pub subscription_id: String,
    /// Line status.
    pub status: String,
    /// Line currency.
    pub currency_code: String,
    /// Deployment, for global purchases.
    pub deployment_id: Option<String>,
    /// Pricing computed for the line, when known.
    pub pricing: Option<LinePricing>,
    /// The flexible discounts applied (or, in a renewal preview, tried) on the line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flex_discounts: Vec<FlexDiscountResult>,
    /// The HVD discount code of the line (SPEC §4.18), for a migrated HVD customer's licences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
}

/// A High Growth offer a renewal preview proposes (`eligibleOffers[]`, SPEC §4.15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibleOffer {
    /// The MOQ offer id (`…14X12`, `…14Y12`, `…14Z12`).
    pub offer_id: String,
    /// `MOQ_100`, `MOQ_250` or `MOQ_500`.
    pub renewal_code: String,
    /// The minimum quantity of the offer (also the 3YC minimum it needs).
    pub min_quantity: i64,
    /// Always `["THREE_YEAR_COMMIT"]`.
    pub additional_criteria: Vec<String>,
    /// The deployment of the subscription it is for, if any.
    pub deployment_id: Option<String>,
}

/// A flexible discount on an order line: its id, its code and `SUCCESS` or `FAILURE` (SPEC §4.14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlexDiscountResult {
    /// The discount's id.
    pub id: String,
    /// The code.
    pub code: String,
    /// `SUCCESS` or `FAILURE`.
    pub result: String,
}

/// An order (persisted types only; previews are built but never stored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Order id (`""` for previews).
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// Customer.
    pub customer_id: String,
    /// Partner's own reference.
    pub external_reference_id: String,
    /// Type.
    pub order_type: OrderType,
    /// Referenced order (RETURN).
    pub reference_order_id: String,
    /// Order-level currency.
    pub currency_code: String,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// Status code (`""` for previews).
    pub status: String,
    /// `API` or `System`.
    pub source: String,
    /// Lines.
    pub line_items: Vec<LineItem>,
    /// When the order processor may process it (None once processed).
    pub process_after: Option<DateTime<Utc>>,
    /// The cancelled side of a switch (SWITCH family only; see `service::switch`).
    #[serde(default)]
    pub cancelling_items: Vec<CancellingItem>,
    /// The `reassign-users` flag of a switch, recorded only.
    #[serde(default)]
    pub reassign_users: bool,
    /// PREVIEW_RENEWAL only: the High Growth offers the customer may take (never stored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eligible_offers: Vec<EligibleOffer>,
}

/// The cancelled side of a switch order: the subscription that gives up `quantity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CancellingItem {
    /// The partner's line number, unique in the order.
    pub ext_line_item_number: i64,
    /// The `extLineItemNumber` of the line it corresponds to.
    pub reference_line_item_number: i64,
    /// The offer of the cancelled subscription at the customer's level.
    pub offer_id: String,
    /// The cancelled subscription.
    pub subscription_id: String,
    /// Quantity given up.
    pub quantity: i64,
    /// Currency.
    pub currency_code: String,
    /// The discount code sent with the item, stored only.
    pub discount_code: Option<String>,
    /// Credit for the item (negative values), when priced.
    pub pricing: Option<LinePricing>,
}
