//! The domain's records: distributors, API clients, resellers, customers, orders and
//! subscriptions. These are what the store persists; the HTTP layers map them to wire DTOs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::reference::{self, MarketSegment, OfferType};

/// Resource status codes (SPEC §3.2).
pub mod status {
    /// Active / complete.
    pub const ACTIVE: &str = "1000";
    /// Pending / open.
    pub const PENDING: &str = "1002";
    /// Inactive / failed.
    pub const INACTIVE: &str = "1004";
    /// Cancelled.
    pub const CANCELLED: &str = "1008";
    /// Scheduled subscription.
    pub const SCHEDULED: &str = "1009";
    /// Inactive: invalid address.
    pub const INVALID_ADDRESS: &str = "1010";
    /// Inactive: blocked.
    pub const BLOCKED: &str = "1012";
    /// Inactive: customer already exists.
    pub const ALREADY_EXISTS: &str = "1014";
    /// Order failed: distributor inactive.
    pub const FAILED_DISTRIBUTOR: &str = "1020";
    /// Order failed: reseller inactive.
    pub const FAILED_RESELLER: &str = "1022";
    /// Order failed: customer inactive (also the portal's "Customer Already Exists").
    pub const FAILED_CUSTOMER: &str = "1024";
    /// Order failed: customer id invalid.
    pub const FAILED_CUSTOMER_ID: &str = "1026";

    /// The statuses of a subscription that renews on its renewal date.
    pub const RENEWABLE: [&str; 2] = [ACTIVE, SCHEDULED];

    /// Reseller inactive predicate.
    pub fn reseller_inactive(s: &str) -> bool {
        matches!(s, INACTIVE | INVALID_ADDRESS | BLOCKED)
    }

    /// Customer inactive predicate.
    pub fn customer_inactive(s: &str) -> bool {
        matches!(s, INACTIVE | INVALID_ADDRESS | BLOCKED | ALREADY_EXISTS | FAILED_CUSTOMER)
    }
}

/// The statuses of a [`RenewalJob`].
pub mod job_status {
    /// Waiting to run (at its `run_after`).
    pub const PENDING: &str = "PENDING";
    /// Ran.
    pub const DONE: &str = "DONE";
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// ISO alpha-2.
    pub country: String,
    /// Region code (ISO 3166-2 suffix or `00`).
    pub region: String,
    /// City.
    pub city: String,
    /// First line.
    pub address_line1: String,
    /// Second line, may be empty.
    pub address_line2: String,
    /// Postal code.
    pub postal_code: String,
    /// Phone, may be empty.
    pub phone_number: String,
}

/// A contact (an Admin Console admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Phone, absent when not given.
    pub phone_number: Option<String>,
}

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
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub flex_discount_end_dates: std::collections::BTreeMap<String, DateTime<Utc>>,
    /// Customers given a purchase authorization, with the latest expiry of theirs: the index
    /// `GET /v3/notifications` reads (see `service::purchase_authorizations`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub pa_customers: std::collections::BTreeMap<String, DateTime<Utc>>,
    /// Reseller-change approval codes and committed transfers (SPEC §4.12).
    #[serde(default, skip_serializing_if = "ResellerChanges::is_empty")]
    pub reseller_changes: ResellerChanges,
    /// Linked-membership groups of its customers: the owner of each group, the join codes and
    /// the pending refreshes (SPEC §4.11, §5.4.10).
    #[serde(default, skip_serializing_if = "LinkedGroups::is_empty")]
    pub linked_groups: LinkedGroups,
}

/// A distributor's index of linked-membership groups (the groups themselves live on their
/// owners' records).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedGroups {
    /// Group id → owner customer id.
    #[serde(default)]
    pub owners: std::collections::BTreeMap<String, String>,
    /// Join code → group id and expiry.
    #[serde(default)]
    pub codes: std::collections::BTreeMap<String, JoinCode>,
    /// Group id → when its requested Refresh Discount Level runs.
    #[serde(default)]
    pub refreshes: std::collections::BTreeMap<String, DateTime<Utc>>,
}

impl LinkedGroups {
    /// Whether there is nothing in the index.
    pub fn is_empty(&self) -> bool {
        self.owners.is_empty() && self.codes.is_empty() && self.refreshes.is_empty()
    }
}

/// A linked-membership join code (8 uppercase alphanumerics, valid 72 hours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCode {
    /// The group it joins.
    pub group_id: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// A customer's place in a linked-membership group (SPEC §4.11). Every member holds the
/// group's identity and levels; the owner also holds the group's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedMembership {
    /// 8-digit group id.
    pub id: String,
    /// Group name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    pub kind: String,
    /// `OWNER` or `MEMBER`.
    pub role: String,
    /// When the group was created.
    pub created_at: DateTime<Utc>,
    /// An LGA group: country and segment of its owner, `benefitTypes ["LARGE_GOVERNMENT_AGENCY"]`.
    #[serde(default)]
    pub lga: bool,
    /// The group's country (the owner's).
    #[serde(default)]
    pub country: String,
    /// The group's levels, as last computed (at creation, enrolment of this member, refresh).
    #[serde(default)]
    pub levels: Vec<Discount>,
    /// Owner only: the group's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<LinkedGroup>,
}

/// The state of a linked-membership group, on its owner's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedGroup {
    /// `REQUESTED`, `ACCEPTED` or `REJECTED` (final).
    pub terms_status: String,
    /// The last level refresh (initially the creation instant).
    pub last_refresh_at: DateTime<Utc>,
    /// Member customer ids, in enrolment order (the owner excluded).
    #[serde(default)]
    pub members: Vec<String>,
}

/// A distributor's reseller-change book: the approval codes its customers generated (by code)
/// and the customer of each committed reseller-change transfer (by transfer id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerChanges {
    /// Approval code → its customer, expiry and use.
    #[serde(default)]
    pub codes: std::collections::BTreeMap<String, ApprovalCode>,
    /// Transfer id → customer id.
    #[serde(default)]
    pub transfers: std::collections::BTreeMap<String, String>,
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

/// A manual RENEWAL order still processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRenewal {
    /// The order id.
    pub order_id: String,
    /// Whether it renews active subscriptions early.
    pub early: bool,
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

/// An API client: the credentials of one distributor.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiClient {
    /// `client_id` (= `X-Api-Key`).
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
    /// The distributor it acts for.
    pub distributor_id: String,
}

/// An issued access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessToken {
    /// The opaque token.
    pub token: String,
    /// Its client.
    pub client_id: String,
    /// Its expiry.
    pub expires_at: DateTime<Utc>,
}

/// A reseller's company profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerProfile {
    /// Company name (immutable through the API).
    pub company_name: String,
    /// Locale.
    pub preferred_language: String,
    /// Segments the reseller sells; never empty.
    pub market_segments: Vec<MarketSegment>,
    /// Address.
    pub address: Address,
    /// Contacts.
    pub contacts: Vec<Contact>,
}

/// A reseller account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reseller {
    /// Reseller id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// Partner's own reference.
    pub external_reference_id: String,
    /// Profile.
    pub profile: ResellerProfile,
    /// Status code.
    pub status: String,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// When a pending account becomes active (None once resolved).
    pub activate_at: Option<DateTime<Utc>>,
}

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

/// A 3YC minimum quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumQuantity {
    /// LICENSE or CONSUMABLES.
    pub offer_type: OfferType,
    /// The minimum.
    pub quantity: i64,
}

/// A 3YC commitment, commitment request or recommitment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Start date.
    pub start_date: NaiveDate,
    /// End date.
    pub end_date: NaiveDate,
    /// REQUESTED, ACCEPTED, COMMITTED, DECLINED, NONCOMPLIANT, EXPIRED, INACTIVE.
    pub status: String,
    /// Minimums.
    pub minimum_quantities: Vec<MinimumQuantity>,
}

/// The THREE_YEAR_COMMIT benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ThreeYearCommit {
    /// The active commitment.
    pub commitment: Option<Commitment>,
    /// A pending request.
    pub commitment_request: Option<Commitment>,
    /// A pending recommitment.
    pub recommitment_request: Option<Commitment>,
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

/// The customer tag of a migrated High Volume Discount customer (SPEC §4.18).
pub const HVD_MIGRATED_CUSTOMER: &str = "HVD_MIGRATED_CUSTOMER";

/// The minimum quantity of a High Growth renewal code: `MOQ_100`, `MOQ_250`, `MOQ_500`.
pub fn moq_minimum(code: &str) -> Option<i64> {
    match code {
        "MOQ_100" => Some(100),
        "MOQ_250" => Some(250),
        "MOQ_500" => Some(500),
        _ => None,
    }
}

/// A run of the renewal job for one customer, created by the portal's trigger (SPEC §5.4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalJob {
    /// Job id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// The customer.
    pub customer_id: String,
    /// [`job_status::PENDING`] or [`job_status::DONE`].
    pub status: String,
    /// When the job may run.
    pub run_after: DateTime<Utc>,
    /// The RENEWAL order it created, if any.
    pub renewal_order_id: Option<String>,
    /// Subscriptions it expired.
    pub expired_subscriptions: Vec<String>,
    /// Subscriptions it renewed.
    pub renewed: usize,
}
