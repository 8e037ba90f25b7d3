//! The SQL of the store, written once for both backends: each statement is one text, with the
//! values of its parameters built next to it ([`Stmt`]). The adapters only bind ([`Arg`]) and
//! map rows (`sqlite::run`, `postgres::run`).
//!
//! The rules that let one text run on both:
//! - Parameters are `$n`, which PostgreSQL and SQLite both read. SQLite numbers `$n` parameters
//!   in order of first appearance and rusqlite binds them by position, so in every statement
//!   `$1, $2, …` first appear in increasing order. A test (`sqlite::statements`) checks every
//!   statement.
//! - Casts are `CAST(x AS type)`, never PostgreSQL's `::`. A constant that sqlx decodes as `i64`
//!   is `CAST(… AS BIGINT)` (PostgreSQL's integer literals are 32-bit).
//! - Only syntax the two share: `ON CONFLICT … DO UPDATE`, `RETURNING`, `LIMIT … OFFSET`,
//!   `LIKE … ESCAPE`. Timestamps are ISO text in both (`vipmp_core::dates`).
//! - A status in SQL is spelt by `vipmp_core::model` (`status`, `job_status`), written in with
//!   [`quoted`]. (The migrations' partial indexes spell the same literals: a migration that has
//!   shipped is never edited.)
//!
//! The only statements that differ stay in their adapter: PostgreSQL's write lock
//! (`pg_advisory_xact_lock`, which SQLite has no counterpart to: it takes `BEGIN IMMEDIATE`),
//! and SQLite's `PRAGMA`s and WAL checkpoints.

use std::borrow::Cow;

use vipmp_core::store::{StoreError, StoreResult};

pub(crate) mod accounts;
pub(crate) mod control;
pub(crate) mod documents;
pub(crate) mod dump;
pub(crate) mod lists;
pub(crate) mod orders;
pub(crate) mod requests;

/// A value bound to a statement's parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg<'a> {
    /// Text (an id, a status, an instant, a document).
    Text(Cow<'a, str>),
    /// Text or `NULL`.
    OptText(Option<Cow<'a, str>>),
    /// An integer (`BIGINT`).
    Int(i64),
    /// An integer or `NULL`.
    OptInt(Option<i64>),
    /// Bytes (SQLite `BLOB`, PostgreSQL `BYTEA`).
    Bytes(&'a [u8]),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Self::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Self::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Self::Text(Cow::Owned(s))
    }
}

impl From<Option<String>> for Arg<'_> {
    fn from(s: Option<String>) -> Self {
        Self::OptText(s.map(Cow::Owned))
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(s: Option<&'a str>) -> Self {
        Self::OptText(s.map(Cow::Borrowed))
    }
}

impl From<Option<i64>> for Arg<'_> {
    fn from(n: Option<i64>) -> Self {
        Self::OptInt(n)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(b: &'a [u8]) -> Self {
        Self::Bytes(b)
    }
}

/// A statement and the values of its parameters, `$1` first.
#[derive(Debug, Clone)]
pub(crate) struct Stmt<'a> {
    /// The SQL text.
    pub sql: Cow<'static, str>,
    /// The values, in parameter order.
    pub args: Vec<Arg<'a>>,
}

impl<'a> Stmt<'a> {
    /// `sql` with `args`.
    pub fn new(sql: impl Into<Cow<'static, str>>, args: Vec<Arg<'a>>) -> Self {
        Self { sql: sql.into(), args }
    }
}

/// The arguments of a statement, each converted with `Arg::from`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        vec![$($crate::sql::Arg::from($value)),*]
    };
}
pub(crate) use args;

/// Encodes a record as the JSON document to store.
pub(crate) fn text<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(crate::error::from_json)
}

/// Decodes a stored JSON document.
pub(crate) fn json<T: serde::de::DeserializeOwned>(doc: &str) -> StoreResult<T> {
    serde_json::from_str(doc).map_err(crate::error::from_json)
}

/// A stored instant (`None` stays `None`).
pub(crate) fn parse_instant(raw: Option<String>) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
    raw.map(|r| {
        vipmp_core::dates::parse_date_or_datetime(&r).ok_or_else(|| StoreError::Other(format!("bad instant {r}")))
    })
    .transpose()
}

/// A `*`-wildcard pattern as a lower-cased `LIKE` pattern with `\` as the escape character.
pub(crate) fn like_pattern(wildcard: &str) -> String {
    let mut out = String::new();
    for ch in wildcard.to_lowercase().chars() {
        match ch {
            '*' => out.push('%'),
            '%' | '_' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            other => out.push(other),
        }
    }
    out
}

/// Constants (statuses, kinds) as a list of SQL string literals: `'1000', '1009'`. They are
/// written into the text rather than bound, so that the planners can match the partial indexes
/// whose `WHERE` names the same literals (SQLite cannot prove a bound parameter equal to one).
pub(crate) fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| {
            assert!(!v.contains('\''), "a quoted SQL constant holds no quote: {v}");
            format!("'{v}'")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_quoted_as_a_list() {
        assert_eq!(quoted(&["1000", "1009"]), "'1000', '1009'");
        assert_eq!(quoted(&["PENDING"]), "'PENDING'");
    }

    #[test]
    fn wildcards_become_escaped_like_patterns() {
        assert_eq!(like_pattern("Ac*_5%"), "ac%\\_5\\%");
    }
}
