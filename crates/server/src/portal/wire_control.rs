//! The portal API's time-and-state answers (jobs, clock, reset, snapshots, faults, journal,
//! renewal forecast): typed structs that are exactly what gets serialized and derive their
//! OpenAPI schema (see [`super::wire`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vipmp_core::control::{FaultAction, FaultError, FaultRule, JournalEntry, JournalMessage};

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

/// A saved snapshot.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfoOut {
    /// Its name.
    pub name: String,
    /// When it was taken, on the distributor's clock.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Size of its JSON document, in bytes.
    pub size_bytes: i64,
}

/// How many records a snapshot holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotCounts {
    /// Resellers.
    pub resellers: usize,
    /// Customers.
    pub customers: usize,
    /// Orders.
    pub orders: usize,
    /// Subscriptions.
    pub subscriptions: usize,
    /// Renewal jobs.
    pub renewal_jobs: usize,
}

/// The answer to a snapshot save.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"name": "before-renewal", "createdAt": "2025-01-15T10:00:00Z", "sizeBytes": 5120,
    "counts": {"resellers": 1, "customers": 1, "orders": 1, "subscriptions": 1, "renewalJobs": 0}}))]
pub struct SnapshotSavedOut {
    /// The snapshot.
    #[serde(flatten)]
    pub info: SnapshotInfoOut,
    /// What it holds.
    pub counts: SnapshotCounts,
}

/// The distributor's snapshots.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1,
    "items": [{"name": "before-renewal", "createdAt": "2025-01-15T10:00:00Z", "sizeBytes": 5120}]}))]
pub struct SnapshotList {
    /// How many.
    pub total_count: usize,
    /// The snapshots.
    pub items: Vec<SnapshotInfoOut>,
}

/// The answer to a restore.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"restored": "before-renewal", "now": "2025-01-15T10:00:00Z",
    "counts": {"resellers": 1, "customers": 1, "orders": 1, "subscriptions": 1, "renewalJobs": 0}}))]
pub struct RestoredOut {
    /// The snapshot's name.
    pub restored: String,
    /// The distributor's clock after the restore.
    #[schema(format = DateTime)]
    pub now: String,
    /// What was written back.
    pub counts: SnapshotCounts,
}

/// The error a fault answers, in Adobe's shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaultErrorOut {
    /// HTTP status (4xx or 5xx).
    pub status: u16,
    /// Adobe's error code.
    pub code: String,
    /// The message; the code's usual one when empty.
    pub message: String,
    /// `additionalDetails`.
    pub additional_details: Vec<String>,
}

impl From<&FaultError> for FaultErrorOut {
    fn from(e: &FaultError) -> Self {
        Self {
            status: e.status,
            code: e.code.clone(),
            message: e.message.clone(),
            additional_details: e.additional_details.clone(),
        }
    }
}

/// What a fault rule does: exactly one member.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum FaultActionOut {
    /// Answer this error instead of running the request.
    Error(FaultErrorOut),
    /// Wait this many milliseconds, then run the request.
    LatencyMs(u64),
    /// Run the request (it commits), then drop the connection without an answer.
    CommitThenDrop(bool),
}

/// A fault-injection rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FaultRule, example = json!({
    "id": "flt-1", "method": "POST", "path": "/v3/customers/{customer-id}/orders", "customerId": null,
    "times": 1, "probability": null,
    "action": {"error": {"status": 500, "code": "1124", "message": "", "additionalDetails": []}}
}))]
pub struct FaultRuleOut {
    /// `flt-N`.
    pub id: String,
    /// HTTP method, `null` for any.
    pub method: Option<String>,
    /// A route template or a literal path (a trailing `/*` matches any rest).
    pub path: String,
    /// Only requests on this customer's paths.
    pub customer_id: Option<String>,
    /// Applies this many more times, then disappears; `null`: until cleared.
    pub times: Option<u32>,
    /// Chance of applying to a matching request; `null`: always.
    pub probability: Option<f64>,
    /// What it does.
    pub action: FaultActionOut,
}

impl From<&FaultRule> for FaultRuleOut {
    fn from(r: &FaultRule) -> Self {
        Self {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            customer_id: r.customer_id.clone(),
            times: r.times,
            probability: r.probability,
            action: match &r.action {
                FaultAction::Error(e) => FaultActionOut::Error(e.into()),
                FaultAction::LatencyMs(ms) => FaultActionOut::LatencyMs(*ms),
                FaultAction::CommitThenDrop(b) => FaultActionOut::CommitThenDrop(*b),
            },
        }
    }
}

/// The distributor's fault rules.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1, "items": [{
    "id": "flt-1", "method": null, "path": "/v3/*", "customerId": null, "times": null, "probability": 0.5,
    "action": {"latencyMs": 2000}}]}))]
pub struct FaultList {
    /// How many.
    pub total_count: usize,
    /// The rules, oldest first.
    pub items: Vec<FaultRuleOut>,
}

/// The answer to clearing the fault rules.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"deleted": 2}))]
pub struct FaultsCleared {
    /// Rules removed.
    pub deleted: u64,
}

/// One side of a journal entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalMessageOut {
    /// Headers in order, each `[name, value]` (secrets redacted).
    #[schema(value_type = Vec<Vec<String>>)]
    pub headers: Vec<(String, String)>,
    /// The body as text (at most 64 KiB; secrets redacted).
    pub body: String,
    /// Whether the body was cut at 64 KiB.
    pub truncated: bool,
}

impl From<JournalMessage> for JournalMessageOut {
    fn from(m: JournalMessage) -> Self {
        Self { headers: m.headers, body: m.body, truncated: m.truncated }
    }
}

/// One recorded request and its response.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntryOut {
    /// Increasing id.
    pub id: i64,
    /// The distributor whose client made the request.
    pub distributor_id: String,
    /// When, on that distributor's clock (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Raw query string (`client_secret` redacted).
    pub query: String,
    /// Response status.
    pub status: u16,
    /// The customer of the path, if any.
    pub customer_id: Option<String>,
    /// The request.
    pub request: JournalMessageOut,
    /// The response.
    pub response: JournalMessageOut,
    /// The fault rule applied, if one was (`error`, `latencyMs`, `commitThenDrop`).
    pub fault: Option<String>,
}

impl From<JournalEntry> for JournalEntryOut {
    fn from(e: JournalEntry) -> Self {
        Self {
            id: e.id,
            distributor_id: e.distributor_id,
            at: e.at,
            method: e.method,
            path: e.path,
            query: e.query,
            status: e.status,
            customer_id: e.customer_id,
            request: e.request.into(),
            response: e.response.into(),
            fault: e.fault,
        }
    }
}

/// The request journal, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1, "items": [{
    "id": 7, "distributorId": "5000000001", "at": "2025-01-15T10:00:00.120Z", "method": "GET",
    "path": "/v3/customers/1005000001", "query": "", "status": 200, "customerId": "1005000001",
    "request": {"headers": [["x-api-key", "vipmp-sandbox-client"], ["authorization", "Bearer ***"]], "body": "",
        "truncated": false},
    "response": {"headers": [["content-type", "application/json"]], "body": "{\"customerId\":\"1005000001\"}",
        "truncated": false},
    "fault": null}]}))]
pub struct JournalList {
    /// How many entries are listed.
    pub total_count: usize,
    /// The entries.
    pub items: Vec<JournalEntryOut>,
}

/// A subscription in the renewal forecast.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastSubscription {
    /// The subscription id.
    pub subscription_id: String,
    /// Its offer.
    pub offer_id: String,
    /// Its status.
    pub status: String,
    /// Whether it renews automatically.
    pub auto_renewal: bool,
    /// Licences provisioned.
    pub current_quantity: i64,
    /// The quantity that renews.
    pub renewal_quantity: i64,
    /// Its renewal date, `""` if none.
    pub renewal_date: String,
}

/// A line of the forecast's RENEWAL order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastLine {
    /// Line number.
    pub ext_line_item_number: i64,
    /// The renewal offer.
    pub offer_id: String,
    /// Quantity renewed.
    pub quantity: i64,
    /// The subscription renewed.
    pub subscription_id: String,
    /// The currency.
    pub currency_code: String,
    /// Unit partner price, `null` when not priced.
    pub partner_price: Option<f64>,
    /// Line partner price, `null` when not priced.
    pub line_item_partner_price: Option<f64>,
}

/// The RENEWAL order the forecast's renewal job would create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastOrder {
    /// Always `RENEWAL`.
    pub order_type: String,
    /// The currency.
    pub currency_code: String,
    /// The status it would reach once processed.
    pub status: String,
    /// Its lines.
    pub line_items: Vec<ForecastLine>,
}

/// A discount level after the forecast.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastDiscount {
    /// `LICENSE` or `CONSUMABLES`.
    pub offer_type: String,
    /// The level (`01`…).
    pub level: String,
}

/// The customer after the forecast's renewal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastAfter {
    /// Its cotermDate, `""` if none.
    pub coterm_date: String,
    /// Its discount levels.
    pub discounts: Vec<ForecastDiscount>,
    /// Its subscriptions.
    pub subscriptions: Vec<ForecastSubscription>,
}

/// The customer's subscriptions before the forecast's renewal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForecastBefore {
    /// Its subscriptions.
    pub subscriptions: Vec<ForecastSubscription>,
}

/// What the renewal job would do for a customer at a date (nothing is changed). The service
/// builds it as JSON; the handler reads it into this type (refusing unknown members) and
/// writes it back, so the answer is exactly this shape.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(example = json!({
    "customerId": "1005000001", "at": "2026-01-15", "customerStatus": "1000", "resellerStatus": "1000",
    "cotermDate": "2026-01-15", "due": true, "dueSubscriptions": ["8675309a1b2c3d4e5f60718293a4b5NA"],
    "renewalOrder": {"orderType": "RENEWAL", "currencyCode": "USD", "status": "1000", "lineItems": [{
        "extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1,
        "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "currencyCode": "USD", "partnerPrice": 810.0,
        "lineItemPartnerPrice": 810.0}]},
    "renewingSubscriptions": 1, "expiringSubscriptions": [], "failed": false, "failureStatus": null,
    "failureReason": null, "commitment": null,
    "after": {"cotermDate": "2027-01-15", "discounts": [{"offerType": "LICENSE", "level": "01"}], "subscriptions": []},
    "before": {"subscriptions": []}
}))]
pub struct ForecastOut {
    /// The customer.
    pub customer_id: String,
    /// The date forecast (`YYYY-MM-DD`).
    #[schema(format = Date)]
    pub at: String,
    /// The customer's status.
    pub customer_status: String,
    /// Its reseller's status, `null` if the reseller is gone.
    pub reseller_status: Option<String>,
    /// Its cotermDate, `""` if none.
    pub coterm_date: String,
    /// Whether a subscription is due for renewal at that date.
    pub due: bool,
    /// The due subscriptions.
    pub due_subscriptions: Vec<String>,
    /// The RENEWAL order it would create, `null` if none.
    pub renewal_order: Option<ForecastOrder>,
    /// Subscriptions that would renew.
    pub renewing_subscriptions: usize,
    /// Subscriptions that would expire.
    pub expiring_subscriptions: Vec<String>,
    /// Whether the renewal order would fail.
    pub failed: bool,
    /// The failed order's status, `null` unless it fails.
    pub failure_status: Option<String>,
    /// Why it would fail, `null` unless it fails.
    pub failure_reason: Option<String>,
    /// What happens to a 3YC commitment that ends first, `null` if nothing.
    pub commitment: Option<String>,
    /// The customer after.
    pub after: ForecastAfter,
    /// The customer before.
    pub before: ForecastBefore,
}
