//! E7–E10: customers.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::customers;

use super::dto::{self, CustomerList, CustomerOut, CustomerSummaryOut};
use super::lists;
use crate::cpapi::schemas::{CustomerIn, CustomerListQuery, CustomerPatch};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// Creates a customer (E7).
///
/// The customer starts pending (`1002`) and becomes active after the customer activation delay.
/// Resending the same `X-Correlation-Id` replays the first answer.
#[utoipa::path(
    post,
    path = "/v3/customers",
    tag = "Customers",
    operation_id = "createCustomer",
    request_body(content = CustomerIn, content_type = "application/json"),
    responses(
        (status = 201, description = "The new customer.", body = CustomerOut),
        (status = 400, description = "`1117`/`1118` invalid fields or address, `1121`, `1122`, `1126` reseller \
            inactive, `1127`, `1135` minimum quantity, `1139`/`1142` global sales, `1147` 3YC with LGA, \
            `1163`/`1164`/`1167`/`1168` LGA rules, `2126`, `2135` segment; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1115` Invalid Reseller (`resellerId`).", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let customer = customers::create(tx, ctx, &value).await?;
            Ok((StatusCode::CREATED, dto::to_json(&CustomerOut::from(&customer))?))
        })
    })
    .await
}

/// Reads a customer (E8).
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}",
    tag = "Customers",
    operation_id = "getCustomer",
    responses(
        (status = 200, description = "The customer.", body = CustomerOut),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<CustomerOut>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    Ok(Json(CustomerOut::from(&customer)))
}

/// Updates a customer (E9): profile, global sales, 3YC requests, LGA conversion.
#[utoipa::path(
    patch,
    path = "/v3/customers/{customer_id}",
    tag = "Customers",
    operation_id = "updateCustomer",
    request_body(content = CustomerPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated customer.", body = CustomerOut),
        (status = 400, description = "`1117`/`1118`, `1119` not editable, `1121`, `1122`, `1125` pending or \
            blocked, `1135`, `1139`/`1140`/`1142` global sales, `1147`, `1163`/`1164`/`1167`/`1168` LGA, `2126`, \
            `2135`; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
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
            let customer = customers::update(tx, ctx, path.get(0), &value).await?;
            Ok((StatusCode::OK, dto::to_json(&CustomerOut::from(&customer))?))
        })
    })
    .await
}

/// Lists a reseller's customers (E10).
#[utoipa::path(
    get,
    path = "/v3/resellers/{reseller_id}/customers",
    tag = "Customers",
    operation_id = "listCustomers",
    params(CustomerListQuery),
    responses(
        (status = 200, description = "A page of customers.", body = CustomerList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1115` Invalid Reseller.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<CustomerList>> {
    state.store.reseller(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidReseller)?;
    let mut q = lists::account_query(&query, &caller.distributor_id, true)?;
    q.reseller_id = Some(path.get(0).to_string());
    let page = state.store.list_customers(&q).await?;
    let meta = lists::account_page(&query, uri.path(), &q, &page)?;
    Ok(Json(CustomerList::new(meta, page.items.iter().map(CustomerSummaryOut::from).collect())))
}
