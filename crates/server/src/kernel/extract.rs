//! Our own extractors: their rejections are answered in Adobe's error shape.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use vipmp_core::error::{CoreError, ErrorCode};

use super::auth::Caller;
use super::error::ApiError;

/// The largest body accepted.
pub const MAX_BODY: usize = 1 << 20;

/// A raw request body of at most 1 MiB; `413` otherwise, `1117` for a non-JSON content type.
#[derive(Debug)]
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
            .await
            .map_err(|_| ApiError(CoreError::code(ErrorCode::PayloadTooLarge)))?;
        if !bytes.is_empty() && content_type.as_deref().is_some_and(|ct| !ct.contains("json")) {
            return Err(ApiError(CoreError::detail(ErrorCode::InvalidFields, "Content-Type must be application/json")));
        }
        Ok(Self(bytes))
    }
}

/// Path parameters as strings; a malformed path is a plain 404.
#[derive(Debug)]
pub struct PathParams(pub Vec<String>);

impl<S: Send + Sync> FromRequestParts<S> for PathParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError(CoreError::code(ErrorCode::NotFound)))?;
        Ok(Self(raw.iter().map(|(_, v)| v.trim().to_string()).collect()))
    }
}

impl PathParams {
    /// The n-th parameter.
    pub fn get(&self, n: usize) -> &str {
        self.0.get(n).map_or("", String::as_str)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(|| ApiError(CoreError::code(ErrorCode::TokenMissing)))
    }
}

/// The raw query string, split into (key, value) pairs in their original order and multiplicity.
#[derive(Debug, Clone, Default)]
pub struct RawQuery {
    /// Decoded pairs.
    pub pairs: Vec<(String, String)>,
    /// The raw `key=value` segments, for links.
    pub raw: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for RawQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let pairs = form_urlencoded::parse(q.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let raw = q
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let key = s.split('=').next().unwrap_or("");
                let decoded =
                    form_urlencoded::parse(key.as_bytes()).next().map(|(k, _)| k.into_owned()).unwrap_or_default();
                (decoded, s.to_string())
            })
            .collect();
        Ok(Self { pairs, raw })
    }
}

impl RawQuery {
    /// All non-empty values of a parameter.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str()).collect()
    }

    /// A single-valued parameter: repeated with different values is `1132`.
    pub fn single(&self, key: &str) -> Result<Option<&str>, ApiError> {
        let values = self.all(key);
        match values.split_first() {
            None => Ok(None),
            Some((first, rest)) if rest.iter().all(|v| v == first) => Ok(Some(first)),
            Some(_) => Err(ApiError(CoreError::detail(ErrorCode::InvalidSearchParameter, key))),
        }
    }

    /// A boolean flag (`true` only).
    pub fn flag(&self, key: &str) -> bool {
        self.all(key).iter().any(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The URI of a self/next/prev link: path, `offset` and `limit`, then every other parameter
    /// as sent.
    pub fn link_uri(&self, path: &str, offset: i64, limit: i64) -> String {
        let mut uri = format!("{path}?offset={offset}&limit={limit}");
        for (key, seg) in &self.raw {
            if key != "offset" && key != "limit" {
                uri.push('&');
                uri.push_str(seg);
            }
        }
        uri
    }
}
