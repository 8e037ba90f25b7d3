//! Migrated High Volume Discount customers: the portal action, `discounts[].discountCode` and the
//! tag on the customer, and line `discountCode` on PREVIEW, NEW (`5135`) and PREVIEW_RENEWAL
//! (SPEC §4.18; §6.3 T2-09).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};
use crate::time_travel::{advance, freeze};

/// Acrobat Pro for Teams.
const ACROBAT_PRO: &str = "65304520CA01A12";

async fn make_hvd(app: &TestApp, c: &str, body: Value) -> Answer {
    app.portal(Method::POST, &format!("/customers/{c}/hvd"), &body).await
}

fn order(order_type: &str, code: Option<&str>) -> Value {
    let mut line = json!({"extLineItemNumber": 1, "offerId": ACROBAT_PRO, "quantity": 5});
    if let Some(code) = code {
        line["discountCode"] = json!(code);
    }
    json!({"orderType": order_type, "currencyCode": "USD", "lineItems": [line]})
}

/// A customer with 100 Acrobat Pro seats, enrolled in 3YC (licence minimum 100).
async fn committed_customer(app: &TestApp, seats: i64) -> String {
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, ACROBAT_PRO, seats).await;
    let a = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!({})).await;
    assert_eq!(a.status, 200, "enroll: {}", a.text);
    c
}

#[tokio::test]
async fn t2_09_an_hvd_customer_orders_with_its_discount_code() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let c = committed_customer(&app, 100).await;
    let orders = format!("/v3/customers/{c}/orders");

    // The portal action.
    make_hvd(&app, &c, json!({"discountLevel": "19"})).await.assert_error(400, "P400");
    make_hvd(&app, &c, json!({"discountLevel": "18", "pricing": "LATER"})).await.assert_error(400, "P400");
    make_hvd(&app, &c, json!({"discountLevel": "18", "extra": 1})).await.assert_error(400, "P400");
    make_hvd(&app, "1234", json!({"discountLevel": "18"})).await.assert_error(404, "P404");
    let made = make_hvd(&app, &c, json!({"discountLevel": "18", "pricing": "PRE_DCLO"})).await;
    assert_eq!(made.status, 200, "{}", made.text);
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["tags"], json!(["HVD_MIGRATED_CUSTOMER"]), "{}", customer.text);
    assert_eq!(
        customer.body["discounts"][0],
        json!({"offerType": "LICENSE", "level": "14", "discountCode": "HVD_L18_PRE"}),
        "{}",
        customer.text
    );
    assert_eq!(made.body["discounts"], customer.body["discounts"]);

    // PREVIEW answers with the right code whatever was sent.
    for sent in [Some("HVD_L17_PRE"), None, Some("WRONG")] {
        let p = app.post(&orders, &order("PREVIEW", sent)).await;
        assert_eq!(p.status, 200, "{}", p.text);
        assert_eq!(p.body["lineItems"][0]["discountCode"], "HVD_L18_PRE", "sent {sent:?}: {}", p.text);
    }
    // NEW needs it.
    app.post(&orders, &order("NEW", Some("HVD_L17_PRE"))).await.assert_error(400, "5135");
    app.post(&orders, &order("NEW", None)).await.assert_error(400, "5135");
    let new = app.post(&orders, &order("NEW", Some("HVD_L18_PRE"))).await;
    assert_eq!(new.status, 202, "{}", new.text);
    assert_eq!(new.body["lineItems"][0]["discountCode"], "HVD_L18_PRE", "{}", new.text);
    app.run_jobs().await;
    let id = new.body["orderId"].as_str().expect("orderId");
    let stored = app.get(&format!("{orders}/{id}")).await;
    assert_eq!(stored.body["lineItems"][0]["discountCode"], "HVD_L18_PRE", "{}", stored.text);
    let portal_order = app.portal(Method::GET, &format!("/orders/{id}"), &json!({})).await;
    assert!(portal_order.text.contains("HVD_L18_PRE"), "the portal's order lines: {}", portal_order.text);

    // PREVIEW_RENEWAL: the next term's code.
    let renewal = app.post(&orders, &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(renewal.status, 200, "{}", renewal.text);
    assert_eq!(renewal.body["lineItems"][0]["discountCode"], "HVD_L18_POST", "{}", renewal.text);

    // The anniversary renews with it, and it becomes the customer's.
    let done = advance(&mut app, json!({"advance": "P365D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 1, "{done}");
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["discounts"][0]["discountCode"], "HVD_L18_POST", "{}", customer.text);
    let p = app.post(&orders, &order("PREVIEW", Some("HVD_L18_PRE"))).await;
    assert_eq!(p.body["lineItems"][0]["discountCode"], "HVD_L18_POST", "{}", p.text);
}

#[tokio::test]
async fn only_committed_com_or_gov_customers_with_enough_licences_become_hvd_customers() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    // No 3YC.
    let (_, plain) = app.active_customer().await;
    make_hvd(&app, &plain, json!({"discountLevel": "17"})).await.assert_error(409, "P409");
    // A regular customer sends a discount code: NEW refuses it, PREVIEW drops it.
    app.completed_order(&plain, ACROBAT_PRO, 5).await;
    let orders = format!("/v3/customers/{plain}/orders");
    app.post(&orders, &order("NEW", Some("HVD_L17_PRE"))).await.assert_error(400, "5135");
    let p = app.post(&orders, &order("PREVIEW", Some("HVD_L17_PRE"))).await;
    assert!(p.body["lineItems"][0].get("discountCode").is_none(), "{}", p.text);

    // A minimum of 60: level 17 (≥ 50) yes, level 18 (≥ 100) no.
    let c = committed_customer(&app, 60).await;
    make_hvd(&app, &c, json!({"discountLevel": "18"})).await.assert_error(409, "P409");
    let made = make_hvd(&app, &c, json!({"discountLevel": "17", "pricing": "POST_DCLO"})).await;
    assert_eq!(made.status, 200, "{}", made.text);
    assert_eq!(
        made.body["discounts"][0],
        json!({"offerType": "LICENSE", "level": "13", "discountCode": "HVD_L17_POST"})
    );
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &json!({})).await;
    assert_eq!(detail.body["customer"]["tags"], json!(["HVD_MIGRATED_CUSTOMER"]), "{}", detail.text);
}
