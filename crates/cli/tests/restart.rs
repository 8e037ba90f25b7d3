//! The real binary: state survives a hard kill (SIGKILL) and a restart on the same database,
//! open orders are finished after the restart, and SIGTERM shuts the server down cleanly.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Server, customer_body, reseller_body, serve_command, sqlite, unique};

const CLIENT_ID: &str = "k";
const SECRET: &str = "s";

fn start(db: &Path) -> Server {
    let mut command = serve_command(&sqlite(db));
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .args(["--jobs-mode", "auto", "--order-processing-delay-secs", "3"])
        .env("VIPMP_LOG", "warn");
    let server = Server::start(command);
    assert!(server.base.starts_with("http://127.0.0.1:"), "{}", server.base);
    server
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn token(http: &reqwest::Client, base: &str) -> String {
        support::token(http, base, CLIENT_ID, SECRET).await
    }

    fn authed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("x-api-key", CLIENT_ID)
            .header("Authorization", format!("Bearer {}", self.token))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        support::send(self.authed(reqwest::Method::GET, path)).await
    }

    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let request = self
            .authed(reqwest::Method::POST, path)
            .header("X-Correlation-Id", unique("corr"))
            .header("X-Request-Id", unique("req"))
            .json(body);
        support::send(request).await
    }
}

#[tokio::test]
async fn state_survives_a_hard_kill_and_open_orders_finish_after_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let http = reqwest::Client::new();

    let mut first = start(&db);
    let token = Api::token(&http, &first.base).await;
    let api = Api { http: http.clone(), base: first.base.clone(), token: token.clone() };
    let (status, reseller) = api.post("/v3/resellers", &reseller_body("restart-r", "Restart Reseller")).await;
    assert_eq!(status, 201, "{reseller}");
    let reseller_id = reseller["resellerId"].as_str().expect("resellerId").to_string();
    let (status, customer) =
        api.post("/v3/customers", &customer_body(&reseller_id, "restart-c", "Restart Customer")).await;
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

    server.sigterm();
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
