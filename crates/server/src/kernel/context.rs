//! The middleware around every CPAPI and portal API route: it finds the caller's distributor
//! from the `X-Api-Key` (before authentication, so that even a refused call is journaled and
//! token expiry is judged on that distributor's clock), runs the request on the distributor's
//! clock, and records the request and its response in the distributor's journal. A request
//! with an unknown key runs on the base clock and is not recorded (it has no distributor).
//! Reading the journal (`GET /portal/api/v1/requests`) is not recorded either, and nothing is
//! with `--journal-size 0`.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use vipmp_core::control::{JournalEntry, path_customer_id};
use vipmp_core::error::{CoreError, ErrorCode};

use super::clock::{clock_of, scope};
use super::faults::FaultMark;
use super::journal;
use crate::kernel::error::ApiError;
use crate::kernel::extract::MAX_BODY;
use crate::kernel::state::AppState;

/// The path of the journal's own endpoint, which is not journaled.
const JOURNAL_PATH: &str = "/portal/api/v1/requests";

/// Wraps a router's routes in [`layer`].
pub fn wrap(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    router.route_layer(middleware::from_fn_with_state(state.clone(), layer))
}

/// The middleware (see the module docs).
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Ok(client) = crate::kernel::auth::api_client(&state, request.headers()).await else {
        return next.run(request).await;
    };
    let clock = match clock_of(&state, &client.distributor_id).await {
        Ok(clock) => clock,
        Err(e) => return ApiError::from(e).into_response(),
    };
    scope(clock, record(state, client.distributor_id, request, next)).await
}

async fn record(state: AppState, distributor_id: String, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let reads_journal = path == JOURNAL_PATH || path.strip_prefix(JOURNAL_PATH).is_some_and(|p| p.starts_with('/'));
    if reads_journal || state.settings.journal_size <= 0 {
        return next.run(request).await;
    }
    let at = state.now();
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError(CoreError::code(ErrorCode::PayloadTooLarge)).into_response();
    };
    let method = parts.method.to_string();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("");
    let secrets = journal::Secrets::of_request(&parts.headers, raw_query, &bytes);
    let query = secrets.scrub(&journal::redact_form(raw_query));
    let limit = journal::body_limit(&state.settings);
    let request_side = journal::message(&parts.headers, &bytes, &secrets, limit);
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let mark = response.extensions().get::<FaultMark>().cloned();
    let (response, status, response_side) = match &mark {
        Some(FaultMark { dropped: Some((status, headers, body)), .. }) => {
            (response, *status, journal::message(headers, body, &secrets, limit))
        }
        _ => {
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_else(|_| Bytes::new());
            let side = journal::message(&parts.headers, &bytes, &secrets, limit);
            let status = parts.status.as_u16();
            (Response::from_parts(parts, Body::from(bytes)), status, side)
        }
    };
    let entry = JournalEntry {
        id: 0,
        distributor_id,
        at,
        method,
        customer_id: path_customer_id(&path),
        path,
        query,
        status,
        request: request_side,
        response: response_side,
        fault: mark.map(|m| m.kind.to_string()),
    };
    state.control.journal.append(&state.store, state.settings.journal_size, entry);
    response
}
