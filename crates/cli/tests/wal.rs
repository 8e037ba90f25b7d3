//! The SQLite WAL stays bounded (issue 20, item 1), against the real binary and real files:
//! three writers create customers and two readers list and fetch them for a bounded time while
//! the `-wal` file's size is sampled. It must stay at most 64 MiB under the load, fall to at most
//! 8 MiB within 10 s of the load stopping, and stay small after a clean stop (SIGTERM).
//! `VIPMP_WAL_TEST_SECS` lengthens the load (6 s by default); the figures are printed, so the
//! test doubles as the before/after measurement of docs/decisions.md.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{Server, customer_body, reseller_body, send, serve_command, sqlite, token, unique};

const CLIENT_ID: &str = "wal-k";
const SECRET: &str = "wal-s";
const MIB: u64 = 1024 * 1024;
const WRITERS: usize = 3;
const READERS: usize = 2;

fn wal_size(wal: &Path) -> u64 {
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

struct Load {
    base: String,
    token: String,
    http: reqwest::Client,
    reseller: String,
    stop: AtomicBool,
    writes: AtomicU64,
    reads: AtomicU64,
    failures: AtomicU64,
    last_customer: std::sync::Mutex<Option<String>>,
}

impl Load {
    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("x-api-key", CLIENT_ID).bearer_auth(&self.token)
    }
}

async fn writer(load: Arc<Load>) {
    while !load.stop.load(Ordering::Relaxed) {
        let body = customer_body(&load.reseller, &unique("wal-ref"), "WAL Customer");
        let sent = load
            .auth(load.http.post(format!("{}/v3/customers", load.base)))
            .header("X-Correlation-Id", unique("wal-c"))
            .header("X-Request-Id", unique("wal-r"))
            .json(&body)
            .send()
            .await;
        match sent {
            Ok(r) if r.status().as_u16() == 201 => {
                let body: Value = r.json().await.unwrap_or(Value::Null);
                if let Some(id) = body["customerId"].as_str() {
                    *load.last_customer.lock().expect("last") = Some(id.to_string());
                }
                load.writes.fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                load.failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

async fn reader(load: Arc<Load>, n: usize) {
    let mut i = 0_usize;
    while !load.stop.load(Ordering::Relaxed) {
        i += 1;
        let last = load.last_customer.lock().expect("last").clone();
        let path = match last {
            Some(id) if (i + n).is_multiple_of(2) => format!("/v3/customers/{id}"),
            _ => format!("/v3/resellers/{}/customers?limit=20", load.reseller),
        };
        match load.auth(load.http.get(format!("{}{path}", load.base))).send().await {
            Ok(r) if r.status().is_success() => {
                let _ = r.bytes().await;
                load.reads.fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                load.failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

fn start(db: &Path) -> Server {
    let mut command = serve_command(&sqlite(db));
    command.args(["--client-id", CLIENT_ID, "--client-secret", SECRET]).env("VIPMP_LOG", "error");
    Server::start(command)
}

fn wal_path(db: &Path) -> PathBuf {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_wal_stays_bounded_under_load_and_shrinks_when_it_stops() {
    let seconds: u64 = std::env::var("VIPMP_WAL_TEST_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(6);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("wal.db");
    let wal = wal_path(&db);
    let server = start(&db);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
    let token = token(&http, &server.base, CLIENT_ID, SECRET).await;
    let (status, r) = send(
        http.post(format!("{}/v3/resellers", server.base))
            .header("x-api-key", CLIENT_ID)
            .bearer_auth(&token)
            .header("X-Correlation-Id", unique("wal-c"))
            .header("X-Request-Id", unique("wal-r"))
            .json(&reseller_body(&unique("wal-res"), "WAL Reseller")),
    )
    .await;
    assert_eq!(status, 201, "{r}");
    let load = Arc::new(Load {
        base: server.base.clone(),
        token,
        http,
        reseller: r["resellerId"].as_str().expect("resellerId").to_string(),
        stop: AtomicBool::new(false),
        writes: AtomicU64::new(0),
        reads: AtomicU64::new(0),
        failures: AtomicU64::new(0),
        last_customer: std::sync::Mutex::default(),
    });
    let mut tasks = Vec::new();
    for _ in 0..WRITERS {
        tasks.push(tokio::spawn(writer(Arc::clone(&load))));
    }
    for n in 0..READERS {
        tasks.push(tokio::spawn(reader(Arc::clone(&load), n)));
    }

    let started = Instant::now();
    let mut peak = 0;
    while started.elapsed() < Duration::from_secs(seconds) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        peak = peak.max(wal_size(&wal));
    }
    load.stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.expect("load task");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (writes, reads) = (load.writes.load(Ordering::Relaxed), load.reads.load(Ordering::Relaxed));
    let at_stop = wal_size(&wal);

    let stopped = Instant::now();
    let mut after = at_stop;
    while stopped.elapsed() < Duration::from_secs(10) && after > 8 * MIB {
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = wal_size(&wal);
    }
    let shrunk_in = stopped.elapsed().as_secs_f64();
    println!(
        "{seconds} s: {writes} writes ({:.0}/s), {reads} reads ({:.0}/s), {} failures; WAL peak {:.1} MiB, \
         {:.1} MiB at stop, {:.1} MiB {shrunk_in:.1} s later",
        writes as f64 / elapsed,
        reads as f64 / elapsed,
        load.failures.load(Ordering::Relaxed),
        peak as f64 / MIB as f64,
        at_stop as f64 / MIB as f64,
        after as f64 / MIB as f64,
    );
    assert_eq!(load.failures.load(Ordering::Relaxed), 0, "every request of the load succeeds");
    assert!(writes > 0 && reads > 0, "the load ran: {writes} writes, {reads} reads");
    assert!(peak <= 64 * MIB, "the WAL reached {peak} bytes under load (bound: 64 MiB)");
    assert!(after <= 8 * MIB, "the WAL is {after} bytes 10 s after the load stopped (bound: 8 MiB)");

    // A clean stop right after a burst of writes (before the idle truncation) leaves an empty
    // WAL, or none.
    load.stop.store(false, Ordering::Relaxed);
    let before = load.writes.load(Ordering::Relaxed);
    let burst = tokio::spawn(writer(Arc::clone(&load)));
    while load.writes.load(Ordering::Relaxed) < before + 20 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    load.stop.store(true, Ordering::Relaxed);
    burst.await.expect("burst");
    let written = wal_size(&wal);
    assert!(written > 0, "the burst wrote to the WAL");
    let mut server = server;
    server.sigterm();
    let exited = tokio::task::spawn_blocking(move || server.child.wait()).await.expect("join").expect("wait");
    assert!(exited.success(), "{exited:?}");
    let left = wal_size(&wal);
    println!("clean stop: WAL {written} bytes before SIGTERM, {left} after");
    assert_eq!(left, 0, "the WAL is {left} bytes after a clean stop");
}
