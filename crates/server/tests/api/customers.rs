//! Customers E7–E10 (SPEC §2.8.3): T0-11 to T0-15, T1-03, 3YC requests on create and update,
//! extended-term `cotermDate` and market segments.

use chrono::Months;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, DISTRIBUTOR_ID, TestApp};

fn us_address() -> Value {
    json!({"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "200 Fairmont Ave",
           "addressLine2": "Apt 123", "postalCode": "95110", "phoneNumber": "800-123-4567"})
}

/// Creates a customer from the Postman body after `edit` changed it.
async fn create_with(app: &TestApp, reseller: &str, edit: impl FnOnce(&mut Value)) -> Answer {
    let mut body = app.customer_body(reseller);
    edit(&mut body);
    app.post("/v3/customers", &body).await
}

/// An active reseller selling COM and EDU.
async fn edu_reseller(app: &TestApp) -> String {
    let r = app.create_reseller().await;
    app.run_jobs().await;
    let got = app.get(&format!("/v3/resellers/{r}")).await;
    let mut profile = got.body["companyProfile"].clone();
    profile["marketSegments"] = json!(["COM", "EDU"]);
    let a = app.patch(&format!("/v3/resellers/{r}"), &json!({"companyProfile": profile})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    r
}

/// The PATCH body that sends the stored profile back unchanged.
async fn unchanged(app: &TestApp, c: &str) -> Value {
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.status, 200, "{}", got.text);
    json!({"companyProfile": got.body["companyProfile"]})
}

async fn portal_customer(app: &TestApp, c: &str, body: Value) {
    let a = app.portal(Method::PATCH, &format!("/customers/{c}"), &body).await;
    assert_eq!(a.status, 200, "portal edit: {}", a.text);
}

fn three_year_commit(license: i64) -> Value {
    json!([{"type": "THREE_YEAR_COMMIT",
            "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": license}]}}])
}

#[tokio::test]
async fn t0_11_create_customer() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let body = app.customer_body(&r);
    let a = app.post("/v3/customers", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let c = a.body["customerId"].as_str().expect("customerId").to_string();
    assert_eq!(a.body["status"], "1002");
    assert_eq!(a.body["resellerId"], r.as_str());
    assert_eq!(a.body["externalReferenceId"], "ext-1");
    assert_eq!(a.body["cotermDate"], "");
    assert_eq!(a.body["globalSalesEnabled"], false);
    assert_eq!(a.body["discounts"][0], json!({"offerType": "LICENSE", "level": "01"}));
    assert_eq!((a.body["benefits"].clone(), a.body["tags"].clone()), (json!([]), json!([])));
    assert_eq!(a.body["companyProfile"]["marketSegment"], "COM");
    assert_eq!(a.body["companyProfile"]["marketSubSegments"], json!([]));
    assert_eq!(a.body["companyProfile"]["companyName"], body["companyProfile"]["companyName"]);
    assert_eq!(a.body["companyProfile"]["contacts"], body["companyProfile"]["contacts"]);
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/customers/{c}"));
    assert!(a.body["creationDate"].as_str().is_some_and(|d| d.starts_with(&app.today().to_string())));
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1002");
    app.run_jobs().await;
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!((got.status, got.body["status"].as_str()), (200, Some("1000")), "{}", got.text);
}

#[tokio::test]
async fn t0_12_customer_validation() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let bad_email = create_with(&app, &r, |b| b["companyProfile"]["contacts"][0]["email"] = json!("nope@")).await;
    bad_email.assert_error(400, "1117");
    assert!(bad_email.has_detail("companyProfile.contacts[0].email"), "{}", bad_email.text);

    let mut address = us_address();
    address["postalCode"] = json!("ABC");
    let bad_postal = create_with(&app, &r, |b| b["companyProfile"]["address"] = address).await;
    bad_postal.assert_error(400, "1118");
    assert_eq!(bad_postal.body["additionalDetails"], json!(["companyProfile.address.postalCode"]));
    assert_eq!(bad_postal.body["message"], "Invalid Address");

    let us = create_with(&app, &r, |b| b["companyProfile"]["address"] = us_address()).await;
    assert_eq!(us.status, 201, "{}", us.text);
    assert_eq!(us.body["companyProfile"]["address"], us_address());

    let long_ref = create_with(&app, &r, |b| b["externalReferenceId"] = json!("e".repeat(36))).await;
    long_ref.assert_error(400, "2126");
    let unknown = create_with(&app, &r, |b| b["resellerId"] = json!("9999999999")).await;
    unknown.assert_error(404, "1115");
    let foo = create_with(&app, &r, |b| b["companyProfile"]["foo"] = json!(1)).await;
    foo.assert_error(400, "1121");
    assert!(foo.has_detail("companyProfile.foo"), "{}", foo.text);
    let no_contacts = create_with(&app, &r, |b| b["companyProfile"]["contacts"] = json!([])).await;
    no_contacts.assert_error(400, "1122");
    assert!(no_contacts.has_detail("companyProfile.contacts"), "{}", no_contacts.text);

    app.run_jobs().await;
    let a = app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1004"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let inactive = create_with(&app, &r, |_| {}).await;
    inactive.assert_error(400, "1126");
    assert_eq!(inactive.body["message"], "Customer cannot be created because reseller account is inactive");
}

#[tokio::test]
async fn t0_13_get_customer_and_unknown() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let a = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!((a.body["customerId"].as_str(), a.body["resellerId"].as_str()), (Some(c.as_str()), Some(r.as_str())));
    assert_eq!(a.body["benefits"], json!([]));
    assert_eq!(a.body["tags"], json!([]));
    assert_eq!(a.body["links"]["self"]["uri"], format!("/v3/customers/{c}"));
    assert!(a.body.get("linkedMembership").is_none(), "{}", a.text);
    let unknown = app.get("/v3/customers/9999999999").await;
    unknown.assert_error(404, "1116");
    assert_eq!(unknown.body["message"], "Invalid Customer");
    app.patch("/v3/customers/9999999999", &unchanged(&app, &c).await).await.assert_error(404, "1116");
}

#[tokio::test]
async fn t0_14_update_customer() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let c = app.create_customer(&r).await;
    let mut renamed = unchanged(&app, &c).await;
    renamed["companyProfile"]["companyName"] = json!("Test Customer");
    app.patch(&format!("/v3/customers/{c}"), &unchanged(&app, &c).await).await.assert_error(400, "1125");
    app.patch(&format!("/v3/customers/{c}"), &renamed).await.assert_error(400, "1125");
    app.run_jobs().await;

    let mut body = unchanged(&app, &c).await;
    body["externalReferenceId"] = json!("ext-2");
    body["companyProfile"]["address"]["addressLine2"] = json!("Floor 2");
    let a = app.patch(&format!("/v3/customers/{c}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["externalReferenceId"], "ext-2");
    assert_eq!(a.body["companyProfile"]["address"]["addressLine2"], "Floor 2");
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.body["externalReferenceId"], "ext-2");
    assert_eq!(got.body["status"], "1000");

    let changed = app.patch(&format!("/v3/customers/{c}"), &renamed).await;
    changed.assert_error(400, "1119");
    assert!(changed.has_detail("companyProfile.companyName"), "{}", changed.text);
    let mut moved = unchanged(&app, &c).await;
    moved["companyProfile"]["address"] = us_address();
    let moved = app.patch(&format!("/v3/customers/{c}"), &moved).await;
    moved.assert_error(400, "1119");
    assert!(moved.has_detail("companyProfile.address.country"), "{}", moved.text);

    portal_customer(&app, &c, json!({"status": "1012"})).await;
    let blocked = app.patch(&format!("/v3/customers/{c}"), &unchanged(&app, &c).await).await;
    blocked.assert_error(400, "1125");
}

#[tokio::test]
async fn t0_14_patch_with_the_profile_or_resource_returned_by_get() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let got = app.get(&format!("/v3/customers/{c}")).await;
    let a = app.patch(&format!("/v3/customers/{c}"), &unchanged(&app, &c).await).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["companyProfile"], got.body["companyProfile"]);
    let whole = app.patch(&format!("/v3/customers/{c}"), &got.body).await;
    assert_eq!(whole.status, 200, "read-only members are accepted: {}", whole.text);
    assert_eq!(whole.body["customerId"], c.as_str());
    let mut subs = unchanged(&app, &c).await;
    subs["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"]);
    let a = app.patch(&format!("/v3/customers/{c}"), &subs).await;
    a.assert_error(400, "1119");
    assert!(a.has_detail("companyProfile.marketSubSegments"), "{}", a.text);
}

#[tokio::test]
async fn t0_15_global_sales_via_api() {
    let app = TestApp::spawn().await;
    let r = edu_reseller(&app).await;
    let c = app.create_customer(&r).await;
    let edu = create_with(&app, &r, |b| b["companyProfile"]["marketSegment"] = json!("EDU")).await;
    assert_eq!(edu.status, 201, "{}", edu.text);
    assert_eq!(edu.body["companyProfile"]["marketSegment"], "EDU");
    let edu = edu.body["customerId"].as_str().expect("id").to_string();
    app.run_jobs().await;
    let on = json!({"globalSalesEnabled": true});

    let off = app.patch(&format!("/v3/customers/{c}"), &on).await;
    off.assert_error(400, "1139");
    assert_eq!(off.body["message"], "Partner is not enabled for global sales");
    let created_on = create_with(&app, &r, |b| b["globalSalesEnabled"] = json!(true)).await;
    created_on.assert_error(400, "1139");

    let p =
        app.portal(Method::POST, &format!("/partners/{DISTRIBUTOR_ID}/global-sales"), &json!({"enabled": true})).await;
    assert_eq!((p.status, &p.body["globalSalesEnabled"]), (200, &json!(true)), "{}", p.text);
    let a = app.patch(&format!("/v3/customers/{c}"), &on).await;
    assert_eq!((a.status, &a.body["globalSalesEnabled"]), (200, &json!(true)), "{}", a.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["globalSalesEnabled"], true);

    let created_on = create_with(&app, &r, |b| b["globalSalesEnabled"] = json!(true)).await;
    assert_eq!((created_on.status, &created_on.body["globalSalesEnabled"]), (201, &json!(true)), "{}", created_on.text);
    let e = app.patch(&format!("/v3/customers/{edu}"), &on).await;
    e.assert_error(400, "1142");
    assert_eq!(app.get(&format!("/v3/customers/{edu}")).await.body["globalSalesEnabled"], false);

    let back = app.patch(&format!("/v3/customers/{c}"), &json!({"globalSalesEnabled": false})).await;
    assert_eq!((back.status, &back.body["globalSalesEnabled"]), (200, &json!(false)), "{}", back.text);
}

#[tokio::test]
async fn market_segment_must_be_sold_by_the_reseller() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let a = create_with(&app, &r, |b| b["companyProfile"]["marketSegment"] = json!("EDU")).await;
    a.assert_error(400, "2135");
    let bad = create_with(&app, &r, |b| b["companyProfile"]["marketSegment"] = json!("XYZ")).await;
    bad.assert_error(400, "1117");
    assert!(bad.has_detail("companyProfile.marketSegment"), "{}", bad.text);
}

#[tokio::test]
async fn t1_03_customer_list_filters() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let active = app.create_customer(&r).await;
    app.run_jobs().await;
    let pending = app.create_customer(&r).await;
    let other = app.create_reseller().await;
    app.create_customer(&other).await;
    let ids = |a: &Answer| -> Vec<String> {
        a.body["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .map(|x| x["customerId"].as_str().expect("id").to_string())
            .collect()
    };
    let base = format!("/v3/resellers/{r}/customers");

    let p = app.get(&format!("{base}?status=1002")).await;
    assert_eq!((p.status, ids(&p)), (200, vec![pending.clone()]), "{}", p.text);
    assert_eq!(p.body["accounts"][0]["status"], "1002");
    assert_eq!(p.body["totalCount"], 1);
    let d = app.get(&base).await;
    assert_eq!(ids(&d), vec![active.clone()], "{}", d.text);
    let item = &d.body["accounts"][0];
    assert_eq!((item["resellerId"].as_str(), item["status"].as_str()), (Some(r.as_str()), Some("1000")));
    assert!(item["companyProfile"]["companyName"].is_string() && item["creationDate"].is_string());
    assert_eq!(item["links"]["self"]["uri"], format!("/v3/customers/{active}"));
    assert!(
        d.body["links"]["self"]["uri"].as_str().is_some_and(|u| u.starts_with(&format!("{base}?offset=0&limit=20")))
    );
    let both = app.get(&format!("{base}?status=1000&status=1002&order-by=asc")).await;
    assert_eq!(ids(&both), vec![active.clone(), pending.clone()]);

    let today = app.today();
    let tomorrow = today + chrono::Duration::days(1);
    let future = app.get(&format!("{base}?status=1000&status=1002&from-created-date={tomorrow}")).await;
    assert_eq!(
        (future.status, future.body["totalCount"].as_i64(), future.body["count"].as_i64()),
        (200, Some(0), Some(0))
    );
    let from_today = app.get(&format!("{base}?status=1000&status=1002&from-created-date={today}")).await;
    assert_eq!(from_today.body["totalCount"], 2, "{}", from_today.text);
    let to_today = app.get(&format!("{base}?status=1000&status=1002&to-created-date={today}")).await;
    assert_eq!(to_today.body["totalCount"], 2, "{}", to_today.text);
    let yesterday = today - chrono::Duration::days(1);
    let to_yesterday = app.get(&format!("{base}?status=1000&status=1002&to-created-date={yesterday}")).await;
    assert_eq!(to_yesterday.body["totalCount"], 0);
    let by_id = app.get(&format!("{base}?status=1000&status=1002&customer-id={pending}")).await;
    assert_eq!(ids(&by_id), vec![pending.clone()]);
    let by_name = app.get(&format!("{base}?status=1000&status=1002&company-name=test%20customer*")).await;
    assert_eq!(by_name.body["totalCount"], 2, "{}", by_name.text);

    app.get("/v3/resellers/9999999999/customers").await.assert_error(404, "1115");
    app.get(&format!("{base}?from-created-date=yesterday")).await.assert_error(400, "1132");
    app.get(&format!("{base}?limit=51")).await.assert_error(400, "1132");
    app.get(&format!("{base}?status=1012")).await.assert_error(400, "1132");
    app.get(&format!("{base}?offset=2")).await.assert_error(400, "1133");
}

#[tokio::test]
async fn t0_30_three_year_commit_request_on_create_and_update() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let low = create_with(&app, &r, |b| b["benefits"] = three_year_commit(5)).await;
    low.assert_error(400, "1135");
    let a = create_with(&app, &r, |b| b["benefits"] = three_year_commit(10)).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let c = a.body["customerId"].as_str().expect("id").to_string();
    let today = app.today();
    let got = app.get(&format!("/v3/customers/{c}")).await;
    let b = &got.body["benefits"][0];
    assert_eq!(b["type"], "THREE_YEAR_COMMIT", "{}", got.text);
    assert!(b["commitment"].is_null() && b["recommitmentRequest"].is_null(), "{b}");
    let req = &b["commitmentRequest"];
    assert_eq!(req["status"], "REQUESTED");
    assert_eq!(req["minimumQuantities"], json!([{"offerType": "LICENSE", "quantity": 10}]));
    assert_eq!(req["startDate"], today.to_string());
    let end = today.checked_add_months(Months::new(36)).expect("date") - chrono::Duration::days(1);
    assert_eq!(req["endDate"], end.to_string());
    assert_eq!(a.body["benefits"], got.body["benefits"], "the create response shows the request");
    assert_eq!(got.body["cotermDate"], "");

    app.run_jobs().await;
    let update = json!({"benefits": [{"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [
        {"offerType": "LICENSE", "quantity": 25}, {"offerType": "CONSUMABLES", "quantity": 1000}]}}]});
    let p = app.patch(&format!("/v3/customers/{c}"), &update).await;
    assert_eq!(p.status, 200, "{}", p.text);
    let got = app.get(&format!("/v3/customers/{c}")).await;
    let req = &got.body["benefits"][0]["commitmentRequest"];
    assert_eq!(req["status"], "REQUESTED");
    assert_eq!(
        req["minimumQuantities"],
        json!([{"offerType": "LICENSE", "quantity": 25}, {"offerType": "CONSUMABLES", "quantity": 1000}])
    );
    let low = json!({"benefits": [{"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [
        {"offerType": "CONSUMABLES", "quantity": 999}]}}]});
    app.patch(&format!("/v3/customers/{c}"), &low).await.assert_error(400, "1135");
    let still = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(still.body["benefits"], got.body["benefits"]);
}

#[tokio::test]
async fn extended_term_coterm_date() {
    let app = TestApp::spawn().await;
    let today = app.today();
    let years = |n: u32| today.checked_add_months(Months::new(12 * n)).expect("date").to_string();
    let r = edu_reseller(&app).await;
    let two = years(2);
    let a = create_with(&app, &r, |b| b["cotermDate"] = json!(two)).await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["cotermDate"], years(2));
    let c = a.body["customerId"].as_str().expect("id");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], years(2));

    for bad in [years(5), years(4), years(1), "2020-01-01".to_string(), "2030-13-01".to_string()] {
        let a = create_with(&app, &r, |b| b["cotermDate"] = json!(bad)).await;
        a.assert_error(400, "1117");
        assert!(a.has_detail("cotermDate"), "{bad}: {}", a.text);
    }
    let edu = create_with(&app, &r, |b| {
        b["companyProfile"]["marketSegment"] = json!("EDU");
        b["cotermDate"] = json!(years(4));
    })
    .await;
    assert_eq!(edu.status, 201, "{}", edu.text);
    assert_eq!(edu.body["cotermDate"], years(4));
    let edu5 = create_with(&app, &r, |b| {
        b["companyProfile"]["marketSegment"] = json!("EDU");
        b["cotermDate"] = json!(years(5));
    })
    .await;
    edu5.assert_error(400, "1117");
}

#[tokio::test]
async fn precedence_contacts_and_segment_change() {
    let app = TestApp::spawn().await;
    let r = edu_reseller(&app).await;
    let both = create_with(&app, &r, |b| {
        b["resellerId"] = json!("9999999999");
        b["companyProfile"]["contacts"][0]["email"] = json!("bad");
    })
    .await;
    both.assert_error(400, "1117");
    let subs = create_with(&app, &r, |b| b["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"])).await;
    assert_eq!((subs.status, &subs.body["companyProfile"]["marketSubSegments"]), (201, &json!([])), "{}", subs.text);
    let c = subs.body["customerId"].as_str().expect("id").to_string();
    app.patch("/v3/customers/9999999999", &json!({"foo": 1})).await.assert_error(404, "1116");
    app.run_jobs().await;
    let before = app.get(&format!("/v3/customers/{c}")).await;
    let mut body = unchanged(&app, &c).await;
    body["companyProfile"]["contacts"] = json!([]);
    body["companyProfile"]["marketSegment"] = json!("EDU");
    let a = app.patch(&format!("/v3/customers/{c}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["companyProfile"]["contacts"], before.body["companyProfile"]["contacts"], "[] = unchanged");
    assert_eq!(a.body["companyProfile"]["marketSegment"], "EDU");
    body["companyProfile"]["marketSegment"] = json!("GOV");
    app.patch(&format!("/v3/customers/{c}"), &body).await.assert_error(400, "2135");

    let a = app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1012"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    create_with(&app, &r, |_| {}).await.assert_error(400, "1126");
}
