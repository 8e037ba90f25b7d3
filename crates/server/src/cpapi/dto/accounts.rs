//! Resellers and customers on the wire (E3–E10), and their list envelopes.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::model::{Commitment, Customer, LinkedMembership, ThreeYearCommit};

use super::{AddressOut, ContactOut, LinksOut, NameOnly, contacts};
use crate::cpapi::lists::PageMeta;

/// A minimum quantity of a 3YC commitment.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MinimumQuantity)]
pub struct MinimumQuantityOut {
    /// `LICENSE` or `CONSUMABLES`.
    #[schema(example = "LICENSE")]
    pub offer_type: &'static str,
    /// The committed minimum.
    pub quantity: i64,
}

/// A 3YC commitment, commitment request or recommitment request.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Commitment, example = json!({
    "startDate": "2025-07-07", "endDate": "2028-07-05", "status": "COMMITTED",
    "minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]
}))]
pub struct CommitmentOut {
    /// First day (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub start_date: String,
    /// Last day (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub end_date: String,
    /// `REQUESTED`, `ACCEPTED`, `COMMITTED`, `DECLINED`, `NONCOMPLIANT`, `EXPIRED`.
    pub status: String,
    /// The committed minimums per offer type.
    pub minimum_quantities: Vec<MinimumQuantityOut>,
}

fn commitment(c: Option<&Commitment>) -> Option<CommitmentOut> {
    c.map(commitment_out)
}

/// A 3YC commitment on the wire.
pub fn commitment_out(c: &Commitment) -> CommitmentOut {
    CommitmentOut {
        start_date: format_date(c.start_date),
        end_date: format_date(c.end_date),
        status: c.status.clone(),
        minimum_quantities: c
            .minimum_quantities
            .iter()
            .map(|m| MinimumQuantityOut { offer_type: m.offer_type.as_str(), quantity: m.quantity })
            .collect(),
    }
}

/// The `THREE_YEAR_COMMIT` benefit.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ThreeYearCommitBenefit)]
pub struct ThreeYearCommitBenefitOut {
    /// Always `THREE_YEAR_COMMIT`.
    #[serde(rename = "type")]
    #[schema(value_type = String, pattern = "^THREE_YEAR_COMMIT$", example = "THREE_YEAR_COMMIT")]
    pub kind: &'static str,
    /// The commitment in effect, if any.
    #[schema(required = true)]
    pub commitment: Option<CommitmentOut>,
    /// A pending commitment request, if any.
    #[schema(required = true)]
    pub commitment_request: Option<CommitmentOut>,
    /// A pending recommitment request, if any.
    #[schema(required = true)]
    pub recommitment_request: Option<CommitmentOut>,
}

/// The `LARGE_GOVERNMENT_AGENCY` benefit.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LgaBenefit)]
pub struct LgaBenefitOut {
    /// Always `LARGE_GOVERNMENT_AGENCY`.
    #[serde(rename = "type")]
    #[schema(value_type = String, pattern = "^LARGE_GOVERNMENT_AGENCY$", example = "LARGE_GOVERNMENT_AGENCY")]
    pub kind: &'static str,
    /// `ACTIVE` or `PENDING_UPGRADE`.
    pub status: String,
}

/// A customer benefit: 3YC or LGA.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = Benefit)]
pub enum BenefitOut {
    /// Three-year commit.
    ThreeYearCommit(Box<ThreeYearCommitBenefitOut>),
    /// Large government agency.
    Lga(LgaBenefitOut),
}

/// The customer's `benefits` array.
pub fn benefits(c: &Customer) -> Vec<BenefitOut> {
    benefits_of(c.three_year_commit.as_ref(), c.lga_status.as_deref())
}

/// The `benefits` array of a 3YC benefit and an LGA status (a customer's, or a VIP membership's
/// in E26).
pub fn benefits_of(three_year_commit: Option<&ThreeYearCommit>, lga_status: Option<&str>) -> Vec<BenefitOut> {
    let mut out = Vec::new();
    if let Some(t) = three_year_commit {
        out.push(BenefitOut::ThreeYearCommit(Box::new(ThreeYearCommitBenefitOut {
            kind: "THREE_YEAR_COMMIT",
            commitment: commitment(t.commitment.as_ref()),
            commitment_request: commitment(t.commitment_request.as_ref()),
            recommitment_request: commitment(t.recommitment_request.as_ref()),
        })));
    }
    if let Some(s) = lga_status {
        out.push(BenefitOut::Lga(LgaBenefitOut { kind: "LARGE_GOVERNMENT_AGENCY", status: s.to_string() }));
    }
    out
}

/// A customer's discount levels on the wire.
pub fn discounts(c: &Customer) -> Vec<DiscountOut> {
    levels(&c.discounts)
}

/// Levels on the wire (a customer's, a linked-membership group's).
pub fn levels(levels: &[vipmp_core::model::Discount]) -> Vec<DiscountOut> {
    levels
        .iter()
        .map(|d| DiscountOut {
            offer_type: d.offer_type.as_str(),
            level: d.level.clone(),
            discount_code: d.discount_code.clone(),
        })
        .collect()
}

/// A volume discount level.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Discount)]
pub struct DiscountOut {
    /// `LICENSE` or `CONSUMABLES`.
    #[schema(example = "LICENSE")]
    pub offer_type: &'static str,
    /// The level (`01`–`04`, `12`–`14`, `06`–`09`; `T1`–`T7`, `TA`–`TG`).
    #[schema(example = "01")]
    pub level: String,
    /// A migrated HVD customer's discount code (`HVD_L17_PRE` … `HVD_L22_POST`); only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "HVD_L18_PRE")]
    pub discount_code: Option<String>,
}

/// A customer's company profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CustomerCompanyProfile)]
pub struct CustomerProfileOut {
    /// Company name.
    pub company_name: String,
    /// Preferred language (`en-US`).
    pub preferred_language: String,
    /// `COM`, `EDU` or `GOV`.
    #[schema(example = "COM")]
    pub market_segment: &'static str,
    /// Sub-segments (`FEDERAL`/`STATE` for LGA, EDU sub-segments), `[]` if none.
    pub market_sub_segments: Vec<String>,
    /// The address.
    pub address: AddressOut,
    /// The contacts.
    pub contacts: Vec<ContactOut>,
}

/// The customer resource (E7, E8, E9).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Customer, example = json!({
    "externalReferenceId": "342", "customerId": "1005000001", "resellerId": "1000000001",
    "globalSalesEnabled": false,
    "companyProfile": {"companyName": "Customer Example", "preferredLanguage": "en-US", "marketSegment": "COM",
        "marketSubSegments": [],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
    "discounts": [{"offerType": "LICENSE", "level": "01"}], "benefits": [], "tags": [],
    "cotermDate": "2026-01-15", "creationDate": "2025-01-15T10:00:00Z", "status": "1000",
    "links": {"self": {"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}}
}))]
pub struct CustomerOut {
    /// The partner's own reference, `""` if none.
    pub external_reference_id: String,
    /// The customer id.
    pub customer_id: String,
    /// The customer's reseller.
    pub reseller_id: String,
    /// Whether the customer may buy for deployments in other countries.
    pub global_sales_enabled: bool,
    /// The company profile.
    pub company_profile: CustomerProfileOut,
    /// Volume discount levels per offer type.
    pub discounts: Vec<DiscountOut>,
    /// 3YC and LGA benefits.
    pub benefits: Vec<BenefitOut>,
    /// Tags such as `HVD_MIGRATED_CUSTOMER`.
    pub tags: Vec<String>,
    /// The anniversary date (`YYYY-MM-DD`), `""` before the first order.
    #[schema(example = "2026-01-15")]
    pub coterm_date: String,
    /// When the customer was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// Account status: `1000` active, `1002` pending, `1004` inactive, …
    #[schema(example = "1000")]
    pub status: String,
    /// A link to this resource.
    pub links: LinksOut,
    /// The customer's linked-membership group, only when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub linked_membership: Option<LinkedMembershipOut>,
}

/// A customer's linked membership (SPEC §2.9 E8, §4.11).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LinkedMembership, example = json!({"id": "51000001", "name": "County schools",
    "type": "STANDARD", "linkedMembershipType": "OWNER", "creationDate": "2024-07-17T03:47:35"}))]
pub struct LinkedMembershipOut {
    /// 8-digit group id.
    pub id: String,
    /// Group name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `OWNER` or `MEMBER`.
    pub linked_membership_type: String,
    /// When the group was created, without zone (`YYYY-MM-DDTHH:MM:SS`, UTC).
    pub creation_date: String,
    /// LGA groups only: the group's country.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "US")]
    pub country: Option<String>,
    /// LGA groups only: `["LARGE_GOVERNMENT_AGENCY"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub benefit_types: Option<Vec<String>>,
}

/// An instant without zone, as linked memberships show them (SPEC §7 Q-LM-DATE).
pub fn zoneless(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl From<&LinkedMembership> for LinkedMembershipOut {
    fn from(lm: &LinkedMembership) -> Self {
        Self {
            id: lm.id.clone(),
            name: lm.name.clone(),
            kind: lm.kind.clone(),
            linked_membership_type: lm.role.clone(),
            creation_date: zoneless(lm.created_at),
            country: lm.lga.then(|| lm.country.clone()),
            benefit_types: lm.lga.then(|| vec![vipmp_core::service::linked_memberships::LGA_BENEFIT.to_string()]),
        }
    }
}

impl From<&Customer> for CustomerOut {
    fn from(c: &Customer) -> Self {
        Self {
            external_reference_id: c.external_reference_id.clone(),
            customer_id: c.id.clone(),
            reseller_id: c.reseller_id.clone(),
            global_sales_enabled: c.global_sales_enabled,
            company_profile: CustomerProfileOut {
                company_name: c.profile.company_name.clone(),
                preferred_language: c.profile.preferred_language.clone(),
                market_segment: c.profile.market_segment.as_str(),
                market_sub_segments: c.profile.market_sub_segments.clone(),
                address: AddressOut::from(&c.profile.address),
                contacts: contacts(&c.profile.contacts),
            },
            discounts: discounts(c),
            benefits: benefits(c),
            tags: c.tags.clone(),
            coterm_date: c.coterm_date.map(format_date).unwrap_or_default(),
            creation_date: format_datetime(c.created_at),
            status: c.status.clone(),
            links: LinksOut::to(format!("/v3/customers/{}", c.id)),
            linked_membership: c.linked_membership.as_ref().map(LinkedMembershipOut::from),
        }
    }
}

/// A customer in the customer list (E10).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CustomerSummary, example = json!({
    "externalReferenceId": "342", "customerId": "1005000001", "resellerId": "1000000001", "status": "1000",
    "companyProfile": {"companyName": "Customer Example"}, "creationDate": "2025-01-15T10:00:00Z",
    "links": {"self": {"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}}
}))]
pub struct CustomerSummaryOut {
    /// The partner's own reference, `""` if none.
    pub external_reference_id: String,
    /// The customer id.
    pub customer_id: String,
    /// The customer's reseller.
    pub reseller_id: String,
    /// Account status.
    pub status: String,
    /// The company name.
    pub company_profile: NameOnly,
    /// When the customer was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// A link to the customer.
    pub links: LinksOut,
}

impl From<&Customer> for CustomerSummaryOut {
    fn from(c: &Customer) -> Self {
        Self {
            external_reference_id: c.external_reference_id.clone(),
            customer_id: c.id.clone(),
            reseller_id: c.reseller_id.clone(),
            status: c.status.clone(),
            company_profile: NameOnly { company_name: c.profile.company_name.clone() },
            creation_date: format_datetime(c.created_at),
            links: LinksOut::to(format!("/v3/customers/{}", c.id)),
        }
    }
}

/// The customer list (E10): an offset page of `accounts`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "totalCount": 1, "count": 1, "offset": 0, "limit": 20,
    "accounts": [{"externalReferenceId": "342", "customerId": "1005000001", "resellerId": "1000000001",
        "status": "1000", "companyProfile": {"companyName": "Customer Example"},
        "creationDate": "2025-01-15T10:00:00Z",
        "links": {"self": {"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}}}],
    "links": {"self": {"uri": "/v3/resellers/1000000001/customers?offset=0&limit=20", "method": "GET", "headers": []}}
}))]
pub struct CustomerList {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The effective page size.
    pub limit: i64,
    /// The customers.
    pub accounts: Vec<CustomerSummaryOut>,
    /// `self`, and `next`/`prev` when there are such pages.
    pub links: LinksOut,
}

impl CustomerList {
    /// A page of these customers.
    pub fn new(meta: PageMeta, accounts: Vec<CustomerSummaryOut>) -> Self {
        let PageMeta { total_count, count, offset, limit, links } = meta;
        Self { total_count, count, offset, limit, accounts, links }
    }
}
