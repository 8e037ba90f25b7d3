//! Fault injection on CPAPI: Adobe errors, latency, commit-then-drop (and its idempotent
//! retry), matching by method, route template, literal path and customer, `times` and
//! `probability`.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const OFFER: &str = "65304479CA01A12";

async fn add(app: &TestApp, rule: Value) -> Value {
    let a = app.portal(Method::POST, "/faults", &rule).await;
    assert_eq!(a.status, 201, "{}", a.text);
    a.body
}

fn new_order() -> Value {
    json!({"orderType": "NEW", "currencyCode": "USD",
           "lineItems": [{"extLineItemNumber": 1, "offerId": OFFER, "quantity": 3}]})
}

#[tokio::test]
async fn an_error_rule_answers_adobes_error_the_given_number_of_times() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let rule = add(
        &app,
        json!({
            "method": "POST", "path": "/v3/customers/{customer-id}/orders", "times": 2,
            "action": {"error": {"status": 500, "code": "1124", "message": "Internal Server Error",
                                 "additionalDetails": ["injected"]}}
        }),
    )
    .await;
    assert!(rule["id"].as_str().is_some_and(|id| id.starts_with("flt-")), "{rule}");
    let path = format!("/v3/customers/{c}/orders");
    for _ in 0..2 {
        let a = app.post(&path, &new_order()).await;
        a.assert_error(500, "1124");
        assert_eq!(a.body["additionalDetails"], json!(["injected"]));
    }
    assert_eq!(app.post(&path, &new_order()).await.status, 202, "used up");
    assert_eq!(app.portal(Method::GET, "/faults", &Value::Null).await.body["totalCount"], 0);
    let orders = app.get(&format!("{path}?start-date=2000-01-01")).await;
    assert_eq!(orders.body["totalCount"], 1, "the faulted requests did not run");
}

#[tokio::test]
async fn rules_match_method_path_and_customer() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let other = app.create_customer(&r).await;
    app.run_jobs().await;
    let unavailable = json!({"error": {"status": 400, "code": "5122", "message": "Order placement unavailable"}});
    add(&app, json!({"path": "/v3/customers/{id}/orders", "customerId": c, "action": unavailable.clone()})).await;
    add(&app, json!({"method": "GET", "path": format!("/v3/customers/{other}"), "action": unavailable.clone()})).await;
    app.post(&format!("/v3/customers/{c}/orders"), &new_order()).await.assert_error(400, "5122");
    assert_eq!(app.post(&format!("/v3/customers/{other}/orders"), &new_order()).await.status, 202);
    app.get(&format!("/v3/customers/{other}")).await.assert_error(400, "5122");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.status, 200, "literal path of another customer");
    let never = json!({"path": "/v3/resellers", "probability": 0.0, "action": unavailable});
    add(&app, never).await;
    assert_eq!(app.get("/v3/resellers").await.status, 200, "probability 0 never applies");
    let cleared = app.portal(Method::DELETE, "/faults", &Value::Null).await;
    assert_eq!(cleared.body["deleted"], 3, "{}", cleared.text);
    assert_eq!(app.post(&format!("/v3/customers/{c}/orders"), &new_order()).await.status, 202);
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let app = TestApp::spawn().await;
    let rule = add(&app, json!({"method": "get", "path": "/v3/resellers", "action": {"latencyMs": 300}})).await;
    let started = Instant::now();
    assert_eq!(app.get("/v3/resellers").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    let id = rule["id"].as_str().expect("id");
    assert_eq!(app.portal(Method::DELETE, &format!("/faults/{id}"), &Value::Null).await.status, 204);
    app.portal(Method::DELETE, &format!("/faults/{id}"), &Value::Null).await.assert_error(404, "P404");
}

#[tokio::test]
async fn bad_rules_are_p400() {
    let app = TestApp::spawn().await;
    for bad in [
        json!({"path": "v3/no-slash", "action": {"latencyMs": 1}}),
        json!({"path": "/v3/x", "times": 0, "action": {"latencyMs": 1}}),
        json!({"path": "/v3/x", "probability": 1.5, "action": {"latencyMs": 1}}),
        json!({"path": "/v3/x", "action": {"error": {"status": 200, "code": "1"}}}),
        json!({"path": "/v3/x", "action": {"teapot": true}}),
        json!({"path": "/v3/x", "action": {"commitThenDrop": false}}),
        json!({"path": "/v3/x", "colour": "red", "action": {"latencyMs": 1}}),
    ] {
        app.portal(Method::POST, "/faults", &bad).await.assert_error(400, "P400");
    }
}

#[tokio::test]
async fn commit_then_drop_commits_and_the_retry_replays_it() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let path = format!("/v3/customers/{c}/orders");
    add(
        &app,
        json!({"method": "POST", "path": "/v3/customers/{customer-id}/orders", "times": 1,
                     "action": {"commitThenDrop": true}}),
    )
    .await;
    let send = || {
        app.authed(Method::POST, &path)
            .header("X-Correlation-Id", "drop-1")
            .header("X-Request-Id", "drop-req-1")
            .json(&new_order())
            .send()
    };
    let dropped = match send().await {
        Err(e) => format!("send: {e}"),
        Ok(response) => match response.text().await {
            Err(e) => format!("body: {e}"),
            Ok(text) => panic!("the client got a whole answer: {text}"),
        },
    };
    assert!(!dropped.is_empty());
    let retry = send().await.expect("retry");
    assert_eq!(retry.status().as_u16(), 202);
    let body: Value = retry.json().await.expect("json");
    let orders = app.get(&format!("{path}?start-date=2000-01-01")).await;
    assert_eq!(orders.body["totalCount"], 1, "exactly one order: {}", orders.text);
    assert_eq!(orders.body["items"][0]["orderId"], body["orderId"]);
    let journal = app.portal(Method::GET, "/requests?method=POST&path=/v3/customers/{id}/orders", &Value::Null).await;
    let faults: Vec<&Value> = journal.body["items"].as_array().expect("items").iter().map(|e| &e["fault"]).collect();
    assert_eq!(faults, [&Value::Null, &json!("commitThenDrop")], "{}", journal.text);
    assert_eq!(journal.body["items"][1]["status"], 202, "the journal keeps the answer that was dropped");
}
