//! E3–E6: resellers.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::resellers;

use super::dto::{self, ResellerList, ResellerOut, ResellerSummaryOut};
use super::lists;
use crate::cpapi::schemas::{ResellerIn, ResellerListQuery, ResellerPatch};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// Creates a reseller (E3).
///
/// The reseller starts pending (`1002`) and becomes active (`1000`) after the reseller activation
/// delay. Resending the same `X-Correlation-Id` replays the first answer.
#[utoipa::path(
    post,
    path = "/v3/resellers",
    tag = "Resellers",
    operation_id = "createReseller",
    request_body(content = ResellerIn, content_type = "application/json"),
    responses(
        (status = 201, description = "The new reseller.", body = ResellerOut),
        (status = 400, description = "`1114` wrong distributor, `1117`/`1118` invalid fields or address, `1121` \
            unknown fields, `1122` missing fields, `2126` externalReferenceId too long, `2135` segment not sold; \
            `4119` missing correlation id, `4120` duplicate request id.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let reseller = resellers::create(tx, ctx, &value).await?;
            Ok((StatusCode::CREATED, dto::to_json(&ResellerOut::from(&reseller))?))
        })
    })
    .await
}

/// Reads a reseller (E4).
#[utoipa::path(
    get,
    path = "/v3/resellers/{reseller_id}",
    tag = "Resellers",
    operation_id = "getReseller",
    responses(
        (status = 200, description = "The reseller.", body = ResellerOut),
        (status = 404, description = "`1115` Invalid Reseller (unknown, or another distributor's).", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<ResellerOut>> {
    let reseller =
        state.store.reseller(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidReseller)?;
    Ok(Json(ResellerOut::from(&reseller)))
}

/// Updates a reseller (E5).
///
/// The profile is replaced as a whole: `companyName`, `address.country` and `address.region` must be
/// sent unchanged (`1119`), `marketSegments` may only grow (`5122`).
#[utoipa::path(
    patch,
    path = "/v3/resellers/{reseller_id}",
    tag = "Resellers",
    operation_id = "updateReseller",
    request_body(content = ResellerPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated reseller.", body = ResellerOut),
        (status = 400, description = "`1117`/`1118` invalid fields, `1119` not editable, `1121`, `1122`, `1125` \
            pending or blocked, `2126`, `2135`, `5122` segment removed; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1115` Invalid Reseller.", body = AdobeError),
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
            let reseller = resellers::update(tx, ctx, path.get(0), &value).await?;
            Ok((StatusCode::OK, dto::to_json(&ResellerOut::from(&reseller))?))
        })
    })
    .await
}

/// Lists the distributor's resellers (E6).
#[utoipa::path(
    get,
    path = "/v3/resellers",
    tag = "Resellers",
    operation_id = "listResellers",
    params(ResellerListQuery),
    responses(
        (status = 200, description = "A page of resellers.", body = ResellerList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<ResellerList>> {
    let q = lists::account_query(&query, &caller.distributor_id, false)?;
    let page = state.store.list_resellers(&q).await?;
    let meta = lists::account_page(&query, uri.path(), &q, &page)?;
    Ok(Json(ResellerList::new(meta, page.items.iter().map(ResellerSummaryOut::from).collect())))
}
