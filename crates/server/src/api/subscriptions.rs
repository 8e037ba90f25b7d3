//! E20–E22: subscriptions.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::{Value, json};
use vipmp_core::error::ErrorCode;
use vipmp_core::service::subscriptions;

use super::auth::Caller;
use super::dto;
use super::error::ApiResult;
use super::extract::{Body, PathParams};
use super::write::{WriteMeta, idempotent, json};
use crate::state::AppState;

/// E20 `GET /v3/customers/{id}/subscriptions/{subscription-id}`.
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let subs = state.store.subscriptions_of(&caller.distributor_id, path.get(0)).await?;
    let sub = subs.iter().find(|s| s.id == path.get(1)).ok_or(ErrorCode::InvalidSubscription)?;
    Ok(Json(dto::subscription(sub)))
}

/// E21 `GET /v3/customers/{id}/subscriptions`.
pub async fn list(State(state): State<AppState>, caller: Caller, path: PathParams, uri: Uri) -> ApiResult<Json<Value>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let subs = state.store.subscriptions_of(&caller.distributor_id, &customer.id).await?;
    Ok(Json(json!({
        "totalCount": subs.len(),
        "items": subs.iter().map(dto::subscription).collect::<Vec<_>>(),
        "links": {"self": {"uri": uri.path(), "method": "GET", "headers": []}},
    })))
}

/// E22 `PATCH /v3/customers/{id}/subscriptions/{subscription-id}`.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = if body.is_empty() { json!({}) } else { json(&body)? };
            let sub = subscriptions::update_auto_renewal(tx, ctx, path.get(0), path.get(1), &value).await?;
            Ok((StatusCode::OK, dto::subscription(&sub)))
        })
    })
    .await
}
