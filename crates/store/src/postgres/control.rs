//! The control plane on PostgreSQL: the statements of [`crate::sql::control`] (and, in [`dump`],
//! of [`crate::sql::dump`]). Journal appends run in a transaction of their own that does not take
//! the write lock (they touch only the journal).

use futures::TryStreamExt as _;
use sqlx::{PgConnection, Row as _};
use vipmp_core::clock::ClockState;
use vipmp_core::control::{
    ControlStore, ControlTx, DistributorDump, DueKind, FaultRule, JournalEntry, JournalQuery, SnapshotInfo,
};
use vipmp_core::store::StoreResult;

use super::{PgStore, PgTx, run};
use crate::error::from_sqlx;
use crate::sql::control::{self as sql, clock_of};
use crate::sql::json;

mod dump;

async fn clock(c: &mut PgConnection, d: &str) -> StoreResult<Option<ClockState>> {
    match run::row(c, sql::clock(d)).await? {
        Some(row) => clock_of(Some(row.get(0)), row.get(1)),
        None => Ok(None),
    }
}

async fn clocks(c: &mut PgConnection) -> StoreResult<Vec<(String, Option<ClockState>)>> {
    let rows = run::rows(c, sql::clocks()).await?;
    rows.iter().map(|r| Ok((r.get(0), clock_of(r.get(1), r.get(2))?))).collect()
}

async fn due(c: &mut PgConnection, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
    Ok(run::rows(c, sql::due(d, kind, upto, limit)).await?.iter().map(|r| r.get(0)).collect())
}

async fn next_due(
    c: &mut PgConnection,
    d: &str,
    bounds: &[(DueKind, String, String)],
) -> StoreResult<Vec<Option<String>>> {
    if bounds.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![None; bounds.len()];
    for row in run::rows(c, sql::next_due(d, bounds)).await? {
        let k: i64 = row.get(0);
        if let Some(slot) = usize::try_from(k).ok().and_then(|k| out.get_mut(k)) {
            *slot = row.get(1);
        }
    }
    Ok(out)
}

async fn due_many(c: &mut PgConnection, d: &str, kinds: &[(DueKind, String)]) -> StoreResult<Vec<(usize, String)>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let rows = run::rows(c, sql::due_many(d, kinds)).await?;
    Ok(rows.iter().map(|r| (usize::try_from(r.get::<i64, _>(0)).unwrap_or(0), r.get(2))).collect())
}

async fn faults(c: &mut PgConnection, d: &str) -> StoreResult<Vec<FaultRule>> {
    let rows = run::rows(c, sql::faults(d)).await?;
    rows.iter().map(|r| json(r.get::<&str, _>(0))).collect()
}

async fn add_fault(c: &mut PgConnection, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
    let seq = run::one(&mut *c, sql::next_fault()).await?;
    let (rule, add) = sql::add_fault(d, rule, seq)?;
    run::execute(c, add).await?;
    Ok(rule)
}

async fn append_journal(c: &mut PgConnection, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
    let mut trim: Vec<&str> = Vec::new();
    // Multi-row inserts of up to 64 entries (7 parameters each).
    for chunk in entries.chunks(64) {
        for row in run::rows(&mut *c, sql::append_journal(chunk)?).await? {
            let (id, d): (i64, String) = (row.get(0), row.get(1));
            sql::trim_after(&mut trim, id, || {
                chunk.iter().find(|e| e.distributor_id == d).map(|e| e.distributor_id.as_str())
            });
        }
    }
    for d in trim {
        run::execute(&mut *c, sql::trim_journal(d, keep)).await?;
    }
    Ok(())
}

async fn journal(c: &mut PgConnection, q: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
    let floor: Option<i64> = run::first(&mut *c, sql::journal_floor(q)).await?;
    // Streamed: only the rows up to `limit` are read, not the whole journal.
    let mut rows = run::query(sql::journal(q, floor))?.fetch(c);
    let mut out = Vec::new();
    while let Some(row) = rows.try_next().await.map_err(from_sqlx)? {
        if let Some(entry) = sql::journal_entry(q, row.get(0), row.get(1), row.get(2))? {
            out.push(entry);
            if out.len() as i64 >= q.limit {
                break;
            }
        }
    }
    Ok(out)
}

#[async_trait::async_trait]
impl ControlStore for PgStore {
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
        let mut conn = self.conn().await?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(from_sqlx)?;
        append_journal(&mut tx, entries, keep).await?;
        tx.commit().await.map_err(from_sqlx)
    }

    async fn journal(&self, query: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
        journal(&mut *self.conn().await?, query).await
    }

    async fn snapshots(&self, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
        dump::snapshots(&mut *self.conn().await?, d).await
    }
}

#[async_trait::async_trait]
impl ControlTx for PgTx {
    async fn clock(&mut self, d: &str) -> StoreResult<Option<ClockState>> {
        clock(self.c(), d).await
    }

    async fn put_clock(&mut self, d: &str, k: &ClockState) -> StoreResult<()> {
        self.exec(sql::put_clock(d, k)).await
    }

    async fn due(&mut self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
        due(self.c(), d, kind, upto, limit).await
    }

    async fn due_many(&mut self, d: &str, kinds: &[(DueKind, String)]) -> StoreResult<Vec<(usize, String)>> {
        due_many(self.c(), d, kinds).await
    }

    async fn next_due(&mut self, d: &str, bounds: &[(DueKind, String, String)]) -> StoreResult<Vec<Option<String>>> {
        next_due(self.c(), d, bounds).await
    }

    async fn fault(&mut self, d: &str, id: &str) -> StoreResult<Option<FaultRule>> {
        Ok(faults(self.c(), d).await?.into_iter().find(|f| f.id == id))
    }

    async fn add_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
        add_fault(self.c(), d, rule).await
    }

    async fn put_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<()> {
        self.exec(sql::put_fault(d, rule)?).await
    }

    async fn delete_fault(&mut self, d: &str, id: &str) -> StoreResult<bool> {
        Ok(run::execute(self.c(), sql::delete_fault(d, id)).await? > 0)
    }

    async fn clear_faults(&mut self, d: &str) -> StoreResult<u64> {
        run::execute(self.c(), sql::clear_faults(d)).await
    }

    async fn export(&mut self, d: &str) -> StoreResult<DistributorDump> {
        dump::export(self.c(), d).await
    }

    async fn wipe(&mut self, d: &str) -> StoreResult<()> {
        dump::wipe(self.c(), d).await
    }

    async fn import(&mut self, dump: &DistributorDump) -> StoreResult<()> {
        dump::import(self.c(), dump).await
    }

    async fn put_snapshot(&mut self, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
        self.exec(crate::sql::dump::put_snapshot(d, info, doc)).await
    }

    async fn snapshot(&mut self, d: &str, name: &str) -> StoreResult<Option<String>> {
        run::first(self.c(), crate::sql::dump::snapshot(d, name)).await
    }

    async fn delete_snapshot(&mut self, d: &str, name: &str) -> StoreResult<bool> {
        Ok(run::execute(self.c(), crate::sql::dump::delete_snapshot(d, name)).await? > 0)
    }
}
