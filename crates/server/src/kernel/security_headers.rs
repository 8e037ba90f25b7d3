//! The browser security headers of the portal (issue 20, item 7). Every answer under
//! `/portal` (pages, assets, the portal API and its 404s) carries a Content-Security-Policy
//! that allows scripts, styles and requests from the sandbox's own origin only (no inline
//! script or style: the templates have none, and htmx adds its indicator rules as a
//! constructed style sheet, which CSP does not govern), refuses framing (`frame-ancestors
//! 'none'` and `X-Frame-Options: DENY`), turns off MIME sniffing and sends no referrer. Over
//! HTTPS every answer also carries HSTS ([`hsts`]).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The portal's Content-Security-Policy.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// `Strict-Transport-Security` on the HTTPS listener: one year (no `includeSubDomains`: a
/// sandbox on `localhost` must not pin its neighbours).
pub const HSTS: &str = "max-age=31536000";

/// Middleware: the security headers on every answer under `/portal`.
pub async fn portal(request: Request, next: Next) -> Response {
    let portal = request.uri().path() == "/portal" || request.uri().path().starts_with("/portal/");
    let mut response = next.run(request).await;
    if portal {
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    response
}

/// Middleware for the HTTPS listener: `Strict-Transport-Security` on every answer.
pub async fn hsts(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    response
}
