//! The HTML Sandbox Partner Portal at `/portal`: server-rendered pages (askama) with htmx
//! fragments, over the same application code as the portal JSON API (`crate::portal_api`).
//!
//! Sign-in uses the CPAPI client id and secret and keeps a server-side session
//! ([`session`]); every mutation checks the per-session CSRF token. Assets (htmx, the style
//! sheet, a small script) are embedded in the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;
use vipmp_core::settings::Profile;

use crate::kernel::error::{ApiError, error_parts};
use crate::kernel::state::AppState;

pub mod control_pages;
pub mod customer_actions;
pub mod customer_view;
pub mod customers;
pub mod deployment_view;
pub mod docs;
pub mod extract;
pub mod faults_page;
pub mod flash;
pub mod flex_page;
pub mod forms;
pub mod labels;
pub mod linked_actions;
pub mod lists;
pub mod memberships_page;
pub mod pages;
pub mod records;
pub mod resources;
pub mod session;
pub mod signin;

/// The pinned htmx release embedded in the binary (see NOTICE).
pub const HTMX_VERSION: &str = "4.0.1";
const HTMX: &str = include_str!("../../assets/htmx-4.0.1.min.js");
const PORTAL_CSS: &str = include_str!("../../assets/portal.css");
const PORTAL_JS: &str = include_str!("../../assets/portal.js");
const FAVICON: &[u8] = include_bytes!("../../assets/favicon.ico");

/// What every signed-in page's frame shows: the distributor, the CSRF token, the profile
/// banner and the active navigation entry.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The signed-in distributor's id (shown in the header).
    pub distributor_id: String,
    /// The session's CSRF token (`hx-headers` on the body, hidden field in forms).
    pub csrf: String,
    /// Whether the production profile is on (banner; mutation controls absent).
    pub production: bool,
    /// The active navigation entry (`customers`, `resellers`, ...).
    pub active: &'static str,
    /// The htmx asset's file name.
    pub htmx: String,
    /// The distributor's sandbox time (the header's clock widget).
    pub now: String,
    /// Whether that clock is frozen.
    pub frozen: bool,
    /// The outcome of the POST that redirected to this page.
    pub flash: flash::Flash,
    /// This page's path and query (the header's clock form comes back to it).
    pub back: String,
}

impl Layout {
    /// The frame of a page for a signed-in session.
    pub fn new(state: &AppState, signed: &session::Signed, active: &'static str) -> Self {
        Self {
            distributor_id: signed.caller.distributor_id.clone(),
            csrf: signed.csrf.clone(),
            production: is_production(state),
            active,
            htmx: format!("htmx-{HTMX_VERSION}.min.js"),
            now: vipmp_core::dates::format_datetime(state.now()),
            frozen: crate::kernel::clock::current().is_some_and(|c| c.frozen_at.is_some()),
            flash: signed.flash.clone(),
            back: signed.path.clone(),
        }
    }
}

impl Layout {
    /// The header's sandbox clock.
    pub fn clock_html(&self) -> String {
        render_string(&ClockWidget { now: self.now.clone(), frozen: self.frozen, oob: false })
    }
}

/// The header's sandbox clock (`#sandbox-clock`). portal.js keeps a running clock ticking;
/// a fragment after an operation carries it out of band ([`live_clock`]), so it follows moves.
#[derive(askama::Template)]
#[template(path = "portal/clock.html")]
pub struct ClockWidget {
    /// The sandbox time.
    pub now: String,
    /// Whether the clock is frozen.
    pub frozen: bool,
    /// Whether it replaces the header's clock out of band (`hx-swap-oob`).
    pub oob: bool,
}

/// The header's clock as an htmx out-of-band swap, read now.
pub fn live_clock(state: &AppState) -> String {
    let frozen = crate::kernel::clock::current().is_some_and(|c| c.frozen_at.is_some());
    render_string(&ClockWidget { now: vipmp_core::dates::format_datetime(state.now()), frozen, oob: true })
}

/// Whether mutations are off (production profile).
pub fn is_production(state: &AppState) -> bool {
    state.settings.profile == Profile::Production
}

/// Renders a template as an HTML response (a template error is a plain 500).
pub fn render<T: askama::Template>(template: &T) -> Response {
    match template.render() {
        Ok(body) => Html(body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

/// Renders a template to a string (for fragments composed into pages).
pub fn render_string<T: askama::Template>(template: &T) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template rendering failed");
        String::new()
    })
}

/// The message shown inline for a refused operation: Adobe's code and message, plus details.
pub fn error_message(e: &ApiError) -> String {
    let (_, body) = error_parts(&e.0);
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let code = v["code"].as_str().unwrap_or("");
    let message = v["message"].as_str().unwrap_or("Error");
    let details: Vec<&str> =
        v["additionalDetails"].as_array().map(|d| d.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let named = matches!(details.as_slice(), [d] if message.starts_with(&format!("{d}:")));
    if details.is_empty() || named {
        format!("{code} {message}")
    } else {
        format!("{code} {message} ({})", details.join(", "))
    }
}

/// A small inline error fragment (a record that vanished, a store failure).
pub fn fragment_error(message: &str) -> Response {
    render(&FragmentError { message: message.to_string() })
}

/// An inline error.
#[derive(askama::Template)]
#[template(source = "<p class=\"error\" role=\"alert\">{{ message }}</p>", ext = "html")]
pub struct FragmentError {
    /// The message.
    pub message: String,
}

/// `GET /portal/assets/{file}`: the embedded style sheet and scripts.
#[utoipa::path(
    get, path = "/portal/assets/{file}", tag = crate::portal_html::docs::TAG, operation_id = "pageAsset",
    summary = "A static asset of the pages", security(),
    params(
        (
            "file" = String, Path, description = "`portal.css`, `portal.js` or `htmx-4.0.1.min.js`.",
            example = "portal.css",
        ),
    ),
    responses(
        (
            status = 200, description = "The file, cached for an hour.",
            content((String = "text/css"), (String = "text/javascript")),
            headers(("Cache-Control" = String, description = "`public, max-age=3600`")),
        ),
        (status = 400, description = "A file name that is not UTF-8.", content_type = "text/plain", body = String),
        (status = 404, description = "No such asset.", content_type = "text/plain", body = String),
    ),
)]
pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, content_type) = match file.as_str() {
        "portal.css" => (PORTAL_CSS, "text/css; charset=utf-8"),
        "portal.js" => (PORTAL_JS, "text/javascript; charset=utf-8"),
        f if f == format!("htmx-{HTMX_VERSION}.min.js") => (HTMX, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}

/// `GET /favicon.ico`: the portal's icon, embedded (browsers ask for it on every site).
#[utoipa::path(
    get, path = "/favicon.ico", tag = crate::portal_html::docs::TAG, operation_id = "favicon",
    summary = "The portal's icon", security(),
    responses(
        (
            status = 200, description = "The icon (16 and 32 px), cached for a day.",
            content_type = "image/x-icon", body = Vec<u8>,
            headers(("Cache-Control" = String, description = "`public, max-age=86400`")),
        ),
    ),
)]
pub async fn favicon() -> Response {
    let mut response = FAVICON.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/x-icon"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

/// Middleware: signed-in pages carry customer data and the CSRF token; no cache keeps them
/// (the back button after sign-out shows nothing).
async fn no_store(request: axum::extract::Request, next: middleware::Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The HTML portal's routes: the sign-in page and assets are public; everything else needs
/// a session, and every POST a valid CSRF token.
pub fn router(state: AppState) -> Router<AppState> {
    use customers as c;
    use records as r;
    const C: &str = "/portal/customers/{id}";
    let signed_in = Router::new()
        .route("/portal/sign-out", post(signin::sign_out))
        .route("/portal/customers", get(c::page))
        .route(&format!("{C}/row"), get(c::row))
        .route(&format!("{C}/expand"), get(c::expand))
        .route(C, post(c::save))
        .route(&format!("{C}/three-year-commit"), post(c::terms))
        .route(&format!("{C}/three-year-commit/decision"), post(c::decision))
        .route(&format!("{C}/three-year-commit/enroll"), post(c::enroll))
        .route(&format!("{C}/hvd"), post(c::hvd))
        .route(&format!("{C}/auto-renewal/trigger"), post(c::trigger))
        .route(&format!("{C}/jobs/{{job_id}}"), get(c::job))
        .route(&format!("{C}/purchase-authorizations"), post(customer_actions::create_pa))
        .route(&format!("{C}/deployments/{{deployment_id}}"), post(customer_actions::save_deployment))
        .route(&format!("{C}/subscriptions/{{subscription_id}}"), post(customer_actions::save_subscription))
        .route(&format!("{C}/reseller-change-code"), post(customer_actions::approval_code))
        .route(&format!("{C}/linked-membership/terms"), post(linked_actions::terms))
        .route(&format!("{C}/linked-membership/code"), post(linked_actions::code))
        .route(&format!("{C}/linked-membership/refresh"), post(linked_actions::refresh))
        .route(&format!("{C}/linked-membership/enroll"), post(linked_actions::enroll))
        .route("/portal/resellers", get(r::resellers))
        .route("/portal/resellers/{id}/row", get(r::reseller_row))
        .route("/portal/resellers/{id}/expand", get(r::reseller_expand))
        .route("/portal/resellers/{id}", post(r::reseller_save))
        .route("/portal/orders", get(r::orders))
        .route("/portal/orders/{id}/row", get(r::order_row))
        .route("/portal/orders/{id}/expand", get(r::order_expand))
        .route("/portal/orders/{id}", post(r::order_save))
        .route("/portal/memberships", get(memberships_page::page))
        .route("/portal/memberships/quick", post(memberships_page::quick))
        .route("/portal/memberships/custom", post(memberships_page::custom))
        .route("/portal/memberships/{membership_id}/delete", post(memberships_page::delete))
        .route("/portal/transfers", get(memberships_page::transfers))
        .route("/portal/transfers/{transfer_id}", post(memberships_page::update))
        .route("/portal/api-tools", get(pages::tools))
        .route("/portal/api-tools/{tool}", post(pages::run_tool))
        .route("/portal/distributors", get(pages::distributors))
        .route("/portal/distributors/global-sales", post(pages::global_sales))
        .route("/portal/clock", post(control_pages::move_clock))
        .route("/portal/reset", post(control_pages::reset))
        .route("/portal/snapshots", get(control_pages::snapshots_page).post(control_pages::save))
        .route("/portal/snapshots/{name}/restore", post(control_pages::restore))
        .route("/portal/snapshots/{name}/delete", post(control_pages::delete))
        .route("/portal/faults", get(faults_page::faults_page).post(faults_page::add))
        .route("/portal/faults/clear", post(faults_page::clear))
        .route("/portal/faults/{id}/delete", post(faults_page::remove))
        .route("/portal/requests", get(faults_page::requests_page))
        .route("/portal/requests/{id}", get(faults_page::request_page))
        .route("/portal/flex-discounts", get(flex_page::flex_page))
        .route("/portal/flex-discounts/{id}", post(flex_page::edit))
        .route("/portal/offers", get(resources::offers))
        .route("/portal/countries", get(resources::countries))
        .route("/portal/test-address", get(resources::test_address))
        .route_layer(middleware::from_fn_with_state(state, session::require_session))
        .layer(middleware::from_fn(no_store));
    Router::new()
        .route("/portal", get(signin::page))
        .route("/portal/", get(signin::page_slash))
        .route("/portal/sign-in", post(signin::sign_in))
        .route("/portal/assets/{file}", get(asset))
        .route("/favicon.ico", get(favicon))
        .merge(signed_in)
}
