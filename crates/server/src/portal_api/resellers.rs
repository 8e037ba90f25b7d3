//! Manage Records › Resellers (SPEC §5.3): list, search, expand.

use axum::Json;
use axum::extract::State;
use vipmp_core::error::ErrorCode;
use vipmp_core::store::{AccountQuery, AccountSort};

use super::lists;
use super::wire::{PortalResellerOut, ResellerPage};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::portal_api::schemas as ps;

/// `GET /portal/api/v1/resellers`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/resellers",
    tag = "Portal",
    operation_id = "portalListResellers",
    summary = "Manage Records › Resellers: list and search",
    params(ps::ResellerListQuery),
    responses(
        (status = 200, description = "A page of the distributor's resellers.", body = ResellerPage),
        (status = 400, description = "`P400` an invalid `sort`, `order`, `pageSize`, `page` or `searchBy` (the \
            detail names it); `1132` a parameter repeated with different values.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<ResellerPage>> {
    Ok(Json(reseller_page(&state, &caller, &query).await?))
}

/// A page of the reseller list (the JSON API and the HTML page).
pub async fn reseller_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<ResellerPage> {
    let p = lists::parse(query, &["creationDate", "resellerId", "status", "name"], &["resellerId"])?;
    let q = AccountQuery {
        distributor_id: caller.distributor_id.clone(),
        statuses: Vec::new(),
        id: p.search.as_ref().map(|(_, v)| v.clone()),
        reseller_id: None,
        company_name: None,
        created_from: None,
        created_to: None,
        sort: match p.sort.as_str() {
            "resellerId" => AccountSort::Id,
            "status" => AccountSort::Status,
            "name" => AccountSort::CompanyName,
            _ => AccountSort::CreationDate,
        },
        order: p.order,
        limit: p.page_size,
        offset: p.offset(),
    };
    let page = state.store.list_resellers(&q).await?;
    let items = page.items.iter().map(PortalResellerOut::from).collect();
    Ok(ResellerPage { total_count: page.total, page: p.page, page_size: p.page_size, items })
}

/// `GET /portal/api/v1/resellers/{id}`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/resellers/{reseller_id}",
    tag = "Portal",
    operation_id = "portalGetReseller",
    summary = "Manage Records › Resellers: one reseller",
    responses(
        (status = 200, description = "The reseller.", body = PortalResellerOut),
        (status = 404, description = "`P404` no such reseller of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<Json<PortalResellerOut>> {
    Ok(Json(reseller(&state, &caller, path.get(0)).await?))
}

/// The reseller `id` (the JSON API and the HTML page).
pub async fn reseller(state: &AppState, caller: &Caller, id: &str) -> ApiResult<PortalResellerOut> {
    let r = state.store.reseller(&caller.distributor_id, id).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(PortalResellerOut::from(&r))
}
