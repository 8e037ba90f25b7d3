//! The one translation from `sqlx::Error` to the port's `StoreError`.

use vipmp_core::store::StoreError;

/// Converts a sqlx error.
pub fn from_sqlx(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
            StoreError::Conflict {
                constraint: db.constraint().map_or_else(|| db.message().to_string(), str::to_string),
            }
        }
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Converts a JSON (de)serialisation error of a stored document.
pub fn from_json(e: serde_json::Error) -> StoreError {
    StoreError::Other(format!("stored document: {e}"))
}
