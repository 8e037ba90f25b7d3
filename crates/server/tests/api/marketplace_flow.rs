//! The order of calls a production marketplace client makes for one customer (issue 14): look up
//! flexible discounts, PREVIEW with the returned code, NEW with the preview's offer ids, poll, add
//! seats, then switch part of them to a bigger product through a listed path.

use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const AUDITION: &str = "65304479CA01A12";

async fn poll_until_done(app: &TestApp, c: &str, order: &str) -> Value {
    for _ in 0..3 {
        let a = app.get(&format!("/v3/customers/{c}/orders/{order}?fetch-price=true")).await;
        assert_eq!(a.status, 200, "{}", a.text);
        if a.body["status"] != "1002" {
            return a.body;
        }
        app.run_jobs().await;
    }
    panic!("order {order} never left 1002");
}

async fn post(app: &TestApp, c: &str, query: &str, body: Value) -> Answer {
    app.post(&format!("/v3/customers/{c}/orders{query}"), &body).await
}

#[tokio::test]
async fn a_marketplace_client_buys_with_a_discount_adds_seats_and_switches() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let customer = app.get(&format!("/v3/customers/{c}")).await.body;
    let country = customer["companyProfile"]["address"]["country"].as_str().expect("country").to_string();

    // 1. Discounts for the cart's offer, usable now.
    let now = app.state.now();
    let found = app.get(&format!("/v3/flex-discounts?market-segment=COM&country={country}&offer-ids={AUDITION}")).await;
    assert_eq!(found.status, 200, "{}", found.text);
    let usable: Vec<&Value> = found.body["flexDiscounts"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| {
            let start = chrono::DateTime::parse_from_rfc3339(d["startDate"].as_str().unwrap_or("")).expect("startDate");
            start <= now && !d["code"].as_str().unwrap_or("").contains("FAILURE") && d["category"] == "STANDARD"
        })
        .filter(|d| d["outcomes"][0]["type"] == "PERCENTAGE_DISCOUNT")
        .collect();
    let code = usable.first().and_then(|d| d["code"].as_str()).expect("a usable discount").to_string();

    // 2. PREVIEW with that code, priced.
    let cart = |t: &str, offer: &str, q: i64| {
        json!({"orderType": t, "currencyCode": "USD", "externalReferenceId": "cart-1",
            "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": q, "flexDiscountCodes": [code.clone()]}]})
    };
    let preview = post(&app, &c, "?fetch-price=true", cart("PREVIEW", AUDITION, 20)).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    let line = &preview.body["lineItems"][0];
    assert_eq!(line["flexDiscounts"][0]["result"], "SUCCESS", "{}", preview.text);
    let pricing = &line["pricing"];
    assert!(pricing["discountedPartnerPrice"].as_f64() < pricing["partnerPrice"].as_f64(), "{}", preview.text);
    let offer = line["offerId"].as_str().expect("offerId").to_string();
    assert_eq!(offer, "65304479CA02A12", "20 seats: level 02");

    // 3. NEW with the preview's offer id, then poll.
    let new = post(&app, &c, "", cart("NEW", &offer, 20)).await;
    assert_eq!((new.status, new.body["status"].as_str()), (202, Some("1002")), "{}", new.text);
    let order = poll_until_done(&app, &c, new.body["orderId"].as_str().expect("orderId")).await;
    assert_eq!(order["status"], "1000", "{order}");
    assert_eq!(order["lineItems"][0]["flexDiscounts"][0]["code"], code.as_str());
    assert_eq!(
        order["pricingSummary"][0]["totalLineItemPartnerPrice"],
        preview.body["pricingSummary"][0]["totalLineItemPartnerPrice"]
    );
    let sub = order["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId").to_string();

    // 4. Five more seats: the same subscription grows.
    let more = post(
        &app,
        &c,
        "",
        json!({"orderType": "NEW", "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": 5}]}),
    )
    .await;
    assert_eq!(more.status, 202, "{}", more.text);
    let done = poll_until_done(&app, &c, more.body["orderId"].as_str().expect("orderId")).await;
    assert_eq!(done["lineItems"][0]["subscriptionId"], sub.as_str());
    let source = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await.body;
    assert_eq!(source["currentQuantity"], 25, "{source}");

    // 5. A switch of 10 seats along a listed path.
    let paths = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}/offer-switch-paths")).await;
    assert_eq!(paths.status, 200, "{}", paths.text);
    let target = paths.body["productUpgrades"][0]["targetList"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["switchType"] == "PARTIAL_ALLOWED"))
        .and_then(|t| t["targetBaseOfferId"].as_str())
        .expect("a partial target")
        .to_string();
    let switch = |t: &str| {
        json!({"orderType": t, "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": target, "quantity": 10}],
            "cancellingItems": [{"extLineItemNumber": 2, "referenceLineItemNumber": 1, "subscriptionId": sub, "quantity": 10}]})
    };
    let priced = post(&app, &c, "?fetch-price=true", switch("PREVIEW_SWITCH")).await;
    assert_eq!(priced.status, 200, "{}", priced.text);
    assert!(
        priced.body["cancellingItems"][0]["pricing"]["lineItemPartnerPrice"].as_f64().is_some_and(|p| p < 0.0),
        "{}",
        priced.text
    );
    let switched = post(&app, &c, "", switch("SWITCH")).await;
    assert_eq!(switched.status, 202, "{}", switched.text);
    let done = poll_until_done(&app, &c, switched.body["orderId"].as_str().expect("orderId")).await;
    assert_eq!(done["status"], "1000", "{done}");
    let target_sub = done["lineItems"][0]["subscriptionId"].as_str().expect("target subscription").to_string();
    let source = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await.body;
    let target_now = app.get(&format!("/v3/customers/{c}/subscriptions/{target_sub}")).await.body;
    assert_eq!((source["currentQuantity"].as_i64(), target_now["currentQuantity"].as_i64()), (Some(15), Some(10)));
    assert_eq!(source["renewalDate"], target_now["renewalDate"], "the anniversary does not move");

    // The history tells the story: two NEW orders and a SWITCH.
    let history = app.get(&format!("/v3/customers/{c}/orders?start-date=2000-01-01")).await;
    let mut types: Vec<&str> =
        history.body["items"].as_array().expect("items").iter().filter_map(|o| o["orderType"].as_str()).collect();
    types.sort_unstable();
    assert_eq!(types, ["NEW", "NEW", "SWITCH"], "{}", history.text);
}
