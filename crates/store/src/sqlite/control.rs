//! The control plane on SQLite: the shared SQL of [`crate::control_sql`] and
//! [`crate::dump_sql`] for `SqliteConnection`. Journal appends take the in-process writer
//! mutex like a transaction, so they queue instead of spinning in SQLite's busy handler.

use sqlx::SqliteConnection;

use super::{SqliteStore, SqliteTx};

crate::control_sql!(SqliteConnection);
crate::dump_sql!(SqliteConnection);
crate::control_impls!(SqliteStore, SqliteTx);

impl SqliteStore {
    async fn journal_guard(&self) -> tokio::sync::OwnedMutexGuard<()> {
        std::sync::Arc::clone(&self.writer).lock_owned().await
    }
}
