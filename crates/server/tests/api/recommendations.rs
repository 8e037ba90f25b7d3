//! Recommendations (SPEC §2.8.12 E34, §4.19; §6.3 T2-14) and the portal's overlay leads.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const TEAMS_ALL_APPS: &str = "65304578CA01A12";
const ACROBAT_TEAMS: &str = "65304520CA01A12";

fn product_name(offer: &str) -> String {
    vipmp_core::reference::offer(offer).map(|o| o.product.name.clone()).unwrap_or_default()
}

fn first(a: &Value, category: &str) -> String {
    a["productRecommendations"][category][0]["product"]["baseOfferId"].as_str().unwrap_or("").to_string()
}

async fn recommend(app: &TestApp, body: &Value) -> Answer {
    app.post("/v3/recommendations", body).await
}

#[tokio::test]
async fn t2_14_generic_recommendations_are_the_sandbox_triple_with_a_tracker_header() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let a = recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": c})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(product_name(&first(&a.body, "upsells")), "Creative Cloud All Apps Pro for Teams");
    assert_eq!(product_name(&first(&a.body, "crossSells")), "Express for Teams");
    assert_eq!(product_name(&first(&a.body, "addOns")), "AI Assistant for Acrobat for Enterprise");
    let up = &a.body["productRecommendations"]["upsells"][0];
    assert_eq!((up["rank"].as_i64(), up["source"]["sourceType"].as_str()), (Some(0), Some("OFFER")));
    assert!(a.body.get("overlayRecommendations").is_none(), "no leads, no overlay: {}", a.text);
    let tracker = a.headers.get("x-recommendation-tracker-id").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(tracker.len(), 36, "{:?}", a.headers);

    // The customer is GB: the products are the ones sold in Western Europe.
    let region =
        |id: &str| vipmp_core::reference::offer(id).map(|o| o.product.price_regions.clone()).unwrap_or_default();
    assert!(region(&first(&a.body, "upsells")).contains(&"WE".to_string()), "{}", a.text);
    let us = recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": c, "country": "US"})).await;
    assert!(region(&first(&us.body, "upsells")).contains(&"NA".to_string()), "{}", us.text);

    // Errors.
    let bad_country =
        recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": c, "country": "XX"})).await;
    bad_country.assert_error(400, "5136");
    assert!(bad_country.body["message"].as_str().is_some_and(|m| m.contains("XX")), "{}", bad_country.text);
    recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": c, "language": "DE"}))
        .await
        .assert_error(400, "5137");
    recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": "9999999999"}))
        .await
        .assert_error(404, "1116");
    recommend(&app, &json!({"recommendationContext": "GENERIC"})).await.assert_error(400, "1122");
    recommend(&app, &json!({"recommendationContext": "SOMETIMES", "customerId": c})).await.assert_error(400, "1117");
    recommend(&app, &json!({"recommendationContext": "GENERIC", "customerId": c, "foo": 1}))
        .await
        .assert_error(400, "1121");
}

#[tokio::test]
async fn t2_14_order_previews_recommend_by_cart_and_embed_errors() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let cart = json!({"recommendationContext": "ORDER_PREVIEW", "customerId": c, "country": "US",
        "offers": [{"offerId": TEAMS_ALL_APPS, "quantity": 5}, {"offerId": ACROBAT_TEAMS, "quantity": 5}]});
    let a = recommend(&app, &cart).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(product_name(&first(&a.body, "upsells")), "Creative Cloud All Apps Pro for Teams");
    assert_eq!(a.body["productRecommendations"]["upsells"][0]["source"]["offerIds"], json!([TEAMS_ALL_APPS]));
    assert_eq!(product_name(&first(&a.body, "addOns")), "AI Assistant for Acrobat for Teams");

    let preview = json!({"orderType": "PREVIEW", "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": TEAMS_ALL_APPS, "quantity": 5}]});
    let p = app
        .post(&format!("/v3/customers/{c}/orders?fetch-recommendations=true&recommendation-country=US"), &preview)
        .await;
    assert_eq!(p.status, 200, "{}", p.text);
    let rec = &p.body["recommendations"];
    assert_eq!(product_name(&first(rec, "upsells")), "Creative Cloud All Apps Pro for Teams", "{}", p.text);
    assert!(rec["productRecommendations"]["addOns"].as_array().is_some_and(Vec::is_empty), "{}", p.text);
    let plain = app.post(&format!("/v3/customers/{c}/orders"), &preview).await;
    assert!(plain.body.get("recommendations").is_none(), "{}", plain.text);

    // Only the recommendation part fails: the preview answers 200 with the error embedded.
    let bad = app
        .post(&format!("/v3/customers/{c}/orders?fetch-recommendations=true&recommendation-country=XX"), &preview)
        .await;
    assert_eq!(bad.status, 200, "{}", bad.text);
    assert_eq!(bad.body["lineItems"][0]["offerId"], "65304578CA01A12");
    let err = &bad.body["recommendations"]["errorDetails"];
    assert_eq!(err["code"], "5136", "{}", bad.text);
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("XX")) && err["invalidFields"].is_array(),
        "{}",
        bad.text
    );
    let lang = app
        .post(&format!("/v3/customers/{c}/orders?fetch-recommendations=true&recommendation-language=FR"), &preview)
        .await;
    assert_eq!(lang.body["recommendations"]["errorDetails"]["code"], "5137", "{}", lang.text);

    // A renewal preview without lines gets the generic triple.
    app.completed_order(&c, ACROBAT_TEAMS, 3).await;
    let r = app
        .post(&format!("/v3/customers/{c}/orders?fetch-recommendations=true"), &json!({"orderType": "PREVIEW_RENEWAL"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        product_name(&first(&r.body["recommendations"], "addOns")),
        "AI Assistant for Acrobat for Teams",
        "{}",
        r.text
    );
}

#[tokio::test]
async fn overlay_leads_are_seeded_listed_expire_and_are_consumed_by_an_order() {
    let mut app = TestApp::spawn().await;
    crate::time_travel::freeze(&app, "2026-07-15T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let path = format!("/customers/{c}/recommendation-leads");
    let lead = json!({"type": "new", "items": [{"offerId": ACROBAT_TEAMS, "quantity": 25}]});
    let added = app.portal(Method::POST, &path, &lead).await;
    assert_eq!(added.status, 201, "{}", added.text);
    assert_eq!(added.body["new"][0]["status"], "OPEN");
    assert_eq!(added.body["new"][0]["expiresAt"], "2026-08-14T12:00:00Z");
    let renew = json!({"type": "renew", "items": [{"offerId": TEAMS_ALL_APPS, "quantity": 5}], "expiresAt": "2026-07-20T00:00:00Z"});
    assert_eq!(app.portal(Method::POST, &path, &renew).await.status, 201);
    for bad in [
        json!({"type": "later", "items": [{"offerId": ACROBAT_TEAMS, "quantity": 1}]}),
        json!({"type": "new", "items": []}),
        json!({"type": "new", "items": [{"offerId": "NOPE", "quantity": 1}]}),
        json!({"type": "new", "items": [{"offerId": ACROBAT_TEAMS, "quantity": 0}]}),
        json!({"type": "new", "items": [{"offerId": ACROBAT_TEAMS, "quantity": 1}], "expiresAt": "2020-01-01T00:00:00Z"}),
        json!({"type": "new", "items": [{"offerId": ACROBAT_TEAMS, "quantity": 1}], "colour": "red"}),
    ] {
        app.portal(Method::POST, &path, &bad).await.assert_error(400, "P400");
    }
    app.portal(Method::POST, "/customers/9999999999/recommendation-leads", &lead).await.assert_error(404, "P404");

    let a = app.post("/v3/recommendations", &json!({"recommendationContext": "GENERIC", "customerId": c})).await;
    assert_eq!(
        a.body["overlayRecommendations"]["new"][0]["items"],
        json!([{"offerId": ACROBAT_TEAMS, "quantity": 25}]),
        "{}",
        a.text
    );
    assert_eq!(a.body["overlayRecommendations"]["renew"][0]["status"], "OPEN");
    // Time passes: the renew lead expires.
    crate::time_travel::advance(&mut app, json!({"advance": "P6D"})).await;
    let a = app.post("/v3/recommendations", &json!({"recommendationContext": "GENERIC", "customerId": c})).await;
    assert_eq!(a.body["overlayRecommendations"]["renew"][0]["status"], "EXPIRED", "{}", a.text);
    // A completed NEW order of the lead's product consumes it.
    app.completed_order(&c, ACROBAT_TEAMS, 25).await;
    let listed = app.portal(Method::GET, &path, &Value::Null).await;
    assert_eq!(listed.body["new"], json!([]), "{}", listed.text);
    assert_eq!(listed.body["renew"].as_array().map(Vec::len), Some(1));
    let cleared = app.portal(Method::DELETE, &path, &Value::Null).await;
    assert_eq!((cleared.status, &cleared.body["renew"]), (200, &json!([])), "{}", cleared.text);
    let a = app.post("/v3/recommendations", &json!({"recommendationContext": "GENERIC", "customerId": c})).await;
    assert!(a.body.get("overlayRecommendations").is_none(), "{}", a.text);
}

#[tokio::test]
async fn get_order_and_get_subscriptions_embed_recommendations_on_request() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (order, _) = app.completed_order(&c, ACROBAT_TEAMS, 3).await;
    let plain = app.get(&format!("/v3/customers/{c}/orders/{order}")).await;
    assert!(plain.body.get("recommendations").is_none(), "{}", plain.text);
    let o = app
        .get(&format!("/v3/customers/{c}/orders/{order}?fetch-recommendations=true&recommendation-country=US"))
        .await;
    assert_eq!(o.status, 200, "{}", o.text);
    assert_eq!(
        product_name(&first(&o.body["recommendations"], "addOns")),
        "AI Assistant for Acrobat for Teams",
        "{}",
        o.text
    );
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions?fetch-recommendations=true")).await;
    assert_eq!(subs.status, 200, "{}", subs.text);
    assert_eq!(product_name(&first(&subs.body["recommendations"], "addOns")), "AI Assistant for Acrobat for Teams");
    assert!(app.get(&format!("/v3/customers/{c}/subscriptions")).await.body.get("recommendations").is_none());
    let bad = app
        .get(&format!("/v3/customers/{c}/subscriptions?fetch-recommendations=true&recommendation-language=XX"))
        .await;
    assert_eq!(
        (bad.status, bad.body["recommendations"]["errorDetails"]["code"].as_str()),
        (200, Some("5137")),
        "{}",
        bad.text
    );
    assert_eq!(bad.body["totalCount"], 1);
}
