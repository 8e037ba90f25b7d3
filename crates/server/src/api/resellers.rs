//! E3–E6: resellers.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::resellers;

use super::auth::Caller;
use super::dto;
use super::error::ApiResult;
use super::extract::{Body, PathParams, RawQuery};
use super::lists;
use super::write::{WriteMeta, idempotent, json};
use crate::state::AppState;

/// E3 `POST /v3/resellers`.
pub async fn create(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let reseller = resellers::create(tx, ctx, &value).await?;
            Ok((StatusCode::CREATED, dto::reseller(&reseller)))
        })
    })
    .await
}

/// E4 `GET /v3/resellers/{id}`.
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let reseller =
        state.store.reseller(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidReseller)?;
    Ok(Json(dto::reseller(&reseller)))
}

/// E5 `PATCH /v3/resellers/{id}`.
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
            let reseller = resellers::update(tx, ctx, path.get(0), &value).await?;
            Ok((StatusCode::OK, dto::reseller(&reseller)))
        })
    })
    .await
}

/// E6 `GET /v3/resellers`.
pub async fn list(State(state): State<AppState>, caller: Caller, uri: Uri, query: RawQuery) -> ApiResult<Json<Value>> {
    let q = lists::account_query(&query, &caller.distributor_id, false)?;
    let page = state.store.list_resellers(&q).await?;
    Ok(Json(lists::page_envelope(&query, uri.path(), &q, page, dto::reseller_summary)?))
}
