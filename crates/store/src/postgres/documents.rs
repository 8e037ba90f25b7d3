//! The generic documents table on PostgreSQL (statements in [`crate::documents_sql`]).

use sqlx::{PgConnection, Row};
use vipmp_core::store::{DocumentQuery, Page, StoreResult, StoredDocument};

use crate::documents_sql;
use crate::error::from_sqlx;

fn raw(r: &sqlx::postgres::PgRow) -> documents_sql::Raw {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6))
}

pub async fn document(
    c: &mut PgConnection,
    distributor_id: &str,
    kind: &str,
    id: &str,
) -> StoreResult<Option<StoredDocument>> {
    let row = sqlx::query(documents_sql::DOCUMENT)
        .bind(distributor_id)
        .bind(kind)
        .bind(id)
        .fetch_optional(c)
        .await
        .map_err(from_sqlx)?;
    row.map(|r| documents_sql::decode(raw(&r))).transpose()
}

pub async fn put_document(c: &mut PgConnection, d: &StoredDocument) -> StoreResult<()> {
    let (distributor_id, kind, id, created_at, label, due_at, body) = documents_sql::encode(d);
    sqlx::query(documents_sql::PUT_DOCUMENT)
        .bind(distributor_id)
        .bind(kind)
        .bind(id)
        .bind(created_at)
        .bind(label)
        .bind(due_at)
        .bind(body)
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

pub async fn delete_document(c: &mut PgConnection, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool> {
    let done = sqlx::query(documents_sql::DELETE_DOCUMENT)
        .bind(distributor_id)
        .bind(kind)
        .bind(id)
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

pub async fn list_documents(c: &mut PgConnection, q: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
    let total: i64 = sqlx::query_scalar(documents_sql::COUNT_DOCUMENTS)
        .bind(&q.distributor_id)
        .bind(&q.kind)
        .fetch_one(&mut *c)
        .await
        .map_err(from_sqlx)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(documents_sql::list_sql(q)))
        .bind(&q.distributor_id)
        .bind(&q.kind)
        .bind(q.limit)
        .bind(q.offset)
        .fetch_all(c)
        .await
        .map_err(from_sqlx)?;
    let items = rows.iter().map(|r| documents_sql::decode(raw(r))).collect::<StoreResult<_>>()?;
    Ok(Page { total, items })
}

pub async fn export_documents(c: &mut PgConnection, distributor_id: &str) -> StoreResult<Vec<StoredDocument>> {
    let rows =
        sqlx::query(documents_sql::EXPORT_DOCUMENTS).bind(distributor_id).fetch_all(c).await.map_err(from_sqlx)?;
    rows.iter().map(|r| documents_sql::decode(raw(r))).collect()
}
