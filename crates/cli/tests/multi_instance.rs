//! Several real `vipmp-sandbox serve` processes on one PostgreSQL database behave as one
//! sandbox: one accepted renewal trigger per cooldown window, idempotent replay across
//! instances, tokens valid everywhere, and open orders finished exactly once by a survivor
//! after a `kill -9`. Also: an unreachable database at start is a prompt, clear failure, and
//! requests get 503 while the database is gone.
//!
//! Each test gets a database of its own (`vipmp_store::testing`); without a reachable
//! PostgreSQL the tests print `skipped: PostgreSQL not reachable …` and pass (fail under `CI=true`).

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::{Value, json};
use support::{BIN, Server, serve_command, unique};
use vipmp_store::testing::TestDatabase;

const CLIENT_ID: &str = "k";
const SECRET: &str = "s";
const OFFER: &str = "65304479CA01A12";

fn start(database: &str, extra: &[&str]) -> Server {
    let mut command = serve_command(database);
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .args(["--jobs-mode", "auto", "--renewal-trigger-delay-secs", "0", "--order-processing-delay-secs", "2"])
        .args(extra)
        .env("VIPMP_LOG", "warn")
        .env_remove("RUST_BACKTRACE");
    Server::start(command)
}

/// Two instances on the database of `db`.
fn start_two(db: &TestDatabase) -> (Server, Server) {
    (start(db.url(), &[]), start(db.url(), &[]))
}

/// An HTTP answer.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    body: Value,
    text: String,
}

/// A client of one instance.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn new(server: &Server) -> Self {
        let http = reqwest::Client::new();
        let token = support::token(&http, &server.base, CLIENT_ID, SECRET).await;
        Self { http, base: server.base.clone(), token }
    }

    /// The same client and token, against another instance.
    fn on(&self, server: &Server) -> Self {
        Self { base: server.base.clone(), ..self.clone() }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        Answer { status, body: serde_json::from_str(&text).unwrap_or(Value::Null), text }
    }

    fn authed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("x-api-key", CLIENT_ID)
            .header("Authorization", format!("Bearer {}", self.token))
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.authed(reqwest::Method::GET, path)).await
    }

    async fn post_with(&self, path: &str, correlation_id: &str, body: &Value) -> Answer {
        let request = self
            .authed(reqwest::Method::POST, path)
            .header("X-Correlation-Id", correlation_id)
            .header("X-Request-Id", unique("req"))
            .json(body);
        self.send(request).await
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        self.post_with(path, &unique("corr"), body).await
    }

    async fn portal(&self, method: reqwest::Method, path: &str, body: &Value) -> Answer {
        self.send(self.authed(method, &format!("/portal/api/v1{path}")).json(body)).await
    }

    /// An active reseller and customer: the customer id.
    async fn active_customer(&self) -> String {
        let r = self.post("/v3/resellers", &reseller_body()).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let reseller = r.body["resellerId"].as_str().expect("resellerId").to_string();
        let c = self.post("/v3/customers", &customer_body(&reseller)).await;
        assert_eq!(c.status, 201, "{}", c.text);
        let customer = c.body["customerId"].as_str().expect("customerId").to_string();
        self.wait_for(&format!("/v3/customers/{customer}"), |b| b["status"] == "1000").await;
        customer
    }

    /// Polls `path` until `done` holds (20 s at most); returns the last body.
    async fn wait_for(&self, path: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let a = self.get(path).await;
            assert_eq!(a.status, 200, "{path}: {}", a.text);
            if done(&a.body) {
                return a.body;
            }
            assert!(Instant::now() < deadline, "{path} never got there: {}", a.text);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// A NEW order of `OFFER` × `quantity`: the order id (still open).
    async fn new_order(&self, customer: &str, quantity: i64) -> String {
        let a = self.post(&format!("/v3/customers/{customer}/orders"), &new_order_body(quantity)).await;
        assert_eq!((a.status, a.body["status"].as_str()), (202, Some("1002")), "{}", a.text);
        a.body["orderId"].as_str().expect("orderId").to_string()
    }
}

fn reseller_body() -> Value {
    support::reseller_body("multi-r", &unique("Multi Reseller"))
}

fn customer_body(reseller: &str) -> Value {
    support::customer_body(reseller, "multi-c", &unique("Multi Customer"))
}

fn new_order_body(quantity: i64) -> Value {
    json!({"orderType": "NEW", "currencyCode": "USD",
           "lineItems": [{"extLineItemNumber": 1, "offerId": OFFER, "quantity": quantity}]})
}

fn assert_adobe_error(a: &Answer, status: u16, code: &str) {
    assert_eq!((a.status, a.body["code"].as_str()), (status, Some(code)), "{}", a.text);
    assert!(a.body["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", a.text);
    assert!(a.body["additionalDetails"].is_array() && a.body["invalidFields"].is_array(), "{}", a.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_triggers_across_two_instances_give_one_renewal() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let (a, b) = start_two(&db);
    let api_a = Api::new(&a).await;
    let api_b = api_a.on(&b);
    let customer = api_a.active_customer().await;
    let order = api_a.new_order(&customer, 20).await;
    api_b.wait_for(&format!("/v3/customers/{customer}/orders/{order}"), |o| o["status"] == "1000").await;
    // "Today" on the server's clock (`now` is `YYYY-MM-DDTHH:MM:SSZ`).
    let clock = api_b.portal(reqwest::Method::GET, "/clock", &Value::Null).await;
    let today = clock.body["now"].as_str().and_then(|now| now.get(..10)).expect("clock").to_string();
    let edit =
        api_b.portal(reqwest::Method::PATCH, &format!("/customers/{customer}"), &json!({"cotermDate": today})).await;
    assert_eq!(edit.status, 200, "{}", edit.text);

    let path = format!("/customers/{customer}/auto-renewal/trigger");
    let answers = join_all((0..40).map(|i| {
        let api = if i % 2 == 0 { api_a.clone() } else { api_b.clone() };
        let path = path.clone();
        async move { api.portal(reqwest::Method::POST, &path, &Value::Null).await }
    }))
    .await;
    let accepted = answers.iter().filter(|a| a.status == 202).count();
    assert_eq!(accepted, 1, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    for refused in answers.iter().filter(|a| a.status != 202) {
        assert_adobe_error(refused, 429, "P429");
    }
    for api in [&api_a, &api_b] {
        let renewals =
            api.get(&format!("/v3/customers/{customer}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
        assert_eq!(renewals.body["totalCount"], 1, "{}", renewals.text);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_correlation_id_on_two_instances_is_one_order_with_one_body() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let (a, b) = start_two(&db);
    let api_a = Api::new(&a).await;
    let api_b = api_a.on(&b);
    let customer = api_a.active_customer().await;
    let path = format!("/v3/customers/{customer}/orders");
    let correlation_id = unique("shared");
    let body = new_order_body(7);
    let (first, second) =
        tokio::join!(api_a.post_with(&path, &correlation_id, &body), api_b.post_with(&path, &correlation_id, &body));
    assert_eq!(first.status, 202, "{}", first.text);
    assert_eq!((second.status, &second.text), (first.status, &first.text), "byte-identical replay");
    let again = api_b.post_with(&path, &correlation_id, &body).await;
    assert_eq!(again.text, first.text);
    let orders = api_a.get(&format!("{path}?start-date=2000-01-01")).await;
    assert_eq!(orders.body["totalCount"], 1, "{}", orders.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_token_from_one_instance_works_on_the_other() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let (a, b) = start_two(&db);
    let from_a = Api::new(&a).await;
    let customer = from_a.active_customer().await;
    let on_b = from_a.on(&b);
    let c = on_b.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!((c.status, c.body["customerId"].as_str()), (200, Some(customer.as_str())), "{}", c.text);
    let from_b = Api::new(&b).await;
    let on_a = from_b.on(&a);
    assert_eq!(on_a.get(&format!("/v3/customers/{customer}")).await.status, 200);
    let forged = Api { token: "not-a-token".into(), ..on_a };
    let refused = forged.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (401, Some("4116")), "{}", refused.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_survivor_of_a_kill_finishes_every_order_exactly_once() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let (mut a, b) = start_two(&db);
    let api_a = Api::new(&a).await;
    let api_b = api_a.on(&b);
    let customer = api_a.active_customer().await;
    let mut orders = Vec::new();
    for quantity in 1..=10 {
        orders.push(api_a.new_order(&customer, quantity).await);
    }
    a.child.kill().expect("SIGKILL");
    a.child.wait().expect("wait");
    drop(a);

    let mut subscription = String::new();
    for order in &orders {
        let done = api_b.wait_for(&format!("/v3/customers/{customer}/orders/{order}"), |o| o["status"] != "1002").await;
        assert_eq!(done["status"], "1000", "{done}");
        subscription = done["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId").to_string();
    }
    let s = api_b.get(&format!("/v3/customers/{customer}/subscriptions/{subscription}")).await;
    assert_eq!(s.body["currentQuantity"], (1..=10).sum::<i64>(), "each order exactly once: {}", s.text);
    let subs = api_b.get(&format!("/v3/customers/{customer}/subscriptions")).await;
    assert_eq!(subs.body["items"].as_array().map(Vec::len), Some(1), "{}", subs.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_get_503_while_the_database_is_gone_and_work_again_after() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let server = start(db.url(), &["--db-acquire-timeout-secs", "1"]);
    let api = Api::new(&server).await;
    let customer = api.active_customer().await;

    db.accept_connections(false).await;
    let started = Instant::now();
    let read = api.get(&format!("/v3/customers/{customer}")).await;
    assert_adobe_error(&read, 503, "503");
    let write = api.post(&format!("/v3/customers/{customer}/orders"), &new_order_body(1)).await;
    assert_adobe_error(&write, 503, "503");
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());

    db.accept_connections(true).await;
    let back = api.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(back.status, 200, "reconnected by itself: {}", back.text);
    api.new_order(&customer, 1).await;
}

/// Needs no database: the point is that there is none.
#[test]
fn an_unreachable_database_at_start_fails_fast_and_clearly() {
    let started = Instant::now();
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--database", "postgres://postgres:secret@127.0.0.1:1/vipmp"])
        .args(["--db-acquire-timeout-secs", "2"])
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run vipmp-sandbox");
    assert!(!out.status.success(), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot open the database postgres://postgres:***@127.0.0.1:1/vipmp"), "{stderr}");
    assert!(stderr.contains("cannot connect to PostgreSQL"), "{stderr}");
    assert!(!stderr.contains("secret"), "the password must not be printed: {stderr}");
    assert!(out.stdout.is_empty(), "nothing listens: {}", String::from_utf8_lossy(&out.stdout));
}
