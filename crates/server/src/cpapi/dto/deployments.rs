//! Deployments on the wire (E11–E14).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::Deployment;

use super::{AddressOut, LinksOut};
use crate::cpapi::lists::PageMeta;

/// A deployment's profile: its address only.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeploymentProfile)]
pub struct DeploymentProfileOut {
    /// The address; its country never changes.
    pub address: AddressOut,
}

/// The deployment resource (SPEC §2.8.4).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Deployment, example = json!({
    "deploymentId": "1450000001",
    "companyProfile": {"address": {"country": "JP", "region": "13", "city": "Tokyo", "addressLine1": "1-1 Chiyoda",
        "addressLine2": "", "postalCode": "100-0001", "phoneNumber": ""}},
    "creationDate": "2026-01-15T10:00:00Z", "status": "1000",
    "links": {"self": {"uri": "/v3/customers/1005000001/deployments/1450000001", "method": "GET", "headers": []}}
}))]
pub struct DeploymentOut {
    /// The deployment id.
    pub deployment_id: String,
    /// Its address.
    pub company_profile: DeploymentProfileOut,
    /// When it was created (UTC).
    pub creation_date: String,
    /// `1000` active, `1004` inactive.
    pub status: String,
    /// A link to it.
    pub links: LinksOut,
}

impl DeploymentOut {
    /// The deployment of `customer_id`.
    pub fn new(customer_id: &str, d: &Deployment) -> Self {
        Self {
            deployment_id: d.id.clone(),
            company_profile: DeploymentProfileOut { address: AddressOut::from(&d.address) },
            creation_date: format_datetime(d.created_at),
            status: d.status.clone(),
            links: LinksOut::to(format!("/v3/customers/{customer_id}/deployments/{}", d.id)),
        }
    }
}

/// A page of deployments (E12).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeploymentList, example = json!({"totalCount": 0, "count": 0, "offset": 0, "limit": 25, "items": [],
    "links": {"self": {"uri": "/v3/customers/1005000001/deployments?offset=0&limit=25", "method": "GET", "headers": []}}}))]
pub struct DeploymentList {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The page size.
    pub limit: i64,
    /// The deployments, oldest first.
    pub items: Vec<DeploymentOut>,
    /// `self`, `next`, `prev`.
    pub links: LinksOut,
}

impl DeploymentList {
    /// The envelope of a page.
    pub fn new(meta: PageMeta, items: Vec<DeploymentOut>) -> Self {
        Self {
            total_count: meta.total_count,
            count: meta.count,
            offset: meta.offset,
            limit: meta.limit,
            items,
            links: meta.links,
        }
    }
}
