//! Global orders (SPEC §4.3, §2.8.5 E15 pipeline steps 3 and 5; §6.2 T1-12, and T1-11's
//! deactivation of a deployment in use).

use reqwest::Method;
use serde_json::{Value, json};

use crate::deployments::{address, global_customer, jp};
use crate::helpers::{DISTRIBUTOR_ID, TestApp};

/// Acrobat Pro for Teams, sold in the JP price region (JPY).
const JP_ACROBAT: &str = "30009315CA01A12";
/// Audition for Teams, sold in NA (USD).
const NA_AUDITION: &str = "65304479CA01A12";

fn line(n: i64, offer: &str, quantity: i64, currency: &str, deployment: Option<&str>) -> Value {
    let mut l = json!({"extLineItemNumber": n, "offerId": offer, "quantity": quantity, "currencyCode": currency});
    if let Some(d) = deployment {
        l["deploymentId"] = json!(d);
    }
    l
}

fn order(order_type: &str, lines: Vec<Value>) -> Value {
    json!({"orderType": order_type, "lineItems": lines})
}

/// A global customer with a JP deployment: (customer id, deployment id).
async fn deployed_in_japan(app: &TestApp) -> (String, String) {
    let c = global_customer(app).await;
    let d = app.post(&format!("/v3/customers/{c}/deployments"), &jp()).await;
    assert_eq!(d.status, 201, "{}", d.text);
    (c, d.body["deploymentId"].as_str().expect("deploymentId").to_string())
}

#[tokio::test]
async fn t1_12_a_deployment_line_buys_in_the_deployment_currency_and_the_subscription_keeps_it() {
    let app = TestApp::spawn().await;
    let (c, d) = deployed_in_japan(&app).await;
    let orders = format!("/v3/customers/{c}/orders");

    let placed = app.post(&orders, &order("NEW", vec![line(1, JP_ACROBAT, 5, "JPY", Some(&d))])).await;
    assert_eq!(placed.status, 202, "{}", placed.text);
    assert_eq!(placed.body["lineItems"][0]["deploymentId"], d.as_str(), "{}", placed.text);
    assert_eq!(placed.body["lineItems"][0]["currencyCode"], "JPY");
    assert_eq!(placed.body["currencyCode"], "JPY", "the order takes its lines' one currency");
    app.run_jobs().await;
    let id = placed.body["orderId"].as_str().expect("orderId");
    let done = app.get(&format!("{orders}/{id}")).await;
    assert_eq!(done.body["status"], "1000", "{}", done.text);
    let sub_id = done.body["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId").to_string();
    let sub = app.get(&format!("/v3/customers/{c}/subscriptions/{sub_id}")).await;
    assert_eq!(
        (sub.body["deploymentId"].as_str(), sub.body["currencyCode"].as_str(), sub.body["currentQuantity"].as_i64()),
        (Some(d.as_str()), Some("JPY"), Some(5)),
        "{}",
        sub.text
    );

    // The same product bought at home is another subscription (keyed by product and deployment);
    // the same product for the same deployment adds seats to the first.
    let more = app.post(&orders, &order("NEW", vec![line(1, JP_ACROBAT, 2, "JPY", Some(&d))])).await;
    assert_eq!(more.status, 202, "{}", more.text);
    app.run_jobs().await;
    let sub = app.get(&format!("/v3/customers/{c}/subscriptions/{sub_id}")).await;
    assert_eq!(sub.body["currentQuantity"], 7, "{}", sub.text);

    // A renewal keeps the deployment and the currency.
    let preview = app.post(&orders, &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let renewal = preview.body["lineItems"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["subscriptionId"] == sub_id.as_str())
        .cloned()
        .expect("a renewal line for the deployment's subscription");
    assert_eq!(
        (renewal["deploymentId"].as_str(), renewal["currencyCode"].as_str(), renewal["quantity"].as_i64()),
        (Some(d.as_str()), Some("JPY"), Some(7)),
        "{}",
        preview.text
    );

    // Deactivating a deployment that an active subscription uses is refused (T1-11).
    let off = app.patch(&format!("/v3/customers/{c}/deployments/{d}"), &json!({"status": "1004"})).await;
    off.assert_error(400, "1119");
    assert!(off.has_detail("status"), "{}", off.text);
    // So is turning the customer's global sales off.
    let global_off = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"globalSalesEnabled": false})).await;
    assert_eq!(global_off.status, 400, "{}", global_off.text);
}

#[tokio::test]
async fn t1_12_deployment_lines_are_checked_for_currency_deployment_and_region() {
    let app = TestApp::spawn().await;
    let (c, d) = deployed_in_japan(&app).await;
    let orders = format!("/v3/customers/{c}/orders");
    let place = |body: Value| {
        let app = &app;
        let orders = orders.clone();
        async move { app.post(&orders, &body).await }
    };

    // Step 3: USD is not the JP deployment's currency; order and line currencies disagree.
    let usd = place(order("NEW", vec![line(1, JP_ACROBAT, 1, "USD", Some(&d))])).await;
    usd.assert_error(400, "2137");
    assert!(usd.has_detail("Line Item: 1"), "{}", usd.text);
    let mut both = order("NEW", vec![line(1, JP_ACROBAT, 1, "JPY", Some(&d))]);
    both["currencyCode"] = json!("USD");
    place(both).await.assert_error(400, "2140");
    // A product of another price region is not sold in JPY.
    place(order("NEW", vec![line(1, NA_AUDITION, 1, "JPY", Some(&d))])).await.assert_error(400, "2128");
    // Step 5: an unknown deployment, and one of another customer.
    place(order("NEW", vec![line(1, JP_ACROBAT, 1, "JPY", Some("1459999999"))])).await.assert_error(404, "2138");
    let (other, other_d) = deployed_in_japan(&app).await;
    assert_ne!(other, c);
    place(order("NEW", vec![line(1, JP_ACROBAT, 1, "JPY", Some(&other_d))])).await.assert_error(404, "2138");
    // An inactive deployment.
    let de = app
        .post(
            &format!("/v3/customers/{c}/deployments"),
            &json!({"companyProfile": {"address": address("DE", "BY", "80331")}}),
        )
        .await;
    let de_id = de.body["deploymentId"].as_str().expect("id").to_string();
    let off = app.patch(&format!("/v3/customers/{c}/deployments/{de_id}"), &json!({"status": "1004"})).await;
    assert_eq!(off.status, 200, "{}", off.text);
    place(order("NEW", vec![line(1, JP_ACROBAT, 1, "JPY", Some(&de_id))])).await.assert_error(404, "2138");

    // A mixed-currency order is accepted, but not priced in a preview (2148).
    let mixed = vec![line(1, NA_AUDITION, 3, "USD", None), line(2, JP_ACROBAT, 4, "JPY", Some(&d))];
    let preview = place(order("PREVIEW", mixed.clone())).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["lineItems"][0]["currencyCode"], "USD");
    assert!(preview.body["lineItems"][0].get("deploymentId").is_none_or(Value::is_null), "{}", preview.text);
    assert_eq!(preview.body["lineItems"][1]["deploymentId"], d.as_str());
    let priced = app.post(&format!("{orders}?fetch-price=true"), &order("PREVIEW", mixed.clone())).await;
    priced.assert_error(400, "2148");
    let placed = place(order("NEW", mixed)).await;
    assert_eq!(placed.status, 202, "{}", placed.text);
    app.run_jobs().await;
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    let mut held: Vec<(String, String)> = subs.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| (s["currencyCode"].as_str().unwrap_or("").to_string(), s["deploymentId"].to_string()))
        .collect();
    held.sort();
    assert_eq!(
        held,
        [("JPY".to_string(), format!("\"{d}\"")), ("USD".to_string(), "null".to_string())],
        "{}",
        subs.text
    );

    // JPY priced alone, in whole yen.
    let jpy = app
        .post(&format!("{orders}?fetch-price=true"), &order("PREVIEW", vec![line(1, JP_ACROBAT, 2, "JPY", Some(&d))]))
        .await;
    assert_eq!(jpy.status, 200, "{}", jpy.text);
    let unit = jpy.body["lineItems"][0]["pricing"]["partnerPrice"].as_f64().expect("partnerPrice");
    assert!(unit > 0.0 && unit.fract() == 0.0, "JPY has no minor unit: {}", jpy.text);
}

#[tokio::test]
async fn t1_12_deployment_lines_need_global_sales_on_both_sides() {
    let app = TestApp::spawn().await;
    let (c, d) = deployed_in_japan(&app).await;
    let orders = format!("/v3/customers/{c}/orders");
    let jp_line = order("NEW", vec![line(1, JP_ACROBAT, 1, "JPY", Some(&d))]);

    // The customer turned global sales off (it has no deployment subscription yet): 1140.
    let off = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"globalSalesEnabled": false})).await;
    assert_eq!(off.status, 200, "{}", off.text);
    app.post(&orders, &jp_line).await.assert_error(400, "1140");
    let on = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"globalSalesEnabled": true})).await;
    assert_eq!(on.status, 200, "{}", on.text);

    // The distributor turned it off: 1139, before the customer's flag.
    let g =
        app.portal(Method::POST, &format!("/partners/{DISTRIBUTOR_ID}/global-sales"), &json!({"enabled": false})).await;
    assert_eq!(g.status, 200, "{}", g.text);
    app.post(&orders, &jp_line).await.assert_error(400, "1139");
    // Home lines are unaffected.
    let home = app.post(&orders, &order("PREVIEW", vec![line(1, NA_AUDITION, 1, "USD", None)])).await;
    assert_eq!(home.status, 200, "{}", home.text);
}
