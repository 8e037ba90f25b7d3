//! A distributor (direct partner): its contract and the indexes its record keeps.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{LinkedGroups, ResellerChanges};
use crate::reference::{self, MarketSegment};

/// A distributor (direct partner) and its contract.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Distributor {
    /// The distributor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Home country.
    pub country: String,
    /// Whether global sales is enabled.
    pub global_sales_enabled: bool,
    /// Whether LGA is enabled.
    pub lga_enabled: bool,
    /// Inactive distributors make orders fail with 1020.
    pub active: bool,
    /// Allowed (price region, currency) pairs.
    pub contract: Vec<(String, String)>,
    /// Market segments the distributor sells.
    pub market_segments: Vec<MarketSegment>,
    /// The most recent reseller made by "Create Default Reseller".
    #[serde(default)]
    pub default_reseller_id: Option<String>,
    /// The most recent customer made by "Create Default Customer".
    #[serde(default)]
    pub default_customer_id: Option<String>,
    /// End dates of reusable flexible discounts moved by the portal (discount id → new end).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flex_discount_end_dates: BTreeMap<String, DateTime<Utc>>,
    /// Customers given a purchase authorization, with the latest expiry of theirs: the index
    /// `GET /v3/notifications` reads (see `service::purchase_authorizations`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pa_customers: BTreeMap<String, DateTime<Utc>>,
    /// Reseller-change approval codes and committed transfers (SPEC §4.12).
    #[serde(default, skip_serializing_if = "ResellerChanges::is_empty")]
    pub reseller_changes: ResellerChanges,
    /// Linked-membership groups of its customers: the owner of each group, the join codes and
    /// the pending refreshes (SPEC §4.11, §5.4.10).
    #[serde(default, skip_serializing_if = "LinkedGroups::is_empty")]
    pub linked_groups: LinkedGroups,
}

impl Distributor {
    /// A distributor with the default contract: every price region, in its countries' currencies
    /// plus USD, selling every market segment (what provisioning creates).
    pub fn standard(id: &str) -> Distributor {
        let mut contract: Vec<(String, String)> = Vec::new();
        for c in reference::countries() {
            for currency in c.currencies.iter().map(String::as_str).chain(["USD"]) {
                let pair = (c.price_region.clone(), currency.to_string());
                if !contract.contains(&pair) {
                    contract.push(pair);
                }
            }
        }
        contract.sort();
        Distributor {
            id: id.to_string(),
            name: format!("Distributor {id}"),
            country: "US".into(),
            global_sales_enabled: false,
            lga_enabled: false,
            active: true,
            contract,
            market_segments: MarketSegment::ALL.to_vec(),
            default_reseller_id: None,
            default_customer_id: None,
            flex_discount_end_dates: Default::default(),
            reseller_changes: Default::default(),
            linked_groups: Default::default(),
            pa_customers: Default::default(),
        }
    }

    /// Whether the distributor sells in `currency` for `region`.
    pub fn sells(&self, region: &str, currency: &str) -> bool {
        self.contract.iter().any(|(r, c)| r == region && c == currency)
    }

    /// Whether the distributor's contract covers the price region at all.
    pub fn covers_region(&self, region: &str) -> bool {
        self.contract.iter().any(|(r, _)| r == region)
    }
}
