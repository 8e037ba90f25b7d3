//! Snapshots, and everything a distributor owns read, deleted and written back: the statements
//! of [`crate::sql::dump`] on PostgreSQL.

use sqlx::{PgConnection, Row as _};
use vipmp_core::control::{CooldownRow, DistributorDump, ReplayRow, RequestIdRow, SnapshotInfo};
use vipmp_core::store::{StoreError, StoreResult};

use super::super::{documents, run};
use crate::sql::accounts;
use crate::sql::dump as sql;

/// A distributor's snapshots, by name.
pub(super) async fn snapshots(c: &mut PgConnection, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
    let rows = run::rows(c, sql::of(sql::SNAPSHOTS, d)).await?;
    rows.iter().map(|r| sql::snapshot_of(r.get(0), r.get(1), r.get(2))).collect()
}

/// The documents `sql` selects for the distributor `d`.
async fn docs<T: serde::de::DeserializeOwned>(c: &mut PgConnection, sql: &'static str, d: &str) -> StoreResult<Vec<T>> {
    run::docs(c, sql::of(sql, d)).await
}

/// Reads everything a distributor owns.
pub(super) async fn export(c: &mut PgConnection, d: &str) -> StoreResult<DistributorDump> {
    let distributor = run::doc(&mut *c, accounts::distributor(d))
        .await?
        .ok_or_else(|| StoreError::Other(format!("no distributor {d}")))?;
    let rows = run::rows(&mut *c, sql::of(sql::EXPORT_COOLDOWNS, d)).await?;
    let cooldowns = rows.iter().map(|r| CooldownRow { customer_id: r.get(0), next_allowed_at: r.get(1) }).collect();
    let rows = run::rows(&mut *c, sql::of(sql::EXPORT_REPLAYS, d)).await?;
    let replays = rows
        .iter()
        .map(|r| ReplayRow {
            client_id: r.get(0),
            method: r.get(1),
            route: r.get(2),
            correlation_id: r.get(3),
            created_at: r.get(4),
            status: r.get(5),
            headers: r.get(6),
            body: String::from_utf8_lossy(&r.get::<Vec<u8>, _>(7)).into_owned(),
        })
        .collect();
    let rows = run::rows(&mut *c, sql::of(sql::EXPORT_REQUEST_IDS, d)).await?;
    let request_ids = rows
        .iter()
        .map(|r| RequestIdRow {
            client_id: r.get(0),
            request_id: r.get(1),
            correlation_id: r.get(2),
            created_at: r.get(3),
        })
        .collect();
    let rows = run::rows(&mut *c, sql::of(sql::EXPORT_CONTACTS, d)).await?;
    Ok(DistributorDump {
        distributor,
        clock: super::clock(&mut *c, d).await?,
        resellers: docs(&mut *c, sql::EXPORT_RESELLERS, d).await?,
        customers: docs(&mut *c, sql::EXPORT_CUSTOMERS, d).await?,
        orders: docs(&mut *c, sql::EXPORT_ORDERS, d).await?,
        subscriptions: docs(&mut *c, sql::EXPORT_SUBSCRIPTIONS, d).await?,
        renewal_jobs: docs(&mut *c, sql::EXPORT_RENEWAL_JOBS, d).await?,
        cooldowns,
        replays,
        request_ids,
        contacts: rows.iter().map(|r| (r.get(0), r.get(1))).collect(),
        documents: documents::export_documents(c, d).await?,
    })
}

/// Deletes everything a distributor owns except the distributor record, its API clients,
/// tokens, portal sessions, snapshots and journal.
pub(super) async fn wipe(c: &mut PgConnection, d: &str) -> StoreResult<()> {
    for statement in sql::WIPE {
        run::execute(&mut *c, sql::of(statement, d)).await?;
    }
    Ok(())
}

/// Writes a dump back (after [`wipe`]).
pub(super) async fn import(c: &mut PgConnection, dump: &DistributorDump) -> StoreResult<()> {
    for statement in sql::import(dump) {
        run::execute(&mut *c, statement?).await?;
    }
    Ok(())
}
