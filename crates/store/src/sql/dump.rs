//! Snapshots and resets of the control plane: the snapshots table, and everything a distributor
//! owns, read, deleted and written back.

use vipmp_core::control::{CooldownRow, DistributorDump, ReplayRow, RequestIdRow, SnapshotInfo};
use vipmp_core::dates::format_datetime;
use vipmp_core::store::StoreResult;

use super::{Stmt, accounts, args, control, documents, orders, parse_instant};

/// A distributor's snapshots by name: `(name, created_at, size_bytes)`.
pub(crate) const SNAPSHOTS: &str =
    "SELECT name, created_at, size_bytes FROM snapshots WHERE distributor_id = $1 ORDER BY name";

/// Stores (or replaces) a snapshot: distributor, name, created_at, size, document.
pub(crate) const PUT_SNAPSHOT: &str = "INSERT INTO snapshots (distributor_id, name, created_at, size_bytes, doc) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (distributor_id, name) DO UPDATE SET created_at = excluded.created_at, \
                 size_bytes = excluded.size_bytes, doc = excluded.doc";

/// A snapshot's document.
pub(crate) const SNAPSHOT: &str = "SELECT doc FROM snapshots WHERE distributor_id = $1 AND name = $2";

/// Deletes a snapshot.
pub(crate) const DELETE_SNAPSHOT: &str = "DELETE FROM snapshots WHERE distributor_id = $1 AND name = $2";

/// A distributor's resellers (documents), by id.
pub(crate) const EXPORT_RESELLERS: &str = "SELECT doc FROM resellers WHERE distributor_id = $1 ORDER BY id";
/// Its customers, by id.
pub(crate) const EXPORT_CUSTOMERS: &str = "SELECT doc FROM customers WHERE distributor_id = $1 ORDER BY id";
/// Its orders, by id.
pub(crate) const EXPORT_ORDERS: &str = "SELECT doc FROM orders WHERE distributor_id = $1 ORDER BY id";
/// Its subscriptions, in insertion order.
pub(crate) const EXPORT_SUBSCRIPTIONS: &str = "SELECT doc FROM subscriptions WHERE distributor_id = $1 ORDER BY rowid";
/// Its renewal jobs, by id.
pub(crate) const EXPORT_RENEWAL_JOBS: &str = "SELECT doc FROM renewal_jobs WHERE distributor_id = $1 ORDER BY id";

/// Its customers' trigger cooldowns: `(customer_id, next_allowed_at)`.
pub(crate) const EXPORT_COOLDOWNS: &str = "SELECT customer_id, next_allowed_at FROM renewal_cooldowns WHERE customer_id IN \
                 (SELECT id FROM customers WHERE distributor_id = $1) ORDER BY customer_id";

/// Its API clients' replay records, every column.
pub(crate) const EXPORT_REPLAYS: &str = "SELECT client_id, method, route, correlation_id, created_at, status, headers, body FROM replays \
                 WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1) \
                 ORDER BY client_id, method, route, correlation_id";

/// Its API clients' request ids, every column.
pub(crate) const EXPORT_REQUEST_IDS: &str = "SELECT client_id, request_id, correlation_id, created_at FROM request_ids \
                 WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1) \
                 ORDER BY client_id, request_id";

/// Its stored contacts: `(email, doc)`.
pub(crate) const EXPORT_CONTACTS: &str = "SELECT email, doc FROM contacts WHERE distributor_id = $1 ORDER BY email";

/// What a wipe deletes (each statement takes the distributor as `$1`), children first.
pub(crate) const WIPE: [&str; 12] = [
    "DELETE FROM renewal_cooldowns WHERE customer_id IN (SELECT id FROM customers WHERE distributor_id = $1)",
    "DELETE FROM replays WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1)",
    "DELETE FROM request_ids WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1)",
    "DELETE FROM subscriptions WHERE distributor_id = $1",
    "DELETE FROM orders WHERE distributor_id = $1",
    "DELETE FROM renewal_jobs WHERE distributor_id = $1",
    "DELETE FROM customers WHERE distributor_id = $1",
    "DELETE FROM resellers WHERE distributor_id = $1",
    "DELETE FROM contacts WHERE distributor_id = $1",
    "DELETE FROM documents WHERE distributor_id = $1",
    "DELETE FROM faults WHERE distributor_id = $1",
    "DELETE FROM clocks WHERE distributor_id = $1",
];

/// Imports a trigger cooldown.
pub(crate) const IMPORT_COOLDOWN: &str = "INSERT INTO renewal_cooldowns (customer_id, next_allowed_at) VALUES ($1, $2)";

/// Imports a replay record, every column in [`EXPORT_REPLAYS`]'s order.
pub(crate) const IMPORT_REPLAY: &str = "INSERT INTO replays (client_id, method, route, correlation_id, created_at, status, headers, body) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Imports a request id, every column in [`EXPORT_REQUEST_IDS`]'s order.
pub(crate) const IMPORT_REQUEST_ID: &str =
    "INSERT INTO request_ids (client_id, request_id, correlation_id, created_at) VALUES ($1, $2, $3, $4)";

/// Imports a contact: distributor, email, document.
pub(crate) const IMPORT_CONTACT: &str = "INSERT INTO contacts (distributor_id, email, doc) VALUES ($1, $2, $3)";

/// `sql` (one of the `EXPORT_…`, [`WIPE`] or [`SNAPSHOTS`]) for the distributor `d`.
pub(crate) fn of<'a>(sql: &'static str, d: &'a str) -> Stmt<'a> {
    Stmt::new(sql, args![d])
}

/// A [`SNAPSHOTS`] row.
pub(crate) fn snapshot_of(name: String, created_at: String, size_bytes: i64) -> StoreResult<SnapshotInfo> {
    Ok(SnapshotInfo { name, created_at: parse_instant(Some(created_at))?.unwrap_or_default(), size_bytes })
}

/// See [`PUT_SNAPSHOT`].
pub(crate) fn put_snapshot<'a>(d: &'a str, info: &'a SnapshotInfo, doc: &'a str) -> Stmt<'a> {
    Stmt::new(PUT_SNAPSHOT, args![d, &info.name, format_datetime(info.created_at), info.size_bytes, doc])
}

/// See [`SNAPSHOT`].
pub(crate) fn snapshot<'a>(d: &'a str, name: &'a str) -> Stmt<'a> {
    Stmt::new(SNAPSHOT, args![d, name])
}

/// See [`DELETE_SNAPSHOT`].
pub(crate) fn delete_snapshot<'a>(d: &'a str, name: &'a str) -> Stmt<'a> {
    Stmt::new(DELETE_SNAPSHOT, args![d, name])
}

/// See [`IMPORT_COOLDOWN`].
fn import_cooldown(k: &CooldownRow) -> Stmt<'_> {
    Stmt::new(IMPORT_COOLDOWN, args![&k.customer_id, &k.next_allowed_at])
}

/// See [`IMPORT_REPLAY`].
fn import_replay(r: &ReplayRow) -> Stmt<'_> {
    let args = args![
        &r.client_id,
        &r.method,
        &r.route,
        &r.correlation_id,
        &r.created_at,
        r.status,
        &r.headers,
        r.body.as_bytes(),
    ];
    Stmt::new(IMPORT_REPLAY, args)
}

/// See [`IMPORT_REQUEST_ID`].
fn import_request_id(r: &RequestIdRow) -> Stmt<'_> {
    Stmt::new(IMPORT_REQUEST_ID, args![&r.client_id, &r.request_id, &r.correlation_id, &r.created_at])
}

/// See [`IMPORT_CONTACT`].
fn import_contact<'a>(d: &'a str, email: &'a str, doc: &'a str) -> Stmt<'a> {
    Stmt::new(IMPORT_CONTACT, args![d, email, doc])
}

/// Every statement that writes `dump` back (after a wipe), in order: parents first.
pub(crate) fn import(dump: &DistributorDump) -> impl Iterator<Item = StoreResult<Stmt<'_>>> {
    let d = dump.distributor.id.as_str();
    std::iter::once(accounts::put_distributor(&dump.distributor))
        .chain(dump.clock.as_ref().map(|k| Ok(control::put_clock(d, k))))
        .chain(dump.resellers.iter().map(accounts::put_reseller))
        .chain(dump.customers.iter().map(accounts::put_customer))
        .chain(dump.orders.iter().map(orders::put_order))
        .chain(dump.subscriptions.iter().map(orders::put_subscription))
        .chain(dump.renewal_jobs.iter().map(orders::put_renewal_job))
        .chain(dump.cooldowns.iter().map(|k| Ok(import_cooldown(k))))
        .chain(dump.replays.iter().map(|r| Ok(import_replay(r))))
        .chain(dump.request_ids.iter().map(|r| Ok(import_request_id(r))))
        .chain(dump.contacts.iter().map(move |(email, doc)| Ok(import_contact(d, email, doc))))
        .chain(dump.documents.iter().map(|doc| Ok(documents::put_document(doc))))
}
