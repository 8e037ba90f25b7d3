//! What the portal API accepts (SPEC §5): request bodies and list parameters. The handlers read
//! bodies by hand (a JSON value checked field by field, unknown members refused with `400
//! P400`), so these types are never deserialized: they describe exactly what the handlers
//! accept, requiring only what the server requires. Answers are typed in
//! [`crate::portal_api::wire`]; the control surface has its own (`crate::control::schemas`).
//! The list and query parameters are in [`params`], re-exported from this module.

#![allow(dead_code, reason = "schema-only types: the handlers read bodies by hand")]

use utoipa::ToSchema;

mod params;

pub use params::{
    CustomerListQuery, CustomerSearch, CustomerSort, MembershipListQuery, MembershipSort, OrderListQuery, OrderSearch,
    OrderSort, PageSize, ResellerListQuery, ResellerSearch, ResellerSort, SortOrder, TransferListQuery, TransferSort,
};

/// An account status the portal may set on a customer.
#[derive(ToSchema)]
pub enum CustomerStatusIn {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Inactive.
    #[serde(rename = "1004")]
    Inactive,
    /// Invalid address.
    #[serde(rename = "1010")]
    InvalidAddress,
    /// Blocked.
    #[serde(rename = "1012")]
    Blocked,
    /// Failed (customer).
    #[serde(rename = "1024")]
    Failed,
}

/// An account status the portal may set on a reseller.
#[derive(ToSchema)]
pub enum ResellerStatusIn {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Inactive.
    #[serde(rename = "1004")]
    Inactive,
    /// Invalid address.
    #[serde(rename = "1010")]
    InvalidAddress,
    /// Blocked.
    #[serde(rename = "1012")]
    Blocked,
}

/// An order status the portal may set (`1008` cancels).
#[derive(ToSchema)]
pub enum OrderStatusIn {
    /// Complete.
    #[serde(rename = "1000")]
    Complete,
    /// Failed.
    #[serde(rename = "1004")]
    Failed,
    /// Cancelled: cancels the order (within the cancellation window).
    #[serde(rename = "1008")]
    Cancelled,
    /// Failed: distributor inactive.
    #[serde(rename = "1020")]
    DistributorInactive,
    /// Failed: reseller inactive.
    #[serde(rename = "1022")]
    ResellerInactive,
    /// Failed: customer inactive.
    #[serde(rename = "1024")]
    CustomerInactive,
    /// Failed: customer id invalid.
    #[serde(rename = "1026")]
    CustomerIdInvalid,
}

/// A subscription status the portal may set.
#[derive(ToSchema)]
pub enum SubscriptionStatusIn {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Inactive.
    #[serde(rename = "1004")]
    Inactive,
}

/// A 3YC commitment status.
#[derive(ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum CommitmentStatusIn {
    /// Requested.
    Requested,
    /// Accepted.
    Accepted,
    /// Committed.
    Committed,
    /// Declined.
    Declined,
    /// Non-compliant.
    Noncompliant,
    /// Expired.
    Expired,
    /// Inactive.
    Inactive,
}

/// `PATCH /portal/api/v1/customers/{customer_id}`: any of the members; `null` leaves a field
/// as it is.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"status": "1004", "cotermDate": "2026-03-01"}))]
pub struct CustomerEditIn {
    /// The account status.
    status: Option<CustomerStatusIn>,
    /// The new anniversary date (`YYYY-MM-DD`); `""` clears it on a customer without
    /// subscriptions.
    #[schema(example = "2026-03-01")]
    coterm_date: Option<String>,
    /// Global sales (the distributor must have it; COM customers only).
    global_sales_enabled: Option<bool>,
    /// One market sub-segment: GOV `STATE` or `FEDERAL`; EDU `K_12`, `HIGHER_ED` or `NON_PROFIT`.
    #[schema(example = json!(["FEDERAL"]))]
    market_sub_segments: Option<Vec<String>>,
}

/// `PATCH /portal/api/v1/resellers/{reseller_id}`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"status": "1004"}))]
pub struct ResellerEditIn {
    /// The account status.
    status: ResellerStatusIn,
}

/// `PATCH /portal/api/v1/orders/{order_id}`: any of the members.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"status": "1008"}))]
pub struct OrderEditIn {
    /// The order status (`1008` cancels, within the cancellation window).
    status: Option<OrderStatusIn>,
    /// A new creation date (`YYYY-MM-DD` or an RFC 3339 instant).
    #[schema(example = "2025-01-10")]
    creation_date: Option<String>,
}

/// `PATCH /portal/api/v1/customers/{customer_id}/three-year-commit`: the commitment's terms.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"endDate": "2028-01-15", "status": "COMMITTED"}))]
pub struct TermsEditIn {
    /// Start date (`YYYY-MM-DD`).
    #[schema(format = Date, example = "2025-01-15")]
    start_date: Option<String>,
    /// End date (`YYYY-MM-DD`), after the start date.
    #[schema(format = Date, example = "2028-01-15")]
    end_date: Option<String>,
    /// The commitment's status.
    status: Option<CommitmentStatusIn>,
}

/// Which 3YC request a decision is about.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ThreeYcRequest {
    /// The commitment request (the default).
    CommitmentRequest,
    /// The recommitment request.
    RecommitmentRequest,
}

/// The decision on a 3YC request.
#[derive(ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum ThreeYcDecision {
    /// Accept it.
    Accept,
    /// Reject it (`DECLINED`).
    Reject,
}

/// `POST /portal/api/v1/customers/{customer_id}/three-year-commit/decision`.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"request": "commitmentRequest", "decision": "ACCEPT"}))]
pub struct DecisionIn {
    /// The request decided (default `commitmentRequest`).
    request: Option<ThreeYcRequest>,
    /// The decision.
    decision: ThreeYcDecision,
}

/// The pricing plan of a migrated HVD customer.
#[derive(ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HvdPricing {
    /// Pre price-action pricing (`HVD_L1x_PRE`).
    PreDclo,
    /// Post price-action pricing (`HVD_L1x_POST`).
    PostDclo,
}

/// `POST /portal/api/v1/customers/{customer_id}/hvd`: the VIP discount level and the pricing plan.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"discountLevel": "18", "pricing": "PRE_DCLO"}))]
pub struct HvdMigrationIn {
    /// The VIP HVD level: `17` (3YC licence minimum ≥ 50) or `18` (≥ 100).
    #[schema(pattern = "^1[78]$")]
    discount_level: String,
    /// The pricing plan (default `PRE_DCLO`).
    pricing: Option<HvdPricing>,
}

/// `PATCH /portal/api/v1/customers/{customer_id}/subscriptions/{subscription_id}`: any of the
/// members.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"renewalQuantity": 5, "autoRenewal": true}))]
pub struct SubscriptionEditIn {
    /// The quantity that renews.
    #[schema(example = 5)]
    renewal_quantity: Option<i64>,
    /// Whether it renews automatically.
    auto_renewal: Option<bool>,
    /// The subscription status.
    status: Option<SubscriptionStatusIn>,
    /// The High Growth renewal code for the next term (`MOQ_100`, `MOQ_250` or `MOQ_500`; Acrobat
    /// Pro group, auto-renewal on); an empty string removes it.
    #[schema(example = "MOQ_100")]
    renewal_code: Option<String>,
}

/// `POST /portal/api/v1/partners/{distributor_id}/global-sales`.
#[derive(ToSchema)]
#[schema(example = json!({"enabled": true}))]
pub struct GlobalSalesIn {
    /// Whether the distributor may sell for deployments in other countries.
    enabled: bool,
}

/// `POST /portal/api/v1/customers/{customer_id}/purchase-authorizations` (Create PA).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"baseOfferId": "30006208CA01A12", "quantity": 3}))]
pub struct PurchaseAuthorizationIn {
    /// An offer of a product of the customer's market segment (any level; the PA records the
    /// product's base offer).
    #[schema(min_length = 15, max_length = 15, example = "30006208CA01A12")]
    base_offer_id: String,
    /// Seats, 1 to the product's line maximum (10000 Teams, 599000 Enterprise).
    #[schema(minimum = 1, maximum = 599000, example = 3)]
    quantity: i64,
}

/// A deployment status the portal may set.
#[derive(ToSchema)]
pub enum DeploymentStatusIn {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Inactive (refused with `1119` while a subscription uses the deployment).
    #[serde(rename = "1004")]
    Inactive,
}

/// The members of a deployment's address to change; the others stay.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAddressIn {
    /// Never changes (another country is `1119`).
    #[schema(example = "JP")]
    country: Option<String>,
    /// ISO 3166-2 subdivision suffix of the country, or `00`.
    #[schema(example = "27")]
    region: Option<String>,
    /// City.
    #[schema(max_length = 40, example = "Osaka")]
    city: Option<String>,
    /// First line.
    #[schema(min_length = 1, max_length = 60)]
    address_line1: Option<String>,
    /// Second line.
    #[schema(max_length = 60)]
    address_line2: Option<String>,
    /// Postal code, matching the country's format.
    #[schema(max_length = 40, example = "530-0001")]
    postal_code: Option<String>,
    /// Phone number.
    #[schema(max_length = 40)]
    phone_number: Option<String>,
}

/// `PATCH /portal/api/v1/customers/{customer_id}/deployments/{deployment_id}`: any of the members.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"address": {"region": "27", "city": "Osaka", "postalCode": "530-0001"}, "status": "1000"}))]
pub struct DeploymentEditIn {
    /// The address members to change.
    address: Option<DeploymentAddressIn>,
    /// The deployment's status.
    status: Option<DeploymentStatusIn>,
}

/// `POST /portal/api/v1/memberships/quick` (Transfer Memberships › Quick Create, SPEC §5.8.1).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"companyName": "Acme", "eligibleOfferCount": 2, "marketSegment": "COM",
    "renewalStatus": "FULL", "enableWorldwide": false, "threeYearCommit": false, "linkedMembershipOwner": false,
    "linkedMembershipMember": false, "hvd": null, "enableLga": false}))]
pub struct MembershipQuickIn {
    /// 1–80 characters.
    company_name: String,
    /// Offers of the membership, 1–10 (LGA 1–5; default 2).
    #[schema(minimum = 1, maximum = 10)]
    eligible_offer_count: Option<i64>,
    /// `COM` (default), `EDU` or `GOV`.
    market_segment: Option<String>,
    /// GOV `STATE`/`FEDERAL`, EDU `K_12`/`HIGHER_ED`/`NON_PROFIT` (LGA: required).
    market_sub_segment: Option<String>,
    /// VIP renewal status `FULL` (default), `PARTIAL` or `NO`: the products not renewed keep a past
    /// `renewalDate` and transfer inactive.
    renewal_status: Option<String>,
    /// A worldwide (global) purchaser.
    enable_worldwide: Option<bool>,
    /// With a 3YC commitment (not with a linked-membership role).
    three_year_commit: Option<bool>,
    /// Owner of a new linked membership (returns its `linkedMembershipId`).
    linked_membership_owner: Option<bool>,
    /// Member of the group `linkedMembershipGroupId`.
    linked_membership_member: Option<bool>,
    /// The group id of an owner membership (members).
    linked_membership_group_id: Option<String>,
    /// HVD: `{"pricing": "PRE_DCLO"|"POST_DCLO", "discountLevel": "17"|"18"}` (not EDU, not LGA).
    #[schema(value_type = Option<Object>)]
    hvd: Option<serde_json::Value>,
    /// A Large Government Agency (GOV with a sub-segment; not with HVD, 3YC or worldwide).
    enable_lga: Option<bool>,
}

/// `POST /portal/api/v1/memberships/custom` (Custom Create, SPEC §5.8.2): Quick Create's members
/// plus these.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"companyName": "Acme", "marketSegment": "COM", "country": "US",
    "offers": [{"offerId": "65304479CA01A12", "quantity": 12}], "eligibility": {"unpaidInvoice": true}}))]
pub struct MembershipCustomIn {
    /// Quick Create's members.
    #[serde(flatten)]
    quick: MembershipQuickIn,
    /// The VIP subscriptions (else `randomOfferCount` catalogue products): offer, quantity and an
    /// optional renewal date.
    #[schema(value_type = Option<Vec<Object>>)]
    offers: Option<Vec<serde_json::Value>>,
    /// Random catalogue offers, 1–10.
    random_offer_count: Option<i64>,
    /// Country (default `US`).
    country: Option<String>,
    /// Address members to override.
    #[schema(value_type = Option<Object>)]
    address: Option<serde_json::Value>,
    /// Admin contacts `{firstName, lastName, email}`.
    #[schema(value_type = Option<Vec<Object>>)]
    admin_contacts: Option<Vec<serde_json::Value>>,
    /// One of the country's currencies.
    currency: Option<String>,
    /// Worldwide deployment `{deploymentId?}`: the items carry it.
    #[schema(value_type = Option<Object>)]
    deployment: Option<serde_json::Value>,
    /// Owner `{name, type}` or member `{groupId}`.
    #[schema(value_type = Option<Object>)]
    linked_membership: Option<serde_json::Value>,
    /// LGA `{hasFrlProducts}` (without FRL the total quantity must reach 100).
    #[schema(value_type = Option<Object>)]
    lga: Option<serde_json::Value>,
    /// Knobs: `openPurchaseAuthorizations`, `returnablePurchase`, `unpaidInvoice`, `unbilledOrder`,
    /// `unprocessedOrders`, `inactive`, `noTargetSku`, `extendedTerm3yc`, `invalidCountry` (true:
    /// ineligible with that reason), `contractAccepted` and `adminContactsPresent` (false).
    #[schema(value_type = Option<Object>)]
    eligibility: Option<serde_json::Value>,
    /// Any other `5117` reason codes of SPEC §3.4.
    reason_codes: Option<Vec<String>>,
    /// The next anniversary (`YYYY-MM-DD`).
    anniversary_date: Option<String>,
    /// A supported locale.
    preferred_language: Option<String>,
}

/// `PATCH /portal/api/v1/transfers/{transfer_id}` (Update Transfer Status, SPEC §5.8.5).
#[derive(ToSchema)]
#[schema(example = json!({"status": "1000"}))]
pub struct TransferStatusIn {
    /// `1000` completes an open transfer now, `1004` fails it, `1002` leaves it open.
    status: String,
}
