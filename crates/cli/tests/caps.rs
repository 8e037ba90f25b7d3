//! The resource caps reach the real binary (issue 20, item 6): `VIPMP_MAX_SNAPSHOTS` and
//! `--max-fault-rules` bound what a distributor may keep, answered `409 P409`.

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Server, send, serve_command, sqlite, token};

const CLIENT_ID: &str = "caps-k";
const SECRET: &str = "caps-s";

#[tokio::test]
async fn the_cap_flags_and_variables_bound_snapshots_and_fault_rules() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = serve_command(&sqlite(&dir.path().join("caps.db")));
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET, "--max-fault-rules", "1"])
        .env("VIPMP_MAX_SNAPSHOTS", "1")
        .env("VIPMP_LOG", "error");
    let server = Server::start(command);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
    let token = token(&http, &server.base, CLIENT_ID, SECRET).await;
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{}/portal/api/v1{path}", server.base))
            .header("x-api-key", CLIENT_ID)
            .bearer_auth(&token)
            .json(&body)
    };
    assert_eq!(send(post("/snapshots", json!({"name": "one"}))).await.0, 201);
    let (status, body) = send(post("/snapshots", json!({"name": "two"}))).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("P409")), "{body}");
    let rule = json!({"path": "/v3/never-matched", "action": {"latencyMs": 1}});
    assert_eq!(send(post("/faults", rule.clone())).await.0, 201);
    let (status, body) = send(post("/faults", rule)).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("P409")), "{body}");
    assert!(body.to_string().contains("at most 1"), "{body}");
}
