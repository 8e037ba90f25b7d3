//! Manage Records › Customers › Create PA (SPEC §5.4.8): a purchase authorization, open for 7
//! days, visible in E23 and E24 until an order consumes it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::model::PurchaseAuthorization;
use vipmp_core::service::purchase_authorizations;

use crate::cpapi::dto::UnpaidLicenseOut;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

/// A purchase authorization just created.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalPurchaseAuthorization, example = json!({"customerId": "1005000001",
    "referenceId": "PO281000000000000001", "creationDate": "2026-03-28T06:03:50Z",
    "expiryDate": "2026-04-04T06:03:50Z", "quantity": 3, "productName": "Acrobat Classic 2024 for Enterprise",
    "baseOfferId": "30006208CA01A12"}))]
pub struct PurchaseAuthorizationOut {
    /// The customer.
    pub customer_id: String,
    /// The PA, as E24 lists it.
    #[serde(flatten)]
    pub license: UnpaidLicenseOut,
}

impl PurchaseAuthorizationOut {
    /// The PA of `customer_id`.
    pub fn new(customer_id: &str, pa: &PurchaseAuthorization) -> Self {
        Self { customer_id: customer_id.to_string(), license: UnpaidLicenseOut::from(pa) }
    }
}

/// Creates a PA for a customer in one transaction (the JSON API and the HTML form).
pub async fn create_pa(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    body: serde_json::Value,
) -> ApiResult<PurchaseAuthorizationOut> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    let pa = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { purchase_authorizations::create(tx, ctx, &id, &body).await })
    })
    .await?;
    Ok(PurchaseAuthorizationOut::new(customer_id, &pa))
}

/// `POST /portal/api/v1/customers/{id}/purchase-authorizations`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/purchase-authorizations",
    tag = "Portal",
    operation_id = "portalCreatePurchaseAuthorization",
    summary = "Create PA: seats pending a partner order",
    description = "Opens a purchase authorization (`PO` + 18 digits) for 7 days on the distributor's clock: it shows \
        in `GET /v3/customers/{customer-id}/open-acquisitions` and puts the customer in `GET /v3/notifications` \
        until completed NEW orders for the product consume its seats, or it expires. At most 100 open per \
        customer.",
    request_body = ps::PurchaseAuthorizationIn,
    responses(
        (status = 201, description = "The purchase authorization.", body = PurchaseAuthorizationOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, an offer id that is not of the \
            catalogue or not of the customer's market segment, or a quantity out of range (the detail names the \
            member).", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` the customer already has 100 open purchase authorizations.",
            body = AdobeError),
    ),
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<PurchaseAuthorizationOut>)> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    Ok((StatusCode::CREATED, Json(create_pa(&state, &caller, path.get(0), value).await?)))
}
