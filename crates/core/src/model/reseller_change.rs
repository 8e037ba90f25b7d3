//! Reseller changes (SPEC §4.12): the distributor's book of approval codes and committed
//! transfers, and a committed transfer with the subscriptions it moved.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A distributor's reseller-change book: the approval codes its customers generated (by code)
/// and the customer of each committed reseller-change transfer (by transfer id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerChanges {
    /// Approval code → its customer, expiry and use.
    #[serde(default)]
    pub codes: BTreeMap<String, ApprovalCode>,
    /// Transfer id → customer id.
    #[serde(default)]
    pub transfers: BTreeMap<String, String>,
}

impl ResellerChanges {
    /// Whether there is nothing in the book.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.transfers.is_empty()
    }
}

/// A reseller-change approval code (SPEC §4.12, §5.4.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalCode {
    /// The customer it moves.
    pub customer_id: String,
    /// When it was generated.
    pub created_at: DateTime<Utc>,
    /// When it stops working (7 days later).
    pub expires_at: DateTime<Utc>,
    /// The transfer that used it, once committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_by: Option<String>,
}

/// A committed reseller change (E29 COMMIT, E30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerTransfer {
    /// 9-digit transfer id.
    pub id: String,
    /// The reseller the customer left.
    pub previous_reseller_id: String,
    /// The reseller the customer moved to.
    pub reseller_id: String,
    /// Who asked for it (`requestedBy`).
    #[serde(default)]
    pub requested_by: String,
    /// When it was committed.
    pub created_at: DateTime<Utc>,
    /// `1000` complete.
    pub status: String,
    /// The subscriptions it moved: (subscription id, offer id, quantity, renewal date, currency,
    /// deployment).
    pub lines: Vec<TransferLine>,
}

/// A subscription moved by a reseller change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferLine {
    /// Subscription id.
    pub subscription_id: String,
    /// Its offer id.
    pub offer_id: String,
    /// Its current quantity.
    pub quantity: i64,
    /// Its renewal date.
    pub renewal_date: Option<NaiveDate>,
    /// Its currency.
    pub currency_code: String,
    /// Its deployment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
}
