//! What the integration tests share: the real `vipmp-sandbox serve` on a free port (its stdout
//! drained on a thread, its address read from the first line, killed by its own handle when
//! dropped), and small helpers (unique ids, tokens, request bodies, the workspace root, the
//! rule for skipping a test whose prerequisites are missing).

#![allow(dead_code, reason = "each test binary uses a subset")]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_vipmp-sandbox");

/// The first stdout line of a started server, before its address.
const BANNER: &str = "vipmp-sandbox listening on ";

/// `vipmp-sandbox serve --listen 127.0.0.1:0 --database <database>`, stdin closed, stdout piped
/// (for the address line), stderr inherited. Callers add arguments and environment variables,
/// and may replace stderr (a piped stderr is collected, see [`Server::stderr`]).
pub fn serve_command(database: &str) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["serve", "--listen", "127.0.0.1:0", "--database", database])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
}

/// `sqlite://<path>`.
pub fn sqlite(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

/// A running server, killed (by its own handle, only our own child) when dropped.
pub struct Server {
    pub child: Child,
    /// The address from the first line, e.g. `http://127.0.0.1:1234` or `https://…`.
    pub base: String,
    /// The first line, as printed.
    pub banner: String,
    /// The lines after the first, for the life of the process.
    pub stdout: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

impl Server {
    /// Spawns `command` and waits (30 s at most) for its address line.
    pub fn start(command: Command) -> Self {
        Self::spawn(command, Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Spawns `command` and waits `wait` at most for its address line; on failure the process
    /// is gone and the error says what came instead.
    pub fn spawn(mut command: Command, wait: Duration) -> Result<Self, String> {
        let mut child = command.spawn().expect("start vipmp-sandbox");
        let stderr = child.stderr.take().map(|mut pipe| {
            std::thread::spawn(move || {
                let mut all = String::new();
                let _ = pipe.read_to_string(&mut all);
                all
            })
        });
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        // Drain stdout for the life of the process, so that it never writes into a closed pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut server = Self { child, base: String::new(), banner: String::new(), stdout: rx, stderr };
        let first = server.stdout.recv_timeout(wait).map_err(|e| format!("the server printed nothing ({e})"))?;
        let base = first.strip_prefix(BANNER).ok_or_else(|| format!("unexpected first line: {first:?}"))?;
        server.base = base.trim().to_string();
        server.banner = first;
        Ok(server)
    }

    /// The lines printed after the address line until none came for `quiet`.
    pub fn more_lines(&self, quiet: Duration) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(line) = self.stdout.recv_timeout(quiet) {
            lines.push(line);
        }
        lines
    }

    /// Sends SIGTERM (by pid, to our own child only).
    pub fn sigterm(&self) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    }

    /// Everything written to a piped stderr, once the process has exited.
    pub fn stderr(&mut self) -> String {
        self.stderr.take().expect("a piped stderr").join().expect("stderr reader")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// `<prefix>-<pid>-<n>`: unique within the test binary and across concurrent ones.
pub fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// Sends `request`: the status and the body as JSON (`null` when it is not JSON).
pub async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The client-credentials token request: its status and body.
pub async fn token_answer(http: &reqwest::Client, base: &str, id: &str, secret: &str) -> (u16, Value) {
    let form = [("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)];
    send(http.post(format!("{base}/ims/token/v3")).form(&form)).await
}

/// An access token (the request must succeed).
pub async fn token(http: &reqwest::Client, base: &str, id: &str, secret: &str) -> String {
    let (status, body) = token_answer(http, base, id, secret).await;
    assert_eq!(status, 200);
    body["access_token"].as_str().expect("access_token").to_string()
}

/// A London address.
pub fn address() -> Value {
    json!({"country": "GB", "region": "00", "city": "London", "addressLine1": "1 Test Street",
           "addressLine2": "", "postalCode": "SW1A 1AA", "phoneNumber": ""})
}

/// A reseller of distributor 5000000001.
pub fn reseller_body(reference: &str, name: &str) -> Value {
    json!({"distributorId": "5000000001", "externalReferenceId": reference,
           "companyProfile": {"companyName": name, "preferredLanguage": "en-US", "address": address(),
             "contacts": [{"firstName": "Ann", "lastName": "Smith", "email": "ann@example.com"}]}})
}

/// A customer of `reseller`.
pub fn customer_body(reseller: &str, reference: &str, name: &str) -> Value {
    json!({"resellerId": reseller, "externalReferenceId": reference,
           "companyProfile": {"companyName": name, "preferredLanguage": "en-US", "address": address(),
             "contacts": [{"firstName": "Bob", "lastName": "Jones", "email": "bob@example.com"}]}})
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// Prints why the test cannot run and returns; under `CI=true` a missing prerequisite is a failure.
pub fn skip(reason: &str) {
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true, so this cannot be skipped: {reason}");
    println!("skipped: {reason}");
}
