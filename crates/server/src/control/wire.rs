//! The portal API's time-and-state answers (jobs, clock, reset, snapshots, faults, journal,
//! renewal forecast): typed structs that are exactly what gets serialized and derive their
//! OpenAPI schema (as in `crate::portal_api::wire`). The jobs, clock and reset answers are here; the others
//! are in submodules, re-exported from this module.

use serde::Serialize;
use utoipa::ToSchema;

mod faults;
mod forecast;
mod journal;
mod snapshots;

pub use faults::{FaultActionOut, FaultErrorOut, FaultList, FaultRuleOut, FaultsCleared};
pub use forecast::{
    ForecastAfter, ForecastBefore, ForecastDiscount, ForecastLine, ForecastOrder, ForecastOut, ForecastSubscription,
};
pub use journal::{JournalEntryOut, JournalList, JournalMessageOut, JournalSummaryOut};
pub use snapshots::{RestoredOut, SnapshotCounts, SnapshotInfoOut, SnapshotList, SnapshotSavedOut};

/// What a run of the order job did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrdersRunOut {
    /// Accounts activated.
    pub activated_accounts: usize,
    /// Orders that reached a terminal status.
    pub processed_orders: usize,
    /// Orders left open because their customer is pending.
    pub parked_orders: usize,
}

impl From<crate::jobs::OrdersRun> for OrdersRunOut {
    fn from(r: crate::jobs::OrdersRun) -> Self {
        Self {
            activated_accounts: r.activated_accounts,
            processed_orders: r.processed_orders,
            parked_orders: r.parked_orders,
        }
    }
}

/// What a run of the renewal job did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RenewalsRunOut {
    /// Customers processed.
    pub customers: usize,
    /// RENEWAL orders created.
    pub renewal_orders: Vec<String>,
    /// Subscriptions renewed.
    pub renewed: usize,
    /// Subscriptions expired.
    pub expired: usize,
}

impl From<crate::jobs::RenewalsRun> for RenewalsRunOut {
    fn from(r: crate::jobs::RenewalsRun) -> Self {
        Self { customers: r.customers, renewal_orders: r.renewal_orders, renewed: r.renewed, expired: r.expired }
    }
}

/// What the expiry job did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExpiryRunOut {
    /// Replay records purged.
    pub purged: u64,
}

/// The order job's runs: one (`job: orders`), or two (`job: all`: before and after renewals).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum OrdersRuns {
    /// `job: orders`.
    One(OrdersRunOut),
    /// `job: all`: the run before the renewals and the run after.
    Two(Vec<OrdersRunOut>),
}

/// The job a `jobs/run` ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum JobName {
    /// Account activations and order processing.
    Orders,
    /// Triggered renewal jobs and the renewal sweep.
    Renewals,
    /// 3YC expiry and the purge of old replay records.
    Expiry,
    /// Orders, renewals, orders again, expiry.
    All,
}

/// What `jobs/run` did: the members of the jobs that ran.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "job": "all",
    "orders": [{"activatedAccounts": 0, "processedOrders": 1, "parkedOrders": 0},
        {"activatedAccounts": 0, "processedOrders": 0, "parkedOrders": 0}],
    "renewals": {"customers": 0, "renewalOrders": [], "renewed": 0, "expired": 0},
    "expiry": {"purged": 0}
}))]
pub struct JobsRunOut {
    /// The job run.
    pub job: JobName,
    /// The order job (`orders`: one run; `all`: two).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub orders: Option<OrdersRuns>,
    /// The renewal job (`renewals`, `all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub renewals: Option<RenewalsRunOut>,
    /// The expiry job (`expiry`, `all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub expiry: Option<ExpiryRunOut>,
}

/// The distributor's virtual clock.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"now": "2025-01-15T10:00:00Z", "frozen": false, "frozenAt": null, "offsetSeconds": 0}))]
pub struct ClockOut {
    /// The virtual now (UTC).
    #[schema(format = DateTime)]
    pub now: String,
    /// Whether the clock is stopped.
    pub frozen: bool,
    /// Where it is stopped, `null` while it runs.
    #[schema(format = DateTime)]
    pub frozen_at: Option<String>,
    /// Seconds ahead of the wall clock while it runs, `null` while it is frozen.
    pub offset_seconds: Option<i64>,
}

/// The clock after a change, with what fell due on the way.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "now": "2026-01-16T10:00:00Z", "frozen": false, "frozenAt": null, "offsetSeconds": 31622400,
    "renewalOrdersCreated": 1, "subscriptionsExpired": 0, "ordersProcessed": 1, "commitmentsExpired": 0,
    "commitmentsRecommitted": 0, "requestsExpired": 0, "accountsActivated": 0,
    "renewalOrderIds": ["5120000002"], "steps": 2
}))]
pub struct ClockChangeOut {
    /// The clock now.
    #[serde(flatten)]
    pub clock: ClockOut,
    /// RENEWAL orders created.
    pub renewal_orders_created: usize,
    /// Subscriptions expired.
    pub subscriptions_expired: usize,
    /// Orders processed.
    pub orders_processed: usize,
    /// 3YC commitments expired.
    pub commitments_expired: usize,
    /// 3YC commitments renewed by an accepted recommitment.
    pub commitments_recommitted: usize,
    /// 3YC requests expired (production profile).
    pub requests_expired: usize,
    /// Pending accounts activated.
    pub accounts_activated: usize,
    /// The RENEWAL orders created.
    pub renewal_order_ids: Vec<String>,
    /// Instants the timeline stopped at.
    pub steps: usize,
}

/// The answer to a reset.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"reset": true, "distributorId": "5000000001", "now": "2025-01-15T10:00:00Z"}))]
pub struct ResetOut {
    /// Always `true`.
    pub reset: bool,
    /// The distributor reset.
    pub distributor_id: String,
    /// Its clock after the reset.
    #[schema(format = DateTime)]
    pub now: String,
}
