//! What the deployment operations (E11–E14) accept.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::AddressIn;

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
