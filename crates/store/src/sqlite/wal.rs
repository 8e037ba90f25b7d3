//! Keeps the SQLite WAL bounded (issue 20, item 1).
//!
//! SQLite appends every commit to the `-wal` file and starts again from its beginning only
//! when a write transaction begins while the whole WAL has been copied into the database file
//! (and no reader still reads from the WAL). The checkpointer's PASSIVE checkpoints did copy
//! every frame they saw, but under steady writes a new commit always came between the end of a
//! checkpoint and the next write transaction, so the WAL never started again and grew by every
//! commit; nothing ever truncated it when the writes stopped either. Measured: 214 MiB after
//! 10 s of three writers and two readers, every PASSIVE checkpoint complete, and no shrinking
//! afterwards.
//!
//! So the checkpointer now also takes the writer (its mutex, so no commit can slip in) and runs
//! a TRUNCATE checkpoint, which copies the rest, waits for the readers still on the WAL, and
//! truncates the file to zero bytes: when the WAL passes [`TRUNCATE_AT`] and when no commit came
//! for [`IDLE_AFTER`]. [`SqliteStore::close`](super::SqliteStore) truncates once more at shutdown.
//! No `journal_size_limit` is set: on the writer it made a second instance on the same file answer
//! `database is locked` (the store contract's two-instance story), and the truncation makes it moot.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::Connection;
use vipmp_core::store::{StoreError, StoreResult};

use super::conn::{self, Sql};

/// How often the checkpointer copies the WAL back into the database file (PASSIVE).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// The WAL size past which the checkpointer truncates it, holding the writer.
const TRUNCATE_AT: i64 = 16 * 1024 * 1024;

/// How long without a commit before the checkpointer truncates the WAL.
const IDLE_AFTER: Duration = Duration::from_secs(1);

/// How long a TRUNCATE checkpoint waits for readers still on the WAL (and for another process's
/// writer) before it gives up until the next tick; it holds the writer meanwhile, so this
/// bounds the pause it imposes on commits.
const CHECKPOINT_BUSY: Duration = Duration::from_millis(500);

/// The settings of the writer: no automatic checkpoint (a commit never pays for one; the
/// checkpointer does them), and no busy timeout: [`conn::begin_immediate`] waits for another
/// process's writer without holding the thread, and once a transaction has begun its statements
/// need no lock another connection can hold.
pub fn configure_writer(c: &Connection) -> StoreResult<()> {
    c.pragma_update(None, "wal_autocheckpoint", 0).sql()?;
    c.busy_timeout(std::time::Duration::ZERO).sql()
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` on `c`: whether it completed (the WAL is now empty) rather
/// than giving up on a busy reader or writer.
pub fn truncate(c: &Connection) -> rusqlite::Result<bool> {
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)).map(|busy| busy == 0)
}

/// `PRAGMA wal_checkpoint(PASSIVE)` on `c` (it never waits): the frames in the WAL.
fn passive(c: &Connection) -> rusqlite::Result<i64> {
    c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1))
}

/// Checkpoints the WAL from a thread of its own; stops when dropped.
#[derive(Debug)]
pub struct Checkpointer {
    stop: Arc<AtomicBool>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path`, whose writer is `writer`.
    pub fn start(path: &std::path::Path, writer: Arc<super::writer::Shared>) -> StoreResult<Self> {
        let c = conn::open(path, true)?;
        c.busy_timeout(CHECKPOINT_BUSY).sql()?;
        let page: i64 = c.pragma_query_value(None, "page_size", |r| r.get(0)).sql()?;
        // A frame is a page and its 24-byte header.
        let truncate_at = TRUNCATE_AT / (page + 24);
        let idle_ticks = IDLE_AFTER.as_millis() / CHECKPOINT_EVERY.as_millis();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                let (mut last, mut quiet) = (0, 0);
                while !stopped.load(Ordering::Relaxed) {
                    std::thread::sleep(CHECKPOINT_EVERY);
                    let frames = match passive(&c) {
                        Ok(frames) => frames,
                        Err(e) => {
                            tracing::warn!(error = %e, "WAL checkpoint failed");
                            continue;
                        }
                    };
                    quiet = if frames == last { quiet + 1 } else { 0 };
                    last = frames;
                    if frames == 0 || (frames < truncate_at && quiet < idle_ticks) {
                        continue;
                    }
                    // Holding the writer (its open batch committed), no commit lands between the copy
                    // and the truncation.
                    let _writes = writer.blocking_lock();
                    match truncate(&c) {
                        Ok(true) => (last, quiet) = (0, 0),
                        Ok(false) => tracing::debug!(frames, "WAL truncation waits for a reader"),
                        Err(e) => tracing::warn!(error = %e, "WAL truncation failed"),
                    }
                }
            })
            .map_err(|e| StoreError::Other(format!("cannot start the checkpointer: {e}")))?;
        Ok(Self { stop })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
