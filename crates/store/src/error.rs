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
        sqlx::Error::Database(db) if db.code().is_some_and(|code| connection_lost(&code)) => {
            StoreError::Unavailable(e.to_string())
        }
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
        _ => StoreError::Other(e.to_string()),
    }
}

/// PostgreSQL SQLSTATEs that mean "the server or the connection went away, try again":
/// class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
/// 53300 (too many connections) and 55P03 (the write lock was not granted in `lock_timeout`).
fn connection_lost(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300" | "55P03")
}

/// Converts an error met while getting a connection (acquire, `BEGIN`): whatever the cause,
/// the database cannot be used right now.
pub fn unavailable(e: sqlx::Error) -> StoreError {
    match from_sqlx(e) {
        StoreError::Other(message) => StoreError::Unavailable(message),
        other => other,
    }
}

/// Converts a JSON (de)serialisation error of a stored document.
pub fn from_json(e: serde_json::Error) -> StoreError {
    StoreError::Other(format!("stored document: {e}"))
}
