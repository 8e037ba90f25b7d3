//! The customer's Associated Deployments › Edit (SPEC §5.5): a deployment's address and status,
//! under the rules of E14.

use axum::Json;
use axum::extract::State;
use vipmp_core::service::deployments;

use crate::cpapi::dto::DeploymentOut;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

/// Edits a deployment in one transaction (the JSON API and the HTML form).
pub async fn edit_deployment(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    deployment_id: &str,
    body: serde_json::Value,
) -> ApiResult<DeploymentOut> {
    mutation_allowed(state)?;
    let (cid, did) = (customer_id.to_string(), deployment_id.to_string());
    let d = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { deployments::portal_update(tx, ctx, &cid, &did, &body).await })
    })
    .await?;
    Ok(DeploymentOut::new(customer_id, &d))
}

/// `PATCH /portal/api/v1/customers/{cid}/deployments/{did}`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/customers/{customer_id}/deployments/{deployment_id}",
    tag = "Portal",
    operation_id = "portalEditDeployment",
    summary = "Edit a deployment's address or status",
    description = "The members of `address` given replace the deployment's (its `country` never changes); \
        `status` `1004` deactivates it, `1000` reactivates it. The rules of \
        `PATCH /v3/customers/{customer-id}/deployments/{deployment-id}` apply.",
    request_body = ps::DeploymentEditIn,
    responses(
        (status = 200, description = "The deployment, edited (the CPAPI resource).", body = DeploymentOut),
        (status = 400, description = "`P400` a malformed body or an unknown member; `1117` an invalid `status` or \
            a body that is not JSON; `1118` an invalid address; `1119` another country, or `1004` while an active \
            subscription uses the deployment; `1121` an unknown address member.", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor, or no such deployment \
            of the customer.", body = AdobeError),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<DeploymentOut>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    Ok(Json(edit_deployment(&state, &caller, path.get(0), path.get(1), value).await?))
}
