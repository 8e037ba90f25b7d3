//! Create Subscription: scheduled subscriptions activated by the renewal at the anniversary date
//! (SPEC §2.8.6 E19, §4.6.7; §6.2 T1-13).

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::time_travel::{advance, freeze};

/// Audition for Teams (the first purchase).
const AUDITION: &str = "65304479CA01A12";
/// Acrobat Pro for Teams (the scheduled product).
const ACROBAT: &str = "65304520CA01A12";

fn schedule(offer: &str, quantity: Value) -> Value {
    json!({"offerId": offer, "autoRenewal": {"enabled": true, "renewalQuantity": quantity}})
}

#[tokio::test]
async fn t1_13_a_scheduled_subscription_waits_for_the_anniversary_and_renews_into_life() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let path = format!("/v3/customers/{c}/subscriptions");

    // No active subscription yet, and no anniversary date.
    app.post(&path, &schedule(ACROBAT, json!(5))).await.assert_error(400, "1117");
    let (_, audition) = app.completed_order(&c, AUDITION, 10).await;
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], "2027-03-10");

    // AD in 60 days: the window (AD-30 … AD-3) is not open yet.
    advance(&mut app, json!({"advance": "P305D"})).await;
    let early = app.post(&path, &schedule(ACROBAT, json!(5))).await;
    early.assert_error(400, "1117");
    assert!(early.text.contains("2027-02-08") && early.text.contains("2027-03-07"), "names the window: {}", early.text);

    // AD in 10 days.
    advance(&mut app, json!({"advance": "P50D"})).await;
    app.post(&path, &json!({"offerId": ACROBAT, "autoRenewal": {"enabled": true}})).await.assert_error(400, "1122");
    app.post(&path, &json!({"offerId": ACROBAT})).await.assert_error(400, "1122");
    app.post(&path, &schedule(ACROBAT, json!(0))).await.assert_error(400, "3116");
    app.post(&path, &json!({"offerId": ACROBAT, "autoRenewal": {"enabled": false, "renewalQuantity": 5}}))
        .await
        .assert_error(400, "1117");
    app.post(&path, &schedule("99999999CA01A12", json!(5))).await.assert_error(400, "2122");
    let held = app.post(&path, &schedule(AUDITION, json!(5))).await;
    held.assert_error(400, "1117");
    assert!(held.text.contains("already holds"), "{}", held.text);
    app.post(&path, &json!({"offerId": ACROBAT, "autoRenewal": {"renewalQuantity": 5}, "foo": 1}))
        .await
        .assert_error(400, "1121");

    let created = app.post(&path, &schedule(ACROBAT, json!(5))).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let b = &created.body;
    assert_eq!(
        (b["status"].as_str(), b["currentQuantity"].as_i64(), b["renewalDate"].as_str(), b["offerId"].as_str()),
        (Some("1009"), Some(0), Some("2027-03-10"), Some(ACROBAT)),
        "{}",
        created.text
    );
    assert_eq!(
        (b["autoRenewal"]["enabled"].as_bool(), b["autoRenewal"]["renewalQuantity"].as_i64()),
        (Some(true), Some(5))
    );
    assert_eq!(b["currencyCode"], "USD", "the currency the customer buys in: {}", created.text);
    let id = b["subscriptionId"].as_str().expect("subscriptionId").to_string();
    assert_eq!(app.get(&format!("{path}/{id}")).await.body, created.body);
    // Once only.
    app.post(&path, &schedule(ACROBAT, json!(5))).await.assert_error(400, "1117");
    // PREVIEW_RENEWAL shows what the anniversary will do.
    let preview = app.post(&format!("/v3/customers/{c}/orders"), &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    let lines = preview.body["lineItems"].as_array().cloned().unwrap_or_default();
    let line = lines.iter().find(|l| l["subscriptionId"] == id.as_str()).expect("a line for the scheduled one");
    assert_eq!(line["quantity"], 5, "{}", preview.text);

    // The anniversary: one renewal order renews the first and activates the second.
    let done = advance(&mut app, json!({"advance": "P10D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 1, "{done}");
    let s = app.get(&format!("{path}/{id}")).await;
    assert_eq!(
        (s.body["status"].as_str(), s.body["currentQuantity"].as_i64(), s.body["renewalDate"].as_str()),
        (Some("1000"), Some(5), Some("2028-03-10")),
        "{}",
        s.text
    );
    let a = app.get(&format!("{path}/{audition}")).await;
    assert_eq!((a.body["currentQuantity"].as_i64(), a.body["renewalDate"].as_str()), (Some(10), Some("2028-03-10")));

    // Past AD-3 of the next term nothing can be scheduled (the window closed at 2028-03-07).
    advance(&mut app, json!({"advance": "P364D"})).await;
    app.post(&path, &schedule("65304921CA01A12", json!(1))).await.assert_error(400, "1117");
}
