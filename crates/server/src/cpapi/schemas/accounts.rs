//! What the reseller and customer operations (E3–E9) accept: profiles, addresses, contacts,
//! benefits and commitment requests.

use serde::Serialize;
use utoipa::ToSchema;

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
