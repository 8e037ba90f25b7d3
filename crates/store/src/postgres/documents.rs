//! The generic documents table on PostgreSQL (statements in [`crate::documents_sql`]).

use sqlx::{PgConnection, Row};
use vipmp_core::store::{DocumentQuery, Page, StoreResult, StoredDocument};

use super::run;
use crate::documents_sql;
use crate::sql::Stmt;

fn raw(r: &sqlx::postgres::PgRow) -> documents_sql::Raw {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6))
}

/// The documents `s` selects.
async fn documents(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Vec<StoredDocument>> {
    run::rows(c, s).await?.iter().map(|r| documents_sql::decode(raw(r))).collect()
}

pub async fn document(
    c: &mut PgConnection,
    distributor_id: &str,
    kind: &str,
    id: &str,
) -> StoreResult<Option<StoredDocument>> {
    Ok(documents(c, documents_sql::document(distributor_id, kind, id)).await?.pop())
}

pub async fn list_documents(c: &mut PgConnection, q: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
    let list = documents_sql::list(q);
    let total = run::one(&mut *c, list.count).await?;
    Ok(Page { total, items: documents(c, list.page).await? })
}

pub async fn export_documents(c: &mut PgConnection, distributor_id: &str) -> StoreResult<Vec<StoredDocument>> {
    documents(c, documents_sql::export(distributor_id)).await
}
