//! Flexible discounts (SPEC §2.8.11, §4.14; §6.3 T2-11, T2-12, T2-13) and the placeholder
//! preview (§7 Q-FAKEPREVIEW).

use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};
use crate::time_travel::{advance, freeze};

const AUDITION: &str = "65304479CA01A12";
const ACROBAT: &str = "65304520CA01A12";
const ADD_ON: &str = "30001560CA01A12";

fn codes(a: &Answer) -> Vec<String> {
    a.body["flexDiscounts"]
        .as_array()
        .expect("flexDiscounts")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn find<'a>(a: &'a Answer, code: &str) -> &'a Value {
    a.body["flexDiscounts"]
        .as_array()
        .and_then(|l| l.iter().find(|d| d["code"] == code))
        .unwrap_or_else(|| panic!("{code} not in {}", a.text))
}

fn order_body(order_type: &str, offer: &str, quantity: i64, codes: Value) -> Value {
    json!({
        "orderType": order_type, "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": quantity, "flexDiscountCodes": codes}]
    })
}

async fn place(app: &TestApp, c: &str, body: &Value) -> Answer {
    app.post(&format!("/v3/customers/{c}/orders?fetch-price=true"), body).await
}

#[tokio::test]
async fn t2_11_discovery_lists_open_discounts_with_every_field_and_keeps_filters_in_links() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-07-15T12:00:00Z").await;
    let a = app.get("/v3/flex-discounts?market-segment=COM&country=US&limit=50").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let listed = codes(&a);
    for code in
        ["SAVE10", "INTRO15", "ACROBAT20", "ALLAPPS399", "NA30", "SANDBOX_FAILURE", "SPRING_PROMO", "BLACK_FRIDAY"]
    {
        assert!(listed.contains(&code.to_string()), "{code} missing: {listed:?}");
    }
    assert!(!listed.contains(&"PARTNER_CLOSED25".to_string()), "closed codes are not listed");
    for d in a.body["flexDiscounts"].as_array().expect("list") {
        for field in ["id", "category", "code", "name", "description", "startDate", "endDate", "status"] {
            assert!(d[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {d}");
        }
        assert!(d["qualification"]["baseOfferIds"].is_array(), "{d}");
        let outcome = &d["outcomes"][0];
        assert!(outcome["type"].as_str().is_some_and(|t| t.ends_with("DISCOUNT") || t == "FIXED_PRICE"), "{d}");
        assert!(outcome["discountValues"][0]["value"].is_number(), "{d}");
        assert_eq!(d["status"], "ACTIVE", "default listing is ACTIVE only: {d}");
    }
    assert_eq!(a.body["count"], a.body["flexDiscounts"].as_array().map(Vec::len).unwrap_or(0));
    // Future-dated discounts are listed as ACTIVE: the next spring, this year's Black Friday.
    let spring = find(&a, "SPRING_PROMO");
    assert_eq!(
        (spring["status"].as_str(), spring["startDate"].as_str()),
        (Some("ACTIVE"), Some("2027-03-01T00:00:00Z"))
    );
    let bf = find(&a, "BLACK_FRIDAY");
    assert_eq!(bf["startDate"], "2026-11-01T00:00:00Z");
    assert_eq!(bf["endDate"], "2026-12-31T23:59:59Z");
    assert_eq!(bf["discountLockEndDate"], "2029-03-31T23:59:59Z");
    assert_eq!(bf["outcomes"][0]["type"], "FIXED_DISCOUNT");
    assert!(
        bf["outcomes"][0]["discountValues"]
            .as_array()
            .expect("values")
            .iter()
            .any(|v| v["currency"] == "USD" && v["value"] == 10.0)
    );
    assert_eq!(
        find(&a, "SAVE10")["outcomes"][0],
        json!({"type": "PERCENTAGE_DISCOUNT", "discountValues": [{"value": 10.0}]})
    );

    // Paging keeps the filters.
    let p = app.get("/v3/flex-discounts?market-segment=COM&country=US&categories=STANDARD&limit=2").await;
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(p.body["count"], 2);
    let next = p.body["links"]["next"]["uri"].as_str().expect("next");
    for part in ["market-segment=COM", "country=US", "categories=STANDARD", "offset=2", "limit=2"] {
        assert!(next.contains(part), "{part} not in {next}");
    }
    assert!(next.starts_with("/v3/flex-discounts?"), "{next}");
    let second = app.get(next).await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!(second.body["offset"], 2);
    assert!(codes(&second).iter().all(|c| !codes(&p).contains(c)), "pages do not overlap");

    // Errors.
    app.get("/v3/flex-discounts?market-segment=COM&country=ZZ").await.assert_error(400, "1178");
    let id = find(&a, "SAVE10")["id"].as_str().expect("id").to_string();
    app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-id={id}&categories=STANDARD"))
        .await
        .assert_error(400, "1132");
    app.get("/v3/flex-discounts?country=US").await.assert_error(400, "1132");
    app.get("/v3/flex-discounts?market-segment=XYZ&country=US").await.assert_error(400, "1132");
    app.get("/v3/flex-discounts?market-segment=COM&country=US&categories=OTHER").await.assert_error(400, "1132");
    app.get("/v3/flex-discounts?market-segment=COM&country=US&limit=51").await.assert_error(400, "1132");
    app.get("/v3/flex-discounts?market-segment=COM&country=US&start-date=yesterday").await.assert_error(400, "1132");
    app.get("/v3/flex-discounts?market-segment=COM&country=US&offset=500").await.assert_error(400, "1133");

    // One by id, by code, by category, by offer.
    let one = app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-id={id}")).await;
    assert_eq!((one.status, codes(&one)), (200, vec!["SAVE10".to_string()]), "{}", one.text);
    let by_code = app.get("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-code=NA30").await;
    assert_eq!(codes(&by_code), vec!["NA30".to_string()]);
    let intro = app.get("/v3/flex-discounts?market-segment=COM&country=US&categories=INTRO").await;
    assert!(
        intro.body["flexDiscounts"].as_array().expect("list").iter().all(|d| d["category"] == "INTRO"),
        "{}",
        intro.text
    );
    assert!(codes(&intro).contains(&"INTRO15".to_string()));
    let acrobat = app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&offer-ids={ACROBAT}")).await;
    assert!(codes(&acrobat).contains(&"ACROBAT20".to_string()), "{}", acrobat.text);
    let audition = app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&offer-ids={AUDITION}")).await;
    assert!(!codes(&audition).contains(&"ACROBAT20".to_string()), "{}", audition.text);
    assert!(codes(&audition).contains(&"SAVE10".to_string()));
    // Country scope: NA30 is for the US and Canada only.
    let fr = app.get("/v3/flex-discounts?market-segment=COM&country=FR").await;
    assert!(!codes(&fr).contains(&"NA30".to_string()) && codes(&fr).contains(&"SAVE10".to_string()), "{}", fr.text);
    // Reusable ones only on request: last year's Black Friday.
    assert!(a.body["flexDiscounts"].as_array().expect("l").iter().all(|d| d["status"] != "REUSABLE"));
    let reusable = app
        .get("/v3/flex-discounts?market-segment=COM&country=US&include-eligible-reusable-discounts=true&limit=50")
        .await;
    let reusable_ends: Vec<&str> = reusable.body["flexDiscounts"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "BLACK_FRIDAY" && d["status"] == "REUSABLE")
        .filter_map(|d| d["endDate"].as_str())
        .collect();
    assert_eq!(reusable_ends, ["2024-12-31T23:59:59Z", "2025-12-31T23:59:59Z"], "{}", reusable.text);
    // The legacy live-only form.
    let live = app.get("/v3/flex-discounts?market-segment=COM&country=US&start-date=2026-07-15&limit=50").await;
    assert!(!codes(&live).contains(&"SPRING_PROMO".to_string()), "{}", live.text);
    assert!(codes(&live).contains(&"SUMMER_REUSE".to_string()), "{}", live.text);
}

#[tokio::test]
async fn t2_12_codes_on_orders_price_the_line_and_every_refusal_has_its_code() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-07-15T12:00:00Z").await;
    let (_, c) = app.active_customer().await;

    let plain = place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!([]))).await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    let p = plain.body["lineItems"][0]["pricing"]["partnerPrice"].as_f64().expect("price");
    assert!(plain.body["lineItems"][0].get("flexDiscounts").is_none(), "{}", plain.text);

    let a = place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["SAVE10"]))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let line = &a.body["lineItems"][0];
    assert_eq!(line["flexDiscounts"][0]["code"], "SAVE10");
    assert_eq!(line["flexDiscounts"][0]["result"], "SUCCESS");
    assert_eq!(line["flexDiscounts"][0]["id"].as_str().map(str::len), Some(36));
    assert_eq!(line["pricing"]["partnerPrice"].as_f64(), Some(p));
    let discounted = line["pricing"]["discountedPartnerPrice"].as_f64().expect("discounted");
    assert!((discounted - (p * 0.9 * 100.0).round() / 100.0).abs() < 1e-9, "{discounted} vs {p}");
    let total_plain = plain.body["pricingSummary"][0]["totalLineItemPartnerPrice"].as_f64().expect("total");
    let total = a.body["pricingSummary"][0]["totalLineItemPartnerPrice"].as_f64().expect("total");
    assert!(total < total_plain, "{total} < {total_plain}");

    let fixed = place(&app, &c, &order_body("PREVIEW", ACROBAT, 1, json!(["ACROBAT20"]))).await;
    let fp = &fixed.body["lineItems"][0]["pricing"];
    assert_eq!(fixed.status, 200, "{}", fixed.text);
    let expected = (fp["partnerPrice"].as_f64().expect("p") - 20.0).max(0.0);
    assert!((fp["discountedPartnerPrice"].as_f64().expect("d") - expected).abs() < 0.005, "{fp}");

    // Refusals.
    let two = place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["SAVE10", "INTRO15"]))).await;
    two.assert_error(400, "2147");
    assert!(two.has_detail("Line Item: 1"), "{}", two.text);
    let unknown = place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["NO_SUCH_CODE"]))).await;
    unknown.assert_error(400, "2146");
    assert!(unknown.has_detail("Line Item: 1, Reason: NOT_FOUND"), "{}", unknown.text);
    for code in ["SANDBOX_FAILURE", "INTRO_FAILURE"] {
        for t in ["PREVIEW", "NEW"] {
            let f = place(&app, &c, &order_body(t, AUDITION, 10, json!([code]))).await;
            f.assert_error(400, "2141");
            assert!(f.has_detail("Line Item: 1, Reason: Invalid Flexible Discount"), "{}", f.text);
        }
    }
    place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["ACROBAT20"]))).await.assert_error(400, "2141");
    place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["SPRING_PROMO"]))).await.assert_error(400, "2141");
    place(&app, &c, &order_body("PREVIEW", ADD_ON, 1, json!(["SAVE10"]))).await.assert_error(400, "2145");
    place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["THREEYC5"]))).await.assert_error(400, "2166");
    let hvd = json!({"orderType": "PREVIEW", "currencyCode": "USD", "lineItems": [{"extLineItemNumber": 1,
        "offerId": AUDITION, "quantity": 10, "discountCode": "HVD_L17_PRE", "flexDiscountCodes": ["SAVE10"]}]});
    place(&app, &c, &hvd).await.assert_error(400, "2144");
    // NA30 is for US and Canadian customers; this one is in GB.
    place(&app, &c, &order_body("PREVIEW", AUDITION, 10, json!(["NA30"]))).await.assert_error(400, "2141");
    // One invalid code fails the whole order, and nothing is stored.
    let mixed = json!({"orderType": "NEW", "currencyCode": "USD", "lineItems": [
        {"extLineItemNumber": 1, "offerId": AUDITION, "quantity": 10, "flexDiscountCodes": ["SAVE10"]},
        {"extLineItemNumber": 2, "offerId": ACROBAT, "quantity": 1, "flexDiscountCodes": ["SANDBOX_FAILURE"]}]});
    let m = place(&app, &c, &mixed).await;
    m.assert_error(400, "2141");
    assert!(m.has_detail("Line Item: 2, Reason: Invalid Flexible Discount"), "{}", m.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}/orders")).await.body["totalCount"], 0);

    // A closed code works when typed; NEW keeps the discount on the order.
    let new = place(&app, &c, &order_body("NEW", AUDITION, 10, json!(["PARTNER_CLOSED25"]))).await;
    assert_eq!(new.status, 202, "{}", new.text);
    assert_eq!(new.body["lineItems"][0]["flexDiscounts"][0]["code"], "PARTNER_CLOSED25");
    let order_id = new.body["orderId"].as_str().expect("id").to_string();
    app.run_jobs().await;
    let got = app.get(&format!("/v3/customers/{c}/orders/{order_id}?fetch-price=true")).await;
    assert_eq!(got.body["status"], "1000", "{}", got.text);
    assert_eq!(got.body["lineItems"][0]["flexDiscounts"][0]["result"], "SUCCESS");
    let gp = &got.body["lineItems"][0]["pricing"];
    let expected = (gp["partnerPrice"].as_f64().expect("p") * 0.75 * 100.0).round() / 100.0;
    assert!((gp["discountedPartnerPrice"].as_f64().expect("d") - expected).abs() < 1e-9, "{gp}");

    // INTRO only for a product the customer never had; a one-time code only once.
    place(&app, &c, &order_body("PREVIEW", AUDITION, 1, json!(["INTRO15"]))).await.assert_error(400, "2141");
    let intro = place(&app, &c, &order_body("PREVIEW", ACROBAT, 1, json!(["INTRO15"]))).await;
    assert_eq!(intro.status, 200, "{}", intro.text);
    let once = place(&app, &c, &order_body("NEW", ACROBAT, 1, json!(["WELCOME20"]))).await;
    assert_eq!(once.status, 202, "{}", once.text);
    place(&app, &c, &order_body("PREVIEW", ACROBAT, 1, json!(["WELCOME20"]))).await.assert_error(400, "2141");
}

#[tokio::test]
async fn placeholder_ids_preview_a_new_customer_and_store_nothing() {
    let app = TestApp::spawn().await;
    let a = place(&app, "1234567890", &order_body("PREVIEW", "65304479CA03A12", 20, json!(["SAVE10"]))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["customerId"], "1234567890");
    let line = &a.body["lineItems"][0];
    assert_eq!(line["offerId"], "65304479CA02A12", "the level comes from the order alone: {}", a.text);
    assert_eq!(line["flexDiscounts"][0]["result"], "SUCCESS");
    assert!(line["pricing"]["netPartnerPrice"].is_number(), "{}", a.text);
    assert!(a.body.get("links").is_none());
    // The suffix names the segment: a COM offer is not for an EDU placeholder.
    let edu = place(&app, "1234567890EDU", &order_body("PREVIEW", "65304479CA01A12", 1, json!([]))).await;
    edu.assert_error(400, "2129");
    assert!(edu.has_detail("Line Item: 1, Reason: INELIGIBLE_MARKET_SEGMENT"), "{}", edu.text);
    // Only PREVIEW, only the placeholders; nothing exists afterwards.
    place(&app, "1234567890", &order_body("NEW", "65304479CA01A12", 1, json!([]))).await.assert_error(404, "1116");
    place(&app, "1234567899", &order_body("PREVIEW", "65304479CA01A12", 1, json!([]))).await.assert_error(404, "1116");
    app.get("/v3/customers/1234567890").await.assert_error(404, "1116");
    app.get("/v3/customers/1234567890/orders").await.assert_error(404, "1116");
}

async fn subscription(app: &TestApp, c: &str, s: &str) -> Value {
    let a = app.get(&format!("/v3/customers/{c}/subscriptions/{s}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
}

#[tokio::test]
async fn t2_13_codes_on_subscriptions_show_in_renewal_previews_and_reset() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-07-15T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 10).await;
    let path = format!("/v3/customers/{c}/subscriptions/{sub}");

    let a = app.patch(&path, &json!({"autoRenewal": {"enabled": true, "flexDiscountCodes": ["SAVE10"]}})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["autoRenewal"]["flexDiscountCodes"], json!(["SAVE10"]));
    assert_eq!(subscription(&app, &c, &sub).await["autoRenewal"]["flexDiscountCodes"], json!(["SAVE10"]));

    let preview = json!({"orderType": "PREVIEW_RENEWAL"});
    let r = app.post(&format!("/v3/customers/{c}/orders?fetch-price=true"), &preview).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let line = &r.body["lineItems"][0];
    assert_eq!(line["flexDiscounts"][0]["code"], "SAVE10");
    assert_eq!(line["flexDiscounts"][0]["result"], "SUCCESS");
    let p = line["pricing"]["partnerPrice"].as_f64().expect("p");
    assert!(
        (line["pricing"]["discountedPartnerPrice"].as_f64().expect("d") - (p * 0.9 * 100.0).round() / 100.0).abs()
            < 1e-9
    );

    // A code that does not apply is reported inline; the preview still answers 200.
    let f = app.patch(&path, &json!({"autoRenewal": {"flexDiscountCodes": ["SANDBOX_FAILURE"]}})).await;
    assert_eq!(f.status, 200, "{}", f.text);
    let r = app.post(&format!("/v3/customers/{c}/orders?fetch-price=true"), &preview).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let line = &r.body["lineItems"][0];
    assert_eq!(
        (line["flexDiscounts"][0]["code"].as_str(), line["flexDiscounts"][0]["result"].as_str()),
        (Some("SANDBOX_FAILURE"), Some("FAILURE"))
    );
    assert_eq!(line["pricing"]["discountedPartnerPrice"], line["pricing"]["partnerPrice"]);

    // Two codes are refused; reset removes them.
    app.patch(&path, &json!({"autoRenewal": {"flexDiscountCodes": ["SAVE10", "NA30"]}}))
        .await
        .assert_error(400, "2147");
    let reset = app.patch(&format!("{path}?reset-flex-discount-codes=true"), &json!({})).await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    assert!(reset.body["autoRenewal"].get("flexDiscountCodes").is_none(), "{}", reset.text);
    assert!(subscription(&app, &c, &sub).await["autoRenewal"].get("flexDiscountCodes").is_none());
    let r = app.post(&format!("/v3/customers/{c}/orders"), &preview).await;
    assert!(r.body["lineItems"][0].get("flexDiscounts").is_none(), "{}", r.text);
}

#[tokio::test]
async fn t2_13_a_reusable_discount_applies_after_its_end_until_its_lock_and_at_renewal() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-11-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    let (_, other) = app.active_customer().await;
    let bought = place(&app, &c, &order_body("NEW", AUDITION, 10, json!(["BLACK_FRIDAY"]))).await;
    assert_eq!(bought.status, 202, "{}", bought.text);
    app.run_jobs().await;
    let id = bought.body["lineItems"][0]["flexDiscounts"][0]["id"].as_str().expect("id").to_string();

    // After the end date: listed for the customer as REUSABLE, usable for seat additions by it only.
    advance(&mut app, json!({"advance": "P70D"})).await;
    let mine = app.get(&format!("/v3/customers/{c}/flex-discounts")).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    assert_eq!(mine.body["totalCount"], 1, "{}", mine.text);
    assert_eq!(
        (mine.body["flexDiscounts"][0]["id"].as_str(), mine.body["flexDiscounts"][0]["status"].as_str()),
        (Some(id.as_str()), Some("REUSABLE"))
    );
    assert_eq!(app.get(&format!("/v3/customers/{other}/flex-discounts")).await.body["totalCount"], 0);
    app.get("/v3/customers/9999999999/flex-discounts").await.assert_error(404, "1116");
    let more = place(&app, &c, &order_body("PREVIEW", AUDITION, 5, json!(["BLACK_FRIDAY"]))).await;
    assert_eq!(more.status, 200, "{}", more.text);
    assert_eq!(more.body["lineItems"][0]["flexDiscounts"][0]["id"], id.as_str());
    place(&app, &other, &order_body("PREVIEW", AUDITION, 5, json!(["BLACK_FRIDAY"]))).await.assert_error(400, "2141");

    // Without opting in, the renewal preview and the renewal itself carry it.
    let r = app.post(&format!("/v3/customers/{c}/orders"), &json!({"orderType": "PREVIEW_RENEWAL"})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["lineItems"][0]["flexDiscounts"][0]["code"], "BLACK_FRIDAY", "{}", r.text);
    advance(&mut app, json!({"set": "2027-11-11"})).await;
    let renewals = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
    assert_eq!(renewals.body["totalCount"], 1, "{}", renewals.text);
    let line = &renewals.body["items"][0]["lineItems"][0];
    assert_eq!(
        (line["flexDiscounts"][0]["id"].as_str(), line["flexDiscounts"][0]["result"].as_str()),
        (Some(id.as_str()), Some("SUCCESS")),
        "{}",
        renewals.text
    );

    // Past the lock date it is gone.
    advance(&mut app, json!({"set": "2029-04-02"})).await;
    assert_eq!(app.get(&format!("/v3/customers/{c}/flex-discounts")).await.body["totalCount"], 0);
}

#[tokio::test]
async fn every_segment_lists_usable_discounts() {
    let app = TestApp::spawn().await;
    for (segment, country) in [("COM", "US"), ("EDU", "DE"), ("GOV", "US"), ("COM", "JP"), ("EDU", "AU")] {
        let a = app.get(&format!("/v3/flex-discounts?market-segment={segment}&country={country}")).await;
        assert_eq!(a.status, 200, "{}", a.text);
        assert!(codes(&a).contains(&"SAVE10".to_string()), "{segment} {country}: {}", a.text);
    }
}

#[tokio::test]
async fn portal_lists_every_discount_and_edits_reusable_end_dates_within_their_range() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-11-10T12:00:00Z").await;
    let all = app.portal(reqwest::Method::GET, "/flex-discounts?marketSegment=COM&country=US", &Value::Null).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let items = all.body["items"].as_array().expect("items").clone();
    assert_eq!(all.body["totalCount"], items.len());
    let code_of = |d: &Value| d["code"].as_str().unwrap_or("").to_string();
    let listed: Vec<String> = items.iter().map(code_of).collect();
    for code in ["PARTNER_CLOSED25", "SANDBOX_FAILURE", "INTRO_FAILURE", "BLACK_FRIDAY", "SAVE10"] {
        assert!(listed.contains(&code.to_string()), "{code}: {listed:?}");
    }
    let closed = items.iter().find(|d| d["code"] == "PARTNER_CLOSED25").expect("closed");
    assert_eq!((closed["listed"].as_bool(), closed["marketSegment"].as_str()), (Some(false), Some("COM")));
    assert!(items.iter().all(|d| d["marketSegment"] == "COM"));
    let renewal = app.portal(reqwest::Method::GET, "/flex-discounts?usage=RENEWAL", &Value::Null).await;
    assert!(
        renewal.body["items"].as_array().expect("items").iter().all(|d| d["category"] != "INTRO"),
        "{}",
        renewal.text
    );
    let every = app.portal(reqwest::Method::GET, "/flex-discounts?marketSegment=ALL&country=ALL", &Value::Null).await;
    let segments: std::collections::BTreeSet<&str> =
        every.body["items"].as_array().expect("items").iter().filter_map(|d| d["marketSegment"].as_str()).collect();
    assert_eq!(segments.into_iter().collect::<Vec<_>>(), ["COM", "EDU", "GOV"]);
    for bad in ["marketSegment=XYZ", "country=ZZ", "usage=SOMETIMES"] {
        app.portal(reqwest::Method::GET, &format!("/flex-discounts?{bad}"), &Value::Null)
            .await
            .assert_error(400, "P400");
    }

    // The live Black Friday: its end can move within (start, lock end).
    let bf = items.iter().find(|d| d["code"] == "BLACK_FRIDAY" && d["status"] == "ACTIVE").expect("live bf");
    let id = bf["id"].as_str().expect("id").to_string();
    let path = format!("/flex-discounts/{id}");
    let before = app.portal(reqwest::Method::PATCH, &path, &json!({"endDate": "2026-10-01"})).await;
    before.assert_error(400, "P400");
    assert!(
        before.body["message"].as_str().is_some_and(|m| m.contains("endDate") && m.contains("2026-11-01T00:00:00Z")),
        "{}",
        before.text
    );
    let after = app.portal(reqwest::Method::PATCH, &path, &json!({"endDate": "2029-03-31"})).await;
    after.assert_error(400, "P400");
    assert!(after.body["message"].as_str().is_some_and(|m| m.contains("2029-03-31T23:59:59Z")), "{}", after.text);
    app.portal(reqwest::Method::PATCH, &path, &json!({"endDate": "soon"})).await.assert_error(400, "P400");
    app.portal(reqwest::Method::PATCH, &path, &json!({"end": "2026-12-01"})).await.assert_error(400, "P400");
    let save10 = items.iter().find(|d| d["code"] == "SAVE10").expect("save10")["id"].as_str().expect("id").to_string();
    app.portal(reqwest::Method::PATCH, &format!("/flex-discounts/{save10}"), &json!({"endDate": "2026-12-01"}))
        .await
        .assert_error(400, "P400");
    app.portal(reqwest::Method::PATCH, "/flex-discounts/no-such-id", &json!({"endDate": "2026-12-01"}))
        .await
        .assert_error(404, "P404");

    // A customer uses it; the end moves to tomorrow; after that it is REUSABLE for that customer.
    let (_, c) = app.active_customer().await;
    let bought = place(&app, &c, &order_body("NEW", AUDITION, 3, json!(["BLACK_FRIDAY"]))).await;
    assert_eq!(bought.status, 202, "{}", bought.text);
    let ok = app.portal(reqwest::Method::PATCH, &path, &json!({"endDate": "2026-11-11"})).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.body["endDate"], "2026-11-11T23:59:59Z");
    let api = app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-id={id}")).await;
    assert_eq!(api.body["flexDiscounts"][0]["endDate"], "2026-11-11T23:59:59Z", "{}", api.text);
    advance(&mut app, json!({"advance": "P3D"})).await;
    let mine = app.get(&format!("/v3/customers/{c}/flex-discounts")).await;
    assert_eq!(mine.body["flexDiscounts"][0]["status"], "REUSABLE", "{}", mine.text);
    let (_, newcomer) = app.active_customer().await;
    place(&app, &newcomer, &order_body("PREVIEW", AUDITION, 3, json!(["BLACK_FRIDAY"])))
        .await
        .assert_error(400, "2141");
    // A reset forgets the edit.
    app.portal(reqwest::Method::POST, "/reset", &Value::Null).await;
    app.token = app.fetch_token().await;
    freeze(&app, "2026-11-20T12:00:00Z").await;
    let again = app.get(&format!("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-id={id}")).await;
    assert_eq!(again.body["flexDiscounts"][0]["endDate"], "2026-12-31T23:59:59Z", "{}", again.text);
}
