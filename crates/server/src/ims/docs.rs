//! The IMS part of the OpenAPI document: the token endpoints (SPEC §2.2.1), whose errors use
//! IMS's shape (`error`, `error_description`), and their form bodies.

use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::ims;

/// The form of `POST /ims/token/v3` (`application/x-www-form-urlencoded`). Never deserialized:
/// the handler reads the form by hand.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "grant_type": "client_credentials", "client_id": "vipmp-sandbox-client",
    "client_secret": "vipmp-sandbox-secret", "scope": "openid,AdobeID,read_organizations"
}))]
#[allow(dead_code, reason = "schema-only type: it describes the request and is never built")]
pub struct TokenForm {
    /// `client_credentials`: required (`invalid_request` without it, as IMS); any other value is
    /// `unsupported_grant_type`.
    #[schema(pattern = "^client_credentials$", example = "client_credentials")]
    grant_type: String,
    /// The API client id (the `X-Api-Key`). With `client_secret`; otherwise HTTP Basic credentials are used.
    #[schema(example = "vipmp-sandbox-client")]
    client_id: Option<String>,
    /// The client secret.
    #[schema(example = "vipmp-sandbox-secret")]
    client_secret: Option<String>,
    /// Accepted and ignored.
    #[schema(example = "openid,AdobeID,read_organizations")]
    scope: Option<String>,
}

/// The form of `POST /ims/exchange/jwt` (`application/x-www-form-urlencoded`). Never
/// deserialized.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "client_id": "vipmp-sandbox-client", "client_secret": "vipmp-sandbox-secret",
    "jwt_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZWNoQGFjY3QifQ.c2lnbmF0dXJl"
}))]
#[allow(dead_code, reason = "schema-only type: it describes the request and is never built")]
pub struct JwtForm {
    /// The API client id.
    #[schema(example = "vipmp-sandbox-client")]
    client_id: String,
    /// The client secret.
    #[schema(example = "vipmp-sandbox-secret")]
    client_secret: String,
    /// An RS256 JWT (`header.payload.signature`); its signature is not verified.
    #[schema(pattern = "^[^.]*\\.[^.]*\\.[^.]*$")]
    jwt_token: String,
}

/// The IMS operations and their schemas.
#[derive(OpenApi)]
#[openapi(
    paths(ims::token_v3, ims::token_v2, ims::token_bare, ims::exchange_jwt, ims::exchange_jwt_slash),
    components(schemas(TokenForm, JwtForm, ims::TokenOut, ims::JwtTokenOut, ims::ImsError))
)]
pub struct Doc;
