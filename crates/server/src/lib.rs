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
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use vipmp_core::error::ErrorCode;

use vipmp_core::store::{Store, StoreError};

pub mod control;
pub mod cpapi;
pub mod ims;
pub mod jobs;
pub mod kernel;
pub mod openapi;
pub mod portal_api;
pub mod portal_html;
pub mod provision;
pub mod transport;

pub use kernel::state::AppState;
pub use tokio_util::sync::CancellationToken;
pub use transport::Transport;

use kernel::error::ApiError;

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

/// Builds the application.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi::document_json))
        .route("/health", get(cpapi::health))
        .merge(ims::router())
        .merge(cpapi::ping_router(state.clone()))
        .merge(kernel::context::wrap(cpapi::router(state.clone()), &state))
        .merge(kernel::context::wrap(
            portal_api::router()
                .merge(control::router())
                .route_layer(middleware::from_fn_with_state(state.clone(), kernel::auth::require_token)),
            &state,
        ))
        .merge(portal_html::router(state.clone()))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(echo_ids))
        .layer(middleware::from_fn(kernel::limits::check_request))
        .layer(axum::extract::DefaultBodyLimit::max(kernel::limits::MAX_BODY))
        .route_layer(middleware::from_fn(kernel::observe::track))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(kernel::panics::answer))
        .layer(TraceLayer::new_for_http().make_span_with(kernel::observe::http_span))
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
        .layer(middleware::from_fn_with_state(transport.request_timeout, kernel::limits::deadline))
        .layer(middleware::from_fn(kernel::security_headers::portal))
}

/// [`serve`] with these connection and request limits.
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    transport: Transport,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    kernel::observe::handle();
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
    kernel::observe::handle();
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
        .layer(middleware::from_fn(kernel::security_headers::hsts))
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
