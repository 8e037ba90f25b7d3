//! The control plane's port implementations, written once for both adapters: each method hands
//! a connection (the pool's, or the transaction's) to the functions [`crate::control_sql`] and
//! [`crate::dump_sql`] expanded in the same module.

/// Implements `ControlStore` for `$store` (which has `conn()` and `journal_guard()`) and
/// `ControlTx` for `$tx` (which has `c()`).
#[macro_export]
#[doc(hidden)]
macro_rules! control_impls {
    ($store:ty, $tx:ty) => {
        #[async_trait::async_trait]
        impl vipmp_core::control::ControlStore for $store {
            async fn clock(&self, d: &str) -> StoreResult<Option<ClockState>> {
                clock(&mut *self.conn().await?, d).await
            }

            async fn clocks(&self) -> StoreResult<Vec<(String, Option<ClockState>)>> {
                clocks(&mut *self.conn().await?).await
            }

            async fn due(&self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
                due(&mut *self.conn().await?, d, kind, upto, limit).await
            }

            async fn faults(&self, d: &str) -> StoreResult<Vec<FaultRule>> {
                faults(&mut *self.conn().await?, d).await
            }

            async fn append_journal(&self, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
                let _guard = self.journal_guard().await;
                let mut conn = self.conn().await?;
                let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(from_sqlx)?;
                append_journal(&mut *tx, entries, keep).await?;
                tx.commit().await.map_err(from_sqlx)
            }

            async fn journal(&self, query: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
                journal(&mut *self.conn().await?, query).await
            }

            async fn snapshots(&self, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
                snapshots(&mut *self.conn().await?, d).await
            }
        }

        #[async_trait::async_trait]
        impl vipmp_core::control::ControlTx for $tx {
            async fn clock(&mut self, d: &str) -> StoreResult<Option<ClockState>> {
                clock(self.c(), d).await
            }

            async fn put_clock(&mut self, d: &str, k: &ClockState) -> StoreResult<()> {
                put_clock(self.c(), d, k).await
            }

            async fn due(&mut self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
                due(self.c(), d, kind, upto, limit).await
            }

            async fn due_many(&mut self, d: &str, kinds: &[(DueKind, String)]) -> StoreResult<Vec<(usize, String)>> {
                due_many(self.c(), d, kinds).await
            }

            async fn next_due(
                &mut self,
                d: &str,
                bounds: &[(DueKind, String, String)],
            ) -> StoreResult<Vec<Option<String>>> {
                next_due(self.c(), d, bounds).await
            }

            async fn fault(&mut self, d: &str, id: &str) -> StoreResult<Option<FaultRule>> {
                Ok(faults(self.c(), d).await?.into_iter().find(|f| f.id == id))
            }

            async fn add_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
                add_fault(self.c(), d, rule).await
            }

            async fn put_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<()> {
                put_fault(self.c(), d, rule).await
            }

            async fn delete_fault(&mut self, d: &str, id: &str) -> StoreResult<bool> {
                delete_fault(self.c(), d, id).await
            }

            async fn clear_faults(&mut self, d: &str) -> StoreResult<u64> {
                clear_faults(self.c(), d).await
            }

            async fn export(&mut self, d: &str) -> StoreResult<DistributorDump> {
                export(self.c(), d).await
            }

            async fn wipe(&mut self, d: &str) -> StoreResult<()> {
                wipe(self.c(), d).await
            }

            async fn import(&mut self, dump: &DistributorDump) -> StoreResult<()> {
                import(self.c(), dump).await
            }

            async fn put_snapshot(&mut self, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
                put_snapshot(self.c(), d, info, doc).await
            }

            async fn snapshot(&mut self, d: &str, name: &str) -> StoreResult<Option<String>> {
                snapshot(self.c(), d, name).await
            }

            async fn delete_snapshot(&mut self, d: &str, name: &str) -> StoreResult<bool> {
                delete_snapshot(self.c(), d, name).await
            }
        }
    };
}
