//! The verbs that steer a running sandbox (`clock`, `reset`, `snapshot`, `customer`, `faults`,
//! `requests`), run as the real binary against a real `vipmp-sandbox serve`.

mod support;

use std::process::Command;

use serde_json::Value;
use support::{BIN, Server, serve_command, sqlite, token_answer};

const CLIENT_ID: &str = "verbs-client";
const SECRET: &str = "verbs-secret";

fn start(db: &std::path::Path) -> Server {
    let mut command = serve_command(&sqlite(db));
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET, "--jobs-mode", "manual"])
        .env("VIPMP_LOG", "warn");
    Server::start(command)
}

/// Runs a verb; returns (success, stdout, stderr).
fn verb(base: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .env("VIPMP_URL", base)
        .output()
        .expect("run the verb");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a verb with `--json` and parses its answer.
fn json(base: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let (ok, stdout, stderr) = verb(base, &all);
    assert!(ok, "{args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// Runs a verb and returns its human output.
fn human(base: &str, args: &[&str]) -> String {
    let (ok, stdout, stderr) = verb(base, args);
    assert!(ok, "{args:?} failed: {stderr}");
    stdout
}

async fn portal(base: &str, method: reqwest::Method, path: &str) -> (u16, Value) {
    let http = reqwest::Client::new();
    let (_, token) = token_answer(&http, base, CLIENT_ID, SECRET).await;
    let response = http
        .request(method, format!("{base}{path}"))
        .header("x-api-key", CLIENT_ID)
        .bearer_auth(token["access_token"].as_str().expect("access_token"))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verbs_steer_a_running_sandbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start(&dir.path().join("db"));
    let base = server.base.as_str();
    let (status, set) = portal(base, reqwest::Method::POST, "/portal/api/v1/defaults/set").await;
    assert_eq!(status, 201, "{set}");
    let c = set["customerId"].as_str().expect("customerId").to_string();

    let clock = json(base, &["clock", "show"]);
    let today = clock["now"].as_str().and_then(|n| n.get(..10)).expect("now").to_string();
    assert!(human(base, &["clock", "show"]).starts_with("now "), "human output");
    let coterm = human(base, &["customer", "set-coterm", &c, &today]);
    assert!(coterm.contains(&format!("cotermDate {today}")), "{coterm}");
    let job = json(base, &["customer", "trigger-renewal", &c]);
    assert!(job["jobId"].as_str().is_some_and(|j| j.starts_with("rj-")), "{job}");
    let forecast = json(base, &["customer", "forecast", &c]);
    assert_eq!(forecast["customerId"], c.as_str(), "{forecast}");
    let advanced = json(base, &["clock", "advance", "30s"]);
    assert_eq!(advanced["renewalOrdersCreated"], 1, "the triggered job ran: {advanced}");
    assert_eq!(advanced["ordersProcessed"], 1, "{advanced}");
    let (ok, _, stderr) = verb(base, &["clock", "set", "2020-01-01"]);
    assert!(!ok && stderr.contains("P400"), "the past is refused: {stderr}");

    let saved = human(base, &["snapshot", "save", "s1"]);
    assert!(saved.starts_with("saved snapshot \"s1\""), "{saved}");
    assert!(human(base, &["snapshot", "list"]).contains("s1"));
    let status = human(base, &["customer", "set-status", &c, "1004"]);
    assert!(status.contains("status 1004"), "{status}");
    assert!(human(base, &["reset"]).starts_with("reset distributor"));
    assert_eq!(portal(base, reqwest::Method::GET, "/portal/api/v1/customers").await.1["totalCount"], 0);
    assert!(human(base, &["snapshot", "restore", "s1"]).starts_with("restored snapshot"));
    let (_, customer) = portal(base, reqwest::Method::GET, &format!("/v3/customers/{c}")).await;
    assert_eq!(customer["status"], "1000", "the snapshot predates the status edit: {customer}");
    assert!(human(base, &["snapshot", "delete", "s1"]).contains("deleted"));
    assert_eq!(human(base, &["snapshot", "list"]).trim(), "no snapshots");

    let rule = json(
        base,
        &[
            "faults",
            "add",
            "--method",
            "GET",
            "--path",
            "/v3/resellers",
            "--error-status",
            "500",
            "--error-code",
            "1124",
            "--times",
            "1",
        ],
    );
    assert!(rule["id"].as_str().is_some_and(|id| id.starts_with("flt-")), "{rule}");
    assert!(human(base, &["faults", "list"]).contains("error 500 1124"));
    let (status, body) = portal(base, reqwest::Method::GET, "/v3/resellers").await;
    assert_eq!((status, body["code"].as_str()), (500, Some("1124")));
    json(base, &["faults", "add", "--path", "/v3/customers/{id}", "--latency-ms", "5"]);
    assert!(human(base, &["faults", "clear"]).contains("removed 1"));
    let (ok, _, stderr) = verb(base, &["faults", "add", "--path", "/v3/x"]);
    assert!(!ok && stderr.contains("exactly one action"), "{stderr}");

    let requests = human(base, &["requests", "--limit", "3", "--path", "/v3/resellers"]);
    assert!(requests.contains("/v3/resellers -> 500  [fault: error]"), "{requests}");
    let id = requests.split_whitespace().next().expect("an id");
    let one = human(base, &["requests", "--id", id]);
    assert!(one.contains("\"response\"") && one.contains("1124"), "one entry with its bodies: {one}");
    let year = human(base, &["clock", "advance", "1y"]);
    assert!(year.contains("renewal orders created"), "{year}");
}
