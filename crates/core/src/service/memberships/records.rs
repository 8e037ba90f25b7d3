//! The records of the Transfer Memberships test data: a membership, its items, linked-membership
//! role and HVD attributes, and a VIP → VIP MP transfer with its lines.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Address, Contact, ThreeYearCommit};
use crate::reference::MarketSegment;

/// A test VIP membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    /// 8 digits.
    pub id: String,
    /// When the portal made it.
    pub created_at: DateTime<Utc>,
    /// `QUICK` or `CUSTOM`.
    pub origin: String,
    /// Company name.
    pub company_name: String,
    /// Segment.
    pub market_segment: MarketSegment,
    /// Sub-segments.
    #[serde(default)]
    pub market_sub_segments: Vec<String>,
    /// Address (its country is the membership's).
    pub address: Address,
    /// Locale.
    pub preferred_language: String,
    /// Admin contacts (none: `5120`).
    pub admin_contacts: Vec<Contact>,
    /// VIP renewal status: `FULL`, `PARTIAL` or `NO`.
    pub renewal_status: String,
    /// A worldwide (global) purchaser.
    pub worldwide: bool,
    /// The deployment of a worldwide membership's items: its address (the customer gets the
    /// deployment, with the items' `deploymentId`, at transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Address>,
    /// The membership's currency.
    pub currency: String,
    /// The next anniversary (the customer's `cotermDate` after transfer).
    pub anniversary: NaiveDate,
    /// The VIP subscriptions, as VIP MP offers.
    pub items: Vec<MembershipItem>,
    /// 3YC, when the membership has one.
    #[serde(default)]
    pub three_year_commit: Option<ThreeYearCommit>,
    /// Linked-membership role, when in a group.
    #[serde(default)]
    pub linked_membership: Option<LinkedMembership>,
    /// HVD pricing and level, for an HVD customer.
    #[serde(default)]
    pub hvd: Option<Hvd>,
    /// A Large Government Agency.
    #[serde(default)]
    pub lga: bool,
    /// The VIP licence level.
    pub license_level: String,
    /// The VIP consumables tier.
    pub consumables_level: String,
    /// Why it cannot transfer (`5117` reason codes, stored at creation).
    #[serde(default)]
    pub reason_codes: Vec<String>,
    /// Its transfer (open or complete), if any.
    #[serde(default)]
    pub transfer_id: Option<String>,
    /// Whether its transfer completed (`5118` afterwards).
    #[serde(default)]
    pub transferred: bool,
}

/// A VIP subscription of a membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipItem {
    /// The VIP MP offer id.
    pub offer_id: String,
    /// Quantity.
    pub quantity: i64,
    /// Renewal date (past: not renewed after the last anniversary).
    pub renewal_date: NaiveDate,
    /// Currency.
    pub currency_code: String,
    /// Deployment, for a worldwide membership's item.
    #[serde(default)]
    pub deployment_id: Option<String>,
}

/// A membership's linked-membership role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedMembership {
    /// `OWNER` or `MEMBER`.
    pub role: String,
    /// The group id (8 digits).
    pub group_id: String,
    /// The group's name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    pub group_type: String,
}

/// HVD attributes (SPEC §4.18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hvd {
    /// `PRE_DCLO` or `POST_DCLO`.
    pub pricing: String,
    /// `17` or `18`.
    pub discount_level: String,
}

impl Hvd {
    /// The discount code (`HVD_L17_PRE`…).
    pub fn code(&self) -> String {
        let term = if self.pricing == "POST_DCLO" { "POST" } else { "PRE" };
        format!("HVD_L{}_{term}", self.discount_level)
    }
}

/// A VIP → VIP MP transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipTransfer {
    /// 9 digits.
    pub id: String,
    /// The membership.
    pub membership_id: String,
    /// The reseller the customer lands under.
    pub reseller_id: String,
    /// When E27 was called.
    pub created_at: DateTime<Utc>,
    /// `1002` open, `1000` complete, `1004` failed.
    pub status: String,
    /// The customer, once complete (`""` before).
    pub customer_id: String,
    /// The lines.
    pub line_items: Vec<TransferItem>,
    /// The `TRANSFER` order, once complete.
    #[serde(default)]
    pub order_id: Option<String>,
    /// The company name (the portal's list).
    #[serde(default)]
    pub company_name: String,
}

/// A line of a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferItem {
    /// From 1.
    pub line_item_number: i64,
    /// The VIP MP offer id.
    pub offer_id: String,
    /// Currency.
    pub currency_code: String,
    /// Quantity.
    pub quantity: i64,
    /// The subscription, once complete (`""` before).
    pub subscription_id: String,
    /// Deployment, if any.
    #[serde(default)]
    pub deployment_id: Option<String>,
    /// Renewal date of the VIP subscription.
    pub renewal_date: NaiveDate,
}
