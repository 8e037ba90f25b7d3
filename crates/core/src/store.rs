//! The storage port. The app layer opens a unit of work ([`Tx`]), reads and writes records
//! through it, and commits; the adapters (SQLite, PostgreSQL) live in `vipmp-store`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::ids::Sequence;
use crate::model::{AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription};

/// Errors of the storage port.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness or foreign-key constraint failed.
    #[error("constraint violated: {constraint}")]
    Conflict {
        /// The constraint's name, or the database's message.
        constraint: String,
    },
    /// The database cannot be reached.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else.
    #[error("database error: {0}")]
    Other(String),
}

impl From<StoreError> for crate::error::CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(m) => Self::Unavailable(m),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// Result of the storage port.
pub type StoreResult<T> = Result<T, StoreError>;

/// A replay-store key (SPEC §2.4): client, method, route template (with its path values), correlation id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayKey {
    /// The API client.
    pub client_id: String,
    /// HTTP method.
    pub method: String,
    /// The request path (route template filled with its path parameters).
    pub route: String,
    /// `X-Correlation-Id`.
    pub correlation_id: String,
}

/// A stored response, replayed verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers worth replaying (name, value).
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// Which column an account list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountSort {
    /// Creation instant.
    CreationDate,
    /// Company name.
    CompanyName,
    /// The account id (as a string).
    Id,
    /// The status code.
    Status,
}

/// A page request over resellers or customers of one distributor.
#[derive(Debug, Clone)]
pub struct AccountQuery {
    /// The distributor whose accounts are listed.
    pub distributor_id: String,
    /// Only these statuses (empty = all).
    pub statuses: Vec<String>,
    /// Only this id.
    pub id: Option<String>,
    /// Only customers of this reseller.
    pub reseller_id: Option<String>,
    /// Case-insensitive company-name pattern with `*` wildcards.
    pub company_name: Option<String>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub created_to: Option<DateTime<Utc>>,
    /// Sort column.
    pub sort: AccountSort,
    /// Sort direction.
    pub order: SortOrder,
    /// Page size.
    pub limit: i64,
    /// Offset.
    pub offset: i64,
}

/// Which column an order list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderSort {
    /// Creation instant.
    CreationDate,
    /// Order id.
    Id,
    /// Status.
    Status,
    /// Order type.
    OrderType,
}

/// A page request over the orders of one distributor (the portal's Orders page).
#[derive(Debug, Clone)]
pub struct OrderQuery {
    /// The distributor.
    pub distributor_id: String,
    /// Only this order.
    pub order_id: Option<String>,
    /// Only this customer's orders.
    pub customer_id: Option<String>,
    /// Sort column.
    pub sort: OrderSort,
    /// Direction.
    pub order: SortOrder,
    /// Page size.
    pub limit: i64,
    /// Offset.
    pub offset: i64,
}

impl AccountQuery {
    /// Whether the query filters on nothing but the distributor (its total is then a stored count).
    pub fn is_unfiltered(&self) -> bool {
        self.statuses.is_empty()
            && self.id.is_none()
            && self.reseller_id.is_none()
            && self.company_name.is_none()
            && self.created_from.is_none()
            && self.created_to.is_none()
    }
}

/// A per-distributor document that is not an account, order or subscription (a Transfer
/// Memberships test membership, a membership transfer): one generic table keyed by
/// `(distributor_id, kind, id)`, so that new kinds of record need no migration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredDocument {
    /// The owning distributor.
    pub distributor_id: String,
    /// What the document is (`membership`, `membership_transfer`…).
    pub kind: String,
    /// Its id, unique per distributor and kind.
    pub id: String,
    /// Creation instant (the default sort).
    pub created_at: DateTime<Utc>,
    /// A secondary sort key (a company name), may be empty.
    #[serde(default)]
    pub label: String,
    /// When the background jobs must process it (`None`: nothing to do).
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    /// The JSON body.
    pub body: String,
}

/// Which column a document list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentSort {
    /// Creation instant.
    CreatedAt,
    /// The label, case-insensitively.
    Label,
    /// The id.
    Id,
}

/// A page request over the documents of one kind of one distributor.
#[derive(Debug, Clone)]
pub struct DocumentQuery {
    /// The distributor.
    pub distributor_id: String,
    /// The kind.
    pub kind: String,
    /// Sort column (ties broken by id in the same direction).
    pub sort: DocumentSort,
    /// Direction.
    pub order: SortOrder,
    /// Page size.
    pub limit: i64,
    /// Offset.
    pub offset: i64,
}

/// A page of records with the total number of matches.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// Matches ignoring paging.
    pub total: i64,
    /// This page.
    pub items: Vec<T>,
}

/// A signed-in HTML portal session (server-side; the browser holds only its random id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalSession {
    /// The random session id (the `vipmp_session` cookie's value).
    pub id: String,
    /// The API client that signed in.
    pub client_id: String,
    /// Its distributor.
    pub distributor_id: String,
    /// The per-session CSRF token every form and htmx request carries.
    pub csrf_token: String,
    /// When the session started.
    pub created_at: DateTime<Utc>,
    /// The last request seen (idle expiry counts from here).
    pub last_seen: DateTime<Utc>,
}

/// The store: opens units of work and answers the few reads that need no transaction.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Opens a write transaction (serialised against other writers).
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// Looks up an API client.
    async fn api_client(&self, client_id: &str) -> StoreResult<Option<ApiClient>>;
    /// Looks up a token.
    async fn token(&self, token: &str) -> StoreResult<Option<AccessToken>>;
    /// Reads a distributor.
    async fn distributor(&self, id: &str) -> StoreResult<Option<Distributor>>;
    /// Reads a reseller of a distributor.
    async fn reseller(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>>;
    /// Reads a customer of a distributor.
    async fn customer(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>>;
    /// Reads an order of a distributor.
    async fn order(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>>;
    /// Lists resellers.
    async fn list_resellers(&self, query: &AccountQuery) -> StoreResult<Page<Reseller>>;
    /// Lists customers.
    async fn list_customers(&self, query: &AccountQuery) -> StoreResult<Page<Customer>>;
    /// All persisted orders of a customer, newest first.
    async fn orders_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>>;
    /// All subscriptions of a customer, oldest first.
    async fn subscriptions_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>>;
    /// Lists orders (portal).
    async fn list_orders(&self, query: &OrderQuery) -> StoreResult<Page<Order>>;
    /// Reads a renewal job.
    async fn renewal_job(&self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>>;
    /// The end of a customer's trigger cooldown, if one was ever started.
    async fn cooldown_until(&self, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>>;
    /// Reads an HTML portal session.
    async fn session(&self, id: &str) -> StoreResult<Option<PortalSession>>;
    /// Reads a document of a distributor.
    async fn document(&self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>>;
    /// Lists the documents of one kind of a distributor.
    async fn list_documents(&self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>>;
    /// Closes the pool cleanly.
    async fn close(&self);
    /// The control plane's reads: clocks, due work, faults, the journal, snapshots.
    fn control(&self) -> &dyn crate::control::ControlStore;
    /// Connections of the pool: (open, idle).
    fn pool_stats(&self) -> (u32, u32) {
        (0, 0)
    }
}

/// A unit of work. Dropping it without [`Tx::commit`] rolls everything back.
#[async_trait]
pub trait Tx: Send {
    /// Commits.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
    /// Hands out the next value of a sequence.
    async fn next_id(&mut self, seq: Sequence) -> StoreResult<i64>;

    /// Reads a distributor.
    async fn distributor(&mut self, id: &str) -> StoreResult<Option<Distributor>>;
    /// Inserts or replaces a distributor.
    async fn put_distributor(&mut self, d: &Distributor) -> StoreResult<()>;
    /// Inserts or replaces an API client.
    async fn put_api_client(&mut self, c: &ApiClient) -> StoreResult<()>;
    /// Stores a token.
    async fn put_token(&mut self, t: &AccessToken) -> StoreResult<()>;

    /// The contact stored for an email (lower-cased) of a distributor.
    async fn contact(&mut self, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>>;
    /// Stores the contact of an email (lower-cased) of a distributor, if it has none yet.
    async fn put_contact(&mut self, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()>;
    /// Reads a reseller.
    async fn reseller(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>>;
    /// Inserts or replaces a reseller.
    async fn put_reseller(&mut self, r: &Reseller) -> StoreResult<()>;
    /// Reads a customer.
    async fn customer(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>>;
    /// Inserts or replaces a customer.
    async fn put_customer(&mut self, c: &Customer) -> StoreResult<()>;
    /// Reads an order.
    async fn order(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>>;
    /// Inserts or replaces an order.
    async fn put_order(&mut self, o: &Order) -> StoreResult<()>;
    /// All persisted orders of a customer, newest first.
    async fn orders_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>>;
    /// Reads a subscription.
    async fn subscription(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>>;
    /// Inserts or replaces a subscription.
    async fn put_subscription(&mut self, s: &Subscription) -> StoreResult<()>;
    /// All subscriptions of a customer, oldest first.
    async fn subscriptions_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>>;

    /// The stored response of `key`, if there is one younger than `since`. Write transactions
    /// are serialised (one writer at a time), so no claim row is needed between this lookup
    /// and [`Tx::store_replay`].
    async fn stored_replay(&mut self, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>>;
    /// Stores (inserts or replaces) the response of `key`, committed with the transaction.
    async fn store_replay(&mut self, key: &ReplayKey, response: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()>;
    /// Whether a request id was seen for this client since `since`.
    async fn request_id_seen(&mut self, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool>;
    /// Records a request id.
    async fn record_request_id(
        &mut self,
        client_id: &str,
        request_id: &str,
        correlation_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Starts a trigger cooldown ending at `until` unless one is still running at `now`;
    /// atomic. Returns whether it started.
    async fn try_start_cooldown(
        &mut self,
        customer_id: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Reads a renewal job.
    async fn renewal_job(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>>;
    /// Inserts or replaces a renewal job.
    async fn put_renewal_job(&mut self, job: &RenewalJob) -> StoreResult<()>;
    /// Deletes replay entries and request ids older than `before`; returns how many went.
    async fn purge_replays(&mut self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Inserts or replaces an HTML portal session.
    async fn put_session(&mut self, session: &PortalSession) -> StoreResult<()>;
    /// Deletes an HTML portal session (signing out); deleting an unknown id is not an error.
    async fn delete_session(&mut self, id: &str) -> StoreResult<()>;
    /// Deletes the sessions last seen before `before`; returns how many went.
    async fn purge_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Reads a document of a distributor.
    async fn document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>>;
    /// Inserts or replaces a document (by distributor, kind and id; `created_at` is kept).
    async fn put_document(&mut self, doc: &StoredDocument) -> StoreResult<()>;
    /// Deletes a document; whether it existed.
    async fn delete_document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool>;
    /// Lists the documents of one kind of a distributor.
    async fn list_documents(&mut self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>>;
    /// The control plane's statements in this unit of work.
    fn control(&mut self) -> &mut dyn crate::control::ControlTx;
}
