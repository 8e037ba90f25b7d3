//! The app under test: the real router over a real SQLite store, driven in process with
//! `oneshot`; its live records (whose ids the seeds and mutations plant), and the turning of
//! a seed plus mutations into an HTTP request.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Uri};
use base64::Engine;
use serde_json::{Value, json};
use tower::ServiceExt;
use vipmp_core::clock::VirtualClock;
use vipmp_core::settings::{JobsMode, Settings};
use vipmp_server::{AppState, Bootstrap};
use vipmp_store::testing::TestDatabase;

use crate::corpus::{Auth, Seed};
use crate::mutate::{self, HeaderOp, Mutation};

/// The fuzzed distributor.
pub const DISTRIBUTOR: &str = "5000000001";
const CLIENT_ID: &str = "fuzz-client";
const SECRET: &str = "fuzz-secret";
/// A second tenant, whose ids are the "foreign" ones.
const OTHER_DISTRIBUTOR: &str = "5000000002";
const OTHER_CLIENT: &str = "fuzz-other-client";
const OTHER_SECRET: &str = "fuzz-other-secret";
/// The longest a request may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(60);

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// A request ready to send (kept as data so that a finding can print it).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub seed: String,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl Prepared {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// A readable summary for a finding.
    pub fn describe(&self) -> String {
        let headers: Vec<String> =
            self.headers.iter().map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v))).collect();
        let body = String::from_utf8_lossy(&self.body[..self.body.len().min(600)]).into_owned();
        format!(
            "[{}] {} {}\n  headers: {headers:?}\n  body ({} bytes): {body}",
            self.seed,
            self.method,
            self.target,
            self.body.len()
        )
    }
}

/// Live ids.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub reseller: String,
    pub customer: String,
    pub order: String,
    pub subscription: String,
    pub job: String,
    pub fault: String,
    pub foreign_reseller: String,
    pub foreign_customer: String,
    pub foreign_order: String,
}

/// The app, its database and its live records.
pub struct Harness {
    pub state: AppState,
    router: Router,
    pub token: String,
    other_token: String,
    pub ids: Ids,
    counter: u64,
    _db: TestDatabase,
}

impl Harness {
    /// A fresh SQLite database, both tenants bootstrapped, and the records every case starts from.
    pub async fn start() -> Self {
        let db = TestDatabase::sqlite();
        let store = db.connect().await;
        for (d, id, secret) in [(DISTRIBUTOR, CLIENT_ID, SECRET), (OTHER_DISTRIBUTOR, OTHER_CLIENT, OTHER_SECRET)] {
            let boot = Bootstrap { distributor_id: d.into(), client_id: id.into(), client_secret: secret.into() };
            vipmp_server::bootstrap(&store, &boot).await.expect("bootstrap");
        }
        let settings = Settings { jobs_mode: JobsMode::Manual, ..Settings::default() };
        let state = AppState::new(store, Arc::new(VirtualClock::new()), settings);
        let router = vipmp_server::build_router(state.clone());
        let mut h = Self {
            state,
            router,
            token: String::new(),
            other_token: String::new(),
            ids: Ids::default(),
            counter: 0,
            _db: db,
        };
        h.token = h.fetch_token(CLIENT_ID, SECRET).await;
        h.other_token = h.fetch_token(OTHER_CLIENT, OTHER_SECRET).await;
        h.foreign_records().await;
        h.records().await;
        h
    }

    /// Sends a request: `Ok(None)` when it cannot be expressed in HTTP (an invalid URI or
    /// header), `Err` when the app panicked or hung.
    pub async fn send(&self, p: &Prepared) -> Result<Option<Reply>, String> {
        let Ok(method) = Method::from_bytes(p.method.as_bytes()) else { return Ok(None) };
        let uri = match Uri::try_from(p.target.as_str()) {
            Ok(u) => u,
            Err(_) => return Ok(None),
        };
        let mut request = Request::builder().method(method).uri(uri).body(axum::body::Body::from(p.body.clone()));
        let Ok(ref mut req) = request else { return Ok(None) };
        for (name, value) in &p.headers {
            let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_bytes(value))
            else {
                return Ok(None);
            };
            req.headers_mut().append(name, value);
        }
        let req = request.map_err(|e| e.to_string())?;
        let call = tokio::spawn(self.router.clone().oneshot(req));
        let response = match tokio::time::timeout(HANG, call).await {
            Err(_) => return Err(format!("no answer within {} s", HANG.as_secs())),
            Ok(Err(join)) if join.is_panic() => {
                let payload = join.into_panic();
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_default();
                return Err(format!("panic: {msg}"));
            }
            Ok(Err(join)) => return Err(format!("task failed: {join}")),
            Ok(Ok(response)) => response.map_err(|e| format!("router error: {e}"))?,
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.map_err(|e| format!("body: {e}"))?;
        Ok(Some(Reply { status, headers, body }))
    }

    /// Builds the request of `seed` changed by `mutations`.
    pub fn prepare(&mut self, seed: &Seed, mutations: &[Mutation]) -> Prepared {
        self.counter += 1;
        let n = self.counter;
        // Path: fill the template first, so that segment mutations see real ids.
        let template: Vec<&str> = seed.path.split('/').collect();
        let slots: Vec<usize> =
            template.iter().enumerate().filter(|(_, s)| s.starts_with('{')).map(|(i, _)| i).collect();
        let mut segments: Vec<String> = template.iter().map(|s| self.fill(s)).collect();
        let mut method = seed.method.clone();
        let mut query: Vec<String> = seed
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", mutate::encode(k), mutate::encode(&self.fill(v))))
            .collect();
        let mut form: Option<Vec<String>> =
            seed.form.as_ref().map(|f| f.split('&').map(|kv| self.fill_form(kv)).collect());
        let mut json = seed.body.clone();
        let mut header_ops: Vec<&HeaderOp> = Vec::new();
        let mut raw_ops = Vec::new();
        for m in mutations {
            match m {
                Mutation::Json(at, op) => json = mutate::apply_json(json, at, op),
                Mutation::Raw(op) => raw_ops.push(op),
                Mutation::Query(op) => mutate::apply_pairs(&mut query, op),
                Mutation::Form(op) => {
                    if let Some(f) = form.as_mut() {
                        mutate::apply_pairs(f, op);
                    }
                }
                Mutation::Header(op) => header_ops.push(op),
                Mutation::Path(op) => mutate::apply_path(&mut segments, &slots, op),
                Mutation::Method(m) => method = (*m).to_string(),
            }
        }
        let mut target = segments.iter().map(|s| self.fill(s)).collect::<Vec<_>>().join("/");
        if !query.is_empty() {
            target.push('?');
            target.push_str(&self.fill(&query.join("&")));
        }
        // Body.
        let first_key = json.as_ref().and_then(Value::as_object).and_then(|m| m.keys().next().cloned());
        let (mut body, content_type) = if let Some(raw) = seed.raw() {
            (raw, "application/json")
        } else if let Some(f) = &form {
            (self.fill(&f.join("&")).into_bytes(), "application/x-www-form-urlencoded")
        } else if let Some(mut v) = json {
            self.fill_value(&mut v);
            (serde_json::to_vec(&v).unwrap_or_default(), "application/json")
        } else {
            (Vec::new(), "application/json")
        };
        if let Some(n) = seed.pad_to {
            body.resize(n.max(body.len()), b' ');
        }
        for op in raw_ops {
            mutate::apply_raw(&mut body, op, first_key.as_deref());
        }
        // Headers.
        let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
        if seed.auth != Auth::None {
            headers.push(("x-api-key".into(), CLIENT_ID.into()));
        }
        if seed.auth == Auth::Token {
            headers.push(("authorization".into(), format!("Bearer {}", self.token).into_bytes()));
        }
        headers.push(("x-correlation-id".into(), format!("fuzz-corr-{n}").into_bytes()));
        headers.push(("x-request-id".into(), format!("fuzz-req-{n}").into_bytes()));
        headers.push(("accept".into(), b"application/json".to_vec()));
        if seed.body.is_some() || seed.form.is_some() || seed.raw().is_some() {
            headers.push(("content-type".into(), content_type.into()));
        }
        for (k, v) in &seed.headers {
            headers.retain(|(name, _)| name != k);
            headers.push((k.clone(), self.fill(v).into_bytes()));
        }
        let mut length = Some(body.len() as u64).filter(|n| *n > 0 && !seed.chunked);
        for op in header_ops {
            match op {
                HeaderOp::Drop(kind) => headers.retain(|(name, _)| name != kind.name()),
                HeaderOp::Set(kind, value) => {
                    headers.retain(|(name, _)| name != kind.name());
                    headers.push((kind.name().into(), self.fill_bytes(value)));
                }
                HeaderOp::Add(name, value) => headers.push((name.clone(), self.fill_bytes(value))),
                HeaderOp::DeclareHugeLength(n) => length = Some(*n),
                HeaderOp::DropLength => length = None,
            }
        }
        if let Some(n) = length {
            headers.retain(|(name, _)| name != "content-length");
            headers.push(("content-length".into(), n.to_string().into_bytes()));
        }
        Prepared { seed: seed.name.clone(), method, target, headers, body }
    }

    fn fill(&self, s: &str) -> String {
        if !s.contains('{') {
            return s.to_string();
        }
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
        let i = &self.ids;
        [
            ("{reseller}", i.reseller.as_str()),
            ("{customer}", &i.customer),
            ("{order}", &i.order),
            ("{subscription}", &i.subscription),
            ("{distributor}", DISTRIBUTOR),
            ("{job}", &i.job),
            ("{snapshot}", "fuzz-snap"),
            ("{fault}", &i.fault),
            ("{foreign_reseller}", &i.foreign_reseller),
            ("{foreign_customer}", &i.foreign_customer),
            ("{foreign_order}", &i.foreign_order),
            ("{client_id}", CLIENT_ID),
            ("{client_secret}", SECRET),
            ("{other_client}", OTHER_CLIENT),
            ("{token}", &self.token),
            ("{other_token}", &self.other_token),
            ("{basic}", &basic),
        ]
        .iter()
        .fold(s.to_string(), |acc, (k, v)| acc.replace(k, v))
    }

    fn fill_form(&self, kv: &str) -> String {
        match kv.split_once('=') {
            Some((k, v)) => format!("{k}={}", mutate::encode(&self.fill(v))),
            None => kv.to_string(),
        }
    }

    fn fill_bytes(&self, v: &[u8]) -> Vec<u8> {
        match std::str::from_utf8(v) {
            Ok(s) => self.fill(s).into_bytes(),
            Err(_) => v.to_vec(),
        }
    }

    fn fill_value(&self, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.fill(s),
            Value::Array(items) => items.iter_mut().for_each(|x| self.fill_value(x)),
            Value::Object(map) => map.values_mut().for_each(|x| self.fill_value(x)),
            _ => {}
        }
    }

    // ----- direct calls used for set-up and recovery -----

    async fn call(&self, method: &str, path: &str, token: &str, body: Option<Value>) -> Reply {
        let mut headers = vec![
            (
                "x-api-key".to_string(),
                if token == self.other_token { OTHER_CLIENT } else { CLIENT_ID }.as_bytes().to_vec(),
            ),
            ("authorization".into(), format!("Bearer {token}").into_bytes()),
        ];
        let bytes = body.map(|b| serde_json::to_vec(&b).unwrap_or_default()).unwrap_or_default();
        if !bytes.is_empty() {
            headers.push(("content-type".into(), b"application/json".to_vec()));
        }
        let n = self.counter;
        headers.push(("x-correlation-id".into(), format!("fuzz-setup-{n}-{}", uuid::Uuid::new_v4()).into_bytes()));
        let p = Prepared { seed: "setup".into(), method: method.into(), target: path.into(), headers, body: bytes };
        self.send(&p).await.unwrap_or_else(|e| panic!("{method} {path}: {e}")).expect("a valid request")
    }

    async fn expect(&self, status: u16, method: &str, path: &str, body: Option<Value>) -> Value {
        let r = self.call(method, path, &self.token, body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", String::from_utf8_lossy(&r.body));
        r.json()
    }

    async fn fetch_token(&self, id: &str, secret: &str) -> String {
        let form = format!("grant_type=client_credentials&client_id={id}&client_secret={secret}");
        let p = Prepared {
            seed: "setup".into(),
            method: "POST".into(),
            target: "/ims/token/v3".into(),
            headers: vec![("content-type".into(), b"application/x-www-form-urlencoded".to_vec())],
            body: form.into_bytes(),
        };
        let r = self.send(&p).await.expect("token").expect("token request");
        assert_eq!(r.status, 200, "token: {}", String::from_utf8_lossy(&r.body));
        r.json()["access_token"].as_str().expect("access_token").to_string()
    }

    fn reseller_body(d: &str, name: &str) -> Value {
        json!({"distributorId": d, "companyProfile": {
            "companyName": name, "preferredLanguage": "en-US", "marketSegments": ["COM"],
            "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
                        "addressLine2": "Suite 100", "postalCode": "95110", "phoneNumber": "408-555-0100"},
            "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada.fuzz@example.com",
                          "phoneNumber": "408-555-0101"}]}})
    }

    fn customer_body(reseller: &str) -> Value {
        json!({"resellerId": reseller, "companyProfile": {
            "companyName": "Fuzz Customer One", "preferredLanguage": "en-US",
            "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
                        "addressLine2": "Suite 100", "postalCode": "95110", "phoneNumber": "408-555-0100"},
            "contacts": [{"firstName": "Grace", "lastName": "Hopper", "email": "grace.fuzz@example.com"}]}})
    }

    async fn foreign_records(&mut self) {
        let t = self.other_token.clone();
        let r = self
            .call("POST", "/v3/resellers", &t, Some(Self::reseller_body(OTHER_DISTRIBUTOR, "Other Reseller")))
            .await;
        assert_eq!(r.status, 201, "foreign reseller: {}", String::from_utf8_lossy(&r.body));
        self.ids.foreign_reseller = r.json()["resellerId"].as_str().unwrap_or_default().to_string();
        let c = self.call("POST", "/v3/customers", &t, Some(Self::customer_body(&self.ids.foreign_reseller))).await;
        assert_eq!(c.status, 201, "foreign customer: {}", String::from_utf8_lossy(&c.body));
        self.ids.foreign_customer = c.json()["customerId"].as_str().unwrap_or_default().to_string();
        self.call("POST", "/portal/api/v1/jobs/run", &t, Some(json!({"job": "all"}))).await;
        let order = json!({"orderType": "NEW", "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 2}]});
        let path = format!("/v3/customers/{}/orders", self.ids.foreign_customer);
        let o = self.call("POST", &path, &t, Some(order)).await;
        assert_eq!(o.status, 202, "foreign order: {}", String::from_utf8_lossy(&o.body));
        self.ids.foreign_order = o.json()["orderId"].as_str().unwrap_or_default().to_string();
    }

    /// (Re)creates the fuzzed distributor's records: an active reseller and customer, a
    /// completed order and its subscription, a renewal job, a snapshot and a fault rule.
    pub async fn records(&mut self) {
        let r = self
            .expect(201, "POST", "/v3/resellers", Some(Self::reseller_body(DISTRIBUTOR, "Fuzz Reseller One")))
            .await;
        self.ids.reseller = r["resellerId"].as_str().unwrap_or_default().to_string();
        let c = self.expect(201, "POST", "/v3/customers", Some(Self::customer_body(&self.ids.reseller))).await;
        self.ids.customer = c["customerId"].as_str().unwrap_or_default().to_string();
        self.expect(200, "POST", "/portal/api/v1/jobs/run", Some(json!({"job": "all"}))).await;
        let order = json!({"orderType": "NEW", "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 5}]});
        let orders = format!("/v3/customers/{}/orders", self.ids.customer);
        let o = self.expect(202, "POST", &orders, Some(order)).await;
        self.ids.order = o["orderId"].as_str().unwrap_or_default().to_string();
        self.expect(200, "POST", "/portal/api/v1/jobs/run", Some(json!({"job": "all"}))).await;
        let o = self.expect(200, "GET", &format!("{orders}/{}", self.ids.order), None).await;
        self.ids.subscription = o["lineItems"][0]["subscriptionId"].as_str().unwrap_or_default().to_string();
        let trigger = format!("/portal/api/v1/customers/{}/auto-renewal/trigger", self.ids.customer);
        let t = self.call("POST", &trigger, &self.token, None).await;
        if let Some(job) = t.json()["jobId"].as_str() {
            self.ids.job = job.to_string();
        }
        self.expect(201, "POST", "/portal/api/v1/snapshots", Some(json!({"name": "fuzz-snap"}))).await;
        let rule = json!({"path": "/fuzz-never", "action": {"error": {"status": 400, "code": "9999"}}});
        let f = self.expect(201, "POST", "/portal/api/v1/faults", Some(rule)).await;
        self.ids.fault = f["id"].as_str().map(str::to_string).unwrap_or_else(|| f["id"].to_string());
    }

    /// After a case: faults it added are cleared; then a valid GET must answer `200`, after a
    /// new token if the case moved the clock past the token's life, and after the records are
    /// made again if the case reset or restored the distributor.
    pub async fn recover(&mut self, fault_added: bool) -> Result<(), String> {
        if fault_added {
            let r = self.call("DELETE", "/portal/api/v1/faults", &self.token, None).await;
            if !(200..300).contains(&r.status) {
                return Err(format!("clearing faults: {} {}", r.status, String::from_utf8_lossy(&r.body)));
            }
        }
        for _ in 0..3 {
            let path = format!("/v3/customers/{}", self.ids.customer);
            let r = self.call("GET", &path, &self.token, None).await;
            match (r.status, r.json()["code"].as_str()) {
                (200, _) => return Ok(()),
                (401, Some("4116")) => self.token = self.fetch_token(CLIENT_ID, SECRET).await,
                (404, Some("1116")) => self.records().await,
                _ => {
                    return Err(format!(
                        "the server no longer answers a valid GET {path}: {} {}",
                        r.status,
                        String::from_utf8_lossy(&r.body)
                    ));
                }
            }
        }
        Err(format!("the server no longer answers a valid GET /v3/customers/{} after recovery", self.ids.customer))
    }

    /// Empties the fuzzed distributor (keeps the database small on long runs) and makes the
    /// records again.
    pub async fn reset(&mut self) {
        let r = self.call("POST", "/portal/api/v1/reset", &self.token, None).await;
        if r.status == 401 {
            self.token = self.fetch_token(CLIENT_ID, SECRET).await;
            self.call("POST", "/portal/api/v1/reset", &self.token, None).await;
        }
        self.records().await;
    }
}
