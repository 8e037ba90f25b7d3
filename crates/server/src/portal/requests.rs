//! `GET /portal/api/v1/requests?method=&path=&status=&customerId=&limit=`: the caller's
//! distributor's request journal, newest first (`limit` defaults to 100, at most the journal's
//! size). `path` is a literal path, a route template (`/v3/customers/{customer-id}/orders`) or
//! a prefix ending in `/*`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use vipmp_core::control::JournalQuery;
use vipmp_core::error::{CoreError, ErrorCode};

use crate::api::auth::Caller;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::RawQuery;
use crate::state::AppState;

fn bad(detail: &str) -> ApiError {
    ApiError(CoreError::detail(ErrorCode::PortalBadRequest, detail))
}

/// `GET /portal/api/v1/requests`.
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
    Ok(Json(json!({"totalCount": items.len(), "items": items})))
}
