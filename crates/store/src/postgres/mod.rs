//! The PostgreSQL adapter: the same tables as SQLite (records as JSON documents, TEXT
//! timestamps), one writer at a time across every instance on the database
//! (`pg_advisory_xact_lock` right after `BEGIN`), reads outside transactions straight from
//! the pool.

use std::str::FromStr;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Transaction};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, ApiClient, Contact, Customer, Distributor, Order, RenewalJob, Reseller, Subscription,
};
use vipmp_core::store::{
    AccountQuery, DocumentQuery, OrderQuery, Page, PortalSession, ReplayKey, Store, StoreError, StoreResult,
    StoredDocument, StoredResponse, Tx,
};

use crate::PoolSettings;
use crate::error::{from_sqlx, unavailable};
use crate::sql::{Stmt, accounts, lists, orders, requests};

mod control;
mod documents;
mod queries;
mod run;

/// The migrations of this backend (`migrations/postgres`).
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The key of the transaction-level advisory lock every write transaction takes: the
/// PostgreSQL counterpart of SQLite's `BEGIN IMMEDIATE`. ("vipmpsbx" in ASCII.)
pub const WRITE_LOCK_KEY: i64 = 0x7669_706d_7073_6278;

/// Longest wait for the write lock before the request fails with 503 instead of hanging.
const LOCK_TIMEOUT: &str = "30s";
/// A session idle inside a transaction this long is ended by the server, releasing the lock
/// (an instance that hangs or loses the network cannot hold every other writer up for ever).
const IDLE_IN_TRANSACTION_TIMEOUT: &str = "60s";

/// A PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` and runs the migrations. Fails within `settings.acquire_timeout` with
    /// [`StoreError::Unavailable`] (carrying the driver's reason) when the server cannot be
    /// reached or refuses the connection.
    pub async fn connect(url: &str, settings: &PoolSettings) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?
            .application_name("vipmp-sandbox")
            .options([
                ("lock_timeout", LOCK_TIMEOUT),
                ("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT),
            ]);
        // One direct connection first: the pool retries a refused connection until its
        // timeout and then reports only "timed out"; this keeps the real reason.
        let timeout = settings.acquire_timeout;
        match tokio::time::timeout(timeout, PgConnection::connect_with(&options)).await {
            Err(_) => {
                return Err(StoreError::Unavailable(format!(
                    "PostgreSQL did not answer within {} s",
                    timeout.as_secs_f64()
                )));
            }
            Ok(Err(e)) => {
                return Err(StoreError::Unavailable(format!("cannot connect to PostgreSQL: {}", describe(&e))));
            }
            Ok(Ok(probe)) => {
                let _ = probe.close().await;
            }
        }
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections.max(1))
            .min_connections(0)
            .acquire_timeout(timeout)
            .test_before_acquire(true)
            .connect_lazy_with(options);
        MIGRATOR.run(&pool).await.map_err(|e| StoreError::Other(format!("migration failed: {e}")))?;
        Ok(Self { pool })
    }

    /// The pool (tests use it to inspect the database).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn conn(&self) -> StoreResult<sqlx::pool::PoolConnection<Postgres>> {
        self.pool.acquire().await.map_err(unavailable)
    }
}

/// A connection error for people: the server's own message and SQLSTATE rather than the
/// driver's "… at line N" (a line of PostgreSQL's source).
fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("{} (SQLSTATE {code})", db.message()),
            None => db.message().to_string(),
        },
        other => other.to_string(),
    }
}

#[async_trait]
impl Store for PgStore {
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let mut tx = self.pool.begin().await.map_err(unavailable)?;
        queries::lock_writers(&mut tx, WRITE_LOCK_KEY).await?;
        Ok(Box::new(PgTx { tx }))
    }

    async fn api_client(&self, client_id: &str) -> StoreResult<Option<ApiClient>> {
        run::doc(&mut *self.conn().await?, accounts::api_client(client_id)).await
    }

    async fn token(&self, token: &str) -> StoreResult<Option<AccessToken>> {
        queries::token(&mut *self.conn().await?, token).await
    }

    async fn distributor(&self, id: &str) -> StoreResult<Option<Distributor>> {
        run::doc(&mut *self.conn().await?, accounts::distributor(id)).await
    }

    async fn reseller(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        run::doc(&mut *self.conn().await?, accounts::reseller(distributor_id, id)).await
    }

    async fn customer(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        run::doc(&mut *self.conn().await?, accounts::customer(distributor_id, id)).await
    }

    async fn order(&self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        run::doc(&mut *self.conn().await?, orders::order(distributor_id, id)).await
    }

    async fn list_resellers(&self, query: &AccountQuery) -> StoreResult<Page<Reseller>> {
        run::page(&mut *self.conn().await?, lists::accounts("resellers", query)).await
    }

    async fn list_customers(&self, query: &AccountQuery) -> StoreResult<Page<Customer>> {
        run::page(&mut *self.conn().await?, lists::accounts("customers", query)).await
    }

    async fn orders_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        run::docs(&mut *self.conn().await?, orders::orders_of(distributor_id, customer_id)).await
    }

    async fn subscriptions_of(&self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        run::docs(&mut *self.conn().await?, orders::subscriptions_of(distributor_id, customer_id)).await
    }

    async fn list_orders(&self, query: &OrderQuery) -> StoreResult<Page<Order>> {
        run::page(&mut *self.conn().await?, lists::orders(query)).await
    }

    async fn renewal_job(&self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        run::doc(&mut *self.conn().await?, orders::renewal_job(distributor_id, id)).await
    }

    async fn cooldown_until(&self, customer_id: &str) -> StoreResult<Option<DateTime<Utc>>> {
        queries::cooldown_until(&mut *self.conn().await?, customer_id).await
    }

    async fn session(&self, id: &str) -> StoreResult<Option<PortalSession>> {
        queries::session(&mut *self.conn().await?, id).await
    }

    async fn document(&self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
        documents::document(&mut *self.conn().await?, distributor_id, kind, id).await
    }

    async fn list_documents(&self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
        documents::list_documents(&mut *self.conn().await?, query).await
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

/// A write transaction holding the database-wide write lock until it ends.
pub struct PgTx {
    tx: Transaction<'static, Postgres>,
}

impl PgTx {
    fn c(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Runs `s`.
    async fn exec(&mut self, s: Stmt<'_>) -> StoreResult<()> {
        run::execute(self.c(), s).await.map(drop)
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await.map_err(from_sqlx)
    }

    async fn next_id(&mut self, seq: Sequence) -> StoreResult<i64> {
        run::one(self.c(), accounts::next_id(seq)).await
    }

    async fn distributor(&mut self, id: &str) -> StoreResult<Option<Distributor>> {
        run::doc(self.c(), accounts::distributor(id)).await
    }

    async fn put_distributor(&mut self, d: &Distributor) -> StoreResult<()> {
        self.exec(accounts::put_distributor(d)?).await
    }

    async fn put_api_client(&mut self, c: &ApiClient) -> StoreResult<()> {
        self.exec(accounts::put_api_client(c)?).await
    }

    async fn put_token(&mut self, t: &AccessToken) -> StoreResult<()> {
        self.exec(accounts::put_token(t)).await
    }

    async fn contact(&mut self, distributor_id: &str, email: &str) -> StoreResult<Option<Contact>> {
        run::doc(self.c(), accounts::contact(distributor_id, email)).await
    }

    async fn put_contact(&mut self, distributor_id: &str, email: &str, contact: &Contact) -> StoreResult<()> {
        self.exec(accounts::put_contact(distributor_id, email, contact)?).await
    }

    async fn reseller(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Reseller>> {
        run::doc(self.c(), accounts::reseller(distributor_id, id)).await
    }

    async fn put_reseller(&mut self, r: &Reseller) -> StoreResult<()> {
        self.exec(accounts::put_reseller(r)?).await
    }

    async fn customer(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Customer>> {
        run::doc(self.c(), accounts::customer(distributor_id, id)).await
    }

    async fn put_customer(&mut self, c: &Customer) -> StoreResult<()> {
        self.exec(accounts::put_customer(c)?).await
    }

    async fn order(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Order>> {
        run::doc(self.c(), orders::order(distributor_id, id)).await
    }

    async fn put_order(&mut self, o: &Order) -> StoreResult<()> {
        self.exec(orders::put_order(o)?).await
    }

    async fn orders_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Order>> {
        run::docs(self.c(), orders::orders_of(distributor_id, customer_id)).await
    }

    async fn subscription(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<Subscription>> {
        run::doc(self.c(), orders::subscription(distributor_id, id)).await
    }

    async fn put_subscription(&mut self, s: &Subscription) -> StoreResult<()> {
        self.exec(orders::put_subscription(s)?).await
    }

    async fn subscriptions_of(&mut self, distributor_id: &str, customer_id: &str) -> StoreResult<Vec<Subscription>> {
        run::docs(self.c(), orders::subscriptions_of(distributor_id, customer_id)).await
    }

    async fn stored_replay(&mut self, key: &ReplayKey, since: DateTime<Utc>) -> StoreResult<Option<StoredResponse>> {
        queries::stored_replay(self.c(), key, since).await
    }

    async fn store_replay(&mut self, key: &ReplayKey, response: &StoredResponse, at: DateTime<Utc>) -> StoreResult<()> {
        self.exec(requests::store_replay(key, response, at)?).await
    }

    async fn request_id_seen(&mut self, client_id: &str, request_id: &str, since: DateTime<Utc>) -> StoreResult<bool> {
        Ok(run::first::<i64>(self.c(), requests::request_id_seen(client_id, request_id, since)).await?.is_some())
    }

    async fn record_request_id(
        &mut self,
        client_id: &str,
        request_id: &str,
        correlation_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.exec(requests::record_request_id(client_id, request_id, correlation_id, at)).await
    }

    async fn try_start_cooldown(
        &mut self,
        customer_id: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        Ok(run::first::<String>(self.c(), orders::start_cooldown(customer_id, now, until)).await?.is_some())
    }

    async fn renewal_job(&mut self, distributor_id: &str, id: &str) -> StoreResult<Option<RenewalJob>> {
        run::doc(self.c(), orders::renewal_job(distributor_id, id)).await
    }

    async fn put_renewal_job(&mut self, job: &RenewalJob) -> StoreResult<()> {
        self.exec(orders::put_renewal_job(job)?).await
    }

    async fn purge_replays(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        let mut purged = 0;
        for s in requests::purge_replays(before) {
            purged += run::execute(self.c(), s).await?;
        }
        Ok(purged)
    }

    async fn put_session(&mut self, session: &PortalSession) -> StoreResult<()> {
        self.exec(requests::put_session(session)).await
    }

    async fn delete_session(&mut self, id: &str) -> StoreResult<()> {
        self.exec(requests::delete_session(id)).await
    }

    async fn purge_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        run::execute(self.c(), requests::purge_sessions(before)).await
    }

    async fn document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<Option<StoredDocument>> {
        documents::document(self.c(), distributor_id, kind, id).await
    }

    async fn put_document(&mut self, doc: &StoredDocument) -> StoreResult<()> {
        self.exec(crate::sql::documents::put_document(doc)).await
    }

    async fn delete_document(&mut self, distributor_id: &str, kind: &str, id: &str) -> StoreResult<bool> {
        Ok(run::execute(self.c(), crate::sql::documents::delete_document(distributor_id, kind, id)).await? > 0)
    }

    async fn list_documents(&mut self, query: &DocumentQuery) -> StoreResult<Page<StoredDocument>> {
        documents::list_documents(self.c(), query).await
    }

    fn control(&mut self) -> &mut dyn vipmp_core::control::ControlTx {
        self
    }
}
