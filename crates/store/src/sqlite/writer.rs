//! The one writer connection, and group commit (issue 19, item 1).
//!
//! Write transactions queue on one mutex around the writer connection. With group commit, the
//! transactions that find others queued behind them share one SQLite transaction:
//!
//! - The first transaction of a batch runs `BEGIN IMMEDIATE`; each transaction (a *unit*) then
//!   runs inside `SAVEPOINT unit`. A unit that fails or is dropped rolls back to its savepoint,
//!   which undoes its own writes and nothing else.
//! - A unit that commits releases its savepoint. If no other transaction waits for the writer, or
//!   the batch is full ([`Writer::max_batch`] units) or old ([`MAX_HOLD`]), it commits the batch at
//!   once (`COMMIT`: one WAL append for every unit in it). Otherwise it lets the writer go to the
//!   next unit and waits for the batch's commit; after [`LINGER`] without one it takes the writer
//!   back and commits the batch itself, so a batch never waits for a unit that never comes.
//! - **A unit's caller hears "committed" only after the `COMMIT` that contains it succeeded**, so
//!   nothing acknowledged can be lost that a single commit would have kept. A failed `COMMIT`
//!   rolls the batch back and fails every unit in it.
//! - Anything else that takes the writer (journal appends, the checkpointer, close) first commits
//!   the open batch ([`Writer::flush`]).
//!
//! Units in one batch see each other's writes, as consecutive transactions would; readers see
//! them all at the batch's commit. Replay records are written in the same unit as the answer they
//! replay, so a replay found inside the batch is acknowledged with that batch too.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{Mutex, MutexGuard, OwnedMutexGuard, oneshot};
use vipmp_core::store::{StoreError, StoreResult};

use super::conn::{self, Sql};

/// How long a committed unit waits for its batch's commit before committing the batch itself.
pub const LINGER: Duration = Duration::from_millis(2);

/// The age past which a batch is committed by the next unit that commits, whoever waits.
pub const MAX_HOLD: Duration = Duration::from_millis(5);

/// The default most units per batch (`--db-group-commit`); 1 turns group commit off.
pub const DEFAULT_MAX_BATCH: usize = 16;

/// An open batch: its units' savepoints are released; their callers wait in `waiters`.
#[derive(Debug)]
struct Batch {
    id: u64,
    units: usize,
    started: Instant,
    waiters: Vec<oneshot::Sender<StoreResult<()>>>,
}

/// The writer connection and the batch open on it.
#[derive(Debug)]
pub struct Writer {
    /// The connection.
    pub conn: Connection,
    batch: Option<Batch>,
    /// Most units per batch (at least 1).
    max_batch: usize,
    counts: std::sync::Arc<Counts>,
}

impl Writer {
    /// Commits the open batch, if any, and tells its units how it went.
    pub fn flush(&mut self) {
        let Some(batch) = self.batch.take() else { return };
        let done = self.conn.execute_batch("COMMIT").sql();
        if done.is_err() {
            // A failed COMMIT leaves the transaction open.
            let _ = self.conn.execute_batch("ROLLBACK");
        } else if batch.units > 0 {
            self.counts.units.fetch_add(batch.units as u64, Ordering::Relaxed);
            self.counts.batches.fetch_add(1, Ordering::Relaxed);
        }
        for waiter in batch.waiters {
            let _ = waiter.send(done.clone());
        }
    }
}

/// The writer behind its mutex, with the count of transactions waiting for it.
#[derive(Debug)]
pub struct Shared {
    writer: std::sync::Arc<Mutex<Writer>>,
    waiting: AtomicUsize,
    next_batch: AtomicU64,
    /// Units and batches committed so far (see [`Shared::committed`]).
    counts: std::sync::Arc<Counts>,
}

/// Units and batches committed.
#[derive(Debug, Default)]
struct Counts {
    units: AtomicU64,
    batches: AtomicU64,
}

impl Shared {
    /// The writer `conn`, batching at most `max_batch` units.
    pub fn new(conn: Connection, max_batch: usize) -> Self {
        let counts = std::sync::Arc::new(Counts::default());
        let writer = Writer { conn, batch: None, max_batch: max_batch.max(1), counts: std::sync::Arc::clone(&counts) };
        let writer = std::sync::Arc::new(Mutex::new(writer));
        Self { writer, waiting: AtomicUsize::new(0), next_batch: AtomicU64::new(1), counts }
    }

    /// The units and the batches committed so far: their ratio is the mean batch size.
    pub fn committed(&self) -> (u64, u64) {
        (self.counts.units.load(Ordering::Relaxed), self.counts.batches.load(Ordering::Relaxed))
    }

    /// Takes the writer for something other than a unit, committing the open batch first.
    pub async fn lock(&self) -> MutexGuard<'_, Writer> {
        let mut w = self.counted(self.writer.lock()).await;
        w.flush();
        w
    }

    /// [`Shared::lock`] from a thread outside the runtime.
    pub fn blocking_lock(&self) -> MutexGuard<'_, Writer> {
        let mut w = self.writer.blocking_lock();
        w.flush();
        w
    }

    /// Whether the writer is free right now.
    pub fn is_idle(&self) -> bool {
        self.writer.try_lock().is_ok()
    }

    async fn counted<G>(&self, lock: impl Future<Output = G>) -> G {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let guard = lock.await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        guard
    }

    /// Starts a unit: joins the open batch (or begins one) and sets the unit's savepoint.
    pub async fn begin(self: &std::sync::Arc<Self>) -> StoreResult<Unit> {
        let mut w = self.counted(std::sync::Arc::clone(&self.writer).lock_owned()).await;
        if w.batch.as_ref().is_some_and(|b| b.started.elapsed() >= MAX_HOLD) {
            w.flush();
        }
        if w.batch.is_none() {
            conn::begin_immediate(&mut &mut w.conn).await?;
            let id = self.next_batch.fetch_add(1, Ordering::Relaxed);
            w.batch = Some(Batch { id, units: 0, started: Instant::now(), waiters: Vec::new() });
        }
        if let Err(e) = w.conn.execute_batch("SAVEPOINT unit").sql() {
            end_if_empty(&mut w);
            return Err(e);
        }
        Ok(Unit { writer: w, shared: std::sync::Arc::clone(self), open: true })
    }
}

/// Ends a batch that holds no committed unit (rolling back its empty transaction), so that it
/// does not keep SQLite's write lock.
fn end_if_empty(w: &mut Writer) {
    if w.batch.as_ref().is_some_and(|b| b.units == 0) {
        w.batch = None;
        let _ = w.conn.execute_batch("ROLLBACK");
    }
}

/// One write transaction: the writer, inside the unit's savepoint. Dropped before
/// [`Unit::commit`], it rolls back to the savepoint.
#[derive(Debug)]
pub struct Unit {
    writer: OwnedMutexGuard<Writer>,
    shared: std::sync::Arc<Shared>,
    open: bool,
}

impl Unit {
    /// The writer connection.
    pub fn conn(&self) -> &Connection {
        &self.writer.conn
    }

    /// Commits the unit: returns once the batch holding it has committed.
    pub async fn commit(mut self) -> StoreResult<()> {
        self.writer.conn.execute_batch("RELEASE unit").sql()?;
        self.open = false;
        let (tx, mut rx) = oneshot::channel();
        let max_batch = self.writer.max_batch;
        let Some(batch) = self.writer.batch.as_mut() else {
            return Err(StoreError::Other("the unit's batch is gone".into()));
        };
        batch.units += 1;
        batch.waiters.push(tx);
        let id = batch.id;
        let full = batch.units >= max_batch || batch.started.elapsed() >= MAX_HOLD;
        if full || self.shared.waiting.load(Ordering::SeqCst) == 0 {
            self.writer.flush();
        }
        let shared = std::sync::Arc::clone(&self.shared);
        drop(self);
        if let Ok(done) = tokio::time::timeout(LINGER, &mut rx).await {
            return done.unwrap_or_else(|_| Err(lost()));
        }
        {
            let mut w = shared.writer.lock().await;
            if w.batch.as_ref().is_some_and(|b| b.id == id) {
                w.flush();
            }
        }
        rx.await.unwrap_or_else(|_| Err(lost()))
    }
}

fn lost() -> StoreError {
    StoreError::Other("the batch ended without an answer".into())
}

impl Drop for Unit {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        let w = &mut *self.writer;
        let _ = w.conn.execute_batch("ROLLBACK TO unit; RELEASE unit");
        end_if_empty(w);
        if self.shared.waiting.load(Ordering::SeqCst) == 0 {
            w.flush();
        }
    }
}
