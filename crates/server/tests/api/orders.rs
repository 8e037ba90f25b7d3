//! E15–E18 orders: previews, the NEW lifecycle, history, async failures, updates and reads
//! (SPEC §6.1 T0-16 to T0-18, T0-21, T0-22; §6.2 T1-08, T1-09, T1-16).

use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::dates::add_years;

use crate::helpers::{Answer, TestApp};

const OFFER: &str = "65304479CA01A12";

fn orders_path(customer: &str) -> String {
    format!("/v3/customers/{customer}/orders")
}

async fn get_order(app: &TestApp, customer: &str, order: &str) -> Answer {
    let a = app.get(&format!("/v3/customers/{customer}/orders/{order}")).await;
    assert_eq!(a.status, 200, "get order: {}", a.text);
    a
}

fn preview_body(ext_ref: &str) -> Value {
    json!({
        "orderType": "PREVIEW", "externalReferenceId": ext_ref, "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA03A12", "quantity": 20}]
    })
}

fn is_number(v: &Value) -> bool {
    v.as_f64().is_some()
}

#[tokio::test]
async fn preview_normalises_the_offer_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let a = app.post(&orders_path(&c), &preview_body("preview-ref-1")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["orderId"], "");
    assert_eq!(a.body["status"], "");
    assert_eq!(a.body["orderType"], "PREVIEW");
    assert_eq!(a.body["externalReferenceId"], "preview-ref-1");
    assert_eq!(a.body["customerId"], c.as_str());
    let line = &a.body["lineItems"][0];
    assert_eq!(line["offerId"], "65304479CA02A12");
    assert_eq!(line["quantity"], 20);
    assert_eq!(line["subscriptionId"], "");
    assert_eq!(line["status"], "");
    assert!(line.get("pricing").is_none(), "no pricing without the flag: {}", a.text);
    assert!(a.body.get("pricingSummary").is_none(), "{}", a.text);
    assert!(a.body.get("links").is_none(), "a preview has no links: {}", a.text);

    let h = app.get(&orders_path(&c)).await;
    assert_eq!(h.status, 200, "{}", h.text);
    assert_eq!(h.body["totalCount"], 0, "previews are never listed: {}", h.text);
    assert_eq!(h.body["items"], json!([]));
}

#[tokio::test]
async fn preview_with_fetch_price_prices_every_line() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let a = app.post(&format!("{}?fetch-price=true", orders_path(&c)), &preview_body("p2")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let lines = a.body["lineItems"].as_array().expect("lineItems");
    assert!(!lines.is_empty());
    for line in lines {
        let p = &line["pricing"];
        for key in ["partnerPrice", "discountedPartnerPrice", "netPartnerPrice", "lineItemPartnerPrice"] {
            assert!(is_number(&p[key]), "pricing.{key} must be numeric: {}", a.text);
        }
        assert!(p["lineItemPartnerPrice"].as_f64().unwrap_or(0.0) > 0.0, "{}", a.text);
    }
    let summary = a.body["pricingSummary"].as_array().expect("pricingSummary");
    assert_eq!(summary.len(), 1, "{}", a.text);
    assert_eq!(summary[0]["currencyCode"], "USD");
    assert!(is_number(&summary[0]["totalLineItemPartnerPrice"]), "{}", a.text);
}

#[tokio::test]
async fn new_order_lifecycle_completes_and_sets_the_coterm_date() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let a = app.order(&c, "NEW", OFFER, 20).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["status"], "1002");
    assert_eq!(a.body["orderType"], "NEW");
    assert_eq!(a.body["source"], "API");
    assert_eq!(a.body["lineItems"][0]["subscriptionId"], "");
    assert_eq!(a.body["lineItems"][0]["status"], "1002");
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    assert!(!id.is_empty());

    app.run_jobs().await;
    let o = get_order(&app, &c, &id).await;
    assert_eq!(o.body["status"], "1000", "{}", o.text);
    let line = &o.body["lineItems"][0];
    assert_eq!(line["status"], "1000");
    assert_eq!(line["offerId"], "65304479CA02A12");
    let sub = line["subscriptionId"].as_str().expect("subscriptionId");
    assert_eq!(sub.len(), 32, "subscription id: {sub}");
    assert!(sub.ends_with("NA"), "subscription id: {sub}");

    let cust = app.get(&format!("/v3/customers/{c}")).await;
    let expected = add_years(app.today(), 1).format("%Y-%m-%d").to_string();
    assert_eq!(cust.body["cotermDate"], expected.as_str(), "{}", cust.text);
}

#[tokio::test]
async fn order_history_filters_and_pages() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (first, _) = app.completed_order(&c, OFFER, 1).await;
    let h = app.get(&format!("{}?order-type=NEW", orders_path(&c))).await;
    assert_eq!(h.status, 200, "{}", h.text);
    for key in ["totalCount", "count", "offset", "limit", "items"] {
        assert!(h.body.get(key).is_some(), "missing {key}: {}", h.text);
    }
    assert_eq!((h.body["totalCount"].as_i64(), h.body["count"].as_i64()), (Some(1), Some(1)));
    assert_eq!((h.body["offset"].as_i64(), h.body["limit"].as_i64()), (Some(0), Some(25)));
    assert_eq!(h.body["items"][0]["orderId"], first.as_str());
    assert_eq!(h.body["links"]["self"]["uri"], format!("{}?offset=0&limit=25&order-type=NEW", orders_path(&c)));

    app.completed_order(&c, OFFER, 1).await;
    app.completed_order(&c, OFFER, 1).await;
    let p1 = app.get(&format!("{}?limit=2&order-type=NEW", orders_path(&c))).await;
    assert_eq!(p1.status, 200, "{}", p1.text);
    assert_eq!((p1.body["totalCount"].as_i64(), p1.body["count"].as_i64()), (Some(3), Some(2)));
    let next = p1.body["links"]["next"]["uri"].as_str().expect("next link").to_string();
    assert!(next.contains("offset=2&limit=2"), "{next}");
    assert!(next.contains("order-type=NEW"), "{next}");
    assert!(p1.body["links"].get("prev").is_none(), "{}", p1.text);
    let p2 = app.get(&next).await;
    assert_eq!(p2.status, 200, "{}", p2.text);
    assert_eq!((p2.body["count"].as_i64(), p2.body["offset"].as_i64()), (Some(1), Some(2)));
    assert_eq!(p2.body["items"].as_array().map(Vec::len), Some(1));
    assert!(p2.body["links"].get("next").is_none(), "{}", p2.text);
    let prev = p2.body["links"]["prev"]["uri"].as_str().expect("prev link");
    assert!(prev.contains("offset=0&limit=2") && prev.contains("order-type=NEW"), "{prev}");

    let clamped = app.get(&format!("{}?limit=500", orders_path(&c))).await;
    assert_eq!(clamped.status, 200, "{}", clamped.text);
    assert_eq!(clamped.body["limit"], 100);
    assert_eq!(clamped.body["count"], 3);

    app.get(&format!("{}?offset=999", orders_path(&c))).await.assert_error(400, "1133");
    app.get(&format!("{}?status=abc", orders_path(&c))).await.assert_error(400, "1132");
    app.get(&format!("{}?limit=0", orders_path(&c))).await.assert_error(400, "1132");
    let empty = app.get(&format!("{}?offset=3", orders_path(&c))).await;
    assert_eq!((empty.status, empty.body["count"].as_i64()), (200, Some(0)), "{}", empty.text);
}

#[tokio::test]
async fn order_history_accepts_the_postman_filters() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 2).await;
    let q = "offset=0&limit=25&order-type=NEW&offer-id=65304479CA01A12&status=1000\
             &start-date=2022-01-01T03:43:07Z&end-date=2022-01-31&reference-order-id=D9200008262";
    let a = app.get(&format!("{}?{q}", orders_path(&c))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["totalCount"], 0);
    assert_eq!(a.body["count"], 0);
    assert_eq!(a.body["items"], json!([]));
    assert_eq!(a.body["links"]["self"]["uri"], format!("{}?{q}", orders_path(&c)));
}

#[tokio::test]
async fn order_history_of_an_unknown_customer_is_1116() {
    let app = TestApp::spawn().await;
    app.get("/v3/customers/9999999999/orders").await.assert_error(404, "1116");
}

#[tokio::test]
async fn order_for_an_inactive_customer_fails_with_1024() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let p = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1004"})).await;
    assert_eq!((p.status, p.body["status"].as_str()), (200, Some("1004")), "{}", p.text);
    let a = app.order(&c, "NEW", OFFER, 20).await;
    assert_eq!((a.status, a.body["status"].as_str()), (202, Some("1002")), "{}", a.text);
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let o = get_order(&app, &c, &id).await;
    assert_eq!(o.body["status"], "1024", "{}", o.text);
    assert_eq!(o.body["lineItems"][0]["status"], "1004");
    assert_eq!(o.body["lineItems"][0]["subscriptionId"], "");
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert_eq!(subs.body["totalCount"], 0, "no subscription: {}", subs.text);
    let cust = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(cust.body["cotermDate"], "", "no side effects: {}", cust.text);
}

#[tokio::test]
async fn order_for_a_customer_of_an_inactive_reseller_fails_with_1022() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let p = app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1004"})).await;
    assert_eq!((p.status, p.body["status"].as_str()), (200, Some("1004")), "{}", p.text);
    let a = app.order(&c, "NEW", OFFER, 20).await;
    assert_eq!((a.status, a.body["status"].as_str()), (202, Some("1002")), "{}", a.text);
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let o = get_order(&app, &c, &id).await;
    assert_eq!(o.body["status"], "1022", "{}", o.text);
    assert_eq!(o.body["lineItems"][0]["status"], "1004");
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert_eq!(subs.body["totalCount"], 0, "{}", subs.text);
}

#[tokio::test]
async fn order_of_a_pending_customer_waits_for_activation() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let c = app.create_customer(&r).await;
    let cust = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(cust.body["status"], "1002", "customer still pending: {}", cust.text);
    let a = app.order(&c, "NEW", OFFER, 3).await;
    assert_eq!((a.status, a.body["status"].as_str()), (202, Some("1002")), "{}", a.text);
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    assert_eq!(get_order(&app, &c, &id).await.body["status"], "1002");
    let run = app.portal(Method::POST, "/jobs/run", &json!({"job": "orders"})).await;
    assert_eq!(run.status, 200, "{}", run.text);
    assert_eq!(run.body["orders"]["processedOrders"], 1, "{}", run.text);
    assert!(run.body["orders"]["activatedAccounts"].as_i64().unwrap_or(0) >= 1, "{}", run.text);
    let o = get_order(&app, &c, &id).await;
    assert_eq!(o.body["status"], "1000", "{}", o.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000");
}

#[tokio::test]
async fn patch_order_updates_only_the_external_reference() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 2).await;
    let path = format!("/v3/customers/{c}/orders/{o}");
    let a = app.patch(&path, &json!({"externalReferenceId": "X1"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["externalReferenceId"], "X1");
    assert_eq!(a.body["orderId"], o.as_str());
    assert_eq!(a.body["status"], "1000");
    assert_eq!(get_order(&app, &c, &o).await.body["externalReferenceId"], "X1");
    app.patch(&path, &json!({"orderType": "RETURN"})).await.assert_error(400, "1119");
    app.patch(&path, &json!({"externalReferenceId": "x".repeat(36)})).await.assert_error(400, "2126");
    app.patch(&path, &json!({"externalReferenceId": "X2", "bogus": 1})).await.assert_error(400, "1121");
    app.patch(&format!("/v3/customers/{c}/orders/9999999"), &json!({"externalReferenceId": "X1"}))
        .await
        .assert_error(404, "2115");
    assert_eq!(get_order(&app, &c, &o).await.body["externalReferenceId"], "X1");
}

#[tokio::test]
async fn get_order_details_and_foreign_orders() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 2).await;
    let a = get_order(&app, &c, &o).await;
    assert_eq!(a.body["source"], "API");
    assert_eq!(a.body["referencedOrderId"], "");
    assert_eq!(a.body["referenceOrderId"], "");
    assert_eq!(a.body["customerId"], c.as_str());
    assert_eq!(a.body["currencyCode"], "USD");
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/customers/{c}/orders/{o}"));
    assert_eq!(a.body["links"]["self"]["method"], "GET");
    let other = app.create_customer(&r).await;
    app.run_jobs().await;
    app.get(&format!("/v3/customers/{other}/orders/{o}")).await.assert_error(404, "2115");
    app.get(&format!("/v3/customers/{c}/orders/1234")).await.assert_error(404, "2115");
}

#[tokio::test]
async fn get_order_with_fetch_price_only_prices_completed_orders() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (done, _) = app.completed_order(&c, OFFER, 10).await;
    let a = app.get(&format!("/v3/customers/{c}/orders/{done}?fetch-price=true")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let pricing = &a.body["lineItems"][0]["pricing"];
    assert!(is_number(&pricing["lineItemPartnerPrice"]), "{}", a.text);
    assert!(is_number(&pricing["partnerPrice"]), "{}", a.text);
    assert!(is_number(&a.body["pricingSummary"][0]["totalLineItemPartnerPrice"]), "{}", a.text);
    let plain = get_order(&app, &c, &done).await;
    assert!(plain.body["lineItems"][0].get("pricing").is_none(), "{}", plain.text);

    let open = app.order(&c, "NEW", OFFER, 1).await;
    let open_id = open.body["orderId"].as_str().expect("orderId");
    let b = app.get(&format!("/v3/customers/{c}/orders/{open_id}?fetch-price=true")).await;
    assert_eq!((b.status, b.body["status"].as_str()), (200, Some("1002")), "{}", b.text);
    assert!(b.body["lineItems"][0].get("pricing").is_none(), "{}", b.text);
    assert!(b.body.get("pricingSummary").is_none(), "{}", b.text);
}
