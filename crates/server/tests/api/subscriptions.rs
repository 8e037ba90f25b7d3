//! E20–E22 subscriptions and PREVIEW_RENEWAL (SPEC §2.8.6, §4.6.2, §4.6.4; §6.1 T0-19, T0-20).

use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const OFFER: &str = "65304479CA01A12";

fn sub_path(customer: &str, sub: &str) -> String {
    format!("/v3/customers/{customer}/subscriptions/{sub}")
}

async fn patch_renewal(app: &TestApp, customer: &str, sub: &str, auto_renewal: Value) -> Answer {
    app.patch(&sub_path(customer, sub), &json!({"autoRenewal": auto_renewal})).await
}

/// An active customer holding one subscription of `OFFER` ×20: (customer, order, subscription).
async fn customer_with_subscription(app: &TestApp) -> (String, String, String) {
    let (_, c) = app.active_customer().await;
    let (o, s) = app.completed_order(&c, OFFER, 20).await;
    (c, o, s)
}

#[tokio::test]
async fn subscription_list_and_details() {
    let app = TestApp::spawn().await;
    let (c, _, s) = customer_with_subscription(&app).await;
    let coterm = app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"].clone();
    assert!(coterm.as_str().is_some_and(|d| d.len() == 10), "cotermDate: {coterm}");

    let list = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["totalCount"], 1);
    assert_eq!(list.body["links"]["self"]["uri"], format!("/v3/customers/{c}/subscriptions"));
    let item = &list.body["items"][0];
    assert_eq!(item["subscriptionId"], s.as_str());
    assert_eq!(item["offerId"], OFFER);
    assert_eq!(item["currentQuantity"], 20);
    assert_eq!(item["usedQuantity"], 0);
    assert_eq!(item["autoRenewal"], json!({"enabled": true, "renewalQuantity": 20}));
    assert_eq!(item["renewalDate"], coterm);
    assert_eq!(item["status"], "1000");
    assert_eq!(item["currencyCode"], "USD");
    assert!(item.get("deploymentId").is_none(), "no deploymentId key: {}", list.text);
    assert!(item.get("allowedActions").is_none(), "{}", list.text);
    assert_eq!(item["links"]["self"]["uri"], sub_path(&c, &s));

    let one = app.get(&sub_path(&c, &s)).await;
    assert_eq!(one.status, 200, "{}", one.text);
    assert_eq!(&one.body, item, "GET one equals the list item");

    let unknown = app.get(&sub_path(&c, "0123456789abcdef0123456789abcdNA")).await;
    unknown.assert_error(404, "3115");
    app.get("/v3/customers/9999999999/subscriptions").await.assert_error(404, "1116");
}

#[tokio::test]
async fn subscriptions_of_another_customer_are_invisible() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let (_, s) = app.completed_order(&c, OFFER, 2).await;
    let other = app.create_customer(&r).await;
    app.run_jobs().await;
    app.get(&sub_path(&other, &s)).await.assert_error(404, "3115");
    patch_renewal(&app, &other, &s, json!({"enabled": false})).await.assert_error(404, "3115");
    let list = app.get(&format!("/v3/customers/{other}/subscriptions")).await;
    assert_eq!((list.status, list.body["totalCount"].as_i64()), (200, Some(0)), "{}", list.text);
    assert_eq!(list.body["items"], json!([]));
}

#[tokio::test]
async fn auto_renewal_updates() {
    let app = TestApp::spawn().await;
    let (c, _, s) = customer_with_subscription(&app).await;
    let a = patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": null})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 20}));
    assert_eq!(a.body["subscriptionId"], s.as_str());

    let b = patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": 25})).await;
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(b.body["autoRenewal"]["renewalQuantity"], 25);
    assert_eq!(b.body["currentQuantity"], 20);
    app.completed_order(&c, OFFER, 5).await;
    let after = app.get(&sub_path(&c, &s)).await;
    assert_eq!(after.body["currentQuantity"], 25, "{}", after.text);
    assert_eq!(after.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 25}), "explicit stays");
    app.completed_order(&c, OFFER, 5).await;
    let again = app.get(&sub_path(&c, &s)).await;
    assert_eq!(
        (again.body["currentQuantity"].as_i64(), again.body["autoRenewal"]["renewalQuantity"].as_i64()),
        (Some(30), Some(25)),
        "{}",
        again.text
    );

    let off = patch_renewal(&app, &c, &s, json!({"enabled": false})).await;
    assert_eq!(off.status, 200, "{}", off.text);
    assert_eq!(off.body["autoRenewal"]["enabled"], false);
    assert_eq!(off.body["autoRenewal"]["renewalQuantity"], 25, "the explicit quantity is kept");
    assert_eq!(app.get(&sub_path(&c, &s)).await.body["autoRenewal"]["enabled"], false);
    // Disabled: a quantity, even 0, is ignored.
    let ignored = patch_renewal(&app, &c, &s, json!({"enabled": false, "renewalQuantity": 0})).await;
    assert_eq!(
        (ignored.status, ignored.body["autoRenewal"]["enabled"].as_bool()),
        (200, Some(false)),
        "{}",
        ignored.text
    );

    patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": 0})).await.assert_error(400, "3116");
    patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": 10_001})).await.assert_error(400, "3116");
    let bad = app.patch(&sub_path(&c, &s), &json!({"autoRenewal": {"enabled": true}, "colour": 1})).await;
    bad.assert_error(400, "1121");
    patch_renewal(&app, &c, &s, json!({"enabled": true, "speed": 3})).await.assert_error(400, "1121");
    // The rejected calls changed nothing.
    assert_eq!(app.get(&sub_path(&c, &s)).await.body["autoRenewal"]["enabled"], false);

    let on = patch_renewal(&app, &c, &s, json!({"enabled": true})).await;
    assert_eq!(on.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 30}), "implicit again: {}", on.text);
    app.patch(&sub_path(&c, "0123456789abcdef0123456789abcdNA"), &json!({"autoRenewal": {"enabled": true}}))
        .await
        .assert_error(404, "3115");
}

#[tokio::test]
async fn inactive_subscription_is_not_editable() {
    let app = TestApp::spawn().await;
    let (c, o, s) = customer_with_subscription(&app).await;
    let ret = json!({"orderType": "RETURN", "referenceOrderId": o, "currencyCode": "USD",
                     "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA02A12", "quantity": 20}]});
    let r = app.post(&format!("/v3/customers/{c}/orders"), &ret).await;
    assert_eq!(r.status, 202, "{}", r.text);
    app.run_jobs().await;
    let sub = app.get(&sub_path(&c, &s)).await;
    assert_eq!((sub.body["status"].as_str(), sub.body["currentQuantity"].as_i64()), (Some("1004"), Some(0)));
    patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": 5})).await.assert_error(400, "3119");
    patch_renewal(&app, &c, &s, json!({"enabled": false})).await.assert_error(400, "3119");
    // It is still listed.
    let list = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert_eq!(list.body["totalCount"], 1, "{}", list.text);
    assert_eq!(list.body["items"][0]["status"], "1004");
}

#[tokio::test]
async fn preview_renewal_follows_auto_renewal_preferences() {
    let app = TestApp::spawn().await;
    let (c, _, s) = customer_with_subscription(&app).await;
    let path = format!("/v3/customers/{c}/orders");
    let a = app.post(&path, &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["orderId"], "");
    assert_eq!(a.body["status"], "");
    assert_eq!(a.body["orderType"], "PREVIEW_RENEWAL");
    assert!(a.body.get("links").is_none(), "{}", a.text);
    let lines = a.body["lineItems"].as_array().expect("lineItems");
    assert_eq!(lines.len(), 1, "{}", a.text);
    assert_eq!(lines[0]["subscriptionId"], s.as_str());
    assert_eq!(lines[0]["status"], "1000");
    assert_eq!(lines[0]["quantity"], 20);
    assert_eq!(lines[0]["extLineItemNumber"], 1);
    assert_eq!(lines[0]["currencyCode"], "USD");
    assert!(lines[0]["offerId"].as_str().is_some_and(|o| o.starts_with("65304479CA")), "{}", a.text);

    let explicit = patch_renewal(&app, &c, &s, json!({"enabled": true, "renewalQuantity": 12})).await;
    assert_eq!(explicit.status, 200, "{}", explicit.text);
    let b = app.post(&path, &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(b.body["lineItems"][0]["quantity"], 12, "{}", b.text);

    let off = patch_renewal(&app, &c, &s, json!({"enabled": false})).await;
    assert_eq!(off.status, 200, "{}", off.text);
    app.post(&path, &json!({"orderType": "PREVIEW_RENEWAL"})).await.assert_error(400, "2136");
    // Previews are never stored.
    let history = app.get(&path).await;
    assert_eq!(history.body["totalCount"], 1, "only the NEW order: {}", history.text);
}
