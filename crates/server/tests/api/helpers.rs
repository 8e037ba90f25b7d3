//! `TestApp`: a running server with its own database, a token, and one helper per call.

#![allow(dead_code, reason = "each test module uses a different subset of the helpers")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use vipmp_core::clock::VirtualClock;
use vipmp_core::settings::{JobsMode, Settings};
use vipmp_server::{AppState, Bootstrap};
use vipmp_store::testing::{Backend, TestDatabase};

/// The bootstrap distributor of every test app.
pub const DISTRIBUTOR_ID: &str = "5000000001";
/// Its API key.
pub const API_KEY: &str = "test-client";
/// Its secret.
pub const SECRET: &str = "test-secret";

static COUNTER: AtomicU64 = AtomicU64::new(1);

/// A fresh unique string (correlation ids, request ids, names).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// An HTTP answer: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The `code` of an error body.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// Asserts an Adobe error with this status and code, in the full four-member shape.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!((self.status, self.code()), (status, code), "body: {}", self.text);
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()), "message: {}", self.text);
        assert!(self.body["additionalDetails"].is_array(), "additionalDetails: {}", self.text);
        assert!(self.body["invalidFields"].is_array(), "invalidFields: {}", self.text);
    }

    /// Whether `additionalDetails` contains `detail`.
    pub fn has_detail(&self, detail: &str) -> bool {
        self.body["additionalDetails"].as_array().is_some_and(|d| d.iter().any(|x| x == detail))
    }
}

/// A running server.
pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
    pub state: AppState,
    /// The SQLite file (empty on PostgreSQL).
    pub db_path: std::path::PathBuf,
    /// The database URL (`sqlite://…` or `postgres://…`).
    pub db_url: String,
    shutdown: CancellationToken,
    /// Dropped last: deletes the SQLite file or drops the PostgreSQL database.
    _db: TestDatabase,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl TestApp {
    /// A server in manual jobs mode (nothing happens until `run_jobs`).
    pub async fn spawn() -> Self {
        Self::spawn_with(Settings { jobs_mode: JobsMode::Manual, ..Settings::default() }).await
    }

    /// A server with these settings, on the backend `VIPMP_TEST_BACKEND` names (`sqlite` by
    /// default; `postgres`: a fresh database cloned from a migrated template).
    pub async fn spawn_with(settings: Settings) -> Self {
        let db = TestDatabase::of(Backend::from_env()).await;
        let db_path = db.sqlite_path().map(std::path::Path::to_path_buf).unwrap_or_default();
        let db_url = db.url().to_string();
        let store = db.connect().await;
        let boot = Bootstrap {
            distributor_id: DISTRIBUTOR_ID.into(),
            client_id: API_KEY.into(),
            client_secret: SECRET.into(),
        };
        vipmp_server::bootstrap(&store, &boot).await.expect("bootstrap");
        let state = AppState::new(store, Arc::new(VirtualClock::new()), settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let shutdown = CancellationToken::new();
        tokio::spawn(vipmp_server::serve(listener, state.clone(), shutdown.clone()));
        let http = reqwest::Client::new();
        let mut app = Self { base, http, token: String::new(), state, db_path, db_url, shutdown, _db: db };
        app.token = app.fetch_token().await;
        app
    }

    /// A new token from `/ims/token/v3`.
    pub async fn fetch_token(&self) -> String {
        let a = self
            .send(self.http.post(self.url("/ims/token/v3")).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", API_KEY),
                ("client_secret", SECRET),
                ("scope", "openid,AdobeID,read_organizations"),
            ]))
            .await;
        assert_eq!(a.status, 200, "token: {}", a.text);
        a.body["access_token"].as_str().expect("access_token").to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request and reads the answer.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, body, text, headers }
    }

    /// A request with the API key and token.
    pub fn authed(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header("x-api-key", API_KEY)
            .header("Authorization", format!("Bearer {}", self.token))
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.authed(reqwest::Method::GET, path)).await
    }

    /// A write with fresh correlation and request ids.
    pub async fn write(&self, method: reqwest::Method, path: &str, body: &Value) -> Answer {
        self.send(
            self.authed(method, path)
                .header("X-Correlation-Id", unique("corr"))
                .header("X-Request-Id", unique("req"))
                .json(body),
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.write(reqwest::Method::POST, path, body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.write(reqwest::Method::PATCH, path, body).await
    }

    /// A portal API call (no correlation id needed).
    pub async fn portal(&self, method: reqwest::Method, path: &str, body: &Value) -> Answer {
        self.send(self.authed(method, &format!("/portal/api/v1{path}")).json(body)).await
    }

    /// Runs every pending job now.
    pub async fn run_jobs(&self) {
        let a = self.portal(reqwest::Method::POST, "/jobs/run", &json!({"job": "all"})).await;
        assert_eq!(a.status, 200, "jobs/run: {}", a.text);
    }

    /// The Postman collection's reseller body.
    pub fn reseller_body(&self) -> Value {
        json!({
            "distributorId": DISTRIBUTOR_ID,
            "externalReferenceId": "1b4e28ba-2fa1-11d2-883f-0016d3cca42",
            "companyProfile": {
                "companyName": format!("Reseller Name {}", unique("r")),
                "preferredLanguage": "en-US",
                "address": {"country": "GB", "region": "00", "city": "Madrid",
                            "addressLine1": "RONDA DE LA COMUNICACION", "addressLine2": "",
                            "postalCode": "SW1A 1AA", "phoneNumber": ""},
                "contacts": [{"firstName": "test firstname", "lastName": "test lastname",
                              "email": "testname@adobe.com", "phoneNumber": "20-7323-8195"}]
            }
        })
    }

    /// The Postman collection's customer body.
    pub fn customer_body(&self, reseller_id: &str) -> Value {
        json!({
            "resellerId": reseller_id,
            "externalReferenceId": "ext-1",
            "companyProfile": {
                "companyName": format!("Test Customer {}", unique("c")),
                "preferredLanguage": "es-ES",
                "address": {"country": "GB", "region": "00", "city": "Madrid",
                            "addressLine1": "RONDA DE LA COMUNICACION", "addressLine2": "",
                            "postalCode": "SW1A 1AA", "phoneNumber": ""},
                "contacts": [{"firstName": "first_name", "lastName": "last_name",
                              "email": "firstnamelastnameabc123@test.com"}]
            }
        })
    }

    /// Creates a reseller and returns its id (still pending until jobs run).
    pub async fn create_reseller(&self) -> String {
        let a = self.post("/v3/resellers", &self.reseller_body()).await;
        assert_eq!(a.status, 201, "create reseller: {}", a.text);
        a.body["resellerId"].as_str().expect("resellerId").to_string()
    }

    /// Creates a customer under `reseller_id` and returns its id.
    pub async fn create_customer(&self, reseller_id: &str) -> String {
        let a = self.post("/v3/customers", &self.customer_body(reseller_id)).await;
        assert_eq!(a.status, 201, "create customer: {}", a.text);
        a.body["customerId"].as_str().expect("customerId").to_string()
    }

    /// An active reseller and an active customer: (reseller id, customer id).
    pub async fn active_customer(&self) -> (String, String) {
        let r = self.create_reseller().await;
        let c = self.create_customer(&r).await;
        self.run_jobs().await;
        (r, c)
    }

    /// Places an order of one line.
    pub async fn order(&self, customer_id: &str, order_type: &str, offer: &str, quantity: i64) -> Answer {
        let body = json!({
            "orderType": order_type, "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": quantity}]
        });
        self.post(&format!("/v3/customers/{customer_id}/orders"), &body).await
    }

    /// A completed NEW order: returns (order id, subscription id).
    pub async fn completed_order(&self, customer_id: &str, offer: &str, quantity: i64) -> (String, String) {
        let a = self.order(customer_id, "NEW", offer, quantity).await;
        assert_eq!(a.status, 202, "NEW order: {}", a.text);
        let order_id = a.body["orderId"].as_str().expect("orderId").to_string();
        self.run_jobs().await;
        let o = self.get(&format!("/v3/customers/{customer_id}/orders/{order_id}")).await;
        assert_eq!(o.body["status"], "1000", "order: {}", o.text);
        let sub = o.body["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId").to_string();
        (order_id, sub)
    }

    /// Today's UTC date on the server's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.state.now().date_naive()
    }
}
