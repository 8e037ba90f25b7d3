//! The shared statements of [`crate::sql`] on sqlx's PostgreSQL driver: binding, and the common
//! shapes of their results. sqlx prepares each text once per connection.

use serde::de::DeserializeOwned;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::{Query, QueryScalar};
use sqlx::{Arguments as _, AssertSqlSafe, PgConnection, Postgres};
use vipmp_core::store::{Page, StoreError, StoreResult};

use crate::error::from_sqlx;
use crate::sql::lists::List;
use crate::sql::{Arg, Stmt, json};

/// The values of `args`, encoded.
fn arguments(args: Vec<Arg<'_>>) -> StoreResult<PgArguments> {
    let mut out = PgArguments::default();
    for arg in args {
        match arg {
            Arg::Text(s) => out.add(s.as_ref()),
            Arg::OptText(s) => out.add(s.as_deref()),
            Arg::Int(n) => out.add(n),
            Arg::OptInt(n) => out.add(n),
            Arg::Bytes(b) => out.add(b),
        }
        .map_err(|e| StoreError::Other(format!("cannot bind a parameter: {e}")))?;
    }
    Ok(out)
}

/// `s` as a sqlx query.
pub fn query(s: Stmt<'_>) -> StoreResult<Query<'static, Postgres, PgArguments>> {
    Ok(sqlx::query_with(AssertSqlSafe(s.sql), arguments(s.args)?))
}

/// `s` as a sqlx query of the first column.
fn query_scalar<T>(s: Stmt<'_>) -> StoreResult<QueryScalar<'static, Postgres, T, PgArguments>>
where
    (T,): for<'r> sqlx::FromRow<'r, PgRow>,
{
    Ok(sqlx::query_scalar_with(AssertSqlSafe(s.sql), arguments(s.args)?))
}

/// Runs `s`; returns the rows it changed.
pub async fn execute(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<u64> {
    Ok(query(s)?.execute(c).await.map_err(from_sqlx)?.rows_affected())
}

/// The first row of `s`, if any.
pub async fn row(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Option<PgRow>> {
    query(s)?.fetch_optional(c).await.map_err(from_sqlx)
}

/// Every row of `s`.
pub async fn rows(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Vec<PgRow>> {
    query(s)?.fetch_all(c).await.map_err(from_sqlx)
}

/// The first column of the first row of `s`, if any.
pub async fn first<T>(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Option<T>>
where
    T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres> + Send + Unpin,
{
    query_scalar(s)?.fetch_optional(c).await.map_err(from_sqlx)
}

/// The first column of the one row `s` returns.
pub async fn one<T>(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<T>
where
    T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres> + Send + Unpin,
{
    query_scalar(s)?.fetch_one(c).await.map_err(from_sqlx)
}

/// The document `s` selects, if any.
pub async fn doc<T: DeserializeOwned>(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Option<T>> {
    first::<String>(c, s).await?.map(|d| json(&d)).transpose()
}

/// Every document `s` selects.
pub async fn docs<T: DeserializeOwned>(c: &mut PgConnection, s: Stmt<'_>) -> StoreResult<Vec<T>> {
    let found: Vec<String> = query_scalar(s)?.fetch_all(c).await.map_err(from_sqlx)?;
    found.iter().map(|d| json(d)).collect()
}

/// The count and the page of a list.
pub async fn page<T: DeserializeOwned>(c: &mut PgConnection, list: List<'_>) -> StoreResult<Page<T>> {
    let total = one(&mut *c, list.count).await?;
    Ok(Page { total, items: docs(c, list.page).await? })
}
