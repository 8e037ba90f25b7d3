//! A customer account: its profile, levels, benefits, deployments, purchase authorizations,
//! recommendation leads and open manual renewal.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Address, Contact, LinkedMembership, ResellerTransfer, ThreeYearCommit};
use crate::reference::{MarketSegment, OfferType};

/// A customer's company profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// Company name (immutable through the API).
    pub company_name: String,
    /// Locale.
    pub preferred_language: String,
    /// Segment.
    pub market_segment: MarketSegment,
    /// Sub-segments.
    pub market_sub_segments: Vec<String>,
    /// Address.
    pub address: Address,
    /// Contacts.
    pub contacts: Vec<Contact>,
}

/// A volume discount level for one offer type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    /// LICENSE or CONSUMABLES.
    pub offer_type: OfferType,
    /// Two-character level.
    pub level: String,
    /// The HVD discount code of a migrated High Volume Discount customer (`HVD_L18_PRE`, SPEC §4.18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_code: Option<String>,
}

/// A customer account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Customer {
    /// Customer id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// Current reseller.
    pub reseller_id: String,
    /// Partner's own reference.
    pub external_reference_id: String,
    /// Profile.
    pub profile: CustomerProfile,
    /// Status code.
    pub status: String,
    /// Global sales flag.
    pub global_sales_enabled: bool,
    /// Discount levels.
    pub discounts: Vec<Discount>,
    /// Tags.
    pub tags: Vec<String>,
    /// Anniversary date, None when unset (`""` on the wire).
    pub coterm_date: Option<NaiveDate>,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// 3YC benefit, when the customer has one.
    pub three_year_commit: Option<ThreeYearCommit>,
    /// LGA benefit status, when the customer is an LGA.
    pub lga_status: Option<String>,
    /// When a pending account becomes active (None once resolved).
    pub activate_at: Option<DateTime<Utc>>,
    /// Overlay recommendation leads seeded through the portal (SPEC §4.19).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendation_leads: Vec<RecommendationLead>,
    /// Deployments of a global customer: addresses in other countries (SPEC §2.8.4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<Deployment>,
    /// The manual (API) RENEWAL order still processing, if any, and whether it is an early renewal
    /// (SPEC §2.8.5 step 9: `4122`, `3131`); cleared when it completes or fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_manual_renewal: Option<OpenRenewal>,
    /// Reseller changes committed for this customer (E29, E30).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reseller_transfers: Vec<ResellerTransfer>,
    /// Purchase authorizations: seats added in the Admin Console, pending a partner order (SPEC §4.20).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purchase_authorizations: Vec<PurchaseAuthorization>,
    /// The customer's linked-membership group, as OWNER or MEMBER (SPEC §4.11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_membership: Option<LinkedMembership>,
}

/// A purchase authorization (an "open acquisition", SPEC §4.20): seats of a product the
/// customer added that the partner has not ordered yet, open for 7 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseAuthorization {
    /// `PO` and 18 digits.
    pub reference_id: String,
    /// The product's base offer id.
    pub base_offer_id: String,
    /// The product's name.
    pub product_name: String,
    /// Seats still unordered (NEW orders for the product consume them).
    pub quantity: i64,
    /// When it opened.
    pub created_at: DateTime<Utc>,
    /// When it expires (`created_at` + 7 days).
    pub expires_at: DateTime<Utc>,
}

/// A deployment of a global customer (SPEC §2.8.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// Deployment id.
    pub id: String,
    /// Its address (the country never changes).
    pub address: Address,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// `1000` active or `1004` inactive.
    pub status: String,
}

/// An overlay recommendation lead: offers to propose for a new purchase or a renewal, `OPEN`
/// until an order of its kind buys one of them, or until it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationLead {
    /// `new` or `renew`.
    pub kind: String,
    /// (offer id, quantity).
    pub items: Vec<(String, i64)>,
    /// When it was seeded.
    pub created_at: DateTime<Utc>,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
}

impl Customer {
    /// A new customer record: its id, distributor, reseller, profile, status and creation instant,
    /// and nothing else yet: no external reference, levels, tags, cotermDate, 3YC, LGA, global
    /// sales, pending activation, deployments, leads, purchase authorizations, linked membership,
    /// reseller transfers or open renewal (struct-update the rest).
    pub fn new(
        id: String,
        distributor_id: &str,
        reseller_id: &str,
        profile: CustomerProfile,
        status: &str,
        created_at: DateTime<Utc>,
    ) -> Self {
        Customer {
            id,
            distributor_id: distributor_id.to_string(),
            reseller_id: reseller_id.to_string(),
            external_reference_id: String::new(),
            profile,
            status: status.to_string(),
            global_sales_enabled: false,
            discounts: Vec::new(),
            tags: Vec::new(),
            coterm_date: None,
            created_at,
            three_year_commit: None,
            lga_status: None,
            activate_at: None,
            recommendation_leads: Vec::new(),
            deployments: Vec::new(),
            open_manual_renewal: None,
            reseller_transfers: Vec::new(),
            purchase_authorizations: Vec::new(),
            linked_membership: None,
        }
    }

    /// The level for an offer type (LICENSE defaults to `01`, CONSUMABLES to `T1`).
    pub fn level(&self, offer_type: OfferType) -> String {
        self.discounts.iter().find(|d| d.offer_type == offer_type).map(|d| d.level.clone()).unwrap_or_else(|| {
            match offer_type {
                OfferType::License => "01".into(),
                OfferType::Consumables => "T1".into(),
            }
        })
    }

    /// The HVD discount code of a migrated High Volume Discount customer (SPEC §4.18): the one on
    /// its LICENSE discount.
    pub fn hvd_code(&self) -> Option<&str> {
        self.discounts.iter().find(|d| d.offer_type == OfferType::License).and_then(|d| d.discount_code.as_deref())
    }

    /// Sets the level of an offer type, adding the entry if absent.
    pub fn set_level(&mut self, offer_type: OfferType, level: String) {
        match self.discounts.iter_mut().find(|d| d.offer_type == offer_type) {
            Some(d) => d.level = level,
            None => self.discounts.push(Discount { offer_type, level, discount_code: None }),
        }
    }
}

/// A manual RENEWAL order still processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRenewal {
    /// The order id.
    pub order_id: String,
    /// Whether it renews active subscriptions early.
    pub early: bool,
}

/// The customer tag of a migrated High Volume Discount customer (SPEC §4.18).
pub const HVD_MIGRATED_CUSTOMER: &str = "HVD_MIGRATED_CUSTOMER";
