//! The writes of a SQLite transaction (and the replay and request-id reads that only a
//! transaction makes), on the writer connection; portal sessions included.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{PortalSession, ReplayKey, StoreResult, StoredDocument, StoredResponse};

use super::conn::Sql;
use crate::error::from_json;

fn ts(at: DateTime<Utc>) -> String {
    format_datetime(at)
}

fn to_doc<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(from_json)
}

/// Runs one statement of `sql` with `args`; returns the rows it changed.
fn exec(c: &Connection, sql: &str, args: impl rusqlite::Params) -> StoreResult<u64> {
    let n = c.prepare_cached(sql).and_then(|mut s| s.execute(args)).sql()?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub fn next_id(c: &Connection, seq: Sequence) -> StoreResult<i64> {
    c.prepare_cached(
        "INSERT INTO sequences (name, value) VALUES (?, ?) \
         ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value",
    )
    .and_then(|mut s| s.query_row(params![seq.name(), seq.first()], |r| r.get(0)))
    .sql()
}

pub fn put_distributor(c: &Connection, d: &Distributor) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO distributors (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
        params![d.id, to_doc(d)?],
    )?;
    Ok(())
}

pub fn put_api_client(c: &Connection, client: &ApiClient) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO api_clients (client_id, distributor_id, doc) VALUES (?, ?, ?) \
         ON CONFLICT (client_id) DO UPDATE SET distributor_id = excluded.distributor_id, doc = excluded.doc",
        params![client.client_id, client.distributor_id, to_doc(client)?],
    )?;
    Ok(())
}

pub fn put_token(c: &Connection, t: &AccessToken) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO tokens (token, client_id, expires_at) VALUES (?, ?, ?)",
        params![t.token, t.client_id, ts(t.expires_at)],
    )?;
    Ok(())
}

pub fn put_reseller(c: &Connection, r: &Reseller) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO resellers (id, distributor_id, status, company_name, created_at, activate_at, doc) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
         company_name = excluded.company_name, activate_at = excluded.activate_at, doc = excluded.doc",
        params![
            r.id,
            r.distributor_id,
            r.status,
            r.profile.company_name,
            ts(r.created_at),
            r.activate_at.map(ts),
            to_doc(r)?
        ],
    )?;
    Ok(())
}

pub fn put_customer(c: &Connection, cu: &Customer) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO customers (id, distributor_id, reseller_id, status, company_name, created_at, activate_at, doc, \
         commitment_end, request_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET \
         reseller_id = excluded.reseller_id, status = excluded.status, company_name = excluded.company_name, \
         activate_at = excluded.activate_at, doc = excluded.doc, commitment_end = excluded.commitment_end, \
         request_start = excluded.request_start",
        params![
            cu.id,
            cu.distributor_id,
            cu.reseller_id,
            cu.status,
            cu.profile.company_name,
            ts(cu.created_at),
            cu.activate_at.map(ts),
            to_doc(cu)?,
            vipmp_core::control::commitment_end(cu).map(format_date),
            vipmp_core::control::request_start(cu).map(format_date)
        ],
    )?;
    Ok(())
}

pub fn put_order(c: &Connection, o: &Order) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO orders (id, distributor_id, customer_id, order_type, status, created_at, process_after, doc) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
         created_at = excluded.created_at, process_after = excluded.process_after, doc = excluded.doc",
        params![
            o.id,
            o.distributor_id,
            o.customer_id,
            o.order_type.as_str(),
            o.status,
            ts(o.created_at),
            o.process_after.map(ts),
            to_doc(o)?
        ],
    )?;
    Ok(())
}

pub fn put_subscription(c: &Connection, s: &Subscription) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO subscriptions (id, distributor_id, customer_id, status, created_at, renewal_date, \
         last_processed_renewal_date, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, renewal_date = excluded.renewal_date, \
         last_processed_renewal_date = excluded.last_processed_renewal_date, doc = excluded.doc",
        params![
            s.id,
            s.distributor_id,
            s.customer_id,
            s.status,
            ts(s.created_at),
            s.renewal_date.map(format_date),
            s.last_processed_renewal_date.map(format_date),
            to_doc(s)?
        ],
    )?;
    Ok(())
}

pub fn put_renewal_job(c: &Connection, j: &RenewalJob) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO renewal_jobs (id, distributor_id, customer_id, status, run_after, doc) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, run_after = excluded.run_after, doc = excluded.doc",
        params![j.id, j.distributor_id, j.customer_id, j.status, ts(j.run_after), to_doc(j)?],
    )?;
    Ok(())
}

pub fn put_contact(c: &Connection, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO contacts (distributor_id, email, doc) VALUES (?, ?, ?) \
         ON CONFLICT (distributor_id, email) DO NOTHING",
        params![distributor_id, email, to_doc(contact)?],
    )?;
    Ok(())
}

pub fn stored_replay(c: &Connection, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
    let row: Option<(String, Option<i64>, String, Vec<u8>)> = c
        .prepare_cached(
            "SELECT created_at, status, headers, body FROM replays \
             WHERE client_id = ? AND method = ? AND route = ? AND correlation_id = ?",
        )
        .and_then(|mut s| {
            s.query_row(params![key.client_id, key.method, key.route, key.correlation_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()
        })
        .sql()?;
    match row {
        Some((created, Some(status), headers, body)) if created >= ts(since) => Ok(Some(StoredResponse {
            status: u16::try_from(status).unwrap_or(500),
            headers: serde_json::from_str(&headers).map_err(from_json)?,
            body,
        })),
        _ => Ok(None),
    }
}

pub fn store_replay(c: &Connection, key: &ReplayKey, r: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO replays (client_id, method, route, correlation_id, created_at, status, headers, body) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, method, route, correlation_id) DO UPDATE SET \
         created_at = excluded.created_at, status = excluded.status, headers = excluded.headers, body = excluded.body",
        params![
            key.client_id,
            key.method,
            key.route,
            key.correlation_id,
            ts(at),
            i64::from(r.status),
            serde_json::to_string(&r.headers).map_err(from_json)?,
            r.body
        ],
    )?;
    Ok(())
}

pub fn request_id_seen(c: &Connection, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool> {
    c.prepare_cached("SELECT 1 FROM request_ids WHERE client_id = ? AND request_id = ? AND created_at >= ?")
        .and_then(|mut s| s.exists(params![client_id, request_id, ts(since)]))
        .sql()
}

pub fn record_request_id(
    c: &Connection,
    client_id: &str,
    request_id: &str,
    correlation_id: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO request_ids (client_id, request_id, correlation_id, created_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (client_id, request_id) DO UPDATE SET correlation_id = excluded.correlation_id, \
         created_at = excluded.created_at",
        params![client_id, request_id, correlation_id, ts(at)],
    )?;
    Ok(())
}

pub fn purge_replays(c: &Connection, before: DateTime<Utc>) -> StoreResult<u64> {
    let cutoff = ts(before);
    let a = exec(c, "DELETE FROM replays WHERE created_at < ? AND status IS NOT NULL", [&cutoff])?;
    let b = exec(c, "DELETE FROM request_ids WHERE created_at < ?", [&cutoff])?;
    Ok(a + b)
}

/// One statement, so the check and the write cannot interleave with another trigger's.
pub fn try_start_cooldown(
    c: &Connection,
    customer_id: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<bool> {
    c.prepare_cached(
        "INSERT INTO renewal_cooldowns (customer_id, next_allowed_at) VALUES (?, ?) \
         ON CONFLICT (customer_id) DO UPDATE SET next_allowed_at = excluded.next_allowed_at \
         WHERE renewal_cooldowns.next_allowed_at <= ? RETURNING next_allowed_at",
    )
    .and_then(|mut s| s.exists(params![customer_id, ts(until), ts(now)]))
    .sql()
}

pub fn put_session(c: &Connection, s: &PortalSession) -> StoreResult<()> {
    exec(
        c,
        "INSERT INTO portal_sessions (id, client_id, distributor_id, csrf_token, created_at, last_seen) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, \
         distributor_id = excluded.distributor_id, csrf_token = excluded.csrf_token, last_seen = excluded.last_seen",
        params![s.id, s.client_id, s.distributor_id, s.csrf_token, ts(s.created_at), ts(s.last_seen)],
    )?;
    Ok(())
}

pub fn delete_session(c: &Connection, id: &str) -> StoreResult<()> {
    exec(c, "DELETE FROM portal_sessions WHERE id = ?", [id])?;
    Ok(())
}

pub fn purge_sessions(c: &Connection, before: DateTime<Utc>) -> StoreResult<u64> {
    exec(c, "DELETE FROM portal_sessions WHERE last_seen < ?", [ts(before)])
}

pub fn put_document(c: &Connection, d: &StoredDocument) -> StoreResult<()> {
    let (distributor_id, kind, id, created_at, label, due_at, body) = crate::documents_sql::encode(d);
    exec(c, crate::documents_sql::PUT_DOCUMENT, params![distributor_id, kind, id, created_at, label, due_at, body])?;
    Ok(())
}

pub fn delete_document(c: &Connection, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool> {
    Ok(exec(c, crate::documents_sql::DELETE_DOCUMENT, params![distributor_id, kind, id])? > 0)
}
