//! E25: price lists (SPEC §2.8.8, §4.10). The rows come from `vipmp_core::service::pricelist`;
//! this module reads the paging parameters and the body and shapes the page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use vipmp_core::error::{CoreError, CoreResult, ErrorCode};
use vipmp_core::service::pricelist;

use super::dto::{self, PriceListOut};
use super::lists::int_param;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::extract::{Body, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent};

/// The page size when `limit` is absent.
pub const DEFAULT_LIMIT: i64 = 20;
/// The largest page; a larger `limit` is clamped to it.
pub const MAX_LIMIT: i64 = 100;

/// `offset` and `limit`: not a non-negative integer (limit: positive), or repeated with
/// different values, is `1132`; a larger limit than 100 is clamped.
fn paging(query: &RawQuery) -> CoreResult<(i64, i64)> {
    let bad = |p: &str| CoreError::detail(ErrorCode::InvalidSearchParameter, p);
    let limit = int_param(query, "limit").map_err(|e| e.0)?.unwrap_or(DEFAULT_LIMIT);
    if limit < 1 {
        return Err(bad("limit"));
    }
    let offset = int_param(query, "offset").map_err(|e| e.0)?.unwrap_or(0);
    if offset < 0 {
        return Err(bad("offset"));
    }
    Ok((offset, limit.min(MAX_LIMIT)))
}

/// Fetches a page of a price list (E25).
///
/// The rows are generated from the offer catalogue for the distributor's contract: every offer
/// of the segment sold in the region and currency, at the levels of the list type, priced as
/// orders are. Editions exist from `201901` to the current month of the distributor's clock.
#[utoipa::path(
    post,
    path = "/v3/pricelist",
    tag = "Price lists",
    operation_id = "fetchPriceList",
    params(PriceListQuery),
    request_body(content = PriceListIn, content_type = "application/json"),
    responses(
        (status = 200, description = "A page of the price list.", body = PriceListOut),
        (status = 400, description = "`1132` a bad `offset`/`limit`, `1133` offset out of range, `1159` inactive \
            partner contract, `1160` market segment not sold by the distributor (or `STD-LGA` outside GOV), `1161` \
            region or currency not in the contract, `5122` Invalid Request (a malformed body, an unknown member, \
            filter or attribute: the detail names it); `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1162` Price List not found: no edition for `priceListMonth`.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    query: RawQuery,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |_tx, ctx| {
        Box::pin(async move {
            let (offset, limit) = paging(&query)?;
            let value = vipmp_core::input::parse_json(&body)
                .map_err(|_| CoreError::detail(ErrorCode::InvalidRequest, "Malformed JSON"))?;
            let request = pricelist::parse(&value)?;
            let rows = pricelist::rows(ctx.distributor, ctx.now, &request)?;
            if offset > rows.len() as i64 {
                return Err(CoreError::detail(ErrorCode::OffsetOutOfRange, "offset"));
            }
            Ok((StatusCode::OK, dto::to_json(&PriceListOut::new(&request, &rows, offset, limit))?))
        })
    })
    .await
}

/// The paging of a price list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "schema-only type: the handler reads the query by hand")]
pub struct PriceListQuery {
    /// Rows to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
    /// Page size (default 20; larger than 100 is clamped to 100).
    #[param(minimum = 1, example = 20)]
    limit: Option<i64>,
}

/// The `filters` of a price-list request; null or empty members are ignored, the others AND-ed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PriceListFilters)]
#[allow(dead_code, reason = "schema-only type: the handler reads the body by hand")]
pub struct PriceListFiltersIn {
    /// Exactly this offer id.
    offer_id: Option<String>,
    /// Exactly this product family (case-sensitive).
    product_family: Option<String>,
    /// Rows whose first order date is later than this date (`YYYY-MM-DD`, a time may follow).
    #[schema(example = "2025-01-01")]
    first_order_date: Option<String>,
    /// Rows whose last order date is on or after this date.
    #[schema(example = "2026-01-01")]
    last_order_date: Option<String>,
    /// Exactly this discount code (level).
    #[schema(example = "01")]
    discount_code: Option<String>,
}

/// `POST /v3/pricelist`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PriceListRequest, example = json!({
    "region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202601",
    "priceListType": "STANDARD", "filters": {"offerId": "65304479CA01A12"},
    "includeOfferAttributes": ["levelDetails", "pool", "duration"]
}))]
#[allow(dead_code, reason = "schema-only type: the handler reads the body by hand")]
pub struct PriceListIn {
    /// A price region of the distributor's contract (`1161` otherwise).
    #[schema(example = "NA")]
    region: String,
    /// `COM`, `EDU` or `GOV`, sold by the distributor (`1160` otherwise).
    #[schema(example = "COM")]
    market_segment: String,
    /// A currency of the contract for the region (`1161` otherwise).
    #[schema(example = "USD")]
    currency: String,
    /// `YYYYMM`; an edition exists from `201901` to the current month (`404 1162` otherwise).
    #[schema(pattern = "^[0-9]{4}(0[1-9]|1[0-2])$", example = "202601")]
    price_list_month: String,
    /// `STANDARD` (default), `3YC` or `STD-LGA` (GOV only).
    #[schema(pattern = "^(STANDARD|3YC|STD-LGA)$", example = "STANDARD")]
    price_list_type: Option<String>,
    /// Row filters.
    filters: Option<PriceListFiltersIn>,
    /// Optional attributes to include (an unknown one is `5122`): `productType`,
    /// `productTypeDetail`, `operatingSystem`, `language`, `version`, `users`, `metric`, `bridge`,
    /// `partNumber`, `acdIndicator`, `acdEffectiveDate`, `levelDetails`, `estimatedStreetPrice`,
    /// `estimatedShipDate`, `publicAnnounceDate`, `rmaRequestDeadline`, `acdDescription`, `pool`,
    /// `duration`, `additionalDetail` (and the always-present ones).
    include_offer_attributes: Option<Vec<String>>,
}
