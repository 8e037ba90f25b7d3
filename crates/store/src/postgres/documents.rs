//! The generic documents table on PostgreSQL (statements in [`crate::sql::documents`]).

use sqlx::{PgConnection, Row};
use vipmp_core::store::{DocumentQuery, Page, StoreResult, StoredDocument};

use super::run;
use crate::sql::{Stmt, documents};

fn raw(r: &sqlx::postgres::PgRow) -> documents::Raw {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6))
}

/// The documents `s` selects.
async fn stored(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Vec<StoredDocument>> {
    run::rows(c, s).await?.iter().map(|r| documents::decode(raw(r))).collect()
}

pub async fn document(
    c: &mut PgConnection,
    distributor_id: &str,
    kind: &str,
    id: &str,
) -> StoreResult<Option<StoredDocument>> {
    Ok(stored(c, documents::document(distributor_id, kind, id)).await?.pop())
}

pub async fn list_documents(c: &mut PgConnection, q: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
    let list = documents::list(q);
    let total = run::one(&mut *c, list.count).await?;
    Ok(Page { total, items: stored(c, list.page).await? })
}

pub async fn export_documents(c: &mut PgConnection, distributor_id: &str) -> StoreResult<Vec<StoredDocument>> {
    stored(c, documents::export(distributor_id)).await
}
