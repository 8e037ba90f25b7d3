//! T0-36: Adobe's unmodified Postman collection, run by newman against the real binary over TLS.
//!
//! Needs `npm ci` at the repository root (newman and jsrsasign, see `package.json`), the collection at
//! `<repo>/../shared/reference/cpapi-v3.postman_collection.json` and the `openssl` command. When one of them
//! is missing the test prints `skipped: …` and passes, unless `CI=true`, where it fails.
//!
//! The collection's first request downloads jsrsasign from the internet and stores it in the global
//! `jsrsasign-js`; the test drops that one request from a temporary copy of the collection and passes the
//! installed library in a globals file instead. Nothing else in the collection changes: only environment
//! values are ours, as a partner would set them.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use support::{Server, serve_command, skip, sqlite, workspace_root};

const DISTRIBUTOR_ID: &str = "5000000001";
const CLIENT_ID: &str = "postman-client";
const CLIENT_SECRET: &str = "postman-secret";
const LOAD_CRYPTO_REQUEST: &str = "1 - Load Crypto Library for RS256";
const FOLDERS: [&str; 6] = [
    "Initialization",
    "Reseller Management",
    "Customer Management",
    "Order Management V3",
    "Subscription Management",
    "Transfers",
];

/// What T0-36 expects of one request.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Any 2xx.
    Success,
    /// `200` with an empty page (`items` is `[]`).
    EmptyPage,
    /// `400` with this Adobe error code.
    Error(&'static str),
}

/// The requests newman must send, in order, with their expected outcome.
const EXPECTED: [(&str, Expect); 18] = [
    ("2 - JWT Generate + Auth", Expect::Success),
    ("Create Reseller Account", Expect::Success),
    ("Get Reseller", Expect::Success),
    ("Update Reseller", Expect::Error("1119")),
    ("Create Customer Account", Expect::Success),
    ("Get Customer Account", Expect::Success),
    ("Update Customer Account", Expect::Error("1119")),
    ("Order Preview", Expect::Success),
    ("Create NEW Order", Expect::Success),
    ("Create RETURN Order", Expect::Success),
    ("Get Order Details", Expect::Success),
    ("Get Orders for Customer", Expect::EmptyPage),
    ("Get Subscription Details", Expect::Success),
    ("Get Subscriptions for Customer", Expect::Success),
    ("Update Subscription Auto-Renewal", Expect::Error("3119")),
    // The folder's own membership ids (`233451`, `XATJ2IQYS5I3GXNZMTHB`) are not sandbox memberships;
    // Get Transfer Details reads the transfer of a Quick Create membership made before the run.
    ("Preview Offers", Expect::Error("5115")),
    ("Transfer Subscriptions", Expect::Error("5115")),
    ("Get Transfer Details", Expect::Success),
];

/// Kills the server when the test ends, passed or failed.
struct ServerGuard {
    _server: Server,
    log: PathBuf,
}

impl ServerGuard {
    /// The server's stderr so far, for failure messages.
    fn log(&self) -> String {
        read_log(&self.log)
    }
}

fn read_log(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

fn openssl(args: &[&str]) -> Result<(), String> {
    let out = Command::new("openssl").args(args).output().map_err(|e| format!("cannot run openssl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr)))
    }
}

/// Writes `tls.crt`/`tls.key` (self-signed, `localhost` and `127.0.0.1`) and `jwt.pem` (an RSA key for the
/// collection's RS256 JWT) into `dir`.
fn generate_keys(dir: &Path) -> Result<(), String> {
    let cert = dir.join("tls.crt");
    let key = dir.join("tls.key");
    let jwt = dir.join("jwt.pem");
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        key.to_str().ok_or("temp path is not UTF-8")?,
        "-out",
        cert.to_str().ok_or("temp path is not UTF-8")?,
    ])?;
    openssl(&["genrsa", "-out", jwt.to_str().ok_or("temp path is not UTF-8")?, "2048"])
}

/// Starts the binary with TLS on a free port; returns the guard and the port.
fn start_server(dir: &Path) -> (ServerGuard, u16) {
    let log = dir.join("server.log");
    let stderr = std::fs::File::create(&log).expect("create the server log");
    let mut command = serve_command(&sqlite(&dir.join("db")));
    command
        .args(["--distributor-id", DISTRIBUTOR_ID, "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET])
        .args(["--jobs-mode", "auto", "--order-processing-delay-secs", "0"])
        .arg("--tls-cert")
        .arg(dir.join("tls.crt"))
        .arg("--tls-key")
        .arg(dir.join("tls.key"))
        .env_remove("VIPMP_LOG_FORMAT")
        .stderr(stderr);
    let server = Server::spawn(command, Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("no start-up line from vipmp-sandbox ({e}); its log:\n{}", read_log(&log)));
    let port = server
        .base
        .strip_prefix("https://")
        .and_then(|addr| addr.rsplit(':').next())
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("unexpected start-up line {:?}; its log:\n{}", server.banner, read_log(&log)));
    (ServerGuard { _server: server, log }, port)
}

/// A JSON call to the server with curl (`-k`: the certificate is self-signed); the answer's body.
fn curl(base: &str, method: &str, path: &str, token: &str, body: &Value) -> Value {
    let out = Command::new("curl")
        .args(["-sk", "-X", method, &format!("{base}{path}")])
        .args(["-H", &format!("x-api-key: {CLIENT_ID}"), "-H", &format!("Authorization: Bearer {token}")])
        .args([
            "-H",
            "Content-Type: application/json",
            "-H",
            &format!("X-Correlation-Id: postman-setup-{method}-{path}"),
        ])
        .args(["--data", &body.to_string()])
        .output()
        .expect("run curl");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// A Quick Create membership transferred to an active reseller (the Transfers folder's Get Transfer
/// Details reads it): `(membershipId, transferId)`.
fn membership_transfer(port: u16) -> (String, String) {
    let base = format!("https://localhost:{port}");
    let out = Command::new("curl")
        .args(["-sk", "-X", "POST", &format!("{base}/ims/token/v3")])
        .args(["-d", "grant_type=client_credentials", "-d", &format!("client_id={CLIENT_ID}")])
        .args(["-d", &format!("client_secret={CLIENT_SECRET}")])
        .output()
        .expect("run curl");
    let token: Value = serde_json::from_slice(&out.stdout).expect("a token answer");
    let token = token["access_token"].as_str().expect("access_token").to_string();
    let reseller =
        curl(&base, "POST", "/v3/resellers", &token, &support::reseller_body("postman-transfer", "Transfer Reseller"));
    let reseller = reseller["resellerId"].as_str().expect("resellerId").to_string();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while curl(&base, "GET", &format!("/v3/resellers/{reseller}"), &token, &Value::Null)["status"] != "1000" {
        assert!(std::time::Instant::now() < deadline, "the reseller was not activated");
        std::thread::sleep(Duration::from_millis(250));
    }
    let created =
        curl(&base, "POST", "/portal/api/v1/memberships/quick", &token, &json!({"companyName": "Postman Membership"}));
    let membership = created["membershipId"].as_str().expect("membershipId").to_string();
    let path = format!("/v3/memberships/{membership}/transfers");
    let transfer = curl(&base, "POST", &path, &token, &json!({"resellerId": reseller}));
    (membership, transfer["transferId"].as_str().unwrap_or_else(|| panic!("transferId: {transfer}")).to_string())
}

/// A Postman environment or globals file.
fn variables(name: &str, values: &[(&str, String)]) -> Value {
    let values: Vec<Value> =
        values.iter().map(|(k, v)| json!({"key": k, "value": v, "type": "default", "enabled": true})).collect();
    json!({"name": name, "values": values})
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).expect("serialise")).expect("write a temp file");
}

/// The collection without its first request (the internet download); nothing else changes.
fn without_crypto_download(mut collection: Value) -> Value {
    let init = collection["item"]
        .as_array_mut()
        .and_then(|folders| folders.iter_mut().find(|f| f["name"] == "Initialization"))
        .and_then(|f| f["item"].as_array_mut())
        .expect("the collection has an Initialization folder");
    let before = init.len();
    init.retain(|item| item["name"] != LOAD_CRYPTO_REQUEST);
    assert_eq!(init.len() + 1, before, "Initialization holds exactly one {LOAD_CRYPTO_REQUEST:?}");
    collection
}

/// One request as newman saw it.
struct Seen {
    name: String,
    status: Option<u16>,
    body: String,
    error: Option<String>,
}

fn executions(report: &Value) -> Vec<Seen> {
    let list = report["run"]["executions"].as_array().expect("run.executions in the newman report");
    list.iter()
        .map(|e| {
            let bytes: Vec<u8> = e["response"]["stream"]["data"]
                .as_array()
                .map(|d| d.iter().filter_map(Value::as_u64).filter_map(|b| u8::try_from(b).ok()).collect())
                .unwrap_or_default();
            Seen {
                name: e["item"]["name"].as_str().unwrap_or("?").to_string(),
                status: e["response"]["code"].as_u64().and_then(|c| u16::try_from(c).ok()),
                body: String::from_utf8_lossy(&bytes).into_owned(),
                error: e.get("requestError").filter(|v| !v.is_null()).map(Value::to_string),
            }
        })
        .collect()
}

/// Why `seen` does not meet `expect`, if it does not.
fn mismatch(seen: &Seen, expect: Expect) -> Option<String> {
    let body: Value = serde_json::from_str(&seen.body).unwrap_or(Value::Null);
    let Some(status) = seen.status else {
        return Some(format!("no response ({})", seen.error.as_deref().unwrap_or("no request error recorded")));
    };
    match expect {
        Expect::Success if (200..300).contains(&status) => None,
        Expect::Success => Some(format!("expected 2xx, got {status}")),
        Expect::EmptyPage if status != 200 => Some(format!("expected 200, got {status}")),
        Expect::EmptyPage => match body["items"].as_array() {
            Some(items) if items.is_empty() => None,
            _ => Some("expected an empty page (items: [])".to_string()),
        },
        Expect::Error(code) if status == 400 && body["code"] == code => None,
        Expect::Error(code) => Some(format!("expected 400 {code}, got {status} {}", body["code"])),
    }
}

#[test]
fn postman_collection_core_folders() {
    let root = workspace_root();
    let newman = root.join("node_modules/.bin/newman");
    let jsrsasign = root.join("node_modules/jsrsasign/lib/jsrsasign-all-min.js");
    let collection_path = root.join("../shared/reference/cpapi-v3.postman_collection.json");
    if !newman.exists() || !jsrsasign.exists() {
        return skip(&format!(
            "{} or {} is missing (run `npm ci` at the repository root)",
            newman.display(),
            jsrsasign.display()
        ));
    }
    if !collection_path.exists() {
        return skip(&format!("the Postman collection {} is missing", collection_path.display()));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    if let Err(e) = generate_keys(dir.path()) {
        return skip(&format!("cannot generate the TLS certificate and JWT key: {e}"));
    }

    let collection: Value =
        serde_json::from_slice(&std::fs::read(&collection_path).expect("read the collection")).expect("JSON");
    let collection_file = dir.path().join("collection.json");
    write_json(&collection_file, &without_crypto_download(collection));
    let globals_file = dir.path().join("globals.json");
    let library = std::fs::read_to_string(&jsrsasign).expect("read jsrsasign");
    write_json(&globals_file, &variables("vipmp-sandbox globals", &[("jsrsasign-js", library)]));

    let (server, port) = start_server(dir.path());
    let (membership_id, transfer_id) = membership_transfer(port);
    let private_key = std::fs::read_to_string(dir.path().join("jwt.pem")).expect("read the JWT key");
    let env_file = dir.path().join("environment.json");
    write_json(
        &env_file,
        &variables(
            "vipmp-sandbox",
            &[
                ("baseUrl", format!("https://localhost:{port}")),
                ("IMS", format!("localhost:{port}")),
                ("API_KEY", CLIENT_ID.to_string()),
                ("CLIENT_SECRET", CLIENT_SECRET.to_string()),
                ("distributorId", DISTRIBUTOR_ID.to_string()),
                ("IMS_ORG", "0123456789ABCDEF01234567@AdobeOrg".to_string()),
                ("TECHNICAL_ACCOUNT_ID", "0123456789ABCDEF01234567@techacct.adobe.com".to_string()),
                ("META_SCOPE", "ent_partners_sdk".to_string()),
                ("PRIVATE_KEY", private_key),
                ("membershipId", membership_id),
                ("transferId", transfer_id),
            ],
        ),
    );

    let report_file = dir.path().join("report.json");
    let mut cmd = Command::new(&newman);
    cmd.arg("run").arg(&collection_file).arg("--environment").arg(&env_file).arg("--globals").arg(&globals_file);
    for folder in FOLDERS {
        cmd.args(["--folder", folder]);
    }
    cmd.args(["--insecure", "--color", "off", "--timeout", "300000", "--timeout-request", "30000"])
        .args(["--reporters", "cli,json", "--reporter-json-export"])
        .arg(&report_file)
        .current_dir(dir.path())
        .stdin(Stdio::null());
    let out = cmd.output().expect("run newman");
    println!("{}", String::from_utf8_lossy(&out.stdout));
    if !out.stderr.is_empty() {
        println!("newman stderr:\n{}", String::from_utf8_lossy(&out.stderr));
    }

    let report: Value = match std::fs::read(&report_file) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("the newman report is JSON"),
        Err(e) => panic!("newman wrote no report ({e}; exit {}); server log:\n{}", out.status, server.log()),
    };
    let seen = executions(&report);
    let mut problems = Vec::new();
    println!("T0-36 per-request statuses:");
    for (i, s) in seen.iter().enumerate() {
        let expected = EXPECTED.get(i).filter(|(name, _)| *name == s.name).map(|(_, e)| *e);
        let verdict = match expected {
            None => Some(format!("unexpected request at position {}", i + 1)),
            Some(e) => mismatch(s, e),
        };
        let status = s.status.map_or_else(|| "---".to_string(), |c| c.to_string());
        let code = match serde_json::from_str::<Value>(&s.body) {
            Ok(b) if s.status.is_some_and(|c| c >= 400) => format!(" code {}", b["code"]),
            _ => String::new(),
        };
        println!("  {status} {}{code}{}", s.name, verdict.as_ref().map_or(String::new(), |v| format!("  <-- {v}")));
        if let Some(v) = verdict {
            problems.push(format!("{}: {v}; body: {}", s.name, s.body));
        }
    }
    let names: Vec<&str> = seen.iter().map(|s| s.name.as_str()).collect();
    let expected_names: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    if names != expected_names {
        problems.push(format!("newman ran {names:?}, expected {expected_names:?}"));
    }
    let failures = report["run"]["failures"].as_array().map_or(0, Vec::len);
    if failures > 0 || !out.status.success() {
        problems.push(format!("newman exit {} with {failures} failure(s): {}", out.status, report["run"]["failures"]));
    }
    assert!(problems.is_empty(), "T0-36 failed:\n  {}\nserver log:\n{}", problems.join("\n  "), server.log());
    drop(server);
}
