//! Time passing. What falls due at an instant for one distributor ([`run_due`] and its parts,
//! which the background jobs also use), and the time machine ([`advance`]) that moves a
//! distributor's clock to a later instant as if the time had really passed: it finds the next
//! instant anything falls due, sets the clock there, runs what is due, and repeats up to the
//! target, so renewals, order processing and 3YC endings happen in time order. Each step is one
//! transaction; the same inputs give the same steps, ids and events.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::commitments::{self, Ending, REQUEST_EXPIRY_DAYS};
use super::processing::{self, Outcome};
use super::{activation, memberships, renewals};
use crate::clock::ClockState;
use crate::control::DueKind;
use crate::dates::{format_date, format_datetime, parse_date, parse_date_or_datetime, start_of};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::OrderType;
use crate::settings::{Profile, Settings};
use crate::store::{Store, Tx};

/// Most items of one kind handled in one pass.
const BATCH: i64 = 100_000;

/// What due work did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueRun {
    /// Pending accounts activated.
    pub activated_accounts: usize,
    /// Orders that reached a terminal status.
    pub orders_processed: usize,
    /// Orders left open because their customer is pending.
    pub orders_parked: usize,
    /// RENEWAL orders created.
    pub renewal_orders: Vec<String>,
    /// Subscriptions put on a renewal order (or rolled without one).
    pub subscriptions_renewed: usize,
    /// Subscriptions that became `1004` at their anniversary (auto-renewal off, or their
    /// RENEWAL order failed).
    pub subscriptions_expired: usize,
    /// Portal-triggered renewal jobs run.
    pub renewal_jobs: usize,
    /// 3YC commitments that expired.
    pub commitments_expired: usize,
    /// 3YC commitments an accepted recommitment replaced.
    pub commitments_recommitted: usize,
    /// 3YC requests that expired (production).
    pub requests_expired: usize,
    /// VIP → VIP MP membership transfers completed.
    pub membership_transfers: usize,
}

impl DueRun {
    /// Adds another run's counts to this one.
    pub fn absorb(&mut self, other: DueRun) {
        self.activated_accounts += other.activated_accounts;
        self.orders_processed += other.orders_processed;
        self.orders_parked += other.orders_parked;
        self.renewal_orders.extend(other.renewal_orders);
        self.subscriptions_renewed += other.subscriptions_renewed;
        self.subscriptions_expired += other.subscriptions_expired;
        self.renewal_jobs += other.renewal_jobs;
        self.commitments_expired += other.commitments_expired;
        self.commitments_recommitted += other.commitments_recommitted;
        self.requests_expired += other.requests_expired;
        self.membership_transfers += other.membership_transfers;
    }
}

/// The raw column value up to which items of `kind` are due at `at`.
pub fn due_upto(kind: DueKind, at: DateTime<Utc>) -> String {
    let today = at.date_naive();
    match kind {
        DueKind::Renewal => format_date(today),
        DueKind::CommitmentEnd => format_date(today - Duration::days(1)),
        DueKind::RequestStart => format_date(today - Duration::days(REQUEST_EXPIRY_DAYS)),
        _ => format_datetime(at),
    }
}

/// The instant an item whose column holds `raw` falls due.
pub fn due_instant(kind: DueKind, raw: &str) -> Option<DateTime<Utc>> {
    match kind {
        DueKind::Renewal => parse_date(raw).map(start_of),
        DueKind::CommitmentEnd => parse_date(raw).map(|d| start_of(d + Duration::days(1))),
        DueKind::RequestStart => parse_date(raw).map(|d| start_of(d + Duration::days(REQUEST_EXPIRY_DAYS))),
        _ => parse_date_or_datetime(raw),
    }
}

/// The kinds that exist under these settings (requests expire only in production).
fn kinds(settings: &Settings) -> impl Iterator<Item = DueKind> {
    let production = settings.profile == Profile::Production;
    DueKind::ALL.into_iter().filter(move |k| production || *k != DueKind::RequestStart)
}

async fn due(tx: &mut dyn Tx, d: &str, kind: DueKind, at: DateTime<Utc>) -> CoreResult<Vec<String>> {
    Ok(tx.control().due(d, kind, &due_upto(kind, at), BATCH).await?)
}

/// Runs due items of one kind at `now`.
async fn run_items(
    tx: &mut dyn Tx,
    settings: &Settings,
    d: &str,
    now: DateTime<Utc>,
    kind: DueKind,
    ids: &[String],
) -> CoreResult<DueRun> {
    let mut run = DueRun::default();
    let today = now.date_naive();
    for id in ids {
        match kind {
            DueKind::ResellerActivation | DueKind::CustomerActivation => {
                let name = if kind == DueKind::ResellerActivation { "reseller" } else { "customer" };
                run.activated_accounts += usize::from(activation::activate(tx, name, d, id, now).await?);
            }
            DueKind::Order => match processing::process(tx, settings, now, d, id).await? {
                Outcome::Done(status) => {
                    run.orders_processed += 1;
                    if status != crate::model::status::ACTIVE
                        && let Some(order) = tx.order(d, id).await?
                        && order.order_type == OrderType::Renewal
                    {
                        run.subscriptions_expired += order.line_items.len();
                    }
                }
                Outcome::Parked => run.orders_parked += 1,
                Outcome::NotOpen => {}
            },
            DueKind::RenewalJob => {
                if let Some(job) = renewals::run_job(tx, settings, now, d, id).await? {
                    run.renewal_jobs += 1;
                    run.subscriptions_renewed += job.renewed;
                    run.subscriptions_expired += job.expired_subscriptions.len();
                    run.renewal_orders.extend(job.renewal_order_id);
                }
            }
            DueKind::Renewal => {
                let outcome = renewals::run_for_customer(tx, settings, now, d, id).await?;
                run.subscriptions_renewed += outcome.renewed;
                run.subscriptions_expired += outcome.expired.len();
                run.renewal_orders.extend(outcome.renewal_order_id);
            }
            DueKind::CommitmentEnd => match commitments::end_commitment(tx, d, id, today).await? {
                Some(Ending::Expired) => run.commitments_expired += 1,
                Some(Ending::Recommitted) => run.commitments_recommitted += 1,
                None => {}
            },
            DueKind::RequestStart => run.requests_expired += commitments::expire_requests(tx, d, id, today).await?,
            DueKind::MembershipTransfer => {
                run.membership_transfers += usize::from(memberships::complete_due(tx, settings, d, id, now).await?);
            }
        }
    }
    Ok(run)
}

/// Activates the accounts and processes the orders of one distributor that are due at
/// `horizon`, at the instant `now`.
pub async fn run_orders(
    tx: &mut dyn Tx,
    settings: &Settings,
    d: &str,
    now: DateTime<Utc>,
    horizon: DateTime<Utc>,
) -> CoreResult<DueRun> {
    let mut run = DueRun::default();
    for kind in [DueKind::ResellerActivation, DueKind::CustomerActivation, DueKind::Order, DueKind::MembershipTransfer]
    {
        let ids = due(tx, d, kind, horizon).await?;
        run.absorb(run_items(tx, settings, d, now, kind, &ids).await?);
    }
    Ok(run)
}

/// Ends the 3YC commitments of one distributor past their end date at `now` and, in
/// production, expires requests older than 7 days.
pub async fn run_commitments(tx: &mut dyn Tx, settings: &Settings, d: &str, now: DateTime<Utc>) -> CoreResult<DueRun> {
    let mut run = DueRun::default();
    for kind in kinds(settings).filter(|k| matches!(k, DueKind::CommitmentEnd | DueKind::RequestStart)) {
        let ids = due(tx, d, kind, now).await?;
        run.absorb(run_items(tx, settings, d, now, kind, &ids).await?);
    }
    Ok(run)
}

/// The order in which kinds due at the same instant run: accounts and orders first, then 3YC
/// endings (a commitment ending on an anniversary ends before that renewal is priced), then
/// triggered renewal jobs and the renewal job.
const ORDER: [DueKind; 8] = [
    DueKind::ResellerActivation,
    DueKind::CustomerActivation,
    DueKind::Order,
    DueKind::MembershipTransfer,
    DueKind::CommitmentEnd,
    DueKind::RequestStart,
    DueKind::RenewalJob,
    DueKind::Renewal,
];

/// Everything of one distributor due at `now`, in the order of [`ORDER`] (one query finds it
/// all), then the orders the renewals created if they are already due (a zero delay).
pub async fn run_due(tx: &mut dyn Tx, settings: &Settings, d: &str, now: DateTime<Utc>) -> CoreResult<DueRun> {
    let production = settings.profile == Profile::Production;
    let kinds: Vec<DueKind> = ORDER.into_iter().filter(|k| production || *k != DueKind::RequestStart).collect();
    let bounds: Vec<(DueKind, String)> = kinds.iter().map(|k| (*k, due_upto(*k, now))).collect();
    let items = tx.control().due_many(d, &bounds).await?;
    let mut run = DueRun::default();
    // Linked-membership refreshes (indexed on the distributor, not in the due index) first: a
    // renewal at the same instant is priced at the refreshed level.
    super::linked_memberships::run_due_refreshes(tx, d, now, now).await?;
    for (index, kind) in kinds.iter().enumerate() {
        let ids: Vec<String> = items.iter().filter(|(k, _)| *k == index).map(|(_, id)| id.clone()).collect();
        if !ids.is_empty() {
            run.absorb(run_items(tx, settings, d, now, *kind, &ids).await?);
        }
    }
    if !run.renewal_orders.is_empty() && settings.order_processing_delay_secs <= 0 {
        let ids = due(tx, d, DueKind::Order, now).await?;
        run.absorb(run_items(tx, settings, d, now, DueKind::Order, &ids).await?);
    }
    Ok(run)
}

/// The first instant in `(after, until]` at which anything of one distributor falls due.
pub async fn next_due(
    tx: &mut dyn Tx,
    settings: &Settings,
    d: &str,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> CoreResult<Option<DateTime<Utc>>> {
    let bounds: Vec<(DueKind, String, String)> = kinds(settings)
        .map(|kind| (kind, due_upto(kind, after), due_upto(kind, until)))
        .filter(|(_, lower, upper)| lower < upper)
        .collect();
    let found = tx.control().next_due(d, &bounds).await?;
    let next = bounds
        .iter()
        .zip(found)
        .filter_map(|((kind, _, _), raw)| raw.and_then(|raw| due_instant(*kind, &raw)))
        .filter(|at| *at > after && *at <= until)
        .min();
    let refresh = tx
        .distributor(d)
        .await?
        .and_then(|dist| dist.linked_groups.refreshes.values().copied().filter(|at| *at > after && *at <= until).min());
    Ok(next.into_iter().chain(refresh).min())
}

/// What [`advance`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advanced {
    /// The counts of everything that ran.
    pub run: DueRun,
    /// Instants at which work ran (the first is the starting instant).
    pub steps: usize,
    /// The clock as left.
    pub clock: ClockState,
}

/// Moves one distributor's clock forward to `target`, running everything that falls due on
/// the way in time order. `wall` is the wall clock's reading, taken once: a running clock keeps
/// running, with its offset moved by exactly the distance advanced. `on_step` hears each
/// instant reached (progress reporting). A target before the clock's reading, or a move the
/// clock's bounds refuse ([`crate::clock::check_move`]), is `P400`.
///
/// The move is **atomic**: one transaction from the first step to the clock's new reading. An
/// error, or the caller dropping the future (a request timeout), rolls all of it back: the
/// clock, the orders and the renewals are as they were.
pub async fn advance(
    store: &dyn Store,
    settings: &Settings,
    d: &str,
    wall: DateTime<Utc>,
    target: DateTime<Utc>,
    on_step: &(dyn Fn(DateTime<Utc>) + Send + Sync),
) -> CoreResult<Advanced> {
    advance_from(store, settings, d, None, wall, target, on_step).await
}

/// [`advance`] starting from `start` (the clock as a form like `frozenAt` leaves it before
/// moving; `None`: the stored clock), which is written in the same transaction.
pub async fn advance_from(
    store: &dyn Store,
    settings: &Settings,
    d: &str,
    start: Option<ClockState>,
    wall: DateTime<Utc>,
    target: DateTime<Utc>,
    on_step: &(dyn Fn(DateTime<Utc>) + Send + Sync),
) -> CoreResult<Advanced> {
    let mut tx = store.begin().await?;
    let stored = tx.control().clock(d).await?.unwrap_or_default();
    crate::clock::check_move(&stored, wall, target).map_err(|e| CoreError::detail(ErrorCode::PortalBadRequest, e))?;
    let start = start.unwrap_or(stored);
    let mut cursor = start.now(wall);
    if target < cursor {
        return Err(CoreError::detail(ErrorCode::PortalBadRequest, "the clock only moves forward"));
    }
    let mut run = run_due(&mut *tx, settings, d, cursor).await?;
    let mut steps = 1;
    while let Some(next) = next_due(&mut *tx, settings, d, cursor, target).await? {
        cursor = next;
        on_step(cursor);
        tx.control().put_clock(d, &start.moved_to(cursor, wall)).await?;
        run.absorb(run_due(&mut *tx, settings, d, cursor).await?);
        steps += 1;
        // The SQLite adapter's statements complete without yielding: give a request deadline
        // the chance to fire (and drop, so roll back, the transaction).
        YieldOnce(false).await;
    }
    let clock = start.moved_to(target, wall);
    tx.control().put_clock(d, &clock).await?;
    tx.commit().await?;
    Ok(Advanced { run, steps, clock })
}

/// A future that is pending once (waking itself at once), then ready: lets the executor run
/// timers between steps without depending on a runtime.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_bounds_and_instants_agree() {
        let at = parse_date_or_datetime("2027-03-10T08:00:00Z").expect("instant");
        assert_eq!(due_upto(DueKind::Order, at), "2027-03-10T08:00:00Z");
        assert_eq!(due_upto(DueKind::Renewal, at), "2027-03-10");
        assert_eq!(due_upto(DueKind::CommitmentEnd, at), "2027-03-09");
        assert_eq!(due_upto(DueKind::RequestStart, at), "2027-03-03");
        let midnight = parse_date_or_datetime("2027-03-10").expect("date");
        assert_eq!(due_instant(DueKind::Renewal, "2027-03-10"), Some(midnight));
        assert_eq!(due_instant(DueKind::CommitmentEnd, "2027-03-09"), Some(midnight));
        assert_eq!(due_instant(DueKind::RequestStart, "2027-03-03"), Some(midnight));
        // An item due at `at` is "up to" `at`: its raw value is at most the bound.
        for kind in DueKind::ALL {
            let raw = due_upto(kind, at);
            assert!(due_instant(kind, &raw).is_some_and(|i| i <= at), "{kind:?}");
        }
    }
}
