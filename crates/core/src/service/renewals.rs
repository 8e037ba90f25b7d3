//! The renewal job (SPEC §4.6.3) and the portal's Trigger Auto Renewal (§5.4.5).
//!
//! A subscription is due when it is `1000`/`1009`, its renewal date is today or earlier, and
//! that renewal date has not been processed yet. Processing marks the date in the same
//! transaction, so a renewal date is processed exactly once whatever calls the job.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::flex_discounts::{self, Adjustment, LineCheck};
use super::processing::{self, renewal_line};
use super::{Ctx, portal_customer};
use crate::dates::add_years;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::model::{Customer, LineItem, Order, OrderType, RenewalJob, Subscription, job_status, status};
use crate::reference;
use crate::settings::Settings;
use crate::store::Tx;

/// What one run did for one customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenewalOutcome {
    /// The RENEWAL order created, if any.
    pub renewal_order_id: Option<String>,
    /// Subscriptions expired (auto-renewal off).
    pub expired: Vec<String>,
    /// Subscriptions put on the renewal order (or rolled without a line).
    pub renewed: usize,
}

/// Whether a customer converting to LGA renews as one: no Team or consumable product renews
/// automatically, and at least 100 licences renew (SPEC §4.17).
fn lga_upgrade_holds(subs: &[Subscription]) -> bool {
    let renewing = subs
        .iter()
        .filter(|s| s.auto_renewal_enabled && matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED));
    let mut licences = 0;
    for s in renewing {
        let Some(product) = reference::product(&s.product_key) else { continue };
        if product.team || product.offer_type == crate::reference::OfferType::Consumables {
            return false;
        }
        licences += s.effective_renewal_quantity();
    }
    licences >= 100
}

/// Runs the renewal job for one customer at `now`.
pub async fn run_for_customer(
    tx: &mut dyn Tx,
    settings: &Settings,
    now: DateTime<Utc>,
    distributor_id: &str,
    customer_id: &str,
) -> CoreResult<RenewalOutcome> {
    let mut outcome = RenewalOutcome::default();
    let Some(mut customer) = tx.customer(distributor_id, customer_id).await? else { return Ok(outcome) };
    let today = now.date_naive();
    let subs = tx.subscriptions_of(distributor_id, customer_id).await?;
    let due: Vec<_> = subs.iter().filter(|s| is_due(s, today)).cloned().collect();
    // An LGA conversion completes at the anniversary, or its subscriptions expire (SPEC §4.17).
    let mut lga_failed = false;
    if customer.lga_status.as_deref() == Some(super::customers::LGA_PENDING_UPGRADE) && !due.is_empty() {
        if lga_upgrade_holds(&subs) {
            customer.lga_status = Some("ACTIVE".into());
            tx.put_customer(&customer).await?;
        } else {
            lga_failed = true;
        }
    }
    let mut lines = Vec::new();
    for mut sub in due {
        let renewal_date = sub.renewal_date.map(|d| latest_anniversary(d, today));
        sub.renewal_date = renewal_date;
        sub.last_processed_renewal_date = renewal_date;
        if !sub.auto_renewal_enabled || lga_failed {
            sub.status = status::INACTIVE.into();
            sub.renewal_quantity = None;
            if !sub.allowed_actions.iter().any(|a| a == "MANUAL_RENEWAL") {
                sub.allowed_actions.push("MANUAL_RENEWAL".into());
            }
            outcome.expired.push(sub.id.clone());
            tx.put_subscription(&sub).await?;
            continue;
        }
        outcome.renewed += 1;
        let line = renewal_line(&customer, &subs, &sub, lines.len() as i64 + 1, status::PENDING);
        if line.quantity > 0 {
            lines.push(line);
        } else if let Some(date) = renewal_date {
            sub.renewal_date = Some(add_years(date, 1));
            sub.renewed_quantity = None;
        }
        tx.put_subscription(&sub).await?;
    }
    if lines.is_empty() {
        return Ok(outcome);
    }
    let currency = lines[0].currency_code.clone();
    let adjustments = renewal_discounts(tx, settings, now, &customer, &subs, &mut lines).await?;
    let order = Order {
        id: tx.next_id(Sequence::Order).await?.to_string(),
        distributor_id: distributor_id.to_string(),
        customer_id: customer_id.to_string(),
        external_reference_id: String::new(),
        order_type: OrderType::Renewal,
        reference_order_id: String::new(),
        currency_code: currency,
        created_at: now,
        status: status::PENDING.into(),
        source: "System".into(),
        line_items: lines
            .into_iter()
            .zip(adjustments)
            .map(|(mut l, adjustment)| {
                if let Some(offer) = reference::offer(&l.offer_id) {
                    let next = customer.coterm_date.map_or(today, |ad| add_years(ad, 1));
                    let days = super::pricing::days_in_term(next);
                    l.pricing = super::pricing::price_line(
                        offer.product,
                        &offer.level,
                        &l.currency_code,
                        l.quantity,
                        (days, days),
                        adjustment,
                    );
                }
                l
            })
            .collect(),
        process_after: Some(now + Duration::seconds(settings.order_processing_delay_secs)),
        cancelling_items: Vec::new(),
        reassign_users: false,
        eligible_offers: Vec::new(),
    };
    tx.put_order(&order).await?;
    outcome.renewal_order_id = Some(order.id.clone());
    if settings.inline(settings.order_processing_delay_secs) {
        processing::process(tx, settings, now, distributor_id, &order.id).await?;
    }
    Ok(outcome)
}

/// Whether a subscription is due for the renewal job on `today` (SPEC §4.6.3): `1000` or
/// `1009`, its renewal date today or earlier, and that date not processed yet.
pub fn is_due(s: &Subscription, today: NaiveDate) -> bool {
    matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED)
        && s.renewal_date.is_some_and(|d| d <= today && s.last_processed_renewal_date != Some(d))
}

/// What a renewal run on `today` would find for a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Subscriptions due ([`is_due`]).
    pub count: usize,
    /// The earliest renewal date after today of the active and scheduled subscriptions (what a
    /// trigger with nothing due tells the tester to wait for, or to set the cotermDate to).
    pub next_renewal_date: Option<NaiveDate>,
}

/// What a renewal run on `today` would find among `subs`.
pub fn due_now(subs: &[Subscription], today: NaiveDate) -> Due {
    Due {
        count: subs.iter().filter(|s| is_due(s, today)).count(),
        next_renewal_date: subs
            .iter()
            .filter(|s| matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED))
            .filter_map(|s| s.renewal_date)
            .filter(|d| *d > today)
            .min(),
    }
}

/// The anniversary of `date` that a run on `today` renews: the latest one on or before today.
/// A renewal date years back (a restored snapshot, a long-frozen clock) is renewed once, for the
/// current term, so one run never creates more than one renewal order per subscription and the
/// renewed date lands after today.
fn latest_anniversary(date: NaiveDate, today: NaiveDate) -> NaiveDate {
    let years = today.year() - date.year();
    let candidate = add_years(date, years);
    let latest = if candidate > today { add_years(date, years - 1) } else { candidate };
    latest.max(date)
}

/// The flexible discount of each renewal line: the subscription's opted code, else its reusable
/// discount (SPEC §4.14); a code that does not apply is recorded as `FAILURE` and not priced.
async fn renewal_discounts(
    tx: &mut dyn Tx,
    settings: &Settings,
    now: DateTime<Utc>,
    customer: &Customer,
    subs: &[Subscription],
    lines: &mut [LineItem],
) -> CoreResult<Vec<Option<Adjustment>>> {
    let Some(distributor) = tx.distributor(&customer.distributor_id).await? else {
        return Ok(vec![None; lines.len()]);
    };
    let orders = tx.orders_of(&customer.distributor_id, &customer.id).await?;
    let ctx = Ctx { settings, now, distributor: &distributor };
    let check = LineCheck { customer, subscriptions: subs, orders: &orders, order_type: OrderType::Renewal };
    Ok(lines
        .iter_mut()
        .map(|line| {
            let sub = subs.iter().find(|s| s.id == line.subscription_id)?;
            flex_discounts::for_renewal(&ctx, &check, sub, line)
        })
        .collect())
}

/// Seconds left of a cooldown ending at `until`, rounded up.
pub fn remaining_seconds(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    until.map_or(0, |u| {
        let ms = (u - now).num_milliseconds();
        if ms <= 0 { 0 } else { (ms + 999) / 1000 }
    })
}

/// Accepts a trigger if the customer's cooldown allows it, and queues a renewal job.
pub async fn trigger(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str, delay_secs: i64) -> CoreResult<RenewalJob> {
    let customer = portal_customer(tx, ctx, customer_id).await?;
    let cooldown = ctx.settings.renewal_cooldown_secs;
    let until = ctx.now + Duration::seconds(cooldown);
    if !tx.try_start_cooldown(&customer.id, ctx.now, until).await? {
        return Err(CoreError::code(ErrorCode::PortalTooManyRequests));
    }
    let n = tx.next_id(Sequence::RenewalJob).await?;
    let job = RenewalJob {
        id: format!("rj-{n}"),
        distributor_id: ctx.distributor.id.clone(),
        customer_id: customer.id,
        status: job_status::PENDING.into(),
        run_after: ctx.now + Duration::seconds(delay_secs),
        renewal_order_id: None,
        expired_subscriptions: Vec::new(),
        renewed: 0,
    };
    tx.put_renewal_job(&job).await?;
    Ok(job)
}

/// Runs a queued renewal job.
pub async fn run_job(
    tx: &mut dyn Tx,
    settings: &Settings,
    now: DateTime<Utc>,
    distributor_id: &str,
    job_id: &str,
) -> CoreResult<Option<RenewalJob>> {
    let Some(mut job) = tx.renewal_job(distributor_id, job_id).await? else { return Ok(None) };
    if job.status != job_status::PENDING {
        return Ok(None);
    }
    let outcome = run_for_customer(tx, settings, now, distributor_id, &job.customer_id).await?;
    job.status = job_status::DONE.into();
    job.renewal_order_id = outcome.renewal_order_id;
    job.expired_subscriptions = outcome.expired;
    job.renewed = outcome.renewed;
    tx.put_renewal_job(&job).await?;
    Ok(Some(job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renewal_date_years_back_renews_at_its_latest_anniversary() {
        let d = |s: &str| crate::dates::parse_date(s).expect("a date");
        let today = d("2026-12-03");
        assert_eq!(latest_anniversary(d("0027-05-01"), today), d("2026-05-01"));
        assert_eq!(latest_anniversary(d("2020-12-04"), today), d("2025-12-04"));
        assert_eq!(latest_anniversary(d("2025-12-03"), today), d("2026-12-03"));
        assert_eq!(latest_anniversary(d("2026-12-03"), today), d("2026-12-03"));
        assert_eq!(latest_anniversary(d("2024-02-29"), d("2026-03-01")), d("2026-02-28"));
        // Renewed once, the next date is after today: nothing is due any more.
        assert!(add_years(latest_anniversary(d("0027-05-01"), today), 1) > today);
    }
}
