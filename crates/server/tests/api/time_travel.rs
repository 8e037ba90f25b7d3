//! The per-distributor virtual clock and the time machine: `POST /portal/api/v1/clock` in all
//! its forms, and advancing that runs renewals, order processing and 3YC endings in time order.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{API_KEY, DISTRIBUTOR_ID, SECRET, TestApp};

const OFFER: &str = "65304479CA01A12";

/// Freezes the app's distributor clock at `at`.
pub async fn freeze(app: &TestApp, at: &str) {
    let a = app.portal(Method::POST, "/clock", &json!({"frozenAt": at})).await;
    assert_eq!((a.status, a.body["now"].as_str()), (200, Some(at)), "{}", a.text);
}

/// Advances the clock and returns the answer (with a fresh token: years may have passed).
pub async fn advance(app: &mut TestApp, body: Value) -> Value {
    let a = app.portal(Method::POST, "/clock", &body).await;
    assert_eq!(a.status, 200, "advance: {}", a.text);
    app.token = app.fetch_token().await;
    a.body
}

async fn renewal_orders(app: &TestApp, c: &str) -> Vec<Value> {
    let a = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01&limit=100")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn three_years_with_auto_renewal_give_three_renewal_orders() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 10).await;
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], "2027-03-10");
    let done = advance(&mut app, json!({"advance": "P3Y"})).await;
    assert_eq!(done["now"], "2029-03-10T12:00:00Z", "{done}");
    assert_eq!(done["renewalOrdersCreated"], 3, "{done}");
    assert_eq!(done["ordersProcessed"], 3, "{done}");
    assert_eq!(done["subscriptionsExpired"], 0, "{done}");
    let orders = renewal_orders(&app, &c).await;
    assert_eq!(orders.len(), 3, "{orders:?}");
    let mut created: Vec<&str> = orders.iter().filter_map(|o| o["creationDate"].as_str()).collect();
    created.sort_unstable();
    assert_eq!(created, ["2027-03-10T00:00:00Z", "2028-03-10T00:00:00Z", "2029-03-10T00:00:00Z"]);
    assert!(orders.iter().all(|o| o["status"] == "1000" && o["lineItems"][0]["quantity"] == 10), "{orders:?}");
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["cotermDate"], "2030-03-10", "three years later: {}", customer.text);
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["status"].as_str(), s.body["renewalDate"].as_str()), (Some("1000"), Some("2030-03-10")));
}

#[tokio::test]
async fn without_auto_renewal_subscriptions_expire_at_the_first_anniversary() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 10).await;
    let path = format!("/v3/customers/{c}/subscriptions/{sub}");
    assert_eq!(app.patch(&path, &json!({"autoRenewal": {"enabled": false}})).await.status, 200);
    let before = advance(&mut app, json!({"set": "2027-03-09T23:59:59Z"})).await;
    assert_eq!(before["subscriptionsExpired"], 0, "{before}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["status"], "1000", "still active the day before: {}", s.text);
    let first = advance(&mut app, json!({"advanceSeconds": 1})).await;
    assert_eq!(first["subscriptionsExpired"], 1, "{first}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["status"], "1004", "{}", s.text);
    assert_eq!(s.body["allowedActions"], json!(["MANUAL_RENEWAL"]));
    let rest = advance(&mut app, json!({"advance": "P2Y"})).await;
    assert_eq!((rest["renewalOrdersCreated"].as_i64(), rest["subscriptionsExpired"].as_i64()), (Some(0), Some(0)));
    assert!(renewal_orders(&app, &c).await.is_empty());
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], "2027-03-10");
}

#[tokio::test]
async fn the_clock_api_takes_every_form() {
    let app = TestApp::spawn().await;
    let g = app.portal(Method::GET, "/clock", &Value::Null).await;
    assert_eq!((g.body["frozen"].clone(), g.body["frozenAt"].clone()), (json!(false), Value::Null), "{}", g.text);
    assert_eq!(g.body["offsetSeconds"], 0);
    let a = app.portal(Method::POST, "/clock", &json!({"advance": "PT2H30M"})).await;
    assert_eq!((a.status, a.body["offsetSeconds"].as_i64()), (200, Some(9_000)), "{}", a.text);
    let t = app.portal(Method::POST, "/clock", &json!({"freeze": true})).await;
    assert_eq!(t.body["frozen"], true, "{}", t.text);
    let frozen_at = t.body["frozenAt"].as_str().expect("frozenAt").to_string();
    assert_eq!(t.body["now"], frozen_at.as_str());
    let p = app.portal(Method::POST, "/clock", &json!({"advance": "PT1H"})).await;
    let expected = chrono::DateTime::parse_from_rfc3339(&frozen_at).expect("instant") + chrono::Duration::hours(1);
    assert_eq!(p.body["frozenAt"], expected.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string(), "{}", p.text);
    let thaw = app.portal(Method::POST, "/clock", &json!({"freeze": false})).await;
    assert_eq!(thaw.body["frozen"], false, "{}", thaw.text);
    let back = app.portal(Method::POST, "/clock", &json!({"frozenAt": "2020-01-01T00:00:00Z"})).await;
    assert_eq!(back.body["now"], "2020-01-01T00:00:00Z", "frozenAt may go back: {}", back.text);
    let set = app.portal(Method::POST, "/clock", &json!({"set": "2020-06-01"})).await;
    assert_eq!(set.body["now"], "2020-06-01T00:00:00Z", "{}", set.text);
    app.portal(Method::POST, "/clock", &json!({"set": "2020-05-01T00:00:00Z"})).await.assert_error(400, "P400");
    app.portal(Method::POST, "/clock", &json!({"advance": "P1D", "freeze": true})).await.assert_error(400, "P400");
    app.portal(Method::POST, "/clock", &json!({"advance": "1 day"})).await.assert_error(400, "P400");
    app.portal(Method::POST, "/clock", &json!({"advanceSeconds": -5})).await.assert_error(400, "P400");
    app.portal(Method::POST, "/clock", &json!({"jump": 5})).await.assert_error(400, "P400");
    let wall = app.portal(Method::POST, "/clock", &json!({"offsetSeconds": 0})).await;
    assert_eq!((wall.body["frozen"].clone(), wall.body["offsetSeconds"].clone()), (json!(false), json!(0)));
}

#[tokio::test]
async fn each_distributor_has_its_own_clock() {
    let app = TestApp::spawn().await;
    let boot = vipmp_server::Bootstrap {
        distributor_id: "5000000002".into(),
        client_id: "other-client".into(),
        client_secret: "other-secret".into(),
    };
    vipmp_server::bootstrap(&app.state.store, &boot).await.expect("second distributor");
    let token = app
        .send(app.http.post(app.url("/ims/token/v3")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "other-client"),
            ("client_secret", "other-secret"),
        ]))
        .await
        .body["access_token"]
        .as_str()
        .expect("token")
        .to_string();
    let other = |path: &str| app.http.get(app.url(path)).header("x-api-key", "other-client").bearer_auth(&token);
    let a = app.portal(Method::POST, "/clock", &json!({"advance": "P10D"})).await;
    assert_eq!(a.body["offsetSeconds"], 864_000, "{}", a.text);
    let theirs = app.send(other("/portal/api/v1/clock")).await;
    assert_eq!(theirs.body["offsetSeconds"], 0, "{}", theirs.text);
    assert_eq!(app.send(other("/v3/resellers")).await.status, 200, "their token lives on their clock");
    assert_eq!(app.get("/v3/resellers").await.status, 401, "ours expired on ours");
    let ours = app
        .send(app.http.post(app.url("/ims/token/v3")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", API_KEY),
            ("client_secret", SECRET),
        ]))
        .await;
    assert_eq!(ours.body["expires_in"], 86_399, "{}", ours.text);
    let _ = DISTRIBUTOR_ID;
}

#[tokio::test]
async fn advancing_processes_open_orders_and_ends_commitments() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let open = app.order(&c, "NEW", OFFER, 12).await;
    assert_eq!(open.body["status"], "1002", "{}", open.text);
    let done = advance(&mut app, json!({"advanceSeconds": 10})).await;
    assert_eq!(done["ordersProcessed"], 1, "{done}");
    let id = open.body["orderId"].as_str().expect("orderId");
    assert_eq!(app.get(&format!("/v3/customers/{c}/orders/{id}")).await.body["status"], "1000");
    let e = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!(null)).await;
    assert_eq!(e.status, 200, "{}", e.text);
    let terms = json!({"endDate": "2026-04-01"});
    assert_eq!(app.portal(Method::PATCH, &format!("/customers/{c}/three-year-commit"), &terms).await.status, 200);
    let quiet = advance(&mut app, json!({"set": "2026-04-01T23:00:00Z"})).await;
    assert_eq!(quiet["commitmentsExpired"], 0, "the end date is the last day: {quiet}");
    let ended = advance(&mut app, json!({"advance": "PT1H"})).await;
    assert_eq!(ended["commitmentsExpired"], 1, "{ended}");
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["benefits"][0]["commitment"]["status"], "EXPIRED", "{}", customer.text);
    assert_eq!(customer.body["discounts"][0], json!({"offerType": "LICENSE", "level": "01"}));
}

#[tokio::test]
async fn an_accepted_recommitment_takes_over_at_the_end() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 12).await;
    let e = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!(null)).await;
    assert_eq!(e.status, 200, "{}", e.text);
    let terms = json!({"endDate": "2026-03-25"});
    assert_eq!(app.portal(Method::PATCH, &format!("/customers/{c}/three-year-commit"), &terms).await.status, 200);
    let body = json!({"benefits": [{"type": "THREE_YEAR_COMMIT",
        "recommitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 12}]}}]});
    let p = app.patch(&format!("/v3/customers/{c}"), &body).await;
    assert_eq!(p.status, 200, "{}", p.text);
    let decide = json!({"request": "recommitmentRequest", "decision": "ACCEPT"});
    let d = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/decision"), &decide).await;
    assert_eq!(d.status, 200, "{}", d.text);
    let done = advance(&mut app, json!({"advance": "P20D"})).await;
    assert_eq!((done["commitmentsRecommitted"].as_i64(), done["commitmentsExpired"].as_i64()), (Some(1), Some(0)));
    let b = app.get(&format!("/v3/customers/{c}")).await.body["benefits"][0].clone();
    assert_eq!(b["commitment"]["status"], "COMMITTED", "{b}");
    assert_eq!(
        (b["commitment"]["startDate"].as_str(), b["commitment"]["endDate"].as_str()),
        (Some("2026-03-26"), Some("2029-03-25"))
    );
    assert!(b["recommitmentRequest"].is_null(), "{b}");
}

#[tokio::test]
async fn production_expires_requests_after_seven_days() {
    use vipmp_core::settings::{JobsMode, Profile, Settings};
    let app = TestApp::spawn_with(Settings {
        jobs_mode: JobsMode::Manual,
        profile: Profile::Production,
        ..Settings::default()
    })
    .await;
    let r = app.create_reseller().await;
    let mut body = app.customer_body(&r);
    body["benefits"] = json!([{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let created = app.post("/v3/customers", &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let c = created.body["customerId"].as_str().expect("id").to_string();
    app.portal(Method::POST, "/clock", &json!({"advance": "P8D"})).await.assert_error(403, "P403");
    let store = &*app.state.store;
    let wall = app.state.now();
    let target = wall + chrono::Duration::days(6);
    let six = vipmp_core::service::timeline::advance(store, &app.state.settings, DISTRIBUTOR_ID, wall, target, &|_| {})
        .await
        .expect("advance");
    assert_eq!(six.run.requests_expired, 0);
    let eight = vipmp_core::service::timeline::advance(
        store,
        &app.state.settings,
        DISTRIBUTOR_ID,
        wall,
        wall + chrono::Duration::days(8),
        &|_| {},
    )
    .await
    .expect("advance");
    assert_eq!(eight.run.requests_expired, 1, "{eight:?}");
    let customer = app.state.store.customer(DISTRIBUTOR_ID, &c).await.expect("read").expect("customer");
    let request = customer.three_year_commit.and_then(|t| t.commitment_request).expect("request");
    assert_eq!(request.status, "EXPIRED");
}

/// The time machine at scale: 1,000 customers whose anniversaries are spread over a whole year
/// (so every day of the three years is a step), advanced three years: every anniversary renews
/// once. Prints the time taken.
#[tokio::test]
async fn three_years_over_a_thousand_customers_renew_every_anniversary_once() {
    use vipmp_core::service::seed;
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-01-01T12:00:00Z").await;
    let now = vipmp_core::dates::parse_date_or_datetime("2026-01-01T12:00:00Z").expect("instant");
    let first = vipmp_core::dates::parse_date("2026-01-02").expect("date");
    let mut tx = app.state.store.begin().await.expect("begin");
    let reseller = seed::reseller(&mut *tx, DISTRIBUTOR_ID, now, 0).await.expect("reseller");
    for n in 0..1000 {
        let renewal_date = first + chrono::Duration::days(n % 365);
        let s = seed::CustomerSeed {
            distributor_id: DISTRIBUTOR_ID,
            reseller_id: &reseller.id,
            now,
            seats: 10,
            renewal_date,
        };
        seed::customer(&mut *tx, &s, n).await.expect("customer");
    }
    tx.commit().await.expect("commit");
    // Six half-year moves, so that no single request nears the request timeout on a loaded
    // machine (the speed itself is the benchmark harness's to measure, not this test's).
    let started = std::time::Instant::now();
    let (mut created, mut processed, mut steps) = (0, 0, 0);
    for _ in 0..6 {
        let done = advance(&mut app, json!({"advance": "P6M"})).await;
        created += done["renewalOrdersCreated"].as_i64().unwrap_or(-1);
        processed += done["ordersProcessed"].as_i64().unwrap_or(-1);
        steps += done["steps"].as_i64().unwrap_or(0);
    }
    println!("3-year advance over 1,000 customers: {:.2} s, {steps} steps", started.elapsed().as_secs_f64());
    assert_eq!((created, processed), (3000, 3000));
}
