//! Fresh databases for tests (cargo feature `testing`; the crates' dev-dependencies enable it).
//!
//! - SQLite: a file in a temporary directory, deleted with the [`TestDatabase`].
//! - PostgreSQL: a database of its own per test, cloned from a migrated template
//!   (`CREATE DATABASE … TEMPLATE vipmp_tpl_<migrations hash>`) and dropped with the
//!   [`TestDatabase`]. The server is `VIPMP_TEST_POSTGRES_URL` (default
//!   [`DEFAULT_POSTGRES_URL`]); the template is created once, under a session advisory lock
//!   so that test binaries running side by side do not race, and its name changes whenever
//!   the migrations do.
//!
//! Without a reachable server, [`TestDatabase::postgres_or_skip`] prints
//! `skipped: PostgreSQL not reachable …` and returns `None`, unless `CI=true`, where it panics.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use tokio::sync::OnceCell;
use vipmp_core::store::Store;

use crate::PoolSettings;

/// The PostgreSQL server tests use when `VIPMP_TEST_POSTGRES_URL` is not set.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Name prefix of the per-test databases (`vipmp_t_<pid>_<uuid>`).
const TEST_DB_PREFIX: &str = "vipmp_t_";
/// Session advisory lock held while the template is created ("vipmptpl").
const TEMPLATE_LOCK_KEY: i64 = 0x7669_706d_7074_706c;

/// The PostgreSQL server of the tests: `VIPMP_TEST_POSTGRES_URL` or [`DEFAULT_POSTGRES_URL`].
/// Test databases are created next to the database it names.
pub fn postgres_url() -> String {
    std::env::var("VIPMP_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_POSTGRES_URL.into())
}

/// Whether `CI=true`: a missing prerequisite then fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Prints why a test does not run; under `CI=true` that is a failure instead.
pub fn skip(reason: &str) {
    assert!(!in_ci(), "CI=true, so this cannot be skipped: {reason}");
    println!("skipped: {reason}");
}

/// The backend a test suite runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

impl Backend {
    /// `VIPMP_TEST_BACKEND`: `sqlite` (the default) or `postgres`.
    pub fn from_env() -> Self {
        match std::env::var("VIPMP_TEST_BACKEND").unwrap_or_default().to_ascii_lowercase().as_str() {
            "" | "sqlite" => Self::Sqlite,
            "postgres" | "postgresql" | "pg" => Self::Postgres,
            other => panic!("VIPMP_TEST_BACKEND={other}: expected sqlite or postgres"),
        }
    }
}

/// A database of one test, removed when dropped.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Sqlite { path: PathBuf, _dir: tempfile::TempDir },
    Postgres { name: String, server: String },
}

/// Why PostgreSQL tests cannot run.
#[derive(Debug, Clone)]
pub struct Unreachable(pub String);

impl TestDatabase {
    /// A fresh SQLite file.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("test.db");
        Self { url: format!("sqlite://{}", path.display()), inner: Inner::Sqlite { path, _dir: dir } }
    }

    /// A fresh, migrated PostgreSQL database. `Err` only when the server cannot be reached;
    /// any other failure panics.
    pub async fn postgres() -> Result<Self, Unreachable> {
        let server = postgres_url();
        reachable(&server).await?;
        let template = TEMPLATE.get_or_init(|| create_template(server.clone())).await.clone();
        let name = format!("{TEST_DB_PREFIX}{}_{}", std::process::id(), uuid::Uuid::new_v4().simple());
        let mut c = admin(&server).await.map_err(Unreachable)?;
        let sql = format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#);
        let mut attempt = 0;
        loop {
            match sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(&mut c).await {
                Ok(_) => break,
                // "source database … is being accessed by other users": a clone racing with
                // the template's last connection closing; it goes away by itself.
                Err(e) if attempt < 50 && e.to_string().contains("being accessed by other users") => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot create the test database {name}: {e}"),
            }
        }
        let _ = c.close().await;
        Ok(Self { url: with_database(&server, &name), inner: Inner::Postgres { name, server } })
    }

    /// [`TestDatabase::postgres`], or `None` after printing `skipped: PostgreSQL not
    /// reachable …` (a panic under `CI=true`).
    pub async fn postgres_or_skip() -> Option<Self> {
        match Self::postgres().await {
            Ok(db) => Some(db),
            Err(Unreachable(reason)) => {
                skip(&format!("PostgreSQL not reachable at {} ({reason})", crate::redact(&postgres_url())));
                None
            }
        }
    }

    /// A fresh database of `backend`; panics when PostgreSQL was asked for and is unreachable.
    pub async fn of(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Self::sqlite(),
            Backend::Postgres => match Self::postgres().await {
                Ok(db) => db,
                Err(Unreachable(reason)) => panic!(
                    "VIPMP_TEST_BACKEND=postgres but PostgreSQL is not reachable at {} ({reason})",
                    crate::redact(&postgres_url())
                ),
            },
        }
    }

    /// The database URL, for [`crate::connect`] or `--database`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite { .. } => Backend::Sqlite,
            Inner::Postgres { .. } => Backend::Postgres,
        }
    }

    /// The SQLite file, if this is a SQLite database.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Sqlite { path, .. } => Some(path),
            Inner::Postgres { .. } => None,
        }
    }

    /// The PostgreSQL database name, if this is one.
    pub fn postgres_name(&self) -> Option<&str> {
        match &self.inner {
            Inner::Postgres { name, .. } => Some(name),
            Inner::Sqlite { .. } => None,
        }
    }

    /// PostgreSQL only: ends every session connected to this database (as a server restart
    /// would); returns how many.
    pub async fn terminate_connections(&self) -> i64 {
        let Inner::Postgres { name, server } = &self.inner else { panic!("not a PostgreSQL database") };
        let mut c = admin(server).await.expect("admin connection");
        let n = sqlx::query_scalar(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(name)
        .fetch_one(&mut c)
        .await
        .expect("terminate");
        let _ = c.close().await;
        n
    }

    /// PostgreSQL only: makes the database refuse (`false`: and ends its sessions) or accept
    /// new connections, to play "the database is down" and "it is back".
    pub async fn accept_connections(&self, accept: bool) {
        let Inner::Postgres { name, server } = &self.inner else { panic!("not a PostgreSQL database") };
        let mut c = admin(server).await.expect("admin connection");
        run(&mut c, &format!(r#"ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {accept}"#)).await;
        let _ = c.close().await;
        if !accept {
            self.terminate_connections().await;
        }
    }

    /// Opens it as a store.
    pub async fn connect(&self) -> Arc<dyn Store> {
        crate::connect(&self.url).await.expect("open the test database")
    }

    /// Opens it with these pool settings.
    pub async fn connect_with(&self, settings: PoolSettings) -> Arc<dyn Store> {
        crate::connect_with(&self.url, settings).await.expect("open the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Inner::Postgres { name, server } = &self.inner else { return };
        let (name, server) = (name.clone(), server.clone());
        // Drop may run inside a runtime, which cannot be blocked on: use a thread of its own.
        let dropper = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            runtime.block_on(async move {
                if let Ok(mut c) = admin(&server).await {
                    let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await;
                    let _ = c.close().await;
                }
            });
        });
        let _ = dropper.join();
    }
}

static REACHABLE: OnceCell<Result<(), String>> = OnceCell::const_new();
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

async fn reachable(server: &str) -> Result<(), Unreachable> {
    let server = server.to_string();
    REACHABLE
        .get_or_init(|| async move {
            let c = admin(&server).await?;
            let _ = c.close().await;
            Ok(())
        })
        .await
        .clone()
        .map_err(Unreachable)
}

/// A connection to the tests' server (3 s to answer).
async fn admin(server: &str) -> Result<PgConnection, String> {
    let options = PgConnectOptions::from_str(server).map_err(|e| e.to_string())?;
    match tokio::time::timeout(Duration::from_secs(3), PgConnection::connect_with(&options)).await {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("no answer within 3 s".into()),
    }
}

/// `url` with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let host_end = base[authority_start..].find('/').map_or(base.len(), |i| authority_start + i);
    format!("{}/{database}{query}", &base[..host_end])
}

/// A stable digest of the PostgreSQL migrations (FNV-1a over versions and checksums).
fn migrations_digest() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for m in crate::postgres::MIGRATOR.iter() {
        feed(&m.version.to_le_bytes());
        feed(&m.checksum);
    }
    hash
}

/// Creates the migrated template once (across processes: under a session advisory lock),
/// and returns its name.
async fn create_template(server: String) -> String {
    let template = format!("vipmp_tpl_{:016x}", migrations_digest());
    let mut c = admin(&server).await.unwrap_or_else(|e| panic!("PostgreSQL at {}: {e}", crate::redact(&server)));
    sqlx::query("SELECT pg_advisory_lock($1)").bind(TEMPLATE_LOCK_KEY).execute(&mut c).await.expect("template lock");
    drop_leaked_databases(&mut c).await;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(&template)
        .fetch_one(&mut c)
        .await
        .expect("look for the template");
    if !exists {
        let building = format!("{template}_b");
        run(&mut c, &format!(r#"DROP DATABASE IF EXISTS "{building}" WITH (FORCE)"#)).await;
        run(&mut c, &format!(r#"CREATE DATABASE "{building}""#)).await;
        let settings =
            PoolSettings { max_connections: 1, acquire_timeout: Duration::from_secs(30), ..PoolSettings::default() };
        let store = crate::postgres::PgStore::connect(&with_database(&server, &building), &settings)
            .await
            .unwrap_or_else(|e| panic!("cannot migrate the template database: {e}"));
        store.close().await;
        // Nobody may connect to a template (a connected template cannot be cloned).
        run(&mut c, &format!(r#"ALTER DATABASE "{building}" WITH ALLOW_CONNECTIONS false"#)).await;
        let rename = format!(r#"ALTER DATABASE "{building}" RENAME TO "{template}""#);
        let mut attempt = 0;
        while let Err(e) = sqlx::query(sqlx::AssertSqlSafe(rename.clone())).execute(&mut c).await {
            // The migration's backend may still be exiting.
            assert!(attempt < 100, "cannot rename the template database: {e}");
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    sqlx::query("SELECT pg_advisory_unlock($1)").bind(TEMPLATE_LOCK_KEY).execute(&mut c).await.expect("unlock");
    let _ = c.close().await;
    template
}

async fn run(c: &mut PgConnection, sql: &str) {
    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(c).await {
        panic!("{sql}: {e}");
    }
}

/// Drops the test databases of test processes that died before dropping them (their pid no
/// longer runs and nobody is connected). Linux only (`/proc`); elsewhere nothing is dropped.
async fn drop_leaked_databases(c: &mut PgConnection) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_database WHERE starts_with(datname::text, $1) \
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)",
    )
    .bind(TEST_DB_PREFIX)
    .fetch_all(&mut *c)
    .await
    .unwrap_or_default();
    for name in names {
        let pid = name[TEST_DB_PREFIX.len()..].split('_').next().unwrap_or("");
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(r#"DROP DATABASE IF EXISTS "{name}""#))).execute(&mut *c).await;
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_of_a_url() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "x"), "postgres://u:p@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
