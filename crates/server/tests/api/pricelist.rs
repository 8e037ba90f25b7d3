//! E25 `POST /v3/pricelist` (SPEC §2.8.8, §4.10, row T1-17): the rows generated from the
//! catalogue for the distributor's contract, the list types, filters, attributes, paging, the
//! envelope, and the errors `1132`/`1133`, `1159`–`1162` and `5122`.

use chrono::Datelike;
use serde_json::{Value, json};

use crate::helpers::{Answer, DISTRIBUTOR_ID, TestApp};

const ALWAYS: [&str; 6] =
    ["offerId", "discountCode", "productFamily", "firstOrderDate", "lastOrderDate", "partnerPrice"];

fn month(app: &TestApp) -> String {
    let today = app.today();
    format!("{:04}{:02}", today.year(), today.month())
}

fn body(app: &TestApp, extra: Value) -> Value {
    let mut b = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": month(app)});
    for (k, v) in extra.as_object().expect("object") {
        b[k] = v.clone();
    }
    b
}

async fn fetch(app: &TestApp, query: &str, body: &Value) -> Answer {
    app.post(&format!("/v3/pricelist{query}"), body).await
}

fn offers(a: &Answer) -> &Vec<Value> {
    a.body["offers"].as_array().expect("offers")
}

#[tokio::test]
async fn t1_17_current_month_na_com_usd_lists_offers_with_the_required_attributes() {
    let app = TestApp::spawn().await;
    let a = fetch(&app, "", &body(&app, json!({}))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let keys: Vec<&str> = a.body.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "priceListMonth",
            "marketSegment",
            "region",
            "currency",
            "priceListType",
            "totalCount",
            "count",
            "limit",
            "offset",
            "offers"
        ]
    );
    assert_eq!(a.body["priceListMonth"], month(&app));
    assert_eq!(a.body["priceListType"], "STANDARD");
    assert_eq!(
        (a.body["limit"].as_i64(), a.body["offset"].as_i64(), a.body["count"].as_i64()),
        (Some(20), Some(0), Some(20))
    );
    assert!(a.body["totalCount"].as_i64().is_some_and(|n| n > 20), "{}", a.body["totalCount"]);
    for offer in offers(&a) {
        let keys: Vec<&str> = offer.as_object().expect("offer").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), ALWAYS.len(), "only the always-present attributes: {offer}");
        for k in ALWAYS {
            assert!(offer[k].is_string(), "{k} is a string: {offer}");
        }
        let id = offer["offerId"].as_str().expect("offerId");
        assert_eq!(&id[8..10], "CA", "COM offers only: {id}");
        assert!(["01", "02", "03", "04", "T1", "T2", "T3", "T4", "T5", "T6", "T7"].contains(&&id[10..12]), "{id}");
        assert_eq!(offer["discountCode"].as_str(), Some(&id[10..12]));
        assert!(offer["partnerPrice"].as_str().is_some_and(|p| p.parse::<f64>().is_ok_and(|v| v > 0.0)), "{offer}");
        assert!(offer["firstOrderDate"].as_str().is_some_and(|d| d.ends_with("T00:00:00.000+00:00")), "{offer}");
    }
    let ids: Vec<&str> = offers(&a).iter().filter_map(|o| o["offerId"].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "rows come by offer id");
    // The same request gives the same rows.
    let again = fetch(&app, "", &body(&app, json!({}))).await;
    assert_eq!(again.body, a.body);
}

#[tokio::test]
async fn t1_17_price_list_prices_are_what_a_preview_order_charges() {
    let app = TestApp::spawn().await;
    let filters = json!({"filters": {"offerId": "65304479CA02A12"}});
    let a = fetch(&app, "", &body(&app, filters)).await;
    assert_eq!(offers(&a).len(), 1, "{}", a.text);
    let (_, customer) = app.active_customer().await;
    let preview = json!({"orderType": "PREVIEW", "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA02A12", "quantity": 20}]});
    let p = app.post(&format!("/v3/customers/{customer}/orders?fetch-price=true"), &preview).await;
    assert_eq!(p.status, 200, "{}", p.text);
    let charged = &p.body["lineItems"][0]["pricing"]["partnerPrice"];
    let listed: f64 = offers(&a)[0]["partnerPrice"].as_str().and_then(|s| s.parse().ok()).expect("price");
    assert_eq!(charged.as_f64().or_else(|| charged.as_str().and_then(|s| s.parse().ok())), Some(listed), "{}", p.text);
}

#[tokio::test]
async fn t1_17_bogus_attribute_is_5122_and_requested_attributes_appear() {
    let app = TestApp::spawn().await;
    let a = fetch(&app, "", &body(&app, json!({"includeOfferAttributes": ["bogus"]}))).await;
    a.assert_error(400, "5122");
    assert_eq!(a.body["message"], "Invalid Request");
    assert!(a.has_detail("bogus"), "{}", a.text);

    let wanted = json!([
        "productType",
        "productTypeDetail",
        "operatingSystem",
        "language",
        "version",
        "users",
        "metric",
        "bridge",
        "partNumber",
        "levelDetails",
        "estimatedStreetPrice",
        "estimatedShipDate",
        "publicAnnounceDate",
        "rmaRequestDeadline",
        "pool",
        "duration",
        "additionalDetail",
        "acdIndicator"
    ]);
    let extra = json!({"includeOfferAttributes": wanted, "filters": {"offerId": "65304479CA01A12"}});
    let a = fetch(&app, "", &body(&app, extra)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let o = &offers(&a)[0];
    assert_eq!(o["levelDetails"], "Level 1 1 - 9");
    assert_eq!(o["duration"], "12 Months");
    assert_eq!(o["productTypeDetail"], "Annual");
    assert_eq!(o["partNumber"], "65304479CA01A12");
    assert_eq!(o["language"], "Multi NorthAmerican Language");
    assert!(o["additionalDetail"].as_str().is_some_and(|d| d.starts_with("COM | ")), "{o}");
    assert!(o["estimatedStreetPrice"].is_string() && o["users"].is_string() && o["pool"].is_string(), "{o}");
    assert!(o.get("acdEffectiveDate").is_none(), "not requested: {o}");
}

#[tokio::test]
async fn t1_17_region_not_contracted_is_1161_and_month_199001_is_1162() {
    let app = TestApp::spawn().await;
    fetch(&app, "", &body(&app, json!({"region": "ZZ"}))).await.assert_error(400, "1161");
    fetch(&app, "", &body(&app, json!({"currency": "JPY"}))).await.assert_error(400, "1161");
    fetch(&app, "", &body(&app, json!({"marketSegment": "NPO"}))).await.assert_error(400, "1160");
    fetch(&app, "", &body(&app, json!({"priceListType": "STD-LGA"}))).await.assert_error(400, "1160");
    let a = fetch(&app, "", &body(&app, json!({"priceListMonth": "199001"}))).await;
    a.assert_error(404, "1162");
    assert_eq!(a.body["message"], "Price List not found");
    // Next month has no edition yet; January 2019 is the first one.
    let next = app.today() + chrono::Months::new(1);
    let future = format!("{:04}{:02}", next.year(), next.month());
    fetch(&app, "", &body(&app, json!({"priceListMonth": future}))).await.assert_error(404, "1162");
    assert_eq!(fetch(&app, "", &body(&app, json!({"priceListMonth": "201901"}))).await.status, 200);
}

#[tokio::test]
async fn price_list_malformed_requests_are_5122() {
    let app = TestApp::spawn().await;
    for (extra, detail) in [
        (json!({"priceListMonth": "2026-01"}), "priceListMonth"),
        (json!({"priceListType": "GOLD"}), "priceListType"),
        (json!({"region": null}), "region"),
        (json!({"filters": {"colour": "red"}}), "filters.colour"),
        (json!({"filters": {"lastOrderDate": "soon"}}), "filters.lastOrderDate"),
        (json!({"unknown": true}), "unknown"),
    ] {
        let a = fetch(&app, "", &body(&app, extra.clone())).await;
        a.assert_error(400, "5122");
        assert!(a.has_detail(detail), "{extra}: {}", a.text);
    }
    let raw = app.authed(reqwest::Method::POST, "/v3/pricelist").header("X-Correlation-Id", "pl-raw").body("{nope");
    let a = app.send(raw.header("Content-Type", "application/json")).await;
    a.assert_error(400, "5122");
    // No correlation id: the write pipeline's 4119 comes first.
    let a = app.send(app.authed(reqwest::Method::POST, "/v3/pricelist").json(&body(&app, json!({})))).await;
    a.assert_error(400, "4119");
}

#[tokio::test]
async fn price_list_inactive_contract_is_1159() {
    let app = TestApp::spawn().await;
    let mut d = app.state.store.distributor(DISTRIBUTOR_ID).await.expect("store").expect("distributor");
    d.active = false;
    let mut tx = app.state.store.begin().await.expect("tx");
    tx.put_distributor(&d).await.expect("put");
    tx.commit().await.expect("commit");
    let a = fetch(&app, "", &body(&app, json!({}))).await;
    a.assert_error(400, "1159");
    assert_eq!(a.body["message"], "Inactive Partner Contract");
}

#[tokio::test]
async fn price_list_pages_with_offset_and_limit() {
    let app = TestApp::spawn().await;
    let all = fetch(&app, "?limit=100", &body(&app, json!({}))).await;
    assert_eq!(all.body["limit"], 100);
    let total = all.body["totalCount"].as_i64().expect("totalCount");
    let page = fetch(&app, "?offset=3&limit=2", &body(&app, json!({}))).await;
    assert_eq!(
        (page.body["offset"].as_i64(), page.body["limit"].as_i64(), page.body["count"].as_i64()),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(offers(&page)[..], offers(&all)[3..5]);
    assert_eq!(fetch(&app, "?limit=1000", &body(&app, json!({}))).await.body["limit"], 100, "clamped");
    let last = fetch(&app, &format!("?offset={total}"), &body(&app, json!({}))).await;
    assert_eq!((last.status, last.body["count"].as_i64()), (200, Some(0)));
    let past = fetch(&app, &format!("?offset={}", total + 1), &body(&app, json!({}))).await;
    past.assert_error(400, "1133");
    for q in ["?limit=0", "?limit=x", "?offset=-1", "?offset=1&offset=2"] {
        fetch(&app, q, &body(&app, json!({}))).await.assert_error(400, "1132");
    }
}

#[tokio::test]
async fn price_list_filters_are_anded_and_empty_ones_ignored() {
    let app = TestApp::spawn().await;
    let all = fetch(&app, "?limit=100", &body(&app, json!({}))).await;
    let family = offers(&all)[0]["productFamily"].as_str().expect("family").to_string();
    let f = json!({"filters": {"productFamily": family, "discountCode": "03", "offerId": "", "firstOrderDate": null}});
    let a = fetch(&app, "", &body(&app, f)).await;
    assert!(!offers(&a).is_empty(), "{}", a.text);
    assert!(
        offers(&a).iter().all(|o| o["productFamily"] == family.as_str() && o["discountCode"] == "03"),
        "{}",
        a.text
    );
    let lower = json!({"filters": {"productFamily": family.to_lowercase()}});
    assert_eq!(fetch(&app, "", &body(&app, lower)).await.body["totalCount"], 0, "exact, case-sensitive");
    let late = json!({"filters": {"firstOrderDate": "2999-01-01"}});
    assert_eq!(fetch(&app, "", &body(&app, late)).await.body["totalCount"], 0);
    let open = json!({"filters": {"lastOrderDate": app.today().to_string()}});
    let a = fetch(&app, "", &body(&app, open)).await;
    assert_eq!(a.body["totalCount"], all.body["totalCount"], "every current row is still orderable today");
}

#[tokio::test]
async fn price_list_3yc_and_lga_types_list_their_levels_and_historic_windows() {
    let app = TestApp::spawn().await;
    let threeyc = json!({"priceListType": "3YC", "filters": {"offerId": "65304479CA13A12"}});
    let a = fetch(&app, "", &body(&app, threeyc)).await;
    assert_eq!(a.body["priceListType"], "3YC");
    let rows = offers(&a);
    assert_eq!(rows.len(), 2, "the current window and the previous one: {}", a.text);
    assert!(rows[0]["firstOrderDate"].as_str() < rows[1]["firstOrderDate"].as_str());
    let lga = fetch(&app, "?limit=100", &body(&app, json!({"marketSegment": "GOV", "priceListType": "STD-LGA"}))).await;
    assert_eq!(lga.status, 200, "{}", lga.text);
    assert!(!offers(&lga).is_empty());
    assert!(offers(&lga).iter().all(|o| ["06", "07", "08", "09"].contains(&o["discountCode"].as_str().unwrap_or(""))));
    assert!(offers(&lga).iter().all(|o| &o["offerId"].as_str().unwrap_or("")[8..10] == "CC"));
}

#[tokio::test]
async fn price_list_resending_the_correlation_id_replays_the_answer() {
    let app = TestApp::spawn().await;
    let send = |b: Value| {
        app.send(app.authed(reqwest::Method::POST, "/v3/pricelist").header("X-Correlation-Id", "pl-replay").json(&b))
    };
    let first = send(body(&app, json!({}))).await;
    let replay = send(body(&app, json!({"region": "ZZ"}))).await;
    assert_eq!((first.status, &first.body), (replay.status, &replay.body));
}

#[tokio::test]
async fn price_list_requests_are_journaled_and_faults_apply() {
    let app = TestApp::spawn().await;
    let rule = json!({"method": "POST", "path": "/v3/pricelist", "times": 1,
        "action": {"error": {"status": 503, "code": "1124"}}});
    let added = app.portal(reqwest::Method::POST, "/faults", &rule).await;
    assert_eq!(added.status, 201, "{}", added.text);
    let faulted = fetch(&app, "", &body(&app, json!({}))).await;
    assert_eq!((faulted.status, faulted.code()), (503, "1124"), "{}", faulted.text);
    assert_eq!(fetch(&app, "", &body(&app, json!({}))).await.status, 200, "the rule fired once");
    let journal = app.portal(reqwest::Method::GET, "/requests?path=/v3/pricelist", &Value::Null).await;
    let items = journal.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{}", journal.text);
    assert!(items.iter().any(|e| e["status"] == 200) && items.iter().any(|e| e["status"] == 503), "{}", journal.text);
}

#[tokio::test]
async fn price_list_editions_follow_the_distributors_virtual_clock() {
    let mut app = TestApp::spawn().await;
    let next = app.today() + chrono::Months::new(1);
    let next = format!("{:04}{:02}", next.year(), next.month());
    fetch(&app, "", &body(&app, json!({"priceListMonth": next}))).await.assert_error(404, "1162");
    let moved = app.portal(reqwest::Method::POST, "/clock", &json!({"advanceSeconds": 32 * 86_400})).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    app.token = app.fetch_token().await;
    let a = fetch(&app, "", &body(&app, json!({"priceListMonth": next}))).await;
    assert_eq!((a.status, a.body["priceListMonth"].as_str()), (200, Some(next.as_str())), "{}", a.text);
}
