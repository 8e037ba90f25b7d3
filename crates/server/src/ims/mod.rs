//! The emulated IMS endpoints (SPEC §2.2.1): client-credentials tokens and the legacy JWT
//! exchange. Errors use the IMS shape, not CPAPI's.

pub mod docs;

use crate::kernel::auth::constant_time_eq;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::Duration;
use rand::RngCore;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::model::AccessToken;

use crate::ims::docs::{JwtForm, TokenForm};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::state::AppState;

/// An IMS error (not CPAPI's shape).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"error": "invalid_client", "error_description": "invalid client_id parameter"}))]
pub struct ImsError {
    /// `invalid_client`, `unsupported_grant_type`, `invalid_token`, `invalid_request`, `too_many_requests` or
    /// `server_error`.
    pub error: &'static str,
    /// What went wrong.
    pub error_description: &'static str,
}

/// A client-credentials token (`expires_in` in seconds).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "n3Xq0dC1tY0kZ4v5b6n7m8Q9w0e1r2t3y4u5i6o7p8A", "token_type": "bearer", "expires_in": 86399}))]
pub struct TokenOut {
    /// The opaque bearer token for `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `bearer`.
    #[schema(example = "bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires (24 hours less one second).
    pub expires_in: i64,
}

/// A token from the legacy JWT exchange (`expires_in` in milliseconds).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"token_type": "bearer", "access_token": "n3Xq0dC1tY0kZ4v5b6n7m8Q9w0e1r2t3y4u5i6o7p8A", "expires_in": 86399999}))]
pub struct JwtTokenOut {
    /// Always `bearer`.
    #[schema(example = "bearer")]
    pub token_type: &'static str,
    /// The opaque bearer token.
    pub access_token: String,
    /// Milliseconds until the token expires (24 hours less one millisecond).
    pub expires_in: i64,
}

fn ims_error(status: StatusCode, error: &'static str, description: &'static str) -> Response {
    (status, Json(ImsError { error, error_description: description })).into_response()
}

/// The body, or the answer when it cannot be read: over the limit without a declared length
/// it is `413` in Adobe's shape, as with one (`limits::check_request`).
fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Box<Response>> {
    body.map_err(|e| Box::new(read_error(&e)))
}

fn read_error(e: &BytesRejection) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detail = format!("at most {} bytes are accepted", crate::kernel::limits::MAX_BODY);
        crate::kernel::error::ApiError(vipmp_core::error::CoreError::detail(
            vipmp_core::error::ErrorCode::PayloadTooLarge,
            detail,
        ))
        .into_response()
    } else {
        ims_error(StatusCode::BAD_REQUEST, "invalid_request", "the body could not be read")
    }
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
    if let Some(wait) = state.secret_throttle.blocked(client_id) {
        let mut r = ims_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "too many failed attempts");
        r.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(wait));
        return Err(r);
    }
    let client = state
        .store
        .api_client(client_id)
        .await
        .map_err(|_| ims_error(StatusCode::SERVICE_UNAVAILABLE, "server_error", "the store is unavailable"))?;
    let valid = client.as_ref().is_some_and(|c| constant_time_eq(c.client_secret.as_bytes(), client_secret.as_bytes()));
    if !valid {
        state.secret_throttle.failed(client_id);
        return Err(ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"));
    }
    // Tokens expire on the client's distributor's virtual clock.
    let distributor_id = client.as_ref().map(|c| c.distributor_id.clone()).unwrap_or_default();
    let now = crate::kernel::clock::now_for(state, &distributor_id)
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

/// `POST /ims/token/v3`, `/v2` and bare: client credentials as form fields or HTTP Basic.
async fn token(state: AppState, headers: HeaderMap, body: Bytes) -> Response {
    let fields = form(&body);
    let (id, secret) = match (field(&fields, "client_id"), field(&fields, "client_secret")) {
        (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
        _ => match basic_credentials(&headers) {
            Some(pair) => pair,
            None => return ims_error(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"),
        },
    };
    match field(&fields, "grant_type") {
        None => return ims_error(StatusCode::BAD_REQUEST, "invalid_request", "missing grant_type parameter"),
        Some(grant) if grant != "client_credentials" => {
            return ims_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "unsupported grant_type");
        }
        Some(_) => {}
    }
    match issue(&state, &id, &secret).await {
        Ok(t) => {
            let expires_in = Duration::seconds(state.settings.token_ttl_secs).num_seconds() - 1;
            Json(TokenOut { access_token: t.token, token_type: "bearer", expires_in }).into_response()
        }
        Err(r) => r,
    }
}

/// `POST /ims/exchange/jwt` (and with a trailing slash): the JWT is accepted unverified;
/// `expires_in` is in milliseconds.
async fn exchange(state: AppState, body: Bytes) -> Response {
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
            Json(JwtTokenOut { token_type: "bearer", access_token: t.token, expires_in }).into_response()
        }
        Err(r) => r,
    }
}

/// One documented operation per path of the token endpoint (they share [`token`]).
macro_rules! token_path {
    ($name:ident, $path:literal, $id:literal, $summary:literal, $doc:literal) => {
        #[doc = $summary]
        #[doc = ""]
        #[doc = $doc]
        #[utoipa::path(
            post,
            path = $path,
            tag = "IMS",
            operation_id = $id,
            request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
            responses(
                (status = 200, description = "A token valid for 24 hours.", body = TokenOut),
                (status = 400, description = "`invalid_client`: unknown client or wrong secret; \
                    `unsupported_grant_type`: a `grant_type` other than `client_credentials`; `invalid_request`: no \
                    `grant_type`, or the body could not be read.", body = ImsError),
                (status = 429, description = "`too_many_requests`: 10 wrong secrets for this client id within a \
                    minute; `Retry-After` says when to try again.", body = ImsError),
                (status = 413, description = "`413` body over 1 MiB (Adobe's error shape).", body = AdobeError),
                (status = 414, description = "`414` URL over 8 KiB (Adobe's error shape).", body = AdobeError),
                (status = 431, description = "`431` headers over 32 KiB (Adobe's error shape).", body = AdobeError),
                (status = 503, description = "`server_error`: the store is unavailable.", body = ImsError),
                (status = 504, description = "`504` no answer within the request timeout (Adobe's error shape).",
                    body = AdobeError),
            ),
        )]
        pub async fn $name(
            State(state): State<AppState>,
            headers: HeaderMap,
            body: Result<Bytes, BytesRejection>,
        ) -> Response {
            match read_body(body) {
                Ok(body) => token(state, headers, body).await,
                Err(answer) => *answer,
            }
        }
    };
}

token_path!(
    token_v3,
    "/ims/token/v3",
    "imsTokenV3",
    "Issues a client-credentials token (OAuth server-to-server).",
    "The client id and secret come as form fields or as HTTP Basic credentials; `scope` is accepted and \
     ignored. The token lasts 24 hours, on the distributor's clock."
);
token_path!(
    token_v2,
    "/ims/token/v2",
    "imsTokenV2",
    "Issues a client-credentials token (as `POST /ims/token/v3`).",
    "Kept for clients of the older IMS path."
);
token_path!(
    token_bare,
    "/ims/token",
    "imsToken",
    "Issues a client-credentials token (as `POST /ims/token/v3`).",
    "Kept for clients of the unversioned IMS path."
);

/// One documented operation per path of the JWT exchange (they share [`exchange`]).
macro_rules! jwt_path {
    ($name:ident, $path:literal, $id:literal, $summary:literal, $doc:literal) => {
        #[doc = $summary]
        #[doc = ""]
        #[doc = $doc]
        #[utoipa::path(
            post,
            path = $path,
            tag = "IMS",
            operation_id = $id,
            request_body(content = JwtForm, content_type = "application/x-www-form-urlencoded"),
            responses(
                (status = 200, description = "A token valid for 24 hours (`expires_in` in milliseconds).", body = JwtTokenOut),
                (status = 400, description = "`invalid_client`: missing, unknown client or wrong secret; \
                    `invalid_token`: `jwt_token` missing or not three dot-separated parts; `invalid_request`: the body \
                    could not be read.", body = ImsError),
                (status = 429, description = "`too_many_requests`: 10 wrong secrets for this client id within a \
                    minute; `Retry-After` says when to try again.", body = ImsError),
                (status = 413, description = "`413` body over 1 MiB (Adobe's error shape).", body = AdobeError),
                (status = 414, description = "`414` URL over 8 KiB (Adobe's error shape).", body = AdobeError),
                (status = 431, description = "`431` headers over 32 KiB (Adobe's error shape).", body = AdobeError),
                (status = 503, description = "`server_error`: the store is unavailable.", body = ImsError),
                (status = 504, description = "`504` no answer within the request timeout (Adobe's error shape).",
                    body = AdobeError),
            ),
        )]
        pub async fn $name(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
            match read_body(body) {
                Ok(body) => exchange(state, body).await,
                Err(answer) => *answer,
            }
        }
    };
}

jwt_path!(
    exchange_jwt,
    "/ims/exchange/jwt",
    "imsExchangeJwt",
    "Exchanges a JWT for a token (the legacy flow of Adobe's Postman collection).",
    "The JWT is not verified, only its shape (three dot-separated parts)."
);
jwt_path!(
    exchange_jwt_slash,
    "/ims/exchange/jwt/",
    "imsExchangeJwtSlash",
    "Exchanges a JWT for a token (as `POST /ims/exchange/jwt`).",
    "The path with a trailing slash, as Adobe's Postman collection calls it."
);

/// The IMS routes (no API key: the token endpoints authenticate by the client's secret).
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/ims/token/v3", post(token_v3))
        .route("/ims/token/v2", post(token_v2))
        .route("/ims/token", post(token_bare))
        .route("/ims/exchange/jwt", post(exchange_jwt))
        .route("/ims/exchange/jwt/", post(exchange_jwt_slash))
}
