//! Manage Records › Orders (SPEC §5.6): list, search, expand, edit status and creation date,
//! cancel.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use vipmp_core::dates::parse_date_or_datetime;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::portal_edits;
use vipmp_core::store::{OrderQuery, OrderSort};

use super::api::{mutation_allowed, portal_body, read_fields, string_field};
use super::lists::{self, bad};
use crate::api::auth::Caller;
use crate::api::dto::{self, OrderView};
use crate::api::error::ApiResult;
use crate::api::extract::{Body, PathParams, RawQuery};
use crate::api::write::transaction;
use crate::state::AppState;

fn row(o: &vipmp_core::model::Order) -> Value {
    let mut v = dto::order(o, OrderView::Read, true);
    v["orderPrice"] = Value::String(super::customers::order_price(o));
    v
}

/// `GET /portal/api/v1/orders`.
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<Value>> {
    let p = lists::parse(&query, &["creationDate", "orderId", "status", "orderType"], &["orderId", "customerId"])?;
    let mut q = OrderQuery {
        distributor_id: caller.distributor_id.clone(),
        order_id: None,
        customer_id: None,
        sort: match p.sort.as_str() {
            "orderId" => OrderSort::Id,
            "status" => OrderSort::Status,
            "orderType" => OrderSort::OrderType,
            _ => OrderSort::CreationDate,
        },
        order: p.order,
        limit: p.page_size,
        offset: p.offset(),
    };
    match &p.search {
        Some((by, v)) if by == "customerId" => q.customer_id = Some(v.clone()),
        Some((_, v)) => q.order_id = Some(v.clone()),
        None => {}
    }
    let page = state.store.list_orders(&q).await?;
    Ok(Json(lists::envelope(page.total, &p, page.items.iter().map(row).collect())))
}

/// `GET /portal/api/v1/orders/{id}`.
pub async fn detail(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let o = state.store.order(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(Json(row(&o)))
}

/// `PATCH /portal/api/v1/orders/{id}` `{"status"?, "creationDate"?}`.
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["status", "creationDate"])?;
    let status = string_field(&map, "status")?;
    let created = match string_field(&map, "creationDate")? {
        None => None,
        Some(s) => Some(parse_date_or_datetime(&s).ok_or_else(|| bad("creationDate"))?),
    };
    let id = path.get(0).to_string();
    let o = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { portal_edits::edit_order(tx, ctx, &id, status.as_deref(), created).await })
    })
    .await?;
    Ok(Json(row(&o)))
}
