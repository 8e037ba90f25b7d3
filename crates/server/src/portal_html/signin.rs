//! Sign-in and sign-out. The credentials are the CPAPI API client's id and secret; the
//! sign-in form carries its own anti-forgery token (a cookie-bound one, since no session
//! exists yet).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::session::{self, SESSION_COOKIE, SIGNIN_COOKIE, Signed};
use super::{HTMX_VERSION, render};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::constant_time_eq;
use crate::kernel::state::AppState;
use crate::portal_html::docs::{SignInAnswer, SignedInPost, TAG};
use crate::portal_html::extract::PostHeaders;
use crate::portal_html::forms;

/// The sign-in page.
#[derive(Template)]
#[template(path = "portal/signin.html")]
pub struct SignInPage {
    /// The form's anti-forgery token (also in the `vipmp_signin` cookie).
    pub csrf: String,
    /// The client id typed (kept after an error).
    pub client_id: String,
    /// The inline error, if any.
    pub error: Option<String>,
    /// Whether the production profile is on.
    pub production: bool,
    /// The htmx asset's file name (unused by the page, kept for the shared head).
    pub htmx: String,
}

fn sign_in_page(state: &AppState, client_id: &str, error: Option<String>, status: StatusCode) -> Response {
    let token = session::random_token();
    let page = SignInPage {
        csrf: token.clone(),
        client_id: client_id.to_string(),
        error,
        production: super::is_production(state),
        htmx: format!("htmx-{HTMX_VERSION}.min.js"),
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    response.headers_mut().append(header::SET_COOKIE, session::set_cookie(SIGNIN_COOKIE, Some(&token)));
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

/// `GET /portal`: the sign-in page, or the customers page when already signed in.
#[utoipa::path(
    get, path = "/portal", tag = TAG, operation_id = "pageSignIn", summary = "The sign-in page",
    security((), ("portalSession" = [])),
    responses(SignInAnswer),
)]
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match session::current(&state, &headers).await {
        Ok(Some(_)) => session::see_other("/portal/customers"),
        _ => sign_in_page(&state, "", None, StatusCode::OK),
    }
}

/// `GET /portal/`: the same as `GET /portal`.
#[utoipa::path(
    get, path = "/portal/", tag = TAG, operation_id = "pageSignInSlash", summary = "The sign-in page (trailing slash)",
    security((), ("portalSession" = [])),
    responses(SignInAnswer),
)]
pub async fn page_slash(state: State<AppState>, headers: HeaderMap) -> Response {
    page(state, headers).await
}

/// `POST /portal/sign-in` (form: `client_id`, `client_secret`, `csrf`).
#[utoipa::path(
    post, path = "/portal/sign-in", tag = TAG, operation_id = "pageSignInSubmit",
    summary = "Sign in with the API client's id and secret", security(),
    params(("vipmp_signin" = String, Cookie, description = "Set by the sign-in page; the form's `csrf` must equal it.")),
    request_body(content = forms::SignInForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Signed in: a session starts; on to the customers page.", headers(
            ("Location" = String, description = "`/portal/customers`"),
            ("Set-Cookie" = String, description = "`vipmp_session=...; HttpOnly; SameSite=Strict; Path=/portal`, \
                and `vipmp_signin` cleared."),
        )),
        (status = 200, description = "The sign-in form again with the error inline (wrong credentials, the store \
            unavailable).", content_type = "text/html", body = String),
        (status = 403, description = "The `csrf` field is missing or differs from the `vipmp_signin` cookie.",
            content_type = "text/plain", body = String),
        (status = 429, description = "10 wrong secrets for this client id within a minute: the form again with \
            the error inline; `Retry-After` says when to try again.", content_type = "text/html", body = String),
        (status = 413, description = "The body is larger than the server accepts (Adobe's error body when \
            `Content-Length` says so; a streamed body is cut off with a plain-text one).", body = AdobeError),
    ),
)]
pub async fn sign_in(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let fields: Vec<(String, String)> =
        form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let expected = session::cookie(&headers, SIGNIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !session::token_matches(&expected, Some(&field("csrf"))) {
        return (StatusCode::FORBIDDEN, "403 Forbidden: missing or invalid CSRF token").into_response();
    }
    let (client_id, secret) = (field("client_id"), field("client_secret"));
    if let Some(wait) = state.secret_throttle.blocked(&client_id) {
        let message = format!("Too many failed sign-ins for this client ID: try again in {wait} s");
        let mut response = sign_in_page(&state, &client_id, Some(message), StatusCode::TOO_MANY_REQUESTS);
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
        return response;
    }
    let client = match state.store.api_client(&client_id).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "sign-in lookup failed");
            return sign_in_page(&state, &client_id, Some("The store is unavailable".into()), StatusCode::OK);
        }
    };
    let Some(client) = client.filter(|c| constant_time_eq(c.client_secret.as_bytes(), secret.as_bytes())) else {
        state.secret_throttle.failed(&client_id);
        let message = "Invalid client ID or client secret".to_string();
        return sign_in_page(&state, &client_id, Some(message), StatusCode::OK);
    };
    match session::start(&state, &client.client_id, &client.distributor_id).await {
        Ok(s) => {
            let mut response = session::see_other("/portal/customers");
            response.headers_mut().append(header::SET_COOKIE, session::set_cookie(SESSION_COOKIE, Some(&s.id)));
            response.headers_mut().append(header::SET_COOKIE, session::set_cookie(SIGNIN_COOKIE, None));
            response
        }
        Err(e) => {
            tracing::warn!(error = %e, "session start failed");
            sign_in_page(&state, &client_id, Some("The store is unavailable".into()), StatusCode::OK)
        }
    }
}

/// `POST /portal/sign-out`: ends the session and clears the cookie.
#[utoipa::path(
    post, path = "/portal/sign-out", tag = TAG, operation_id = "pageSignOut", summary = "Sign out",
    security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        SignedInPost,
        (
            status = 303, description = "Signed out (or no live session): back to the sign-in page.",
            headers(
                ("Location" = String, description = "`/portal`"),
                ("Set-Cookie" = String, description = "`vipmp_session` cleared (after a sign-out)."),
            ),
        ),
    ),
)]
pub async fn sign_out(State(state): State<AppState>, signed: Signed) -> Response {
    let ended = async {
        let mut tx = state.store.begin().await?;
        tx.delete_session(&signed.session_id).await?;
        tx.commit().await
    };
    if let Err(e) = ended.await {
        tracing::warn!(error = %e, "sign-out failed");
    }
    let mut response = session::see_other("/portal");
    response.headers_mut().append(header::SET_COOKIE, session::set_cookie(SESSION_COOKIE, None));
    response
}
