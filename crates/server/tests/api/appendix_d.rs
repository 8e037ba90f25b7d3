//! SPEC Appendix D, the worked Tier-0 scenario, end to end in one test.

use reqwest::Method;
use serde_json::json;
use vipmp_core::dates::add_years;

use crate::helpers::TestApp;

#[tokio::test]
async fn worked_tier0_scenario() {
    let app = TestApp::spawn().await;
    let today = app.today();
    // 2. reseller, pending then active.
    let r = app.create_reseller().await;
    // 3. customer with a 3YC request.
    let mut body = app.customer_body(&r);
    body["benefits"] = json!([{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let created = app.post("/v3/customers", &body).await;
    assert_eq!((created.status, created.body["status"].clone()), (201, json!("1002")), "{}", created.text);
    assert_eq!(created.body["benefits"][0]["commitmentRequest"]["status"], "REQUESTED");
    let c = created.body["customerId"].as_str().unwrap_or_default().to_string();
    app.run_jobs().await;
    assert_eq!(app.get(&format!("/v3/resellers/{r}")).await.body["status"], "1000");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000");
    // 4. accept: ACCEPTED, cotermDate today+1y, end today+3y-1d.
    let accepted = app
        .portal(
            Method::POST,
            &format!("/customers/{c}/three-year-commit/decision"),
            &json!({"request": "commitmentRequest", "decision": "ACCEPT"}),
        )
        .await;
    let request = &accepted.body["benefits"][0]["commitmentRequest"];
    assert_eq!(request["status"], "ACCEPTED", "{}", accepted.text);
    assert_eq!(request["endDate"], (add_years(today, 3) - chrono::Duration::days(1)).to_string());
    assert_eq!(accepted.body["cotermDate"], add_years(today, 1).to_string());
    // 5. preview at the 3YC level.
    let preview = app.order(&c, "PREVIEW", "65304479CA01A12", 12).await;
    assert_eq!(preview.body["lineItems"][0]["offerId"], "65304479CA12A12", "{}", preview.text);
    // 6. NEW: committed, level 12.
    let new = app.order(&c, "NEW", "65304479CA01A12", 12).await;
    assert_eq!(new.body["lineItems"][0]["offerId"], "65304479CA12A12");
    app.run_jobs().await;
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["benefits"][0]["commitment"]["status"], "COMMITTED");
    assert_eq!(customer.body["benefits"][0]["commitmentRequest"], serde_json::Value::Null);
    assert_eq!(customer.body["discounts"][0], json!({"offerType": "LICENSE", "level": "12"}));
    assert_eq!(customer.body["cotermDate"], add_years(today, 1).to_string());
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    let s = subs.body["items"][0]["subscriptionId"].as_str().unwrap_or_default().to_string();
    assert_eq!(subs.body["items"][0]["renewalDate"], add_years(today, 1).to_string());
    // 7. cotermDate today moves the renewal date.
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"cotermDate": today.to_string()})).await;
    assert_eq!(app.get(&format!("/v3/customers/{c}/subscriptions/{s}")).await.body["renewalDate"], today.to_string());
    // 8. edit the 3YC end date.
    let end = add_years(today, 2).to_string();
    app.portal(Method::PATCH, &format!("/customers/{c}/three-year-commit"), &json!({"endDate": end})).await;
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["benefits"][0]["commitment"]["endDate"], end);
    // 9. trigger, then an immediate second one is refused.
    let trigger = format!("/customers/{c}/auto-renewal/trigger");
    assert_eq!(app.portal(Method::POST, &trigger, &json!(null)).await.status, 202);
    let second = app.portal(Method::POST, &trigger, &json!(null)).await;
    second.assert_error(429, "P429");
    // 10. the RENEWAL order at the 3YC level rolls both dates.
    app.run_jobs().await;
    let renewals = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL")).await;
    let o2 = &renewals.body["items"][0];
    assert_eq!((o2["source"].clone(), o2["status"].clone()), (json!("System"), json!("1000")), "{}", renewals.text);
    assert_eq!(o2["lineItems"][0]["offerId"], "65304479CA12A12");
    assert_eq!(o2["lineItems"][0]["quantity"], 12);
    let next = add_years(today, 1).to_string();
    assert_eq!(app.get(&format!("/v3/customers/{c}/subscriptions/{s}")).await.body["renewalDate"], next);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], next);
    // 11. disable, cotermDate today, customer inactive, +121 s, trigger: S expires, no order.
    let off =
        app.patch(&format!("/v3/customers/{c}/subscriptions/{s}"), &json!({"autoRenewal": {"enabled": false}})).await;
    assert_eq!(off.status, 200, "{}", off.text);
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"cotermDate": today.to_string(), "status": "1004"}))
        .await;
    app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 121})).await;
    assert_eq!(app.portal(Method::POST, &trigger, &json!(null)).await.status, 202);
    app.run_jobs().await;
    let expired = app.get(&format!("/v3/customers/{c}/subscriptions/{s}")).await;
    assert_eq!(expired.body["status"], "1004");
    assert_eq!(expired.body["allowedActions"], json!(["MANUAL_RENEWAL"]));
    let count = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
    assert_eq!(count.body["totalCount"], 1, "no new order");
    // 12. active again; a late RENEWAL order brings S back.
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1000"})).await;
    let late = app
        .post(&format!("/v3/customers/{c}/orders"), &json!({"orderType": "RENEWAL", "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA12A12", "quantity": 12, "subscriptionId": s}]}))
        .await;
    assert_eq!(late.status, 202, "{}", late.text);
    app.run_jobs().await;
    let back = app.get(&format!("/v3/customers/{c}/subscriptions/{s}")).await;
    assert_eq!(back.body["status"], "1000", "{}", back.text);
    assert!(back.body.get("allowedActions").is_none());
    // 13. global sales on for the distributor, then for the customer.
    app.portal(Method::POST, "/partners/5000000001/global-sales", &json!({"enabled": true})).await;
    let gs = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"globalSalesEnabled": true})).await;
    assert_eq!(gs.status, 200, "{}", gs.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["globalSalesEnabled"], true);
}
