//! The row mapping of the PostgreSQL adapter (the statements are [`crate::sql`]'s), shared by
//! pooled reads and transactions, and the one statement of its own: the write lock.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Row};
use vipmp_core::model::AccessToken;
use vipmp_core::store::{PortalSession, ReplayKey, StoreResult, StoredResponse};

use super::run;
use crate::error::from_sqlx;
use crate::sql::{accounts, orders, requests};

/// Takes the database-wide write lock until the end of the current transaction. PostgreSQL's
/// alone: SQLite's writers queue on `BEGIN IMMEDIATE` instead.
pub async fn lock_writers(c: &mut PgConnection, key: i64) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(key).execute(c).await.map_err(from_sqlx)?;
    Ok(())
}

pub async fn token(c: &mut PgConnection, token: &str) -> StoreResult<Option<AccessToken>> {
    match run::row(c, accounts::token(token)).await? {
        Some(r) => Ok(Some(accounts::token_of(r.get(0), r.get(1), r.get(2))?)),
        None => Ok(None),
    }
}

pub async fn cooldown_until(c: &mut PgConnection, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(orders::cooldown_of(run::first(c, orders::cooldown(customer_id)).await?))
}

pub async fn stored_replay(
    c: &mut PgConnection,
    key: &ReplayKey,
    since: DateTime<Utc>,
) -> StoreResult<Option<StoredResponse>> {
    match run::row(c, requests::replay(key)).await? {
        Some(r) => requests::replay_of((r.get(0), r.get(1), r.get(2), r.get(3)), since),
        None => Ok(None),
    }
}

pub async fn session(c: &mut PgConnection, id: &str) -> StoreResult<Option<PortalSession>> {
    match run::row(c, requests::session(id)).await? {
        Some(r) => Ok(Some(requests::session_of((r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))?)),
        None => Ok(None),
    }
}
