//! The control plane on SQLite, on rusqlite: the statements of [`crate::sql::control`] (and, in
//! [`dump`], of [`crate::sql::dump`]) run on the calling thread. Reads outside a transaction take
//! a reader; journal appends take the in-process writer mutex like a transaction, so they queue
//! instead of spinning in SQLite's busy handler.

use rusqlite::{Connection, params_from_iter};
use vipmp_core::clock::ClockState;
use vipmp_core::control::{
    ControlStore, ControlTx, DistributorDump, DueKind, FaultRule, JournalEntry, JournalQuery, SnapshotInfo,
};
use vipmp_core::store::StoreResult;

use super::conn::{self, Sql};
use super::run;
use super::{SqliteStore, SqliteTx};
use crate::sql::control::{self as sql, clock_of};
use crate::sql::json;

mod dump;

/// A distributor's clock (`None`: never set).
pub(crate) fn clock(c: &Connection, d: &str) -> StoreResult<Option<ClockState>> {
    match run::row(c, &sql::clock(d), |r| Ok((r.get(0)?, r.get(1)?)))? {
        Some((offset, frozen)) => clock_of(Some(offset), frozen),
        None => Ok(None),
    }
}

/// Every distributor with its clock, by id.
pub(crate) fn clocks(c: &Connection) -> StoreResult<Vec<(String, Option<ClockState>)>> {
    let rows = run::rows(c, &sql::clocks(), |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    rows.into_iter().map(|(d, offset, frozen)| Ok((d, clock_of(offset, frozen)?))).collect()
}

/// For each `(kind, after, upto)`, the smallest raw value in `(after, upto]`, if any.
pub(crate) fn next_due(
    c: &Connection,
    d: &str,
    bounds: &[(DueKind, String, String)],
) -> StoreResult<Vec<Option<String>>> {
    if bounds.is_empty() {
        return Ok(Vec::new());
    }
    let rows = run::rows(c, &sql::next_due(d, bounds), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)))?;
    let mut out = vec![None; bounds.len()];
    for (k, v) in rows {
        if let Some(slot) = usize::try_from(k).ok().and_then(|k| out.get_mut(k)) {
            *slot = v;
        }
    }
    Ok(out)
}

/// Every id due for several kinds at once (each `(kind, upto)`), as `(index of the kind, id)`,
/// by kind then in processing order.
pub(crate) fn due_many(c: &Connection, d: &str, kinds: &[(DueKind, String)]) -> StoreResult<Vec<(usize, String)>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    run::rows(c, &sql::due_many(d, kinds), |r| Ok((usize::try_from(r.get::<_, i64>(0)?).unwrap_or(0), r.get(2)?)))
}

/// Adds a fault rule under the next id (`flt-N`) and returns it.
pub(crate) fn add_fault(c: &Connection, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
    let (rule, add) = sql::add_fault(d, rule, run::one(c, &sql::next_fault())?)?;
    run::execute(c, &add)?;
    Ok(rule)
}

/// Appends journal entries in order (inside the caller's transaction), then drops entries
/// beyond the newest `keep` of a distributor.
pub(crate) fn append_journal(c: &Connection, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
    let mut trim: Vec<&str> = Vec::new();
    // One prepared single-row insert per entry: with no round trip per statement there is
    // nothing for a multi-row insert to save.
    for e in entries {
        let id: i64 = run::one(c, &sql::append_journal(std::slice::from_ref(e))?)?;
        sql::trim_after(&mut trim, id, || Some(&e.distributor_id));
    }
    for d in trim {
        run::execute(c, &sql::trim_journal(d, keep))?;
    }
    Ok(())
}

/// Searches the journal, newest first.
pub(crate) fn journal(c: &Connection, q: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
    let floor: Option<i64> = run::row(c, &sql::journal_floor(q), |r| r.get(0))?;
    let s = sql::journal(q, floor);
    let mut stmt = c.prepare_cached(&s.sql).sql()?;
    let mut rows = stmt.query(params_from_iter(&s.args)).sql()?;
    let mut out = Vec::new();
    // Only the rows up to `limit` are read, not the whole journal.
    while let Some(row) = rows.next().sql()? {
        let (id, doc, path): (i64, String, String) = (row.get(0).sql()?, row.get(1).sql()?, row.get(2).sql()?);
        if let Some(entry) = sql::journal_entry(q, id, &doc, &path)? {
            out.push(entry);
            if out.len() as i64 >= q.limit {
                break;
            }
        }
    }
    Ok(out)
}

/// A distributor's fault rules, oldest first.
fn faults(c: &Connection, d: &str) -> StoreResult<Vec<FaultRule>> {
    run::rows(c, &sql::faults(d), |r| r.get::<_, String>(0))?.iter().map(|doc| json(doc)).collect()
}

#[async_trait::async_trait]
impl ControlStore for SqliteStore {
    async fn clock(&self, d: &str) -> StoreResult<Option<ClockState>> {
        self.readers.run(|c| clock(c, d))
    }

    async fn clocks(&self) -> StoreResult<Vec<(String, Option<ClockState>)>> {
        self.readers.run(clocks)
    }

    async fn due(&self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
        self.readers.run(|c| run::rows(c, &sql::due(d, kind, upto, limit), |r| r.get(0)))
    }

    async fn faults(&self, d: &str) -> StoreResult<Vec<FaultRule>> {
        self.readers.run(|c| faults(c, d))
    }

    async fn append_journal(&self, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
        let mut w = self.writer.lock().await;
        conn::in_transaction(&mut w, |c| append_journal(c, entries, keep)).await
    }

    async fn journal(&self, query: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
        self.readers.run(|c| journal(c, query))
    }

    async fn snapshots(&self, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
        self.readers.run(|c| dump::snapshots(c, d))
    }
}

#[async_trait::async_trait]
impl ControlTx for SqliteTx {
    async fn clock(&mut self, d: &str) -> StoreResult<Option<ClockState>> {
        clock(self.c(), d)
    }

    async fn put_clock(&mut self, d: &str, k: &ClockState) -> StoreResult<()> {
        run::execute(self.c(), &sql::put_clock(d, k)).map(drop)
    }

    async fn due(&mut self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
        run::rows(self.c(), &sql::due(d, kind, upto, limit), |r| r.get(0))
    }

    async fn due_many(&mut self, d: &str, kinds: &[(DueKind, String)]) -> StoreResult<Vec<(usize, String)>> {
        due_many(self.c(), d, kinds)
    }

    async fn next_due(&mut self, d: &str, bounds: &[(DueKind, String, String)]) -> StoreResult<Vec<Option<String>>> {
        next_due(self.c(), d, bounds)
    }

    async fn fault(&mut self, d: &str, id: &str) -> StoreResult<Option<FaultRule>> {
        Ok(faults(self.c(), d)?.into_iter().find(|f| f.id == id))
    }

    async fn add_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
        add_fault(self.c(), d, rule)
    }

    async fn put_fault(&mut self, d: &str, rule: &FaultRule) -> StoreResult<()> {
        run::execute(self.c(), &sql::put_fault(d, rule)?).map(drop)
    }

    async fn delete_fault(&mut self, d: &str, id: &str) -> StoreResult<bool> {
        Ok(run::execute(self.c(), &sql::delete_fault(d, id))? > 0)
    }

    async fn clear_faults(&mut self, d: &str) -> StoreResult<u64> {
        run::execute(self.c(), &sql::clear_faults(d))
    }

    async fn export(&mut self, d: &str) -> StoreResult<DistributorDump> {
        dump::export(self.c(), d)
    }

    async fn wipe(&mut self, d: &str) -> StoreResult<()> {
        dump::wipe(self.c(), d)
    }

    async fn import(&mut self, dump: &DistributorDump) -> StoreResult<()> {
        dump::import(self.c(), dump)
    }

    async fn put_snapshot(&mut self, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
        dump::put_snapshot(self.c(), d, info, doc)
    }

    async fn snapshot(&mut self, d: &str, name: &str) -> StoreResult<Option<String>> {
        dump::snapshot(self.c(), d, name)
    }

    async fn delete_snapshot(&mut self, d: &str, name: &str) -> StoreResult<bool> {
        dump::delete_snapshot(self.c(), d, name)
    }
}
