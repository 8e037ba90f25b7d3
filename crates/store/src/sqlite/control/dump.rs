//! Snapshots, and everything a distributor owns read, deleted and written back: the statements
//! of [`crate::dump_sql`] on rusqlite.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row, params};
use vipmp_core::control::{CooldownRow, DistributorDump, ReplayRow, RequestIdRow, SnapshotInfo};
use vipmp_core::dates::format_datetime;
use vipmp_core::store::{StoreError, StoreResult};

use super::{clock, json, parse_instant, put_clock};
use crate::dump_sql as sql;
use crate::sql::{accounts, orders};
use crate::sqlite::conn::Sql;
use crate::sqlite::{reads, run};

/// The rows `sql` selects for the distributor `d`, each read by `f`.
fn rows<T>(c: &Connection, sql: &str, d: &str, f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> StoreResult<Vec<T>> {
    let mut stmt = c.prepare_cached(sql).sql()?;
    stmt.query_map([d], f).sql()?.collect::<rusqlite::Result<_>>().sql()
}

/// The documents `sql` selects for the distributor `d`.
fn docs<T: serde::de::DeserializeOwned>(c: &Connection, sql: &str, d: &str) -> StoreResult<Vec<T>> {
    rows(c, sql, d, |r| r.get::<_, String>(0))?.iter().map(|doc| json(doc)).collect()
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
    let found = rows(c, sql::SNAPSHOTS, d, |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, i64>(2)?)))?;
    found
        .into_iter()
        .map(|(name, created_at, size_bytes)| {
            let created_at = parse_instant(Some(created_at))?.unwrap_or_default();
            Ok(SnapshotInfo { name, created_at, size_bytes })
        })
        .collect()
}

/// Stores (or replaces) a snapshot.
pub(super) fn put_snapshot(c: &Connection, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
    let created_at = format_datetime(info.created_at);
    c.prepare_cached(sql::PUT_SNAPSHOT)
        .sql()?
        .execute(params![d, info.name, created_at, info.size_bytes, doc])
        .sql()?;
    Ok(())
}

/// A snapshot's JSON document.
pub(super) fn snapshot(c: &Connection, d: &str, name: &str) -> StoreResult<Option<String>> {
    c.prepare_cached(sql::SNAPSHOT).sql()?.query_row([d, name], |r| r.get(0)).optional().sql()
}

/// Deletes a snapshot; whether it existed.
pub(super) fn delete_snapshot(c: &Connection, d: &str, name: &str) -> StoreResult<bool> {
    Ok(c.prepare_cached(sql::DELETE_SNAPSHOT).sql()?.execute([d, name]).sql()? > 0)
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
        clock: clock(c, d)?,
        resellers: docs(c, sql::EXPORT_RESELLERS, d)?,
        customers: docs(c, sql::EXPORT_CUSTOMERS, d)?,
        orders: docs(c, sql::EXPORT_ORDERS, d)?,
        subscriptions: docs(c, sql::EXPORT_SUBSCRIPTIONS, d)?,
        renewal_jobs: docs(c, sql::EXPORT_RENEWAL_JOBS, d)?,
        cooldowns: rows(c, sql::EXPORT_COOLDOWNS, d, cooldown)?,
        replays: rows(c, sql::EXPORT_REPLAYS, d, replay)?,
        request_ids: rows(c, sql::EXPORT_REQUEST_IDS, d, request_id)?,
        contacts: rows(c, sql::EXPORT_CONTACTS, d, |r| Ok((r.get(0)?, r.get(1)?)))?,
        documents: reads::export_documents(c, d)?,
    })
}

/// Deletes everything a distributor owns except the distributor record, its API clients,
/// tokens, portal sessions, snapshots and journal.
pub(super) fn wipe(c: &Connection, d: &str) -> StoreResult<()> {
    for statement in sql::WIPE {
        c.prepare_cached(statement).sql()?.execute([d]).sql()?;
    }
    Ok(())
}

/// Writes a dump back (after [`wipe`]).
pub(super) fn import(c: &Connection, dump: &DistributorDump) -> StoreResult<()> {
    let d = dump.distributor.id.as_str();
    run::execute(c, &accounts::put_distributor(&dump.distributor)?)?;
    if let Some(k) = &dump.clock {
        put_clock(c, d, k)?;
    }
    for r in &dump.resellers {
        run::execute(c, &accounts::put_reseller(r)?)?;
    }
    for cu in &dump.customers {
        run::execute(c, &accounts::put_customer(cu)?)?;
    }
    for o in &dump.orders {
        run::execute(c, &orders::put_order(o)?)?;
    }
    for s in &dump.subscriptions {
        run::execute(c, &orders::put_subscription(s)?)?;
    }
    for j in &dump.renewal_jobs {
        run::execute(c, &orders::put_renewal_job(j)?)?;
    }
    let mut stmt = c.prepare_cached(sql::IMPORT_COOLDOWN).sql()?;
    for k in &dump.cooldowns {
        stmt.execute([&k.customer_id, &k.next_allowed_at]).sql()?;
    }
    let mut stmt = c.prepare_cached(sql::IMPORT_REPLAY).sql()?;
    for r in &dump.replays {
        let body = r.body.as_bytes();
        stmt.execute(params![
            r.client_id,
            r.method,
            r.route,
            r.correlation_id,
            r.created_at,
            r.status,
            r.headers,
            body
        ])
        .sql()?;
    }
    let mut stmt = c.prepare_cached(sql::IMPORT_REQUEST_ID).sql()?;
    for r in &dump.request_ids {
        stmt.execute([&r.client_id, &r.request_id, &r.correlation_id, &r.created_at]).sql()?;
    }
    let mut stmt = c.prepare_cached(sql::IMPORT_CONTACT).sql()?;
    for (email, doc) in &dump.contacts {
        stmt.execute([d, email, doc]).sql()?;
    }
    for doc in &dump.documents {
        run::execute(c, &crate::documents_sql::put_document(doc))?;
    }
    Ok(())
}
