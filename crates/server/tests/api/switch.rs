//! Mid-term upgrades (SPEC §2.8.13 E35/E36, §4.16; §6.3 T2-15): the switch paths, the four
//! switch order types, their error codes and their effect on both subscriptions.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

/// Audition for Teams (COM, NA): 20 seats put a new customer at level 02.
const AUDITION: &str = "65304479CA01A12";
/// Creative Cloud All Apps for Teams: Audition's first target (`PARTIAL_ALLOWED`).
const ALL_APPS: &str = "65304578CA01A12";
/// The same at the customer's level 02, as lines are normalised.
const ALL_APPS_02: &str = "65304578CA02A12";
/// Audition Pro for Teams: Audition's `FULL_ONLY` target.
const AUDITION_PRO: &str = "65324898CA01A12";
/// Photoshop for Teams: not a target of Audition.
const PHOTOSHOP: &str = "65305159CA01A12";

fn switch_body(order_type: &str, offer: &str, quantity: i64, subscription: &str, cancel_quantity: i64) -> Value {
    json!({
        "orderType": order_type, "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": quantity}],
        "cancellingItems": [{"extLineItemNumber": 2, "referenceLineItemNumber": 1,
                             "subscriptionId": subscription, "quantity": cancel_quantity}]
    })
}

fn revert_body(order_type: &str, switch: &str, offer: &str, quantity: i64, subscription: &str) -> Value {
    let mut body = switch_body(order_type, offer, quantity, subscription, quantity);
    body["referenceOrderId"] = json!(switch);
    body
}

async fn place(app: &TestApp, customer: &str, query: &str, body: &Value) -> Answer {
    app.post(&format!("/v3/customers/{customer}/orders{query}"), body).await
}

async fn subscription(app: &TestApp, customer: &str, id: &str) -> Value {
    let a = app.get(&format!("/v3/customers/{customer}/subscriptions/{id}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
}

/// An active customer with a completed order of 20 Audition seats: (customer, subscription).
async fn customer_with_audition(app: &TestApp) -> (String, String) {
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 20).await;
    (c, sub)
}

/// A completed SWITCH of `quantity` seats to All Apps: (switch order id, target subscription id).
async fn completed_switch(app: &TestApp, c: &str, sub: &str, quantity: i64) -> (String, String) {
    let a = place(app, c, "", &switch_body("SWITCH", ALL_APPS, quantity, sub, quantity)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    let id = a.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let o = app.get(&format!("/v3/customers/{c}/orders/{id}")).await;
    assert_eq!(o.body["status"], "1000", "{}", o.text);
    (id, o.body["lineItems"][0]["subscriptionId"].as_str().expect("subscriptionId").to_string())
}

#[tokio::test]
async fn t2_15_switch_paths_list_product_upgrades() {
    let app = TestApp::spawn().await;
    let a = app.get("/v3/offer-switch-paths?market-segment=COM&country=US&language=MULT").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let upgrades = a.body["productUpgrades"].as_array().expect("productUpgrades");
    assert!(!upgrades.is_empty() && upgrades.len() <= 20, "{}", a.text);
    assert_eq!((a.body["limit"].as_i64(), a.body["offset"].as_i64()), (Some(20), Some(0)));
    assert_eq!(a.body["count"].as_u64(), Some(upgrades.len() as u64));
    assert!(a.body["totalCount"].as_i64() > Some(20), "{}", a.body["totalCount"]);
    for u in upgrades {
        assert_eq!(u["targetType"], "PRODUCT_LIST");
        assert!(u["sourceBaseOfferId"].as_str().is_some_and(|id| id.ends_with("CA01A12")), "{u}");
        let targets = u["targetList"].as_array().expect("targetList");
        assert_eq!(targets[0]["sequence"], 1, "{u}");
        assert!(targets.iter().all(|t| matches!(t["switchType"].as_str(), Some("FULL_ONLY" | "PARTIAL_ALLOWED"))));
    }
    assert_eq!(
        a.body["links"]["next"]["uri"],
        "/v3/offer-switch-paths?offset=20&limit=20&market-segment=COM&country=US&language=MULT"
    );

    let one = app.get(&format!("/v3/offer-switch-paths?market-segment=COM&country=US&offer-id={AUDITION}")).await;
    assert_eq!(one.body["totalCount"], 1, "{}", one.text);
    let targets = &one.body["productUpgrades"][0]["targetList"];
    assert_eq!(targets[0], json!({"targetBaseOfferId": ALL_APPS, "sequence": 1, "switchType": "PARTIAL_ALLOWED"}));
    assert_eq!(targets[2], json!({"targetBaseOfferId": AUDITION_PRO, "sequence": 3, "switchType": "FULL_ONLY"}));

    // The SPEC's sample: GOV Acrobat (Standard) to Acrobat Pro.
    let gov = app.get("/v3/offer-switch-paths?market-segment=GOV&country=US&offer-id=30002139CC01A12").await;
    assert_eq!(gov.body["productUpgrades"][0]["sourceBaseOfferId"], "30002139CC01A12", "{}", gov.text);
    assert_eq!(gov.body["productUpgrades"][0]["targetList"][0]["targetBaseOfferId"], "30002125CC01A12");
    // Products outside every family (Sign consumables) have none; countries filter by price region.
    let sign = app.get("/v3/offer-switch-paths?market-segment=COM&country=US&offer-id=65322435CAT1A12").await;
    assert_eq!((sign.status, sign.body["totalCount"].as_i64()), (200, Some(0)), "{}", sign.text);
    let jp = app.get(&format!("/v3/offer-switch-paths?market-segment=COM&country=JP&offer-id={AUDITION}")).await;
    assert_eq!(jp.body["totalCount"], 0, "{}", jp.text);
}

#[tokio::test]
async fn e35_paging_and_bad_parameters() {
    let app = TestApp::spawn().await;
    let page = app.get("/v3/offer-switch-paths?market-segment=EDU&country=US&limit=2&offset=2").await;
    assert_eq!((page.status, page.body["count"].as_i64()), (200, Some(2)), "{}", page.text);
    assert_eq!(
        page.body["links"]["prev"]["uri"],
        "/v3/offer-switch-paths?offset=0&limit=2&market-segment=EDU&country=US"
    );
    let big = app.get("/v3/offer-switch-paths?market-segment=COM&country=US&limit=500").await;
    assert_eq!(big.body["limit"], 50, "{}", big.text);
    let past = app.get("/v3/offer-switch-paths?market-segment=COM&country=US&offset=100000").await;
    past.assert_error(400, "1133");
    for (query, param) in [
        ("country=US", "market-segment"),
        ("market-segment=COM", "country"),
        ("market-segment=XXX&country=US", "market-segment"),
        ("market-segment=COM&country=ZZ", "country"),
        ("market-segment=COM&country=US&language=FR", "language"),
        ("market-segment=COM&country=US&offer-id=nope", "offer-id"),
        ("market-segment=COM&country=US&limit=0", "limit"),
        ("market-segment=COM&country=US&offset=-1", "offset"),
        ("market-segment=COM&country=US&customer-id=1005000001", "subscription-id"),
        ("market-segment=COM&country=US&market-segment=GOV", "market-segment"),
    ] {
        let a = app.get(&format!("/v3/offer-switch-paths?{query}")).await;
        a.assert_error(400, "1132");
        assert!(a.has_detail(param), "{query}: {}", a.text);
    }
}

#[tokio::test]
async fn e36_subscription_paths_and_the_customer_context_of_e35() {
    let app = TestApp::spawn().await;
    let (c, sub) = customer_with_audition(&app).await;
    let a = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}/offer-switch-paths")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["totalCount"], 1);
    assert_eq!(a.body["productUpgrades"][0]["sourceBaseOfferId"], AUDITION);
    assert_eq!(a.body["productUpgrades"][0]["targetList"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        a.body["links"]["self"]["uri"],
        format!("/v3/customers/{c}/subscriptions/{sub}/offer-switch-paths?offset=0&limit=20")
    );
    // E35 without segment and country: the subscription gives them.
    let b = app.get(&format!("/v3/offer-switch-paths?customer-id={c}&subscription-id={sub}")).await;
    assert_eq!(b.body["productUpgrades"], a.body["productUpgrades"], "{}", b.text);

    app.get(&format!("/v3/customers/{c}/subscriptions/nope/offer-switch-paths")).await.assert_error(404, "3115");
    app.get(&format!("/v3/customers/9999999999/subscriptions/{sub}/offer-switch-paths"))
        .await
        .assert_error(404, "1116");
    app.get(&format!("/v3/offer-switch-paths?customer-id={c}&subscription-id=nope")).await.assert_error(404, "3115");
    app.get(&format!("/v3/offer-switch-paths?customer-id=9999999999&subscription-id={sub}"))
        .await
        .assert_error(404, "1116");
    app.get(&format!("/v3/customers/{c}/subscriptions/{sub}/offer-switch-paths?language=XX"))
        .await
        .assert_error(400, "1132");
}

#[tokio::test]
async fn t2_15_preview_switch_prices_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (c, sub) = customer_with_audition(&app).await;
    place(&app, &c, "", &switch_body("PREVIEW_SWITCH", ALL_APPS, 5, &sub, 4)).await.assert_error(400, "2149");

    let a = place(&app, &c, "?fetch-price=true", &switch_body("PREVIEW_SWITCH", ALL_APPS, 5, &sub, 5)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!((a.body["orderId"].as_str(), a.body["status"].as_str()), (Some(""), Some("")), "{}", a.text);
    assert!(a.body.get("links").is_none(), "{}", a.text);
    let line = &a.body["lineItems"][0];
    assert_eq!(line["offerId"], ALL_APPS_02, "normalised to the customer's level");
    let item = &a.body["cancellingItems"][0];
    assert_eq!((item["subscriptionId"].as_str(), item["quantity"].as_i64()), (Some(sub.as_str()), Some(5)));
    assert_eq!(
        (item["offerId"].as_str(), item["referenceLineItemNumber"].as_i64()),
        (Some("65304479CA02A12"), Some(1))
    );
    let charge = line["pricing"]["lineItemPartnerPrice"].as_f64().expect("line price");
    let credit = item["pricing"]["lineItemPartnerPrice"].as_f64().expect("credit");
    assert!(charge > 0.0 && credit < 0.0, "{}", a.text);
    assert!(item["pricing"]["netPartnerPrice"].as_f64() < Some(0.0));
    assert_eq!(item["proratedDays"], line["proratedDays"]);
    let total = a.body["pricingSummary"][0]["totalLineItemPartnerPrice"].as_f64().expect("total");
    assert!((total - (charge + credit)).abs() < 0.005, "{total} vs {charge} + {credit}");

    let plain = place(&app, &c, "", &switch_body("PREVIEW_SWITCH", ALL_APPS, 5, &sub, 5)).await;
    assert!(plain.body["lineItems"][0].get("pricing").is_none(), "{}", plain.text);
    assert!(plain.body["cancellingItems"][0].get("pricing").is_none(), "{}", plain.text);
    let history = app.get(&format!("/v3/customers/{c}/orders?order-type=SWITCH")).await;
    assert_eq!(history.body["totalCount"], 0, "{}", history.text);
    assert_eq!(subscription(&app, &c, &sub).await["currentQuantity"], 20);
}

#[tokio::test]
async fn t2_15_switch_moves_the_quantity_and_revert_restores_it() {
    let app = TestApp::spawn().await;
    let (c, source) = customer_with_audition(&app).await;
    let renewal_date = subscription(&app, &c, &source).await["renewalDate"].clone();

    let a = place(&app, &c, "?reassign-users=true", &switch_body("SWITCH", ALL_APPS, 5, &source, 5)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!((a.body["orderType"].as_str(), a.body["status"].as_str()), (Some("SWITCH"), Some("1002")));
    assert!(a.body["lineItems"][0].get("pricing").is_none(), "no pricing on SWITCH: {}", a.text);
    assert_eq!(a.body["cancellingItems"][0]["status"], "1002");
    let switch_id = a.body["orderId"].as_str().expect("orderId").to_string();
    let stored = app.state.store.order(crate::helpers::DISTRIBUTOR_ID, &switch_id).await.expect("read").expect("order");
    assert!(stored.reassign_users, "reassign-users is recorded");

    app.run_jobs().await;
    let o = app.get(&format!("/v3/customers/{c}/orders/{switch_id}")).await;
    assert_eq!(
        (o.body["status"].as_str(), o.body["cancellingItems"][0]["status"].as_str()),
        (Some("1000"), Some("1000"))
    );
    let target = o.body["lineItems"][0]["subscriptionId"].as_str().expect("target").to_string();
    assert!(!target.is_empty() && target != source, "{}", o.text);
    let s = subscription(&app, &c, &source).await;
    assert_eq!((s["currentQuantity"].as_i64(), s["status"].as_str()), (Some(15), Some("1000")), "{s}");
    let t = subscription(&app, &c, &target).await;
    assert_eq!((t["currentQuantity"].as_i64(), t["status"].as_str()), (Some(5), Some("1000")), "{t}");
    assert_eq!((t["offerId"].as_str(), &t["renewalDate"]), (Some(ALL_APPS), &renewal_date), "same renewal date");
    let history = app.get(&format!("/v3/customers/{c}/orders?order-type=SWITCH")).await;
    assert_eq!(history.body["items"][0]["orderId"], switch_id.as_str(), "{}", history.text);
    let priced = app.get(&format!("/v3/customers/{c}/orders/{switch_id}?fetch-price=true")).await;
    assert!(
        priced.body["cancellingItems"][0]["pricing"]["lineItemPartnerPrice"].as_f64() < Some(0.0),
        "{}",
        priced.text
    );
    assert!(priced.body["pricingSummary"][0]["totalLineItemPartnerPrice"].is_number(), "{}", priced.text);
    let by_source = app.get(&format!("/v3/customers/{c}/orders?subscription-id={source}")).await;
    assert_eq!(by_source.body["totalCount"], 2, "the NEW order and the switch: {}", by_source.text);

    let preview = revert_body("PREVIEW_REVERT_SWITCH", &switch_id, AUDITION, 5, &target);
    let p = place(&app, &c, "?fetch-price=true", &preview).await;
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!((p.body["orderId"].as_str(), p.body["referenceOrderId"].as_str()), (Some(""), Some(switch_id.as_str())));
    assert!(p.body["cancellingItems"][0]["pricing"]["lineItemPartnerPrice"].as_f64() < Some(0.0), "{}", p.text);
    assert_eq!(subscription(&app, &c, &target).await["currentQuantity"], 5, "a preview changes nothing");

    let r = place(&app, &c, "", &revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &target)).await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(
        (r.body["orderType"].as_str(), r.body["referenceOrderId"].as_str()),
        (Some("REVERT_SWITCH"), Some(switch_id.as_str()))
    );
    let revert_id = r.body["orderId"].as_str().expect("orderId").to_string();
    app.run_jobs().await;
    let s = subscription(&app, &c, &source).await;
    assert_eq!((s["currentQuantity"].as_i64(), s["status"].as_str()), (Some(20), Some("1000")), "{s}");
    let t = subscription(&app, &c, &target).await;
    assert_eq!((t["currentQuantity"].as_i64(), t["status"].as_str()), (Some(0), Some("1004")), "{t}");
    let o = app.get(&format!("/v3/customers/{c}/orders/{switch_id}")).await;
    assert_eq!(o.body["status"], "1008", "the reverted switch is cancelled: {}", o.text);
    let history = app.get(&format!("/v3/customers/{c}/orders?order-type=REVERT_SWITCH")).await;
    assert_eq!(history.body["items"][0]["orderId"], revert_id.as_str(), "{}", history.text);

    // Once per switch.
    let again = place(&app, &c, "", &revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &target)).await;
    again.assert_error(400, "2133");
}

#[tokio::test]
async fn full_switch_deactivates_the_source_and_reuses_an_existing_target() {
    let app = TestApp::spawn().await;
    let (c, source) = customer_with_audition(&app).await;
    let (_, all_apps) = app.completed_order(&c, ALL_APPS, 2).await;
    let (_, target) = completed_switch(&app, &c, &source, 20).await;
    assert_eq!(target, all_apps, "the customer's All Apps subscription gains the seats");
    let s = subscription(&app, &c, &source).await;
    assert_eq!((s["currentQuantity"].as_i64(), s["status"].as_str()), (Some(0), Some("1004")), "{s}");
    assert_eq!(subscription(&app, &c, &target).await["currentQuantity"], 22);
    // FULL_ONLY to Audition Pro from another customer: part of the seats is refused, all of them go.
    let (c2, sub2) = customer_with_audition(&app).await;
    let part = place(&app, &c2, "", &switch_body("SWITCH", AUDITION_PRO, 5, &sub2, 5)).await;
    part.assert_error(400, "2150");
    let all = place(&app, &c2, "", &switch_body("PREVIEW_SWITCH", AUDITION_PRO, 20, &sub2, 20)).await;
    assert_eq!(all.status, 200, "{}", all.text);
}

#[tokio::test]
async fn switch_rules_answer_their_codes() {
    let app = TestApp::spawn().await;
    let (c, sub) = customer_with_audition(&app).await;
    let post = |body: Value| {
        let app = &app;
        let c = c.clone();
        async move { place(app, &c, "", &body).await }
    };
    let mut two_lines = switch_body("SWITCH", ALL_APPS, 5, &sub, 5);
    two_lines["lineItems"]
        .as_array_mut()
        .expect("lines")
        .push(json!({"extLineItemNumber": 3, "offerId": ALL_APPS, "quantity": 1}));
    post(two_lines).await.assert_error(400, "2152");
    let mut two_items = switch_body("SWITCH", ALL_APPS, 5, &sub, 5);
    let item = two_items["cancellingItems"][0].clone();
    let mut second = item.clone();
    second["extLineItemNumber"] = json!(4);
    two_items["cancellingItems"] = json!([item, second]);
    post(two_items).await.assert_error(400, "2152");
    let mut no_items = switch_body("SWITCH", ALL_APPS, 5, &sub, 5);
    no_items.as_object_mut().expect("object").remove("cancellingItems");
    let m = post(no_items).await;
    m.assert_error(400, "1122");
    assert!(m.has_detail("cancellingItems"), "{}", m.text);
    post(switch_body("SWITCH", ALL_APPS, 5, &sub, 6)).await.assert_error(400, "2149");
    post(switch_body("SWITCH", ALL_APPS, 21, &sub, 21)).await.assert_error(400, "2151");
    let mut wrong_ref = switch_body("SWITCH", ALL_APPS, 5, &sub, 5);
    wrong_ref["cancellingItems"][0]["referenceLineItemNumber"] = json!(9);
    post(wrong_ref).await.assert_error(400, "2153");
    post(switch_body("SWITCH", PHOTOSHOP, 5, &sub, 5)).await.assert_error(400, "2150");
    post(switch_body("SWITCH", "65304578CA12A12", 5, &sub, 5)).await.assert_error(400, "2154");
    post(switch_body("SWITCH", "65304578CA14X12", 5, &sub, 5)).await.assert_error(400, "2154");
    post(switch_body("SWITCH", ALL_APPS, 5, "nope", 5)).await.assert_error(404, "3115");
    post(switch_body("SWITCH", "99999999CA01A12", 5, &sub, 5)).await.assert_error(400, "2122");
    let mut flex = switch_body("PREVIEW_SWITCH", ALL_APPS, 5, &sub, 5);
    flex["lineItems"][0]["flexDiscountCodes"] = json!(["SPRING"]);
    let f = post(flex).await;
    f.assert_error(400, "1117");
    assert!(f.has_detail("lineItems[0].flexDiscountCodes"), "{}", f.text);
    place(&app, "9999999999", "", &switch_body("SWITCH", ALL_APPS, 5, &sub, 5)).await.assert_error(404, "1116");

    // One switch per subscription at a time.
    let first = post(switch_body("SWITCH", ALL_APPS, 5, &sub, 5)).await;
    assert_eq!(first.status, 202, "{}", first.text);
    post(switch_body("SWITCH", ALL_APPS, 5, &sub, 5)).await.assert_error(400, "4122");
    let open = first.body["orderId"].as_str().expect("orderId").to_string();
    post(revert_body("REVERT_SWITCH", &open, AUDITION, 5, &sub)).await.assert_error(400, "2116");
    app.run_jobs().await;
    assert_eq!(subscription(&app, &c, &sub).await["currentQuantity"], 15, "only the first switch applied");
}

#[tokio::test]
async fn revert_rules_answer_their_codes() {
    let mut app = TestApp::spawn().await;
    let (c, source) = customer_with_audition(&app).await;
    let (switch_id, target) = completed_switch(&app, &c, &source, 5).await;
    let post = |body: Value| {
        let app = &app;
        let c = c.clone();
        async move { place(app, &c, "", &body).await }
    };
    let mut missing = revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &target);
    missing.as_object_mut().expect("object").remove("referenceOrderId");
    let m = post(missing).await;
    m.assert_error(400, "1122");
    assert!(m.has_detail("referenceOrderId"), "{}", m.text);
    post(revert_body("REVERT_SWITCH", "5999999999", AUDITION, 5, &target)).await.assert_error(404, "2115");
    let (new_order, _) = app.completed_order(&c, AUDITION, 1).await;
    post(revert_body("REVERT_SWITCH", &new_order, AUDITION, 5, &target)).await.assert_error(400, "2116");
    post(revert_body("REVERT_SWITCH", &switch_id, ALL_APPS, 5, &target)).await.assert_error(400, "2153");
    post(revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &source)).await.assert_error(400, "2153");
    post(revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, "nope")).await.assert_error(404, "3115");
    post(revert_body("REVERT_SWITCH", &switch_id, AUDITION, 4, &target)).await.assert_error(400, "2132");
    let mut unequal = revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &target);
    unequal["cancellingItems"][0]["quantity"] = json!(4);
    post(unequal).await.assert_error(400, "2149");

    // The window is 14 days on the virtual clock.
    let clock = app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 15 * 86_400})).await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    app.token = app.fetch_token().await;
    let late = place(&app, &c, "", &revert_body("REVERT_SWITCH", &switch_id, AUDITION, 5, &target)).await;
    late.assert_error(400, "2134");
    assert_eq!(subscription(&app, &c, &target).await["currentQuantity"], 5, "nothing moved");
}

#[tokio::test]
async fn both_subscriptions_renew_after_a_partial_switch() {
    let app = TestApp::spawn().await;
    let (c, source) = customer_with_audition(&app).await;
    let (_, target) = completed_switch(&app, &c, &source, 5).await;
    let today = app.today();
    let a = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"cotermDate": today.to_string()})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let t = app.portal(Method::POST, &format!("/customers/{c}/auto-renewal/trigger"), &json!(null)).await;
    assert_eq!(t.status, 202, "{}", t.text);
    app.run_jobs().await;
    let h = app
        .get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01&end-date=2100-01-01"))
        .await;
    let lines = h.body["items"][0]["lineItems"].as_array().cloned().unwrap_or_default();
    let renewed: Vec<(&str, i64)> = lines
        .iter()
        .map(|l| (l["subscriptionId"].as_str().unwrap_or(""), l["quantity"].as_i64().unwrap_or(0)))
        .collect();
    assert!(renewed.contains(&(source.as_str(), 15)) && renewed.contains(&(target.as_str(), 5)), "{}", h.text);
    let next = vipmp_core::dates::add_years(today, 1).to_string();
    for sub in [&source, &target] {
        assert_eq!(subscription(&app, &c, sub).await["renewalDate"], next.as_str());
    }
}

#[tokio::test]
async fn a_switch_fails_when_a_return_took_the_seats_first() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (new_order, source) = app.completed_order(&c, AUDITION, 20).await;
    let ret = json!({"orderType": "RETURN", "referenceOrderId": new_order, "currencyCode": "USD",
                     "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA02A12", "quantity": 20}]});
    assert_eq!(place(&app, &c, "", &ret).await.status, 202);
    let a = place(&app, &c, "", &switch_body("SWITCH", ALL_APPS, 5, &source, 5)).await;
    assert_eq!(a.status, 202, "{}", a.text);
    app.run_jobs().await;
    let o = app.get(&format!("/v3/customers/{c}/orders/{}", a.body["orderId"].as_str().unwrap_or(""))).await;
    assert_eq!(
        (o.body["status"].as_str(), o.body["cancellingItems"][0]["status"].as_str()),
        (Some("1004"), Some("1004"))
    );
    assert_eq!(o.body["lineItems"][0]["subscriptionId"], "", "{}", o.text);
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert_eq!(subs.body["totalCount"], 1, "no target subscription: {}", subs.text);
    assert_eq!(subscription(&app, &c, &source).await["currentQuantity"], 0);
}
