//! E15 validation and level rules (SPEC §2.6, §2.8.5 pipeline, §4.8; §6.2 T1-05, T1-06, T1-19).

use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const OFFER: &str = "65304479CA01A12";
/// Audition - Edition 3 for Enterprise: a Japanese-edition product (price region JP, JPY only).
const JP_OFFER: &str = "30005300CA01A12";

fn line(n: i64, offer: &str, quantity: i64) -> Value {
    json!({"extLineItemNumber": n, "offerId": offer, "quantity": quantity})
}

fn new_order(lines: Vec<Value>) -> Value {
    json!({"orderType": "NEW", "currencyCode": "USD", "lineItems": lines})
}

async fn place(app: &TestApp, customer: &str, body: &Value) -> Answer {
    app.post(&format!("/v3/customers/{customer}/orders"), body).await
}

async fn license_level(app: &TestApp, customer: &str) -> String {
    let c = app.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(c.status, 200, "{}", c.text);
    let discounts = c.body["discounts"].as_array().cloned().unwrap_or_default();
    discounts
        .iter()
        .find(|d| d["offerType"] == "LICENSE")
        .and_then(|d| d["level"].as_str())
        .unwrap_or_else(|| panic!("no LICENSE level: {}", c.text))
        .to_string()
}

#[tokio::test]
async fn line_item_format_rules() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let many: Vec<Value> = (1..=500).map(|n| line(n, OFFER, 1)).collect();
    place(&app, &c, &new_order(many)).await.assert_error(400, "2119");
    place(&app, &c, &new_order(vec![line(1, OFFER, 0)])).await.assert_error(400, "2120");
    place(&app, &c, &new_order(vec![line(1, OFFER, 10_001)])).await.assert_error(400, "2120");
    place(&app, &c, &new_order(vec![line(1, OFFER, 1), line(1, OFFER, 2)])).await.assert_error(400, "2121");
    let unknown = place(&app, &c, &new_order(vec![line(1, "99999999ZZ01A12", 1)])).await;
    unknown.assert_error(400, "2122");
    assert!(unknown.has_detail("Line Item: 1"), "{}", unknown.text);
    place(&app, &c, &new_order(vec![line(1_000_000, OFFER, 1)])).await.assert_error(400, "2123");
    place(&app, &c, &new_order(vec![line(-1, OFFER, 1)])).await.assert_error(400, "2123");
    // 0 and 999999 are valid line numbers.
    let edge = place(&app, &c, &new_order(vec![line(0, OFFER, 1), line(999_999, OFFER, 1)])).await;
    assert_eq!(edge.status, 202, "{}", edge.text);
    assert_eq!(edge.body["lineItems"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn currency_rules() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let mut jpy = new_order(vec![line(1, OFFER, 1)]);
    jpy["currencyCode"] = json!("JPY");
    place(&app, &c, &jpy).await.assert_error(400, "2125");
    place(&app, &c, &new_order(vec![line(1, JP_OFFER, 1)])).await.assert_error(400, "2128");
    let mixed = json!({"orderType": "NEW", "currencyCode": "USD",
                       "lineItems": [{"extLineItemNumber": 1, "offerId": OFFER, "quantity": 1, "currencyCode": "EUR"}]});
    place(&app, &c, &mixed).await.assert_error(400, "2140");
    // A line-level currency alone is enough.
    let line_only = json!({"orderType": "PREVIEW",
                           "lineItems": [{"extLineItemNumber": 1, "offerId": OFFER, "quantity": 1, "currencyCode": "USD"}]});
    let a = place(&app, &c, &line_only).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["lineItems"][0]["currencyCode"], "USD");
    // No currency anywhere.
    let none = json!({"orderType": "NEW", "lineItems": [line(1, OFFER, 1)]});
    place(&app, &c, &none).await.assert_error(400, "1122");
}

#[tokio::test]
async fn order_body_rules_and_precedence() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let mut long_ref = new_order(vec![line(1, OFFER, 1)]);
    long_ref["externalReferenceId"] = json!("a".repeat(36));
    place(&app, &c, &long_ref).await.assert_error(400, "2126");
    let mut ok_ref = new_order(vec![line(1, OFFER, 1)]);
    ok_ref["externalReferenceId"] = json!("a".repeat(35));
    let a = place(&app, &c, &ok_ref).await;
    assert_eq!((a.status, a.body["externalReferenceId"].as_str().map(str::len)), (202, Some(35)), "{}", a.text);

    let no_type = json!({"currencyCode": "USD", "lineItems": [line(1, OFFER, 1)]});
    let missing = place(&app, &c, &no_type).await;
    missing.assert_error(400, "1122");
    assert!(missing.has_detail("orderType"), "{}", missing.text);
    let mut bogus = new_order(vec![line(1, OFFER, 1)]);
    bogus["orderType"] = json!("BOGUS");
    let b = place(&app, &c, &bogus).await;
    b.assert_error(400, "1117");
    assert!(b.has_detail("orderType"), "{}", b.text);
    let no_lines = json!({"orderType": "NEW", "currencyCode": "USD"});
    let nl = place(&app, &c, &no_lines).await;
    nl.assert_error(400, "1122");
    assert!(nl.has_detail("lineItems"), "{}", nl.text);
    place(&app, &c, &json!({"orderType": "NEW", "currencyCode": "USD", "lineItems": []}))
        .await
        .assert_error(400, "1122");
    let mut extra = new_order(vec![line(1, OFFER, 1)]);
    extra["colour"] = json!("blue");
    let e = place(&app, &c, &extra).await;
    e.assert_error(400, "1121");
    assert!(e.has_detail("colour"), "{}", e.text);
    // Read-only fields sent back by clients are accepted.
    let mut echo = new_order(vec![line(1, OFFER, 1)]);
    echo["orderId"] = json!("");
    echo["status"] = json!("");
    echo["lineItems"][0]["subscriptionId"] = json!("");
    assert_eq!(place(&app, &c, &echo).await.status, 202);
    // 1121 beats 1122, which beats the format codes.
    let both = json!({"colour": 1, "currencyCode": "USD", "lineItems": [line(1, OFFER, 0)]});
    place(&app, &c, &both).await.assert_error(400, "1121");
    let missing_and_bad = json!({"currencyCode": "USD", "lineItems": [line(1, OFFER, 0)]});
    place(&app, &c, &missing_and_bad).await.assert_error(400, "1122");

    let unknown = app.post("/v3/customers/9999999999/orders", &new_order(vec![line(1, OFFER, 1)])).await;
    unknown.assert_error(404, "1116");
    // The unknown customer wins over a broken body.
    app.post("/v3/customers/9999999999/orders", &json!({"bogus": true})).await.assert_error(404, "1116");
}

#[tokio::test]
async fn new_order_level_rules() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    assert_eq!(license_level(&app, &c).await, "01");
    let better = place(&app, &c, &new_order(vec![line(1, "65304479CA04A12", 5)])).await;
    better.assert_error(400, "2129");
    // A preview at a better level is normalised instead.
    let mut preview = new_order(vec![line(1, "65304479CA04A12", 5)]);
    preview["orderType"] = json!("PREVIEW");
    let p = place(&app, &c, &preview).await;
    assert_eq!((p.status, p.body["lineItems"][0]["offerId"].as_str()), (200, Some("65304479CA01A12")), "{}", p.text);

    let a = place(&app, &c, &new_order(vec![line(1, OFFER, 60)])).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["lineItems"][0]["offerId"], "65304479CA03A12", "normalised at acceptance");
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let o = app.get(&format!("/v3/customers/{c}/orders/{id}")).await;
    assert_eq!(o.body["status"], "1000", "{}", o.text);
    assert_eq!(o.body["lineItems"][0]["offerId"], "65304479CA03A12");
    assert_eq!(license_level(&app, &c).await, "03");
    let sub = o.body["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["offerId"], OFFER, "subscriptions report the base offer: {}", s.text);
}

#[tokio::test]
async fn discount_levels_accumulate_and_never_drop_mid_term() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 9).await;
    assert_eq!(license_level(&app, &c).await, "01");
    app.completed_order(&c, OFFER, 1).await;
    assert_eq!(license_level(&app, &c).await, "02");
    app.completed_order(&c, OFFER, 40).await;
    assert_eq!(license_level(&app, &c).await, "03");
    let (last, sub) = app.completed_order(&c, OFFER, 50).await;
    assert_eq!(license_level(&app, &c).await, "04");

    let o = app.get(&format!("/v3/customers/{c}/orders/{last}")).await;
    let stored_offer = o.body["lineItems"][0]["offerId"].as_str().expect("offerId").to_string();
    assert_eq!(stored_offer, "65304479CA04A12", "{}", o.text);
    let ret = json!({"orderType": "RETURN", "referenceOrderId": last, "currencyCode": "USD",
                     "lineItems": [line(1, &stored_offer, 50)]});
    let r = place(&app, &c, &ret).await;
    assert_eq!(r.status, 202, "{}", r.text);
    app.run_jobs().await;
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["currentQuantity"], 50, "{}", s.text);
    assert_eq!(license_level(&app, &c).await, "04", "a RETURN does not lower the level");
    // The next purchase is still made at level 04.
    let p = place(&app, &c, &json!({"orderType": "PREVIEW", "currencyCode": "USD", "lineItems": [line(1, OFFER, 1)]}))
        .await;
    assert_eq!(p.body["lineItems"][0]["offerId"], "65304479CA04A12", "{}", p.text);
}
