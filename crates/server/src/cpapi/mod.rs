//! The Adobe-compatible CPAPI v3 surface.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::kernel::state::AppState;

pub mod customers;
pub mod deployments;
pub mod docs;
pub mod dto;
pub mod flex_discounts;
pub mod linked_memberships;
pub mod lists;
pub mod memberships;
pub mod notifications;
pub mod orders;
pub mod pricelist;
pub mod recommendations;
pub mod resellers;
pub mod schemas;
pub mod subscriptions;
pub mod switch_paths;
pub mod transfers;

use crate::kernel::adobe_error::AdobeError;

/// Health check with the API key only (E1).
#[utoipa::path(
    get,
    path = "/ping",
    tag = "Gateway",
    operation_id = "ping",
    responses(
        (status = 200, description = "`pong`.", body = String, content_type = "text/plain", example = "pong"),
        (status = 403, description = "`4115` Api Key is invalid or missing.", body = AdobeError),
        (status = 500, description = "`1124` Internal Server Error.", body = AdobeError),
        (status = 503, description = "`503` the store is unavailable.", body = AdobeError),
    ),
    security(("apiKey" = [])),
)]
pub async fn ping() -> &'static str {
    "pong"
}

/// Health check with the API key and a token (E2).
#[utoipa::path(
    get,
    path = "/partnerservice/ping",
    tag = "Gateway",
    operation_id = "partnerPing",
    responses(
        (status = 200, description = "`pong`.", body = String, content_type = "text/plain", example = "pong"),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn partner_ping() -> &'static str {
    "pong"
}

/// What `GET /health` answers when the store answers.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct HealthOut {
    /// `ok`.
    pub status: &'static str,
}

/// `GET /health`: for load balancers and container probes, without credentials. It reads the
/// store once (a point read; on SQLite a reader connection, never the writer), so an instance
/// whose database is unreachable answers `503` and leaves the pool.
#[utoipa::path(
    get,
    path = "/health",
    tag = "Gateway",
    operation_id = "health",
    security(),
    responses(
        (status = 200, description = "The store answers.", body = HealthOut),
        (status = 503, description = "`503` the store is unavailable (Adobe's error shape).", body = AdobeError),
    ),
)]
pub async fn health(State(state): State<AppState>) -> Response {
    health_answer(state.store.distributor("health-check").await.map(|_| ()))
}

/// The answer of [`health`] to the store's: `200 {"status":"ok"}`, or `503` in Adobe's error
/// shape for any store error (logged). Never cached.
pub fn health_answer(store: Result<(), vipmp_core::store::StoreError>) -> Response {
    let mut response = match store {
        Ok(()) => Json(HealthOut { status: "ok" }).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the store does not answer");
            crate::kernel::error::ApiError::from(vipmp_core::error::ErrorCode::ServiceUnavailable).into_response()
        }
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `/v3/...` and `/partnerservice/ping`, behind the token gateway.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/partnerservice/ping", get(partner_ping))
        .route("/v3/resellers", post(resellers::create).get(resellers::list))
        .route("/v3/resellers/{reseller_id}", get(resellers::get).patch(resellers::update))
        .route("/v3/resellers/{reseller_id}/customers", get(customers::list))
        .route("/v3/customers", post(customers::create))
        .route("/v3/customers/{customer_id}", get(customers::get).patch(customers::update))
        .route("/v3/customers/{customer_id}/deployments", post(deployments::create).get(deployments::list))
        .route(
            "/v3/customers/{customer_id}/deployments/{deployment_id}",
            get(deployments::get).patch(deployments::update),
        )
        .route("/v3/customers/{customer_id}/orders", post(orders::create).get(orders::history))
        .route("/v3/customers/{customer_id}/flex-discounts", get(flex_discounts::of_customer))
        .route("/v3/customers/{customer_id}/open-acquisitions", get(notifications::open_acquisitions))
        .route("/v3/notifications", get(notifications::list))
        .route("/v3/flex-discounts", get(flex_discounts::list))
        .route("/v3/recommendations", post(recommendations::recommend))
        .route("/v3/customers/{customer_id}/orders/{order_id}", get(orders::get).patch(orders::update))
        .route("/v3/customers/{customer_id}/subscriptions", get(subscriptions::list).post(subscriptions::create))
        .route(
            "/v3/customers/{customer_id}/subscriptions/{subscription_id}",
            get(subscriptions::get).patch(subscriptions::update),
        )
        .route("/v3/pricelist", post(pricelist::fetch))
        .route("/v3/linked_membership_groups", get(linked_memberships::search))
        .route(
            "/v3/customers/{customer_id}/linked_membership/enroll/{linked_membership_id}",
            post(linked_memberships::enroll),
        )
        .route("/v3/transfers", post(transfers::create))
        .route("/v3/transfers/{transfer_id}", get(transfers::get))
        .route("/v3/memberships/{membership_id}/offers", get(memberships::offers))
        .route("/v3/memberships/{membership_id}/transfers", post(memberships::transfer))
        .route("/v3/memberships/{membership_id}/transfers/{transfer_id}", get(memberships::get))
        .route("/v3/offer-switch-paths", get(switch_paths::list))
        .route(
            "/v3/customers/{customer_id}/subscriptions/{subscription_id}/offer-switch-paths",
            get(switch_paths::of_subscription),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), crate::kernel::faults::apply))
        .route_layer(middleware::from_fn_with_state(state, crate::kernel::auth::require_token))
}

/// `/ping`: the API key only.
pub fn ping_router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/ping", get(ping))
        .route_layer(middleware::from_fn_with_state(state, crate::kernel::auth::require_api_key))
}
