//! Deployments of global customers (SPEC §2.8.4 E11–E14, §4.3; §6.2 T1-11).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};

pub(crate) fn address(country: &str, region: &str, postal: &str) -> Value {
    json!({"country": country, "region": region, "city": "City", "addressLine1": "1 Main Street",
        "addressLine2": "", "postalCode": postal, "phoneNumber": ""})
}

pub(crate) fn jp() -> Value {
    json!({"companyProfile": {"address": address("JP", "13", "100-0001")}})
}

/// A global customer (the distributor and the customer enabled); its home country is GB.
pub(crate) async fn global_customer(app: &TestApp) -> String {
    let g =
        app.portal(Method::POST, &format!("/partners/{DISTRIBUTOR_ID}/global-sales"), &json!({"enabled": true})).await;
    assert_eq!(g.status, 200, "{}", g.text);
    let (_, c) = app.active_customer().await;
    let e = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"globalSalesEnabled": true})).await;
    assert_eq!(e.status, 200, "{}", e.text);
    c
}

#[tokio::test]
async fn t1_11_a_global_customer_creates_lists_reads_and_updates_deployments() {
    let app = TestApp::spawn().await;
    let c = global_customer(&app).await;
    let path = format!("/v3/customers/{c}/deployments");
    let a = app.post(&path, &jp()).await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["status"], "1000");
    assert_eq!(a.body["companyProfile"]["address"]["country"], "JP");
    let id = a.body["deploymentId"].as_str().expect("deploymentId").to_string();
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/customers/{c}/deployments/{id}"));
    let got = app.get(&format!("{path}/{id}")).await;
    assert_eq!((got.status, &got.body), (200, &a.body), "{}", got.text);

    // Rules.
    app.post(&path, &json!({"companyProfile": {"address": address("GB", "00", "SW1A 1AA")}}))
        .await
        .assert_error(400, "1141");
    app.post(&path, &json!({"companyProfile": {"address": address("JP", "13", "1")}})).await.assert_error(400, "1118");
    app.post(&path, &json!({"companyProfile": {}})).await.assert_error(400, "1122");
    app.post(&path, &json!({"companyProfile": {"address": address("JP", "13", "100-0001")}, "foo": 1}))
        .await
        .assert_error(400, "1121");
    app.get(&format!("{path}/999")).await.assert_error(404, "2138");
    app.get("/v3/customers/9999999999/deployments").await.assert_error(404, "1116");

    // A second one, then deactivate it and filter by status.
    let de = app.post(&path, &json!({"companyProfile": {"address": address("DE", "BY", "80331")}})).await;
    assert_eq!(de.status, 201, "{}", de.text);
    let de_id = de.body["deploymentId"].as_str().expect("id").to_string();
    let off = app.patch(&format!("{path}/{de_id}"), &json!({"status": "1004"})).await;
    assert_eq!((off.status, off.body["status"].as_str()), (200, Some("1004")), "{}", off.text);
    let inactive = app.get(&format!("{path}?status=1004")).await;
    assert_eq!(inactive.body["totalCount"], 1, "{}", inactive.text);
    assert_eq!(inactive.body["items"][0]["deploymentId"], de_id.as_str());
    let all = app.get(&format!("{path}?limit=1")).await;
    assert_eq!((all.body["totalCount"].as_i64(), all.body["count"].as_i64()), (Some(2), Some(1)), "{}", all.text);
    assert!(all.body["links"]["next"]["uri"].as_str().is_some_and(|u| u.contains("offset=1")), "{}", all.text);
    app.get(&format!("{path}?status=1002")).await.assert_error(400, "1132");
    app.get(&format!("{path}?limit=101")).await.assert_error(400, "1132");

    // The address can change but not its country; reactivation is allowed.
    let moved = app
        .patch(&format!("{path}/{id}"), &json!({"companyProfile": {"address": address("JP", "27", "530-0001")}}))
        .await;
    assert_eq!(
        (moved.status, moved.body["companyProfile"]["address"]["region"].as_str()),
        (200, Some("27")),
        "{}",
        moved.text
    );
    let country =
        app.patch(&format!("{path}/{id}"), &json!({"companyProfile": {"address": address("FR", "75", "75001")}})).await;
    country.assert_error(400, "1119");
    assert!(country.has_detail("companyProfile.address.country"), "{}", country.text);
    app.patch(&format!("{path}/{id}"), &json!({"status": "1002"})).await.assert_error(400, "1117");
    let on = app.patch(&format!("{path}/{de_id}"), &json!({"status": "1000"})).await;
    assert_eq!(on.body["status"], "1000");
    app.patch(&format!("{path}/999"), &json!({"status": "1000"})).await.assert_error(404, "2138");

    // The portal's expanded view lists them.
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    let listed: Vec<&str> = detail.body["deployments"]
        .as_array()
        .expect("deployments")
        .iter()
        .filter_map(|d| d["country"].as_str())
        .collect();
    assert_eq!(listed, ["JP", "DE"], "{}", detail.text);
}

#[tokio::test]
async fn t1_11_deployments_need_a_global_partner_and_customer() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let path = format!("/v3/customers/{c}/deployments");
    app.post(&path, &jp()).await.assert_error(400, "1139");
    let g =
        app.portal(Method::POST, &format!("/partners/{DISTRIBUTOR_ID}/global-sales"), &json!({"enabled": true})).await;
    assert_eq!(g.status, 200, "{}", g.text);
    app.post(&path, &jp()).await.assert_error(400, "1140");
    assert_eq!(app.get(&path).await.body["totalCount"], 0);
}
