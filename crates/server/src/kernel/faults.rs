//! Fault injection on the CPAPI routes (after authentication): the caller's distributor's
//! rules (stored in the database, so every instance applies the same ones) are matched by
//! method, path (route template or literal) and customer, in the order they were added; the
//! first match whose `probability` roll succeeds applies, and uses up one of its `times`
//! (decremented in a transaction, so a `times: 1` rule fires once across instances).
//!
//! - `error`: answered at once in Adobe's error shape; the request does not run.
//! - `latencyMs`: the request runs after the delay.
//! - `commitThenDrop`: the request runs and commits (its replay record too), then the answer is
//!   replaced by a body that fails at once, so the connection is closed without a complete
//!   response. A retry with the same `X-Correlation-Id` gets the stored answer.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use vipmp_core::control::{FaultAction, FaultRule, path_customer_id, path_matches};
use vipmp_core::store::StoreError;

use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, adobe_body, json_response};
use crate::kernel::state::AppState;

/// Left in a response's extensions when a fault applied, for the journal.
#[derive(Debug, Clone)]
pub struct FaultMark {
    /// `error`, `latencyMs` or `commitThenDrop`.
    pub kind: &'static str,
    /// For `commitThenDrop`: the status, headers and body that were not delivered.
    pub dropped: Option<(u16, HeaderMap, Bytes)>,
}

/// Whether a rule matches a request.
pub fn matches(rule: &FaultRule, method: &str, path: &str) -> bool {
    rule.method.as_deref().is_none_or(|m| m == "*" || m.eq_ignore_ascii_case(method))
        && path_matches(&rule.path, path)
        && rule.customer_id.as_deref().is_none_or(|c| path_customer_id(path).as_deref() == Some(c))
}

/// Uses up one application of a rule; `false` when another request used up its last one.
async fn consume(state: &AppState, distributor_id: &str, rule: &FaultRule) -> Result<bool, StoreError> {
    let Some(times) = rule.times else { return Ok(true) };
    let mut tx = state.store.begin().await?;
    let current = tx.control().fault(distributor_id, &rule.id).await?;
    let Some(mut current) = current else {
        state.control.forget(distributor_id);
        return Ok(false);
    };
    match current.times {
        Some(n) if n <= 1 => {
            tx.control().delete_fault(distributor_id, &rule.id).await?;
        }
        Some(n) => {
            current.times = Some(n - 1);
            tx.control().put_fault(distributor_id, &current).await?;
        }
        None => {}
    }
    tx.commit().await?;
    state.control.forget(distributor_id);
    Ok(times > 0)
}

/// A body whose first read fails: hyper then closes the connection mid-response.
fn failing_body() -> Body {
    Body::from_stream(futures::stream::iter([Err::<Bytes, std::io::Error>(std::io::Error::other(
        "connection dropped by a commitThenDrop fault",
    ))]))
}

fn marked(mut response: Response, mark: FaultMark) -> Response {
    response.extensions_mut().insert(mark);
    response
}

/// The middleware (see the module docs).
pub async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(caller) = request.extensions().get::<Caller>().cloned() else { return next.run(request).await };
    let rules = match state.control.faults(&state.store, &caller.distributor_id).await {
        Ok(rules) => rules,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if rules.is_empty() {
        return next.run(request).await;
    }
    let (method, path) = (request.method().to_string(), request.uri().path().to_string());
    let mut chosen = None;
    for rule in rules.iter().filter(|r| matches(r, &method, &path)).cloned() {
        if rule.probability.is_none_or(|p| rand::rng().random::<f64>() < p) {
            match consume(&state, &caller.distributor_id, &rule).await {
                Ok(true) => {
                    chosen = Some(rule);
                    break;
                }
                Ok(false) => {}
                Err(e) => return ApiError::from(e).into_response(),
            }
        }
    }
    let Some(rule) = chosen else { return next.run(request).await };
    match rule.action {
        FaultAction::Error(e) => {
            let message = if e.message.is_empty() { "Injected fault".to_string() } else { e.message };
            let body = adobe_body(&e.code, &message, &e.additional_details);
            let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            marked(json_response(status, body), FaultMark { kind: "error", dropped: None })
        }
        FaultAction::LatencyMs(ms) => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            marked(next.run(request).await, FaultMark { kind: "latencyMs", dropped: None })
        }
        FaultAction::CommitThenDrop(_) => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let dropped = Some((parts.status.as_u16(), parts.headers.clone(), bytes));
            let response = Response::from_parts(parts, failing_body());
            marked(response, FaultMark { kind: "commitThenDrop", dropped })
        }
    }
}
