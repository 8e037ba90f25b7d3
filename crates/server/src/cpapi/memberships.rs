//! E26–E28: VIP → VIP MP transfers of the portal's test memberships (SPEC §2.8.9, §4.13).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vipmp_core::service::memberships::{self, Bypass};

use super::dto::{self, MembershipOffersOut, MembershipTransferOut};
use crate::cpapi::schemas::{MembershipTransferIn, MembershipTransferQuery};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json, transaction};

fn bypass(query: &RawQuery) -> Bypass {
    Bypass { ignore_order_return: query.flag("ignore-order-return"), expire_open_pas: query.flag("expire-open-pas") }
}

/// Previews the offers of a membership (E26).
#[utoipa::path(
    get,
    path = "/v3/memberships/{membership_id}/offers",
    tag = "Transfers",
    operation_id = "previewMembershipOffers",
    params(MembershipTransferQuery),
    responses(
        (status = 200, description = "One item per VIP subscription (a past `renewalDate`: not renewed, it \
            transfers inactive), the 3YC/LGA `benefits`, the 3YC/HVD/LGA `discounts` and the VIP `renewalStatus`.",
            body = MembershipOffersOut),
        (status = 400, description = "`5115` unknown membership; `5117` not eligible, the reason codes in \
            `additionalDetails` (`OPEN_PURCHASE_AUTH` waived by `expire-open-pas=true`, `RETURNABLE_PURCHASE` by \
            `ignore-order-return=true`); `5118` already transferred; `5120` no admin contacts; `5121` a transfer is \
            in progress.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn offers(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
) -> ApiResult<Json<MembershipOffersOut>> {
    let id = path.get(0).to_string();
    let flags = bypass(&query);
    let preview = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { memberships::preview(tx, ctx, &id, flags).await })
    })
    .await?;
    Ok(Json(MembershipOffersOut::new(&preview.membership)))
}

/// Transfers a membership to a reseller (E27): the transfer completes asynchronously.
#[utoipa::path(
    post,
    path = "/v3/memberships/{membership_id}/transfers",
    tag = "Transfers",
    operation_id = "transferMembership",
    params(MembershipTransferQuery),
    request_body(content = MembershipTransferIn, content_type = "application/json"),
    responses(
        (status = 202, description = "`status` `1002`, `customerId` `\"\"`. The jobs complete it (`1000`) on the \
            distributor's clock: a customer (VIP levels, `cotermDate` the anniversary, 3YC, HVD tag and code, LGA), \
            one subscription per item and a `TRANSFER` order.", body = MembershipTransferOut),
        (status = 400, description = "E26's errors; `1117`, `1121`, `1122` the body; `5117` `BAD_MARKET_SEGMENT` \
            the reseller does not sell the membership's segment; `5119` the reseller is inactive; `1164` an LGA \
            membership and a distributor without LGA; `4122` the same transfer is already processing; `4119`, \
            `4120`.", body = AdobeError),
        (status = 404, description = "`1115` unknown reseller.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    let flags = bypass(&query);
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let t = memberships::transfer(tx, ctx, path.get(0), flags, &json(&body)?).await?;
            Ok((StatusCode::ACCEPTED, dto::to_json(&MembershipTransferOut::from(&t))?))
        })
    })
    .await
}

/// Reads a transfer of a membership (E28).
#[utoipa::path(
    get,
    path = "/v3/memberships/{membership_id}/transfers/{transfer_id}",
    tag = "Transfers",
    operation_id = "getMembershipTransfer",
    responses(
        (status = 200, description = "The transfer; `customerId` and `lineItems[].subscriptionId` once `1000`.",
            body = MembershipTransferOut),
        (status = 400, description = "`5116` Invalid Membership or Transfer ID.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<Json<MembershipTransferOut>> {
    let (m, t) = (path.get(0).to_string(), path.get(1).to_string());
    let transfer = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { memberships::get_transfer(tx, ctx, &m, &t).await })
    })
    .await?;
    Ok(Json(MembershipTransferOut::from(&transfer)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_read_from_the_query() {
        let q = RawQuery { pairs: vec![("expire-open-pas".into(), "true".into())], raw: Vec::new() };
        assert_eq!(bypass(&q), Bypass { ignore_order_return: false, expire_open_pas: true });
    }
}
