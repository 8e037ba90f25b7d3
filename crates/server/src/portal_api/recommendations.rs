//! EMULATOR: overlay recommendation leads of a customer (SPEC §4.19), seeded for E34 and
//! `fetch-recommendations=true` previews.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::recommendations;

use crate::cpapi::dto::OverlayLeadOut;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;

/// A customer's overlay leads.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalRecommendationLeads, example = json!({"customerId": "1005000001", "new": [], "renew": [
    {"createdAt": "2026-01-27T08:15:35Z", "expiresAt": "2026-02-26T08:15:35Z", "status": "OPEN",
     "items": [{"offerId": "65304479CA01A12", "quantity": 25}]}]}))]
pub struct LeadsOut {
    /// The customer.
    pub customer_id: String,
    /// Leads for new purchases.
    pub new: Vec<OverlayLeadOut>,
    /// Leads for renewals.
    pub renew: Vec<OverlayLeadOut>,
}

/// `POST /portal/api/v1/customers/{id}/recommendation-leads`.
#[derive(ToSchema)]
#[schema(as = PortalRecommendationLeadIn, example = json!({"type": "new", "items": [{"offerId": "65325080CA01A12",
    "quantity": 25}], "expiresAt": "2027-01-31T00:00:00Z"}))]
#[allow(dead_code, reason = "describes the body for the OpenAPI document")]
pub struct LeadIn {
    /// `new` (a purchase) or `renew` (a renewal).
    #[schema(rename = "type")]
    kind: String,
    /// 1 to 50 `{offerId, quantity}` (catalogue offers, 1–599000).
    items: Vec<crate::cpapi::dto::OverlayItemOut>,
    /// After now and within a year (default: 30 days from now).
    #[schema(rename = "expiresAt")]
    expires_at: Option<String>,
}

async fn leads(state: &AppState, caller: &Caller, customer_id: &str) -> ApiResult<LeadsOut> {
    let customer = state.store.customer(&caller.distributor_id, customer_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    let found = recommendations::with_leads(Default::default(), &customer, state.now());
    let out = crate::cpapi::dto::RecommendationsOut::from(&found).overlay_recommendations;
    let (new, renew) = out.map(|o| (o.new, o.renew)).unwrap_or_default();
    Ok(LeadsOut { customer_id: customer.id, new, renew })
}

/// `GET /portal/api/v1/customers/{id}/recommendation-leads`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/customers/{customer_id}/recommendation-leads",
    tag = "Portal",
    operation_id = "portalListRecommendationLeads",
    summary = "A customer's overlay recommendation leads",
    responses(
        (status = 200, description = "The leads, with their status now.", body = LeadsOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<LeadsOut>> {
    Ok(Json(leads(&state, &caller, path.get(0)).await?))
}

/// `POST /portal/api/v1/customers/{id}/recommendation-leads`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/recommendation-leads",
    tag = "Portal",
    operation_id = "portalAddRecommendationLead",
    summary = "Seed an overlay recommendation lead",
    description = "A lead is `OPEN` until a completed order of its kind (NEW for `new`, RENEWAL for `renew`) buys \
        one of its products, or until `expiresAt` (then `EXPIRED`). At most 100 per customer.",
    request_body = LeadIn,
    responses(
        (status = 201, description = "The customer's leads, the new one included.", body = LeadsOut),
        (status = 400, description = "`P400` an invalid member, named; `1117` a body that is not JSON.",
            body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<LeadsOut>)> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let id = path.get(0).to_string();
    let customer = id.clone();
    transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { recommendations::add_lead(tx, ctx, &customer, &value).await })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(leads(&state, &caller, &id).await?)))
}

/// `DELETE /portal/api/v1/customers/{id}/recommendation-leads`.
#[utoipa::path(
    delete,
    path = "/portal/api/v1/customers/{customer_id}/recommendation-leads",
    tag = "Portal",
    operation_id = "portalClearRecommendationLeads",
    summary = "Delete a customer's overlay recommendation leads",
    responses(
        (status = 200, description = "The customer's leads, now none.", body = LeadsOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn clear(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<LeadsOut>> {
    mutation_allowed(&state)?;
    let id = path.get(0).to_string();
    let customer = id.clone();
    transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { recommendations::clear_leads(tx, ctx, &customer).await })
    })
    .await?;
    Ok(Json(leads(&state, &caller, &id).await?))
}
