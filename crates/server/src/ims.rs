//! The emulated IMS endpoints (SPEC §2.2.1): client-credentials tokens and the legacy JWT
//! exchange. Errors use the IMS shape, not CPAPI's.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::Duration;
use rand::RngCore;
use serde_json::json;
use vipmp_core::model::AccessToken;

use crate::state::AppState;

fn ims_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({"error": error, "error_description": description}))).into_response()
}

fn form(body: &Bytes) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn issue(state: &AppState, client_id: &str, client_secret: &str) -> Result<AccessToken, Response> {
    let client = state
        .store
        .api_client(client_id)
        .await
        .map_err(|_| ims_error(StatusCode::SERVICE_UNAVAILABLE, "server_error", "the store is unavailable"))?;
    let valid = client.as_ref().is_some_and(|c| constant_time_eq(c.client_secret.as_bytes(), client_secret.as_bytes()));
    if !valid {
        return Err(ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"));
    }
    // Tokens expire on the client's distributor's virtual clock.
    let distributor_id = client.as_ref().map(|c| c.distributor_id.clone()).unwrap_or_default();
    let now = crate::control::clock::now_for(state, &distributor_id)
        .await
        .map_err(|_| ims_error(StatusCode::SERVICE_UNAVAILABLE, "server_error", "the store is unavailable"))?;
    let token = AccessToken {
        token: new_token(),
        client_id: client_id.to_string(),
        expires_at: now + Duration::seconds(state.settings.token_ttl_secs),
    };
    let stored = async {
        let mut tx = state.store.begin().await?;
        tx.put_token(&token).await?;
        tx.commit().await
    };
    stored.await.map_err(|_| ims_error(StatusCode::SERVICE_UNAVAILABLE, "server_error", "the store is unavailable"))?;
    Ok(token)
}

/// Compares secrets without an early exit.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /ims/token/v3` (and `/v2`, bare): client credentials as form fields or HTTP Basic.
pub async fn token(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let fields = form(&body);
    let (id, secret) = match (field(&fields, "client_id"), field(&fields, "client_secret")) {
        (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
        _ => match basic_credentials(&headers) {
            Some(pair) => pair,
            None => return ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"),
        },
    };
    if let Some(grant) = field(&fields, "grant_type")
        && grant != "client_credentials"
    {
        return ims_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "unsupported grant_type");
    }
    match issue(&state, &id, &secret).await {
        Ok(t) => {
            let expires_in = Duration::seconds(state.settings.token_ttl_secs).num_seconds() - 1;
            Json(json!({"access_token": t.token, "token_type": "bearer", "expires_in": expires_in})).into_response()
        }
        Err(r) => r,
    }
}

/// `POST /ims/exchange/jwt`: the JWT is accepted unverified; `expires_in` is in milliseconds.
pub async fn exchange_jwt(State(state): State<AppState>, body: Bytes) -> Response {
    let fields = form(&body);
    let (Some(id), Some(secret)) = (field(&fields, "client_id"), field(&fields, "client_secret")) else {
        return ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter");
    };
    let jwt_ok = field(&fields, "jwt_token").is_some_and(|j| j.split('.').count() == 3);
    if !jwt_ok {
        return ims_error(StatusCode::BAD_REQUEST, "invalid_token", "jwt_token is missing or malformed");
    }
    match issue(&state, id, secret).await {
        Ok(t) => {
            let expires_in = Duration::seconds(state.settings.token_ttl_secs).num_milliseconds() - 1;
            Json(json!({"token_type": "bearer", "access_token": t.token, "expires_in": expires_in})).into_response()
        }
        Err(r) => r,
    }
}
