//! Generate Approval Code (SPEC §5.4.7): the code a new reseller commits a reseller change with
//! (`POST /v3/transfers`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::reseller_change;

use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::PathParams;
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;

/// A fresh approval code.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalApprovalCode, example = json!({"customerId": "1005000001", "approvalCode": "62159861",
    "expiry": "2026-01-22T10:00:00Z"}))]
pub struct ApprovalCodeOut {
    /// The customer it moves.
    pub customer_id: String,
    /// 8 digits, for `POST /v3/transfers`.
    pub approval_code: String,
    /// 7 days from now on the virtual clock.
    #[schema(format = DateTime)]
    pub expiry: String,
}

/// The code of a customer, made in its own transaction; `P404` for an unknown customer.
pub async fn generate(state: &AppState, caller: &Caller, customer_id: &str) -> ApiResult<ApprovalCodeOut> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    let generated = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { reseller_change::generate_code(tx, ctx, &id).await })
    })
    .await?
    .ok_or(ErrorCode::PortalNotFound)?;
    Ok(ApprovalCodeOut {
        customer_id: customer_id.to_string(),
        approval_code: generated.code,
        expiry: format_datetime(generated.expires_at),
    })
}

/// `POST /portal/api/v1/customers/{id}/reseller-change-code`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/reseller-change-code",
    tag = "Portal",
    operation_id = "portalGenerateApprovalCode",
    summary = "Generate a reseller-change approval code",
    description = "Replaces the customer's unused code. The code works for 7 days on the virtual clock and once: \
        the new reseller previews and commits the change with `POST /v3/transfers`.",
    responses(
        (status = 201, description = "The code and its expiry.", body = ApprovalCodeOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<ApprovalCodeOut>)> {
    Ok((StatusCode::CREATED, Json(generate(&state, &caller, path.get(0)).await?)))
}
