//! Resellers E3–E6 (SPEC §2.8.2): T0-09, T0-10, updates, the list (T1-02) and body validation.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};

/// A reseller that the jobs have activated.
async fn active_reseller(app: &TestApp) -> String {
    let id = app.create_reseller().await;
    app.run_jobs().await;
    id
}

/// The body of a PATCH that sends back the stored profile unchanged.
async fn unchanged(app: &TestApp, id: &str) -> Value {
    let r = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    json!({"externalReferenceId": r.body["externalReferenceId"], "companyProfile": r.body["companyProfile"]})
}

async fn set_status(app: &TestApp, id: &str, status: &str) {
    let a = app.portal(Method::PATCH, &format!("/resellers/{id}"), &json!({"status": status})).await;
    assert_eq!((a.status, a.body["status"].as_str()), (200, Some(status)), "{}", a.text);
}

#[tokio::test]
async fn t0_09_create_reseller_postman_body() {
    let app = TestApp::spawn().await;
    let body = app.reseller_body();
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["resellerId"].as_str().expect("resellerId").to_string();
    assert!(!id.is_empty());
    assert_eq!(a.body["status"], "1002");
    assert_eq!(a.body["distributorId"], DISTRIBUTOR_ID);
    assert_eq!(a.body["externalReferenceId"], body["externalReferenceId"]);
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/resellers/{id}"));
    assert_eq!(a.body["links"]["self"]["method"], "GET");
    assert_eq!(a.body["companyProfile"]["marketSegments"], json!(["COM"]));
    assert_eq!(a.body["companyProfile"]["companyName"], body["companyProfile"]["companyName"]);
    assert_eq!(a.body["companyProfile"]["address"], body["companyProfile"]["address"]);
    assert_eq!(a.body["companyProfile"]["contacts"], body["companyProfile"]["contacts"]);
    let created = a.body["creationDate"].as_str().expect("creationDate");
    assert!(created.starts_with(&app.today().to_string()) && created.ends_with('Z'), "{created}");

    assert_eq!(app.get(&format!("/v3/resellers/{id}")).await.body["status"], "1002");
    app.run_jobs().await;
    let got = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!((got.status, got.body["status"].as_str()), (200, Some("1000")), "{}", got.text);
}

#[tokio::test]
async fn t0_09_wrong_distributor_is_1114() {
    let app = TestApp::spawn().await;
    let mut body = app.reseller_body();
    body["distributorId"] = json!("5000000999");
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "1114");
    assert_eq!(a.body["message"], "Invalid Distributor");
    let list = app.get("/v3/resellers?status=1000&status=1002").await;
    assert_eq!(list.body["totalCount"], 0, "{}", list.text);
}

#[tokio::test]
async fn t0_10_get_reseller_and_unknown() {
    let app = TestApp::spawn().await;
    let id = app.create_reseller().await;
    let a = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["resellerId"], id.as_str());
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/resellers/{id}"));
    let unknown = app.get("/v3/resellers/9999999999").await;
    unknown.assert_error(404, "1115");
    assert_eq!(unknown.body["message"], "Invalid Reseller");
    app.patch("/v3/resellers/9999999999", &unchanged(&app, &id).await).await.assert_error(404, "1115");
}

#[tokio::test]
async fn e5_update_external_reference_with_unchanged_profile() {
    let app = TestApp::spawn().await;
    let id = active_reseller(&app).await;
    let mut body = unchanged(&app, &id).await;
    body["externalReferenceId"] = json!("new-ref-42");
    body["companyProfile"]["address"]["city"] = json!("London");
    body["companyProfile"]["contacts"][0]["phoneNumber"] = json!("020-1234-5678");
    let a = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["externalReferenceId"], "new-ref-42");
    assert_eq!(a.body["status"], "1000");
    let got = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!(got.body["externalReferenceId"], "new-ref-42");
    assert_eq!(got.body["companyProfile"]["address"]["city"], "London");
    assert_eq!(got.body["companyProfile"]["contacts"][0]["phoneNumber"], "020-1234-5678");
}

#[tokio::test]
async fn e5_changed_name_or_country_is_1119() {
    let app = TestApp::spawn().await;
    let id = active_reseller(&app).await;
    let mut body = unchanged(&app, &id).await;
    body["companyProfile"]["companyName"] = json!("Reseller Name Renamed");
    let a = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    a.assert_error(400, "1119");
    assert!(a.has_detail("companyProfile.companyName"), "{}", a.text);

    let mut body = unchanged(&app, &id).await;
    body["companyProfile"]["address"] = json!({"country": "US", "region": "CA", "city": "San Jose",
        "addressLine1": "200 Fairmont Ave", "addressLine2": "", "postalCode": "95110", "phoneNumber": ""});
    let a = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    a.assert_error(400, "1119");
    assert!(a.has_detail("companyProfile.address.country"), "{}", a.text);
    assert!(a.has_detail("companyProfile.address.region"), "{}", a.text);
    let got = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!(got.body["companyProfile"]["address"]["country"], "GB");
}

#[tokio::test]
async fn e5_pending_or_blocked_reseller_is_1125() {
    let app = TestApp::spawn().await;
    let id = app.create_reseller().await;
    let mut body = unchanged(&app, &id).await;
    let pending = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    pending.assert_error(400, "1125");
    // 1125 wins over a non-editable field.
    body["companyProfile"]["companyName"] = json!("Reseller Name Renamed");
    app.patch(&format!("/v3/resellers/{id}"), &body).await.assert_error(400, "1125");

    app.run_jobs().await;
    set_status(&app, &id, "1012").await;
    let blocked = app.patch(&format!("/v3/resellers/{id}"), &unchanged(&app, &id).await).await;
    blocked.assert_error(400, "1125");
    assert_eq!(blocked.body["message"], "Account cannot be updated while status is pending or blocked");
    set_status(&app, &id, "1000").await;
    let ok = app.patch(&format!("/v3/resellers/{id}"), &unchanged(&app, &id).await).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn e5_market_segments_may_grow_but_not_shrink() {
    let app = TestApp::spawn().await;
    let id = active_reseller(&app).await;
    let mut body = unchanged(&app, &id).await;
    body["companyProfile"]["marketSegments"] = json!(["COM", "EDU"]);
    let a = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["companyProfile"]["marketSegments"], json!(["COM", "EDU"]));

    body["companyProfile"]["marketSegments"] = json!(["EDU"]);
    let removed = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    removed.assert_error(400, "5122");
    assert!(removed.has_detail("Reseller is not permitted to remove existing market segments"), "{}", removed.text);
    let got = app.get(&format!("/v3/resellers/{id}")).await;
    assert_eq!(got.body["companyProfile"]["marketSegments"], json!(["COM", "EDU"]));

    body["companyProfile"].as_object_mut().expect("profile").remove("marketSegments");
    let missing = app.patch(&format!("/v3/resellers/{id}"), &body).await;
    missing.assert_error(400, "1122");
    assert!(missing.has_detail("companyProfile.marketSegments"), "{}", missing.text);
}

/// Four active resellers, three of them named `Reseller …`.
async fn seed_list(app: &TestApp) -> Vec<String> {
    let mut ids = Vec::new();
    for name in ["Reseller Charlie", "Other Company", "Reseller Alpha", "reseller bravo"] {
        let mut body = app.reseller_body();
        body["companyProfile"]["companyName"] = json!(name);
        let a = app.post("/v3/resellers", &body).await;
        assert_eq!(a.status, 201, "{}", a.text);
        ids.push(a.body["resellerId"].as_str().expect("id").to_string());
    }
    app.run_jobs().await;
    ids
}

fn names(list: &Value) -> Vec<&str> {
    list["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["companyProfile"]["companyName"].as_str().expect("name"))
        .collect()
}

#[tokio::test]
async fn t1_02_list_wildcard_sort_and_paging() {
    let app = TestApp::spawn().await;
    seed_list(&app).await;
    let first = app.get("/v3/resellers?company-name=Res*&sort-by=companyName&order-by=ASC&limit=2").await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!((first.body["totalCount"].as_i64(), first.body["count"].as_i64()), (Some(3), Some(2)), "{}", first.text);
    assert_eq!((first.body["offset"].as_i64(), first.body["limit"].as_i64()), (Some(0), Some(2)));
    assert_eq!(names(&first.body), ["Reseller Alpha", "reseller bravo"]);
    let item = &first.body["accounts"][0];
    assert_eq!(item["distributorId"], DISTRIBUTOR_ID);
    assert_eq!(item["status"], "1000");
    assert!(item["creationDate"].is_string() && item["externalReferenceId"].is_string());
    assert_eq!(item["links"]["self"]["uri"], format!("/v3/resellers/{}", item["resellerId"].as_str().expect("id")));
    let links = &first.body["links"];
    assert!(links["self"]["uri"].as_str().expect("self").starts_with("/v3/resellers?offset=0&limit=2&"));
    assert!(links.get("prev").is_none(), "{links}");
    let next = links["next"]["uri"].as_str().expect("next");
    assert!(next.starts_with("/v3/resellers?offset=2&limit=2&"), "{next}");
    for param in ["company-name=Res*", "sort-by=companyName", "order-by=ASC"] {
        assert!(next.contains(param), "{next} keeps {param}");
    }
    let second = app.get(next).await;
    assert_eq!(second.status, 200, "{}", second.text);
    assert_eq!((second.body["count"].as_i64(), second.body["totalCount"].as_i64()), (Some(1), Some(3)));
    assert_eq!(names(&second.body), ["Reseller Charlie"]);
    assert!(second.body["links"].get("next").is_none());
    assert!(second.body["links"]["prev"]["uri"].as_str().expect("prev").starts_with("/v3/resellers?offset=0&limit=2&"));

    let desc = app.get("/v3/resellers?company-name=*CHARLIE&sort-by=companyName&order-by=desc").await;
    assert_eq!(names(&desc.body), ["Reseller Charlie"]);
    let all = app.get("/v3/resellers?sort-by=companyName&order-by=desc").await;
    assert_eq!(names(&all.body), ["Reseller Charlie", "reseller bravo", "Reseller Alpha", "Other Company"]);
    assert_eq!(app.get("/v3/resellers?company-name=Reseller").await.body["totalCount"], 0, "no wildcard: exact");
    assert_eq!(names(&app.get("/v3/resellers?company-name=RESELLER%20ALPHA").await.body), ["Reseller Alpha"]);
    assert_eq!(app.get("/v3/resellers?company-name=Reseller_Alpha").await.body["totalCount"], 0);
    let by_date = app.get("/v3/resellers?order-by=asc").await;
    assert_eq!(names(&by_date.body)[0], "Reseller Charlie", "creationDate ascending: {}", by_date.text);
}

#[tokio::test]
async fn t1_02_default_list_excludes_inactive() {
    let app = TestApp::spawn().await;
    let ids = seed_list(&app).await;
    set_status(&app, &ids[0], "1004").await;
    let default = app.get("/v3/resellers").await;
    assert_eq!(default.body["totalCount"], 3, "{}", default.text);
    assert!(default.body["accounts"].as_array().expect("accounts").iter().all(|a| a["resellerId"] != ids[0].as_str()));
    let inactive = app.get("/v3/resellers?status=1004").await;
    assert_eq!(inactive.body["totalCount"], 1);
    assert_eq!(inactive.body["accounts"][0]["resellerId"], ids[0].as_str());
    assert_eq!(inactive.body["accounts"][0]["status"], "1004");
    let pending = app.create_reseller().await;
    let p = app.get("/v3/resellers?status=1002").await;
    assert_eq!(
        (p.body["totalCount"].as_i64(), p.body["accounts"][0]["resellerId"].as_str()),
        (Some(1), Some(pending.as_str()))
    );
}

#[tokio::test]
async fn t1_02_bad_list_parameters() {
    let app = TestApp::spawn().await;
    seed_list(&app).await;
    for q in [
        "limit=51",
        "limit=0",
        "limit=abc",
        "status=abc",
        "sort-by=name",
        "order-by=up",
        "offset=-1",
        "limit=2&limit=3",
    ] {
        let a = app.get(&format!("/v3/resellers?{q}")).await;
        a.assert_error(400, "1132");
    }
    app.get("/v3/resellers?offset=5").await.assert_error(400, "1133");
    let at_end = app.get("/v3/resellers?offset=4").await;
    assert_eq!((at_end.status, at_end.body["count"].as_i64()), (200, Some(0)), "{}", at_end.text);
    let empty = app.get("/v3/resellers?limit=&offset=").await;
    assert_eq!(
        (empty.status, empty.body["limit"].as_i64()),
        (200, Some(20)),
        "empty values are absent: {}",
        empty.text
    );
    let repeated = app.get("/v3/resellers?limit=2&limit=2").await;
    assert_eq!((repeated.status, repeated.body["limit"].as_i64()), (200, Some(2)));
}

#[tokio::test]
async fn create_validation_missing_and_unknown_properties() {
    let app = TestApp::spawn().await;
    let mut body = app.reseller_body();
    body.as_object_mut().expect("body").remove("companyProfile");
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "1122");
    assert!(a.has_detail("companyProfile"), "{}", a.text);

    let mut body = app.reseller_body();
    body["foo"] = json!("bar");
    body["companyProfile"]["contacts"][0]["email"] = json!("bad");
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "1121");
    assert!(a.has_detail("foo"), "{}", a.text);
    assert_eq!(a.body["message"], "Request contains additional unexpected fields");

    let mut body = app.reseller_body();
    body["resellerId"] = json!("1234567890");
    body["status"] = json!("1000");
    body["creationDate"] = json!("2020-01-01T00:00:00Z");
    body["links"] = json!({"self": {"uri": "/v3/resellers/1234567890", "method": "GET", "headers": []}});
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!(a.status, 201, "read-only properties are ignored: {}", a.text);
    assert_ne!(a.body["resellerId"], "1234567890");
    assert_eq!(a.body["status"], "1002");
}

#[tokio::test]
async fn create_validation_formats() {
    let app = TestApp::spawn().await;
    let malformed = app
        .send(
            app.authed(Method::POST, "/v3/resellers")
                .header("X-Correlation-Id", "c-malformed")
                .header("Content-Type", "application/json")
                .body("{\"distributorId\": "),
        )
        .await;
    malformed.assert_error(400, "1117");
    assert!(malformed.has_detail("Malformed JSON"), "{}", malformed.text);

    let mut body = app.reseller_body();
    body["companyProfile"]["contacts"][0]["email"] = json!("testname-at-adobe.com");
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "1117");
    assert_eq!(a.body["additionalDetails"], json!(["companyProfile.contacts[0].email"]));

    let mut body = app.reseller_body();
    body["externalReferenceId"] = json!("x".repeat(36));
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "2126");
    body["externalReferenceId"] = json!("x".repeat(35));
    assert_eq!(app.post("/v3/resellers", &body).await.status, 201);

    let mut body = app.reseller_body();
    body["companyProfile"]["address"]["postalCode"] = json!("ABC");
    body["companyProfile"]["address"]["country"] = json!("US");
    body["companyProfile"]["address"]["region"] = json!("CA");
    let a = app.post("/v3/resellers", &body).await;
    a.assert_error(400, "1118");
    assert_eq!(a.body["additionalDetails"], json!(["companyProfile.address.postalCode"]));
}

#[tokio::test]
async fn body_over_one_mebibyte_is_413() {
    let app = TestApp::spawn().await;
    let mut body = app.reseller_body();
    body["externalReferenceId"] = json!("x".repeat((1 << 20) + 10));
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!((a.status, a.code()), (413, "413"), "{}", a.text);
    assert!(a.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(a.body["additionalDetails"].is_array() && a.body["invalidFields"].is_array(), "{}", a.text);
    let list = app.get("/v3/resellers?status=1002").await;
    assert_eq!(list.body["totalCount"], 0);
}

#[tokio::test]
async fn content_type_nulls_and_update_body_rules() {
    let app = TestApp::spawn().await;
    let text = app
        .send(
            app.authed(Method::POST, "/v3/resellers")
                .header("X-Correlation-Id", "c-text")
                .header("Content-Type", "text/plain")
                .body(app.reseller_body().to_string()),
        )
        .await;
    text.assert_error(400, "1117");
    let mut body = app.reseller_body();
    body["externalReferenceId"] = Value::Null;
    body["companyProfile"]["marketSegments"] = Value::Null;
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!(a.status, 201, "null means absent: {}", a.text);
    assert_eq!(
        (a.body["externalReferenceId"].as_str(), &a.body["companyProfile"]["marketSegments"]),
        (Some(""), &json!(["COM"]))
    );
    let id = a.body["resellerId"].as_str().expect("id").to_string();
    app.run_jobs().await;
    let no_profile = app.patch(&format!("/v3/resellers/{id}"), &json!({"externalReferenceId": "x"})).await;
    no_profile.assert_error(400, "1122");
    assert!(no_profile.has_detail("companyProfile"), "{}", no_profile.text);
    let mut both = unchanged(&app, &id).await;
    both["companyProfile"]["companyName"] = json!("Reseller Name Renamed");
    both["companyProfile"]["contacts"][0]["email"] = json!("bad");
    let format_first = app.patch(&format!("/v3/resellers/{id}"), &both).await;
    format_first.assert_error(400, "1117");
    assert_eq!(format_first.body["additionalDetails"], json!(["companyProfile.contacts[0].email"]));
    let mut bad_segment = unchanged(&app, &id).await;
    bad_segment["companyProfile"]["marketSegments"] = json!(["COM", "XYZ"]);
    app.patch(&format!("/v3/resellers/{id}"), &bad_segment).await.assert_error(400, "1117");
}
