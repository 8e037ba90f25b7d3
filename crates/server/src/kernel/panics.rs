//! The last line of defence: a handler that panics answers `500 1124` in Adobe's error shape
//! (the same body as any internal error) and the panic is logged at `error` with its message,
//! instead of the connection closing without an answer. Nothing is meant to panic (client
//! numbers are validated and date arithmetic is checked); this layer makes a future bug a clear
//! 500 rather than a silent drop.

use std::any::Any;

use axum::Router;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use vipmp_core::error::ErrorCode;

use crate::kernel::error::ApiError;

/// The panic's message, when it is text.
fn message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message")
}

/// Answers a caught panic (`500 1124`), logging it.
pub fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let text = message(&*panic);
    tracing::error!(panic = %text, "a request handler panicked");
    ApiError::from(ErrorCode::Internal).into_response()
}

/// `router` with panics caught and answered by [`answer`].
pub fn catch<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router.layer(CatchPanicLayer::custom(answer))
}
