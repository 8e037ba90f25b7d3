//! The emulator's control plane: the port and the records of what testers use to steer the
//! sandbox rather than what Adobe's API holds. Per-distributor virtual clocks, fault rules,
//! the request journal, snapshots, and the "what falls due when" queries the time machine
//! ([`crate::service::timeline`]) and the background jobs run on.
//!
//! The adapters implement [`ControlStore`] (pool reads, no transaction) and [`ControlTx`]
//! (statements inside a unit of work); `Store::control` and `Tx::control` hand them out.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::ClockState;
use crate::model::{Customer, Distributor, Order, RenewalJob, Reseller, Subscription};
use crate::store::StoreResult;

/// Something that falls due at an instant. Each kind is one indexed column; the store compares
/// raw column values (fixed-width dates or instants), and [`crate::service::timeline`] turns
/// them into instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// A pending reseller's `activate_at` (instant).
    ResellerActivation,
    /// A pending customer's `activate_at` (instant).
    CustomerActivation,
    /// An open order's `process_after` (instant).
    Order,
    /// A pending portal-triggered renewal job's `run_after` (instant).
    RenewalJob,
    /// An unprocessed renewal date of an active or scheduled subscription (date; the id is the
    /// customer's).
    Renewal,
    /// The end date of a `COMMITTED` 3YC commitment (date; the customer's id).
    CommitmentEnd,
    /// The start date of a `REQUESTED` or uncommitted `ACCEPTED` 3YC request (date).
    RequestStart,
    /// An open VIP → VIP MP membership transfer's `due_at` (instant; a `membership_transfer`
    /// document).
    MembershipTransfer,
}

impl DueKind {
    /// Every kind.
    pub const ALL: [DueKind; 8] = [
        Self::ResellerActivation,
        Self::CustomerActivation,
        Self::Order,
        Self::MembershipTransfer,
        Self::RenewalJob,
        Self::Renewal,
        Self::CommitmentEnd,
        Self::RequestStart,
    ];

    /// Whether the column holds dates (`YYYY-MM-DD`) rather than instants.
    pub fn is_date(self) -> bool {
        matches!(self, Self::Renewal | Self::CommitmentEnd | Self::RequestStart)
    }
}

/// The `commitment_end` column of a customer: its commitment's end date while `COMMITTED`.
pub fn commitment_end(c: &Customer) -> Option<NaiveDate> {
    let commitment = c.three_year_commit.as_ref()?.commitment.as_ref()?;
    matches!(commitment.status.as_str(), "COMMITTED" | "ACTIVE").then_some(commitment.end_date)
}

/// The `request_start` column of a customer: the earliest start date of a `REQUESTED` or
/// `ACCEPTED` commitment request or a `REQUESTED` recommitment request (the ones production
/// expires after 7 days; an accepted recommitment waits for the end of the commitment).
pub fn request_start(c: &Customer) -> Option<NaiveDate> {
    let tyc = c.three_year_commit.as_ref()?;
    let request = tyc.commitment_request.as_ref().filter(|r| matches!(r.status.as_str(), "REQUESTED" | "ACCEPTED"));
    let recommit = tyc.recommitment_request.as_ref().filter(|r| r.status == "REQUESTED");
    [request, recommit].into_iter().flatten().map(|r| r.start_date).min()
}

/// What a fault rule does to a matching CPAPI request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum FaultAction {
    /// Answer this error instead of running the request.
    Error(FaultError),
    /// Wait this many milliseconds, then run the request.
    LatencyMs(u64),
    /// Run the request (it commits), then drop the connection without an answer.
    CommitThenDrop(bool),
}

/// An error a fault answers, in Adobe's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultError {
    /// HTTP status.
    pub status: u16,
    /// Adobe's error code (`"1124"`, `"5122"`).
    pub code: String,
    /// The message; the code's usual one when empty.
    #[serde(default)]
    pub message: String,
    /// `additionalDetails`.
    #[serde(default)]
    pub additional_details: Vec<String>,
}

/// A fault-injection rule of one distributor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// `flt-N`.
    pub id: String,
    /// HTTP method (`None`: any).
    pub method: Option<String>,
    /// A route template (`/v3/customers/{customer-id}/orders`) or a literal path.
    pub path: String,
    /// Only requests on this customer's paths.
    pub customer_id: Option<String>,
    /// Applies this many more times, then disappears (`None`: until cleared).
    pub times: Option<u32>,
    /// Chance of applying to a matching request (`None`: always).
    pub probability: Option<f64>,
    /// What it does.
    pub action: FaultAction,
}

/// Whether `path` matches `pattern`: segment by segment, a `{…}` segment matching any one
/// segment and a trailing `*` segment matching any rest. Empty segments are ignored.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/').filter(|s| !s.is_empty());
    let mut have = path.split('/').filter(|s| !s.is_empty());
    loop {
        match (want.next(), have.next()) {
            (None, None) => return true,
            (Some("*"), _) => return true,
            (Some(w), Some(h)) if w == h || (w.starts_with('{') && w.ends_with('}')) => {}
            _ => return false,
        }
    }
}

/// The customer id a CPAPI or portal path is about (`/v3/customers/{id}/…`), if any.
pub fn path_customer_id(path: &str) -> Option<String> {
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    while let Some(s) = segments.next() {
        if s == "customers" {
            return segments.next().map(str::to_string);
        }
    }
    None
}

/// One side (request or response) of a journal entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalMessage {
    /// Headers in order (secrets redacted).
    pub headers: Vec<(String, String)>,
    /// The body as text (at most 64 KiB; secrets redacted).
    pub body: String,
    /// Whether the body was cut at 64 KiB.
    pub truncated: bool,
}

/// One recorded request and its response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Increasing id (assigned by the store).
    pub id: i64,
    /// The distributor whose client made the request.
    pub distributor_id: String,
    /// When, on that distributor's clock.
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
    pub request: JournalMessage,
    /// The response.
    pub response: JournalMessage,
    /// The fault rule applied, if one was (`error`, `latencyMs`, `commitThenDrop`).
    pub fault: Option<String>,
}

/// A journal search (newest first).
#[derive(Debug, Clone, Default)]
pub struct JournalQuery {
    /// The distributor.
    pub distributor_id: String,
    /// Only this method.
    pub method: Option<String>,
    /// Only paths matching this pattern (see [`path_matches`]).
    pub path: Option<String>,
    /// Only this status.
    pub status: Option<u16>,
    /// Only this customer's requests.
    pub customer_id: Option<String>,
    /// Only entries older than this id (the next page of a listing).
    pub before: Option<i64>,
    /// Only the entry with this id.
    pub id: Option<i64>,
    /// At most this many entries.
    pub limit: i64,
    /// The ring's size: entries older than the newest `keep` are gone.
    pub keep: i64,
}

/// A saved snapshot, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfo {
    /// Its name.
    pub name: String,
    /// When it was taken, on the distributor's clock.
    pub created_at: DateTime<Utc>,
    /// Size of its JSON document, in bytes.
    pub size_bytes: i64,
}

/// A trigger cooldown row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CooldownRow {
    /// The customer.
    pub customer_id: String,
    /// End of the cooldown (the stored text).
    pub next_allowed_at: String,
}

/// A replay-store row, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayRow {
    /// API client.
    pub client_id: String,
    /// Method.
    pub method: String,
    /// Route.
    pub route: String,
    /// Correlation id.
    pub correlation_id: String,
    /// Stored text of the instant.
    pub created_at: String,
    /// Status (`None` while claimed).
    pub status: Option<i64>,
    /// Headers (JSON text).
    pub headers: String,
    /// Body bytes (the store keeps JSON, so UTF-8).
    pub body: String,
}

/// A request-id row, verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestIdRow {
    /// API client.
    pub client_id: String,
    /// `X-Request-Id`.
    pub request_id: String,
    /// Its correlation id.
    pub correlation_id: String,
    /// Stored text of the instant.
    pub created_at: String,
}

/// Everything a distributor owns, as a snapshot holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributorDump {
    /// The distributor record.
    pub distributor: Distributor,
    /// Its clock (`None`: the wall clock).
    pub clock: Option<ClockState>,
    /// Resellers, by id.
    pub resellers: Vec<Reseller>,
    /// Customers, by id.
    pub customers: Vec<Customer>,
    /// Orders, by id.
    pub orders: Vec<Order>,
    /// Subscriptions, in insertion order.
    pub subscriptions: Vec<Subscription>,
    /// Renewal jobs, by id.
    pub renewal_jobs: Vec<RenewalJob>,
    /// Trigger cooldowns of its customers.
    pub cooldowns: Vec<CooldownRow>,
    /// Replay records of its API clients.
    pub replays: Vec<ReplayRow>,
    /// Request ids of its API clients.
    pub request_ids: Vec<RequestIdRow>,
    /// Stored contact names, as (email, JSON document).
    #[serde(default)]
    pub contacts: Vec<(String, String)>,
    /// Its generic documents (memberships, membership transfers), by kind then id.
    #[serde(default)]
    pub documents: Vec<crate::store::StoredDocument>,
}

/// The control plane's reads through the pool.
#[async_trait]
pub trait ControlStore: Send + Sync {
    /// A distributor's clock (`None`: never set, the wall clock).
    async fn clock(&self, distributor_id: &str) -> StoreResult<Option<ClockState>>;
    /// Every distributor with its clock.
    async fn clocks(&self) -> StoreResult<Vec<(String, Option<ClockState>)>>;
    /// Ids of `kind` due at `upto` (raw column value `<= upto`), in processing order.
    async fn due(&self, distributor_id: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>>;
    /// A distributor's fault rules, oldest first.
    async fn faults(&self, distributor_id: &str) -> StoreResult<Vec<FaultRule>>;
    /// Appends journal entries in order, in one transaction (their `id`s are assigned); entries
    /// beyond the newest `keep` of a distributor are dropped.
    async fn append_journal(&self, entries: &[JournalEntry], keep: i64) -> StoreResult<()>;
    /// Searches the journal, newest first.
    async fn journal(&self, query: &JournalQuery) -> StoreResult<Vec<JournalEntry>>;
    /// A distributor's snapshots, by name.
    async fn snapshots(&self, distributor_id: &str) -> StoreResult<Vec<SnapshotInfo>>;
}

/// The control plane's statements inside a unit of work.
#[async_trait]
pub trait ControlTx: Send {
    /// A distributor's clock.
    async fn clock(&mut self, distributor_id: &str) -> StoreResult<Option<ClockState>>;
    /// Stores a distributor's clock.
    async fn put_clock(&mut self, distributor_id: &str, clock: &ClockState) -> StoreResult<()>;
    /// Ids of `kind` due at `upto`, as [`ControlStore::due`].
    async fn due(&mut self, distributor_id: &str, kind: DueKind, upto: &str, limit: i64) -> StoreResult<Vec<String>>;
    /// Every id due, for several kinds at once (each `(kind, upto)`), as `(index of the kind in
    /// `kinds`, id)`, by kind then in processing order.
    async fn due_many(
        &mut self,
        distributor_id: &str,
        kinds: &[(DueKind, String)],
    ) -> StoreResult<Vec<(usize, String)>>;
    /// For each `(kind, after, upto)`, the smallest raw value in `(after, upto]`, if any.
    async fn next_due(
        &mut self,
        distributor_id: &str,
        bounds: &[(DueKind, String, String)],
    ) -> StoreResult<Vec<Option<String>>>;
    /// One fault rule.
    async fn fault(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<FaultRule>>;
    /// Adds a fault rule (its `id` is assigned: `flt-N`) and returns it.
    async fn add_fault(&mut self, distributor_id: &str, rule: &FaultRule) -> StoreResult<FaultRule>;
    /// Replaces a fault rule (same id).
    async fn put_fault(&mut self, distributor_id: &str, rule: &FaultRule) -> StoreResult<()>;
    /// Deletes one fault rule; whether it existed.
    async fn delete_fault(&mut self, distributor_id: &str, id: &str) -> StoreResult<bool>;
    /// Deletes every fault rule of a distributor; how many went.
    async fn clear_faults(&mut self, distributor_id: &str) -> StoreResult<u64>;
    /// Reads everything a distributor owns.
    async fn export(&mut self, distributor_id: &str) -> StoreResult<DistributorDump>;
    /// Deletes everything a distributor owns except the distributor record, its API clients,
    /// tokens, portal sessions, snapshots and journal.
    async fn wipe(&mut self, distributor_id: &str) -> StoreResult<()>;
    /// Writes a dump back (after [`ControlTx::wipe`]).
    async fn import(&mut self, dump: &DistributorDump) -> StoreResult<()>;
    /// Stores (or replaces) a snapshot.
    async fn put_snapshot(&mut self, distributor_id: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()>;
    /// A snapshot's JSON document.
    async fn snapshot(&mut self, distributor_id: &str, name: &str) -> StoreResult<Option<String>>;
    /// Deletes a snapshot; whether it existed.
    async fn delete_snapshot(&mut self, distributor_id: &str, name: &str) -> StoreResult<bool>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_literals_match_by_segment() {
        let t = "/v3/customers/{customer-id}/orders";
        assert!(path_matches(t, "/v3/customers/1005000001/orders"));
        assert!(!path_matches(t, "/v3/customers/1005000001/orders/5120000001"));
        assert!(!path_matches(t, "/v3/customers/orders"));
        assert!(path_matches("/v3/customers/*", "/v3/customers/1/orders/2"));
        assert!(path_matches("/v3/resellers", "/v3/resellers/"));
        assert!(!path_matches("/v3/resellers", "/v3/customers"));
        assert_eq!(path_customer_id("/v3/customers/1005/orders").as_deref(), Some("1005"));
        assert_eq!(path_customer_id("/portal/api/v1/customers/77"), Some("77".into()));
        assert_eq!(path_customer_id("/v3/resellers/1"), None);
    }
}
