//! The control plane (`vipmp_core::control`): virtual clocks, due work, fault rules and the
//! request journal.

use std::borrow::Cow;
use std::sync::LazyLock;

use vipmp_core::clock::ClockState;
use vipmp_core::control::{DueKind, FaultRule, JournalEntry, JournalQuery};
use vipmp_core::dates::format_datetime;
use vipmp_core::model::{job_status, status};
use vipmp_core::service::memberships;
use vipmp_core::store::StoreResult;

use super::{Arg, Stmt, args, json, parse_instant, quoted, text};

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

/// Replaces a fault rule's document: document, distributor, id.
pub(crate) const PUT_FAULT: &str = "UPDATE faults SET doc = $1 WHERE distributor_id = $2 AND id = $3";

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

/// [`append_journal_sql`] of one entry.
static APPEND_ONE: LazyLock<String> = LazyLock::new(|| append_journal_sql(1));

/// A [`CLOCK`] or [`CLOCKS`] row (`None`: the distributor never set one).
pub(crate) fn clock_of(offset: Option<i64>, frozen: Option<String>) -> StoreResult<Option<ClockState>> {
    Ok(match offset {
        Some(offset_seconds) => Some(ClockState { offset_seconds, frozen_at: parse_instant(frozen)? }),
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

/// See [`CLOCK`].
pub(crate) fn clock(d: &str) -> Stmt<'_> {
    Stmt::new(CLOCK, args![d])
}

/// See [`CLOCKS`].
pub(crate) fn clocks() -> Stmt<'static> {
    Stmt::new(CLOCKS, args![])
}

/// See [`PUT_CLOCK`].
pub(crate) fn put_clock<'a>(d: &'a str, clock: &ClockState) -> Stmt<'a> {
    Stmt::new(PUT_CLOCK, args![d, clock.offset_seconds, clock.frozen_at.map(format_datetime)])
}

/// See [`due_sql`]: at most `limit` ids.
pub(crate) fn due<'a>(d: &'a str, kind: DueKind, upto: &'a str, limit: i64) -> Stmt<'a> {
    Stmt::new(due_sql(kind), args![d, upto, limit])
}

/// See [`next_due_sql`]: each `(kind, after, upto)`.
pub(crate) fn next_due<'a>(d: &'a str, bounds: &'a [(DueKind, String, String)]) -> Stmt<'a> {
    let kinds: Vec<DueKind> = bounds.iter().map(|b| b.0).collect();
    let mut args = args![d];
    for (_, after, upto) in bounds {
        args.extend(args![after, upto]);
    }
    Stmt::new(next_due_sql(&kinds), args)
}

/// See [`due_many_sql`]: each `(kind, upto)`.
pub(crate) fn due_many<'a>(d: &'a str, kinds: &'a [(DueKind, String)]) -> Stmt<'a> {
    let list: Vec<DueKind> = kinds.iter().map(|k| k.0).collect();
    let args = std::iter::once(Arg::from(d)).chain(kinds.iter().map(|(_, upto)| Arg::from(upto))).collect();
    Stmt::new(due_many_sql(&list), args)
}

/// See [`FAULTS`].
pub(crate) fn faults(d: &str) -> Stmt<'_> {
    Stmt::new(FAULTS, args![d])
}

/// See [`NEXT_FAULT`].
pub(crate) fn next_fault() -> Stmt<'static> {
    Stmt::new(NEXT_FAULT, args![])
}

/// The rule stored under the number `seq` (`flt-N`) and [`ADD_FAULT`]'s statement.
pub(crate) fn add_fault<'a>(d: &'a str, rule: &FaultRule, seq: i64) -> StoreResult<(FaultRule, Stmt<'a>)> {
    let rule = FaultRule { id: format!("flt-{seq}"), ..rule.clone() };
    let stmt = Stmt::new(ADD_FAULT, args![d, rule.id.clone(), seq, text(&rule)?]);
    Ok((rule, stmt))
}

/// See [`PUT_FAULT`].
pub(crate) fn put_fault<'a>(d: &'a str, rule: &'a FaultRule) -> StoreResult<Stmt<'a>> {
    Ok(Stmt::new(PUT_FAULT, args![text(rule)?, d, &rule.id]))
}

/// See [`DELETE_FAULT`].
pub(crate) fn delete_fault<'a>(d: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(DELETE_FAULT, args![d, id])
}

/// See [`CLEAR_FAULTS`].
pub(crate) fn clear_faults(d: &str) -> Stmt<'_> {
    Stmt::new(CLEAR_FAULTS, args![d])
}

/// See [`append_journal_sql`].
pub(crate) fn append_journal(entries: &[JournalEntry]) -> StoreResult<Stmt<'_>> {
    let mut args = Vec::with_capacity(7 * entries.len());
    for e in entries {
        args.extend(args![
            &e.distributor_id,
            format_datetime(e.at),
            &e.method,
            &e.path,
            i64::from(e.status),
            e.customer_id.as_deref(),
            text(e)?,
        ]);
    }
    let sql = match entries.len() {
        1 => Cow::Borrowed(APPEND_ONE.as_str()),
        n => Cow::Owned(append_journal_sql(n)),
    };
    Ok(Stmt::new(sql, args))
}

/// Notes that the distributor of the entry `id` (`d()`, looked up only when needed) is to be
/// trimmed: trimming walks `keep` index entries, so it runs every 64 appends (reads cut at
/// `keep` anyway).
pub(crate) fn trim_after<'a>(trim: &mut Vec<&'a str>, id: i64, d: impl FnOnce() -> Option<&'a str>) {
    if id % 64 == 0
        && let Some(d) = d()
        && !trim.contains(&d)
    {
        trim.push(d);
    }
}

/// See [`TRIM_JOURNAL`].
pub(crate) fn trim_journal(d: &str, keep: i64) -> Stmt<'_> {
    Stmt::new(TRIM_JOURNAL, args![d, keep.max(1) - 1])
}

/// See [`JOURNAL_FLOOR`].
pub(crate) fn journal_floor(q: &JournalQuery) -> Stmt<'_> {
    Stmt::new(JOURNAL_FLOOR, args![&q.distributor_id, q.keep.max(1) - 1])
}

/// See [`JOURNAL`], from the floor `floor` (the [`JOURNAL_FLOOR`] row, if any).
pub(crate) fn journal(q: &JournalQuery, floor: Option<i64>) -> Stmt<'_> {
    let args = args![
        &q.distributor_id,
        floor.unwrap_or(0),
        q.method.as_deref(),
        q.status.map(i64::from),
        q.customer_id.as_deref(),
        q.before,
        q.id,
    ];
    Stmt::new(JOURNAL, args)
}

/// A [`JOURNAL`] row: its entry, unless the query's path pattern leaves it out.
pub(crate) fn journal_entry(q: &JournalQuery, id: i64, doc: &str, path: &str) -> StoreResult<Option<JournalEntry>> {
    if q.path.as_deref().is_some_and(|p| !vipmp_core::control::path_matches(p, path)) {
        return Ok(None);
    }
    let mut entry: JournalEntry = json(doc)?;
    entry.id = id;
    Ok(Some(entry))
}
