//! The SQL of the control plane (`vipmp_core::control`), written once for both backends.
//!
//! Every statement uses `$n` placeholders, which PostgreSQL and SQLite both accept, and only
//! syntax the two share (`ON CONFLICT`, `RETURNING`, `LIMIT`). The macro [`control_sql`]
//! expands the functions for a sqlx connection type inside the PostgreSQL adapter; the SQLite
//! adapter (`sqlite::control`, on rusqlite) runs the same constants. SQLite numbers `$n`
//! parameters in order of first appearance, so rusqlite binds them positionally: in every
//! statement here `$1, $2, …` first appear in increasing order, except [`PUT_FAULT`] (bound by
//! name there).

use std::sync::LazyLock;

use vipmp_core::control::DueKind;
use vipmp_core::model::{job_status, status};
use vipmp_core::service::memberships;

use crate::sql::quoted;

/// A distributor's clock: `(offset_seconds, frozen_at)`.
pub(crate) const CLOCK: &str = "SELECT offset_seconds, frozen_at FROM clocks WHERE distributor_id = $1";

/// Every distributor with its clock, if set: `(id, offset_seconds, frozen_at)`.
pub(crate) const CLOCKS: &str = "SELECT d.id, k.offset_seconds, k.frozen_at FROM distributors d \
                 LEFT JOIN clocks k ON k.distributor_id = d.id ORDER BY d.id";

/// Stores a distributor's clock.
pub(crate) const PUT_CLOCK: &str = "INSERT INTO clocks (distributor_id, offset_seconds, frozen_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (distributor_id) DO UPDATE SET offset_seconds = excluded.offset_seconds, \
                 frozen_at = excluded.frozen_at";

/// A distributor's fault rules, oldest first.
pub(crate) const FAULTS: &str = "SELECT doc FROM faults WHERE distributor_id = $1 ORDER BY seq";

/// The next fault number (`flt-N`).
pub(crate) const NEXT_FAULT: &str = "INSERT INTO sequences (name, value) VALUES ('fault', 1) \
                 ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value";

/// Adds a fault rule: distributor, id, seq, document.
pub(crate) const ADD_FAULT: &str = "INSERT INTO faults (distributor_id, id, seq, doc) VALUES ($1, $2, $3, $4)";

/// Replaces a fault rule's document. `$3` (the document) comes first: bind by name.
pub(crate) const PUT_FAULT: &str = "UPDATE faults SET doc = $3 WHERE distributor_id = $1 AND id = $2";

/// Deletes one fault rule.
pub(crate) const DELETE_FAULT: &str = "DELETE FROM faults WHERE distributor_id = $1 AND id = $2";

/// Deletes every fault rule of a distributor.
pub(crate) const CLEAR_FAULTS: &str = "DELETE FROM faults WHERE distributor_id = $1";

/// Drops a distributor's journal entries older than the newest `$2 + 1`.
pub(crate) const TRIM_JOURNAL: &str = "DELETE FROM journal WHERE distributor_id = $1 AND id < (SELECT id FROM journal \
                     WHERE distributor_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)";

/// The id of a distributor's `$2 + 1`-th newest journal entry (the oldest one kept).
pub(crate) const JOURNAL_FLOOR: &str =
    "SELECT id FROM journal WHERE distributor_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2";

/// A journal search from the floor `$2` up, newest first: `(id, doc, path)`.
pub(crate) const JOURNAL: &str = "SELECT id, doc, path FROM journal WHERE distributor_id = $1 AND id >= $2 \
                 AND ($3 IS NULL OR method = $3) AND ($4 IS NULL OR status = $4) \
                 AND ($5 IS NULL OR customer_id = $5) AND ($6 IS NULL OR id < $6) AND ($7 IS NULL OR id = $7) \
                 ORDER BY id DESC";

/// Inserts `rows` journal entries (7 parameters each: distributor, at, method, path, status,
/// customer, document), returning `(id, distributor_id)` of each.
pub(crate) fn append_journal_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let n = 7 * i;
            format!("(${}, ${}, ${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5, n + 6, n + 7)
        })
        .collect();
    format!(
        "INSERT INTO journal (distributor_id, at, method, path, status, customer_id, doc) VALUES {} \
         RETURNING id, distributor_id",
        values.join(", ")
    )
}

/// A clock row (`None`: the distributor never set one).
pub(crate) fn clock_of(
    offset: Option<i64>,
    frozen: Option<String>,
) -> vipmp_core::store::StoreResult<Option<vipmp_core::clock::ClockState>> {
    Ok(match offset {
        Some(offset_seconds) => {
            Some(vipmp_core::clock::ClockState { offset_seconds, frozen_at: crate::sql::parse_instant(frozen)? })
        }
        None => None,
    })
}

/// The condition on a subscription that renews: a renewable status, and its renewal date not
/// processed yet.
static RENEWABLE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "status IN ({}) AND (last_processed_renewal_date IS NULL OR last_processed_renewal_date <> renewal_date)",
        quoted(&status::RENEWABLE)
    )
});

/// The condition on a renewal job waiting to run.
static PENDING_JOB: LazyLock<String> = LazyLock::new(|| format!("status = {}", quoted(&[job_status::PENDING])));

/// The condition on a document that is a membership transfer.
static TRANSFER: LazyLock<String> = LazyLock::new(|| format!("kind = {}", quoted(&[memberships::TRANSFER])));

/// Where each kind of due work lives: table, column, extra condition, id expression.
pub(crate) fn due_source(kind: DueKind) -> (&'static str, &'static str, &'static str, &'static str) {
    use DueKind as K;
    match kind {
        K::ResellerActivation => ("resellers", "activate_at", "1 = 1", "id"),
        K::CustomerActivation => ("customers", "activate_at", "1 = 1", "id"),
        K::Order => ("orders", "process_after", "1 = 1", "id"),
        K::RenewalJob => ("renewal_jobs", "run_after", PENDING_JOB.as_str(), "id"),
        K::Renewal => ("subscriptions", "renewal_date", RENEWABLE.as_str(), "customer_id"),
        K::CommitmentEnd => ("customers", "commitment_end", "1 = 1", "id"),
        K::RequestStart => ("customers", "request_start", "1 = 1", "id"),
        K::MembershipTransfer => ("documents", "due_at", TRANSFER.as_str(), "id"),
    }
}

/// `SELECT` of the ids due up to `$2` (processing order: due column, then id; customers of
/// renewals by id).
pub(crate) fn due_sql(kind: DueKind) -> String {
    let (table, col, extra, id) = due_source(kind);
    let order = if id == "id" { format!("{col}, id") } else { id.to_string() };
    let select = if id == "id" { "id".to_string() } else { format!("DISTINCT {id}") };
    format!(
        "SELECT {select} FROM {table} WHERE distributor_id = $1 AND {col} IS NOT NULL AND {col} <= $2 \
         AND {extra} ORDER BY {order} LIMIT $3"
    )
}

/// One `SELECT` of `(k, min(column))` per kind, the i-th kind's bounds in `($2+2i, $3+2i]`.
pub(crate) fn next_due_sql(kinds: &[DueKind]) -> String {
    let branches: Vec<String> = kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let (table, col, extra, _) = due_source(*kind);
            let (a, b) = (2 + 2 * i, 3 + 2 * i);
            format!(
                "SELECT CAST({i} AS BIGINT) AS k, min({col}) AS v FROM {table} \
                 WHERE distributor_id = $1 AND {col} > ${a} AND {col} <= ${b} AND {extra}"
            )
        })
        .collect();
    branches.join(" UNION ALL ")
}

/// One `SELECT` of `(k, sort key, id)` per kind, the i-th kind due up to `$2+i`, in processing
/// order.
pub(crate) fn due_many_sql(kinds: &[DueKind]) -> String {
    let branches: Vec<String> = kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let (table, col, extra, id) = due_source(*kind);
            let (distinct, key) = if id == "id" { ("", col) } else { ("DISTINCT ", id) };
            format!(
                "SELECT {distinct}CAST({i} AS BIGINT) AS k, {key} AS o, {id} AS id FROM {table} \
                 WHERE distributor_id = $1 AND {col} IS NOT NULL AND {col} <= ${} AND {extra}",
                2 + i
            )
        })
        .collect();
    format!("{} ORDER BY k, o, id", branches.join(" UNION ALL "))
}

/// Expands the control plane's SQL functions for the connection type `$conn`.
#[macro_export]
#[doc(hidden)]
macro_rules! control_sql {
    ($conn:ty) => {
        use sqlx::Row as _;
        use vipmp_core::clock::ClockState;
        use vipmp_core::control::{
            CooldownRow, DistributorDump, DueKind, FaultRule, JournalEntry, JournalQuery, ReplayRow, RequestIdRow,
            SnapshotInfo,
        };
        use vipmp_core::dates::format_datetime;
        use vipmp_core::store::{StoreError, StoreResult};

        use $crate::error::from_sqlx;

        use $crate::control_sql::clock_of;
        use $crate::sql::{json, parse_instant, text};

        pub(crate) async fn clock(c: &mut $conn, d: &str) -> StoreResult<Option<ClockState>> {
            let row = sqlx::query($crate::control_sql::CLOCK).bind(d).fetch_optional(c).await.map_err(from_sqlx)?;
            match row {
                Some(row) => clock_of(Some(row.get(0)), row.get(1)),
                None => Ok(None),
            }
        }

        pub(crate) async fn clocks(c: &mut $conn) -> StoreResult<Vec<(String, Option<ClockState>)>> {
            let rows = sqlx::query($crate::control_sql::CLOCKS).fetch_all(c).await.map_err(from_sqlx)?;
            rows.iter().map(|r| Ok((r.get(0), clock_of(r.get(1), r.get(2))?))).collect()
        }

        pub(crate) async fn put_clock(c: &mut $conn, d: &str, clock: &ClockState) -> StoreResult<()> {
            sqlx::query($crate::control_sql::PUT_CLOCK)
                .bind(d)
                .bind(clock.offset_seconds)
                .bind(clock.frozen_at.map(format_datetime))
                .execute(c)
                .await
                .map_err(from_sqlx)?;
            Ok(())
        }

        pub(crate) async fn due(
            c: &mut $conn,
            d: &str,
            kind: DueKind,
            upto: &str,
            limit: i64,
        ) -> StoreResult<Vec<String>> {
            sqlx::query_scalar(sqlx::AssertSqlSafe($crate::control_sql::due_sql(kind)))
                .bind(d)
                .bind(upto)
                .bind(limit)
                .fetch_all(c)
                .await
                .map_err(from_sqlx)
        }

        pub(crate) async fn next_due(
            c: &mut $conn,
            d: &str,
            bounds: &[(DueKind, String, String)],
        ) -> StoreResult<Vec<Option<String>>> {
            if bounds.is_empty() {
                return Ok(Vec::new());
            }
            let kinds: Vec<DueKind> = bounds.iter().map(|b| b.0).collect();
            let sql = $crate::control_sql::next_due_sql(&kinds);
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(d);
            for (_, after, upto) in bounds {
                q = q.bind(after.as_str()).bind(upto.as_str());
            }
            let rows = q.fetch_all(c).await.map_err(from_sqlx)?;
            let mut out = vec![None; bounds.len()];
            for row in rows {
                let k: i64 = row.get(0);
                if let Some(slot) = usize::try_from(k).ok().and_then(|k| out.get_mut(k)) {
                    *slot = row.get(1);
                }
            }
            Ok(out)
        }

        pub(crate) async fn due_many(
            c: &mut $conn,
            d: &str,
            kinds: &[(DueKind, String)],
        ) -> StoreResult<Vec<(usize, String)>> {
            if kinds.is_empty() {
                return Ok(Vec::new());
            }
            let list: Vec<DueKind> = kinds.iter().map(|k| k.0).collect();
            let mut q = sqlx::query(sqlx::AssertSqlSafe($crate::control_sql::due_many_sql(&list))).bind(d);
            for (_, upto) in kinds {
                q = q.bind(upto.as_str());
            }
            let rows = q.fetch_all(c).await.map_err(from_sqlx)?;
            Ok(rows.iter().map(|r| (usize::try_from(r.get::<i64, _>(0)).unwrap_or(0), r.get(2))).collect())
        }

        pub(crate) async fn faults(c: &mut $conn, d: &str) -> StoreResult<Vec<FaultRule>> {
            let docs: Vec<String> =
                sqlx::query_scalar($crate::control_sql::FAULTS).bind(d).fetch_all(c).await.map_err(from_sqlx)?;
            docs.iter().map(|doc| json(doc)).collect()
        }

        pub(crate) async fn add_fault(c: &mut $conn, d: &str, rule: &FaultRule) -> StoreResult<FaultRule> {
            let seq: i64 =
                sqlx::query_scalar($crate::control_sql::NEXT_FAULT).fetch_one(&mut *c).await.map_err(from_sqlx)?;
            let rule = FaultRule { id: format!("flt-{seq}"), ..rule.clone() };
            sqlx::query($crate::control_sql::ADD_FAULT)
                .bind(d)
                .bind(&rule.id)
                .bind(seq)
                .bind(text(&rule)?)
                .execute(c)
                .await
                .map_err(from_sqlx)?;
            Ok(rule)
        }

        pub(crate) async fn put_fault(c: &mut $conn, d: &str, rule: &FaultRule) -> StoreResult<()> {
            sqlx::query($crate::control_sql::PUT_FAULT)
                .bind(d)
                .bind(&rule.id)
                .bind(text(rule)?)
                .execute(c)
                .await
                .map_err(from_sqlx)?;
            Ok(())
        }

        pub(crate) async fn delete_fault(c: &mut $conn, d: &str, id: &str) -> StoreResult<bool> {
            let done =
                sqlx::query($crate::control_sql::DELETE_FAULT).bind(d).bind(id).execute(c).await.map_err(from_sqlx)?;
            Ok(done.rows_affected() > 0)
        }

        pub(crate) async fn clear_faults(c: &mut $conn, d: &str) -> StoreResult<u64> {
            let done = sqlx::query($crate::control_sql::CLEAR_FAULTS).bind(d).execute(c).await.map_err(from_sqlx)?;
            Ok(done.rows_affected())
        }

        pub(crate) async fn append_journal(c: &mut $conn, entries: &[JournalEntry], keep: i64) -> StoreResult<()> {
            let mut trim: Vec<&str> = Vec::new();
            // Multi-row inserts of up to 64 entries (7 parameters each).
            for chunk in entries.chunks(64) {
                let sql = $crate::control_sql::append_journal_sql(chunk.len());
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for e in chunk {
                    q = q
                        .bind(e.distributor_id.as_str())
                        .bind(format_datetime(e.at))
                        .bind(e.method.as_str())
                        .bind(e.path.as_str())
                        .bind(i64::from(e.status))
                        .bind(e.customer_id.as_deref())
                        .bind(text(e)?);
                }
                for row in q.fetch_all(&mut *c).await.map_err(from_sqlx)? {
                    // Trimming walks `keep` index entries: do it every 64 appends; reads cut at `keep`.
                    let (id, d): (i64, String) = (row.get(0), row.get(1));
                    if id % 64 == 0
                        && let Some(e) = chunk.iter().find(|e| e.distributor_id == d)
                        && !trim.contains(&e.distributor_id.as_str())
                    {
                        trim.push(&e.distributor_id);
                    }
                }
            }
            for d in trim {
                sqlx::query($crate::control_sql::TRIM_JOURNAL)
                    .bind(d)
                    .bind(keep.max(1) - 1)
                    .execute(&mut *c)
                    .await
                    .map_err(from_sqlx)?;
            }
            Ok(())
        }

        pub(crate) async fn journal(c: &mut $conn, q: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
            let floor: Option<i64> = sqlx::query_scalar($crate::control_sql::JOURNAL_FLOOR)
                .bind(&q.distributor_id)
                .bind(q.keep.max(1) - 1)
                .fetch_optional(&mut *c)
                .await
                .map_err(from_sqlx)?;
            let rows = sqlx::query($crate::control_sql::JOURNAL)
                .bind(&q.distributor_id)
                .bind(floor.unwrap_or(0))
                .bind(q.method.as_deref())
                .bind(q.status.map(i64::from))
                .bind(q.customer_id.as_deref())
                .bind(q.before)
                .bind(q.id)
                .fetch(c);
            // Streamed: only the rows up to `limit` are read, not the whole journal.
            let mut rows = std::pin::pin!(rows);
            let mut out = Vec::new();
            while let Some(row) = futures::TryStreamExt::try_next(&mut rows).await.map_err(from_sqlx)? {
                let path: String = row.get(2);
                if q.path.as_deref().is_some_and(|p| !vipmp_core::control::path_matches(p, &path)) {
                    continue;
                }
                let mut entry: JournalEntry = json(row.get::<&str, _>(1))?;
                entry.id = row.get(0);
                out.push(entry);
                if out.len() as i64 >= q.limit {
                    break;
                }
            }
            Ok(out)
        }
    };
}
