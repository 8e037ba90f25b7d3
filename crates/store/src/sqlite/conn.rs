//! SQLite connections on the caller's thread (rusqlite): a stack of readers, the one writer, and
//! the translation of rusqlite's errors.
//!
//! sqlx runs each SQLite connection on a worker thread of its own and hands it every statement
//! over a channel, so each statement cost two thread switches; the profile showed those to be
//! most of a request's time (docs/performance.md). Here a statement runs on the thread that asks
//! for it, from a cache of prepared statements. WAL mode: readers never wait for the writer.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use vipmp_core::store::{StoreError, StoreResult};

/// Statements each connection keeps prepared.
const PREPARED: usize = 128;

/// How long a statement waits for a lock held by another process.
pub const BUSY: Duration = Duration::from_secs(10);

/// The longest pause between two tries of `BEGIN IMMEDIATE` while another process writes.
const BEGIN_PAUSE_MAX: Duration = Duration::from_millis(20);

/// Converts a rusqlite error: a failed constraint is a conflict; a busy, locked or unreadable
/// database is unavailable (503); anything else is an error of ours.
pub fn from_rusqlite(e: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::ConstraintViolation) => StoreError::Conflict { constraint: e.to_string() },
        Some(C::DatabaseBusy | C::DatabaseLocked | C::CannotOpen | C::SystemIoFailure | C::NotADatabase) => {
            StoreError::Unavailable(e.to_string())
        }
        _ => StoreError::Other(e.to_string()),
    }
}

/// Either kind of failure inside a closure given to [`Readers::run`] or [`in_transaction`].
#[derive(Debug)]
pub enum Failure {
    /// rusqlite's.
    Sql(rusqlite::Error),
    /// The port's.
    Store(StoreError),
}

impl From<rusqlite::Error> for Failure {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sql(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<Failure> for StoreError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Sql(e) => from_rusqlite(e),
            Failure::Store(e) => e,
        }
    }
}

/// `?` on a rusqlite result inside a function that returns [`StoreResult`].
pub trait Sql<T> {
    /// Converts the error with [`from_rusqlite`].
    fn sql(self) -> StoreResult<T>;
}

impl<T> Sql<T> for rusqlite::Result<T> {
    fn sql(self) -> StoreResult<T> {
        self.map_err(from_rusqlite)
    }
}

/// Opens a connection to `path`: read-only (`query_only`) or the writer.
pub fn open(path: &Path, writer: bool) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let c = Connection::open_with_flags(path, flags).sql()?;
    c.busy_timeout(BUSY).sql()?;
    c.set_prepared_statement_cache_capacity(PREPARED);
    if writer {
        // The same settings the migrations ran with: WAL (persistent in the file), NORMAL sync
        // (a commit is durable once the WAL is synced at checkpoint; it survives a process
        // crash), and enforced foreign keys.
        c.pragma_update(None, "journal_mode", "wal").sql()?;
        c.pragma_update(None, "synchronous", "normal").sql()?;
        c.pragma_update(None, "foreign_keys", true).sql()?;
    } else {
        c.pragma_update(None, "query_only", true).sql()?;
    }
    Ok(c)
}

/// `BEGIN IMMEDIATE` on the writer `w`, waiting up to [`BUSY`] for another process's writer.
///
/// The writer has no busy timeout (see [`crate::sqlite::wal::configure_writer`]): SQLite's busy
/// handler sleeps on the calling thread, which is one of the runtime's workers, and a worker
/// blocked there cannot run the task that holds the lock when that task waits on the same worker
/// (two stores in one process, as the store contract's two-instance stories have it). So this
/// waits between tries on the runtime's timer instead.
pub async fn begin_immediate<G>(w: &mut G) -> StoreResult<()>
where
    G: std::ops::DerefMut<Target = Connection> + Send,
{
    let deadline = tokio::time::Instant::now() + BUSY;
    let mut pause = Duration::from_millis(1);
    loop {
        let tried = w.execute_batch("BEGIN IMMEDIATE");
        match tried {
            Ok(()) => return Ok(()),
            Err(e) if is_busy(&e) && tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(BEGIN_PAUSE_MAX);
            }
            Err(e) => return Err(from_rusqlite(e)),
        }
    }
}

/// Whether `e` is another connection's lock (SQLITE_BUSY, in any of its extended forms).
fn is_busy(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ffi::ErrorCode::DatabaseBusy)
}

/// Runs `f` between `BEGIN IMMEDIATE` and `COMMIT` on the writer `w`, rolling back if it fails.
pub async fn in_transaction<G, R, E: Into<Failure>>(
    w: &mut G,
    f: impl FnOnce(&Connection) -> Result<R, E>,
) -> StoreResult<R>
where
    G: std::ops::DerefMut<Target = Connection> + Send,
{
    begin_immediate(w).await?;
    let c: &Connection = w;
    match f(c).map_err(Into::into).and_then(|r| c.execute_batch("COMMIT").map(|()| r).map_err(Failure::Sql)) {
        Ok(r) => Ok(r),
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e.into())
        }
    }
}

/// A stack of read connections: a read takes one (or opens one), runs, and gives it back.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    keep: usize,
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers").field("path", &self.path).field("keep", &self.keep).finish_non_exhaustive()
    }
}

impl Readers {
    /// Readers of the database file at `path`, keeping at most `keep` idle connections.
    pub fn new(path: &Path, keep: usize) -> Self {
        Self { path: path.to_path_buf(), idle: Mutex::default(), keep: keep.max(1) }
    }

    /// Runs `f` on an idle connection (opening one if none is idle).
    pub fn run<R, E: Into<Failure>>(&self, f: impl FnOnce(&Connection) -> Result<R, E>) -> StoreResult<R> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let c = match idle {
            Some(c) => c,
            None => open(&self.path, false)?,
        };
        let out = f(&c);
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < self.keep {
            idle.push(c);
        }
        out.map_err(|e| e.into().into())
    }

    /// Connections idle right now.
    pub fn idle(&self) -> usize {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Closes the idle connections.
    pub fn close(&self) {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
