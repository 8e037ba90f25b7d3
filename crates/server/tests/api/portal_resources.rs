//! Portal Resources (SPEC §5.9) and API Tools › Test Address (SPEC §5.2.2), row T1-24: the
//! offers of the distributor with their filters and paging, the countries of a price region,
//! the address validator, and `P400` for bad values.

use reqwest::Method;
use serde_json::{Value, json};

use vipmp_core::settings::{Profile, Settings};

use crate::helpers::{Answer, TestApp};

async fn get(app: &TestApp, path: &str) -> Answer {
    app.portal(Method::GET, path, &Value::Null).await
}

fn items(a: &Answer) -> &Vec<Value> {
    a.body["items"].as_array().expect("items")
}

#[tokio::test]
async fn t1_24_offers_filtered_by_segment_region_currency_and_level_are_only_matching_ones() {
    let app = TestApp::spawn().await;
    let a = get(&app, "/offers?marketSegment=COM&priceRegion=NA&currency=USD&level=02&pageSize=100").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!((a.body["page"].as_i64(), a.body["pageSize"].as_i64()), (Some(1), Some(100)));
    let total = a.body["totalCount"].as_i64().expect("totalCount");
    assert!(total > 10, "{total}");
    assert_eq!(items(&a).len() as i64, total.min(100));
    for o in items(&a) {
        assert_eq!(
            (o["marketSegment"].as_str(), o["level"].as_str(), o["currency"].as_str()),
            (Some("COM"), Some("02"), Some("USD"))
        );
        assert_eq!(o["priceRegions"], json!(["NA"]), "{o}");
        let id = o["offerId"].as_str().expect("offerId");
        assert_eq!(&id[10..12], "02");
        assert!(o["name"].is_string() && o["partnerPrice"].as_str().is_some_and(|p| p.parse::<f64>().is_ok()), "{o}");
    }
    let audition = items(&a).iter().find(|o| o["offerId"] == "65304479CA02A12");
    assert!(audition.is_some(), "the Postman offer is listed");
}

#[tokio::test]
async fn portal_offers_page_and_refuse_bad_filters_with_p400() {
    let app = TestApp::spawn().await;
    let first = get(&app, "/offers?marketSegment=GOV&pageSize=10").await;
    assert_eq!(items(&first).len(), 10);
    let second = get(&app, "/offers?marketSegment=GOV&pageSize=10&page=2").await;
    assert_eq!(second.body["page"], 2);
    assert_eq!(first.body["totalCount"], second.body["totalCount"]);
    assert_ne!(items(&first)[0], items(&second)[0]);
    let twenty = get(&app, "/offers?marketSegment=GOV&pageSize=20").await;
    assert_eq!(items(&twenty)[10], items(&second)[0]);
    assert!(items(&twenty).iter().all(|o| o["marketSegment"] == "GOV"));
    for (query, field) in [
        ("level=99", "level"),
        ("marketSegment=NPO", "marketSegment"),
        ("priceRegion=XX", "priceRegion"),
        ("currency=CHF", "currency"),
        ("pageSize=7", "pageSize"),
        ("page=0", "page"),
        ("level=01&level=02", "level"),
    ] {
        let a = get(&app, &format!("/offers?{query}")).await;
        a.assert_error(400, "P400");
        assert!(a.has_detail(field), "{query}: {}", a.text);
    }
}

#[tokio::test]
async fn t1_24_countries_of_we_include_gb_with_region_00() {
    let app = TestApp::spawn().await;
    let a = get(&app, "/countries?priceRegion=WE").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(items(&a).iter().all(|c| c["priceRegion"] == "WE"), "{}", a.text);
    assert_eq!(a.body["totalCount"].as_i64(), Some(items(&a).len() as i64));
    let gb = items(&a).iter().find(|c| c["countryCode"] == "GB").expect("GB is a WE country");
    assert!(gb["regions"].as_array().expect("regions").contains(&json!("00")), "{gb}");
    assert!(gb["name"].is_string() && gb["postalCodeRegex"].as_str().is_some_and(|r| !r.is_empty()), "{gb}");
    assert!(gb["currencies"].as_array().is_some_and(|c| c.contains(&json!("GBP"))), "{gb}");
    let na = get(&app, "/countries?priceRegion=NA").await;
    assert!(items(&na).iter().any(|c| c["countryCode"] == "US"));
    assert!(!items(&na).iter().any(|c| c["countryCode"] == "GB"));
    let all = get(&app, "/countries").await;
    assert!(items(&all).len() > items(&a).len() + items(&na).len());
    let bad = get(&app, "/countries?priceRegion=Mars").await;
    bad.assert_error(400, "P400");
    assert!(bad.has_detail("priceRegion"));
}

fn address(postal: &str) -> Value {
    json!({"priceRegion": "NA", "currency": "USD", "address": {"country": "US", "region": "CA", "city": "San Jose",
        "addressLine1": "345 Park Avenue", "addressLine2": "", "postalCode": postal, "phoneNumber": ""}})
}

#[tokio::test]
async fn t1_24_test_address_accepts_95110_1234_and_refuses_9511_with_1118() {
    let app = TestApp::spawn().await;
    let ok = app.portal(Method::POST, "/address-validation", &address("95110-1234")).await;
    assert_eq!((ok.status, &ok.body), (200, &json!({"valid": true})), "{}", ok.text);
    let bad = app.portal(Method::POST, "/address-validation", &address("9511")).await;
    assert_eq!(bad.status, 200, "{}", bad.text);
    assert_eq!(
        bad.body,
        json!({"valid": false, "code": "1118", "message": "Invalid Address",
            "additionalDetails": ["companyProfile.address.postalCode"]})
    );
    // The country must belong to the price region, the currency too.
    let mut gb = address("SW1A 1AA");
    gb["address"]["country"] = json!("GB");
    gb["address"]["region"] = json!("00");
    let a = app.portal(Method::POST, "/address-validation", &gb).await;
    assert_eq!(a.body["additionalDetails"], json!(["companyProfile.address.country"]), "{}", a.text);
    gb["priceRegion"] = json!("WE");
    gb["currency"] = json!("GBP");
    assert_eq!(app.portal(Method::POST, "/address-validation", &gb).await.body, json!({"valid": true}));
    gb["currency"] = json!("JPY");
    let a = app.portal(Method::POST, "/address-validation", &gb).await;
    assert_eq!((a.body["valid"].as_bool(), a.body["additionalDetails"].clone()), (Some(false), json!(["currency"])));
    for (body, field) in [
        (json!({"currency": "USD", "address": {}}), "priceRegion"),
        (json!({"priceRegion": "XX", "currency": "USD", "address": {}}), "priceRegion"),
        (json!({"priceRegion": "NA", "currency": "CHF", "address": {}}), "currency"),
        (json!({"priceRegion": "NA", "currency": "USD", "address": "US"}), "address"),
        (json!({"priceRegion": "NA", "currency": "USD", "address": {}, "x": 1}), "x"),
    ] {
        let a = app.portal(Method::POST, "/address-validation", &body).await;
        a.assert_error(400, "P400");
        assert!(a.has_detail(field), "{body}: {}", a.text);
    }
}

#[tokio::test]
async fn portal_resources_and_test_address_stay_available_under_the_production_profile() {
    let app = TestApp::spawn_with(Settings { profile: Profile::Production, ..Settings::default() }).await;
    let a = app.portal(Method::POST, "/address-validation", &address("95110")).await;
    assert_eq!((a.status, &a.body), (200, &json!({"valid": true})), "{}", a.text);
    assert_eq!(get(&app, "/offers?level=01").await.status, 200);
    assert_eq!(get(&app, "/countries").await.status, 200);
}
