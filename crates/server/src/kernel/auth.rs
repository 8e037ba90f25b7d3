//! The gateway checks of every CPAPI and portal API call (SPEC §2.2.2): `4115`, then `4117`,
//! then `4116`. The authenticated client travels in the request's extensions as [`Caller`].

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vipmp_core::error::ErrorCode;
use vipmp_core::model::ApiClient;

use super::error::ApiError;
use crate::kernel::state::AppState;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The API client id.
    pub client_id: String,
    /// Its distributor.
    pub distributor_id: String,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// The API client named by the `X-Api-Key` header (`4115` when missing or unknown).
pub(crate) async fn api_client(state: &AppState, headers: &HeaderMap) -> Result<ApiClient, ApiError> {
    let key = header(headers, "x-api-key").ok_or(ErrorCode::ApiKeyInvalid)?;
    if let Some(client) = state.client_cache.read().await.get(key) {
        return Ok(client.clone());
    }
    let client = state.store.api_client(key).await?.ok_or(ErrorCode::ApiKeyInvalid)?;
    let mut cache = state.client_cache.write().await;
    if cache.len() > 10_000 {
        cache.clear();
    }
    cache.insert(client.client_id.clone(), client.clone());
    Ok(client)
}

/// Checks the API key and the token. The token must come as `Authorization: Bearer <token>`
/// (the scheme in any case), as Adobe's gateway wants it: a bare token or another scheme is
/// `4116`.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let client = api_client(state, headers).await?;
    let raw = header(headers, "authorization").ok_or(ErrorCode::TokenMissing)?;
    let token = match raw.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") && !rest.trim().is_empty() => rest.trim(),
        _ => return Err(ErrorCode::TokenInvalid.into()),
    };
    let cached = state.token_cache.read().await.get(token).cloned();
    let stored = match cached {
        Some(t) => Some(t),
        None => {
            let found = state.store.token(token).await?;
            if let Some(t) = &found {
                let mut cache = state.token_cache.write().await;
                if cache.len() > 100_000 {
                    cache.clear();
                }
                cache.insert(t.token.clone(), t.clone());
            }
            found
        }
    };
    match stored {
        Some(t) if t.client_id == client.client_id && t.expires_at > state.now() => {
            Ok(Caller { client_id: client.client_id, distributor_id: client.distributor_id })
        }
        _ => Err(ErrorCode::TokenInvalid.into()),
    }
}

/// Middleware: authenticates and stores the [`Caller`].
pub async fn require_token(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    match authenticate(&state, request.headers()).await {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(e) => e.into_response(),
    }
}

/// Middleware: only the API key (for `/ping`).
pub async fn require_api_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match api_client(&state, request.headers()).await {
        Ok(_) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Compares secrets without an early exit.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
