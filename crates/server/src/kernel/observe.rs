//! Observability: Prometheus metrics at `/metrics` on their own listener (`--metrics-listen`,
//! never the public one: the counters name every tenant's routes), and a tracing span per
//! request carrying the request id and the correlation id.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing::Instrument;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process-wide recorder (installed once; later calls reuse it).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];
            PrometheusBuilder::new().set_buckets(&buckets).ok().and_then(|b| b.install_recorder().ok())
        })
        .as_ref()
}

fn header_str(request: &Request, name: &str) -> String {
    request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

/// Middleware: one span per request, and the request counter and latency histogram.
pub async fn track(request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let span = tracing::info_span!(
        "request",
        %method,
        %route,
        request_id = %header_str(&request, "x-request-id"),
        correlation_id = %header_str(&request, "x-correlation-id"),
    );
    let started = Instant::now();
    let response = next.run(request).instrument(span).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The span of tower-http's request tracing: method and path only. Headers (the API key, the
/// bearer token, cookies, Basic credentials) and the query string are never recorded.
pub fn http_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    tracing::debug_span!("http", method = %request.method(), path = %request.uri().path())
}

/// Records how long a background job took.
pub fn job_duration(job: &'static str, started: Instant) {
    metrics::histogram!("job_duration_seconds", "job" => job).record(started.elapsed().as_secs_f64());
}

/// Prometheus metrics, served only by [`metrics_router`] on the `--metrics-listen` address
/// (no credentials: that address is meant for the scraper's network only): request counts and
/// latencies per route, job durations, database pool connections.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "Gateway",
    operation_id = "metrics",
    responses(
        (status = 200, description = "The Prometheus text exposition format (`text/plain; version=0.0.4`).",
            body = String, content_type = "text/plain",
            example = "# TYPE http_requests_total counter\nhttp_requests_total{route=\"/ping\",method=\"GET\",status=\"200\"} 1\n"),
        (status = 404, description = "`404` on the public listener, which never serves metrics.",
            body = crate::kernel::adobe_error::AdobeError),
    ),
    description = "Served only on the `--metrics-listen` address (`VIPMP_METRICS_LISTEN`), without credentials; \
        the public listener answers 404.",
    security(()),
)]
pub async fn metrics(axum::extract::State(state): axum::extract::State<crate::AppState>) -> Response {
    let (open, idle) = state.store.pool_stats();
    metrics::gauge!("db_pool_connections", "state" => "open").set(f64::from(open));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(open.saturating_sub(idle)));
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    response
}

/// The metrics listener's app: `GET /metrics` and nothing else.
pub fn metrics_router(state: crate::AppState) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(metrics)).with_state(state)
}

/// Serves [`metrics_router`] on `listener` until `shutdown` fires.
pub async fn serve_metrics(
    listener: tokio::net::TcpListener,
    state: crate::AppState,
    shutdown: tokio_util::sync::CancellationToken,
) -> std::io::Result<()> {
    handle();
    axum::serve(listener, metrics_router(state)).with_graceful_shutdown(shutdown.cancelled_owned()).await
}
