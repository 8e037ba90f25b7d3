//! The renewal forecast: what the renewal job would do for one customer at a date. It runs the
//! real logic (a 3YC commitment that ends before that date ends first, then the renewal job,
//! then the processing of its RENEWAL order) inside the caller's unit of work, which the caller
//! rolls back, so nothing changes and the forecast cannot drift from what will happen.

use chrono::{DateTime, NaiveDate, Utc};

use super::processing::{self, Outcome};
use super::{commitments, renewals};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Order, Subscription, status};
use crate::settings::Settings;
use crate::store::Tx;

/// Why a renewal order with this status failed, in words (`None` for a completed one).
pub fn failure_reason(code: &str) -> Option<&'static str> {
    match code {
        status::FAILED_DISTRIBUTOR => Some("distributor inactive"),
        status::FAILED_RESELLER => Some("reseller inactive"),
        status::FAILED_CUSTOMER => Some("customer inactive"),
        status::FAILED_CUSTOMER_ID => Some("customer id invalid"),
        status::ACTIVE => None,
        _ => Some("renewal failed"),
    }
}

/// The RENEWAL order the job would place.
#[derive(Debug, Clone)]
pub struct ForecastOrder {
    /// The order as placed, before it is processed.
    pub order: Order,
    /// Its status once processed.
    pub status: String,
}

/// A failed renewal order.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Its status (`1020`…`1026`, or another).
    pub status: String,
    /// Why, in words ([`failure_reason`]).
    pub reason: &'static str,
}

/// What the renewal job would do for one customer at a date.
#[derive(Debug, Clone)]
pub struct Forecast {
    /// The customer.
    pub customer_id: String,
    /// The date forecast.
    pub at: NaiveDate,
    /// The customer's status.
    pub customer_status: String,
    /// Its reseller's status (`None` if the reseller is gone).
    pub reseller_status: Option<String>,
    /// Its cotermDate before the renewal.
    pub coterm_date: Option<NaiveDate>,
    /// The subscriptions due at that date.
    pub due_subscriptions: Vec<String>,
    /// The RENEWAL order, if the job would place one.
    pub renewal_order: Option<ForecastOrder>,
    /// Subscriptions renewed.
    pub renewing_subscriptions: usize,
    /// Subscriptions expired.
    pub expiring_subscriptions: Vec<String>,
    /// Why the renewal order would fail, if it would.
    pub failure: Option<Failure>,
    /// What the end of a 3YC commitment before the renewal did, if one ended.
    pub commitment: Option<commitments::Ending>,
    /// The customer after the renewal: its cotermDate and levels.
    pub after: Customer,
    /// Its subscriptions after the renewal.
    pub after_subscriptions: Vec<Subscription>,
    /// Its subscriptions before.
    pub before_subscriptions: Vec<Subscription>,
}

/// Runs the renewal job for `customer_id` at `at` inside `tx` and describes what it did. The
/// caller must roll `tx` back.
pub async fn forecast(
    tx: &mut dyn Tx,
    settings: &Settings,
    distributor_id: &str,
    customer_id: &str,
    at: DateTime<Utc>,
) -> CoreResult<Forecast> {
    let customer =
        tx.customer(distributor_id, customer_id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    let reseller = tx.reseller(distributor_id, &customer.reseller_id).await?;
    let before = tx.subscriptions_of(distributor_id, customer_id).await?;
    let today = at.date_naive();
    let ending = commitments::end_commitment(tx, distributor_id, customer_id, today).await?;
    let outcome = renewals::run_for_customer(tx, settings, at, distributor_id, customer_id).await?;
    let mut renewal_order = None;
    let mut failure = None;
    if let Some(order_id) = &outcome.renewal_order_id {
        let order = tx.order(distributor_id, order_id).await?;
        if let Outcome::Done(code) = processing::process(tx, settings, at, distributor_id, order_id).await? {
            failure = failure_reason(&code).map(|reason| Failure { status: code, reason });
        }
        let status = tx.order(distributor_id, order_id).await?.map(|o| o.status).unwrap_or_default();
        renewal_order = order.map(|order| ForecastOrder { order, status });
    }
    let after = tx.customer(distributor_id, customer_id).await?.unwrap_or(customer.clone());
    let after_subscriptions = tx.subscriptions_of(distributor_id, customer_id).await?;
    let due = before.iter().filter(|s| renewals::is_due(s, today)).map(|s| s.id.clone()).collect();
    Ok(Forecast {
        customer_id: customer_id.to_string(),
        at: today,
        customer_status: customer.status,
        reseller_status: reseller.map(|r| r.status),
        coterm_date: customer.coterm_date,
        due_subscriptions: due,
        renewal_order,
        renewing_subscriptions: outcome.renewed,
        expiring_subscriptions: outcome.expired,
        failure,
        commitment: ending,
        after,
        after_subscriptions,
        before_subscriptions: before,
    })
}
