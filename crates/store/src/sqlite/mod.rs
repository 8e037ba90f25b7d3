//! The SQLite adapter: WAL mode, one writer at a time (`BEGIN IMMEDIATE`), records as JSON
//! documents beside the columns that queries need.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{
    AccountQuery, OrderQuery, Page, PortalSession, ReplayKey, Store, StoreResult, StoredResponse, Tx,
};

use crate::error::from_sqlx;

mod control;
mod queries;
mod sessions;

/// A SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// One writer at a time inside this process: waiters queue here instead of spinning in
    /// SQLite's busy handler. `BEGIN IMMEDIATE` still guards against other processes.
    writer: Arc<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(url, &crate::PoolSettings::default()).await
    }

    /// The same with explicit pool settings.
    pub async fn connect_with(url: &str, settings: &crate::PoolSettings) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(from_sqlx)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(settings.max_connections.max(1))
            .min_connections(1)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(from_sqlx)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| vipmp_core::store::StoreError::Other(format!("migration failed: {e}")))?;
        Ok(Self { pool, writer: Arc::default() })
    }

    async fn conn(&self) -> StoreResult<sqlx::pool::PoolConnection<Sqlite>> {
        self.pool.acquire().await.map_err(from_sqlx)
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let guard = Arc::clone(&self.writer).lock_owned().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)?;
        Ok(Box::new(SqliteTx { tx, _writer: guard }))
    }

    async fn api_client(&self, client_id: &str) -> StoreResult<Option<ApiClient>> {
        queries::api_client(&mut *self.conn().await?, client_id).await
    }

    async fn token(&self, token: &str) -> StoreResult<Option<AccessToken>> {
        queries::token(&mut *self.conn().await?, token).await
    }

    async fn distributor(&self, id: &str) -> StoreResult<Option<Distributor>> {
        queries::distributor(&mut *self.conn().await?, id).await
    }

    async fn reseller(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        queries::reseller(&mut *self.conn().await?, distributor_id, id).await
    }

    async fn customer(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        queries::customer(&mut *self.conn().await?, distributor_id, id).await
    }

    async fn order(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        queries::order(&mut *self.conn().await?, distributor_id, id).await
    }

    async fn list_resellers(&self, query: &AccountQuery) -> StoreResult<Page<Reseller>> {
        queries::list_accounts(&mut *self.conn().await?, "resellers", query).await
    }

    async fn list_customers(&self, query: &AccountQuery) -> StoreResult<Page<Customer>> {
        queries::list_accounts(&mut *self.conn().await?, "customers", query).await
    }

    async fn orders_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        queries::orders_of(&mut *self.conn().await?, distributor_id, customer_id).await
    }

    async fn subscriptions_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        queries::subscriptions_of(&mut *self.conn().await?, distributor_id, customer_id).await
    }

    async fn due_orders(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<(String, String)>> {
        queries::due_orders(&mut *self.conn().await?, now, limit).await
    }

    async fn due_activations(&self, now: DateTime<Utc>) -> StoreResult<Vec<(String, String, String)>> {
        queries::due_activations(&mut *self.conn().await?, now).await
    }

    async fn list_orders(&self, query: &OrderQuery) -> StoreResult<Page<Order>> {
        queries::list_orders(&mut *self.conn().await?, query).await
    }

    async fn due_renewal_customers(&self, today: NaiveDate) -> StoreResult<Vec<(String, String)>> {
        queries::due_renewal_customers(&mut *self.conn().await?, today).await
    }

    async fn due_renewal_jobs(&self, now: DateTime<Utc>) -> StoreResult<Vec<(String, String)>> {
        queries::due_renewal_jobs(&mut *self.conn().await?, now).await
    }

    async fn renewal_job(&self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        queries::renewal_job(&mut *self.conn().await?, distributor_id, id).await
    }

    async fn cooldown_until(&self, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
        queries::cooldown_until(&mut *self.conn().await?, customer_id).await
    }

    async fn session(&self, id: &str) -> StoreResult<Option<PortalSession>> {
        sessions::session(&mut *self.conn().await?, id).await
    }

    fn pool_stats(&self) -> (u32, u32) {
        (self.pool.size(), u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX))
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn control(&self) -> &dyn vipmp_core::control::ControlStore {
        self
    }
}

/// A write transaction.
pub struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
    _writer: tokio::sync::OwnedMutexGuard<()>,
}

impl SqliteTx {
    fn c(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await.map_err(from_sqlx)
    }

    async fn next_id(&mut self, seq: Sequence) -> StoreResult<i64> {
        queries::next_id(self.c(), seq).await
    }

    async fn distributor(&mut self, id: &str) -> StoreResult<Option<Distributor>> {
        queries::distributor(self.c(), id).await
    }

    async fn put_distributor(&mut self, d: &Distributor) -> StoreResult<()> {
        queries::put_distributor(self.c(), d).await
    }

    async fn put_api_client(&mut self, c: &ApiClient) -> StoreResult<()> {
        queries::put_api_client(self.c(), c).await
    }

    async fn put_token(&mut self, t: &AccessToken) -> StoreResult<()> {
        queries::put_token(self.c(), t).await
    }

    async fn contact(&mut self, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>> {
        queries::contact(self.c(), distributor_id, email).await
    }

    async fn put_contact(&mut self, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()> {
        queries::put_contact(self.c(), distributor_id, email, contact).await
    }

    async fn reseller(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        queries::reseller(self.c(), distributor_id, id).await
    }

    async fn put_reseller(&mut self, r: &Reseller) -> StoreResult<()> {
        queries::put_reseller(self.c(), r).await
    }

    async fn customer(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        queries::customer(self.c(), distributor_id, id).await
    }

    async fn put_customer(&mut self, c: &Customer) -> StoreResult<()> {
        queries::put_customer(self.c(), c).await
    }

    async fn order(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        queries::order(self.c(), distributor_id, id).await
    }

    async fn put_order(&mut self, o: &Order) -> StoreResult<()> {
        queries::put_order(self.c(), o).await
    }

    async fn orders_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        queries::orders_of(self.c(), distributor_id, customer_id).await
    }

    async fn subscription(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>> {
        queries::subscription(self.c(), distributor_id, id).await
    }

    async fn put_subscription(&mut self, s: &Subscription) -> StoreResult<()> {
        queries::put_subscription(self.c(), s).await
    }

    async fn subscriptions_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        queries::subscriptions_of(self.c(), distributor_id, customer_id).await
    }

    async fn stored_replay(&mut self, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
        queries::stored_replay(self.c(), key, since).await
    }

    async fn store_replay(&mut self, key: &ReplayKey, response: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()> {
        queries::store_replay(self.c(), key, response, at).await
    }

    async fn request_id_seen(&mut self, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool> {
        queries::request_id_seen(self.c(), client_id, request_id, since).await
    }

    async fn record_request_id(
        &mut self,
        client_id: &str,
        request_id: &str,
        correlation_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        queries::record_request_id(self.c(), client_id, request_id, correlation_id, at).await
    }

    async fn try_start_cooldown(
        &mut self,
        customer_id: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        queries::try_start_cooldown(self.c(), customer_id, now, until).await
    }

    async fn renewal_job(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        queries::renewal_job(self.c(), distributor_id, id).await
    }

    async fn put_renewal_job(&mut self, job: &RenewalJob) -> StoreResult<()> {
        queries::put_renewal_job(self.c(), job).await
    }

    async fn purge_replays(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        queries::purge_replays(self.c(), before).await
    }

    async fn put_session(&mut self, session: &PortalSession) -> StoreResult<()> {
        sessions::put_session(self.c(), session).await
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        sessions::delete_session(self.c(), id).await
    }

    async fn purge_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        sessions::purge_sessions(self.c(), before).await
    }

    fn control(&mut self) -> &mut dyn vipmp_core::control::ControlTx {
        self
    }
}
