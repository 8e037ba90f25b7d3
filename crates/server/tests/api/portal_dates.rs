//! Issue 15, item 2: every date the portal takes has a range on the virtual clock, refused with
//! `400 P400` naming the field and the range (cotermDate, 3YC terms, an order's creationDate,
//! the fault rules' numbers); a renewal run creates at most one renewal order per subscription
//! whatever the dates. Item 15: `GET /health`.

use chrono::Days;
use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::dates::add_years;

use crate::helpers::{Answer, DISTRIBUTOR_ID, TestApp};

const OFFER: &str = "65304479CA01A12";

/// Asserts a `400 P400` whose message names `field` and contains `range`, with `field` as its
/// one detail.
fn refused(a: &Answer, field: &str, range: &str) {
    a.assert_error(400, "P400");
    let message = a.body["message"].as_str().unwrap_or("");
    assert!(message.starts_with(&format!("{field}: must be ")) && message.contains(range), "{}", a.text);
    assert_eq!(a.body["additionalDetails"], json!([field]), "{}", a.text);
}

#[tokio::test]
async fn coterm_date_is_within_a_year_of_today() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 10).await;
    let today = app.today();
    let (from, to) = (add_years(today, -1), add_years(today, 1));
    let path = format!("/customers/{c}");
    let range = format!("from {from} to {to} (within a year of today)");
    for bad in ["0027-05-01".to_string(), (from - Days::new(1)).to_string(), (to + Days::new(1)).to_string()] {
        let a = app.portal(Method::PATCH, &path, &json!({"cotermDate": bad})).await;
        refused(&a, "cotermDate", &range);
    }
    refused(&app.portal(Method::PATCH, &path, &json!({"cotermDate": "2026-02-30"})).await, "cotermDate", "a date");
    refused(&app.portal(Method::PATCH, &path, &json!({"status": "1001"})).await, "status", "one of 1000, 1004");
    for ok in [from, to, today] {
        let a = app.portal(Method::PATCH, &path, &json!({"cotermDate": ok.to_string()})).await;
        assert_eq!((a.status, a.body["cotermDate"].as_str()), (200, Some(ok.to_string().as_str())), "{}", a.text);
    }
}

#[tokio::test]
async fn three_year_commit_terms_follow_spec_4_7_5() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 12).await;
    let e = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &Value::Null).await;
    assert_eq!(e.status, 200, "{}", e.text);
    let path = format!("/customers/{c}/three-year-commit");
    let today = app.today();
    let d =
        |n: i64| (if n < 0 { today - Days::new(n.unsigned_abs()) } else { today + Days::new(n as u64) }).to_string();
    // The end equal to the start, or past 3 years and 30 days.
    let same = app.portal(Method::PATCH, &path, &json!({"endDate": today.to_string()})).await;
    refused(&same, "endDate", &format!("after startDate {today}"));
    let far = (add_years(today, 3) + Days::new(30)).to_string();
    refused(&app.portal(Method::PATCH, &path, &json!({"endDate": far})).await, "endDate", "3 years and 30 days");
    // COMMITTED with an end date in the past.
    let past = json!({"startDate": d(-400), "endDate": d(-1), "status": "COMMITTED"});
    refused(&app.portal(Method::PATCH, &path, &past).await, "endDate", &format!("{today} or later while the status"));
    // A start in the future, or more than 3 years back.
    refused(&app.portal(Method::PATCH, &path, &json!({"startDate": d(1)})).await, "startDate", "at most 3 years ago");
    let old = add_years(today, -3) - Days::new(1);
    let a = app.portal(Method::PATCH, &path, &json!({"startDate": old.to_string()})).await;
    refused(&a, "startDate", &format!("to {today}"));
    // An edit naming nothing, and empty dates.
    refused(&app.portal(Method::PATCH, &path, &json!({})).await, "startDate", "given");
    let empty = json!({"startDate": "", "endDate": ""});
    refused(&app.portal(Method::PATCH, &path, &empty).await, "startDate", "a date (YYYY-MM-DD)");
    // Nothing was saved; in range, EXPIRED with a past end is fine.
    let tyc = app.get(&format!("/v3/customers/{c}")).await.body["benefits"][0]["commitment"].clone();
    assert_eq!(
        (tyc["startDate"].as_str(), tyc["status"].as_str()),
        (Some(today.to_string().as_str()), Some("COMMITTED"))
    );
    let expired = json!({"startDate": d(-400), "endDate": d(-1), "status": "EXPIRED"});
    assert_eq!(app.portal(Method::PATCH, &path, &expired).await.status, 200);
}

#[tokio::test]
async fn an_orders_creation_date_is_never_in_the_future() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 5).await;
    let path = format!("/orders/{o}");
    let now = app.state.now();
    let range = "(the last year, never in the future)";
    for bad in [
        "2030-01-01T00:00:00Z".to_string(),
        (now + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    ] {
        refused(&app.portal(Method::PATCH, &path, &json!({"creationDate": bad})).await, "creationDate", range);
    }
    let too_old = (add_years(app.today(), -1) - Days::new(1)).to_string();
    refused(&app.portal(Method::PATCH, &path, &json!({"creationDate": too_old})).await, "creationDate", range);
    refused(&app.portal(Method::PATCH, &path, &json!({"creationDate": "yesterday"})).await, "creationDate", "a date");
    let ok = (app.today() - Days::new(20)).to_string();
    let a = app.portal(Method::PATCH, &path, &json!({"creationDate": ok})).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn fault_rules_refuse_meaningless_numbers_naming_the_field() {
    let app = TestApp::spawn().await;
    let rule = |extra: Value| {
        let mut r = json!({"path": "/v3/resellers", "action": {"latencyMs": 5}});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            r[k] = v;
        }
        r
    };
    for (body, field, range) in [
        (rule(json!({"times": -1})), "times", "a whole number from 1"),
        (rule(json!({"times": 0})), "times", "a whole number from 1"),
        (rule(json!({"times": 1.5})), "times", "a whole number from 1"),
        (rule(json!({"probability": -0.5})), "probability", "from 0 to 1"),
        (rule(json!({"action": {"latencyMs": 0}})), "action.latencyMs", "from 1 to 600000"),
        (rule(json!({"action": {"latencyMs": 600_001}})), "action.latencyMs", "from 1 to 600000"),
        (rule(json!({"action": {"error": {"status": 200, "code": "X"}}})), "action.error.status", "from 400 to 599"),
        (rule(json!({"action": {"error": {"status": 500, "code": " "}}})), "action.error.code", "non-empty"),
        (rule(json!({"path": "v3"})), "path", "starting with /"),
    ] {
        refused(&app.portal(Method::POST, "/faults", &body).await, field, range);
    }
    let ok = app.portal(Method::POST, "/faults", &rule(json!({"times": 1, "action": {"latencyMs": 1}}))).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(app.portal(Method::GET, "/faults", &Value::Null).await.body["totalCount"], 1, "only the valid rule");
}

/// A renewal date years back (a restored snapshot, a long-frozen clock): one trigger and any
/// number of runs after it renew it once, at its latest anniversary, and the next renewal
/// date lands after today.
#[tokio::test]
async fn a_renewal_run_never_creates_more_than_one_renewal_order_per_subscription() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let today = app.today();
    let ancient = add_years(today, -5) + Days::new(3);
    let mut tx = app.state.store.begin().await.expect("tx");
    let mut customer = tx.customer(DISTRIBUTOR_ID, &c).await.expect("read").expect("customer");
    customer.coterm_date = Some(ancient);
    tx.put_customer(&customer).await.expect("write");
    let mut s = tx.subscription(DISTRIBUTOR_ID, &sub).await.expect("read").expect("subscription");
    s.renewal_date = Some(ancient);
    tx.put_subscription(&s).await.expect("write");
    tx.commit().await.expect("commit");

    let t = app.portal(Method::POST, &format!("/customers/{c}/auto-renewal/trigger"), &Value::Null).await;
    assert_eq!((t.status, t.body["dueSubscriptions"].as_u64()), (202, Some(1)), "{}", t.text);
    for _ in 0..3 {
        app.run_jobs().await;
    }
    let history = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
    let orders = history.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(orders.len(), 1, "one renewal order, not one per missed year: {}", history.text);
    assert_eq!(
        (orders[0]["status"].as_str(), orders[0]["lineItems"][0]["quantity"].as_i64()),
        (Some("1000"), Some(20))
    );
    let latest = add_years(ancient, 4);
    assert!(latest <= today && add_years(latest, 1) > today, "{latest}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(
        s.body["renewalDate"],
        add_years(latest, 1).to_string(),
        "renewed at its latest anniversary: {}",
        s.text
    );
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], add_years(latest, 1).to_string());
}

#[tokio::test]
async fn health_checks_the_store_without_credentials() {
    let app = TestApp::spawn().await;
    let r = app.http.get(app.url("/health")).send().await.expect("health");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.json::<Value>().await.expect("json"), json!({"status": "ok"}));
    // The store not answering: 503 in Adobe's error shape.
    let down = vipmp_server::cpapi::health_answer(Err(vipmp_core::store::StoreError::Unavailable("gone".into())));
    assert_eq!(down.status(), 503);
    let body = axum_body(down).await;
    assert_eq!(body["code"], "503", "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()) && body["additionalDetails"].is_array(), "{body}");
    let doc = app.http.get(app.url("/openapi.json")).send().await.expect("doc").json::<Value>().await.expect("json");
    assert!(doc["paths"]["/health"]["get"]["responses"]["503"].is_object(), "documented");
}

async fn axum_body(r: axum::response::Response) -> Value {
    let bytes = axum::body::to_bytes(r.into_body(), 1 << 16).await.expect("body");
    serde_json::from_slice(&bytes).expect("json")
}
