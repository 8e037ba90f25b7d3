//! Background work: a thin loop around plain functions that tests and the portal's
//! `jobs/run` call directly.

use std::time::Duration;

use serde::Serialize;
use tokio_util::sync::CancellationToken;
use vipmp_core::error::CoreResult;
use vipmp_core::service::processing::{self, Outcome};
use vipmp_core::service::{activation, renewals};
use vipmp_core::settings::JobsMode;

use crate::state::AppState;

/// What a run of the order job did.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrdersRun {
    /// Accounts activated.
    pub activated_accounts: usize,
    /// Orders that reached a terminal status.
    pub processed_orders: usize,
    /// Orders left open because their customer is pending.
    pub parked_orders: usize,
}

/// Activates due accounts and processes due orders. With `ignore_delays`, everything pending
/// is due (manual mode's `jobs/run`).
pub async fn run_orders(state: &AppState, ignore_delays: bool) -> CoreResult<OrdersRun> {
    let now = state.now();
    let horizon = if ignore_delays { now + chrono::Duration::days(365 * 1000) } else { now };
    let mut run = OrdersRun::default();
    for (kind, distributor_id, id) in state.store.due_activations(horizon).await? {
        let mut tx = state.store.begin().await?;
        if activation::activate(&mut *tx, &kind, &distributor_id, &id, now).await? {
            run.activated_accounts += 1;
        }
        tx.commit().await?;
    }
    for (distributor_id, id) in state.store.due_orders(horizon, 10_000).await? {
        let mut tx = state.store.begin().await?;
        match processing::process(&mut *tx, &state.settings, now, &distributor_id, &id).await? {
            Outcome::Done(_) => run.processed_orders += 1,
            Outcome::Parked => run.parked_orders += 1,
            Outcome::NotOpen => {}
        }
        tx.commit().await?;
    }
    Ok(run)
}

/// What a run of the renewal job did.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalsRun {
    /// Customers processed.
    pub customers: usize,
    /// RENEWAL orders created.
    pub renewal_orders: Vec<String>,
    /// Subscriptions renewed.
    pub renewed: usize,
    /// Subscriptions expired.
    pub expired: usize,
}

/// Runs due portal-triggered renewal jobs (all pending ones with `ignore_delays`).
pub async fn run_renewal_jobs(state: &AppState, ignore_delays: bool) -> CoreResult<RenewalsRun> {
    let now = state.now();
    let horizon = if ignore_delays { now + chrono::Duration::days(365 * 1000) } else { now };
    let mut run = RenewalsRun::default();
    for (distributor_id, id) in state.store.due_renewal_jobs(horizon).await? {
        let mut tx = state.store.begin().await?;
        if let Some(job) = renewals::run_job(&mut *tx, &state.settings, now, &distributor_id, &id).await? {
            run.customers += 1;
            run.renewed += job.renewed;
            run.expired += job.expired_subscriptions.len();
            run.renewal_orders.extend(job.renewal_order_id);
        }
        tx.commit().await?;
    }
    Ok(run)
}

/// The sweep: runs the renewal job for every customer with a due subscription, plus the
/// pending triggered jobs.
pub async fn run_renewals(state: &AppState, ignore_delays: bool) -> CoreResult<RenewalsRun> {
    let mut run = run_renewal_jobs(state, ignore_delays).await?;
    let now = state.now();
    for (distributor_id, customer_id) in state.store.due_renewal_customers(now.date_naive()).await? {
        let mut tx = state.store.begin().await?;
        let outcome = renewals::run_for_customer(&mut *tx, &state.settings, now, &distributor_id, &customer_id).await?;
        tx.commit().await?;
        run.customers += 1;
        run.renewed += outcome.renewed;
        run.expired += outcome.expired.len();
        run.renewal_orders.extend(outcome.renewal_order_id);
    }
    Ok(run)
}

/// Purges replay records older than the idempotency window.
pub async fn run_expiry(state: &AppState) -> CoreResult<u64> {
    let before = state.now() - chrono::Duration::days(state.settings.idempotency_days);
    let mut tx = state.store.begin().await?;
    let purged = tx.purge_replays(before).await?;
    tx.commit().await?;
    Ok(purged)
}

/// The background loop: in auto mode, once a second, until `shutdown` fires.
pub async fn run_loop(state: AppState, shutdown: CancellationToken) {
    if state.settings.jobs_mode != JobsMode::Auto {
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut ticks: u64 = 0;
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let started = std::time::Instant::now();
        let orders = run_orders(&state, false).await;
        crate::observe::job_duration("orders", started);
        if let Err(e) = orders {
            tracing::warn!(error = %e, "order job failed");
        }
        if let Err(e) = run_renewal_jobs(&state, false).await {
            tracing::warn!(error = %e, "renewal trigger job failed");
        }
        ticks += 1;
        let sweep_ticks = (state.settings.renewal_sweep_secs.max(1) as u64) * 2;
        if ticks.is_multiple_of(sweep_ticks)
            && let Err(e) = run_renewals(&state, false).await
        {
            tracing::warn!(error = %e, "renewal sweep failed");
        }
        if ticks.is_multiple_of(7200)
            && let Err(e) = run_expiry(&state).await
        {
            tracing::warn!(error = %e, "expiry job failed");
        }
    }
}
