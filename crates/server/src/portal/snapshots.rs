//! Reset and snapshots of the caller's distributor.
//!
//! - `POST /portal/api/v1/reset`: deletes its resellers, customers, orders, subscriptions,
//!   renewal jobs, cooldowns, stored contact names, fault rules, its clients' replay records
//!   and request ids, and its clock; the distributor record keeps its settings (contract,
//!   global sales, LGA) and forgets its default reseller and customer. API clients, tokens,
//!   portal sessions, snapshots and the journal stay. Id sequences are not rewound.
//! - `POST /portal/api/v1/snapshots {"name"}` saves all of that (clock included) as one JSON
//!   document; saving under an existing name replaces it.
//! - `POST /portal/api/v1/snapshots/{name}/restore` wipes and writes the snapshot back in one
//!   transaction: a failure halfway leaves the previous state.
//! - `GET /portal/api/v1/snapshots` lists them; `DELETE /portal/api/v1/snapshots/{name}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use vipmp_core::control::{DistributorDump, SnapshotInfo};
use vipmp_core::dates::format_datetime;
use vipmp_core::error::{CoreError, ErrorCode};

use super::api::{mutation_allowed, portal_body, read_fields, string_field};
use crate::api::auth::Caller;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{Body, PathParams};
use crate::state::AppState;

fn bad(detail: &str) -> ApiError {
    ApiError(CoreError::detail(ErrorCode::PortalBadRequest, detail))
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn info_value(info: &SnapshotInfo) -> Value {
    json!({"name": info.name, "createdAt": format_datetime(info.created_at), "sizeBytes": info.size_bytes})
}

fn counts(dump: &DistributorDump) -> Value {
    json!({
        "resellers": dump.resellers.len(), "customers": dump.customers.len(), "orders": dump.orders.len(),
        "subscriptions": dump.subscriptions.len(), "renewalJobs": dump.renewal_jobs.len(),
    })
}

/// `POST /portal/api/v1/reset`.
pub async fn reset(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let d = caller.distributor_id.as_str();
    let _serial = state.control.time_lock.lock().await;
    let mut tx = state.store.begin().await?;
    let mut distributor = tx.distributor(d).await?.ok_or(ErrorCode::PortalNotFound)?;
    tx.control().wipe(d).await?;
    distributor.default_reseller_id = None;
    distributor.default_customer_id = None;
    tx.put_distributor(&distributor).await?;
    tx.commit().await?;
    state.control.forget(d);
    let now = crate::control::clock::now_for(&state, d).await?;
    Ok(Json(json!({"reset": true, "distributorId": d, "now": format_datetime(now)})))
}

/// `POST /portal/api/v1/snapshots` `{"name": …}`.
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<Value>)> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["name"])?;
    let name = string_field(&map, "name")?
        .filter(|n| valid_name(n))
        .ok_or_else(|| bad("name: 1 to 64 letters, digits, dots, dashes or underscores"))?;
    let d = caller.distributor_id.as_str();
    let mut tx = state.store.begin().await?;
    let dump = tx.control().export(d).await?;
    let doc = serde_json::to_string(&dump).map_err(|e| ApiError(CoreError::Internal(e.to_string())))?;
    let info = SnapshotInfo { name, created_at: state.now(), size_bytes: doc.len() as i64 };
    tx.control().put_snapshot(d, &info, &doc).await?;
    tx.commit().await?;
    let mut out = info_value(&info);
    out["counts"] = counts(&dump);
    Ok((StatusCode::CREATED, Json(out)))
}

/// `GET /portal/api/v1/snapshots`.
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let items = state.store.control().snapshots(&caller.distributor_id).await?;
    Ok(Json(json!({"totalCount": items.len(), "items": items.iter().map(info_value).collect::<Vec<_>>()})))
}

/// `POST /portal/api/v1/snapshots/{name}/restore`.
pub async fn restore(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let (d, name) = (caller.distributor_id.as_str(), path.get(0));
    let _serial = state.control.time_lock.lock().await;
    let mut tx = state.store.begin().await?;
    let doc = tx.control().snapshot(d, name).await?.ok_or(ErrorCode::PortalNotFound)?;
    let dump: DistributorDump = serde_json::from_str(&doc)
        .map_err(|e| ApiError(CoreError::Internal(format!("snapshot {name} cannot be read: {e}"))))?;
    if dump.distributor.id != d {
        return Err(ApiError(CoreError::Internal(format!("snapshot {name} is of another distributor"))));
    }
    tx.control().wipe(d).await?;
    tx.control().import(&dump).await?;
    tx.commit().await?;
    state.control.forget(d);
    let now = crate::control::clock::now_for(&state, d).await?;
    Ok(Json(json!({"restored": name, "now": format_datetime(now), "counts": counts(&dump)})))
}

/// `DELETE /portal/api/v1/snapshots/{name}`.
pub async fn delete(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<StatusCode> {
    mutation_allowed(&state)?;
    let mut tx = state.store.begin().await?;
    let existed = tx.control().delete_snapshot(&caller.distributor_id, path.get(0)).await?;
    tx.commit().await?;
    if existed { Ok(StatusCode::NO_CONTENT) } else { Err(ErrorCode::PortalNotFound.into()) }
}
