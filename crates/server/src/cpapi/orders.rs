//! E15–E18: orders.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use vipmp_core::dates::{self, add_years};
use vipmp_core::error::ErrorCode;
use vipmp_core::model::{Order, OrderType};
use vipmp_core::service::orders::{self, OrderOptions, Placed};
use vipmp_core::service::recommendations::{self, PreviewAsk};

use super::dto::{self, OrderList, OrderOut, OrderView, RecommendationsOut};
use super::lists::{int_param, page_meta};
use crate::cpapi::schemas::{
    FetchPriceQuery, OrderHistoryQuery, OrderIn, OrderPatch, RecommendationQuery, SwitchOrderQuery,
};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, ApiResult, search_param as bad};
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// `fetch-recommendations=true` with its country and language.
pub(crate) fn recommendation_ask(query: &RawQuery) -> Option<PreviewAsk> {
    query.flag("fetch-recommendations").then(|| PreviewAsk {
        country: query.single("recommendation-country").ok().flatten().map(str::to_string),
        language: query.single("recommendation-language").ok().flatten().map(str::to_string),
    })
}

/// Creates or previews an order (E15).
///
/// Previews (`PREVIEW`, `PREVIEW_RENEWAL`, `PREVIEW_SWITCH`, `PREVIEW_REVERT_SWITCH`) answer `200` and
/// persist nothing; the other types answer `202` with an open order (`1002`) that is processed
/// asynchronously. Resending the same `X-Correlation-Id` replays the first answer.
#[utoipa::path(
    post,
    path = "/v3/customers/{customer_id}/orders",
    tag = "Orders",
    operation_id = "createOrder",
    params(FetchPriceQuery, RecommendationQuery, SwitchOrderQuery),
    request_body(content = OrderIn, content_type = "application/json"),
    responses(
        (status = 200, description = "A preview: no `orderId`, `status`, `source` nor `links`.", body = OrderOut),
        (status = 202, description = "The accepted order, open (`1002`).", body = OrderOut),
        (status = 400, description = "`1117`, `1121`, `1122`, `2119`–`2137`, `2139`, `2140`, `2148` order rules, \
            `1139`, `1140`, `1142` global sales, `2149`–`2154` switch rules, `2164`, `3115`–`3133` renewal rules, \
            `3131` early renewal in progress, `4122` already processing, `5122`; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer, `2115` unknown reference order, `2138` Invalid \
            Deployment, `3115` unknown subscription.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    let options = OrderOptions { fetch_price: query.flag("fetch-price"), reassign_users: query.flag("reassign-users") };
    let ask = recommendation_ask(&query);
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            match orders::place(tx, ctx, path.get(0), &value, options).await? {
                Placed::Preview(order) => {
                    let mut out = OrderOut::new(&order, OrderView::Preview, options.fetch_price);
                    if let Some(ask) =
                        ask.filter(|_| matches!(order.order_type, OrderType::Preview | OrderType::PreviewRenewal))
                    {
                        let customer = match tx.customer(&ctx.distributor.id, path.get(0)).await? {
                            Some(c) => c,
                            None => orders::placeholder_customer(ctx, path.get(0)),
                        };
                        out.recommendations = Some(RecommendationsOut::embedded(recommendations::for_preview(
                            &customer, &order, &ask, ctx.now,
                        )));
                    }
                    Ok((StatusCode::OK, dto::to_json(&out)?))
                }
                Placed::Accepted(order) => {
                    Ok((StatusCode::ACCEPTED, dto::to_json(&OrderOut::new(&order, OrderView::Created, false))?))
                }
            }
        })
    })
    .await
}

/// Reads an order (E16).
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/orders/{order_id}",
    tag = "Orders",
    operation_id = "getOrder",
    params(FetchPriceQuery, RecommendationQuery),
    responses(
        (status = 200, description = "The order.", body = OrderOut),
        (status = 404, description = "`2115` Invalid Customer or Order ID.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
) -> ApiResult<Json<OrderOut>> {
    let order = state
        .store
        .order(&caller.distributor_id, path.get(1))
        .await?
        .filter(|o| o.customer_id == path.get(0))
        .ok_or(ErrorCode::InvalidOrder)?;
    let mut out = OrderOut::new(&order, OrderView::Read, query.flag("fetch-price"));
    if let Some(ask) = recommendation_ask(&query)
        && let Some(customer) = state.store.customer(&caller.distributor_id, &order.customer_id).await?
    {
        let offers: Vec<String> = order.line_items.iter().map(|l| l.offer_id.clone()).collect();
        let context = recommendations::Context::OrderPreview;
        out.recommendations = Some(RecommendationsOut::embedded(recommendations::for_offers(
            &customer,
            context,
            &offers,
            &ask,
            state.now(),
        )));
    }
    Ok(Json(out))
}

/// Updates an order's `externalReferenceId` (E18).
#[utoipa::path(
    patch,
    path = "/v3/customers/{customer_id}/orders/{order_id}",
    tag = "Orders",
    operation_id = "updateOrder",
    request_body(content = OrderPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated order.", body = OrderOut),
        (status = 400, description = "`1117`, `1119` other fields sent, `1121`, `1122`, `2126`; `4119`, `4120`.",
            body = AdobeError),
        (status = 404, description = "`2115` Invalid Customer or Order ID.", body = AdobeError),
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
            let order = orders::update_reference(tx, ctx, path.get(0), path.get(1), &value).await?;
            Ok((StatusCode::OK, dto::to_json(&OrderOut::new(&order, OrderView::Read, false))?))
        })
    })
    .await
}

const HISTORY_TYPES: [&str; 6] = ["NEW", "TRANSFER", "RENEWAL", "RETURN", "SWITCH", "REVERT_SWITCH"];
const ORDER_STATUSES: [&str; 10] = ["1000", "1002", "1004", "1008", "1010", "1020", "1022", "1024", "1026", "1014"];

struct HistoryFilter {
    types: Vec<String>,
    statuses: Vec<String>,
    offers: Vec<String>,
    subscriptions: Vec<String>,
    reference: Option<String>,
    start: Option<DateTime<Utc>>,
    end: DateTime<Utc>,
}

impl HistoryFilter {
    fn matches(&self, o: &Order) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| t == o.order_type.as_str()))
            && (self.statuses.is_empty() || self.statuses.contains(&o.status))
            && (self.offers.is_empty() || o.line_items.iter().any(|l| self.offers.contains(&l.offer_id)))
            && (self.subscriptions.is_empty()
                || o.line_items.iter().any(|l| self.subscriptions.contains(&l.subscription_id))
                || o.cancelling_items.iter().any(|c| self.subscriptions.contains(&c.subscription_id)))
            && self.reference.as_ref().is_none_or(|r| *r == o.reference_order_id)
            && self.start.is_none_or(|s| o.created_at >= s)
            && o.created_at <= self.end
            && !o.order_type.is_preview()
    }
}

fn date_param(query: &RawQuery, key: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    match query.single(key)? {
        None => Ok(None),
        Some(v) => dates::parse_date_or_datetime(v).map(Some).ok_or_else(|| bad(key)),
    }
}

/// Lists a customer's orders (E17), newest first; previews are never listed.
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/orders",
    tag = "Orders",
    operation_id = "listOrders",
    params(OrderHistoryQuery),
    responses(
        (status = 200, description = "A page of orders.", body = OrderList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<OrderList>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let types: Vec<String> = query.all("order-type").into_iter().map(str::to_string).collect();
    if types
        .iter()
        .any(|t| !HISTORY_TYPES.contains(&t.as_str()) && OrderType::parse(t).is_none_or(OrderType::is_preview))
    {
        return Err(bad("order-type"));
    }
    let statuses: Vec<String> = query.all("status").into_iter().map(str::to_string).collect();
    if statuses.iter().any(|s| !ORDER_STATUSES.contains(&s.as_str())) {
        return Err(bad("status"));
    }
    let limit = int_param(&query, "limit")?.unwrap_or(25);
    if limit < 1 {
        return Err(bad("limit"));
    }
    let limit = limit.min(100);
    let offset = int_param(&query, "offset")?.unwrap_or(0);
    if offset < 0 {
        return Err(bad("offset"));
    }
    let default_start = customer.coterm_date.map(|ad| dates::start_of(add_years(ad, -1)));
    let filter = HistoryFilter {
        types,
        statuses,
        offers: query.all("offer-id").into_iter().map(str::to_string).collect(),
        subscriptions: query.all("subscription-id").into_iter().map(str::to_string).collect(),
        reference: query.single("reference-order-id")?.map(str::to_string),
        start: date_param(&query, "start-date")?.or(default_start),
        end: date_param(&query, "end-date")?.unwrap_or_else(|| state.now()),
    };
    let fetch_price = query.flag("fetch-price");
    let all = state.store.orders_of(&caller.distributor_id, &customer.id).await?;
    let matching: Vec<&Order> = all.iter().filter(|o| filter.matches(o)).collect();
    let total = matching.len() as i64;
    let items: Vec<OrderOut> = matching
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|o| OrderOut::new(o, OrderView::Read, fetch_price))
        .collect();
    let meta = page_meta(&query, uri.path(), total, offset, limit, items.len())?;
    Ok(Json(OrderList::new(meta, items)))
}
