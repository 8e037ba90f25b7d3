//! The store's reads: outside a transaction on a reader ([`super::conn::Readers`]), and inside
//! one on the writer.

use crate::control_sql::like_pattern;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::de::DeserializeOwned;
use vipmp_core::dates::{format_datetime, parse_date_or_datetime};
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{
    AccountQuery, AccountSort, DocumentQuery, OrderQuery, OrderSort, Page, PortalSession, SortOrder, StoreResult,
    StoredDocument,
};

use super::conn::Sql;
use crate::documents_sql;

/// A stored document that failed to decode, carried through rusqlite's error type.
fn doc_error(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

fn decode<T: DeserializeOwned>(doc: &str) -> rusqlite::Result<T> {
    serde_json::from_str(doc).map_err(doc_error)
}

fn bad_instant(column: usize, raw: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, format!("bad instant {raw}").into())
}

fn instant(row: &Row<'_>, column: usize) -> rusqlite::Result<DateTime<Utc>> {
    let raw: String = row.get(column)?;
    parse_date_or_datetime(&raw).ok_or_else(|| bad_instant(column, &raw))
}

/// The one document `sql` selects with `args`, if any.
fn one_doc<T: DeserializeOwned>(c: &Connection, sql: &str, args: &[&str]) -> rusqlite::Result<Option<T>> {
    let doc: Option<String> = c.prepare_cached(sql)?.query_row(params_from_iter(args), |r| r.get(0)).optional()?;
    doc.map(|d| decode(&d)).transpose()
}

/// Every document `sql` selects with `args`.
fn docs<T: DeserializeOwned>(c: &Connection, sql: &str, args: impl rusqlite::Params) -> rusqlite::Result<Vec<T>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| r.get::<_, String>(0))?;
    rows.map(|d| decode(&d?)).collect()
}

pub fn api_client(c: &Connection, client_id: &str) -> rusqlite::Result<Option<ApiClient>> {
    one_doc(c, "SELECT doc FROM api_clients WHERE client_id = ?", &[client_id])
}

pub fn token(c: &Connection, token: &str) -> rusqlite::Result<Option<AccessToken>> {
    c.prepare_cached("SELECT token, client_id, expires_at FROM tokens WHERE token = ?")?
        .query_row([token], |r| Ok(AccessToken { token: r.get(0)?, client_id: r.get(1)?, expires_at: instant(r, 2)? }))
        .optional()
}

pub fn distributor(c: &Connection, id: &str) -> rusqlite::Result<Option<Distributor>> {
    one_doc(c, "SELECT doc FROM distributors WHERE id = ?", &[id])
}

pub fn reseller(c: &Connection, distributor_id: &str, id: &str) -> rusqlite::Result<Option<Reseller>> {
    one_doc(c, "SELECT doc FROM resellers WHERE distributor_id = ? AND id = ?", &[distributor_id, id])
}

pub fn customer(c: &Connection, distributor_id: &str, id: &str) -> rusqlite::Result<Option<Customer>> {
    one_doc(c, "SELECT doc FROM customers WHERE distributor_id = ? AND id = ?", &[distributor_id, id])
}

pub fn order(c: &Connection, distributor_id: &str, id: &str) -> rusqlite::Result<Option<Order>> {
    one_doc(c, "SELECT doc FROM orders WHERE distributor_id = ? AND id = ?", &[distributor_id, id])
}

pub fn renewal_job(c: &Connection, distributor_id: &str, id: &str) -> rusqlite::Result<Option<RenewalJob>> {
    one_doc(c, "SELECT doc FROM renewal_jobs WHERE distributor_id = ? AND id = ?", &[distributor_id, id])
}

pub fn subscription(c: &Connection, distributor_id: &str, id: &str) -> rusqlite::Result<Option<Subscription>> {
    one_doc(c, "SELECT doc FROM subscriptions WHERE distributor_id = ? AND id = ?", &[distributor_id, id])
}

pub fn contact(c: &Connection, distributor_id: &str, email: &str) -> rusqlite::Result<Option<Contact>> {
    one_doc(c, "SELECT doc FROM contacts WHERE distributor_id = ? AND email = ?", &[distributor_id, email])
}

/// A customer's orders, newest first.
pub(crate) const ORDERS_OF: &str =
    "SELECT doc FROM orders WHERE distributor_id = ? AND customer_id = ? ORDER BY created_at DESC, id DESC";

/// A customer's subscriptions, oldest first.
pub(crate) const SUBSCRIPTIONS_OF: &str =
    "SELECT doc FROM subscriptions WHERE distributor_id = ? AND customer_id = ? ORDER BY created_at, rowid";

pub fn orders_of(c: &Connection, distributor_id: &str, customer_id: &str) -> rusqlite::Result<Vec<Order>> {
    docs(c, ORDERS_OF, [distributor_id, customer_id])
}

pub fn subscriptions_of(
    c: &Connection,
    distributor_id: &str,
    customer_id: &str,
) -> rusqlite::Result<Vec<Subscription>> {
    docs(c, SUBSCRIPTIONS_OF, [distributor_id, customer_id])
}

pub fn cooldown_until(c: &Connection, customer_id: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let value: Option<String> = c
        .prepare_cached("SELECT next_allowed_at FROM renewal_cooldowns WHERE customer_id = ?")?
        .query_row([customer_id], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| parse_date_or_datetime(&v)))
}

pub fn session(c: &Connection, id: &str) -> rusqlite::Result<Option<PortalSession>> {
    c.prepare_cached(
        "SELECT id, client_id, distributor_id, csrf_token, created_at, last_seen FROM portal_sessions WHERE id = ?",
    )?
    .query_row([id], |r| {
        Ok(PortalSession {
            id: r.get(0)?,
            client_id: r.get(1)?,
            distributor_id: r.get(2)?,
            csrf_token: r.get(3)?,
            created_at: instant(r, 4)?,
            last_seen: instant(r, 5)?,
        })
    })
    .optional()
}

/// A `WHERE` clause and its arguments.
#[derive(Default)]
struct Filter {
    sql: String,
    args: Vec<Value>,
}

impl Filter {
    fn new(distributor_id: &str) -> Self {
        let mut f = Self::default();
        f.and("distributor_id = ?", distributor_id.to_string());
        f
    }

    fn and(&mut self, condition: &str, arg: impl Into<Value>) {
        self.sql.push_str(if self.sql.is_empty() { " WHERE " } else { " AND " });
        self.sql.push_str(condition);
        self.args.push(arg.into());
    }

    fn count(&self, c: &Connection, table: &str) -> rusqlite::Result<i64> {
        let sql = format!("SELECT count(*) FROM {table}{}", self.sql);
        c.prepare_cached(&sql)?.query_row(params_from_iter(&self.args), |r| r.get(0))
    }

    /// The page of documents in `order` ("column DIR, id DIR").
    fn page<T: DeserializeOwned>(
        mut self,
        c: &Connection,
        table: &str,
        order: &str,
        limit: i64,
        offset: i64,
    ) -> rusqlite::Result<Vec<T>> {
        let sql = format!("SELECT doc FROM {table}{} ORDER BY {order} LIMIT ? OFFSET ?", self.sql);
        self.args.push(limit.into());
        self.args.push(offset.into());
        docs(c, &sql, params_from_iter(&self.args))
    }
}

fn direction(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    }
}

pub fn list_accounts<T: DeserializeOwned>(c: &Connection, table: &str, q: &AccountQuery) -> rusqlite::Result<Page<T>> {
    let mut f = Filter::new(&q.distributor_id);
    if !q.statuses.is_empty() {
        let marks = vec!["?"; q.statuses.len()].join(", ");
        f.sql.push_str(&format!(" AND status IN ({marks})"));
        f.args.extend(q.statuses.iter().map(|s| Value::from(s.clone())));
    }
    if let Some(id) = &q.id {
        f.and("id = ?", id.clone());
    }
    if let Some(r) = &q.reseller_id {
        f.and("reseller_id = ?", r.clone());
    }
    if let Some(name) = &q.company_name {
        f.and("lower(company_name) LIKE ? ESCAPE '\\'", like_pattern(name));
    }
    if let Some(from) = q.created_from {
        f.and("created_at >= ?", format_datetime(from));
    }
    if let Some(to) = q.created_to {
        f.and("created_at <= ?", format_datetime(to));
    }
    let total = if q.is_unfiltered() {
        c.prepare_cached("SELECT coalesce((SELECT n FROM account_counts WHERE kind = ? AND distributor_id = ?), 0)")?
            .query_row([table, q.distributor_id.as_str()], |r| r.get(0))?
    } else {
        f.count(c, table)?
    };
    let column = match q.sort {
        AccountSort::CreationDate => "created_at",
        AccountSort::CompanyName => "lower(company_name)",
        AccountSort::Id => "id",
        AccountSort::Status => "status",
    };
    let dir = direction(q.order);
    let items = f.page(c, table, &format!("{column} {dir}, id {dir}"), q.limit, q.offset)?;
    Ok(Page { total, items })
}

pub fn list_orders(c: &Connection, q: &OrderQuery) -> rusqlite::Result<Page<Order>> {
    let mut f = Filter::new(&q.distributor_id);
    if let Some(id) = &q.order_id {
        f.and("id = ?", id.clone());
    }
    if let Some(cid) = &q.customer_id {
        f.and("customer_id = ?", cid.clone());
    }
    let total = f.count(c, "orders")?;
    let column = match q.sort {
        OrderSort::CreationDate => "created_at",
        OrderSort::Id => "id",
        OrderSort::Status => "status",
        OrderSort::OrderType => "order_type",
    };
    let dir = direction(q.order);
    let items = f.page(c, "orders", &format!("{column} {dir}, id {dir}"), q.limit, q.offset)?;
    Ok(Page { total, items })
}

/// The documents `sql` selects with `args`.
fn documents(c: &Connection, sql: &str, args: impl rusqlite::Params) -> StoreResult<Vec<StoredDocument>> {
    let mut stmt = c.prepare_cached(sql).sql()?;
    let rows = stmt
        .query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .sql()?;
    rows.map(|raw| documents_sql::decode(raw.sql()?)).collect()
}

pub fn document(c: &Connection, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
    Ok(documents(c, documents_sql::DOCUMENT, [distributor_id, kind, id])?.pop())
}

pub fn list_documents(c: &Connection, q: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
    let total = c
        .prepare_cached(documents_sql::COUNT_DOCUMENTS)
        .and_then(|mut s| s.query_row([&q.distributor_id, &q.kind], |r| r.get(0)))
        .sql()?;
    let items = documents(c, &documents_sql::list_sql(q), params![q.distributor_id, q.kind, q.limit, q.offset])?;
    Ok(Page { total, items })
}

pub fn export_documents(c: &Connection, distributor_id: &str) -> StoreResult<Vec<StoredDocument>> {
    documents(c, documents_sql::EXPORT_DOCUMENTS, [distributor_id])
}
