//! The control plane on PostgreSQL: the shared SQL of [`crate::control_sql`] and
//! [`crate::dump_sql`] for `PgConnection`. Journal appends are plain autocommit inserts that do
//! not take the write lock (they touch only the journal).

use sqlx::PgConnection;

use super::{PgStore, PgTx};

crate::control_sql!(PgConnection);
crate::dump_sql!(PgConnection);
crate::control_impls!(PgStore, PgTx);

impl PgStore {
    async fn journal_guard(&self) {}
}
