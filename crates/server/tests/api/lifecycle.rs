//! Renewals around the anniversary: PREVIEW_RENEWAL, early renewal and the auto-renewal that
//! honours it (SPEC §4.6.4, §4.6.6; §6.2 T1-14, T2-16), and a global customer's year (issue 16).

use reqwest::Method;
use serde_json::{Value, json};

use crate::deployments::{global_customer, jp};
use crate::helpers::TestApp;
use crate::time_travel::{advance, freeze};

const AUDITION: &str = "65304479CA01A12";
/// Acrobat Pro for Teams, NA.
const ACROBAT: &str = "65304520CA01A12";
/// Acrobat Pro for Teams and Express for Teams, JP.
const JP_ACROBAT: &str = "30009315CA01A12";
const JP_EXPRESS: &str = "30008894CA01A12";

fn renewal(lines: Vec<Value>) -> Value {
    json!({"orderType": "RENEWAL", "lineItems": lines})
}

fn renewal_line(sub: &str, offer: &str, quantity: i64) -> Value {
    json!({"extLineItemNumber": 1, "offerId": offer, "quantity": quantity, "subscriptionId": sub})
}

async fn customer_ad(app: &TestApp, c: &str) -> String {
    app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn t1_15_a_late_manual_renewal_brings_an_expired_subscription_back_within_its_window() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let off = json!({"autoRenewal": {"enabled": false}});
    let mut expired = Vec::new();
    for _ in 0..2 {
        let (_, c) = app.active_customer().await;
        let (_, sub) = app.completed_order(&c, AUDITION, 20).await;
        let a = app.patch(&format!("/v3/customers/{c}/subscriptions/{sub}"), &off).await;
        assert_eq!(a.status, 200, "{}", a.text);
        expired.push((c, sub));
    }
    // The anniversary passes: both subscriptions expire with MANUAL_RENEWAL.
    advance(&mut app, json!({"advance": "P1Y"})).await;
    let (c, sub) = &expired[0];
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["status"].as_str(), &s.body["allowedActions"]), (Some("1004"), &json!(["MANUAL_RENEWAL"])));
    let orders = format!("/v3/customers/{c}/orders");

    // More than the prior term's quantity is refused; the prior quantity renews.
    let more = app.post(&orders, &renewal(vec![renewal_line(sub, AUDITION, 21)])).await;
    assert_eq!(more.status, 400, "{}", more.text);
    let late = app.post(&orders, &renewal(vec![renewal_line(sub, AUDITION, 20)])).await;
    assert_eq!(late.status, 202, "{}", late.text);
    app.run_jobs().await;
    let id = late.body["orderId"].as_str().expect("orderId");
    assert_eq!(app.get(&format!("{orders}/{id}")).await.body["status"], "1000");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["status"].as_str(), s.body["currentQuantity"].as_i64()), (Some("1000"), Some(20)), "{}", s.text);
    assert!(s.body.get("allowedActions").is_none_or(|a| a == &json!([])), "{}", s.text);
    assert_eq!(customer_ad(&app, c).await, "2028-03-10", "the anniversary moved a year past the missed one");
    // Now active, a year from its anniversary: not an early renewal either (3121).
    app.post(&orders, &renewal(vec![renewal_line(sub, AUDITION, 5)])).await.assert_error(400, "3121");

    // Past the 30-day window the other one can no longer be renewed (3122).
    advance(&mut app, json!({"advance": "P31D"})).await;
    let (c2, sub2) = &expired[1];
    app.post(&format!("/v3/customers/{c2}/orders"), &renewal(vec![renewal_line(sub2, AUDITION, 20)]))
        .await
        .assert_error(400, "3122");
}

#[tokio::test]
async fn t2_16_an_early_renewal_moves_the_anniversary_and_the_anniversary_renews_the_rest() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 20).await;
    let orders = format!("/v3/customers/{c}/orders");
    let sub_path = format!("/v3/customers/{c}/subscriptions/{sub}");

    // Outside AD-30 … AD-1: an active subscription cannot be renewed (3121).
    app.post(&orders, &renewal(vec![renewal_line(&sub, AUDITION, 10)])).await.assert_error(400, "3121");

    // AD in 20 days.
    advance(&mut app, json!({"advance": "P345D"})).await;
    app.post(&orders, &renewal(vec![renewal_line(&sub, AUDITION, 21)])).await.assert_error(400, "3118");
    let preview = app
        .post(&orders, &json!({"orderType": "PREVIEW_RENEWAL", "lineItems": [renewal_line(&sub, AUDITION, 10)]}))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(
        (preview.body["lineItems"][0]["quantity"].as_i64(), preview.body["orderId"].as_str()),
        (Some(10), Some(""))
    );
    let early = app.post(&orders, &renewal(vec![renewal_line(&sub, AUDITION, 10)])).await;
    assert_eq!(early.status, 202, "{}", early.text);
    assert_eq!(early.body["status"], "1002");
    // While it processes: no NEW (3131), no second manual renewal (4122).
    app.order(&c, "NEW", ACROBAT, 1).await.assert_error(400, "3131");
    app.post(&orders, &renewal(vec![renewal_line(&sub, AUDITION, 5)])).await.assert_error(400, "4122");
    app.run_jobs().await;
    let id = early.body["orderId"].as_str().expect("orderId");
    assert_eq!(app.get(&format!("{orders}/{id}")).await.body["status"], "1000");

    let s = app.get(&sub_path).await;
    assert_eq!(
        (s.body["status"].as_str(), s.body["currentQuantity"].as_i64(), s.body["renewedQuantity"].as_i64()),
        (Some("1000"), Some(20), Some(10)),
        "{}",
        s.text
    );
    assert_eq!(s.body["renewalDate"], "2027-03-10", "the renewal date stays");
    assert_eq!(customer_ad(&app, &c).await, "2028-03-10", "the anniversary moved a year on");
    // PREVIEW_RENEWAL shows the remainder.
    let rest = app.post(&orders, &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(rest.body["lineItems"][0]["quantity"], 10, "{}", rest.text);
    // A NEW order is fine again.
    assert_eq!(app.order(&c, "PREVIEW", ACROBAT, 1).await.status, 200);

    // The anniversary renews the other 10, once; the anniversary does not roll twice.
    let done = advance(&mut app, json!({"advance": "P20D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 1, "{done}");
    let s = app.get(&sub_path).await;
    assert_eq!(
        (s.body["currentQuantity"].as_i64(), s.body["renewalDate"].as_str(), s.body.get("renewedQuantity")),
        (Some(20), Some("2028-03-10"), None),
        "{}",
        s.text
    );
    assert_eq!(customer_ad(&app, &c).await, "2028-03-10");
    let history = app.get(&format!("{orders}?order-type=RENEWAL&start-date=2000-01-01")).await;
    let mut quantities: Vec<i64> = history.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["lineItems"][0]["quantity"].as_i64())
        .collect();
    quantities.sort_unstable();
    assert_eq!(quantities, [10, 10], "{}", history.text);
}

#[tokio::test]
async fn t2_16_an_early_renewal_may_add_a_new_product_that_runs_to_the_next_anniversary() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 20).await;
    let orders = format!("/v3/customers/{c}/orders");
    let new_line = json!({"extLineItemNumber": 2, "offerId": ACROBAT, "quantity": 3});

    // Outside the window a new product is refused like any early renewal line (3121).
    app.post(&orders, &renewal(vec![new_line.clone()])).await.assert_error(400, "3121");
    advance(&mut app, json!({"advance": "P345D"})).await;
    // A line without subscriptionId for a product the customer holds is still 1122.
    let held = json!({"extLineItemNumber": 1, "offerId": AUDITION, "quantity": 5});
    app.post(&orders, &renewal(vec![held])).await.assert_error(400, "1122");
    // A new product is checked as a purchase: an unknown offer is refused.
    let unknown = json!({"extLineItemNumber": 2, "offerId": "65304479CA01A12X", "quantity": 3});
    assert_eq!(app.post(&orders, &renewal(vec![unknown])).await.status, 400);

    let lines = vec![renewal_line(&sub, AUDITION, 20), new_line];
    let preview = app.post(&orders, &json!({"orderType": "PREVIEW_RENEWAL", "lineItems": lines.clone()})).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let previewed: Vec<(i64, &str, &str)> = preview.body["lineItems"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            let n = l["extLineItemNumber"].as_i64().unwrap_or(0);
            (n, l["offerId"].as_str().unwrap_or(""), l["subscriptionId"].as_str().unwrap_or(""))
        })
        .collect();
    // 23 seats together: both at level 02, like any renewal of this customer.
    let expected = vec![(1, "65304479CA02A12", sub.as_str()), (2, "65304520CA02A12", "")];
    assert_eq!(previewed, expected, "{}", preview.text);
    assert_eq!(preview.body["lineItems"][1]["status"], "1000", "{}", preview.text);
    let early = app.post(&orders, &renewal(lines)).await;
    assert_eq!(early.status, 202, "{}", early.text);
    // While it processes, NEW orders wait (3131).
    app.order(&c, "NEW", ACROBAT, 1).await.assert_error(400, "3131");
    app.run_jobs().await;
    let id = early.body["orderId"].as_str().expect("orderId");
    let done = app.get(&format!("{orders}/{id}")).await;
    assert_eq!(done.body["status"], "1000", "{}", done.text);
    let added = done.body["lineItems"][1]["subscriptionId"].as_str().expect("a subscription for the new line");
    assert!(!added.is_empty() && added != sub, "{}", done.text);

    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{added}")).await;
    assert_eq!(
        (s.body["status"].as_str(), s.body["currentQuantity"].as_i64(), s.body["renewalDate"].as_str()),
        (Some("1000"), Some(3), Some("2028-03-10")),
        "the new product runs to the next anniversary: {}",
        s.text
    );
    assert!(s.body.get("renewedQuantity").is_none(), "{}", s.text);
    assert_eq!(customer_ad(&app, &c).await, "2028-03-10", "the anniversary moved a year on, once");
    let old = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(old.body["renewedQuantity"], 20, "{}", old.text);

    // The anniversary renews nothing of either: the existing seats were renewed early and the new
    // product's term runs a year longer.
    let ran = advance(&mut app, json!({"advance": "P20D"})).await;
    assert_eq!(ran["renewalOrdersCreated"], 0, "{ran}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{added}")).await;
    assert_eq!((s.body["status"].as_str(), s.body["currentQuantity"].as_i64()), (Some("1000"), Some(3)), "{}", s.text);
    let old = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(
        (old.body["renewalDate"].as_str(), old.body["currentQuantity"].as_i64()),
        (Some("2028-03-10"), Some(20)),
        "{}",
        old.text
    );
}

#[tokio::test]
async fn t2_16_a_fully_early_renewed_subscription_rolls_without_an_order_and_3yc_final_terms_refuse() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 8).await;
    let orders = format!("/v3/customers/{c}/orders");
    advance(&mut app, json!({"advance": "P355D"})).await;
    let all = app.post(&orders, &renewal(vec![renewal_line(&sub, AUDITION, 8)])).await;
    assert_eq!(all.status, 202, "{}", all.text);
    app.run_jobs().await;
    // Nothing is left for the anniversary.
    app.post(&orders, &json!({"orderType": "PREVIEW_RENEWAL"})).await.assert_error(400, "2164");
    let done = advance(&mut app, json!({"advance": "P10D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 0, "no empty order: {done}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["renewalDate"].as_str(), s.body["currentQuantity"].as_i64()), (Some("2028-03-10"), Some(8)));
}

#[tokio::test]
async fn t2_16_no_early_renewal_in_the_final_term_of_a_3yc() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let r = app.create_reseller().await;
    let mut body = app.customer_body(&r);
    body["benefits"] = json!([{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let c = app.post("/v3/customers", &body).await.body["customerId"].as_str().unwrap_or("").to_string();
    app.run_jobs().await;
    let decided = app
        .portal(
            Method::POST,
            &format!("/customers/{c}/three-year-commit/decision"),
            &json!({"request": "commitmentRequest", "decision": "ACCEPT"}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    let (_, sub) = app.completed_order(&c, AUDITION, 12).await;
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    let commitment = &customer.body["benefits"][0]["commitment"];
    assert_eq!(commitment["status"], "COMMITTED", "{}", customer.text);
    let ends = commitment["endDate"].as_str().expect("endDate").to_string();
    let orders = format!("/v3/customers/{c}/orders");
    let offer = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await.body["offerId"]
        .as_str()
        .unwrap_or(AUDITION)
        .to_string();

    // AD-10 of the first anniversary: the commitment runs on, so early renewal is allowed.
    advance(&mut app, json!({"advance": "P355D"})).await;
    let first = app.post(&orders, &renewal(vec![renewal_line(&sub, &offer, 12)])).await;
    assert_eq!(first.status, 202, "{}", first.text);
    app.run_jobs().await;
    // AD-10 of the third: the commitment ends by that anniversary.
    advance(&mut app, json!({"advance": "P2Y"})).await;
    let ad = customer_ad(&app, &c).await;
    assert!(ends.as_str() <= ad.as_str(), "the commitment ({ends}) ends by the anniversary ({ad})");
    let last = app.post(&orders, &renewal(vec![renewal_line(&sub, &offer, 12)])).await;
    last.assert_error(400, "3133");
}

/// Issue 16's year of a global customer: deploy in JP, buy in JPY, schedule a new product at
/// AD-20, renew early at AD-10, and the anniversary renews everything with the right quantities,
/// currencies and deployments.
#[tokio::test]
async fn a_global_customer_year_deploys_buys_schedules_renews_early_and_renews() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-06-01T09:00:00Z").await;
    let c = global_customer(&app).await;
    let d = app.post(&format!("/v3/customers/{c}/deployments"), &jp()).await;
    assert_eq!(d.status, 201, "{}", d.text);
    let d = d.body["deploymentId"].as_str().expect("deploymentId").to_string();
    let orders = format!("/v3/customers/{c}/orders");
    let subs_path = format!("/v3/customers/{c}/subscriptions");

    // Buy at home in USD and in Japan in JPY.
    let (_, home) = app.completed_order(&c, AUDITION, 12).await;
    let jp_order = json!({"orderType": "NEW", "lineItems": [{"extLineItemNumber": 1, "offerId": JP_ACROBAT,
        "quantity": 30, "currencyCode": "JPY", "deploymentId": d}]});
    let placed = app.post(&orders, &jp_order).await;
    assert_eq!(placed.status, 202, "{}", placed.text);
    app.run_jobs().await;
    let jp_sub = app.get(&format!("{orders}/{}", placed.body["orderId"].as_str().unwrap_or(""))).await.body["lineItems"]
        [0]["subscriptionId"]
        .as_str()
        .expect("subscriptionId")
        .to_string();
    assert_eq!(customer_ad(&app, &c).await, "2027-06-01");

    // AD-20: schedule Express for the JP deployment, in JPY.
    advance(&mut app, json!({"advance": "P345D"})).await;
    let scheduled = app
        .post(
            &subs_path,
            &json!({"offerId": JP_EXPRESS, "currencyCode": "JPY", "deploymentId": d,
                "autoRenewal": {"enabled": true, "renewalQuantity": 4}}),
        )
        .await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.text);
    assert_eq!(
        (
            scheduled.body["status"].as_str(),
            scheduled.body["deploymentId"].as_str(),
            scheduled.body["currencyCode"].as_str()
        ),
        (Some("1009"), Some(d.as_str()), Some("JPY"))
    );
    let express = scheduled.body["subscriptionId"].as_str().expect("id").to_string();
    // Abroad the currency is required.
    app.post(&subs_path, &json!({"offerId": JP_EXPRESS, "deploymentId": d, "autoRenewal": {"renewalQuantity": 4}}))
        .await
        .assert_error(400, "1122");

    // AD-10: renew 20 of the 30 JP seats early.
    advance(&mut app, json!({"advance": "P10D"})).await;
    let early = app
        .post(
            &orders,
            &renewal(vec![json!({"extLineItemNumber": 1, "offerId": JP_ACROBAT, "quantity": 20,
            "subscriptionId": jp_sub})]),
        )
        .await;
    assert_eq!(early.status, 202, "{}", early.text);
    assert_eq!(
        (early.body["lineItems"][0]["currencyCode"].as_str(), early.body["lineItems"][0]["deploymentId"].as_str()),
        (Some("JPY"), Some(d.as_str()))
    );
    app.run_jobs().await;
    assert_eq!(customer_ad(&app, &c).await, "2028-06-01");

    // The anniversary: one renewal order, with home, JP remainder and the scheduled product.
    let done = advance(&mut app, json!({"advance": "P10D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 1, "{done}");
    let history = app.get(&format!("{orders}?order-type=RENEWAL&start-date=2000-01-01")).await;
    let auto = history.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["source"] == "System")
        .cloned()
        .expect("the auto-renewal order");
    let mut lines: Vec<(String, i64, String, String)> = auto["lineItems"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["subscriptionId"].as_str().unwrap_or("").to_string(),
                l["quantity"].as_i64().unwrap_or(-1),
                l["currencyCode"].as_str().unwrap_or("").to_string(),
                l["deploymentId"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    lines.sort();
    let mut expected = vec![
        (home.clone(), 12, "USD".to_string(), String::new()),
        (jp_sub.clone(), 10, "JPY".to_string(), d.clone()),
        (express.clone(), 4, "JPY".to_string(), d.clone()),
    ];
    expected.sort();
    assert_eq!(lines, expected, "{auto}");
    for (id, quantity) in [(&home, 12), (&jp_sub, 30), (&express, 4)] {
        let s = app.get(&format!("{subs_path}/{id}")).await;
        assert_eq!(
            (s.body["status"].as_str(), s.body["currentQuantity"].as_i64(), s.body["renewalDate"].as_str()),
            (Some("1000"), Some(quantity), Some("2028-06-01")),
            "{}",
            s.text
        );
    }
    assert_eq!(customer_ad(&app, &c).await, "2028-06-01");
}
