//! The control plane's per-instance machinery (`AppState::control`): a cache of each
//! distributor's clock and fault rules, the journal writer, and the lock that keeps this
//! instance's clock moves and background ticks apart.
//!
//! - **Caches, at most one second old.** Every CPAPI and portal request needs its distributor's
//!   clock, and every CPAPI request its fault rules; reading both from the database on each
//!   request halved the throughput of a plain GET. Entries live one second, and whatever this
//!   instance changes (a clock move, a reset, a restore, a fault rule added, used or removed) it
//!   forgets at once, so its own next request sees it; other instances see it within a second.
//! - **The journal is written behind the request.** Entries go to one writer task through a
//!   channel, in the order the requests finished, and land in batches (one transaction each).
//!   Reading the journal first waits for everything sent before it ([`Journal::flush`]), so a
//!   script's journal is complete and in order on the instance that served it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot};
use vipmp_core::clock::ClockState;
use vipmp_core::control::{FaultRule, JournalEntry};
use vipmp_core::store::{Store, StoreError};

/// How long a cached clock or rule list is used.
const TTL: Duration = Duration::from_secs(1);
/// How long a journal entry waits for others to share its transaction.
const LINGER: std::time::Duration = std::time::Duration::from_millis(5);

/// Most journal entries written in one transaction.
const BATCH: usize = 256;

#[derive(Debug)]
struct Timed<T> {
    at: Instant,
    value: T,
}

/// A map of per-distributor values that expire after [`TTL`].
#[derive(Debug)]
struct TtlMap<T>(Mutex<HashMap<String, Timed<T>>>);

impl<T: Clone> TtlMap<T> {
    fn get(&self, key: &str) -> Option<T> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).filter(|t| t.at.elapsed() < TTL).map(|t| t.value.clone())
    }

    fn put(&self, key: &str, value: T) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.clear();
        }
        map.insert(key.to_string(), Timed { at: Instant::now(), value });
    }

    fn forget(&self, key: &str) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
    }
}

impl<T> Default for TtlMap<T> {
    fn default() -> Self {
        Self(Mutex::default())
    }
}

enum Message {
    Entry(Box<JournalEntry>),
    Flush(oneshot::Sender<()>),
}

/// The journal writer of this instance (started on first use).
#[derive(Default)]
pub struct Journal {
    sender: OnceLock<mpsc::UnboundedSender<Message>>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").field("started", &self.sender.get().is_some()).finish()
    }
}

impl Journal {
    fn sender(&self, store: &Arc<dyn Store>, keep: i64) -> &mpsc::UnboundedSender<Message> {
        self.sender.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(write_loop(Arc::clone(store), keep, rx));
            tx
        })
    }

    /// Queues an entry.
    pub fn append(&self, store: &Arc<dyn Store>, keep: i64, entry: JournalEntry) {
        let _ = self.sender(store, keep).send(Message::Entry(Box::new(entry)));
    }

    /// Waits until every entry queued before this call is written.
    pub async fn flush(&self) {
        let Some(sender) = self.sender.get() else { return };
        let (done, wait) = oneshot::channel();
        if sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

async fn write_loop(store: Arc<dyn Store>, keep: i64, mut rx: mpsc::UnboundedReceiver<Message>) {
    while let Some(first) = rx.recv().await {
        let mut entries = Vec::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        // Entries wait up to LINGER for company, so that a busy server commits the journal a few
        // hundred times a second rather than once per request (each commit also invalidates
        // every reading connection's page cache). A flush does not wait.
        let deadline = tokio::time::Instant::now() + LINGER;
        while let Some(message) = next.take() {
            match message {
                Message::Entry(e) => entries.push(*e),
                Message::Flush(done) => flushes.push(done),
            }
            if entries.len() < BATCH {
                next = match rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(_) if flushes.is_empty() => tokio::time::timeout_at(deadline, rx.recv()).await.ok().flatten(),
                    Err(_) => None,
                };
            }
        }
        if !entries.is_empty()
            && let Err(e) = store.control().append_journal(&entries, keep).await
        {
            tracing::warn!(error = %e, lost = entries.len(), "journal append failed");
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

/// The control plane's per-instance state.
#[derive(Debug, Default)]
pub struct Runtime {
    clocks: TtlMap<ClockState>,
    faults: TtlMap<Arc<Vec<FaultRule>>>,
    /// The journal writer.
    pub journal: Journal,
    /// Held while this instance moves a clock or runs a background tick.
    pub time_lock: tokio::sync::Mutex<()>,
}

impl Runtime {
    /// A distributor's clock, at most a second old.
    pub async fn clock(&self, store: &Arc<dyn Store>, distributor_id: &str) -> Result<ClockState, StoreError> {
        if let Some(clock) = self.clocks.get(distributor_id) {
            return Ok(clock);
        }
        let clock = store.control().clock(distributor_id).await?.unwrap_or_default();
        self.clocks.put(distributor_id, clock);
        Ok(clock)
    }

    /// A distributor's fault rules, at most a second old.
    pub async fn faults(
        &self,
        store: &Arc<dyn Store>,
        distributor_id: &str,
    ) -> Result<Arc<Vec<FaultRule>>, StoreError> {
        if let Some(rules) = self.faults.get(distributor_id) {
            return Ok(rules);
        }
        let rules = Arc::new(store.control().faults(distributor_id).await?);
        self.faults.put(distributor_id, Arc::clone(&rules));
        Ok(rules)
    }

    /// Forgets what this instance knows of a distributor's clock and rules (after changing them).
    pub fn forget(&self, distributor_id: &str) {
        self.clocks.forget(distributor_id);
        self.faults.forget(distributor_id);
    }
}
