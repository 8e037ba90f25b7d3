//! High Growth Offers (MOQ): `eligibleOffers` on PREVIEW_RENEWAL, `autoRenewal.renewalCode` with
//! `reset-renewal-code`, the renewal at the MOQ level, mid-term MOQ purchases and the
//! `5123`–`5134` rules (SPEC §4.15, §3.3; §6.3 T2-10).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};
use crate::time_travel::{advance, freeze};

/// Acrobat Pro for Teams.
const ACROBAT_PRO: &str = "65304520CA01A12";
/// Its MOQ offers.
const MOQ_100: &str = "65304520CA14X12";
const MOQ_250: &str = "65304520CA14Y12";
const MOQ_500: &str = "65304520CA14Z12";

async fn patch_sub(app: &TestApp, c: &str, s: &str, query: &str, body: Value) -> Answer {
    app.patch(&format!("/v3/customers/{c}/subscriptions/{s}{query}"), &body).await
}

async fn preview_renewal(app: &TestApp, c: &str) -> Answer {
    let a = app.post(&format!("/v3/customers/{c}/orders"), &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a
}

async fn enroll_3yc(app: &TestApp, c: &str) {
    let a = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!({})).await;
    assert_eq!(a.status, 200, "enroll: {}", a.text);
}

fn opt_in(code: &str, quantity: i64) -> Value {
    json!({"autoRenewal": {"enabled": true, "renewalQuantity": quantity, "renewalCode": code}})
}

#[tokio::test]
async fn t2_10_preview_renewal_lists_the_moq_offers_and_the_renewal_code_drives_the_anniversary() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, ACROBAT_PRO, 20).await;

    // Shown regardless of 3YC: 20 seats allow all three offers.
    let preview = preview_renewal(&app, &c).await;
    let offers = preview.body["eligibleOffers"].as_array().expect("eligibleOffers");
    let listed: Vec<(&str, &str, i64)> = offers
        .iter()
        .map(|o| {
            let min = o["eligibilityCriteria"]["minQuantity"].as_i64().unwrap_or(0);
            (o["offerId"].as_str().unwrap_or(""), o["renewalCode"].as_str().unwrap_or(""), min)
        })
        .collect();
    assert_eq!(listed, vec![(MOQ_100, "MOQ_100", 100), (MOQ_250, "MOQ_250", 250), (MOQ_500, "MOQ_500", 500)]);
    assert_eq!(offers[0]["eligibilityCriteria"]["additionalCriteria"], json!(["THREE_YEAR_COMMIT"]));
    assert!(offers[0]["eligibilityCriteria"].get("deploymentId").is_none(), "{}", preview.text);

    // 5128 before 3YC, then 5127 outside AD-7 … AD-3.
    advance(&mut app, json!({"advance": "P350D"})).await;
    patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 100)).await.assert_error(400, "5128");
    enroll_3yc(&app, &c).await;
    let early = patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 100)).await;
    early.assert_error(400, "5127");
    assert!(early.text.contains("2027-03-03") && early.text.contains("2027-03-07"), "names the window: {}", early.text);
    advance(&mut app, json!({"advance": "P10D"})).await;

    patch_sub(&app, &c, &sub, "", opt_in("MOQ_42", 100)).await.assert_error(400, "5123");
    patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 50)).await.assert_error(400, "5124");
    patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": false, "renewalCode": "MOQ_100"}}))
        .await
        .assert_error(400, "5125");

    // T2-10: opt in, shown on GET; no turning auto-renewal off; the preview buys the MOQ offer.
    let opted = patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 100)).await;
    assert_eq!(opted.status, 200, "{}", opted.text);
    assert_eq!(opted.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 100, "renewalCode": "MOQ_100"}));
    let got = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(got.body["autoRenewal"]["renewalCode"], "MOQ_100", "{}", got.text);
    patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": false}})).await.assert_error(400, "5134");
    let line = &preview_renewal(&app, &c).await.body["lineItems"][0];
    assert_eq!((line["offerId"].as_str(), line["quantity"].as_i64()), (Some(MOQ_100), Some(100)), "{line}");

    // reset-renewal-code=true removes it; auto-renewal may then be turned off.
    let reset = patch_sub(&app, &c, &sub, "?reset-renewal-code=true", json!({})).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert!(reset.body["autoRenewal"].get("renewalCode").is_none(), "{}", reset.text);
    assert_eq!(patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": false}})).await.status, 200);
    // Opting in without a quantity: the renewal is raised to the minimum.
    let again =
        patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": true, "renewalCode": "MOQ_100"}})).await;
    assert_eq!(
        (again.status, again.body["autoRenewal"]["renewalQuantity"].as_i64()),
        (200, Some(20)),
        "{}",
        again.text
    );

    // The anniversary renews 100 seats of the MOQ offer; the code stays for the 3YC term.
    let done = advance(&mut app, json!({"advance": "P5D"})).await;
    assert_eq!(done["renewalOrdersCreated"], 1, "{done}");
    let renewals = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL")).await;
    let renewal = &renewals.body["items"][0];
    assert_eq!(renewal["lineItems"][0]["offerId"], MOQ_100, "{}", renewals.text);
    assert_eq!(renewal["lineItems"][0]["quantity"], 100, "{}", renewals.text);
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["currentQuantity"].as_i64(), s.body["offerId"].as_str()), (Some(100), Some(ACROBAT_PRO)));
    assert_eq!(s.body["autoRenewal"]["renewalCode"], "MOQ_100", "{}", s.text);

    // Under the MOQ: no return below it (5133), no turning auto-renewal off (5134), no switch.
    let renewal_id = renewal["orderId"].as_str().expect("orderId");
    let ret = json!({"orderType": "RETURN", "referenceOrderId": renewal_id, "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": MOQ_100, "quantity": 100}]});
    app.post(&format!("/v3/customers/{c}/orders"), &ret).await.assert_error(400, "5133");
    let reset = patch_sub(&app, &c, &sub, "?reset-renewal-code=true", json!({})).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": false}})).await.assert_error(400, "5134");
    let paths = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}/offer-switch-paths")).await;
    let target = paths.body["productUpgrades"][0]["targetList"][0]["targetBaseOfferId"].as_str().map(str::to_string);
    let target = target.unwrap_or_else(|| panic!("a switch target: {}", paths.text));
    let switch = json!({"orderType": "PREVIEW_SWITCH", "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": target, "quantity": 10}],
        "cancellingItems": [{"extLineItemNumber": 2, "referenceLineItemNumber": 1, "subscriptionId": sub, "quantity": 10}]});
    app.post(&format!("/v3/customers/{c}/orders"), &switch).await.assert_error(400, "2154");

    // Portal: the customer's subscription table carries the RenewalCode column.
    let back = patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"renewalCode": "MOQ_100"}})).await;
    back.assert_error(400, "5127");
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &json!({})).await;
    assert_eq!(detail.body["subscriptions"][0]["renewalCode"], "", "{}", detail.text);

    // A new 3YC term may not take the same MOQ again (5132).
    // (Portal terms cannot start in the future: move to AD-6 first, then start the new term today.)
    advance(&mut app, json!({"advance": "P360D"})).await;
    let terms = json!({"startDate": "2028-03-04", "endDate": "2031-03-03"});
    let edited = app.portal(Method::PATCH, &format!("/customers/{c}/three-year-commit"), &terms).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 100)).await.assert_error(400, "5132");
    // 100 seats are above what MOQ_100 allows (≤ 50): 5126; MOQ_250 is fine.
    let higher = patch_sub(&app, &c, &sub, "", opt_in("MOQ_250", 250)).await;
    assert_eq!(higher.status, 200, "{}", higher.text);
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &json!({})).await;
    assert_eq!(detail.body["subscriptions"][0]["renewalCode"], "MOQ_250", "{}", detail.text);
}

#[tokio::test]
async fn seats_decide_the_offers_and_the_code_a_subscription_may_take() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, ACROBAT_PRO, 60).await;
    // 60 seats: MOQ_250 and MOQ_500 only.
    let preview = preview_renewal(&app, &c).await;
    let codes: Vec<&str> = preview.body["eligibleOffers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["renewalCode"].as_str())
        .collect();
    assert_eq!(codes, vec!["MOQ_250", "MOQ_500"], "{}", preview.text);
    enroll_3yc(&app, &c).await;
    advance(&mut app, json!({"advance": "P360D"})).await;
    patch_sub(&app, &c, &sub, "", opt_in("MOQ_100", 100)).await.assert_error(400, "5126");
    assert_eq!(patch_sub(&app, &c, &sub, "", opt_in("MOQ_250", 250)).await.status, 200);

    // A product outside the Acrobat group cannot take a renewal code; nor does it list offers.
    let (_, audition) = app.completed_order(&c, "65304479CA01A12", 5).await;
    patch_sub(&app, &c, &audition, "", opt_in("MOQ_250", 250)).await.assert_error(400, "5125");
}

#[tokio::test]
async fn a_mid_term_moq_purchase_sets_the_renewal_and_prices_later_seats_at_the_moq() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, ACROBAT_PRO, 20).await;
    let orders = format!("/v3/customers/{c}/orders");

    // Not a 3YC customer yet.
    let refused = app.order(&c, "NEW", MOQ_100, 100).await;
    refused.assert_error(400, "2129");
    assert!(refused.has_detail("Line Item: 1, Reason: CUSTOMER_NOT_ELIGIBLE_FOR_PURCHASE"), "{}", refused.text);
    enroll_3yc(&app, &c).await;
    // Below the offer's minimum.
    app.order(&c, "NEW", MOQ_100, 50).await.assert_error(400, "5131");
    app.order(&c, "PREVIEW", MOQ_100, 50).await.assert_error(400, "5131");
    // Only Acrobat Pro has MOQ offers.
    app.order(&c, "NEW", "65304479CA14X12", 100).await.assert_error(400, "2129");

    // Scenario 4 of Adobe's page: an explicit renewal of 25 is overridden by the MOQ's 100.
    let r = patch_sub(&app, &c, &sub, "", json!({"autoRenewal": {"enabled": true, "renewalQuantity": 25}})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (moq_order, moq_sub) = app.completed_order(&c, MOQ_100, 100).await;
    assert_eq!(moq_sub, sub, "the same product, the same subscription");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["currentQuantity"], 120, "{}", s.text);
    assert_eq!(s.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 100, "renewalCode": "MOQ_100"}));

    // Later seats of the product are priced at the MOQ level.
    let more = app.order(&c, "PREVIEW", ACROBAT_PRO, 10).await;
    assert_eq!(more.body["lineItems"][0]["offerId"], MOQ_100, "{}", more.text);
    // The highest MOQ bought wins the renewal (scenario 6).
    let (moq_250, _) = app.completed_order(&c, MOQ_250, 250).await;
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 250, "renewalCode": "MOQ_250"}));

    // Returns may not go below the MOQ in force: 370 - 250 ≥ 250 fails, 370 - 100 passes.
    let ret = |id: &str, offer: &str, q: i64| {
        json!({"orderType": "RETURN", "referenceOrderId": id, "currencyCode": "USD",
            "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": q}]})
    };
    app.post(&orders, &ret(&moq_250, MOQ_250, 250)).await.assert_error(400, "5133");
    assert_eq!(app.post(&orders, &ret(&moq_order, MOQ_100, 100)).await.status, 202);
}
