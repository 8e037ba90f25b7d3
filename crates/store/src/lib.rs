//! vipmp-store: the adapters of the `vipmp_core::store::Store` port.
//!
//! [`connect`] picks the backend from the URL scheme (`sqlite://` now; `postgres://` is the
//! next adapter), runs its migrations and returns an `Arc<dyn Store>`.

use std::sync::Arc;

use vipmp_core::store::{Store, StoreError};

mod error;
pub mod sqlite;

/// Connects to the database named by `url`, creating and migrating it as needed.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        return Ok(Arc::new(sqlite::SqliteStore::connect(url).await?));
    }
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        return Err(StoreError::Other("the PostgreSQL backend is not available yet; use a sqlite:// URL".into()));
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
