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
use crate::sql::{Stmt, accounts, lists, orders, requests};
use conn::Readers;
use wal::Checkpointer;

mod conn;
mod control;
mod reads;
mod run;
#[cfg(test)]
mod statements;
mod wal;
pub mod writer;

/// A SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Reads outside a transaction.
    readers: Arc<Readers>,
    /// The one writer connection: a transaction (or a journal append) holds it, so writers
    /// queue here instead of spinning in SQLite's busy handler, and commit in groups
    /// ([`writer`]). `BEGIN IMMEDIATE` still guards against other processes.
    writer: Arc<writer::Shared>,
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
        let writer = Arc::new(writer::Shared::new(writer, settings.group_commit));
        Ok(Self {
            readers: Arc::new(Readers::new(path, keep)),
            _checkpointer: Arc::new(Checkpointer::start(path, Arc::clone(&writer))?),
            writer,
        })
    }
}

impl SqliteStore {
    /// The write transactions and the group commits (batches) committed since the store opened.
    pub fn committed(&self) -> (u64, u64) {
        self.writer.committed()
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        Ok(Box::new(SqliteTx { unit: self.writer.begin().await? }))
    }

    async fn api_client(&self, client_id: &str) -> StoreResult<Option<ApiClient>> {
        self.readers.run(|c| run::doc(c, &accounts::api_client(client_id)))
    }

    async fn token(&self, token: &str) -> StoreResult<Option<AccessToken>> {
        self.readers.run(|c| reads::token(c, token))
    }

    async fn distributor(&self, id: &str) -> StoreResult<Option<Distributor>> {
        self.readers.run(|c| run::doc(c, &accounts::distributor(id)))
    }

    async fn reseller(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        self.readers.run(|c| run::doc(c, &accounts::reseller(distributor_id, id)))
    }

    async fn customer(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        self.readers.run(|c| run::doc(c, &accounts::customer(distributor_id, id)))
    }

    async fn order(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        self.readers.run(|c| run::doc(c, &orders::order(distributor_id, id)))
    }

    async fn list_resellers(&self, query: &AccountQuery) -> StoreResult<Page<Reseller>> {
        self.readers.run(|c| run::page(c, &lists::accounts("resellers", query)))
    }

    async fn list_customers(&self, query: &AccountQuery) -> StoreResult<Page<Customer>> {
        self.readers.run(|c| run::page(c, &lists::accounts("customers", query)))
    }

    async fn orders_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        self.readers.run(|c| run::docs(c, &orders::orders_of(distributor_id, customer_id)))
    }

    async fn subscriptions_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        self.readers.run(|c| run::docs(c, &orders::subscriptions_of(distributor_id, customer_id)))
    }

    async fn list_orders(&self, query: &OrderQuery) -> StoreResult<Page<Order>> {
        self.readers.run(|c| run::page(c, &lists::orders(query)))
    }

    async fn renewal_job(&self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        self.readers.run(|c| run::doc(c, &orders::renewal_job(distributor_id, id)))
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
        let writer_idle = u32::from(self.writer.is_idle());
        (idle.saturating_add(1), idle.saturating_add(writer_idle))
    }

    /// Closes the idle readers and empties the WAL into the database file (TRUNCATE), so that a
    /// clean stop leaves no WAL behind.
    async fn close(&self) {
        self.readers.close();
        let writer = self.writer.lock().await;
        // The writer has no busy timeout; at a stop the truncation may wait for readers.
        let _ = writer.conn.busy_timeout(conn::BUSY);
        match wal::truncate(&writer.conn) {
            Ok(true) => {}
            Ok(false) => tracing::warn!("WAL not truncated at close: a reader or another process is busy"),
            Err(e) => tracing::warn!(error = %e, "WAL truncation at close failed"),
        }
    }

    fn control(&self) -> &dyn vipmp_core::control::ControlStore {
        self
    }
}

/// A write transaction: a unit of the writer's batch (see [`writer`]).
pub struct SqliteTx {
    unit: writer::Unit,
}

impl SqliteTx {
    fn c(&self) -> &Connection {
        self.unit.conn()
    }

    /// Runs `s`.
    fn exec(&self, s: &Stmt<'_>) -> StoreResult<()> {
        run::execute(self.c(), s).map(drop)
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.unit.commit().await
    }

    async fn next_id(&mut self, seq: Sequence) -> StoreResult<i64> {
        run::one(self.c(), &accounts::next_id(seq))
    }

    async fn distributor(&mut self, id: &str) -> StoreResult<Option<Distributor>> {
        run::doc(self.c(), &accounts::distributor(id))
    }

    async fn put_distributor(&mut self, d: &Distributor) -> StoreResult<()> {
        self.exec(&accounts::put_distributor(d)?)
    }

    async fn put_api_client(&mut self, c: &ApiClient) -> StoreResult<()> {
        self.exec(&accounts::put_api_client(c)?)
    }

    async fn put_token(&mut self, t: &AccessToken) -> StoreResult<()> {
        self.exec(&accounts::put_token(t))
    }

    async fn contact(&mut self, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>> {
        run::doc(self.c(), &accounts::contact(distributor_id, email))
    }

    async fn put_contact(&mut self, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()> {
        self.exec(&accounts::put_contact(distributor_id, email, contact)?)
    }

    async fn reseller(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        run::doc(self.c(), &accounts::reseller(distributor_id, id))
    }

    async fn put_reseller(&mut self, r: &Reseller) -> StoreResult<()> {
        self.exec(&accounts::put_reseller(r)?)
    }

    async fn customer(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        run::doc(self.c(), &accounts::customer(distributor_id, id))
    }

    async fn put_customer(&mut self, c: &Customer) -> StoreResult<()> {
        self.exec(&accounts::put_customer(c)?)
    }

    async fn order(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        run::doc(self.c(), &orders::order(distributor_id, id))
    }

    async fn put_order(&mut self, o: &Order) -> StoreResult<()> {
        self.exec(&orders::put_order(o)?)
    }

    async fn orders_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        run::docs(self.c(), &orders::orders_of(distributor_id, customer_id))
    }

    async fn subscription(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>> {
        run::doc(self.c(), &orders::subscription(distributor_id, id))
    }

    async fn put_subscription(&mut self, s: &Subscription) -> StoreResult<()> {
        self.exec(&orders::put_subscription(s)?)
    }

    async fn subscriptions_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        run::docs(self.c(), &orders::subscriptions_of(distributor_id, customer_id))
    }

    async fn stored_replay(&mut self, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
        reads::stored_replay(self.c(), key, since)
    }

    async fn store_replay(&mut self, key: &ReplayKey, response: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()> {
        self.exec(&requests::store_replay(key, response, at)?)
    }

    async fn request_id_seen(&mut self, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool> {
        run::exists(self.c(), &requests::request_id_seen(client_id, request_id, since))
    }

    async fn record_request_id(
        &mut self,
        client_id: &str,
        request_id: &str,
        correlation_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.exec(&requests::record_request_id(client_id, request_id, correlation_id, at))
    }

    async fn try_start_cooldown(
        &mut self,
        customer_id: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        run::exists(self.c(), &orders::start_cooldown(customer_id, now, until))
    }

    async fn renewal_job(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        run::doc(self.c(), &orders::renewal_job(distributor_id, id))
    }

    async fn put_renewal_job(&mut self, job: &RenewalJob) -> StoreResult<()> {
        self.exec(&orders::put_renewal_job(job)?)
    }

    async fn purge_replays(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        requests::purge_replays(before).iter().map(|s| run::execute(self.c(), s)).sum()
    }

    async fn put_session(&mut self, session: &PortalSession) -> StoreResult<()> {
        self.exec(&requests::put_session(session))
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        self.exec(&requests::delete_session(id))
    }

    async fn purge_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        run::execute(self.c(), &requests::purge_sessions(before))
    }

    async fn document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
        reads::document(self.c(), distributor_id, kind, id)
    }

    async fn put_document(&mut self, doc: &StoredDocument) -> StoreResult<()> {
        self.exec(&crate::sql::documents::put_document(doc))
    }

    async fn delete_document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool> {
        Ok(run::execute(self.c(), &crate::sql::documents::delete_document(distributor_id, kind, id))? > 0)
    }

    async fn list_documents(&mut self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
        reads::list_documents(self.c(), query)
    }

    fn control(&mut self) -> &mut dyn vipmp_core::control::ControlTx {
        self
    }
}
