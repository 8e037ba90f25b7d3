//! Portal Resources › View Available Flex Discounts and Edit Reusable Flex Discounts (SPEC §5.9).

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use vipmp_core::dates::{self, format_datetime};
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::reference::flex::{Category, FlexDiscount};
use vipmp_core::service::flex_discounts;

use crate::cpapi::dto::DiscountValueOut;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;

/// A discount as the portal lists it: the API's fields plus its segment, countries and flags.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalFlexDiscount, example = json!({
    "id": "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab", "code": "BLACK_FRIDAY", "name": "BLACK_FRIDAY",
    "description": "10 USD off, November and December; reusable for 27 months after", "category": "STANDARD",
    "marketSegment": "COM", "startDate": "2026-11-01T00:00:00Z", "endDate": "2026-12-31T23:59:59Z",
    "status": "ACTIVE", "discountLockEndDate": "2029-03-31T23:59:59Z", "offerIds": [], "type": "FIXED_DISCOUNT",
    "values": [{"currency": "USD", "value": 10}], "countries": ["ALL"], "listed": true, "reusable": true,
    "oneTime": false, "threeYcOnly": false, "alwaysFails": false
}))]
pub struct PortalFlexDiscountOut {
    /// The discount's id.
    pub id: String,
    /// The code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// `STANDARD` or `INTRO`.
    pub category: String,
    /// `COM`, `EDU` or `GOV`.
    pub market_segment: String,
    /// First instant (UTC).
    pub start_date: String,
    /// Last instant (UTC), after any portal edit.
    pub end_date: String,
    /// `ACTIVE` (live or future-dated), `REUSABLE`.
    pub status: String,
    /// Reusable discounts only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub discount_lock_end_date: Option<String>,
    /// Qualifying base offer ids; empty: every base product.
    pub offer_ids: Vec<String>,
    /// `PERCENTAGE_DISCOUNT`, `FIXED_DISCOUNT` or `FIXED_PRICE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The values (with their currency for fixed amounts).
    pub values: Vec<DiscountValueOut>,
    /// The countries, or `["ALL"]`.
    pub countries: Vec<String>,
    /// Returned by `GET /v3/flex-discounts`; `false`: a closed code, usable only when typed.
    pub listed: bool,
    /// Has a `discountLockEndDate` (its end date can be edited here).
    pub reusable: bool,
    /// One redemption per customer.
    pub one_time: bool,
    /// Only for customers with a 3YC commitment.
    pub three_yc_only: bool,
    /// A sandbox `FAILURE` test discount: always refused in PREVIEW and NEW.
    pub always_fails: bool,
}

impl PortalFlexDiscountOut {
    /// The discount as of `now`.
    pub fn new(d: &FlexDiscount, now: DateTime<Utc>) -> Self {
        let t = d.template;
        Self {
            id: d.id.clone(),
            code: t.code.into(),
            name: t.name.into(),
            description: t.description.into(),
            category: t.category.as_str().into(),
            market_segment: d.segment.as_str().into(),
            start_date: format_datetime(d.start),
            end_date: format_datetime(d.end),
            status: d.status(now).as_str().into(),
            discount_lock_end_date: d.lock_end.map(format_datetime),
            offer_ids: d.base_offer_ids(),
            kind: t.kind.as_str().into(),
            values: DiscountValueOut::all(d),
            countries: t
                .countries
                .map_or_else(|| vec!["ALL".to_string()], |c| c.iter().map(|s| s.to_string()).collect()),
            listed: t.listed,
            reusable: d.lock_end.is_some(),
            one_time: t.one_time,
            three_yc_only: t.three_yc_only,
            always_fails: d.always_fails(),
        }
    }
}

/// The portal's list of discounts.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalFlexDiscountList, example = json!({"totalCount": 1, "items": [{
    "id": "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab", "code": "SAVE10", "name": "SAVE10",
    "description": "10% off every base product, all year", "category": "STANDARD", "marketSegment": "COM",
    "startDate": "2026-01-01T00:00:00Z", "endDate": "2026-12-31T23:59:59Z", "status": "ACTIVE", "offerIds": [],
    "type": "PERCENTAGE_DISCOUNT", "values": [{"value": 10}], "countries": ["ALL"], "listed": true,
    "reusable": false, "oneTime": false, "threeYcOnly": false, "alwaysFails": false
}]}))]
pub struct PortalFlexDiscountList {
    /// Number of discounts.
    pub total_count: usize,
    /// The discounts, by start date then code.
    pub items: Vec<PortalFlexDiscountOut>,
}

/// The filters of the portal's list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "describes the query for the OpenAPI document")]
pub struct PortalFlexDiscountQuery {
    /// `COM`, `EDU`, `GOV` or `ALL` (default: every segment of the distributor).
    #[param(rename = "marketSegment", example = "COM")]
    market_segment: Option<String>,
    /// An ISO country code or `ALL` (default).
    #[param(example = "US")]
    country: Option<String>,
    /// `NEW` (every discount) or `RENEWAL` (without INTRO discounts, which only new products take).
    #[param(example = "NEW")]
    usage: Option<String>,
}

/// The discounts the list shows for `query` at `now`.
pub async fn discounts(
    state: &AppState,
    caller: &Caller,
    query: &RawQuery,
) -> ApiResult<(Vec<FlexDiscount>, DateTime<Utc>)> {
    let usage = query.single("usage")?.filter(|u| !u.is_empty());
    if usage.is_some_and(|u| !matches!(u, "NEW" | "RENEWAL")) {
        return Err(ApiError(CoreError::bad_field("usage", "NEW or RENEWAL")));
    }
    let distributor = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    let now = state.now();
    let mut all =
        flex_discounts::portal_list(&distributor, now, query.single("marketSegment")?, query.single("country")?)?;
    if usage == Some("RENEWAL") {
        all.retain(|d| d.template.category != Category::Intro);
    }
    Ok((all, now))
}

/// `GET /portal/api/v1/flex-discounts`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/flex-discounts",
    tag = "Portal",
    operation_id = "portalListFlexDiscounts",
    summary = "Portal Resources › View Available Flex Discounts",
    description = "Every discount of the seeded catalogue that is live, future-dated or reusable now, the \
        sandbox `FAILURE` test discounts and the closed codes included, for a segment and a country.",
    params(PortalFlexDiscountQuery),
    responses(
        (status = 200, description = "The discounts.", body = PortalFlexDiscountList),
        (status = 400, description = "`P400` an invalid filter, named.", body = AdobeError),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: RawQuery,
) -> ApiResult<Json<PortalFlexDiscountList>> {
    let (all, now) = discounts(&state, &caller, &query).await?;
    let items: Vec<PortalFlexDiscountOut> = all.iter().map(|d| PortalFlexDiscountOut::new(d, now)).collect();
    Ok(Json(PortalFlexDiscountList { total_count: items.len(), items }))
}

/// `PATCH /portal/api/v1/flex-discounts/{id}` `{"endDate": …}`.
#[derive(ToSchema)]
#[schema(as = PortalFlexDiscountEdit, example = json!({"endDate": "2027-01-31T23:59:59Z"}))]
#[allow(dead_code, reason = "describes the body for the OpenAPI document")]
pub struct FlexDiscountEditIn {
    /// A Zulu date-time, or a date (its last second): after `startDate`, before `discountLockEndDate`.
    #[schema(rename = "endDate")]
    end_date: String,
}

/// `PATCH /portal/api/v1/flex-discounts/{id}`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/flex-discounts/{discount_id}",
    tag = "Portal",
    operation_id = "portalEditFlexDiscount",
    summary = "Portal Resources › Edit Reusable Flex Discounts",
    description = "Moves the end date of a reusable discount for the caller's distributor: its customers who \
        used it before the new end keep it (REUSABLE) until its discountLockEndDate.",
    request_body = FlexDiscountEditIn,
    responses(
        (status = 200, description = "The discount, edited.", body = PortalFlexDiscountOut),
        (status = 400, description = "`P400` not a reusable discount, or `endDate` missing, malformed, not after \
            `startDate` or not before `discountLockEndDate` (named in the message); `1117` a body that is not \
            JSON.", body = AdobeError),
        (status = 404, description = "`P404` no such discount.", body = AdobeError),
    ),
)]
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<PortalFlexDiscountOut>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["endDate"])?;
    let raw = string_field(&map, "endDate")?
        .ok_or_else(|| ApiError(CoreError::bad_field("endDate", "a date or a Zulu date-time")))?;
    let end = match dates::parse_date(raw.trim()) {
        Some(d) => d.and_hms_opt(23, 59, 59).map(|t| t.and_utc()),
        None => dates::parse_date_or_datetime(raw.trim()),
    }
    .ok_or_else(|| {
        ApiError(CoreError::bad_field("endDate", "a date (YYYY-MM-DD) or a Zulu date-time (YYYY-MM-DDTHH:MM:SSZ)"))
    })?;
    let id = path.get(0).to_string();
    let now = state.now();
    let edited = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { flex_discounts::edit_end_date(tx, ctx, &id, end).await })
    })
    .await?;
    Ok(Json(PortalFlexDiscountOut::new(&edited, now)))
}
