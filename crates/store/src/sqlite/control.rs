//! The control plane on SQLite, on rusqlite: the statements of [`crate::control_sql`] (and, in
//! [`dump`], of [`crate::dump_sql`]) run on the calling thread. Reads outside a transaction take
//! a reader; journal appends take the in-process writer mutex like a transaction, so they queue
//! instead of spinning in SQLite's busy handler.

use rusqlite::{Connection, OptionalExtension, named_params, params, params_from_iter};
use vipmp_core::clock::ClockState;
use vipmp_core::control::{
    ControlStore, ControlTx, DistributorDump, DueKind, FaultRule, JournalEntry, JournalQuery, SnapshotInfo,
};
use vipmp_core::dates::format_datetime;
use vipmp_core::store::StoreResult;

use super::conn::{self, Sql};
use super::{SqliteStore, SqliteTx};
use crate::control_sql as sql;
use crate::control_sql::clock_of;
use crate::sql::{json, parse_instant, text};

mod dump;

/// A distributor's clock (`None`: never set).
pub(crate) fn clock(c: &Connection, d: &str) -> StoreResult<Option<ClockState>> {
    let row: Option<(i64, Option<String>)> =
        c.prepare_cached(sql::CLOCK).sql()?.query_row([d], |r| Ok((r.get(0)?, r.get(1)?))).optional().sql()?;
    match row {
        Some((offset, frozen)) => clock_of(Some(offset), frozen),
        None => Ok(None),
    }
}

/// Every distributor with its clock, by id.
pub(crate) fn clocks(c: &Connection) -> StoreResult<Vec<(String, Option<ClockState>)>> {
    let mut stmt = c.prepare_cached(sql::CLOCKS).sql()?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))).sql()?;
    rows.map(|row| {
        let (d, offset, frozen) = row.sql()?;
        Ok((d, clock_of(offset, frozen)?))
    })
    .collect()
}

/// Stores a distributor's clock.
pub(crate) fn put_clock(c: &Connection, d: &str, clock: &ClockState) -> StoreResult<()> {
    let frozen_at = clock.frozen_at.map(format_datetime);
    c.prepare_cached(sql::PUT_CLOCK).sql()?.execute(params![d, clock.offset_seconds, frozen_at]).sql()?;
    Ok(())
}

/// Ids of `kind` due at `upto`, in processing order.
pub(crate) fn due(c: &Connection, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
    let mut stmt = c.prepare_cached(&sql::due_sql(kind)).sql()?;
    let rows = stmt.query_map(params![d, upto, limit], |r| r.get(0)).sql()?;
    rows.collect::<rusqlite::Result<_>>().sql()
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
    let kinds: Vec<DueKind> = bounds.iter().map(|b| b.0).collect();
    let mut stmt = c.prepare_cached(&sql::next_due_sql(&kinds)).sql()?;
    let args = std::iter::once(d).chain(bounds.iter().flat_map(|(_, after, upto)| [after.as_str(), upto.as_str()]));
    let rows = stmt.query_map(params_from_iter(args), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?)));
    let mut out = vec![None; bounds.len()];
    for row in rows.sql()? {
        let (k, v) = row.sql()?;
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
    let list: Vec<DueKind> = kinds.iter().map(|k| k.0).collect();
    let mut stmt = c.prepare_cached(&sql::due_many_sql(&list)).sql()?;
    let args = std::iter::once(d).chain(kinds.iter().map(|(_, upto)| upto.as_str()));
    let rows = stmt
        .query_map(params_from_iter(args), |r| Ok((usize::try_from(r.get::<_, i64>(0)?).unwrap_or(0), r.get(2)?)))
        .sql()?;
    rows.collect::<rusqlite::Result<_>>().sql()
}

/// A distributor's fault rules, oldest first.
pub(crate) fn faults(c: &Connection, d: &str) -> StoreResult<Vec<FaultRule>> {
    let mut stmt = c.prepare_cached(sql::FAULTS).sql()?;
    let rows = stmt.query_map([d], |r| r.get::<_, String>(0)).sql()?;
    rows.map(|doc| json(&doc.sql()?)).collect()
}

/// Adds a fault rule under the next id (`flt-N`) and returns it.
pub(crate) fn add_fault(c: &Connection, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
    let seq: i64 = c.prepare_cached(sql::NEXT_FAULT).sql()?.query_row([], |r| r.get(0)).sql()?;
    let rule = FaultRule { id: format!("flt-{seq}"), ..rule.clone() };
    c.prepare_cached(sql::ADD_FAULT).sql()?.execute(params![d, rule.id, seq, text(&rule)?]).sql()?;
    Ok(rule)
}

/// Replaces a fault rule (same id).
pub(crate) fn put_fault(c: &Connection, d: &str, rule: &FaultRule) -> StoreResult<()> {
    // `$3` comes first in the statement: bind by name.
    let doc = text(rule)?;
    c.prepare_cached(sql::PUT_FAULT).sql()?.execute(named_params! { "$1": d, "$2": rule.id, "$3": doc }).sql()?;
    Ok(())
}

/// Deletes one fault rule; whether it existed.
pub(crate) fn delete_fault(c: &Connection, d: &str, id: &str) -> StoreResult<bool> {
    Ok(c.prepare_cached(sql::DELETE_FAULT).sql()?.execute([d, id]).sql()? > 0)
}

/// Deletes every fault rule of a distributor; how many went.
pub(crate) fn clear_faults(c: &Connection, d: &str) -> StoreResult<u64> {
    Ok(c.prepare_cached(sql::CLEAR_FAULTS).sql()?.execute([d]).sql()? as u64)
}

/// Appends journal entries in order (inside the caller's transaction), then drops entries
/// beyond the newest `keep` of a distributor.
pub(crate) fn append_journal(c: &Connection, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
    let mut trim: Vec<&str> = Vec::new();
    // One prepared single-row insert per entry: with no round trip per statement there is
    // nothing for a multi-row insert to save.
    let mut stmt = c.prepare_cached(&sql::append_journal_sql(1)).sql()?;
    for e in entries {
        let args =
            params![e.distributor_id, format_datetime(e.at), e.method, e.path, e.status, e.customer_id, text(e)?];
        let id: i64 = stmt.query_row(args, |r| r.get(0)).sql()?;
        // Trimming walks `keep` index entries: do it every 64 appends; reads cut at `keep`.
        if id % 64 == 0 && !trim.contains(&e.distributor_id.as_str()) {
            trim.push(&e.distributor_id);
        }
    }
    drop(stmt);
    for d in trim {
        c.prepare_cached(sql::TRIM_JOURNAL).sql()?.execute(params![d, keep.max(1) - 1]).sql()?;
    }
    Ok(())
}

/// Searches the journal, newest first.
pub(crate) fn journal(c: &Connection, q: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
    let floor: Option<i64> = c
        .prepare_cached(sql::JOURNAL_FLOOR)
        .sql()?
        .query_row(params![q.distributor_id, q.keep.max(1) - 1], |r| r.get(0))
        .optional()
        .sql()?;
    let mut stmt = c.prepare_cached(sql::JOURNAL).sql()?;
    let status = q.status.map(i64::from);
    let args = params![q.distributor_id, floor.unwrap_or(0), q.method, status, q.customer_id, q.before, q.id];
    let mut rows = stmt.query(args).sql()?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().sql()? {
        let path: String = row.get(2).sql()?;
        if q.path.as_deref().is_some_and(|p| !vipmp_core::control::path_matches(p, &path)) {
            continue;
        }
        let mut entry: JournalEntry = json(&row.get::<_, String>(1).sql()?)?;
        entry.id = row.get(0).sql()?;
        out.push(entry);
        if out.len() as i64 >= q.limit {
            break;
        }
    }
    Ok(out)
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
        self.readers.run(|c| due(c, d, kind, upto, limit))
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
        put_clock(self.c(), d, k)
    }

    async fn due(&mut self, d: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>> {
        due(self.c(), d, kind, upto, limit)
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
        put_fault(self.c(), d, rule)
    }

    async fn delete_fault(&mut self, d: &str, id: &str) -> StoreResult<bool> {
        delete_fault(self.c(), d, id)
    }

    async fn clear_faults(&mut self, d: &str) -> StoreResult<u64> {
        clear_faults(self.c(), d)
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

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use vipmp_core::control::DueKind;

    use crate::{control_sql as c, dump_sql as d};

    /// rusqlite binds the shared `$n` statements positionally, which needs `$1, $2, …` to first
    /// appear in that order (SQLite numbers named parameters by first appearance).
    /// An in-memory database with every migration applied.
    fn migrated() -> Connection {
        let db = Connection::open_in_memory().expect("open");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        let mut files: Vec<_> = std::fs::read_dir(dir).expect("migrations").map(|e| e.expect("entry").path()).collect();
        files.sort();
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "sql")) {
            db.execute_batch(&std::fs::read_to_string(f).expect("read")).expect("migrate");
        }
        db
    }

    /// The jobs look for due work of every kind twice a second: each look-up must search an
    /// index by its due column, never walk a distributor's rows (at 1,000,000 customers the
    /// activation look-up once took 394 ms per tick).
    #[test]
    fn every_due_lookup_searches_an_index_on_its_due_column() {
        let db = migrated();
        for kind in DueKind::ALL {
            let (_, column, _, _) = c::due_source(kind);
            let sql = format!("EXPLAIN QUERY PLAN {}", c::due_sql(kind));
            let mut stmt = db.prepare(&sql).expect("plan");
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params!["5000000001", "2030-01-01", 10], |r| r.get(3))
                .expect("plan rows")
                .collect::<Result<_, _>>()
                .expect("plan");
            let first = plan.first().map_or("", String::as_str);
            assert!(
                first.starts_with("SEARCH")
                    && (first.contains(&format!("{column}<?")) || first.contains(&format!("{column}>?"))),
                "{kind:?}: {plan:?}"
            );
        }
    }

    /// A customer's orders and subscriptions are found through an index on the customer, never by
    /// walking the distributor's rows (the renewal sweep's `orders_of` once read every order of the
    /// distributor for each customer: 8,000 due subscriptions took 20 s).
    #[test]
    fn per_customer_reads_search_an_index_on_the_customer() {
        let db = migrated();
        for sql in [crate::sql::orders::ORDERS_OF, crate::sql::orders::SUBSCRIPTIONS_OF] {
            let mut stmt = db.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params!["5000000001", "1005000001"], |r| r.get(3))
                .expect("plan rows")
                .collect::<Result<_, _>>()
                .expect("plan");
            let first = plan.first().map_or("", String::as_str);
            assert!(first.starts_with("SEARCH") && first.contains("customer_id=?"), "{sql}: {plan:?}");
        }
    }

    /// The records' statements ([`crate::sql`]).
    const RECORDS: [&str; 39] = {
        use crate::documents_sql as doc;
        use crate::sql::{accounts as a, lists as l, orders as o, requests as r};
        [
            a::NEXT_ID,
            a::DISTRIBUTOR,
            a::PUT_DISTRIBUTOR,
            a::API_CLIENT,
            a::PUT_API_CLIENT,
            a::TOKEN,
            a::PUT_TOKEN,
            a::RESELLER,
            a::PUT_RESELLER,
            a::CUSTOMER,
            a::PUT_CUSTOMER,
            a::CONTACT,
            a::PUT_CONTACT,
            o::ORDER,
            o::PUT_ORDER,
            o::ORDERS_OF,
            o::SUBSCRIPTION,
            o::PUT_SUBSCRIPTION,
            o::SUBSCRIPTIONS_OF,
            o::RENEWAL_JOB,
            o::PUT_RENEWAL_JOB,
            o::COOLDOWN,
            o::START_COOLDOWN,
            r::REPLAY,
            r::STORE_REPLAY,
            r::REQUEST_ID_SEEN,
            r::RECORD_REQUEST_ID,
            r::PURGE_REPLAYS,
            r::PURGE_REQUEST_IDS,
            r::SESSION,
            r::PUT_SESSION,
            r::DELETE_SESSION,
            r::PURGE_SESSIONS,
            l::ACCOUNT_COUNT,
            doc::DOCUMENT,
            doc::PUT_DOCUMENT,
            doc::DELETE_DOCUMENT,
            doc::COUNT_DOCUMENTS,
            doc::EXPORT_DOCUMENTS,
        ]
    };

    #[test]
    fn shared_statements_number_their_parameters_in_order() {
        let db = migrated();
        let mut all: Vec<String> = [
            c::CLOCK,
            c::CLOCKS,
            c::PUT_CLOCK,
            c::FAULTS,
            c::NEXT_FAULT,
            c::ADD_FAULT,
            c::DELETE_FAULT,
            c::CLEAR_FAULTS,
            c::TRIM_JOURNAL,
            c::JOURNAL_FLOOR,
            c::JOURNAL,
            d::SNAPSHOTS,
            d::PUT_SNAPSHOT,
            d::SNAPSHOT,
            d::DELETE_SNAPSHOT,
            d::EXPORT_RESELLERS,
            d::EXPORT_CUSTOMERS,
            d::EXPORT_ORDERS,
            d::EXPORT_SUBSCRIPTIONS,
            d::EXPORT_RENEWAL_JOBS,
            d::EXPORT_COOLDOWNS,
            d::EXPORT_REPLAYS,
            d::EXPORT_REQUEST_IDS,
            d::EXPORT_CONTACTS,
            d::IMPORT_COOLDOWN,
            d::IMPORT_REPLAY,
            d::IMPORT_REQUEST_ID,
            d::IMPORT_CONTACT,
        ]
        .into_iter()
        .chain(d::WIPE)
        .chain(RECORDS)
        .map(String::from)
        .collect();
        all.extend(DueKind::ALL.map(c::due_sql));
        all.extend([c::next_due_sql(&DueKind::ALL), c::due_many_sql(&DueKind::ALL), c::append_journal_sql(3)]);
        for list in crate::sql::lists::examples() {
            all.extend([list.count.sql.into_owned(), list.page.sql.into_owned()]);
        }
        for sql in &all {
            let stmt = db.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
            for i in 1..=stmt.parameter_count() {
                assert_eq!(stmt.parameter_name(i), Some(format!("${i}").as_str()), "{sql}");
            }
        }
        // The one exception, bound by name.
        assert_eq!(db.prepare(c::PUT_FAULT).expect("put_fault").parameter_name(1), Some("$3"));
    }
}
