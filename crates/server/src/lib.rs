//! vipmp-server: the HTTP surfaces of vipmp-sandbox (CPAPI v3, IMS, the portal API), the
//! background jobs, and start-up (bootstrap of the configured distributor).
//!
//! [`build_router`] builds the whole app without a socket; [`serve`] runs it on a listener
//! until the shutdown token fires, then lets in-flight requests finish.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, Request};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use vipmp_core::error::ErrorCode;

use vipmp_core::store::{Store, StoreError};

pub mod api;
pub mod control;
pub mod html;
pub mod ims;
pub mod jobs;
pub mod limits;
pub mod observe;
pub mod openapi;
pub mod panics;
pub mod portal;
pub mod provision;
pub mod security_headers;
pub mod state;
pub mod throttle;
pub mod transport;

pub use state::AppState;
pub use tokio_util::sync::CancellationToken;
pub use transport::Transport;

use api::error::ApiError;

async fn not_found() -> Response {
    ApiError::from(ErrorCode::NotFound).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::from(ErrorCode::MethodNotAllowed).into_response()
}

async fn echo_ids(request: Request<axum::body::Body>, next: middleware::Next) -> Response {
    let correlation = request.headers().get("x-correlation-id").cloned();
    let request_id = request
        .headers()
        .get("x-request-id")
        .cloned()
        .or_else(|| HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok());
    let mut response = next.run(request).await;
    if let Some(v) = correlation {
        response.headers_mut().insert("x-correlation-id", v);
    }
    if let Some(v) = request_id {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// The portal JSON API under `/portal/api/v1`.
fn portal_router(state: AppState) -> Router<AppState> {
    use portal::api as p;
    use portal::{customers as pc, orders as po, resellers as pr, tools as pt};
    const C: &str = "/portal/api/v1/customers/{customer_id}";
    Router::new()
        .route("/portal/api/v1/customers", get(pc::list))
        .route(C, get(pc::detail).patch(p::edit_customer))
        .route(&format!("{C}/auto-renewal/trigger"), get(pc::cooldown).post(pc::trigger))
        .route(&format!("{C}/three-year-commit"), patch(pc::edit_terms))
        .route(&format!("{C}/three-year-commit/decision"), post(pc::decision))
        .route(&format!("{C}/three-year-commit/enroll"), post(pc::enroll))
        .route(&format!("{C}/hvd"), post(pc::hvd))
        .route(&format!("{C}/subscriptions/{{subscription_id}}"), patch(pc::edit_subscription))
        .route(&format!("{C}/deployments/{{deployment_id}}"), patch(portal::deployments::edit))
        .route(&format!("{C}/purchase-authorizations"), post(portal::purchase_authorizations::create))
        .route("/portal/api/v1/jobs/{job_id}", get(pc::job))
        .route("/portal/api/v1/resellers", get(pr::list))
        .route("/portal/api/v1/resellers/{reseller_id}", get(pr::detail).patch(p::edit_reseller))
        .route("/portal/api/v1/memberships", get(portal::memberships::list))
        .route("/portal/api/v1/memberships/quick", post(portal::memberships::quick))
        .route("/portal/api/v1/memberships/custom", post(portal::memberships::custom))
        .route("/portal/api/v1/memberships/ineligible", get(portal::memberships::ineligible))
        .route("/portal/api/v1/memberships/{membership_id}", axum::routing::delete(portal::memberships::delete))
        .route("/portal/api/v1/transfers", get(portal::memberships::transfers))
        .route("/portal/api/v1/transfers/{transfer_id}", patch(portal::memberships::update_transfer))
        .route("/portal/api/v1/orders", get(po::list))
        .route("/portal/api/v1/orders/{order_id}", get(po::detail).patch(po::edit))
        .route("/portal/api/v1/defaults/reseller", post(pt::reseller))
        .route("/portal/api/v1/defaults/customer", post(pt::customer))
        .route("/portal/api/v1/defaults/orders", post(pt::orders))
        .route("/portal/api/v1/defaults/set", post(pt::set))
        .route("/portal/api/v1/partners", get(p::partners))
        .route("/portal/api/v1/partners/{distributor_id}/global-sales", post(p::global_sales))
        .route("/portal/api/v1/jobs/run", post(p::run_jobs))
        .route("/portal/api/v1/clock", get(portal::clock::get).post(portal::clock::post))
        .route("/portal/api/v1/reset", post(portal::snapshots::reset))
        .route("/portal/api/v1/snapshots", get(portal::snapshots::list).post(portal::snapshots::save))
        .route("/portal/api/v1/snapshots/{name}", axum::routing::delete(portal::snapshots::delete))
        .route("/portal/api/v1/snapshots/{name}/restore", post(portal::snapshots::restore))
        .route(
            "/portal/api/v1/faults",
            get(portal::faults::list).post(portal::faults::add).delete(portal::faults::clear),
        )
        .route("/portal/api/v1/faults/{id}", axum::routing::delete(portal::faults::remove))
        .route("/portal/api/v1/requests", get(portal::requests::list))
        .route("/portal/api/v1/requests/{id}", get(portal::requests::get))
        .route("/portal/api/v1/flex-discounts", get(portal::flex_discounts::list))
        .route("/portal/api/v1/flex-discounts/{discount_id}", patch(portal::flex_discounts::edit))
        .route("/portal/api/v1/offers", get(portal::resources::offers))
        .route("/portal/api/v1/countries", get(portal::resources::countries))
        .route("/portal/api/v1/address-validation", post(portal::resources::test_address))
        .route(&format!("{C}/renewal-forecast"), get(portal::forecast::get))
        .route(&format!("{C}/reseller-change-code"), post(portal::reseller_change::create))
        .route(&format!("{C}/linked-membership/terms"), post(portal::linked_memberships::terms))
        .route(&format!("{C}/linked-membership/code"), post(portal::linked_memberships::code))
        .route(&format!("{C}/linked-membership/enroll"), post(portal::linked_memberships::enroll))
        .route(&format!("{C}/linked-membership/refresh"), post(portal::linked_memberships::refresh))
        .route(
            &format!("{C}/recommendation-leads"),
            get(portal::recommendations::list)
                .post(portal::recommendations::add)
                .delete(portal::recommendations::clear),
        )
        .route_layer(middleware::from_fn_with_state(state, api::auth::require_token))
}

/// Builds the application.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi::document_json))
        .route("/health", get(api::health))
        .route("/ims/token/v3", post(ims::token_v3))
        .route("/ims/token/v2", post(ims::token_v2))
        .route("/ims/token", post(ims::token_bare))
        .route("/ims/exchange/jwt", post(ims::exchange_jwt))
        .route("/ims/exchange/jwt/", post(ims::exchange_jwt_slash))
        .merge(api::ping_router(state.clone()))
        .merge(control::context::wrap(api::router(state.clone()), &state))
        .merge(control::context::wrap(portal_router(state.clone()), &state))
        .merge(html::router(state.clone()))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(echo_ids))
        .layer(middleware::from_fn(limits::check_request))
        .layer(axum::extract::DefaultBodyLimit::max(limits::MAX_BODY))
        .route_layer(middleware::from_fn(observe::track))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panics::answer))
        .layer(TraceLayer::new_for_http().make_span_with(observe::http_span))
        .with_state(state)
}

/// The distributor and API client that start-up makes sure exist.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    /// Distributor id.
    pub distributor_id: String,
    /// OAuth client id (= API key).
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: String,
}

/// Upserts the bootstrap distributor (keeping its state if it exists) and its API client
/// through [`provision::provision`]: a client id that belongs to another distributor is
/// refused as [`StoreError::Conflict`], an invalid id as [`StoreError::Other`].
pub async fn bootstrap(store: &Arc<dyn Store>, b: &Bootstrap) -> Result<(), StoreError> {
    let spec = provision::TenantSpec {
        distributor_id: b.distributor_id.clone(),
        client_id: b.client_id.clone(),
        client_secret: b.client_secret.clone(),
        ..provision::TenantSpec::default()
    };
    match provision::provision(store, &spec).await {
        Ok(_) => Ok(()),
        Err(provision::ProvisionError::Store(e)) => Err(e),
        Err(e @ provision::ProvisionError::ClientTaken { .. }) => {
            Err(StoreError::Conflict { constraint: e.to_string() })
        }
        Err(e @ provision::ProvisionError::Invalid(_)) => Err(StoreError::Other(e.to_string())),
    }
}

/// Serves `state` on `listener` until `shutdown` fires, with the background jobs running and
/// the default [`Transport`] limits.
pub async fn serve(listener: TcpListener, state: AppState, shutdown: CancellationToken) -> std::io::Result<()> {
    serve_with(listener, state, Transport::default(), shutdown).await
}

/// The app as served: [`build_router`] under the request deadline, with the portal's security
/// headers.
pub fn app(state: AppState, transport: &Transport) -> Router {
    build_router(state)
        .layer(middleware::from_fn_with_state(transport.request_timeout, limits::deadline))
        .layer(middleware::from_fn(security_headers::portal))
}

/// [`serve`] with these connection and request limits.
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    transport: Transport,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    observe::handle();
    let jobs = tokio::spawn(jobs::run_loop(state.clone(), shutdown.clone()));
    transport::serve_plain(listener, app(state.clone(), &transport), transport, shutdown.clone()).await;
    shutdown.cancel();
    let _ = jobs.await;
    state.control.journal.flush().await;
    state.store.close().await;
    Ok(())
}

/// TLS certificate and key files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// PEM certificate chain.
    pub cert: std::path::PathBuf,
    /// PEM private key.
    pub key: std::path::PathBuf,
}

/// Serves over HTTPS on `listener` until `shutdown` fires.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    state: AppState,
    tls: TlsFiles,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    serve_tls_with(listener, state, tls, Transport::default(), shutdown).await
}

/// [`serve_tls`] with these limits: the TLS handshake, the request head, a stalled write and
/// an idle connection are bounded by the header read timeout, as on plain HTTP.
pub async fn serve_tls_with(
    listener: std::net::TcpListener,
    state: AppState,
    tls: TlsFiles,
    transport: Transport,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    observe::handle();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key).await?;
    let jobs = tokio::spawn(jobs::run_loop(state.clone(), shutdown.clone()));
    let handle = axum_server::Handle::new();
    let signal_handle = handle.clone();
    let signal = shutdown.clone();
    tokio::spawn(async move {
        signal.cancelled().await;
        signal_handle.graceful_shutdown(Some(transport.shutdown_grace));
    });
    let app = app(state.clone(), &transport)
        .layer(middleware::from_fn(transport::secure_cookies))
        .layer(middleware::from_fn(security_headers::hsts))
        .into_make_service_with_connect_info::<SocketAddr>();
    let tls = axum_server::tls_rustls::RustlsAcceptor::new(config).handshake_timeout(transport.header_read_timeout);
    let mut server = axum_server::from_tcp(listener)
        .acceptor(transport::GuardedAcceptor::new(tls, transport.header_read_timeout))
        .handle(handle);
    *server.http_builder() = transport::builder(&transport);
    let result = server.serve(app).await;
    shutdown.cancel();
    let _ = jobs.await;
    state.control.journal.flush().await;
    state.store.close().await;
    result
}
