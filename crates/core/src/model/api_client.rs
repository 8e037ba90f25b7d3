//! The credentials of a distributor: API clients and the access tokens issued to them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An API client: the credentials of one distributor.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiClient {
    /// `client_id` (= `X-Api-Key`).
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
    /// The distributor it acts for.
    pub distributor_id: String,
}

/// An issued access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessToken {
    /// The opaque token.
    pub token: String,
    /// Its client.
    pub client_id: String,
    /// Its expiry.
    pub expires_at: DateTime<Utc>,
}
