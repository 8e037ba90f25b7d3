//! Request limits, answered in Adobe's error shape before any handler runs: a URL over
//! [`MAX_URL`] is `414`, headers over [`MAX_HEADERS`] are `431`, a declared body over
//! [`MAX_BODY`] is `413`; and [`deadline`] answers `504` when a request takes longer than the
//! configured request timeout.
//!
//! hyper itself refuses heads larger than its read buffer (about 400 KiB) or with more than 100
//! header fields with a bare `431` before the app sees them; everything below those limits
//! gets the shaped answers here.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use vipmp_core::error::{CoreError, ErrorCode};

use crate::kernel::error::ApiError;
pub use crate::kernel::extract::MAX_BODY;

/// The longest request target (path and query) accepted, in bytes.
pub const MAX_URL: usize = 8 * 1024;
/// The most header bytes accepted (each field counted as `name: value\r\n`).
pub const MAX_HEADERS: usize = 32 * 1024;

fn refuse(code: ErrorCode, detail: String) -> Response {
    tracing::info!(code = code.code(), %detail, "request refused by a limit");
    ApiError(CoreError::detail(code, detail)).into_response()
}

/// The size of the request target and of the headers, as they travelled.
pub fn sizes(request: &Request) -> (usize, usize) {
    let target = request.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let headers = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    (target, headers)
}

/// Middleware: `414`, `431` and `413` (declared `Content-Length`) before routing.
pub async fn check_request(request: Request, next: Next) -> Response {
    let (target, headers) = sizes(&request);
    if target > MAX_URL {
        return refuse(ErrorCode::UriTooLong, format!("the URL is {target} bytes; at most {MAX_URL} are accepted"));
    }
    if headers > MAX_HEADERS {
        return refuse(
            ErrorCode::HeadersTooLarge,
            format!("the headers are {headers} bytes; at most {MAX_HEADERS} are accepted"),
        );
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return refuse(ErrorCode::PayloadTooLarge, format!("at most {MAX_BODY} bytes are accepted"));
    }
    next.run(request).await
}

/// Middleware (state: the request timeout): a request not answered in time is dropped (its
/// transaction rolls back) and answered `504`. A write that committed just before the
/// deadline replays its stored answer when the client retries with the same correlation id.
pub async fn deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    let what = format!("{} {}", request.method(), request.uri().path());
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(request = %what, seconds = limit.as_secs_f64(), "request timed out");
            let detail = format!("no answer within {} s", limit.as_secs_f64());
            ApiError(CoreError::detail(ErrorCode::Timeout, detail)).into_response()
        }
    }
}
