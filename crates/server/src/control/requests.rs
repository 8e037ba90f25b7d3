//! The caller's distributor's request journal, newest first:
//! - `GET /portal/api/v1/requests?method=&path=&status=&customerId=&limit=&beforeId=`: a page
//!   of entries without headers or bodies (`limit` defaults to and is capped at [`MAX_PAGE`],
//!   and at the journal's size; `beforeId` pages back). `path` is a literal path, a route
//!   template (`/v3/customers/{customer-id}/orders`) or a prefix ending in `/*`.
//! - `GET /portal/api/v1/requests/{id}`: one entry with its headers and bodies.
//!
//! So one answer holds at most [`MAX_PAGE`] summaries, or one entry whose bodies are bounded
//! by `--journal-max-bytes` (see `control::journal::body_limit`).

use axum::Json;
use axum::extract::State;
use vipmp_core::control::{JournalEntry, JournalQuery};
use vipmp_core::error::{CoreError, ErrorCode};

use crate::control::schemas as ps;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;

use crate::control::wire::{JournalEntryOut, JournalList, JournalSummaryOut};

/// Most entries one page lists.
pub const MAX_PAGE: i64 = 100;

fn positive(raw: Option<&str>, name: &str) -> ApiResult<Option<i64>> {
    raw.map(|v| v.parse::<i64>().ok().filter(|v| *v >= 1).ok_or_else(|| bad(name))).transpose()
}

/// `GET /portal/api/v1/requests`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/requests",
    tag = "Time and state",
    operation_id = "portalListRequests",
    summary = "The request journal",
    description = "The caller's distributor's recorded CPAPI and portal requests, newest first, without headers \
        or bodies (`GET /portal/api/v1/requests/{id}` has them); at most 100 per page, `beforeId` pages back \
        (reading the journal is not recorded).",
    params(ps::JournalQuery),
    responses(
        (status = 200, description = "The matching entries.", body = JournalList),
        (status = 400, description = "`P400` an invalid `limit`, `beforeId` or `status`; `1132` a parameter \
            repeated with different values.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<JournalList>> {
    Ok(Json(journal_page(&state, &caller, &query).await?))
}

/// A page of the caller's distributor's journal, newest first (the JSON API and the Requests
/// page).
pub async fn journal_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<JournalList> {
    let keep = state.settings.journal_size.max(1);
    let limit = positive(query.single("limit")?, "limit")?.unwrap_or(MAX_PAGE).min(MAX_PAGE).min(keep);
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
        before: positive(query.single("beforeId")?, "beforeId")?,
        id: None,
        limit,
        keep,
    };
    state.control.journal.flush().await;
    let items = state.store.control().journal(&q).await?;
    let full = items.len() as i64 >= limit;
    let items: Vec<JournalSummaryOut> = items.into_iter().map(JournalSummaryOut::from).collect();
    let next_before_id = items.last().filter(|_| full).map(|e| e.id);
    Ok(JournalList { total_count: items.len(), items, next_before_id })
}

/// `GET /portal/api/v1/requests/{id}`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/requests/{id}",
    tag = "Time and state",
    operation_id = "portalGetRequest",
    summary = "One journal entry with its headers and bodies",
    description = "One recorded request and its response, headers and bodies included (secrets redacted; each \
        body cut as `--journal-max-bytes` says, at most 64 KiB).",
    params(("id" = i64, Path, description = "The entry's id, from the list.")),
    responses(
        (status = 200, description = "The entry.", body = JournalEntryOut),
        (status = 404, description = "`P404` no such entry in the caller's distributor's journal (never \
            recorded, dropped from the ring, or another distributor's).", body = AdobeError),
    ),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<JournalEntryOut>> {
    Ok(Json(JournalEntryOut::from(journal_entry(&state, &caller, path.get(0)).await?)))
}

/// One journal entry with its headers and bodies; `404 P404` for an id that is not one of the
/// caller's distributor's entries (the JSON API and the request's page).
pub async fn journal_entry(state: &AppState, caller: &Caller, id: &str) -> ApiResult<JournalEntry> {
    let not_found = || ApiError(CoreError::detail(ErrorCode::PortalNotFound, "journal entry"));
    let id = id.parse::<i64>().ok().filter(|id| *id >= 1).ok_or_else(not_found)?;
    let keep = state.settings.journal_size.max(1);
    let q = JournalQuery {
        distributor_id: caller.distributor_id.clone(),
        id: Some(id),
        limit: 1,
        keep,
        ..JournalQuery::default()
    };
    state.control.journal.flush().await;
    state.store.control().journal(&q).await?.into_iter().next().ok_or_else(not_found)
}
