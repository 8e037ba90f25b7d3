//! E23 and E24: the notifications of licences pending a partner order, and a customer's open
//! acquisitions (SPEC §2.8.7, §4.20).

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::purchase_authorizations::{self as pas, NOTIFICATION_TYPE};

use super::dto::{NotificationList, NotificationOut, OpenAcquisitionsOut};
use super::lists::{paging, slice_page};
use crate::cpapi::schemas::NotificationQuery;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::error::search_param as bad;
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;

/// Lists the customers of a reseller with open purchase authorizations (E23), by customer id.
#[utoipa::path(
    get,
    path = "/v3/notifications",
    tag = "Notifications",
    operation_id = "listNotifications",
    params(NotificationQuery),
    responses(
        (status = 200, description = "A page of notifications: one per customer of the reseller with at least one \
            open purchase authorization.", body = NotificationList),
        (status = 400, description = "`1132` a missing or unsupported `notification-type`, no `reseller-id`, an \
            invalid `limit` or `offset`; `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1115` Invalid Reseller.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<NotificationList>> {
    if query.single("notification-type")? != Some(NOTIFICATION_TYPE) {
        return Err(bad("notification-type"));
    }
    let reseller_id = query.single("reseller-id")?.ok_or_else(|| bad("reseller-id"))?;
    let paging = paging(&query, 10, 100)?;
    let d = caller.distributor_id.as_str();
    let reseller = state.store.reseller(d, reseller_id).await?.ok_or(ErrorCode::InvalidReseller)?;
    let distributor = state.store.distributor(d).await?.ok_or(ErrorCode::InvalidDistributor)?;
    let now = state.now();
    let mut matching = Vec::new();
    for id in pas::candidates(&distributor, now) {
        if let Some(c) = state.store.customer(d, id).await?
            && pas::pending_for(&c, &reseller.id, now)
        {
            matching.push(c);
        }
    }
    let (meta, items) = slice_page(&query, uri.path(), &matching, paging, NotificationOut::new)?;
    Ok(Json(NotificationList::new(meta, items)))
}

/// A customer's open purchase authorizations (E24): seats added in the Admin Console that no order
/// has bought yet, each open for 7 days.
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/open-acquisitions",
    tag = "Notifications",
    operation_id = "getOpenAcquisitions",
    responses(
        (status = 200, description = "The open purchase authorizations, oldest first (`licenseCount` = their \
            number).", body = OpenAcquisitionsOut),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn open_acquisitions(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<Json<OpenAcquisitionsOut>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let open = pas::open(&customer, state.now());
    Ok(Json(OpenAcquisitionsOut::new(&customer, &open)))
}
