//! The production profile's 3YC minimum guards (SPEC §4.7.7, §4.22).

use serde_json::json;
use vipmp_core::model::{Commitment, MinimumQuantity, ThreeYearCommit};
use vipmp_core::reference::OfferType;
use vipmp_core::settings::{JobsMode, Profile, Settings};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};

async fn commit(app: &TestApp, customer: &str, minimum: i64) {
    let mut tx = app.state.store.begin().await.expect("tx");
    let mut c = tx.customer(DISTRIBUTOR_ID, customer).await.expect("read").expect("customer");
    let today = app.today();
    c.three_year_commit = Some(ThreeYearCommit {
        commitment: Some(Commitment {
            start_date: today,
            end_date: vipmp_core::dates::add_years(today, 3),
            status: "COMMITTED".into(),
            minimum_quantities: vec![MinimumQuantity { offer_type: OfferType::License, quantity: minimum }],
        }),
        ..ThreeYearCommit::default()
    });
    tx.put_customer(&c).await.expect("write");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn production_enforces_3yc_minimums_on_returns_and_renewal_updates() {
    let app = TestApp::spawn_with(Settings {
        jobs_mode: JobsMode::Manual,
        profile: Profile::Production,
        ..Settings::default()
    })
    .await;
    let (_, c) = app.active_customer().await;
    let (first, sub) = app.completed_order(&c, "65304479CA01A12", 20).await;
    let (second, _) = app.completed_order(&c, "65304479CA01A12", 5).await;
    commit(&app, &c, 20).await;
    let path = format!("/v3/customers/{c}/subscriptions/{sub}");
    app.patch(&path, &json!({"autoRenewal": {"enabled": true, "renewalQuantity": 19}})).await.assert_error(400, "3120");
    app.patch(&path, &json!({"autoRenewal": {"enabled": false}})).await.assert_error(400, "3120");
    let ok = app.patch(&path, &json!({"autoRenewal": {"enabled": true, "renewalQuantity": 20}})).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let order_of = |id: &str, offer: &str, qty: i64| {
        json!({"orderType": "RETURN", "referenceOrderId": id, "currencyCode": "USD",
               "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": qty}]})
    };
    let original = app.get(&format!("/v3/customers/{c}/orders/{first}")).await;
    let offer = original.body["lineItems"][0]["offerId"].as_str().unwrap_or_default().to_string();
    app.post(&format!("/v3/customers/{c}/orders"), &order_of(&first, &offer, 20)).await.assert_error(400, "2134");
    let small = app.get(&format!("/v3/customers/{c}/orders/{second}")).await;
    let offer = small.body["lineItems"][0]["offerId"].as_str().unwrap_or_default().to_string();
    let fine = app.post(&format!("/v3/customers/{c}/orders"), &order_of(&second, &offer, 5)).await;
    assert_eq!(fine.status, 202, "25 - 5 = 20 still meets the minimum: {}", fine.text);
}

#[tokio::test]
async fn the_sandbox_skips_the_3yc_minimum_guards() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, "65304479CA01A12", 20).await;
    commit(&app, &c, 20).await;
    let a =
        app.patch(&format!("/v3/customers/{c}/subscriptions/{sub}"), &json!({"autoRenewal": {"enabled": false}})).await;
    assert_eq!(a.status, 200, "{}", a.text);
}
