//! What the CPAPI operations accept: request bodies and query parameters.
//!
//! The handlers read bodies by hand (so that Adobe's error precedence holds: `1121`, then
//! `1122`, then the format codes) and queries with `RawQuery`; these types only describe what
//! they accept and are never deserialized. Read-only members that clients echo back
//! (`customerId`, `status`, `links`, …) are accepted and ignored by the server but left out
//! here.
#![allow(dead_code, reason = "schema-only types: they describe requests and are never built")]

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

mod notifications;
mod switch;
pub use notifications::NotificationQuery;
pub use switch::{CancellingItemIn, SubscriptionSwitchPathsQuery, SwitchOrderQuery, SwitchPathsQuery};

/// A postal address in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
    "postalCode": "95110", "phoneNumber": "8005550100"
}))]
pub struct AddressIn {
    /// ISO 3166-1 alpha-2 country code, sold by the distributor (`1118` otherwise).
    #[schema(min_length = 2, max_length = 3, example = "US")]
    country: String,
    /// ISO 3166-2 subdivision suffix (`CA` for `US-CA`) or `00`.
    #[schema(max_length = 255, example = "CA")]
    region: Option<String>,
    /// City.
    #[schema(max_length = 40)]
    city: Option<String>,
    /// First line.
    #[schema(min_length = 1, max_length = 60)]
    address_line1: String,
    /// Second line.
    #[schema(max_length = 60)]
    address_line2: Option<String>,
    /// Postal code, matching the country's format (US: `95110` or `95110-1234`).
    #[schema(max_length = 40, example = "95110")]
    postal_code: String,
    /// Phone number.
    #[schema(max_length = 40)]
    phone_number: Option<String>,
}

/// A contact in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}))]
pub struct ContactIn {
    /// First name (letters, digits, `-_ ,.&'"`).
    #[schema(min_length = 1, max_length = 35, example = "Ada")]
    first_name: String,
    /// Last name.
    #[schema(min_length = 1, max_length = 35, example = "Lovelace")]
    last_name: String,
    /// Email address.
    #[schema(max_length = 240, format = Email, example = "ada@example.com")]
    email: String,
    /// Phone number.
    #[schema(max_length = 40)]
    phone_number: Option<String>,
}

/// A market segment.
#[derive(Serialize, ToSchema)]
pub enum MarketSegmentIn {
    /// Commercial.
    #[serde(rename = "COM")]
    Com,
    /// Education.
    #[serde(rename = "EDU")]
    Edu,
    /// Government.
    #[serde(rename = "GOV")]
    Gov,
}

/// A reseller's company profile in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResellerProfileIn {
    /// Company name: 4–80 letters, digits, spaces and `_,.&'()"/-`. Not editable.
    #[schema(min_length = 4, max_length = 80, example = "Reseller Example")]
    company_name: String,
    /// One of Adobe's 43 locales.
    #[schema(example = "en-US")]
    preferred_language: String,
    /// Segments the reseller sells to (default `["COM"]`); on update, required and may only grow.
    #[schema(min_items = 1)]
    market_segments: Option<Vec<MarketSegmentIn>>,
    /// The address; `country` and `region` are not editable.
    address: AddressIn,
    /// Contacts (at least one on create; `[]` on update keeps them).
    contacts: Option<Vec<ContactIn>>,
}

/// `POST /v3/resellers`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "distributorId": "5000000001", "externalReferenceId": "888",
    "companyProfile": {"companyName": "Reseller Example", "preferredLanguage": "en-US", "marketSegments": ["COM"],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]}
}))]
pub struct ResellerIn {
    /// The caller's distributor (`1114` otherwise).
    #[schema(example = "5000000001")]
    distributor_id: String,
    /// The partner's own reference.
    #[schema(max_length = 35)]
    external_reference_id: Option<String>,
    /// The company profile.
    company_profile: ResellerProfileIn,
}

/// `PATCH /v3/resellers/{reseller_id}`: the profile is replaced as a whole.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "externalReferenceId": "889",
    "companyProfile": {"companyName": "Reseller Example", "preferredLanguage": "en-US", "marketSegments": ["COM", "EDU"],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Market Street",
            "postalCode": "95110"},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]}
}))]
pub struct ResellerPatch {
    /// The partner's own reference.
    #[schema(max_length = 35)]
    external_reference_id: Option<String>,
    /// The whole profile.
    company_profile: ResellerProfileIn,
}

/// A customer's company profile in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerProfileIn {
    /// Company name (4–80 characters). Not editable.
    #[schema(min_length = 4, max_length = 80, example = "Customer Example")]
    company_name: String,
    /// One of Adobe's 43 locales.
    #[schema(example = "en-US")]
    preferred_language: String,
    /// `COM` (default), `EDU` or `GOV`; one of the reseller's segments.
    market_segment: Option<MarketSegmentIn>,
    /// LGA only: `["FEDERAL"]` or `["STATE"]`.
    market_sub_segments: Option<Vec<String>>,
    /// The address; `country` and `region` are not editable.
    address: AddressIn,
    /// Contacts (at least one on create; `[]` on update keeps them).
    contacts: Option<Vec<ContactIn>>,
}

/// A minimum quantity of a 3YC request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MinimumQuantityIn {
    /// `LICENSE` (at least 10) or `CONSUMABLES` (at least 1000).
    #[schema(pattern = "^(LICENSE|CONSUMABLES)$", example = "LICENSE")]
    offer_type: String,
    /// The minimum.
    #[schema(example = 10)]
    quantity: i64,
}

/// A 3YC (re)commitment request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentRequestIn {
    /// The requested minimums.
    minimum_quantities: Vec<MinimumQuantityIn>,
}

/// A benefit requested for a customer.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}))]
pub struct BenefitIn {
    /// `THREE_YEAR_COMMIT` or `LARGE_GOVERNMENT_AGENCY`.
    #[serde(rename = "type")]
    #[schema(pattern = "^(THREE_YEAR_COMMIT|LARGE_GOVERNMENT_AGENCY)$")]
    kind: String,
    /// 3YC: a new commitment or a quantity increase.
    commitment_request: Option<CommitmentRequestIn>,
    /// 3YC: a recommitment, in the commitment's last 30 days.
    recommitment_request: Option<CommitmentRequestIn>,
}

/// `POST /v3/customers`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "resellerId": "1000000001", "externalReferenceId": "342",
    "companyProfile": {"companyName": "Customer Example", "preferredLanguage": "en-US", "marketSegment": "COM",
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]}
}))]
pub struct CustomerIn {
    /// The customer's reseller (active or pending).
    #[schema(min_length = 4, max_length = 40, example = "1000000001")]
    reseller_id: String,
    /// The partner's own reference.
    #[schema(max_length = 35)]
    external_reference_id: Option<String>,
    /// The company profile.
    company_profile: CustomerProfileIn,
    /// An extended-term anniversary date (`YYYY-MM-DD`), 1–3 years ahead.
    #[schema(format = Date)]
    coterm_date: Option<String>,
    /// 3YC and/or LGA requests.
    benefits: Option<Vec<BenefitIn>>,
    /// Global sales (needs the distributor's and the reseller's).
    global_sales_enabled: Option<bool>,
}

/// `PATCH /v3/customers/{customer_id}`: every member is optional.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "externalReferenceId": "343",
    "companyProfile": {"companyName": "Customer Example", "preferredLanguage": "en-US",
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Market Street",
            "postalCode": "95110"},
        "contacts": []}
}))]
pub struct CustomerPatch {
    /// The partner's own reference.
    #[schema(max_length = 35)]
    external_reference_id: Option<String>,
    /// The profile; absent keeps it.
    company_profile: Option<CustomerProfileIn>,
    /// 3YC requests, LGA conversion.
    benefits: Option<Vec<BenefitIn>>,
    /// Global sales.
    global_sales_enabled: Option<bool>,
    /// Creates a linked-membership group with the customer as `OWNER` (SPEC §4.11).
    linked_membership: Option<LinkedMembershipIn>,
}

/// A linked-membership group to create on PATCH customer.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"type": "STANDARD", "name": "County schools"}))]
pub struct LinkedMembershipIn {
    /// `STANDARD` or `CONSORTIUM`.
    #[serde(rename = "type")]
    #[schema(pattern = "^(STANDARD|CONSORTIUM)$")]
    kind: String,
    /// The group's name, 1–80 characters.
    #[schema(min_length = 1, max_length = 80)]
    name: String,
}

/// An order line in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}))]
pub struct LineItemIn {
    /// The partner's line number, unique in the order.
    #[schema(minimum = 0, maximum = 999999)]
    ext_line_item_number: i64,
    /// A catalogue offer id.
    #[schema(example = "65304479CA01A12")]
    offer_id: String,
    /// Quantity (optional on PREVIEW_RENEWAL lines).
    #[schema(minimum = 1, maximum = 599000)]
    quantity: Option<i64>,
    /// The subscription (RENEWAL, PREVIEW_RENEWAL and SWITCH lines).
    subscription_id: Option<String>,
    /// The line's currency (required with `deploymentId`).
    #[schema(pattern = "^[A-Z]{3}$")]
    currency_code: Option<String>,
    /// A deployment, for a global purchase.
    deployment_id: Option<String>,
    /// An HVD discount code.
    discount_code: Option<String>,
    /// At most one flexible discount code.
    #[schema(max_items = 1)]
    flex_discount_codes: Option<Vec<String>>,
}

/// `POST /v3/customers/{customer_id}/orders`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "orderType": "NEW", "externalReferenceId": "759", "currencyCode": "USD",
    "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}]
}))]
pub struct OrderIn {
    /// `NEW`, `PREVIEW`, `RETURN`, `RENEWAL`, `PREVIEW_RENEWAL`, `SWITCH`, `PREVIEW_SWITCH`, `REVERT_SWITCH`,
    /// `PREVIEW_REVERT_SWITCH`.
    #[schema(
        pattern = "^(NEW|PREVIEW|RETURN|RENEWAL|PREVIEW_RENEWAL|SWITCH|PREVIEW_SWITCH|REVERT_SWITCH|PREVIEW_REVERT_SWITCH)$",
        example = "NEW"
    )]
    order_type: String,
    /// The partner's own reference (RETURN: up to 100 characters).
    #[schema(max_length = 100)]
    external_reference_id: Option<String>,
    /// Order-level currency; required unless every line has one.
    #[schema(pattern = "^[A-Z]{3}$", example = "USD")]
    currency_code: Option<String>,
    /// The order a RETURN or REVERT_SWITCH refers to.
    reference_order_id: Option<String>,
    /// 1–499 lines (optional for PREVIEW_RENEWAL; exactly one for the SWITCH family).
    #[schema(min_items = 1, max_items = 499)]
    line_items: Option<Vec<LineItemIn>>,
    /// The SWITCH family only: exactly one item, the subscription giving up the line's quantity.
    #[schema(min_items = 1, max_items = 1)]
    cancelling_items: Option<Vec<CancellingItemIn>>,
}

/// `PATCH /v3/customers/{customer_id}/orders/{order_id}`: only `externalReferenceId`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"externalReferenceId": "34567"}))]
pub struct OrderPatch {
    /// The new reference.
    #[schema(max_length = 35)]
    external_reference_id: String,
}

/// Auto-renewal settings in a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoRenewalIn {
    /// On or off; absent keeps the current flag.
    enabled: Option<bool>,
    /// An explicit renewal quantity (with `enabled: true`; `null` = all active licences).
    #[schema(minimum = 1)]
    renewal_quantity: Option<i64>,
    /// A High Growth renewal code (`MOQ_100`, `MOQ_250`, `MOQ_500`).
    renewal_code: Option<String>,
    /// Flexible discount codes for the renewal (auto-renewal must be on).
    flex_discount_codes: Option<Vec<String>>,
}

/// `PATCH /v3/customers/{customer_id}/subscriptions/{subscription_id}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"autoRenewal": {"enabled": true, "renewalQuantity": 5}}))]
pub struct SubscriptionPatch {
    /// The new settings.
    auto_renewal: Option<AutoRenewalIn>,
}

/// `POST /v3/customers/{customer_id}/subscriptions` (Create Subscription, E19).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"offerId": "65304520CA01A12", "autoRenewal": {"enabled": true, "renewalQuantity": 5}}))]
pub struct SubscriptionIn {
    /// A product the customer does not hold yet (any level of it); not a consumable.
    offer_id: String,
    /// `renewalQuantity` is required; `enabled` may only be `true`.
    auto_renewal: AutoRenewalIn,
    /// The currency; required with `deploymentId`, else the customer's home currency.
    currency_code: Option<String>,
    /// The deployment to buy for (a global customer abroad).
    deployment_id: Option<String>,
}

/// `POST /v3/transfers` (reseller change, E29).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"type": "RESELLER_CHANGE", "action": "PREVIEW", "approvalCode": "62159861",
    "resellerId": "1000000002", "requestedBy": "customer-admin@example.com"}))]
pub struct ResellerChangeIn {
    /// `RESELLER_CHANGE`.
    #[serde(rename = "type")]
    kind: String,
    /// `PREVIEW` (read-only) or `COMMIT`.
    action: String,
    /// The code the customer generated (portal: Generate Approval Code), valid 7 days, used once.
    approval_code: String,
    /// The new reseller, of the caller's distributor.
    reseller_id: String,
    /// Who asked for the change (recorded).
    requested_by: Option<String>,
}

/// An account status filter.
#[derive(Serialize, ToSchema)]
pub enum AccountStatusFilter {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Pending.
    #[serde(rename = "1002")]
    Pending,
    /// Inactive.
    #[serde(rename = "1004")]
    Inactive,
    /// Inactive: customer id invalid.
    #[serde(rename = "1026")]
    InvalidId,
}

/// The sort keys of the account lists.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AccountSortBy {
    /// By creation date (default).
    CreationDate,
    /// By company name.
    CompanyName,
}

/// The query of `GET /v3/linked_membership_groups` (E37).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkedGroupQuery {
    /// `US` or `CA` (required: `1118` without it).
    #[param(example = "US")]
    country: Option<String>,
    /// A substring of the group name, case-insensitive, at most 80 characters.
    #[param(max_length = 80, example = "Agency")]
    name: Option<String>,
}

/// The query of `GET /v3/resellers` (E6).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResellerListQuery {
    /// Statuses to list (repeatable); default `1000`.
    status: Option<Vec<AccountStatusFilter>>,
    /// Company name, `*` matches any sequence, case-insensitive.
    #[param(rename = "company-name", example = "Reseller*")]
    company_name: Option<String>,
    /// Sort key.
    #[param(rename = "sort-by", inline)]
    sort_by: Option<AccountSortBy>,
    /// `asc` or `desc` (default), case-insensitive.
    #[param(rename = "order-by", pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$", example = "desc")]
    order_by: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}

/// The query of `GET /v3/resellers/{reseller_id}/customers` (E10).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListQuery {
    /// Statuses to list (repeatable); default `1000`.
    status: Option<Vec<AccountStatusFilter>>,
    /// One customer id.
    #[param(rename = "customer-id")]
    customer_id: Option<String>,
    /// Company name, `*` matches any sequence, case-insensitive.
    #[param(rename = "company-name", example = "Customer*")]
    company_name: Option<String>,
    /// Created on or after (`YYYY-MM-DD` or a UTC date-time).
    #[param(rename = "from-created-date", format = Date)]
    from_created_date: Option<String>,
    /// Created on or before (`YYYY-MM-DD`, the whole day, or a UTC date-time).
    #[param(rename = "to-created-date", format = Date)]
    to_created_date: Option<String>,
    /// Sort key.
    #[param(rename = "sort-by", inline)]
    sort_by: Option<AccountSortBy>,
    /// `asc` or `desc` (default), case-insensitive.
    #[param(rename = "order-by", pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$", example = "desc")]
    order_by: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}

/// The order types of the order history filter.
#[derive(Serialize, ToSchema)]
pub enum HistoryOrderType {
    /// New purchase.
    #[serde(rename = "NEW")]
    New,
    /// VIP → VIP MP transfer.
    #[serde(rename = "TRANSFER")]
    Transfer,
    /// Renewal.
    #[serde(rename = "RENEWAL")]
    Renewal,
    /// Return.
    #[serde(rename = "RETURN")]
    Return,
    /// Mid-term upgrade.
    #[serde(rename = "SWITCH")]
    Switch,
    /// Revert of an upgrade.
    #[serde(rename = "REVERT_SWITCH")]
    RevertSwitch,
}

/// The query of `GET /v3/customers/{customer_id}/orders` (E17).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderHistoryQuery {
    /// Order types (repeatable, OR-ed); default all.
    #[param(rename = "order-type", inline)]
    order_type: Option<Vec<HistoryOrderType>>,
    /// Order statuses (repeatable, OR-ed): `1000`, `1002`, `1004`, `1008`, `1010`, `1014`, `1020`, `1022`,
    /// `1024`, `1026`.
    #[param(pattern = "^10(00|02|04|08|10|14|20|22|24|26)$")]
    status: Option<Vec<String>>,
    /// Offer ids of the lines (repeatable, OR-ed).
    #[param(rename = "offer-id")]
    offer_id: Option<Vec<String>>,
    /// Subscription ids of the lines or of the cancelling items (repeatable, OR-ed).
    #[param(rename = "subscription-id")]
    subscription_id: Option<Vec<String>>,
    /// The order a RETURN refers to.
    #[param(rename = "reference-order-id")]
    reference_order_id: Option<String>,
    /// Created on or after (`YYYY-MM-DD` = 00:00:00Z, or a UTC date-time); default the current term's start.
    #[param(rename = "start-date", format = Date)]
    start_date: Option<String>,
    /// Created on or before (`YYYY-MM-DD` = 00:00:00Z, or a UTC date-time); default now.
    #[param(rename = "end-date", format = Date)]
    end_date: Option<String>,
    /// Page size, at least 1 (default 25; above 100 is 100).
    #[param(minimum = 1, example = 25)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
    /// `true`: prices of completed single-currency orders.
    #[param(rename = "fetch-price")]
    fetch_price: Option<bool>,
}

/// A deployment's profile in a request: its address.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentProfileIn {
    /// The address, in any supported country but the customer's.
    address: AddressIn,
}

/// `POST /v3/customers/{customer_id}/deployments` (E11).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"companyProfile": {"address": {"country": "JP", "region": "13", "city": "Tokyo",
    "addressLine1": "1-1 Chiyoda", "postalCode": "100-0001"}}}))]
pub struct DeploymentIn {
    /// The deployment's address.
    company_profile: DeploymentProfileIn,
}

/// `PATCH /v3/customers/{customer_id}/deployments/{deployment_id}` (E14).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"status": "1004"}))]
pub struct DeploymentPatch {
    /// A new address (same country).
    company_profile: Option<DeploymentProfileIn>,
    /// `1000` (reactivate) or `1004` (deactivate; refused while a subscription uses it).
    #[schema(pattern = "^(1000|1004)$")]
    status: Option<String>,
}

/// The filters of `GET /v3/customers/{customer_id}/deployments` (E12).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeploymentListQuery {
    /// `1000` or `1004`, repeatable (default: both).
    status: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// An offer of the cart in a recommendation request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecommendationOfferIn {
    /// The offer.
    offer_id: String,
    /// Its quantity.
    #[schema(minimum = 1)]
    quantity: Option<i64>,
}

/// `POST /v3/recommendations` (E34).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"recommendationContext": "GENERIC", "customerId": "1005000001", "country": "US", "language": "MULT"}))]
pub struct RecommendationIn {
    /// `GENERIC`, `ORDER_PREVIEW`, `RENEWAL_ORDER_PREVIEW` or `ORDERS_VIEW`.
    #[schema(pattern = "^(GENERIC|ORDER_PREVIEW|RENEWAL_ORDER_PREVIEW|ORDERS_VIEW)$", example = "GENERIC")]
    recommendation_context: String,
    /// The customer.
    customer_id: String,
    /// The cart (ORDER_PREVIEW).
    offers: Option<Vec<RecommendationOfferIn>>,
    /// ISO country (default: the customer's); unknown: `5136`.
    country: Option<String>,
    /// `MULT` (default) or `EN`; anything else: `5137`.
    language: Option<String>,
}

/// `fetch-recommendations` on PREVIEW and PREVIEW_RENEWAL.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationQuery {
    /// `true`: add `recommendations` to a PREVIEW or PREVIEW_RENEWAL answer.
    #[param(rename = "fetch-recommendations")]
    fetch_recommendations: Option<bool>,
    /// The recommendation country (default: the customer's); unknown: `errorDetails` `5136`.
    #[param(rename = "recommendation-country")]
    recommendation_country: Option<String>,
    /// `MULT` (default) or `EN`; anything else: `errorDetails` `5137`.
    #[param(rename = "recommendation-language")]
    recommendation_language: Option<String>,
}

/// The filters of `GET /v3/flex-discounts` (E32).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FlexDiscountQuery {
    /// `COM`, `EDU` or `GOV`, one the partner sells (required).
    #[param(rename = "market-segment", required = true, example = "COM")]
    market_segment: Option<String>,
    /// ISO 3166-1 alpha-2 country the partner sells in (required; `1178` otherwise).
    #[param(required = true, example = "US")]
    country: Option<String>,
    /// `STANDARD`, `INTRO` or both, comma-separated (default both).
    categories: Option<String>,
    /// Offer ids, comma-separated: discounts for any of their products (or for every product).
    #[param(rename = "offer-ids")]
    offer_ids: Option<String>,
    /// One discount by id; no other optional parameter may be sent with it.
    #[param(rename = "flex-discount-id")]
    flex_discount_id: Option<String>,
    /// One discount by code (exact).
    #[param(rename = "flex-discount-code")]
    flex_discount_code: Option<String>,
    /// `true`: also the `REUSABLE` discounts (past `endDate`, before `discountLockEndDate`).
    #[param(rename = "include-eligible-reusable-discounts")]
    include_eligible_reusable_discounts: Option<bool>,
    /// `YYYY-MM-DD` or a Zulu date-time: windows overlapping from then (alone: live on that day).
    #[param(rename = "start-date")]
    start_date: Option<String>,
    /// `YYYY-MM-DD` (end of that day) or a Zulu date-time: windows overlapping until then.
    #[param(rename = "end-date")]
    end_date: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// The paging of `GET /v3/customers/{customer_id}/flex-discounts` (E33).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerFlexDiscountQuery {
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// The flag of the subscription update.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriptionUpdateQuery {
    /// `true`: remove the opted `autoRenewal.flexDiscountCodes` (send `{}` as the body).
    #[param(rename = "reset-flex-discount-codes")]
    reset_flex_discount_codes: Option<bool>,
    /// `true`: remove the High Growth `autoRenewal.renewalCode` (default `false`).
    #[param(rename = "reset-renewal-code")]
    reset_renewal_code: Option<bool>,
}

/// The `fetch-price` flag of the order reads and creates.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FetchPriceQuery {
    /// `true`: include `pricing`, `proratedDays` and `pricingSummary` (previews; completed
    /// single-currency orders).
    #[param(rename = "fetch-price")]
    fetch_price: Option<bool>,
}

/// `POST /v3/memberships/{membership_id}/transfers` (E27).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({"resellerId": "1000000001"}))]
pub struct MembershipTransferIn {
    /// The reseller the customer lands under, of the caller's distributor, active and selling the
    /// membership's market segment.
    reseller_id: String,
}

/// The bypass flags of E26 and E27.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembershipTransferQuery {
    /// `true`: waive `RETURNABLE_PURCHASE` (default `false`).
    #[param(rename = "ignore-order-return")]
    ignore_order_return: Option<bool>,
    /// `true`: waive `OPEN_PURCHASE_AUTH` (default `false`).
    #[param(rename = "expire-open-pas")]
    expire_open_pas: Option<bool>,
}
