//! E32–E33: flexible discounts.

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use chrono::{DateTime, Utc};
use vipmp_core::dates;
use vipmp_core::error::ErrorCode;
use vipmp_core::reference::flex::FlexDiscount;
use vipmp_core::service::flex_discounts::{self, FlexQuery};

use super::dto::{FlexDiscountList, FlexDiscountOut};
use super::lists::{paging, slice_page};
use crate::cpapi::schemas::{CustomerFlexDiscountQuery, FlexDiscountQuery};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::search_param as bad;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;

/// The optional parameters that `flex-discount-id` excludes.
const EXCLUSIVE: [&str; 8] = [
    "categories",
    "offer-ids",
    "flex-discount-code",
    "include-eligible-reusable-discounts",
    "start-date",
    "end-date",
    "limit",
    "offset",
];

/// Values of a parameter sent repeated or comma-separated.
fn list_param(query: &RawQuery, key: &str) -> Vec<String> {
    query
        .all(key)
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

fn date_param(query: &RawQuery, key: &str, end_of_day: bool) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(v) = query.single(key)? else { return Ok(None) };
    let parsed = match dates::parse_date(v) {
        Some(d) if end_of_day => d.and_hms_opt(23, 59, 59).map(|t| t.and_utc()),
        Some(d) => Some(dates::start_of(d)),
        None => dates::parse_date_or_datetime(v),
    };
    parsed.map(Some).ok_or_else(|| bad(key))
}

fn bool_param(query: &RawQuery, key: &str) -> Result<bool, ApiError> {
    match query.single(key)?.map(str::to_ascii_lowercase).as_deref() {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(bad(key)),
    }
}

fn page(
    query: &RawQuery,
    uri: &Uri,
    all: &[FlexDiscount],
    paging: (i64, i64),
    now: DateTime<Utc>,
) -> ApiResult<Json<FlexDiscountList>> {
    let (meta, items) = slice_page(query, uri.path(), all, paging, |d| FlexDiscountOut::new(d, now))?;
    Ok(Json(FlexDiscountList::new(meta, items)))
}

/// Lists the flexible discounts a partner can use (E32): live and future-dated ones (status
/// `ACTIVE`; compare `startDate` with now), and with `include-eligible-reusable-discounts=true` the
/// `REUSABLE` ones. Closed codes are never listed but work when typed.
#[utoipa::path(
    get,
    path = "/v3/flex-discounts",
    tag = "Flexible discounts",
    operation_id = "listFlexDiscounts",
    params(FlexDiscountQuery),
    responses(
        (status = 200, description = "A page of discounts.", body = FlexDiscountList),
        (status = 400, description = "`1132` invalid or missing search parameter (also `flex-discount-id` with \
            another optional parameter), `1133` offset out of range, `1178` Invalid Country for Partner.",
            body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<FlexDiscountList>> {
    let id = query.single("flex-discount-id")?.map(str::to_string);
    if id.is_some()
        && let Some(other) = EXCLUSIVE.iter().find(|k| !query.all(k).is_empty())
    {
        return Err(bad(other));
    }
    let market_segment = query.single("market-segment")?.ok_or_else(|| bad("market-segment"))?.to_string();
    let country = query.single("country")?.ok_or_else(|| bad("country"))?.to_string();
    let q = FlexQuery {
        market_segment,
        country,
        categories: list_param(&query, "categories"),
        offer_ids: list_param(&query, "offer-ids"),
        id,
        code: query.single("flex-discount-code")?.map(str::to_string),
        include_reusable: bool_param(&query, "include-eligible-reusable-discounts")?,
        start: date_param(&query, "start-date", false)?,
        end: date_param(&query, "end-date", true)?,
    };
    let paging = paging(&query, 20, 50)?;
    let distributor = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::InvalidDistributor)?;
    let now = state.now();
    let all = flex_discounts::list(&distributor, now, &q)?;
    page(&query, &uri, &all, paging, now)
}

/// Lists the reusable discounts a customer has used that are still `ACTIVE` or `REUSABLE` (E33).
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/flex-discounts",
    tag = "Flexible discounts",
    operation_id = "listCustomerFlexDiscounts",
    params(CustomerFlexDiscountQuery),
    responses(
        (status = 200, description = "A page of discounts.", body = FlexDiscountList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn of_customer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<FlexDiscountList>> {
    let paging = paging(&query, 20, 50)?;
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let distributor = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::InvalidDistributor)?;
    let orders = state.store.orders_of(&caller.distributor_id, &customer.id).await?;
    let now = state.now();
    let all = flex_discounts::of_customer(&distributor, now, &orders);
    page(&query, &uri, &all, paging, now)
}
