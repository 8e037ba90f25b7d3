//! E11–E14: deployments of global customers.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::service::deployments;

use super::dto::{self, DeploymentList, DeploymentOut};
use super::lists::{paging, slice_page};
use crate::cpapi::schemas::{DeploymentIn, DeploymentListQuery, DeploymentPatch};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// Creates a deployment for a global customer (E11).
#[utoipa::path(
    post,
    path = "/v3/customers/{customer_id}/deployments",
    tag = "Deployments",
    operation_id = "createDeployment",
    request_body(content = DeploymentIn, content_type = "application/json"),
    responses(
        (status = 201, description = "The deployment, active.", body = DeploymentOut),
        (status = 400, description = "`1117`, `1118` invalid address, `1121`, `1122`, `1139` partner not global, \
            `1140` customer not global, `1141` same country as the customer; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let d = deployments::create(tx, ctx, path.get(0), &value).await?;
            Ok((StatusCode::CREATED, dto::to_json(&DeploymentOut::new(path.get(0), &d))?))
        })
    })
    .await
}

/// Lists a customer's deployments (E12), oldest first.
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/deployments",
    tag = "Deployments",
    operation_id = "listDeployments",
    params(DeploymentListQuery),
    responses(
        (status = 200, description = "A page of deployments.", body = DeploymentList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<DeploymentList>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let statuses = query.all("status");
    if statuses.iter().any(|s| !matches!(*s, "1000" | "1004")) {
        return Err(ApiError(CoreError::detail(ErrorCode::InvalidSearchParameter, "status")));
    }
    let paging = paging(&query, 25, 100)?;
    let matching: Vec<_> =
        customer.deployments.iter().filter(|d| statuses.is_empty() || statuses.contains(&d.status.as_str())).collect();
    let (meta, items) = slice_page(&query, uri.path(), &matching, paging, |d| DeploymentOut::new(&customer.id, d))?;
    Ok(Json(DeploymentList::new(meta, items)))
}

/// Reads a deployment (E13).
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/deployments/{deployment_id}",
    tag = "Deployments",
    operation_id = "getDeployment",
    responses(
        (status = 200, description = "The deployment.", body = DeploymentOut),
        (status = 404, description = "`1116` Invalid Customer, `2138` Invalid Deployment.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<DeploymentOut>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let d = deployments::find(&customer, path.get(1))?;
    Ok(Json(DeploymentOut::new(&customer.id, d)))
}

/// Updates a deployment's address (not its country) or status (E14).
#[utoipa::path(
    patch,
    path = "/v3/customers/{customer_id}/deployments/{deployment_id}",
    tag = "Deployments",
    operation_id = "updateDeployment",
    request_body(content = DeploymentPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The deployment, updated.", body = DeploymentOut),
        (status = 400, description = "`1117`, `1118`, `1119` the country, or `1004` while a subscription uses it, \
            `1121`; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer, `2138` Invalid Deployment.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let d = deployments::update(tx, ctx, path.get(0), path.get(1), &value).await?;
            Ok((StatusCode::OK, dto::to_json(&DeploymentOut::new(path.get(0), &d))?))
        })
    })
    .await
}
