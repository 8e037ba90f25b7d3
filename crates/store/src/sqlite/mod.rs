//! The SQLite adapter: WAL mode, records as JSON documents beside the columns that queries
//! need. Statements run on the caller's thread through rusqlite ([`conn`]): reads on a stack of
//! reader connections, writes on the one writer connection, one transaction at a time
//! (`BEGIN IMMEDIATE`). sqlx only runs the migrations when the store opens.

use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{
    AccountQuery, DocumentQuery, OrderQuery, Page, PortalSession, ReplayKey, Store, StoreError, StoreResult,
    StoredDocument, StoredResponse, Tx,
};

use crate::error::from_sqlx;
use conn::{Readers, Sql};
use wal::Checkpointer;

mod conn;
mod control;
mod queries;
mod reads;
mod wal;

/// A SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Reads outside a transaction.
    readers: Arc<Readers>,
    /// The one writer connection: a transaction (or a journal append) holds it from `BEGIN
    /// IMMEDIATE` to `COMMIT`, so writers queue here instead of spinning in SQLite's busy
    /// handler. `BEGIN IMMEDIATE` still guards against other processes.
    writer: Arc<tokio::sync::Mutex<Connection>>,
    /// Checkpoints the WAL off the request path; stops with the last clone of the store.
    _checkpointer: Arc<Checkpointer>,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(url, &crate::PoolSettings::default()).await
    }

    /// The same with explicit pool settings (`max_connections` bounds the idle readers kept).
    pub async fn connect_with(url: &str, settings: &crate::PoolSettings) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(from_sqlx)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(std::time::Duration::from_secs(10))
            .foreign_keys(true);
        let migrator = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options.clone())
            .await
            .map_err(from_sqlx)?;
        let migrated = sqlx::migrate!("./migrations/sqlite")
            .run(&migrator)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")));
        migrator.close().await;
        migrated?;
        let path = options.get_filename();
        let writer = conn::open(path, true)?;
        wal::configure_writer(&writer)?;
        let keep = usize::try_from(settings.max_connections).unwrap_or(16);
        let writer = Arc::new(tokio::sync::Mutex::new(writer));
        Ok(Self {
            readers: Arc::new(Readers::new(path, keep)),
            _checkpointer: Arc::new(Checkpointer::start(path, Arc::clone(&writer))?),
            writer,
        })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let mut writer = Arc::clone(&self.writer).lock_owned().await;
        conn::begin_immediate(&mut writer).await?;
        Ok(Box::new(SqliteTx { writer, open: true }))
    }

    async fn api_client(&self, client_id: &str) -> StoreResult<Option<ApiClient>> {
        self.readers.run(|c| reads::api_client(c, client_id))
    }

    async fn token(&self, token: &str) -> StoreResult<Option<AccessToken>> {
        self.readers.run(|c| reads::token(c, token))
    }

    async fn distributor(&self, id: &str) -> StoreResult<Option<Distributor>> {
        self.readers.run(|c| reads::distributor(c, id))
    }

    async fn reseller(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        self.readers.run(|c| reads::reseller(c, distributor_id, id))
    }

    async fn customer(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        self.readers.run(|c| reads::customer(c, distributor_id, id))
    }

    async fn order(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        self.readers.run(|c| reads::order(c, distributor_id, id))
    }

    async fn list_resellers(&self, query: &AccountQuery) -> StoreResult<Page<Reseller>> {
        self.readers.run(|c| reads::list_accounts(c, "resellers", query))
    }

    async fn list_customers(&self, query: &AccountQuery) -> StoreResult<Page<Customer>> {
        self.readers.run(|c| reads::list_accounts(c, "customers", query))
    }

    async fn orders_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        self.readers.run(|c| reads::orders_of(c, distributor_id, customer_id))
    }

    async fn subscriptions_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        self.readers.run(|c| reads::subscriptions_of(c, distributor_id, customer_id))
    }

    async fn list_orders(&self, query: &OrderQuery) -> StoreResult<Page<Order>> {
        self.readers.run(|c| reads::list_orders(c, query))
    }

    async fn renewal_job(&self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        self.readers.run(|c| reads::renewal_job(c, distributor_id, id))
    }

    async fn cooldown_until(&self, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
        self.readers.run(|c| reads::cooldown_until(c, customer_id))
    }

    async fn session(&self, id: &str) -> StoreResult<Option<PortalSession>> {
        self.readers.run(|c| reads::session(c, id))
    }

    async fn document(&self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
        self.readers.run(|c| reads::document(c, distributor_id, kind, id))
    }

    async fn list_documents(&self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
        self.readers.run(|c| reads::list_documents(c, query))
    }

    fn pool_stats(&self) -> (u32, u32) {
        let idle = u32::try_from(self.readers.idle()).unwrap_or(u32::MAX);
        let writer_idle = u32::from(self.writer.try_lock().is_ok());
        (idle.saturating_add(1), idle.saturating_add(writer_idle))
    }

    /// Closes the idle readers and empties the WAL into the database file (TRUNCATE), so that a
    /// clean stop leaves no WAL behind.
    async fn close(&self) {
        self.readers.close();
        let writer = self.writer.lock().await;
        // The writer has no busy timeout; at a stop the truncation may wait for readers.
        let _ = writer.busy_timeout(conn::BUSY);
        match wal::truncate(&writer) {
            Ok(true) => {}
            Ok(false) => tracing::warn!("WAL not truncated at close: a reader or another process is busy"),
            Err(e) => tracing::warn!(error = %e, "WAL truncation at close failed"),
        }
    }

    fn control(&self) -> &dyn vipmp_core::control::ControlStore {
        self
    }
}

/// A write transaction: the writer connection, between `BEGIN IMMEDIATE` and `COMMIT`.
/// Dropped while open, it rolls back.
pub struct SqliteTx {
    writer: tokio::sync::OwnedMutexGuard<Connection>,
    open: bool,
}

impl SqliteTx {
    fn c(&self) -> &Connection {
        &self.writer
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        if self.open {
            let _ = self.writer.execute_batch("ROLLBACK");
        }
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        let done = self.writer.execute_batch("COMMIT").sql();
        // A failed COMMIT leaves the transaction open; dropping rolls it back.
        self.open = done.is_err();
        done
    }

    async fn next_id(&mut self, seq: Sequence) -> StoreResult<i64> {
        queries::next_id(self.c(), seq)
    }

    async fn distributor(&mut self, id: &str) -> StoreResult<Option<Distributor>> {
        reads::distributor(self.c(), id).sql()
    }

    async fn put_distributor(&mut self, d: &Distributor) -> StoreResult<()> {
        queries::put_distributor(self.c(), d)
    }

    async fn put_api_client(&mut self, c: &ApiClient) -> StoreResult<()> {
        queries::put_api_client(self.c(), c)
    }

    async fn put_token(&mut self, t: &AccessToken) -> StoreResult<()> {
        queries::put_token(self.c(), t)
    }

    async fn contact(&mut self, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>> {
        reads::contact(self.c(), distributor_id, email).sql()
    }

    async fn put_contact(&mut self, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()> {
        queries::put_contact(self.c(), distributor_id, email, contact)
    }

    async fn reseller(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        reads::reseller(self.c(), distributor_id, id).sql()
    }

    async fn put_reseller(&mut self, r: &Reseller) -> StoreResult<()> {
        queries::put_reseller(self.c(), r)
    }

    async fn customer(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        reads::customer(self.c(), distributor_id, id).sql()
    }

    async fn put_customer(&mut self, c: &Customer) -> StoreResult<()> {
        queries::put_customer(self.c(), c)
    }

    async fn order(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        reads::order(self.c(), distributor_id, id).sql()
    }

    async fn put_order(&mut self, o: &Order) -> StoreResult<()> {
        queries::put_order(self.c(), o)
    }

    async fn orders_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        reads::orders_of(self.c(), distributor_id, customer_id).sql()
    }

    async fn subscription(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>> {
        reads::subscription(self.c(), distributor_id, id).sql()
    }

    async fn put_subscription(&mut self, s: &Subscription) -> StoreResult<()> {
        queries::put_subscription(self.c(), s)
    }

    async fn subscriptions_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        reads::subscriptions_of(self.c(), distributor_id, customer_id).sql()
    }

    async fn stored_replay(&mut self, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
        queries::stored_replay(self.c(), key, since)
    }

    async fn store_replay(&mut self, key: &ReplayKey, response: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()> {
        queries::store_replay(self.c(), key, response, at)
    }

    async fn request_id_seen(&mut self, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool> {
        queries::request_id_seen(self.c(), client_id, request_id, since)
    }

    async fn record_request_id(
        &mut self,
        client_id: &str,
        request_id: &str,
        correlation_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        queries::record_request_id(self.c(), client_id, request_id, correlation_id, at)
    }

    async fn try_start_cooldown(
        &mut self,
        customer_id: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        queries::try_start_cooldown(self.c(), customer_id, now, until)
    }

    async fn renewal_job(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        reads::renewal_job(self.c(), distributor_id, id).sql()
    }

    async fn put_renewal_job(&mut self, job: &RenewalJob) -> StoreResult<()> {
        queries::put_renewal_job(self.c(), job)
    }

    async fn purge_replays(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        queries::purge_replays(self.c(), before)
    }

    async fn put_session(&mut self, session: &PortalSession) -> StoreResult<()> {
        queries::put_session(self.c(), session)
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        queries::delete_session(self.c(), id)
    }

    async fn purge_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        queries::purge_sessions(self.c(), before)
    }

    async fn document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
        reads::document(self.c(), distributor_id, kind, id)
    }

    async fn put_document(&mut self, doc: &StoredDocument) -> StoreResult<()> {
        queries::put_document(self.c(), doc)
    }

    async fn delete_document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool> {
        queries::delete_document(self.c(), distributor_id, kind, id)
    }

    async fn list_documents(&mut self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
        reads::list_documents(self.c(), query)
    }

    fn control(&mut self) -> &mut dyn vipmp_core::control::ControlTx {
        self
    }
}
