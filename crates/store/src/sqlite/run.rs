//! The shared statements of [`crate::sql`] on rusqlite: binding, and the common shapes of their
//! results. Statements are prepared once per connection (`prepare_cached`).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params_from_iter};
use serde::de::DeserializeOwned;
use vipmp_core::store::{Page, StoreResult};

use super::conn::Sql;
use crate::sql::lists::List;
use crate::sql::{Arg, Stmt, json};

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Arg::Text(s) => ValueRef::Text(s.as_bytes()),
            Arg::OptText(Some(s)) => ValueRef::Text(s.as_bytes()),
            Arg::Int(n) | Arg::OptInt(Some(n)) => ValueRef::Integer(*n),
            Arg::OptText(None) | Arg::OptInt(None) => ValueRef::Null,
            Arg::Bytes(b) => ValueRef::Blob(b),
        }))
    }
}

/// Runs `s`; returns the rows it changed.
pub fn execute(c: &Connection, s: &Stmt<'_>) -> StoreResult<u64> {
    let n = c.prepare_cached(&s.sql).and_then(|mut st| st.execute(params_from_iter(&s.args))).sql()?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Whether `s` returns a row.
pub fn exists(c: &Connection, s: &Stmt<'_>) -> StoreResult<bool> {
    c.prepare_cached(&s.sql).and_then(|mut st| st.exists(params_from_iter(&s.args))).sql()
}

/// The first row of `s`, read by `f`, if any.
pub fn row<T>(c: &Connection, s: &Stmt<'_>, f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>) -> StoreResult<Option<T>> {
    c.prepare_cached(&s.sql).and_then(|mut st| st.query_row(params_from_iter(&s.args), f).optional()).sql()
}

/// Every row of `s`, each read by `f`.
pub fn rows<T>(c: &Connection, s: &Stmt<'_>, f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> StoreResult<Vec<T>> {
    let mut st = c.prepare_cached(&s.sql).sql()?;
    st.query_map(params_from_iter(&s.args), f).sql()?.collect::<rusqlite::Result<_>>().sql()
}

/// The first column of the one row `s` returns.
pub fn one<T: rusqlite::types::FromSql>(c: &Connection, s: &Stmt<'_>) -> StoreResult<T> {
    c.prepare_cached(&s.sql).and_then(|mut st| st.query_row(params_from_iter(&s.args), |r| r.get(0))).sql()
}

/// The document `s` selects, if any.
pub fn doc<T: DeserializeOwned>(c: &Connection, s: &Stmt<'_>) -> StoreResult<Option<T>> {
    row(c, s, |r| r.get::<_, String>(0))?.map(|d| json(&d)).transpose()
}

/// Every document `s` selects.
pub fn docs<T: DeserializeOwned>(c: &Connection, s: &Stmt<'_>) -> StoreResult<Vec<T>> {
    rows(c, s, |r| r.get::<_, String>(0))?.iter().map(|d| json(d)).collect()
}

/// The count and the page of a list.
pub fn page<T: DeserializeOwned>(c: &Connection, list: &List<'_>) -> StoreResult<Page<T>> {
    Ok(Page { total: one(c, &list.count)?, items: docs(c, &list.page)? })
}
