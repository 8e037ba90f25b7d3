//! E29–E30: reseller-change transfers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::reseller_change;

use super::dto::{self, TransferOut};
use crate::cpapi::schemas::ResellerChangeIn;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// Previews or commits a reseller change (E29).
#[utoipa::path(
    post,
    path = "/v3/transfers",
    tag = "Reseller change",
    operation_id = "resellerChange",
    request_body(content = ResellerChangeIn, content_type = "application/json"),
    responses(
        (status = 201, description = "PREVIEW: `transferId` `\"\"`, `status` `1002` and the `approval`, nothing \
            changed. COMMIT: a 9-digit `transferId`, `status` `1000`; the customer, its subscriptions and renewals \
            now belong to `resellerId`.", body = TransferOut),
        (status = 400, description = "`1117` a `type` other than `RESELLER_CHANGE` or an unknown `action`, `1121`, \
            `1122`; `1131` the code was used; `1134` `INVALID_RESELLER_ID` the customer's own reseller; `2135` the \
            reseller does not sell the customer's segment; `1139` a global customer and a distributor no longer \
            global; `1164` an LGA customer and a distributor without LGA; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1128` unknown approval code, `1129` expired (7 days), `1115` unknown \
            reseller.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let done = reseller_change::transfer(tx, ctx, &json(&body)?).await?;
            let out = TransferOut::new(&done.transfer, &done.customer, done.approval.as_ref(), false);
            Ok((StatusCode::CREATED, dto::to_json(&out)?))
        })
    })
    .await
}

/// Reads a committed reseller change (E30): `items` and `lineItems` carry the same lines.
#[utoipa::path(
    get,
    path = "/v3/transfers/{transfer_id}",
    tag = "Reseller change",
    operation_id = "getResellerTransfer",
    responses(
        (status = 200, description = "The transfer.", body = TransferOut),
        (status = 404, description = "`5116` Invalid Membership or Transfer ID.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<TransferOut>> {
    let distributor = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::ApiKeyInvalid)?;
    let customer_id = reseller_change::customer_of(&distributor, path.get(0))?;
    let customer = state.store.customer(&caller.distributor_id, customer_id).await?;
    let (transfer, customer) = reseller_change::find(customer, path.get(0))?;
    Ok(Json(TransferOut::new(&transfer, &customer, None, true)))
}
