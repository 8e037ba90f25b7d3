//! Manage Records › Orders (SPEC §5.6): list, search, expand, edit status and creation date,
//! cancel.

use axum::Json;
use axum::extract::State;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::{portal_dates, portal_edits, portal_view};
use vipmp_core::store::{OrderQuery, OrderSort};

use super::lists;
use super::wire::{OrderPage, PortalOrderOut};
use crate::cpapi::dto::{OrderOut, OrderView};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

fn row(o: &vipmp_core::model::Order) -> PortalOrderOut {
    PortalOrderOut { order: OrderOut::new(o, OrderView::Read, true), order_price: portal_view::order_price(o) }
}

/// `GET /portal/api/v1/orders`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/orders",
    tag = "Portal",
    operation_id = "portalListOrders",
    summary = "Manage Records › Orders: list and search",
    params(ps::OrderListQuery),
    responses(
        (status = 200, description = "A page of the distributor's orders.", body = OrderPage),
        (status = 400, description = "`P400` an invalid `sort`, `order`, `pageSize`, `page` or `searchBy` (the \
            detail names it); `1132` a parameter repeated with different values.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<OrderPage>> {
    Ok(Json(order_page(&state, &caller, &query).await?))
}

/// A page of the order list (the JSON API and the HTML page).
pub async fn order_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<OrderPage> {
    let p = lists::parse(query, &["creationDate", "orderId", "status", "orderType"], &["orderId", "customerId"])?;
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
    let items = page.items.iter().map(row).collect();
    Ok(OrderPage { total_count: page.total, page: p.page, page_size: p.page_size, items })
}

/// `GET /portal/api/v1/orders/{id}`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/orders/{order_id}",
    tag = "Portal",
    operation_id = "portalGetOrder",
    summary = "Manage Records › Orders: one order",
    responses(
        (status = 200, description = "The order.", body = PortalOrderOut),
        (status = 404, description = "`P404` no such order of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<Json<PortalOrderOut>> {
    Ok(Json(order(&state, &caller, path.get(0)).await?))
}

/// The order `id` (the JSON API and the HTML page).
pub async fn order(state: &AppState, caller: &Caller, id: &str) -> ApiResult<PortalOrderOut> {
    let o = state.store.order(&caller.distributor_id, id).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(row(&o))
}

/// `PATCH /portal/api/v1/orders/{id}` `{"status"?, "creationDate"?}`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/orders/{order_id}",
    tag = "Portal",
    operation_id = "portalEditOrder",
    summary = "Edit an order's status or creation date, or cancel it",
    request_body = ps::OrderEditIn,
    responses(
        (status = 200, description = "The order, edited.", body = PortalOrderOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or an invalid value; `1117` a \
            body that is not JSON; `2117` the cancellation window has closed; `2118` already cancelled; `2116` \
            an order that cannot be cancelled.", body = AdobeError),
        (status = 404, description = "`P404` no such order of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<PortalOrderOut>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["status", "creationDate"])?;
    let status = string_field(&map, "status")?;
    let created = match string_field(&map, "creationDate")? {
        None => None,
        Some(s) => Some(portal_dates::instant("creationDate", &s)?),
    };
    let id = path.get(0).to_string();
    let o = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { portal_edits::edit_order(tx, ctx, &id, status.as_deref(), created).await })
    })
    .await?;
    Ok(Json(row(&o)))
}
