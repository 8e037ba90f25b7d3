//! The one place that turns errors into Adobe's error body (SPEC §2.7).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vipmp_core::error::{CoreError, ErrorCode};

/// An error answered in Adobe's shape.
#[derive(Debug)]
pub struct ApiError(pub CoreError);

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        Self(e)
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self(CoreError::code(code))
    }
}

impl From<vipmp_core::store::StoreError> for ApiError {
    fn from(e: vipmp_core::store::StoreError) -> Self {
        Self(e.into())
    }
}

/// The status and body bytes of an error.
pub fn error_parts(e: &CoreError) -> (StatusCode, Vec<u8>) {
    let (code, details, message) = match e {
        CoreError::Adobe { code, details, message } => (*code, details.clone(), message.clone()),
        CoreError::Unavailable(m) => {
            tracing::warn!(error = %m, "store unavailable");
            (ErrorCode::ServiceUnavailable, Vec::new(), None)
        }
        CoreError::Internal(m) => {
            tracing::error!(error = %m, "internal error");
            (ErrorCode::Internal, Vec::new(), None)
        }
    };
    let message = message.unwrap_or_else(|| code.message().to_string());
    let body = if code.is_gateway() {
        serde_json::to_vec(&json!({"code": code.code(), "message": message})).unwrap_or_default()
    } else {
        adobe_body(code.code(), &message, &details)
    };
    (StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), body)
}

/// Adobe's error body (SPEC §2.7): `code`, `message`, `additionalDetails` and an empty
/// `invalidFields`. Also what an injected fault answers with a code of its own.
pub fn adobe_body(code: &str, message: &str, details: &[String]) -> Vec<u8> {
    let body = json!({"code": code, "message": message, "additionalDetails": details, "invalidFields": []});
    serde_json::to_vec(&body).unwrap_or_default()
}

/// A JSON response of `status` with `body`.
pub fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = error_parts(&self.0);
        let mut response = json_response(status, body);
        if let CoreError::Adobe { code: ErrorCode::PortalTooManyRequests, details, .. } = &self.0
            && let Some(secs) = details.iter().find_map(|d| d.strip_prefix("retryAfterSeconds="))
            && let Ok(v) = HeaderValue::from_str(secs)
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// `400 1132`: a CPAPI query parameter that is missing or invalid, named.
pub fn search_param(param: &str) -> ApiError {
    ApiError(CoreError::search_param(param))
}

/// `400 P400`: a portal request refused, with what is wrong.
pub fn portal_bad(detail: &str) -> ApiError {
    ApiError(CoreError::portal_bad(detail))
}

/// Result of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
