//! `GET /portal/api/v1/requests?method=&path=&status=&customerId=&limit=`: the caller's
//! distributor's request journal, newest first (`limit` defaults to 100, at most the journal's
//! size). `path` is a literal path, a route template (`/v3/customers/{customer-id}/orders`) or
//! a prefix ending in `/*`.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use vipmp_core::control::JournalQuery;
use vipmp_core::error::{CoreError, ErrorCode};

use crate::api::auth::Caller;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::RawQuery;
use crate::openapi::portal_schemas as ps;
use crate::openapi::schemas::AdobeError;
use crate::state::AppState;

use super::wire::as_json;
use super::wire_control::{JournalEntryOut, JournalList};

fn bad(detail: &str) -> ApiError {
    ApiError(CoreError::detail(ErrorCode::PortalBadRequest, detail))
}

/// `GET /portal/api/v1/requests`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/requests",
    tag = "Time and state",
    operation_id = "portalListRequests",
    summary = "The request journal",
    description = "The caller's distributor's recorded CPAPI and portal requests with their answers, newest first \
        (reading the journal is not recorded).",
    params(ps::JournalQuery),
    responses(
        (status = 200, description = "The matching entries.", body = JournalList),
        (status = 400, description = "`P400` an invalid `limit` or `status`; `1132` a parameter repeated with \
            different values.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<Value>> {
    let keep = state.settings.journal_size.max(1);
    let limit = match query.single("limit")? {
        Some(l) => l.parse::<i64>().ok().filter(|l| *l >= 1).ok_or_else(|| bad("limit"))?.min(keep),
        None => 100.min(keep),
    };
    let status = match query.single("status")? {
        Some(s) => Some(s.parse::<u16>().map_err(|_| bad("status"))?),
        None => None,
    };
    let q = JournalQuery {
        distributor_id: caller.distributor_id.clone(),
        method: query.single("method")?.map(str::to_ascii_uppercase),
        path: query.single("path")?.map(str::to_string),
        status,
        customer_id: query.single("customerId")?.map(str::to_string),
        limit,
        keep,
    };
    state.control.journal.flush().await;
    let items = state.store.control().journal(&q).await?;
    let items: Vec<JournalEntryOut> = items.into_iter().map(JournalEntryOut::from).collect();
    Ok(Json(as_json(&JournalList { total_count: items.len(), items })))
}
