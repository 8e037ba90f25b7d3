//! Manage Records › Resellers (SPEC §5.3): list, search, expand.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use vipmp_core::error::ErrorCode;
use vipmp_core::model::Reseller;
use vipmp_core::store::{AccountQuery, AccountSort};

use super::lists;
use crate::api::auth::Caller;
use crate::api::dto;
use crate::api::error::ApiResult;
use crate::api::extract::{PathParams, RawQuery};
use crate::state::AppState;

fn with_associations(r: &Reseller) -> Value {
    let mut v = dto::reseller(r);
    v["associations"] = json!({"distributorId": r.distributor_id});
    v
}

/// `GET /portal/api/v1/resellers`.
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<Value>> {
    let p = lists::parse(&query, &["creationDate", "resellerId", "status", "name"], &["resellerId"])?;
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
    Ok(Json(lists::envelope(page.total, &p, page.items.iter().map(with_associations).collect())))
}

/// `GET /portal/api/v1/resellers/{id}`.
pub async fn detail(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let r = state.store.reseller(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(Json(with_associations(&r)))
}
