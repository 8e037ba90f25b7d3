//! Snapshots, and everything a distributor owns read, deleted and written back: the statements
//! of [`crate::sql::dump`] on rusqlite.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use vipmp_core::control::{CooldownRow, DistributorDump, ReplayRow, RequestIdRow, SnapshotInfo};
use vipmp_core::store::{StoreError, StoreResult};

use crate::sql::accounts;
use crate::sql::dump as sql;
use crate::sqlite::{reads, run};

/// The documents `sql` selects for the distributor `d`.
fn docs<T: serde::de::DeserializeOwned>(c: &Connection, sql: &'static str, d: &str) -> StoreResult<Vec<T>> {
    run::docs(c, &sql::of(sql, d))
}

/// A body column as text (stored as a BLOB; text is taken as it is).
fn body(r: &Row<'_>, i: usize) -> rusqlite::Result<String> {
    match r.get_ref(i)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        other => Err(rusqlite::Error::InvalidColumnType(i, "body".into(), other.data_type())),
    }
}

/// A distributor's snapshots, by name.
pub(super) fn snapshots(c: &Connection, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
    let found = run::rows(c, &sql::of(sql::SNAPSHOTS, d), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    found.into_iter().map(|(name, created_at, size_bytes)| sql::snapshot_of(name, created_at, size_bytes)).collect()
}

/// Stores (or replaces) a snapshot.
pub(super) fn put_snapshot(c: &Connection, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
    run::execute(c, &sql::put_snapshot(d, info, doc)).map(drop)
}

/// A snapshot's JSON document.
pub(super) fn snapshot(c: &Connection, d: &str, name: &str) -> StoreResult<Option<String>> {
    run::row(c, &sql::snapshot(d, name), |r| r.get(0))
}

/// Deletes a snapshot; whether it existed.
pub(super) fn delete_snapshot(c: &Connection, d: &str, name: &str) -> StoreResult<bool> {
    Ok(run::execute(c, &sql::delete_snapshot(d, name))? > 0)
}

fn cooldown(r: &Row<'_>) -> rusqlite::Result<CooldownRow> {
    Ok(CooldownRow { customer_id: r.get(0)?, next_allowed_at: r.get(1)? })
}

fn replay(r: &Row<'_>) -> rusqlite::Result<ReplayRow> {
    Ok(ReplayRow {
        client_id: r.get(0)?,
        method: r.get(1)?,
        route: r.get(2)?,
        correlation_id: r.get(3)?,
        created_at: r.get(4)?,
        status: r.get(5)?,
        headers: r.get(6)?,
        body: body(r, 7)?,
    })
}

fn request_id(r: &Row<'_>) -> rusqlite::Result<RequestIdRow> {
    Ok(RequestIdRow { client_id: r.get(0)?, request_id: r.get(1)?, correlation_id: r.get(2)?, created_at: r.get(3)? })
}

/// Reads everything a distributor owns.
pub(super) fn export(c: &Connection, d: &str) -> StoreResult<DistributorDump> {
    let distributor =
        run::doc(c, &accounts::distributor(d))?.ok_or_else(|| StoreError::Other(format!("no distributor {d}")))?;
    Ok(DistributorDump {
        distributor,
        clock: super::clock(c, d)?,
        resellers: docs(c, sql::EXPORT_RESELLERS, d)?,
        customers: docs(c, sql::EXPORT_CUSTOMERS, d)?,
        orders: docs(c, sql::EXPORT_ORDERS, d)?,
        subscriptions: docs(c, sql::EXPORT_SUBSCRIPTIONS, d)?,
        renewal_jobs: docs(c, sql::EXPORT_RENEWAL_JOBS, d)?,
        cooldowns: run::rows(c, &sql::of(sql::EXPORT_COOLDOWNS, d), cooldown)?,
        replays: run::rows(c, &sql::of(sql::EXPORT_REPLAYS, d), replay)?,
        request_ids: run::rows(c, &sql::of(sql::EXPORT_REQUEST_IDS, d), request_id)?,
        contacts: run::rows(c, &sql::of(sql::EXPORT_CONTACTS, d), |r| Ok((r.get(0)?, r.get(1)?)))?,
        documents: reads::export_documents(c, d)?,
    })
}

/// Deletes everything a distributor owns except the distributor record, its API clients,
/// tokens, portal sessions, snapshots and journal.
pub(super) fn wipe(c: &Connection, d: &str) -> StoreResult<()> {
    for statement in sql::WIPE {
        run::execute(c, &sql::of(statement, d))?;
    }
    Ok(())
}

/// Writes a dump back (after [`wipe`]).
pub(super) fn import(c: &Connection, dump: &DistributorDump) -> StoreResult<()> {
    for statement in sql::import(dump) {
        run::execute(c, &statement?)?;
    }
    Ok(())
}
