//! What is sold: orders, subscriptions, renewal jobs and the renewal trigger's cooldowns.

use chrono::{DateTime, Utc};
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::model::{Order, RenewalJob, Subscription};
use vipmp_core::store::StoreResult;

use super::{Stmt, args, text};

/// An order's document.
pub(crate) const ORDER: &str = "SELECT doc FROM orders WHERE distributor_id = $1 AND id = $2";

/// Stores an order.
pub(crate) const PUT_ORDER: &str = "INSERT INTO orders \
     (id, distributor_id, customer_id, order_type, status, created_at, process_after, doc) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
     created_at = excluded.created_at, process_after = excluded.process_after, doc = excluded.doc";

/// A customer's orders, newest first.
pub(crate) const ORDERS_OF: &str =
    "SELECT doc FROM orders WHERE distributor_id = $1 AND customer_id = $2 ORDER BY created_at DESC, id DESC";

/// A subscription's document.
pub(crate) const SUBSCRIPTION: &str = "SELECT doc FROM subscriptions WHERE distributor_id = $1 AND id = $2";

/// Stores a subscription (its creation instant stays the first one).
pub(crate) const PUT_SUBSCRIPTION: &str = "INSERT INTO subscriptions (id, distributor_id, customer_id, status, \
     created_at, renewal_date, last_processed_renewal_date, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, renewal_date = excluded.renewal_date, \
     last_processed_renewal_date = excluded.last_processed_renewal_date, doc = excluded.doc";

/// A customer's subscriptions, oldest first (then in insertion order: SQLite's `rowid`, a
/// column of the same name on PostgreSQL).
pub(crate) const SUBSCRIPTIONS_OF: &str =
    "SELECT doc FROM subscriptions WHERE distributor_id = $1 AND customer_id = $2 ORDER BY created_at, rowid";

/// A renewal job's document.
pub(crate) const RENEWAL_JOB: &str = "SELECT doc FROM renewal_jobs WHERE distributor_id = $1 AND id = $2";

/// Stores a renewal job.
pub(crate) const PUT_RENEWAL_JOB: &str = "INSERT INTO renewal_jobs \
     (id, distributor_id, customer_id, status, run_after, doc) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, run_after = excluded.run_after, doc = excluded.doc";

/// When a customer's renewal trigger may run again: `next_allowed_at`.
pub(crate) const COOLDOWN: &str = "SELECT next_allowed_at FROM renewal_cooldowns WHERE customer_id = $1";

/// Starts a customer's cooldown unless one runs at `$3`; returns a row if it started. One
/// statement, so the check and the write cannot interleave with another trigger's, even without
/// the writers' lock: a concurrent insert of the same customer waits on the key and then
/// re-checks the `WHERE` against the committed row.
pub(crate) const START_COOLDOWN: &str = "INSERT INTO renewal_cooldowns (customer_id, next_allowed_at) VALUES ($1, $2) \
     ON CONFLICT (customer_id) DO UPDATE SET next_allowed_at = excluded.next_allowed_at \
     WHERE renewal_cooldowns.next_allowed_at <= $3 RETURNING next_allowed_at";

/// See [`ORDER`].
pub(crate) fn order<'a>(distributor_id: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(ORDER, args![distributor_id, id])
}

/// See [`PUT_ORDER`].
pub(crate) fn put_order(o: &Order) -> StoreResult<Stmt<'_>> {
    let args = args![
        &o.id,
        &o.distributor_id,
        &o.customer_id,
        o.order_type.as_str(),
        &o.status,
        format_datetime(o.created_at),
        o.process_after.map(format_datetime),
        text(o)?,
    ];
    Ok(Stmt::new(PUT_ORDER, args))
}

/// See [`ORDERS_OF`].
pub(crate) fn orders_of<'a>(distributor_id: &'a str, customer_id: &'a str) -> Stmt<'a> {
    Stmt::new(ORDERS_OF, args![distributor_id, customer_id])
}

/// See [`SUBSCRIPTION`].
pub(crate) fn subscription<'a>(distributor_id: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(SUBSCRIPTION, args![distributor_id, id])
}

/// See [`PUT_SUBSCRIPTION`].
pub(crate) fn put_subscription(s: &Subscription) -> StoreResult<Stmt<'_>> {
    let args = args![
        &s.id,
        &s.distributor_id,
        &s.customer_id,
        &s.status,
        format_datetime(s.created_at),
        s.renewal_date.map(format_date),
        s.last_processed_renewal_date.map(format_date),
        text(s)?,
    ];
    Ok(Stmt::new(PUT_SUBSCRIPTION, args))
}

/// See [`SUBSCRIPTIONS_OF`].
pub(crate) fn subscriptions_of<'a>(distributor_id: &'a str, customer_id: &'a str) -> Stmt<'a> {
    Stmt::new(SUBSCRIPTIONS_OF, args![distributor_id, customer_id])
}

/// See [`RENEWAL_JOB`].
pub(crate) fn renewal_job<'a>(distributor_id: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(RENEWAL_JOB, args![distributor_id, id])
}

/// See [`PUT_RENEWAL_JOB`].
pub(crate) fn put_renewal_job(j: &RenewalJob) -> StoreResult<Stmt<'_>> {
    let args = args![&j.id, &j.distributor_id, &j.customer_id, &j.status, format_datetime(j.run_after), text(j)?];
    Ok(Stmt::new(PUT_RENEWAL_JOB, args))
}

/// See [`COOLDOWN`].
pub(crate) fn cooldown(customer_id: &str) -> Stmt<'_> {
    Stmt::new(COOLDOWN, args![customer_id])
}

/// A [`COOLDOWN`] row (an unreadable instant counts as none).
pub(crate) fn cooldown_of(next_allowed_at: Option<String>) -> Option<DateTime<Utc>> {
    next_allowed_at.and_then(|v| vipmp_core::dates::parse_date_or_datetime(&v))
}

/// See [`START_COOLDOWN`].
pub(crate) fn start_cooldown(customer_id: &str, now: DateTime<Utc>, until: DateTime<Utc>) -> Stmt<'_> {
    Stmt::new(START_COOLDOWN, args![customer_id, format_datetime(until), format_datetime(now)])
}
