//! vipmp-store: the adapters of the `vipmp_core::store::Store` port.
//!
//! [`connect`] picks the backend from the URL scheme (`sqlite://` or `postgres://`), runs its
//! migrations and returns an `Arc<dyn Store>`; [`connect_with`] does the same with explicit
//! [`PoolSettings`].

use std::sync::Arc;
use std::time::Duration;

use vipmp_core::store::{Store, StoreError};

mod error;
pub mod postgres;
mod sql;
pub mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;

/// Connection-pool settings of either backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// Most connections the pool opens (`--db-max-connections`).
    pub max_connections: u32,
    /// Longest wait for a connection, at start-up and per request (`--db-acquire-timeout-secs`);
    /// past it the caller gets [`StoreError::Unavailable`] (503) instead of hanging.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self { max_connections: 16, acquire_timeout: Duration::from_secs(5) }
    }
}

/// Connects to the database named by `url`, creating and migrating it as needed, with the
/// default [`PoolSettings`].
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    connect_with(url, PoolSettings::default()).await
}

/// Connects to the database named by `url` (`sqlite://PATH` or `postgres://…`), creating
/// (SQLite) and migrating it as needed.
pub async fn connect_with(url: &str, settings: PoolSettings) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        return Ok(Arc::new(sqlite::SqliteStore::connect_with(url, &settings).await?));
    }
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Ok(Arc::new(postgres::PgStore::connect(url, &settings).await?));
    }
    Err(StoreError::Other(format!("unsupported database URL scheme in {}", redact(url))))
}

/// A database URL with its password hidden, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &userinfo[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
