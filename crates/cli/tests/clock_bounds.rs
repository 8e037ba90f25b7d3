//! Issue 20, item 2, from outside: a clock stored outside the supported range (as a server
//! before the range wrote it after `{"set": "9999-12-31"}`) written straight into the SQLite
//! file does not take the tenant down after a restart: every request is served on the clock
//! clamped to 2199-12-31T23:59:59Z, moves beyond the range are `400 P400`, and a move back
//! into the range repairs it.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use support::{Server, reseller_body, send, serve_command, sqlite, unique};

const CLIENT_ID: &str = "clock-k";
const SECRET: &str = "clock-s";
const DISTRIBUTOR: &str = "5000000001";

fn start(db: &Path) -> Server {
    let mut command = serve_command(&sqlite(db));
    command.args(["--client-id", CLIENT_ID, "--client-secret", SECRET]).env("VIPMP_LOG", "warn");
    Server::start(command)
}

fn stop(mut server: Server) {
    server.sigterm();
    server.child.wait().expect("wait");
}

async fn call(http: &reqwest::Client, base: &str, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
    let token = support::token(http, base, CLIENT_ID, SECRET).await;
    let mut request = http
        .request(method, format!("{base}{path}"))
        .header("x-api-key", CLIENT_ID)
        .header("Authorization", format!("Bearer {token}"))
        .header("X-Correlation-Id", unique("corr"));
    if !body.is_null() {
        request = request.json(body);
    }
    send(request).await
}

#[tokio::test]
async fn a_stored_clock_in_year_9999_is_clamped_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let http = reqwest::Client::new();
    let first = start(&db);
    let (status, reseller) =
        call(&http, &first.base, reqwest::Method::POST, "/v3/resellers", &reseller_body("clk-r", "Clock R")).await;
    assert_eq!(status, 201, "{reseller}");
    let reseller_id = reseller["resellerId"].as_str().expect("resellerId").to_string();
    stop(first);

    // What `{"set": "9999-12-31"}` stored before the range existed: a running clock that far
    // ahead of the wall clock (and, for good measure, one past chrono's range).
    for offset in [253_402_214_400_i64 - 1_790_000_000, i64::MAX] {
        let connection = rusqlite::Connection::open(&db).expect("open the database file");
        connection
            .execute(
                "INSERT INTO clocks (distributor_id, offset_seconds, frozen_at) VALUES (?1, ?2, NULL)
                 ON CONFLICT (distributor_id) DO UPDATE SET offset_seconds = ?2, frozen_at = NULL",
                rusqlite::params![DISTRIBUTOR, offset],
            )
            .expect("write the clock");
        drop(connection);

        let server = start(&db);
        let base = server.base.clone();
        let get = reqwest::Method::GET;
        let post = reqwest::Method::POST;
        let (status, clock) = call(&http, &base, get.clone(), "/portal/api/v1/clock", &Value::Null).await;
        assert_eq!((status, clock["now"].as_str()), (200, Some("2199-12-31T23:59:59Z")), "{clock}");
        let (status, r) = call(&http, &base, get.clone(), &format!("/v3/resellers/{reseller_id}"), &Value::Null).await;
        assert_eq!(status, 200, "the tenant answers: {r}");
        let (status, r) =
            call(&http, &base, post.clone(), "/v3/resellers", &reseller_body(&unique("clk"), "Clock Reseller Two"))
                .await;
        assert_eq!(status, 201, "the tenant writes: {r}");
        let (status, refused) =
            call(&http, &base, post.clone(), "/portal/api/v1/clock", &json!({"advance": "P1D"})).await;
        assert_eq!((status, refused["code"].as_str()), (400, Some("P400")), "{refused}");
        assert!(refused.to_string().contains("2199-12-31T23:59:59Z"), "{refused}");
        let (status, repaired) =
            call(&http, &base, post.clone(), "/portal/api/v1/clock", &json!({"offsetSeconds": 0})).await;
        assert_eq!((status, repaired["offsetSeconds"].as_i64()), (200, Some(0)), "{repaired}");
        stop(server);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
