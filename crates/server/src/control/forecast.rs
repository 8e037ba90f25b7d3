//! `GET /portal/api/v1/customers/{id}/renewal-forecast?at=YYYY-MM-DD`: what the renewal job
//! would do for the customer at that date (default: its cotermDate, or today), computed by the
//! real logic in a transaction that is rolled back (`vipmp_core::service::forecast`).

use axum::Json;
use axum::extract::State;
use vipmp_core::dates::{parse_date, start_of};
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::service::forecast;

use crate::control::schemas as ps;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;

use crate::control::wire::ForecastOut;

/// `GET /portal/api/v1/customers/{id}/renewal-forecast`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/customers/{customer_id}/renewal-forecast",
    tag = "Time and state",
    operation_id = "portalRenewalForecast",
    summary = "What the renewal job would do for a customer at a date",
    description = "Runs the real renewal logic in a transaction that is rolled back: nothing changes.",
    params(ps::ForecastQuery),
    responses(
        (status = 200, description = "The forecast.", body = ForecastOut),
        (status = 400, description = "`P400` an invalid `at` or one before today; `1132` `at` repeated with \
            different values.", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
) -> ApiResult<Json<ForecastOut>> {
    let (d, id) = (caller.distributor_id.as_str(), path.get(0));
    let now = state.now();
    let customer = state.store.customer(d, id).await?.ok_or(ErrorCode::PortalNotFound)?;
    let date = match query.single("at")? {
        Some(text) => parse_date(text)
            .ok_or_else(|| ApiError(CoreError::detail(ErrorCode::PortalBadRequest, "at: YYYY-MM-DD")))?,
        None => customer.coterm_date.unwrap_or(now.date_naive()).max(now.date_naive()),
    };
    if date < now.date_naive() {
        return Err(ApiError(CoreError::detail(ErrorCode::PortalBadRequest, "at: today or later")));
    }
    let at = if date == now.date_naive() { now } else { start_of(date) };
    let mut tx = state.store.begin().await?;
    let answer = forecast::forecast(&mut *tx, &state.settings, d, id, at).await;
    drop(tx);
    Ok(Json(ForecastOut::from(&answer?)))
}
