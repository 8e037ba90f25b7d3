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
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use vipmp_core::control::{DistributorDump, SnapshotInfo};
use vipmp_core::dates::format_datetime;
use vipmp_core::error::{CoreError, ErrorCode};

use crate::control::caps;
use crate::control::schemas as ps;
use crate::control::wire::{ResetOut, RestoredOut, SnapshotCounts, SnapshotInfoOut, SnapshotList, SnapshotSavedOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

fn info_out(info: &SnapshotInfo) -> SnapshotInfoOut {
    SnapshotInfoOut {
        name: info.name.clone(),
        created_at: format_datetime(info.created_at),
        size_bytes: info.size_bytes,
    }
}

fn counts(dump: &DistributorDump) -> SnapshotCounts {
    SnapshotCounts {
        resellers: dump.resellers.len(),
        customers: dump.customers.len(),
        orders: dump.orders.len(),
        subscriptions: dump.subscriptions.len(),
        renewal_jobs: dump.renewal_jobs.len(),
    }
}

/// `POST /portal/api/v1/reset`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/reset",
    tag = "Time and state",
    operation_id = "portalReset",
    summary = "Reset the distributor's records",
    description = "Deletes the caller's distributor's resellers, customers, orders, subscriptions, renewal jobs, \
        cooldowns, fault rules, replay records and its clock. API clients, tokens, sessions, snapshots and the \
        journal stay.",
    responses(
        (status = 200, description = "Reset.", body = ResetOut),
        (status = 404, description = "`P404` the distributor is gone.", body = AdobeError),
    ),
)]
pub async fn reset(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<ResetOut>> {
    Ok(Json(reset_distributor(&state, &caller).await?))
}

/// Resets the caller's distributor (the JSON API and the HTML page).
pub async fn reset_distributor(state: &AppState, caller: &Caller) -> ApiResult<ResetOut> {
    mutation_allowed(state)?;
    let d = caller.distributor_id.as_str();
    let _serial = state.control.time_lock.lock().await;
    let mut tx = state.store.begin().await?;
    let mut distributor = tx.distributor(d).await?.ok_or(ErrorCode::PortalNotFound)?;
    tx.control().wipe(d).await?;
    distributor.default_reseller_id = None;
    distributor.default_customer_id = None;
    distributor.flex_discount_end_dates.clear();
    distributor.pa_customers.clear();
    distributor.linked_groups = Default::default();
    tx.put_distributor(&distributor).await?;
    tx.commit().await?;
    state.control.forget(d);
    let now = crate::kernel::clock::now_for(state, d).await?;
    Ok(ResetOut { reset: true, distributor_id: d.to_string(), now: format_datetime(now) })
}

/// `POST /portal/api/v1/snapshots` `{"name": …}`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/snapshots",
    tag = "Time and state",
    operation_id = "portalSaveSnapshot",
    summary = "Save a snapshot of the distributor's records",
    description = "Saves everything a reset deletes (the clock included) under a name; an existing name is \
        replaced.",
    request_body = ps::SnapshotIn,
    responses(
        (status = 201, description = "Saved.", body = SnapshotSavedOut,
            links(
                ("portalRestoreSnapshot" = (operation_id = "portalRestoreSnapshot", parameters(("name" = "$response.body#/name")))),
                ("portalDeleteSnapshot" = (operation_id = "portalDeleteSnapshot", parameters(("name" = "$response.body#/name")))),
            )),
        (status = 400, description = "`P400` a malformed body, an unknown member or an invalid `name`; `1117` a \
            body that is not JSON.", body = AdobeError),
        (status = 409, description = "`P409` the distributor keeps the most snapshots it may (`--max-snapshots`) \
            or the snapshot would be larger than `--max-snapshot-bytes`.", body = AdobeError),
    ),
)]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<SnapshotSavedOut>)> {
    Ok((StatusCode::CREATED, Json(save_snapshot(&state, &caller, &body).await?)))
}

/// Saves a snapshot under the name the request body gives (the JSON API and the HTML page).
pub async fn save_snapshot(state: &AppState, caller: &Caller, body: &Bytes) -> ApiResult<SnapshotSavedOut> {
    mutation_allowed(state)?;
    let value = portal_body(body)?;
    let map = read_fields(&value, &["name"])?;
    let name = string_field(&map, "name")?
        .filter(|n| valid_name(n))
        .ok_or_else(|| bad("name: 1 to 64 letters, digits, dots, dashes or underscores"))?;
    let d = caller.distributor_id.as_str();
    let _capped = caps::guard().await;
    caps::snapshot_count(state, &state.store.control().snapshots(d).await?, &name)?;
    let mut tx = state.store.begin().await?;
    let dump = tx.control().export(d).await?;
    let doc = serde_json::to_string(&dump).map_err(|e| ApiError(CoreError::Internal(e.to_string())))?;
    caps::snapshot_size(state, doc.len())?;
    let info = SnapshotInfo { name, created_at: state.now(), size_bytes: doc.len() as i64 };
    tx.control().put_snapshot(d, &info, &doc).await?;
    tx.commit().await?;
    Ok(SnapshotSavedOut { info: info_out(&info), counts: counts(&dump) })
}

/// `GET /portal/api/v1/snapshots`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/snapshots",
    tag = "Time and state",
    operation_id = "portalListSnapshots",
    summary = "The distributor's snapshots",
    responses(
        (status = 200, description = "The snapshots.", body = SnapshotList),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<SnapshotList>> {
    Ok(Json(snapshot_list(&state, &caller).await?))
}

/// The caller's distributor's snapshots (the JSON API and the HTML page).
pub async fn snapshot_list(state: &AppState, caller: &Caller) -> ApiResult<SnapshotList> {
    let items = state.store.control().snapshots(&caller.distributor_id).await?;
    Ok(SnapshotList { total_count: items.len(), items: items.iter().map(info_out).collect() })
}

/// `POST /portal/api/v1/snapshots/{name}/restore`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/snapshots/{name}/restore",
    tag = "Time and state",
    operation_id = "portalRestoreSnapshot",
    summary = "Restore a snapshot",
    description = "Wipes the distributor's records and writes the snapshot back, in one transaction.",
    responses(
        (status = 200, description = "Restored.", body = RestoredOut),
        (status = 404, description = "`P404` no such snapshot.", body = AdobeError),
    ),
)]
pub async fn restore(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<RestoredOut>> {
    Ok(Json(restore_snapshot(&state, &caller, path.get(0)).await?))
}

/// Restores the snapshot `name` (the JSON API and the HTML page).
pub async fn restore_snapshot(state: &AppState, caller: &Caller, name: &str) -> ApiResult<RestoredOut> {
    mutation_allowed(state)?;
    let d = caller.distributor_id.as_str();
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
    let now = crate::kernel::clock::now_for(state, d).await?;
    Ok(RestoredOut { restored: name.to_string(), now: format_datetime(now), counts: counts(&dump) })
}

/// `DELETE /portal/api/v1/snapshots/{name}`.
#[utoipa::path(
    delete,
    path = "/portal/api/v1/snapshots/{name}",
    tag = "Time and state",
    operation_id = "portalDeleteSnapshot",
    summary = "Delete a snapshot",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "`P404` no such snapshot.", body = AdobeError),
    ),
)]
pub async fn delete(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<StatusCode> {
    delete_snapshot(&state, &caller, path.get(0)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes the snapshot `name`; `404 P404` if there is none (the JSON API and the HTML page).
pub async fn delete_snapshot(state: &AppState, caller: &Caller, name: &str) -> ApiResult<()> {
    mutation_allowed(state)?;
    let mut tx = state.store.begin().await?;
    let existed = tx.control().delete_snapshot(&caller.distributor_id, name).await?;
    tx.commit().await?;
    if existed { Ok(()) } else { Err(ErrorCode::PortalNotFound.into()) }
}
