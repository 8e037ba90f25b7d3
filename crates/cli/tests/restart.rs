//! The real binary: state survives a hard kill (SIGKILL) and a restart on the same database,
//! open orders are finished after the restart, and SIGTERM shuts the server down cleanly.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CLIENT_ID: &str = "k";
const SECRET: &str = "s";

/// A running `vipmp-sandbox serve` and its base URL.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vipmp-sandbox"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(format!("sqlite://{}", db.display()))
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .args(["--jobs-mode", "auto", "--order-processing-delay-secs", "3"])
        .env("VIPMP_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start vipmp-sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    // Drain stdout for the life of the process; the first line carries the address.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(30)).expect("the server printed nothing");
    let base = first
        .strip_prefix("vipmp-sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .trim()
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    Server { child, base }
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id())
}

impl Api {
    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn token(http: &reqwest::Client, base: &str) -> String {
        let form = [("grant_type", "client_credentials"), ("client_id", CLIENT_ID), ("client_secret", SECRET)];
        let r = http.post(format!("{base}/ims/token/v3")).form(&form).send().await.expect("token");
        assert_eq!(r.status().as_u16(), 200);
        let body: Value = r.json().await.expect("token json");
        body["access_token"].as_str().expect("access_token").to_string()
    }

    fn authed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("x-api-key", CLIENT_ID)
            .header("Authorization", format!("Bearer {}", self.token))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.authed(reqwest::Method::GET, path)).await
    }

    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let request = self
            .authed(reqwest::Method::POST, path)
            .header("X-Correlation-Id", unique("corr"))
            .header("X-Request-Id", unique("req"))
            .json(body);
        self.send(request).await
    }
}

fn address() -> Value {
    json!({"country": "GB", "region": "00", "city": "London", "addressLine1": "1 Test Street",
           "addressLine2": "", "postalCode": "SW1A 1AA", "phoneNumber": ""})
}

fn reseller_body() -> Value {
    json!({"distributorId": "5000000001", "externalReferenceId": "restart-r",
           "companyProfile": {"companyName": "Restart Reseller", "preferredLanguage": "en-US", "address": address(),
             "contacts": [{"firstName": "Ann", "lastName": "Smith", "email": "ann@example.com"}]}})
}

fn customer_body(reseller: &str) -> Value {
    json!({"resellerId": reseller, "externalReferenceId": "restart-c",
           "companyProfile": {"companyName": "Restart Customer", "preferredLanguage": "en-US", "address": address(),
             "contacts": [{"firstName": "Bob", "lastName": "Jones", "email": "bob@example.com"}]}})
}

#[tokio::test]
async fn state_survives_a_hard_kill_and_open_orders_finish_after_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let http = reqwest::Client::new();

    let mut first = start(&db);
    let token = Api::token(&http, &first.base).await;
    let api = Api { http: http.clone(), base: first.base.clone(), token: token.clone() };
    let (status, reseller) = api.post("/v3/resellers", &reseller_body()).await;
    assert_eq!(status, 201, "{reseller}");
    let reseller_id = reseller["resellerId"].as_str().expect("resellerId").to_string();
    let (status, customer) = api.post("/v3/customers", &customer_body(&reseller_id)).await;
    assert_eq!(status, 201, "{customer}");
    let customer_id = customer["customerId"].as_str().expect("customerId").to_string();
    let order = json!({"orderType": "NEW", "currencyCode": "USD",
                       "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 20}]});
    let (status, placed) = api.post(&format!("/v3/customers/{customer_id}/orders"), &order).await;
    assert_eq!((status, placed["status"].as_str()), (202, Some("1002")), "{placed}");
    let order_id = placed["orderId"].as_str().expect("orderId").to_string();

    first.child.kill().expect("SIGKILL");
    first.child.wait().expect("wait");
    drop(first);

    let second = start(&db);
    let api = Api { http, base: second.base.clone(), token };
    let (status, r) = api.get(&format!("/v3/resellers/{reseller_id}")).await;
    assert_eq!((status, r["resellerId"].as_str()), (200, Some(reseller_id.as_str())), "old token, same data: {r}");
    let (status, c) = api.get(&format!("/v3/customers/{customer_id}")).await;
    assert_eq!((status, c["resellerId"].as_str()), (200, Some(reseller_id.as_str())), "{c}");
    assert_eq!(c["companyProfile"]["companyName"], "Restart Customer");

    let deadline = Instant::now() + Duration::from_secs(20);
    let done = loop {
        let (status, o) = api.get(&format!("/v3/customers/{customer_id}/orders/{order_id}")).await;
        assert_eq!(status, 200, "{o}");
        if o["status"] == "1000" {
            break o;
        }
        assert_eq!(o["status"], "1002", "the order may only be open or complete: {o}");
        assert!(Instant::now() < deadline, "the order was not processed after the restart: {o}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let sub = done["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId");
    assert_eq!(sub.len(), 32, "{done}");
    let (status, s) = api.get(&format!("/v3/customers/{customer_id}/subscriptions/{sub}")).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!((s["currentQuantity"].as_i64(), s["status"].as_str()), (Some(20), Some("1000")), "{s}");
    let (_, c) = api.get(&format!("/v3/customers/{customer_id}")).await;
    assert_eq!(c["status"], "1000", "{c}");
    assert_eq!(c["cotermDate"].as_str().map(str::len), Some(10), "{c}");
}

#[tokio::test]
async fn sigterm_shuts_down_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = start(&dir.path().join("db"));
    let http = reqwest::Client::new();
    // A used keep-alive connection must not hold the shutdown up.
    let ping = http.get(format!("{}/ping", server.base)).header("x-api-key", CLIENT_ID).send().await.expect("ping");
    assert_eq!(ping.status().as_u16(), 200);
    assert_eq!(ping.text().await.expect("pong"), "pong");

    let pid = server.child.id().to_string();
    let kill = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.code(), Some(0));
}
