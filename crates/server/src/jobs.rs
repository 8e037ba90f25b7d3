//! Background work: a thin loop around plain functions that tests and the portal's
//! `jobs/run` call directly.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use vipmp_core::control::DueKind;
use vipmp_core::error::CoreResult;
use vipmp_core::service::processing::{self, Outcome};
use vipmp_core::service::{activation, linked_memberships, memberships, renewals, timeline};
use vipmp_core::settings::JobsMode;

use crate::kernel::state::AppState;

/// The distributors a run covers (`only`, or all), each with its current virtual instant: every
/// distributor's due work is judged on its own clock.
async fn distributors(state: &AppState, only: Option<&str>) -> CoreResult<Vec<(String, DateTime<Utc>)>> {
    let wall = crate::kernel::clock::wall(state);
    let clocks = state.store.control().clocks().await?;
    Ok(clocks
        .into_iter()
        .filter(|(d, _)| in_scope(only, d))
        .map(|(d, c)| (d, c.unwrap_or_default().now(wall)))
        .collect())
}

/// What ignoring delays (manual mode's `jobs/run`) makes due: everything pending.
fn horizon(now: DateTime<Utc>, ignore_delays: bool) -> DateTime<Utc> {
    if ignore_delays { now + chrono::Duration::days(365 * 1000) } else { now }
}

/// Ids of `kind` due at `at` for one distributor (a pool read: idle ticks take no write lock).
async fn due(state: &AppState, d: &str, kind: DueKind, at: DateTime<Utc>) -> CoreResult<Vec<String>> {
    let page = state.settings.due_page.max(1);
    Ok(state.store.control().due(d, kind, &timeline::due_upto(kind, at), page).await?)
}

/// The next due records not yet `seen` in this run (empty when all are done). Done records
/// leave the due set, so a run pages through any number of them; a record that stays due (an
/// order parked behind a pending customer) is visited once per run.
async fn due_unseen(
    state: &AppState,
    d: &str,
    kind: DueKind,
    at: DateTime<Utc>,
    seen: &mut std::collections::HashSet<String>,
) -> CoreResult<Vec<String>> {
    Ok(due(state, d, kind, at).await?.into_iter().filter(|id| seen.insert(id.clone())).collect())
}

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
    /// VIP → VIP MP membership transfers completed.
    pub completed_transfers: usize,
}

/// Activates due accounts and processes due orders. With `ignore_delays`, everything pending
/// is due (manual mode's `jobs/run`).
pub async fn run_orders(state: &AppState, ignore_delays: bool) -> CoreResult<OrdersRun> {
    run_orders_in(state, ignore_delays, None).await
}

/// Whether a record of `distributor_id` is in the run's scope (`None`: every distributor).
fn in_scope(only: Option<&str>, distributor_id: &str) -> bool {
    only.is_none_or(|d| d == distributor_id)
}

/// [`run_orders`] over one distributor's records only (`Some`), as a tenant's `jobs/run` does.
pub async fn run_orders_in(state: &AppState, ignore_delays: bool, only: Option<&str>) -> CoreResult<OrdersRun> {
    let mut run = OrdersRun::default();
    for (distributor_id, now) in distributors(state, only).await? {
        let horizon = horizon(now, ignore_delays);
        let mut seen = std::collections::HashSet::new();
        for (kind, name) in [(DueKind::ResellerActivation, "reseller"), (DueKind::CustomerActivation, "customer")] {
            loop {
                let ids = due_unseen(state, &distributor_id, kind, horizon, &mut seen).await?;
                if ids.is_empty() {
                    break;
                }
                for id in ids {
                    let mut tx = state.store.begin().await?;
                    if activation::activate(&mut *tx, name, &distributor_id, &id, now).await? {
                        run.activated_accounts += 1;
                    }
                    tx.commit().await?;
                }
            }
        }
        // Linked-membership refreshes asked in the portal (SPEC §5.4.10), indexed on the distributor.
        let has_refreshes = state
            .store
            .distributor(&distributor_id)
            .await?
            .is_some_and(|d| d.linked_groups.refreshes.values().any(|at| *at <= horizon));
        if has_refreshes {
            let mut tx = state.store.begin().await?;
            linked_memberships::run_due_refreshes(&mut *tx, &distributor_id, horizon, now).await?;
            tx.commit().await?;
        }
        loop {
            let ids = due_unseen(state, &distributor_id, DueKind::Order, horizon, &mut seen).await?;
            if ids.is_empty() {
                break;
            }
            for id in ids {
                let mut tx = state.store.begin().await?;
                match processing::process(&mut *tx, &state.settings, now, &distributor_id, &id).await? {
                    Outcome::Done(_) => run.processed_orders += 1,
                    Outcome::Parked => run.parked_orders += 1,
                    Outcome::NotOpen => {}
                }
                tx.commit().await?;
            }
        }
        loop {
            let ids = due_unseen(state, &distributor_id, DueKind::MembershipTransfer, horizon, &mut seen).await?;
            if ids.is_empty() {
                break;
            }
            for id in ids {
                let mut tx = state.store.begin().await?;
                if memberships::complete_due(&mut *tx, &state.settings, &distributor_id, &id, now).await? {
                    run.completed_transfers += 1;
                }
                tx.commit().await?;
            }
        }
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
    run_renewal_jobs_in(state, ignore_delays, None).await
}

/// [`run_renewal_jobs`] over one distributor's jobs only (`Some`).
pub async fn run_renewal_jobs_in(state: &AppState, ignore_delays: bool, only: Option<&str>) -> CoreResult<RenewalsRun> {
    let mut run = RenewalsRun::default();
    for (distributor_id, now) in distributors(state, only).await? {
        let mut seen = std::collections::HashSet::new();
        loop {
            let ids =
                due_unseen(state, &distributor_id, DueKind::RenewalJob, horizon(now, ignore_delays), &mut seen).await?;
            if ids.is_empty() {
                break;
            }
            for id in ids {
                let mut tx = state.store.begin().await?;
                if let Some(job) = renewals::run_job(&mut *tx, &state.settings, now, &distributor_id, &id).await? {
                    run.customers += 1;
                    run.renewed += job.renewed;
                    run.expired += job.expired_subscriptions.len();
                    run.renewal_orders.extend(job.renewal_order_id);
                }
                tx.commit().await?;
            }
        }
    }
    Ok(run)
}

/// Customers renewed in one transaction by the sweep: fewer commits, while a batch still holds
/// the writer for only a few milliseconds. A failure rolls back its batch and ends the sweep;
/// the next sweep picks those customers up again.
const SWEEP_BATCH: usize = 64;

/// The sweep: runs the renewal job for every customer with a due subscription, plus the
/// pending triggered jobs.
pub async fn run_renewals(state: &AppState, ignore_delays: bool) -> CoreResult<RenewalsRun> {
    run_renewals_in(state, ignore_delays, None).await
}

/// [`run_renewals`] over one distributor's customers only (`Some`).
pub async fn run_renewals_in(state: &AppState, ignore_delays: bool, only: Option<&str>) -> CoreResult<RenewalsRun> {
    let mut run = run_renewal_jobs_in(state, ignore_delays, only).await?;
    for (distributor_id, now) in distributors(state, only).await? {
        let mut seen = std::collections::HashSet::new();
        loop {
            let customers = due_unseen(state, &distributor_id, DueKind::Renewal, now, &mut seen).await?;
            if customers.is_empty() {
                break;
            }
            sweep(state, &distributor_id, now, &customers, &mut run).await?;
        }
    }
    Ok(run)
}

/// Renews these customers, [`SWEEP_BATCH`] per transaction.
async fn sweep(
    state: &AppState,
    distributor_id: &str,
    now: DateTime<Utc>,
    customers: &[String],
    run: &mut RenewalsRun,
) -> CoreResult<()> {
    for batch in customers.chunks(SWEEP_BATCH) {
        let mut tx = state.store.begin().await?;
        let mut done = RenewalsRun::default();
        for customer_id in batch {
            let outcome =
                renewals::run_for_customer(&mut *tx, &state.settings, now, distributor_id, customer_id).await?;
            done.customers += 1;
            done.renewed += outcome.renewed;
            done.expired += outcome.expired.len();
            done.renewal_orders.extend(outcome.renewal_order_id);
        }
        tx.commit().await?;
        run.customers += done.customers;
        run.renewed += done.renewed;
        run.expired += done.expired;
        run.renewal_orders.extend(done.renewal_orders);
    }
    Ok(())
}

/// The sweeper: ends every distributor's 3YC commitments past their end date (and, in
/// production, expires 7-day-old requests) on its own clock, then purges replay records older
/// than the idempotency window of the distributor furthest behind (so that no distributor loses
/// a record it could still replay). Returns how many replay records went.
pub async fn run_expiry(state: &AppState) -> CoreResult<u64> {
    let clocks = distributors(state, None).await?;
    for (distributor_id, now) in &clocks {
        let production = state.settings.profile == vipmp_core::settings::Profile::Production;
        let pending: &[DueKind] =
            if production { &[DueKind::CommitmentEnd, DueKind::RequestStart] } else { &[DueKind::CommitmentEnd] };
        let mut any = false;
        for &kind in pending {
            any |= !due(state, distributor_id, kind, *now).await?.is_empty();
        }
        if any {
            let mut tx = state.store.begin().await?;
            let run = timeline::run_commitments(&mut *tx, &state.settings, distributor_id, *now).await?;
            tx.commit().await?;
            tracing::debug!(distributor_id, ?run, "3YC sweep");
        }
    }
    let oldest = clocks.iter().map(|(_, now)| *now).min().unwrap_or_else(|| state.now());
    let before = oldest - chrono::Duration::days(state.settings.idempotency_days);
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
        // Not while this instance advances a clock (the advance runs that work itself).
        let _serial = state.control.time_lock.lock().await;
        let started = std::time::Instant::now();
        let orders = run_orders(&state, false).await;
        crate::kernel::observe::job_duration("orders", started);
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
        if ticks.is_multiple_of(120)
            && let Err(e) = run_expiry(&state).await
        {
            tracing::warn!(error = %e, "expiry job failed");
        }
    }
}
