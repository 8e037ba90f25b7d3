//! E34: recommendations.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use vipmp_core::service::recommendations;

use super::dto::{self, RecommendationsOut};
use crate::cpapi::schemas::RecommendationIn;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::extract::Body;
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// The response header partners echo on Create Order / Create Subscription.
pub const TRACKER_HEADER: &str = "x-recommendation-tracker-id";

/// A tracker id derived from the client and the correlation id, so that a replay answers the same.
fn tracker_id(client: &str, correlation: &str) -> String {
    vipmp_core::ids::hashed_uuid(&format!("tracker/{client}/{correlation}"))
}

/// Recommendations for a customer from the sandbox's fixed rule set (E34, SPEC §4.19), with the
/// customer's overlay leads (seeded through the portal) when it has some.
#[utoipa::path(
    post,
    path = "/v3/recommendations",
    tag = "Recommendations",
    operation_id = "getRecommendations",
    request_body(content = RecommendationIn, content_type = "application/json"),
    responses(
        (status = 200, description = "The recommendations; header `x-recommendation-tracker-id`.",
            body = RecommendationsOut,
            headers(("x-recommendation-tracker-id" = String, description = "Echo it on Create Order."))),
        (status = 400, description = "`1117`, `1121`, `1122`; `5136` INVALID_COUNTRY, `5137` INVALID_LANGUAGE; \
            `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn recommend(State(state): State<AppState>, caller: Caller, meta: WriteMeta, Body(body): Body) -> Response {
    let correlation = meta.headers.get("x-correlation-id").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let tracker = tracker_id(&caller.client_id, &correlation);
    let mut response = idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = json(&body)?;
            let request = recommendations::read_request(&value)?;
            let found = recommendations::recommend(tx, ctx, &request).await?;
            Ok((StatusCode::OK, dto::to_json(&RecommendationsOut::from(&found))?))
        })
    })
    .await;
    if response.status() == StatusCode::OK
        && let Ok(v) = HeaderValue::from_str(&tracker)
    {
        response.headers_mut().insert(TRACKER_HEADER, v);
    }
    response
}
