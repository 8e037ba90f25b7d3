//! E7–E10: customers.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::customers;

use super::auth::Caller;
use super::dto;
use super::error::ApiResult;
use super::extract::{Body, PathParams, RawQuery};
use super::lists;
use super::write::{WriteMeta, idempotent, json};
use crate::state::AppState;

/// E7 `POST /v3/customers`.
pub async fn create(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let customer = customers::create(tx, ctx, &value).await?;
            Ok((StatusCode::CREATED, dto::customer(&customer)))
        })
    })
    .await
}

/// E8 `GET /v3/customers/{id}`.
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    Ok(Json(dto::customer(&customer)))
}

/// E9 `PATCH /v3/customers/{id}`.
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
            let customer = customers::update(tx, ctx, path.get(0), &value).await?;
            Ok((StatusCode::OK, dto::customer(&customer)))
        })
    })
    .await
}

/// E10 `GET /v3/resellers/{id}/customers`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<Value>> {
    state.store.reseller(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidReseller)?;
    let mut q = lists::account_query(&query, &caller.distributor_id, true)?;
    q.reseller_id = Some(path.get(0).to_string());
    let page = state.store.list_customers(&q).await?;
    Ok(Json(lists::page_envelope(&query, uri.path(), &q, page, dto::customer_summary)?))
}
