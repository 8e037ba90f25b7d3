//! The renewal forecast: what the renewal job would do at a date, without changing anything.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::time_travel::freeze;

const OFFER: &str = "65304479CA01A12";

async fn forecast(app: &TestApp, c: &str, query: &str) -> Value {
    let a = app.portal(Method::GET, &format!("/customers/{c}/renewal-forecast{query}"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
}

async fn everything(app: &TestApp, c: &str) -> (Value, Value, Value) {
    let customer = app.get(&format!("/v3/customers/{c}")).await.body;
    let orders = app.get(&format!("/v3/customers/{c}/orders?start-date=2000-01-01")).await.body;
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await.body;
    (customer, orders, subs)
}

#[tokio::test]
async fn the_forecast_shows_the_renewal_order_and_changes_nothing() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 60).await;
    let (_, other) = app.completed_order(&c, "65322651CA01A12", 5).await;
    let path = format!("/v3/customers/{c}/subscriptions/{other}");
    assert_eq!(app.patch(&path, &json!({"autoRenewal": {"enabled": false}})).await.status, 200);
    let before = everything(&app, &c).await;

    let early = forecast(&app, &c, "?at=2026-06-01").await;
    assert_eq!((early["due"].clone(), early["renewalOrder"].clone()), (json!(false), Value::Null), "{early}");

    let f = forecast(&app, &c, "").await;
    assert_eq!(f["at"], "2027-03-10", "defaults to the cotermDate: {f}");
    assert_eq!(f["due"], true);
    let order = &f["renewalOrder"];
    assert_eq!(order["status"], "1000", "{f}");
    assert_eq!(order["lineItems"].as_array().map(Vec::len), Some(1), "{f}");
    assert_eq!(order["lineItems"][0]["subscriptionId"], sub.as_str());
    assert_eq!(order["lineItems"][0]["quantity"], 60);
    assert_eq!(order["lineItems"][0]["offerId"], "65304479CA03A12", "level 03 for 60 licences: {f}");
    assert_eq!(f["expiringSubscriptions"], json!([other]));
    assert_eq!(f["failed"], false);
    assert_eq!(f["after"]["cotermDate"], "2028-03-10");
    assert_eq!(everything(&app, &c).await, before, "nothing changed");
}

#[tokio::test]
async fn the_forecast_shows_failures_of_inactive_accounts() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (r, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 10).await;
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1004"})).await;
    let f = forecast(&app, &c, "?at=2027-03-10").await;
    assert_eq!((f["failed"].clone(), f["failureStatus"].clone()), (json!(true), json!("1024")), "{f}");
    assert_eq!(f["failureReason"], "customer inactive");
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1000"})).await;
    app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1004"})).await;
    let f = forecast(&app, &c, "?at=2027-04-01").await;
    assert_eq!((f["failureStatus"].as_str(), f["failureReason"].as_str()), (Some("1022"), Some("reseller inactive")));
    app.portal(Method::GET, &format!("/customers/{c}/renewal-forecast?at=2020-01-01"), &Value::Null)
        .await
        .assert_error(400, "P400");
    app.portal(Method::GET, &format!("/customers/{c}/renewal-forecast?at=soon"), &Value::Null)
        .await
        .assert_error(400, "P400");
    app.portal(Method::GET, "/customers/1999999999/renewal-forecast", &Value::Null).await.assert_error(404, "P404");
}
