//! RETURN orders (SPEC §4.5.4; §6.2 T1-07).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const OFFER: &str = "65304479CA01A12";
/// The offer stored on a ×20 order of a new customer (normalised to level 02).
const STORED: &str = "65304479CA02A12";

fn return_body(reference: &str, number: i64, offer: &str, quantity: i64) -> Value {
    json!({
        "orderType": "RETURN", "referenceOrderId": reference, "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": number, "offerId": offer, "quantity": quantity}]
    })
}

async fn place(app: &TestApp, customer: &str, body: &Value) -> Answer {
    app.post(&format!("/v3/customers/{customer}/orders"), body).await
}

#[tokio::test]
async fn return_cancels_the_line_and_empties_the_subscription() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, sub) = app.completed_order(&c, OFFER, 20).await;
    let a = place(&app, &c, &return_body(&o, 1, STORED, 20)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["orderType"], "RETURN");
    assert_eq!(a.body["status"], "1002");
    assert_eq!(a.body["referenceOrderId"], o.as_str());
    assert_eq!(a.body["lineItems"][0]["offerId"], STORED);
    assert_eq!(a.body["lineItems"][0]["quantity"], 20);
    let return_id = a.body["orderId"].as_str().expect("orderId").to_string();
    assert_ne!(return_id, o);

    app.run_jobs().await;
    let r = app.get(&format!("/v3/customers/{c}/orders/{return_id}")).await;
    assert_eq!(r.body["status"], "1000", "{}", r.text);
    let orig = app.get(&format!("/v3/customers/{c}/orders/{o}")).await;
    assert_eq!(orig.body["status"], "1008", "{}", orig.text);
    assert_eq!(orig.body["lineItems"][0]["status"], "1008");
    assert_eq!(orig.body["lineItems"][0]["subscriptionId"], sub.as_str(), "the id never changes");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["currentQuantity"], 0, "{}", s.text);
    assert_eq!(s.body["status"], "1004", "{}", s.text);

    let history = app.get(&format!("/v3/customers/{c}/orders?order-type=RETURN")).await;
    assert_eq!(history.body["totalCount"], 1, "{}", history.text);
    assert_eq!(history.body["items"][0]["orderId"], return_id.as_str());
}

#[tokio::test]
async fn return_lines_must_match_the_original() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    place(&app, &c, &return_body(&o, 1, STORED, 19)).await.assert_error(400, "2132");
    place(&app, &c, &return_body(&o, 1, "65304479CA03A12", 20)).await.assert_error(400, "2130");
    place(&app, &c, &return_body(&o, 1, OFFER, 20)).await.assert_error(400, "2130");
    place(&app, &c, &return_body(&o, 2, STORED, 20)).await.assert_error(400, "2131");
    place(&app, &c, &return_body("9999999", 1, STORED, 20)).await.assert_error(404, "2115");
    let missing = json!({"orderType": "RETURN", "currencyCode": "USD",
                         "lineItems": [{"extLineItemNumber": 1, "offerId": STORED, "quantity": 20}]});
    let m = place(&app, &c, &missing).await;
    m.assert_error(400, "1122");
    assert!(m.has_detail("referenceOrderId"), "{}", m.text);
    // None of the rejected returns touched the original.
    let orig = app.get(&format!("/v3/customers/{c}/orders/{o}")).await;
    assert_eq!(orig.body["status"], "1000", "{}", orig.text);
    assert_eq!(orig.body["lineItems"][0]["status"], "1000");
}

#[tokio::test]
async fn a_line_can_be_returned_once() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    let first = place(&app, &c, &return_body(&o, 1, STORED, 20)).await;
    assert_eq!(first.status, 202, "{}", first.text);
    // While the first return is open...
    place(&app, &c, &return_body(&o, 1, STORED, 20)).await.assert_error(400, "2133");
    app.run_jobs().await;
    // ...and once it is done.
    place(&app, &c, &return_body(&o, 1, STORED, 20)).await.assert_error(400, "2133");
}

#[tokio::test]
async fn lines_of_one_order_can_be_returned_separately() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let body = json!({"orderType": "NEW", "currencyCode": "USD", "lineItems": [
        {"extLineItemNumber": 1, "offerId": OFFER, "quantity": 5},
        {"extLineItemNumber": 2, "offerId": "65304470CA01A12", "quantity": 3}]});
    let a = place(&app, &c, &body).await;
    assert_eq!(a.status, 202, "{}", a.text);
    let o = a.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let stored = app.get(&format!("/v3/customers/{c}/orders/{o}")).await;
    assert_eq!(stored.body["status"], "1000", "{}", stored.text);
    let offer2 = stored.body["lineItems"][1]["offerId"].as_str().expect("offer").to_string();
    let offer1 = stored.body["lineItems"][0]["offerId"].as_str().expect("offer").to_string();
    assert_eq!(place(&app, &c, &return_body(&o, 2, &offer2, 3)).await.status, 202);
    app.run_jobs().await;
    let partly = app.get(&format!("/v3/customers/{c}/orders/{o}")).await;
    assert_eq!(partly.body["status"], "1000", "one line left: {}", partly.text);
    assert_eq!(partly.body["lineItems"][0]["status"], "1000");
    assert_eq!(partly.body["lineItems"][1]["status"], "1008");
    assert_eq!(place(&app, &c, &return_body(&o, 1, &offer1, 5)).await.status, 202);
    app.run_jobs().await;
    let all = app.get(&format!("/v3/customers/{c}/orders/{o}")).await;
    assert_eq!(all.body["status"], "1008", "{}", all.text);
}

#[tokio::test]
async fn return_after_fourteen_days_is_2134() {
    let mut app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, sub) = app.completed_order(&c, OFFER, 20).await;
    let clock = app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 1_296_000})).await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert_eq!(clock.body["offsetSeconds"], 1_296_000, "{}", clock.text);
    // The clock moved past the old token's lifetime too.
    app.token = app.fetch_token().await;
    place(&app, &c, &return_body(&o, 1, STORED, 20)).await.assert_error(400, "2134");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["currentQuantity"], 20, "{}", s.text);
}

#[tokio::test]
async fn return_just_inside_the_window_is_accepted() {
    let mut app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    let thirteen_days = 13 * 86_400;
    let clock = app.portal(Method::POST, "/clock", &json!({"advanceSeconds": thirteen_days})).await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    app.token = app.fetch_token().await;
    let a = place(&app, &c, &return_body(&o, 1, STORED, 20)).await;
    assert_eq!((a.status, a.body["status"].as_str()), (202, Some("1002")), "{}", a.text);
}

#[tokio::test]
async fn return_accepts_a_long_external_reference() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    let ext = format!("{o}_ext-ref-original-value_1");
    let ext = format!("{ext}{}", "x".repeat(39usize.saturating_sub(ext.len())));
    assert_eq!(ext.len(), 39);
    let mut body = return_body(&o, 1, STORED, 20);
    body["externalReferenceId"] = json!(ext);
    let a = place(&app, &c, &body).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["externalReferenceId"], ext.as_str());
    let id = a.body["orderId"].as_str().expect("orderId");
    let r = app.get(&format!("/v3/customers/{c}/orders/{id}")).await;
    assert_eq!(r.body["externalReferenceId"], ext.as_str(), "stored verbatim: {}", r.text);
    // The 100-character ceiling still holds.
    let mut too_long = return_body(&o, 1, STORED, 20);
    too_long["externalReferenceId"] = json!("r".repeat(101));
    place(&app, &c, &too_long).await.assert_error(400, "2126");
}
