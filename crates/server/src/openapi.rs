//! The OpenAPI 3.1 document of every route the server answers, generated from the handlers'
//! `#[utoipa::path]` annotations and the wire types' `ToSchema` derives, and served at
//! `/openapi.json`. A committed copy lives in `openapi/vipmp-sandbox.json`; the test
//! `openapi` in the server's HTTP suite fails when the two differ (`VIPMP_UPDATE_OPENAPI=1`
//! rewrites the copy).
//!
//! Each surface owns its part of the document (`cpapi::docs`, `ims::docs`, `portal_api::docs`,
//! `control::docs`, `portal_html::docs`); [`document`] merges them under the root's info, servers, tags and
//! security schemes. Nothing imports this module but the router, which serves the document.

use std::sync::OnceLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::kernel::docs::{API_KEY, BEARER, SESSION};

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An IMS access token from `POST /ims/token/v3`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            API_KEY,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Api-Key",
                "The API client id (= the IMS client_id).",
            ))),
        );
        components.add_security_scheme(
            SESSION,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "vipmp_session",
                "The portal session, set by `POST /portal/signin`.",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "vipmp-sandbox",
        description = "A self-hostable emulator of Adobe's VIP Marketplace Sandbox: the Commerce Partner API v3 \
                       (Adobe's wire format), the IMS token endpoints, and the Sandbox Partner Portal's JSON API.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    servers((url = "/", description = "This server")),
    tags(
        (name = "IMS", description = "Emulated Adobe IMS: client-credentials tokens and the legacy JWT exchange."),
        (name = "Gateway", description = "Health (`/health`, `/ping`) and metrics."),
        (name = "Resellers", description = "CPAPI v3 resellers."),
        (name = "Customers", description = "CPAPI v3 customers."),
        (name = "Orders", description = "CPAPI v3 orders."),
        (name = "Subscriptions", description = "CPAPI v3 subscriptions."),
        (name = "Price lists", description = "CPAPI v3 price lists."),
        (name = "Portal", description = "The Sandbox Partner Portal's JSON API (`/portal/api/v1`)."),
        (name = "Time and state", description = "The sandbox's clock, reset, snapshots, faults and request journal."),
        (name = "Portal pages", description = "The HTML portal (`/portal`), for browsers."),
    ),
    modifiers(&SecuritySchemes),
    paths(document_json, crate::cpapi::health),
    components(schemas(crate::kernel::adobe_error::AdobeError, crate::cpapi::HealthOut)),
)]
struct Root;

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Root::openapi();
    doc.merge(crate::ims::docs::Doc::openapi());
    doc.merge(crate::cpapi::docs::Doc::openapi());
    doc.merge(crate::portal_api::docs::Doc::openapi());
    doc.merge(crate::control::docs::Doc::openapi());
    doc.merge(crate::portal_api::docs::ResourcesDoc::openapi());
    doc.merge(crate::portal_html::docs::Doc::openapi());
    doc
}

/// The document as pretty JSON with a trailing newline, as committed.
pub fn document_json_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = document().to_pretty_json().unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    })
}

/// `GET /openapi.json`: this document (no credentials needed).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "Gateway",
    operation_id = "openapi",
    responses((status = 200, description = "This OpenAPI 3.1 document.", content_type = "application/json", body = Object, example = json!({"openapi": "3.1.0", "info": {"title": "vipmp-sandbox"}, "paths": {}}))),
)]
pub async fn document_json() -> Response {
    let mut response = document_json_text().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
