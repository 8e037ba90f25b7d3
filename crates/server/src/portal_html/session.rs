//! Server-side sessions of the HTML portal and their CSRF tokens.
//!
//! The browser holds only a random 32-byte id in the `vipmp_session` cookie (HttpOnly,
//! SameSite=Strict, Path=/portal); the session itself lives in the database
//! (`portal_sessions`), so every instance over one database sees it. A session idle for
//! [`IDLE_MINUTES`] minutes is gone. Every POST must carry the session's CSRF token, in the
//! `X-CSRF-Token` header (htmx) or the `csrf` form field; otherwise `403`.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use vipmp_core::clock::{Clock, SystemClock};
use vipmp_core::store::{PortalSession, StoreError};

use crate::kernel::auth::Caller;
use crate::kernel::auth::constant_time_eq;
use crate::kernel::extract::MAX_BODY;
use crate::kernel::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "vipmp_session";
/// The sign-in form's anti-forgery cookie (before a session exists).
pub const SIGNIN_COOKIE: &str = "vipmp_signin";
/// Idle expiry.
pub const IDLE_MINUTES: i64 = 30;
/// `last_seen` is written back at most this often (seconds), to spare the writer lock.
const TOUCH_EVERY_SECS: i64 = 60;

/// The signed-in user of a request: the API client and its distributor, and the CSRF token.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The client and its distributor, as the portal API's use cases expect them.
    pub caller: Caller,
    /// The session's CSRF token.
    pub csrf: String,
    /// The session id.
    pub session_id: String,
    /// The outcome of the POST that redirected here (full-page GETs only).
    pub flash: super::flash::Flash,
    /// The request's path and query (where a form on the page comes back to).
    pub path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Signed>().cloned().ok_or_else(|| to_sign_in(&parts.headers))
    }
}

/// A fresh random token (32 bytes, URL-safe base64).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The session clock: wall time. Sessions are a UI matter and must not expire when a tester
/// advances the emulator's virtual clock.
pub fn wall_now() -> DateTime<Utc> {
    SystemClock.now()
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value with the portal's flags; `None` clears the cookie.
pub fn set_cookie(name: &str, value: Option<&str>) -> HeaderValue {
    let text = match value {
        Some(v) => format!("{name}={v}; HttpOnly; SameSite=Strict; Path=/portal"),
        None => format!("{name}=; HttpOnly; SameSite=Strict; Path=/portal; Max-Age=0"),
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// `303 See Other` to `location`.
pub fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Back to the sign-in page: a 303 for a page load, `HX-Redirect` for an htmx request.
fn to_sign_in(headers: &HeaderMap) -> Response {
    if headers.contains_key("hx-request") {
        let mut r = StatusCode::UNAUTHORIZED.into_response();
        r.headers_mut().insert("hx-redirect", HeaderValue::from_static("/portal"));
        return r;
    }
    see_other("/portal")
}

/// The live session named by the request's cookie (an idle one is deleted).
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<PortalSession>, StoreError> {
    let Some(id) = cookie(headers, SESSION_COOKIE) else { return Ok(None) };
    let Some(mut session) = state.store.session(&id).await? else { return Ok(None) };
    let now = wall_now();
    if now - session.last_seen > Duration::minutes(IDLE_MINUTES) {
        let mut tx = state.store.begin().await?;
        tx.delete_session(&id).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if (now - session.last_seen).num_seconds() >= TOUCH_EVERY_SECS {
        session.last_seen = now;
        let mut tx = state.store.begin().await?;
        tx.put_session(&session).await?;
        tx.commit().await?;
    }
    Ok(Some(session))
}

/// Starts a session for an authenticated client; purges the idle ones on the way.
pub async fn start(state: &AppState, client_id: &str, distributor_id: &str) -> Result<PortalSession, StoreError> {
    let now = wall_now();
    let session = PortalSession {
        id: random_token(),
        client_id: client_id.to_string(),
        distributor_id: distributor_id.to_string(),
        csrf_token: random_token(),
        created_at: now,
        last_seen: now,
    };
    let mut tx = state.store.begin().await?;
    tx.purge_sessions(now - Duration::minutes(IDLE_MINUTES)).await?;
    tx.put_session(&session).await?;
    tx.commit().await?;
    Ok(session)
}

/// The `csrf` field of a URL-encoded form body.
pub fn form_token(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned())
}

/// Whether `given` is the expected token (constant time).
pub fn token_matches(expected: &str, given: Option<&str>) -> bool {
    given.is_some_and(|g| constant_time_eq(expected.as_bytes(), g.as_bytes()))
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "403 Forbidden: missing or invalid CSRF token",
    )
        .into_response()
}

/// Middleware: requires a live session (else back to sign-in) and, on a POST, its CSRF token.
pub async fn require_session(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = match current(&state, request.headers()).await {
        Ok(Some(s)) => s,
        Ok(None) => return to_sign_in(request.headers()),
        Err(e) => {
            tracing::warn!(error = %e, "session lookup failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "the store is unavailable").into_response();
        }
    };
    let (mut parts, body) = request.into_parts();
    let page_load = matches!(parts.method, Method::GET | Method::HEAD) && !parts.headers.contains_key("hx-request");
    let had_flash = page_load && cookie(&parts.headers, super::flash::FLASH_COOKIE).is_some();
    let flash = if had_flash { super::flash::Flash::read(&parts.headers, &session.csrf_token) } else { None };
    let body = if parts.method == Method::GET || parts.method == Method::HEAD {
        Body::from(Bytes::new())
    } else {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let header_token = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
        let given = header_token.or_else(|| form_token(&bytes));
        if !token_matches(&session.csrf_token, given.as_deref()) {
            return forbidden();
        }
        Body::from(bytes)
    };
    parts.extensions.insert(Signed {
        caller: Caller { client_id: session.client_id.clone(), distributor_id: session.distributor_id.clone() },
        csrf: session.csrf_token.clone(),
        session_id: session.id.clone(),
        flash: flash.unwrap_or_default(),
        path: parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string()),
    });
    let distributor_id = session.distributor_id.clone();
    let run = next.run(Request::from_parts(parts, body));
    match crate::kernel::clock::on_clock_of(&state, &distributor_id, run).await {
        Ok(mut response) => {
            if had_flash {
                response.headers_mut().append(header::SET_COOKIE, super::flash::clear());
            }
            response
        }
        Err(e) => {
            tracing::warn!(error = %e, "clock lookup failed");
            (StatusCode::SERVICE_UNAVAILABLE, "the store is unavailable").into_response()
        }
    }
}
