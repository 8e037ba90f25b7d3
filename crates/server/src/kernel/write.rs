//! The pipeline of every mutating CPAPI call (SPEC §2.4): correlation id (`4119`), replay,
//! request id (`4120`), then the use case in one transaction that also stores its response, so
//! that an acknowledged write and its replay record commit together.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde_json::Value;
use vipmp_core::error::{CoreError, CoreResult, ErrorCode};
use vipmp_core::service::Ctx;
use vipmp_core::store::{ReplayKey, StoredResponse, Tx};

use super::auth::Caller;
use super::error::{ApiError, error_parts};
use crate::kernel::state::AppState;

/// The future of a use case run inside a transaction.
pub type TxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = CoreResult<T>> + Send + 'a>>;

/// A use case's successful answer: an HTTP status and a JSON body.
pub type Reply = (StatusCode, Value);

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn correlation_id(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = header(headers, "x-correlation-id").unwrap_or("");
    let ok = !value.is_empty() && value.len() <= 255 && value.bytes().all(|b| (0x20..0x7f).contains(&b));
    if ok { Ok(value.to_string()) } else { Err(ErrorCode::CorrelationIdMissing.into()) }
}

fn respond(stored: &StoredResponse) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, stored.body.clone()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (name.parse::<header::HeaderName>(), HeaderValue::from_str(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn stored(status: StatusCode, body: Vec<u8>) -> StoredResponse {
    StoredResponse { status: status.as_u16(), headers: Vec::new(), body }
}

/// What the idempotency pipeline needs of the request: method, path and headers.
#[derive(Debug, Clone)]
pub struct WriteMeta {
    /// The HTTP method.
    pub method: Method,
    /// The request path.
    pub path: String,
    /// The headers.
    pub headers: HeaderMap,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for WriteMeta {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self { method: parts.method.clone(), path: parts.uri.path().to_string(), headers: parts.headers.clone() })
    }
}

/// Runs a mutating CPAPI call through the idempotency pipeline.
pub async fn idempotent<F>(
    state: &AppState,
    caller: &Caller,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    run: F,
) -> Response
where
    F: for<'a> FnOnce(&'a mut dyn Tx, &'a Ctx<'a>) -> TxFuture<'a, Reply> + Send,
{
    match pipeline(state, caller, method, path, headers, run).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn pipeline<F>(
    state: &AppState,
    caller: &Caller,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    run: F,
) -> Result<Response, ApiError>
where
    F: for<'a> FnOnce(&'a mut dyn Tx, &'a Ctx<'a>) -> TxFuture<'a, Reply> + Send,
{
    let correlation_id = correlation_id(headers)?;
    let request_id = header(headers, "x-request-id").filter(|r| !r.is_empty()).map(str::to_string);
    let key = ReplayKey {
        client_id: caller.client_id.clone(),
        method: method.to_string(),
        route: path.to_string(),
        correlation_id,
    };
    let now = state.now();
    let since = now - Duration::days(state.settings.idempotency_days);

    let mut tx = state.store.begin().await?;
    if let Some(previous) = tx.stored_replay(&key, since).await? {
        return Ok(respond(&previous));
    }
    if let Some(rid) = &request_id {
        if tx.request_id_seen(&caller.client_id, rid, since).await? {
            return Err(ErrorCode::DuplicateRequestId.into());
        }
        tx.record_request_id(&caller.client_id, rid, &key.correlation_id, now).await?;
    }
    let distributor = tx.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::ApiKeyInvalid)?;
    let ctx = Ctx { settings: &state.settings, now, distributor: &distributor };
    let outcome = run(&mut *tx, &ctx).await;
    match outcome {
        Ok((status, body)) => {
            let bytes = serde_json::to_vec(&body).map_err(|e| CoreError::Internal(e.to_string()))?;
            let response = stored(status, bytes);
            tx.store_replay(&key, &response, now).await?;
            tx.commit().await?;
            Ok(respond(&response))
        }
        Err(error) => {
            drop(tx);
            record_failure(state, caller, &key, request_id.as_deref(), &error, since).await
        }
    }
}

/// Rolls back the use case's writes but keeps the failure: a 4xx is stored for replay, and the
/// request id is recorded whatever the outcome.
async fn record_failure(
    state: &AppState,
    caller: &Caller,
    key: &ReplayKey,
    request_id: Option<&str>,
    error: &CoreError,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Response, ApiError> {
    let (status, body) = error_parts(error);
    let response = stored(status, body);
    let now = state.now();
    let mut tx = state.store.begin().await?;
    if let Some(previous) = tx.stored_replay(key, since).await? {
        return Ok(respond(&previous));
    }
    if let Some(rid) = request_id {
        tx.record_request_id(&caller.client_id, rid, &key.correlation_id, now).await?;
    }
    if status.is_client_error() {
        tx.store_replay(key, &response, now).await?;
    }
    tx.commit().await?;
    let mut out = ApiError(error.clone()).into_response();
    if status.is_server_error() {
        *out.status_mut() = status;
    }
    Ok(out)
}

/// Runs a portal mutation in one transaction (no replay).
pub async fn transaction<T, F>(state: &AppState, caller: &Caller, run: F) -> Result<T, ApiError>
where
    F: for<'a> FnOnce(&'a mut dyn Tx, &'a Ctx<'a>) -> TxFuture<'a, T> + Send,
{
    let now = state.now();
    let mut tx = state.store.begin().await?;
    let distributor = tx.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::ApiKeyInvalid)?;
    let ctx = Ctx { settings: &state.settings, now, distributor: &distributor };
    let value = run(&mut *tx, &ctx).await?;
    tx.commit().await?;
    Ok(value)
}

/// Parses a body as JSON (`1117` "Malformed JSON" otherwise).
pub fn json(body: &Bytes) -> CoreResult<Value> {
    vipmp_core::input::parse_json(body)
}
