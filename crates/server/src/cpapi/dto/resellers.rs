//! The reseller resource (E3–E6) on the wire.

use super::{AddressOut, ContactOut, LinksOut, contacts};
use crate::cpapi::lists::PageMeta;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::Reseller;

/// The reseller resource (E3, E4, E5).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Reseller, example = json!({
    "distributorId": "5000000001", "externalReferenceId": "888", "resellerId": "1000000001",
    "companyProfile": {"companyName": "Reseller Example", "preferredLanguage": "en-US", "marketSegments": ["COM"],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
    "creationDate": "2025-01-15T10:00:00Z", "status": "1000",
    "links": {"self": {"uri": "/v3/resellers/1000000001", "method": "GET", "headers": []}}
}))]
pub struct ResellerOut {
    /// The distributor the reseller belongs to.
    pub distributor_id: String,
    /// The partner's own reference, `""` if none (at most 35 characters).
    pub external_reference_id: String,
    /// The reseller id, assigned by the API.
    pub reseller_id: String,
    /// The company profile.
    pub company_profile: ResellerProfileOut,
    /// When the reseller was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// Account status: `1000` active, `1002` pending, `1004` inactive, `1010` invalid address, `1012` blocked.
    #[schema(example = "1000")]
    pub status: String,
    /// A link to this resource.
    pub links: LinksOut,
}

/// A reseller's company profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ResellerCompanyProfile)]
pub struct ResellerProfileOut {
    /// Company name.
    pub company_name: String,
    /// Preferred language, one of Adobe's 43 locales (`en-US`).
    pub preferred_language: String,
    /// The market segments the reseller sells to (`COM`, `EDU`, `GOV`).
    pub market_segments: Vec<&'static str>,
    /// The address.
    pub address: AddressOut,
    /// The contacts.
    pub contacts: Vec<ContactOut>,
}

impl From<&Reseller> for ResellerOut {
    fn from(r: &Reseller) -> Self {
        Self {
            distributor_id: r.distributor_id.clone(),
            external_reference_id: r.external_reference_id.clone(),
            reseller_id: r.id.clone(),
            company_profile: ResellerProfileOut {
                company_name: r.profile.company_name.clone(),
                preferred_language: r.profile.preferred_language.clone(),
                market_segments: r.profile.market_segments.iter().map(|s| s.as_str()).collect(),
                address: AddressOut::from(&r.profile.address),
                contacts: contacts(&r.profile.contacts),
            },
            creation_date: format_datetime(r.created_at),
            status: r.status.clone(),
            links: LinksOut::to(format!("/v3/resellers/{}", r.id)),
        }
    }
}

/// A company profile reduced to its name (list entries).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NameOnly {
    /// Company name.
    pub company_name: String,
}

/// A reseller in the reseller list (E6).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ResellerSummary, example = json!({
    "externalReferenceId": "888", "resellerId": "1000000001", "distributorId": "5000000001", "status": "1000",
    "companyProfile": {"companyName": "Reseller Example"}, "creationDate": "2025-01-15T10:00:00Z",
    "links": {"self": {"uri": "/v3/resellers/1000000001", "method": "GET", "headers": []}}
}))]
pub struct ResellerSummaryOut {
    /// The partner's own reference, `""` if none.
    pub external_reference_id: String,
    /// The reseller id.
    pub reseller_id: String,
    /// The distributor.
    pub distributor_id: String,
    /// Account status.
    pub status: String,
    /// The company name.
    pub company_profile: NameOnly,
    /// When the reseller was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// A link to the reseller.
    pub links: LinksOut,
}

impl From<&Reseller> for ResellerSummaryOut {
    fn from(r: &Reseller) -> Self {
        Self {
            external_reference_id: r.external_reference_id.clone(),
            reseller_id: r.id.clone(),
            distributor_id: r.distributor_id.clone(),
            status: r.status.clone(),
            company_profile: NameOnly { company_name: r.profile.company_name.clone() },
            creation_date: format_datetime(r.created_at),
            links: LinksOut::to(format!("/v3/resellers/{}", r.id)),
        }
    }
}

/// The reseller list (E6): an offset page of `accounts`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "totalCount": 1, "count": 1, "offset": 0, "limit": 20,
    "accounts": [{"externalReferenceId": "888", "resellerId": "1000000001", "distributorId": "5000000001",
        "status": "1000", "companyProfile": {"companyName": "Reseller Example"},
        "creationDate": "2025-01-15T10:00:00Z",
        "links": {"self": {"uri": "/v3/resellers/1000000001", "method": "GET", "headers": []}}}],
    "links": {"self": {"uri": "/v3/resellers?offset=0&limit=20", "method": "GET", "headers": []}}
}))]
pub struct ResellerList {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The effective page size.
    pub limit: i64,
    /// The resellers.
    pub accounts: Vec<ResellerSummaryOut>,
    /// `self`, and `next`/`prev` when there are such pages.
    pub links: LinksOut,
}

impl ResellerList {
    /// A page of these resellers.
    pub fn new(meta: PageMeta, accounts: Vec<ResellerSummaryOut>) -> Self {
        let PageMeta { total_count, count, offset, limit, links } = meta;
        Self { total_count, count, offset, limit, accounts, links }
    }
}
