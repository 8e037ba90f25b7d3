//! The row mapping of the SQLite adapter (the statements are [`crate::sql`]'s): reads on a
//! reader outside a transaction, or on the writer inside one.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row};
use vipmp_core::model::AccessToken;
use vipmp_core::store::{DocumentQuery, Page, PortalSession, ReplayKey, StoreResult, StoredDocument, StoredResponse};

use super::run;
use crate::sql::{Stmt, accounts, documents, orders, requests};

pub fn token(c: &Connection, token: &str) -> StoreResult<Option<AccessToken>> {
    let row = run::row(c, &accounts::token(token), |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?;
    row.map(|(token, client_id, expires_at)| accounts::token_of(token, client_id, &expires_at)).transpose()
}

pub fn cooldown_until(c: &Connection, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(orders::cooldown_of(run::row(c, &orders::cooldown(customer_id), |r| r.get(0))?))
}

pub fn stored_replay(c: &Connection, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
    match run::row(c, &requests::replay(key), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
        Some(row) => requests::replay_of(row, since),
        None => Ok(None),
    }
}

pub fn session(c: &Connection, id: &str) -> StoreResult<Option<PortalSession>> {
    let row = run::row(c, &requests::session(id), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    row.map(requests::session_of).transpose()
}

fn raw(r: &Row<'_>) -> rusqlite::Result<documents::Raw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

/// The documents `s` selects.
fn stored(c: &Connection, s: &Stmt<'_>) -> StoreResult<Vec<StoredDocument>> {
    run::rows(c, s, raw)?.into_iter().map(documents::decode).collect()
}

pub fn document(c: &Connection, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
    Ok(stored(c, &documents::document(distributor_id, kind, id))?.pop())
}

pub fn list_documents(c: &Connection, q: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
    let list = documents::list(q);
    Ok(Page { total: run::one(c, &list.count)?, items: stored(c, &list.page)? })
}

pub fn export_documents(c: &Connection, distributor_id: &str) -> StoreResult<Vec<StoredDocument>> {
    stored(c, &documents::export(distributor_id))
}
