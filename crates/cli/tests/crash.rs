//! Crash safety of the SQLite write path against the real binary: four writers keep creating
//! customers and NEW orders while the server is killed with SIGKILL 50 times at random
//! moments and restarted on the same database. A write whose answer was lost is retried with
//! the same correlation and request ids until it gets one (idempotent replay makes that
//! safe). In the end every acknowledged write is there, exactly once, whole: every order has
//! its lines, every completed order's subscriptions exist, every subscription belongs to a
//! completed order, and every order reaches a terminal status.

mod support;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Server, serve_command, sqlite, token_answer};

const CLIENT_ID: &str = "crash-k";
const SECRET: &str = "crash-s";
const KILLS: usize = 50;
const WRITERS: u64 = 4;
const OFFER: &str = "65304479CA01A12";

/// A small xorshift64* generator: reproducible runs without a new dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn start(db: &Path) -> (Server, String) {
    let mut command = serve_command(&sqlite(db));
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .args(["--jobs-mode", "auto", "--order-processing-delay-secs", "1"])
        .env("VIPMP_LOG", "error");
    let server = Server::start(command);
    let base = server.base.clone();
    (server, base)
}

/// One acknowledged (2xx) write.
#[derive(Debug, Clone)]
enum Write {
    Customer { id: String },
    Order { customer: String, id: String, quantity: i64 },
}

/// What the writers share: the current base URL, the token, the log of acknowledged writes.
struct Shared {
    base: RwLock<String>,
    token: String,
    http: reqwest::Client,
    reseller: OnceLock<String>,
    stop: AtomicBool,
    acked: Mutex<Vec<Write>>,
    retries: AtomicU64,
    refused: Mutex<Vec<String>>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// POSTs until an answer arrives (the same ids every time), then returns it.
async fn post_until_answered(s: &Shared, path: &str, body: &Value) -> (u16, Value) {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let (correlation, request_id) = (format!("crash-c-{n}"), format!("crash-r-{n}"));
    loop {
        let base = s.base.read().expect("base").clone();
        let sent = s
            .http
            .post(format!("{base}{path}"))
            .header("x-api-key", CLIENT_ID)
            .bearer_auth(&s.token)
            .header("X-Correlation-Id", &correlation)
            .header("X-Request-Id", &request_id)
            .json(body)
            .send()
            .await;
        if let Ok(response) = sent {
            let status = response.status().as_u16();
            if let Ok(text) = response.text().await {
                return (status, serde_json::from_str(&text).unwrap_or(Value::Null));
            }
        }
        s.retries.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn customer_body(reseller: &str, n: u64) -> Value {
    json!({"resellerId": reseller, "companyProfile": {"companyName": format!("Crash Customer {n}"),
      "preferredLanguage": "en-US",
      "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Main St",
                  "postalCode": "95110", "phoneNumber": ""},
      "contacts": [{"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com"}]}})
}

async fn writer(s: Arc<Shared>, seed: u64) {
    let mut rng = XorShift(seed);
    let mut mine: Vec<String> = Vec::new();
    while !s.stop.load(Ordering::Relaxed) {
        let write = if mine.is_empty() || rng.between(0, 2) == 0 {
            let (status, body) = post_until_answered(
                &s,
                "/v3/customers",
                &customer_body(s.reseller.get().expect("reseller"), rng.next()),
            )
            .await;
            if status != 201 {
                s.refused.lock().expect("refused").push(format!("customer {status} {body}"));
                continue;
            }
            let id = body["customerId"].as_str().expect("customerId").to_string();
            mine.push(id.clone());
            Write::Customer { id }
        } else {
            let customer = mine[usize::try_from(rng.next() % mine.len() as u64).unwrap_or(0)].clone();
            let quantity = i64::try_from(rng.between(1, 9)).unwrap_or(1);
            let body = json!({"orderType": "NEW", "currencyCode": "USD",
                "lineItems": [{"extLineItemNumber": 1, "offerId": OFFER, "quantity": quantity}]});
            let (status, answer) = post_until_answered(&s, &format!("/v3/customers/{customer}/orders"), &body).await;
            if status != 202 {
                s.refused.lock().expect("refused").push(format!("order {status} {answer}"));
                continue;
            }
            Write::Order { customer, id: answer["orderId"].as_str().expect("orderId").to_string(), quantity }
        };
        s.acked.lock().expect("acked").push(write);
    }
}

async fn get(s: &Shared, path: &str) -> (u16, Value) {
    let base = s.base.read().expect("base").clone();
    let r = s.http.get(format!("{base}{path}")).header("x-api-key", CLIENT_ID).bearer_auth(&s.token).send().await;
    let r = r.expect("GET after the final restart");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_fifty_sigkills_whole_and_exactly_once() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.db");
    let (mut server, base) = start(&db);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("client");
    let (_, token) = token_answer(&http, &base, CLIENT_ID, SECRET).await;
    let token = token["access_token"].as_str().expect("access_token").to_string();
    let reseller = json!({"distributorId": "5000000001", "companyProfile": {"companyName": "Crash Reseller",
        "preferredLanguage": "en-US", "address": {"country": "US", "region": "CA", "city": "San Jose",
        "addressLine1": "1 Main St", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Bo", "lastName": "Ng", "email": "bo@example.com"}]}});
    let shared = Arc::new(Shared {
        base: RwLock::new(base),
        token,
        http,
        reseller: OnceLock::new(),
        stop: AtomicBool::new(false),
        acked: Mutex::new(Vec::new()),
        retries: AtomicU64::new(0),
        refused: Mutex::new(Vec::new()),
    });
    let (status, r) = post_until_answered(&shared, "/v3/resellers", &reseller).await;
    assert_eq!(status, 201, "{r}");
    shared.reseller.set(r["resellerId"].as_str().expect("resellerId").to_string()).expect("set once");
    let reseller_id = shared.reseller.get().expect("reseller").clone();

    let writers: Vec<_> = (0..WRITERS).map(|w| tokio::spawn(writer(Arc::clone(&shared), 0x9E37_79B9 + w))).collect();
    let mut rng = XorShift(0x5EED_CAFE);
    let mut acked_at_kill = Vec::new();
    for _ in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(rng.between(50, 400))).await;
        drop(server); // SIGKILL, by the child's own handle.
        acked_at_kill.push(shared.acked.lock().expect("acked").len());
        let (next, base) = start(&db);
        server = next;
        *shared.base.write().expect("base") = base;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    shared.stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("writer");
    }
    // A last kill after the writers finished, then a clean look at the database.
    drop(server);
    let (_server, base) = start(&db);
    *shared.base.write().expect("base") = base;

    let acked = shared.acked.lock().expect("acked").clone();
    let refused = shared.refused.lock().expect("refused").clone();
    assert!(refused.is_empty(), "writes refused after a crash (a torn replay or request-id record?): {refused:?}");
    let customers: Vec<&String> =
        acked.iter().filter_map(|w| if let Write::Customer { id } = w { Some(id) } else { None }).collect();
    let mut orders: HashMap<&String, Vec<(&String, i64)>> = HashMap::new();
    for w in &acked {
        if let Write::Order { customer, id, quantity } = w {
            orders.entry(customer).or_default().push((id, *quantity));
        }
    }
    let order_count: usize = orders.values().map(Vec::len).sum();
    assert!(
        customers.len() >= 20 && order_count >= 20,
        "too little traffic: {} customers, {order_count} orders",
        customers.len()
    );
    assert!(
        acked_at_kill.windows(2).filter(|w| w[1] > w[0]).count() >= KILLS / 2,
        "writes did not progress between kills"
    );

    // Every acknowledged customer is there, and nothing else: no customer was created twice.
    let (_, list) =
        get(&shared, &format!("/v3/resellers/{reseller_id}/customers?status=1000&status=1002&limit=1")).await;
    assert_eq!(list["totalCount"].as_u64(), Some(customers.len() as u64), "customers created != acknowledged: {list}");

    // Every order reaches a terminal status (processing resumes after the restart).
    let deadline = Instant::now() + Duration::from_secs(30);
    for (customer, mine) in &orders {
        for (id, quantity) in mine {
            let order = loop {
                let (status, o) = get(&shared, &format!("/v3/customers/{customer}/orders/{id}")).await;
                assert_eq!(status, 200, "acknowledged order {id} is missing: {o}");
                let lines = o["lineItems"].as_array().expect("lineItems");
                assert_eq!(lines.len(), 1, "order {id} lost its lines: {o}");
                assert_eq!(lines[0]["quantity"].as_i64(), Some(*quantity), "{o}");
                if o["status"] != "1002" {
                    break o;
                }
                assert!(Instant::now() < deadline, "order {id} never left 1002: {o}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            };
            assert_eq!(order["status"], "1000", "an accepted NEW order failed: {order}");
        }
    }

    // Each customer: exactly its acknowledged orders; subscriptions and completed orders match.
    for customer in &customers {
        let (status, c) = get(&shared, &format!("/v3/customers/{customer}")).await;
        assert_eq!(status, 200, "acknowledged customer {customer} is missing: {c}");
        let mine = orders.get(customer).cloned().unwrap_or_default();
        let (_, history) =
            get(&shared, &format!("/v3/customers/{customer}/orders?limit=100&start-date=2000-01-01")).await;
        assert_eq!(history["totalCount"].as_u64(), Some(mine.len() as u64), "orders of {customer}: {history}");
        let (_, subs) = get(&shared, &format!("/v3/customers/{customer}/subscriptions")).await;
        let sub_ids: HashSet<&str> =
            subs["items"].as_array().expect("items").iter().filter_map(|s| s["subscriptionId"].as_str()).collect();
        let mut referenced = HashSet::new();
        for o in history["items"].as_array().expect("items") {
            for line in o["lineItems"].as_array().expect("lines") {
                let sid = line["subscriptionId"].as_str().unwrap_or("");
                assert!(sub_ids.contains(sid), "order {} names a subscription that does not exist: {o}", o["orderId"]);
                referenced.insert(sid.to_string());
            }
        }
        for sid in &sub_ids {
            assert!(referenced.contains(*sid), "subscription {sid} of {customer} belongs to no completed order");
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "crash test: {KILLS} SIGKILLs survived; {} customers and {order_count} orders acknowledged and verified; \
         {} retried sends; {elapsed:?}",
        customers.len(),
        shared.retries.load(Ordering::Relaxed)
    );
    assert!(elapsed < Duration::from_secs(90), "{elapsed:?}");
}
