//! The SQL of HTML portal sessions (`portal_sessions`).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, Row};
use vipmp_core::dates::{format_datetime, parse_date_or_datetime};
use vipmp_core::store::{PortalSession, StoreError, StoreResult};

use crate::error::from_sqlx;

fn instant(raw: &str) -> StoreResult<DateTime<Utc>> {
    parse_date_or_datetime(raw).ok_or_else(|| StoreError::Other(format!("bad session instant {raw}")))
}

pub async fn session(c: &mut PgConnection, id: &str) -> StoreResult<Option<PortalSession>> {
    let row = sqlx::query(
        "SELECT id, client_id, distributor_id, csrf_token, created_at, last_seen FROM portal_sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await
    .map_err(from_sqlx)?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(PortalSession {
        id: row.get("id"),
        client_id: row.get("client_id"),
        distributor_id: row.get("distributor_id"),
        csrf_token: row.get("csrf_token"),
        created_at: instant(row.get("created_at"))?,
        last_seen: instant(row.get("last_seen"))?,
    }))
}

pub async fn put_session(c: &mut PgConnection, s: &PortalSession) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO portal_sessions (id, client_id, distributor_id, csrf_token, created_at, last_seen) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, \
         distributor_id = excluded.distributor_id, csrf_token = excluded.csrf_token, last_seen = excluded.last_seen",
    )
    .bind(&s.id)
    .bind(&s.client_id)
    .bind(&s.distributor_id)
    .bind(&s.csrf_token)
    .bind(format_datetime(s.created_at))
    .bind(format_datetime(s.last_seen))
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn delete_session(c: &mut PgConnection, id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM portal_sessions WHERE id = $1").bind(id).execute(c).await.map_err(from_sqlx)?;
    Ok(())
}

pub async fn purge_sessions(c: &mut PgConnection, before: DateTime<Utc>) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM portal_sessions WHERE last_seen < $1")
        .bind(format_datetime(before))
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected())
}
