//! The SQL of the PostgreSQL adapter, shared by pooled reads and transactions. Statement for
//! statement the same as `sqlite/queries.rs`; only the dialect differs (`$n` placeholders,
//! BIGINT, BYTEA).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{
    AccountQuery, AccountSort, OrderQuery, OrderSort, Page, ReplayKey, SortOrder, StoreError, StoreResult,
    StoredResponse,
};

use crate::control_sql::like_pattern;
use crate::error::{from_json, from_sqlx};

fn ts(at: DateTime<Utc>) -> String {
    format_datetime(at)
}

fn to_doc<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(from_json)
}

fn from_doc<T: DeserializeOwned>(doc: &str) -> StoreResult<T> {
    serde_json::from_str(doc).map_err(from_json)
}

async fn one_doc<T: DeserializeOwned>(
    c: &mut PgConnection,
    sql: &'static str,
    a: &str,
    b: Option<&str>,
) -> StoreResult<Option<T>> {
    let mut q = sqlx::query_scalar::<_, String>(sql).bind(a);
    if let Some(b) = b {
        q = q.bind(b);
    }
    match q.fetch_optional(c).await.map_err(from_sqlx)? {
        Some(doc) => Ok(Some(from_doc(&doc)?)),
        None => Ok(None),
    }
}

async fn docs<T: DeserializeOwned>(c: &mut PgConnection, sql: &'static str, a: &str, b: &str) -> StoreResult<Vec<T>> {
    let rows: Vec<String> = sqlx::query_scalar(sql).bind(a).bind(b).fetch_all(c).await.map_err(from_sqlx)?;
    rows.iter().map(|d| from_doc(d)).collect()
}

/// Takes the database-wide write lock until the end of the current transaction.
pub async fn lock_writers(c: &mut PgConnection, key: i64) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(key).execute(c).await.map_err(from_sqlx)?;
    Ok(())
}

pub async fn next_id(c: &mut PgConnection, seq: Sequence) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO sequences (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
    )
    .bind(seq.name())
    .bind(seq.first())
    .fetch_one(c)
    .await
    .map_err(from_sqlx)
}

pub async fn distributor(c: &mut PgConnection, id: &str) -> StoreResult<Option<Distributor>> {
    one_doc(c, "SELECT doc FROM distributors WHERE id = $1", id, None).await
}

pub async fn put_distributor(c: &mut PgConnection, d: &Distributor) -> StoreResult<()> {
    sqlx::query("INSERT INTO distributors (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc")
        .bind(&d.id)
        .bind(to_doc(d)?)
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

pub async fn api_client(c: &mut PgConnection, client_id: &str) -> StoreResult<Option<ApiClient>> {
    one_doc(c, "SELECT doc FROM api_clients WHERE client_id = $1", client_id, None).await
}

pub async fn put_api_client(c: &mut PgConnection, client: &ApiClient) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO api_clients (client_id, distributor_id, doc) VALUES ($1, $2, $3) \
         ON CONFLICT (client_id) DO UPDATE SET distributor_id = excluded.distributor_id, doc = excluded.doc",
    )
    .bind(&client.client_id)
    .bind(&client.distributor_id)
    .bind(to_doc(client)?)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn token(c: &mut PgConnection, token: &str) -> StoreResult<Option<AccessToken>> {
    let row = sqlx::query("SELECT token, client_id, expires_at FROM tokens WHERE token = $1")
        .bind(token)
        .fetch_optional(c)
        .await
        .map_err(from_sqlx)?;
    let Some(row) = row else { return Ok(None) };
    let expires: String = row.get("expires_at");
    let expires_at = vipmp_core::dates::parse_date_or_datetime(&expires)
        .ok_or_else(|| StoreError::Other(format!("bad token expiry {expires}")))?;
    Ok(Some(AccessToken { token: row.get("token"), client_id: row.get("client_id"), expires_at }))
}

pub async fn put_token(c: &mut PgConnection, t: &AccessToken) -> StoreResult<()> {
    sqlx::query("INSERT INTO tokens (token, client_id, expires_at) VALUES ($1, $2, $3)")
        .bind(&t.token)
        .bind(&t.client_id)
        .bind(ts(t.expires_at))
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

pub async fn reseller(c: &mut PgConnection, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
    one_doc(c, "SELECT doc FROM resellers WHERE distributor_id = $1 AND id = $2", distributor_id, Some(id)).await
}

pub async fn put_reseller(c: &mut PgConnection, r: &Reseller) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO resellers (id, distributor_id, status, company_name, created_at, activate_at, doc) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
         company_name = excluded.company_name, activate_at = excluded.activate_at, doc = excluded.doc",
    )
    .bind(&r.id)
    .bind(&r.distributor_id)
    .bind(&r.status)
    .bind(&r.profile.company_name)
    .bind(ts(r.created_at))
    .bind(r.activate_at.map(ts))
    .bind(to_doc(r)?)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn customer(c: &mut PgConnection, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
    one_doc(c, "SELECT doc FROM customers WHERE distributor_id = $1 AND id = $2", distributor_id, Some(id)).await
}

pub async fn put_customer(c: &mut PgConnection, cu: &Customer) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO customers (id, distributor_id, reseller_id, status, company_name, created_at, activate_at, doc, \
         commitment_end, request_start) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE \
         SET reseller_id = excluded.reseller_id, status = excluded.status, company_name = excluded.company_name, \
         activate_at = excluded.activate_at, doc = excluded.doc, commitment_end = excluded.commitment_end, \
         request_start = excluded.request_start",
    )
    .bind(&cu.id)
    .bind(&cu.distributor_id)
    .bind(&cu.reseller_id)
    .bind(&cu.status)
    .bind(&cu.profile.company_name)
    .bind(ts(cu.created_at))
    .bind(cu.activate_at.map(ts))
    .bind(to_doc(cu)?)
    .bind(vipmp_core::control::commitment_end(cu).map(format_date))
    .bind(vipmp_core::control::request_start(cu).map(format_date))
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn order(c: &mut PgConnection, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
    one_doc(c, "SELECT doc FROM orders WHERE distributor_id = $1 AND id = $2", distributor_id, Some(id)).await
}

pub async fn put_order(c: &mut PgConnection, o: &Order) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO orders (id, distributor_id, customer_id, order_type, status, created_at, process_after, doc) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
         created_at = excluded.created_at, process_after = excluded.process_after, doc = excluded.doc",
    )
    .bind(&o.id)
    .bind(&o.distributor_id)
    .bind(&o.customer_id)
    .bind(o.order_type.as_str())
    .bind(&o.status)
    .bind(ts(o.created_at))
    .bind(o.process_after.map(ts))
    .bind(to_doc(o)?)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn orders_of(c: &mut PgConnection, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
    docs(
        c,
        "SELECT doc FROM orders WHERE distributor_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id DESC",
        distributor_id,
        customer_id,
    )
    .await
}

pub async fn subscription(c: &mut PgConnection, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>> {
    one_doc(c, "SELECT doc FROM subscriptions WHERE distributor_id = $1 AND id = $2", distributor_id, Some(id)).await
}

pub async fn put_subscription(c: &mut PgConnection, s: &Subscription) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO subscriptions (id, distributor_id, customer_id, status, created_at, renewal_date, \
         last_processed_renewal_date, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, renewal_date = excluded.renewal_date, \
         last_processed_renewal_date = excluded.last_processed_renewal_date, doc = excluded.doc",
    )
    .bind(&s.id)
    .bind(&s.distributor_id)
    .bind(&s.customer_id)
    .bind(&s.status)
    .bind(ts(s.created_at))
    .bind(s.renewal_date.map(format_date))
    .bind(s.last_processed_renewal_date.map(format_date))
    .bind(to_doc(s)?)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn subscriptions_of(
    c: &mut PgConnection,
    distributor_id: &str,
    customer_id: &str,
) -> StoreResult<Vec<Subscription>> {
    docs(
        c,
        "SELECT doc FROM subscriptions WHERE distributor_id = $1 AND customer_id = $2 ORDER BY created_at, rowid",
        distributor_id,
        customer_id,
    )
    .await
}

fn push_filters(b: &mut QueryBuilder<Postgres>, q: &AccountQuery) {
    b.push(" WHERE distributor_id = ").push_bind(q.distributor_id.clone());
    if !q.statuses.is_empty() {
        b.push(" AND status IN (");
        let mut sep = b.separated(", ");
        for s in &q.statuses {
            sep.push_bind(s.clone());
        }
        b.push(")");
    }
    if let Some(id) = &q.id {
        b.push(" AND id = ").push_bind(id.clone());
    }
    if let Some(r) = &q.reseller_id {
        b.push(" AND reseller_id = ").push_bind(r.clone());
    }
    if let Some(name) = &q.company_name {
        // The pattern is lower case and the column's "C" collation makes `lower()` ASCII-only,
        // so this matches exactly what SQLite's (ASCII case-insensitive) LIKE matches.
        b.push(" AND lower(company_name) LIKE ").push_bind(like_pattern(name)).push(" ESCAPE '\\'");
    }
    if let Some(from) = q.created_from {
        b.push(" AND created_at >= ").push_bind(ts(from));
    }
    if let Some(to) = q.created_to {
        b.push(" AND created_at <= ").push_bind(ts(to));
    }
}

pub async fn list_accounts<T: DeserializeOwned>(
    c: &mut PgConnection,
    table: &'static str,
    q: &AccountQuery,
) -> StoreResult<Page<T>> {
    let total: i64 = if q.is_unfiltered() {
        sqlx::query_scalar(
            "SELECT coalesce((SELECT n FROM account_counts WHERE kind = $1 AND distributor_id = $2), 0)::BIGINT",
        )
        .bind(table)
        .bind(&q.distributor_id)
        .fetch_one(&mut *c)
        .await
        .map_err(from_sqlx)?
    } else {
        let mut count = QueryBuilder::<Postgres>::new(format!("SELECT count(*) FROM {table}"));
        push_filters(&mut count, q);
        count.build_query_scalar().fetch_one(&mut *c).await.map_err(from_sqlx)?
    };
    let mut b = QueryBuilder::<Postgres>::new(format!("SELECT doc FROM {table}"));
    push_filters(&mut b, q);
    let column = match q.sort {
        AccountSort::CreationDate => "created_at",
        AccountSort::CompanyName => "lower(company_name)",
        AccountSort::Id => "id",
        AccountSort::Status => "status",
    };
    let dir = match q.order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    b.push(format!(" ORDER BY {column} {dir}, id {dir} LIMIT "))
        .push_bind(q.limit)
        .push(" OFFSET ")
        .push_bind(q.offset);
    let rows: Vec<String> = b.build_query_scalar().fetch_all(c).await.map_err(from_sqlx)?;
    let items = rows.iter().map(|d| from_doc(d)).collect::<StoreResult<Vec<T>>>()?;
    Ok(Page { total, items })
}

pub async fn stored_replay(
    c: &mut PgConnection,
    key: &ReplayKey,
    since: DateTime<Utc>,
) -> StoreResult<Option<StoredResponse>> {
    let row = sqlx::query(
        "SELECT created_at, status, headers, body FROM replays \
         WHERE client_id = $1 AND method = $2 AND route = $3 AND correlation_id = $4",
    )
    .bind(&key.client_id)
    .bind(&key.method)
    .bind(&key.route)
    .bind(&key.correlation_id)
    .fetch_optional(&mut *c)
    .await
    .map_err(from_sqlx)?;
    if let Some(row) = &row {
        let created: String = row.get("created_at");
        let status: Option<i64> = row.get("status");
        if created >= ts(since)
            && let Some(status) = status
        {
            let headers: String = row.get("headers");
            return Ok(Some(StoredResponse {
                status: u16::try_from(status).unwrap_or(500),
                headers: serde_json::from_str(&headers).map_err(from_json)?,
                body: row.get("body"),
            }));
        }
    }
    Ok(None)
}

pub async fn store_replay(
    c: &mut PgConnection,
    key: &ReplayKey,
    r: &StoredResponse,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO replays (client_id, method, route, correlation_id, created_at, status, headers, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (client_id, method, route, correlation_id) DO UPDATE SET \
         created_at = excluded.created_at, status = excluded.status, headers = excluded.headers, body = excluded.body",
    )
    .bind(&key.client_id)
    .bind(&key.method)
    .bind(&key.route)
    .bind(&key.correlation_id)
    .bind(ts(at))
    .bind(i64::from(r.status))
    .bind(serde_json::to_string(&r.headers).map_err(from_json)?)
    .bind(&r.body)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn request_id_seen(
    c: &mut PgConnection,
    client_id: &str,
    request_id: &str,
    since: DateTime<Utc>,
) -> StoreResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1::bigint FROM request_ids WHERE client_id = $1 AND request_id = $2 AND created_at >= $3",
    )
    .bind(client_id)
    .bind(request_id)
    .bind(ts(since))
    .fetch_optional(c)
    .await
    .map_err(from_sqlx)?;
    Ok(found.is_some())
}

pub async fn record_request_id(
    c: &mut PgConnection,
    client_id: &str,
    request_id: &str,
    correlation_id: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO request_ids (client_id, request_id, correlation_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (client_id, request_id) DO UPDATE SET correlation_id = excluded.correlation_id, \
         created_at = excluded.created_at",
    )
    .bind(client_id)
    .bind(request_id)
    .bind(correlation_id)
    .bind(ts(at))
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn purge_replays(c: &mut PgConnection, before: DateTime<Utc>) -> StoreResult<u64> {
    let cutoff = ts(before);
    let a = sqlx::query("DELETE FROM replays WHERE created_at < $1 AND status IS NOT NULL")
        .bind(&cutoff)
        .execute(&mut *c)
        .await
        .map_err(from_sqlx)?;
    let b = sqlx::query("DELETE FROM request_ids WHERE created_at < $1")
        .bind(&cutoff)
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(a.rows_affected() + b.rows_affected())
}

pub async fn list_orders(c: &mut PgConnection, q: &OrderQuery) -> StoreResult<Page<Order>> {
    fn filters(b: &mut QueryBuilder<Postgres>, q: &OrderQuery) {
        b.push(" WHERE distributor_id = ").push_bind(q.distributor_id.clone());
        if let Some(id) = &q.order_id {
            b.push(" AND id = ").push_bind(id.clone());
        }
        if let Some(cid) = &q.customer_id {
            b.push(" AND customer_id = ").push_bind(cid.clone());
        }
    }
    let mut count = QueryBuilder::<Postgres>::new("SELECT count(*) FROM orders");
    filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *c).await.map_err(from_sqlx)?;
    let mut b = QueryBuilder::<Postgres>::new("SELECT doc FROM orders");
    filters(&mut b, q);
    let column = match q.sort {
        OrderSort::CreationDate => "created_at",
        OrderSort::Id => "id",
        OrderSort::Status => "status",
        OrderSort::OrderType => "order_type",
    };
    let dir = match q.order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    b.push(format!(" ORDER BY {column} {dir}, id {dir} LIMIT "))
        .push_bind(q.limit)
        .push(" OFFSET ")
        .push_bind(q.offset);
    let rows: Vec<String> = b.build_query_scalar().fetch_all(c).await.map_err(from_sqlx)?;
    let items = rows.iter().map(|d| from_doc(d)).collect::<StoreResult<Vec<Order>>>()?;
    Ok(Page { total, items })
}

pub async fn renewal_job(c: &mut PgConnection, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
    one_doc(c, "SELECT doc FROM renewal_jobs WHERE distributor_id = $1 AND id = $2", distributor_id, Some(id)).await
}

pub async fn put_renewal_job(c: &mut PgConnection, j: &RenewalJob) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO renewal_jobs (id, distributor_id, customer_id, status, run_after, doc) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, run_after = excluded.run_after, doc = excluded.doc",
    )
    .bind(&j.id)
    .bind(&j.distributor_id)
    .bind(&j.customer_id)
    .bind(&j.status)
    .bind(ts(j.run_after))
    .bind(to_doc(j)?)
    .execute(c)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

pub async fn cooldown_until(c: &mut PgConnection, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let value: Option<String> =
        sqlx::query_scalar("SELECT next_allowed_at FROM renewal_cooldowns WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_optional(c)
            .await
            .map_err(from_sqlx)?;
    Ok(value.and_then(|v| vipmp_core::dates::parse_date_or_datetime(&v)))
}

/// One statement, so the check and the write cannot interleave with another trigger's, even
/// without the writers' lock: a concurrent insert of the same customer waits on the key and
/// then re-checks the `WHERE` against the committed row.
pub async fn try_start_cooldown(
    c: &mut PgConnection,
    customer_id: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<bool> {
    let started: Option<String> = sqlx::query_scalar(
        "INSERT INTO renewal_cooldowns (customer_id, next_allowed_at) VALUES ($1, $2) \
         ON CONFLICT (customer_id) DO UPDATE SET next_allowed_at = excluded.next_allowed_at \
         WHERE renewal_cooldowns.next_allowed_at <= $3 RETURNING next_allowed_at",
    )
    .bind(customer_id)
    .bind(ts(until))
    .bind(ts(now))
    .fetch_optional(c)
    .await
    .map_err(from_sqlx)?;
    Ok(started.is_some())
}

pub async fn contact(c: &mut PgConnection, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>> {
    one_doc(c, "SELECT doc FROM contacts WHERE distributor_id = $1 AND email = $2", distributor_id, Some(email)).await
}

pub async fn put_contact(
    c: &mut PgConnection,
    distributor_id: &str,
    email: &str,
    contact: &Contact,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO contacts (distributor_id, email, doc) VALUES ($1, $2, $3) ON CONFLICT (distributor_id, email) DO NOTHING")
        .bind(distributor_id)
        .bind(email)
        .bind(to_doc(contact)?)
        .execute(c)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}
