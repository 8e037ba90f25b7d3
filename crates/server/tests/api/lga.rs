//! Large Government Agencies (SPEC §4.17, §2.8.14 E37–E38; §6.2 T2-08): LGA customers and their
//! levels, the conversion of a GOV customer, LGA linked-membership groups.

use serde_json::{Value, json};

use crate::helpers::{Answer, DISTRIBUTOR_ID, TestApp};
use crate::time_travel::{advance, freeze};

/// Creative Cloud All Apps for Enterprise, GOV, North America.
const CC_GOV: &str = "30001475CC01A12";
/// Acrobat Pro for Teams, GOV, North America.
const ACROBAT_TEAMS_GOV: &str = "30002133CC01A12";

async fn set_lga(app: &TestApp, enabled: bool) {
    let mut d = app.state.store.distributor(DISTRIBUTOR_ID).await.expect("store").expect("distributor");
    d.lga_enabled = enabled;
    let mut tx = app.state.store.begin().await.expect("tx");
    tx.put_distributor(&d).await.expect("put");
    tx.commit().await.expect("commit");
}

/// An active reseller selling COM and GOV.
async fn gov_reseller(app: &TestApp) -> String {
    let mut body = app.reseller_body();
    body["companyProfile"]["marketSegments"] = json!(["COM", "GOV"]);
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    app.run_jobs().await;
    a.body["resellerId"].as_str().expect("resellerId").to_string()
}

fn address(country: &str) -> Value {
    match country {
        "CA" => json!({"country": "CA", "region": "ON", "city": "Toronto", "addressLine1": "1 King St",
            "addressLine2": "", "postalCode": "M5H 1A1", "phoneNumber": ""}),
        _ => json!({"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Main St",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""}),
    }
}

/// Creates a GOV customer (LGA with `lga`) and runs the jobs.
async fn gov_customer(app: &TestApp, reseller: &str, country: &str, lga: bool) -> Answer {
    let mut body = app.customer_body(reseller);
    body["companyProfile"]["marketSegment"] = json!("GOV");
    body["companyProfile"]["address"] = address(country);
    if lga {
        body["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"]);
        body["benefits"] = json!([{"type": "LARGE_GOVERNMENT_AGENCY"}]);
    }
    let a = app.post("/v3/customers", &body).await;
    app.run_jobs().await;
    a
}

async fn lga_customer(app: &TestApp, reseller: &str, country: &str) -> String {
    let a = gov_customer(app, reseller, country, true).await;
    assert_eq!(a.status, 201, "{}", a.text);
    a.body["customerId"].as_str().expect("customerId").to_string()
}

async fn lga_group(app: &TestApp, owner: &str, name: &str) -> String {
    let body = json!({"linkedMembership": {"type": "STANDARD", "name": name}});
    let a = app.patch(&format!("/v3/customers/{owner}"), &body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["linkedMembership"]["id"].as_str().expect("id").to_string()
}

fn enroll_path(customer: &str, group: &str) -> String {
    format!("/v3/customers/{customer}/linked_membership/enroll/{group}")
}

async fn renewal_orders(app: &TestApp, c: &str) -> Vec<Value> {
    let a = app.get(&format!("/v3/customers/{c}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn t2_08_lga_customers_groups_and_levels() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-02T15:04:05Z").await;
    let r = gov_reseller(&app).await;
    // Not an LGA distributor: 1164, and no group search (4121).
    gov_customer(&app, &r, "US", true).await.assert_error(400, "1164");
    app.get("/v3/linked_membership_groups?country=US").await.assert_error(403, "4121");

    set_lga(&app, true).await;
    let created = gov_customer(&app, &r, "US", true).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["benefits"], json!([{"type": "LARGE_GOVERNMENT_AGENCY", "status": "ACTIVE"}]));
    let owner = created.body["customerId"].as_str().expect("id").to_string();
    let mut com = app.customer_body(&r);
    com["companyProfile"]["address"] = address("US");
    com["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"]);
    com["benefits"] = json!([{"type": "LARGE_GOVERNMENT_AGENCY"}]);
    app.post("/v3/customers", &com).await.assert_error(400, "1163");

    // An LGA group from PATCH linkedMembership: country and benefit from the customer.
    let group = lga_group(&app, &owner, "Federal Agency Group").await;
    let got = app.get(&format!("/v3/customers/{owner}")).await;
    assert_eq!(got.body["linkedMembership"]["country"], "US", "{}", got.text);
    assert_eq!(got.body["linkedMembership"]["benefitTypes"], json!(["LARGE_GOVERNMENT_AGENCY"]));
    assert_eq!(got.body["linkedMembership"]["creationDate"], "2026-03-02T15:04:05");

    let found = app.get("/v3/linked_membership_groups?country=US").await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(
        found.body,
        json!([{"id": group, "name": "Federal Agency Group", "type": "STANDARD", "creationDate": "2026-03-02T15:04:05",
            "marketSegment": "GOV", "country": "US", "membersCount": 1, "benefitTypes": ["LARGE_GOVERNMENT_AGENCY"],
            "discounts": [{"offerType": "LICENSE", "level": "01"}]}]),
        "a bare array"
    );
    let missing = app.get("/v3/linked_membership_groups").await;
    missing.assert_error(400, "1118");
    assert_eq!(missing.body["message"], "Country cannot be null or empty");
    let invalid = app.get("/v3/linked_membership_groups?country=GB").await;
    invalid.assert_error(400, "1118");
    assert_eq!(invalid.body["message"], "Invalid Country");
    app.get("/v3/linked_membership_groups?country=CA").await.assert_error(404, "1143");
    app.get("/v3/linked_membership_groups?country=US&name=nothing").await.assert_error(404, "1143");
    assert_eq!(app.get("/v3/linked_membership_groups?country=US&name=agency").await.status, 200, "case-insensitive");

    // E38 enrols another LGA customer without a code.
    let member = lga_customer(&app, &r, "US").await;
    let e = app.post(&enroll_path(&member, &group), &json!(null)).await;
    assert_eq!(
        (e.status, &e.body),
        (200, &json!({"message": "Customer Successfully enrolled in the Linked Membership"}))
    );
    let got = app.get(&format!("/v3/customers/{member}")).await;
    assert_eq!(got.body["linkedMembership"]["linkedMembershipType"], "MEMBER", "{}", got.text);
    assert_eq!(got.body["linkedMembership"]["id"], group.as_str());
    assert_eq!(app.get("/v3/linked_membership_groups?country=US").await.body[0]["membersCount"], 2);

    // Levels: an LGA customer buying 100 licences gets level 06; a non-LGA customer may not buy it.
    let preview = app.order(&owner, "PREVIEW", CC_GOV, 100).await;
    assert_eq!(preview.body["lineItems"][0]["offerId"], "30001475CC06A12", "{}", preview.text);
    let preview = app.order(&owner, "PREVIEW", CC_GOV, 99).await;
    assert_eq!(preview.body["lineItems"][0]["offerId"], "30001475CC03A12", "below 100: volume levels");
    let plain = gov_customer(&app, &r, "US", false).await;
    let plain = plain.body["customerId"].as_str().expect("id").to_string();
    let a = app.order(&plain, "NEW", "30001475CC06A12", 100).await;
    a.assert_error(400, "2129");
    assert!(a.text.contains("Not an LGA Customer"), "{}", a.text);
}

#[tokio::test]
async fn e38_refuses_non_lga_customers_and_groups_unknown_ids_and_other_countries() {
    let app = TestApp::spawn().await;
    set_lga(&app, true).await;
    let r = gov_reseller(&app).await;
    let owner = lga_customer(&app, &r, "US").await;
    let lga = lga_group(&app, &owner, "LGA group").await;
    let (_, plain_owner) = app.active_customer().await;
    let plain_group = lga_group(&app, &plain_owner, "Plain group").await;

    let member = lga_customer(&app, &r, "US").await;
    let canadian = lga_customer(&app, &r, "CA").await;
    let plain = gov_customer(&app, &r, "US", false).await.body["customerId"].as_str().expect("id").to_string();
    app.post(&enroll_path(&plain, &lga), &json!(null)).await.assert_error(400, "1165");
    app.post(&enroll_path(&member, &plain_group), &json!(null)).await.assert_error(400, "1166");
    app.post(&enroll_path(&canadian, &lga), &json!(null)).await.assert_error(400, "1118");
    app.post(&enroll_path(&member, "59999999"), &json!(null)).await.assert_error(404, "1143");
    app.post(&enroll_path("9999999999", &lga), &json!(null)).await.assert_error(404, "1116");
    assert_eq!(app.post(&enroll_path(&member, &lga), &json!(null)).await.status, 200);
    app.post(&enroll_path(&member, &lga), &json!(null)).await.assert_error(400, "1117");
    // The portal's code path keeps the same LGA rules.
    let t = app
        .portal(
            reqwest::Method::POST,
            &format!("/customers/{owner}/linked-membership/terms"),
            &json!({"decision": "ACCEPT"}),
        )
        .await;
    assert_eq!(t.status, 200, "{}", t.text);
    let code =
        app.portal(reqwest::Method::POST, &format!("/customers/{owner}/linked-membership/code"), &json!(null)).await;
    let body = json!({"code": code.body["code"]});
    let a = app.portal(reqwest::Method::POST, &format!("/customers/{canadian}/linked-membership/enroll"), &body).await;
    a.assert_error(400, "1118");
}

#[tokio::test]
async fn a_gov_customer_converts_to_lga_in_its_last_30_days_and_renews_at_lga_levels() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-01-10T10:00:00Z").await;
    let r = gov_reseller(&app).await;
    let c = gov_customer(&app, &r, "US", false).await.body["customerId"].as_str().expect("id").to_string();
    app.completed_order(&c, CC_GOV, 120).await;
    let path = format!("/v3/customers/{c}");
    let got = app.get(&path).await.body;
    assert_eq!(got["cotermDate"], "2027-01-10");
    let mut convert =
        json!({"companyProfile": got["companyProfile"], "benefits": [{"type": "LARGE_GOVERNMENT_AGENCY"}]});
    convert["companyProfile"]["contacts"] = json!([]);
    convert["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"]);

    app.patch(&path, &convert).await.assert_error(400, "1164");
    set_lga(&app, true).await;
    let early = app.patch(&path, &convert).await;
    early.assert_error(400, "1117");
    let mut no_sub = convert.clone();
    no_sub["companyProfile"]["marketSubSegments"] = json!([]);
    // Within the last 30 days before the anniversary.
    advance(&mut app, json!({"advanceSeconds": 345 * 86_400})).await;
    app.patch(&path, &no_sub).await.assert_error(400, "1168");
    let a = app.patch(&path, &convert).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["benefits"], json!([{"type": "LARGE_GOVERNMENT_AGENCY", "status": "PENDING_UPGRADE"}]));
    assert_eq!(a.body["companyProfile"]["marketSubSegments"], json!(["FEDERAL"]));
    // Sent again: unchanged.
    assert_eq!(app.patch(&path, &convert).await.status, 200);
    // No Team products or consumables until the anniversary.
    let teams = app.order(&c, "NEW", ACROBAT_TEAMS_GOV, 1).await;
    teams.assert_error(400, "2129");
    assert!(teams.text.contains("LGA_UPGRADE_PENDING"), "{}", teams.text);

    advance(&mut app, json!({"advanceSeconds": 25 * 86_400})).await;
    let got = app.get(&path).await.body;
    assert_eq!(got["benefits"][0]["status"], "ACTIVE", "{got}");
    let renewals = renewal_orders(&app, &c).await;
    assert_eq!(renewals[0]["lineItems"][0]["offerId"], "30001475CC06A12", "{renewals:?}");
}

#[tokio::test]
async fn a_conversion_whose_conditions_fail_at_the_anniversary_expires_the_subscriptions() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-01-10T10:00:00Z").await;
    set_lga(&app, true).await;
    let r = gov_reseller(&app).await;
    let c = gov_customer(&app, &r, "US", false).await.body["customerId"].as_str().expect("id").to_string();
    let (_, sub) = app.completed_order(&c, CC_GOV, 50).await;
    advance(&mut app, json!({"advanceSeconds": 345 * 86_400})).await;
    let path = format!("/v3/customers/{c}");
    let got = app.get(&path).await.body;
    let mut convert =
        json!({"companyProfile": got["companyProfile"], "benefits": [{"type": "LARGE_GOVERNMENT_AGENCY"}]});
    convert["companyProfile"]["marketSubSegments"] = json!(["STATE"]);
    convert["companyProfile"]["contacts"] = json!([]);
    assert_eq!(app.patch(&path, &convert).await.status, 200);
    // 50 licences: fewer than the 100 an LGA renews.
    advance(&mut app, json!({"advanceSeconds": 25 * 86_400})).await;
    assert!(renewal_orders(&app, &c).await.is_empty());
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["status"], "1004", "{}", s.text);
    assert_eq!(app.get(&path).await.body["benefits"][0]["status"], "PENDING_UPGRADE");
}

#[tokio::test]
async fn an_lga_conversion_excludes_3yc_and_linked_memberships() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-01-10T10:00:00Z").await;
    set_lga(&app, true).await;
    let r = gov_reseller(&app).await;
    let c = gov_customer(&app, &r, "US", false).await.body["customerId"].as_str().expect("id").to_string();
    let grouped = gov_customer(&app, &r, "US", false).await.body["customerId"].as_str().expect("id").to_string();
    app.completed_order(&c, CC_GOV, 120).await;
    app.completed_order(&grouped, CC_GOV, 120).await;
    lga_group(&app, &grouped, "Plain").await;
    advance(&mut app, json!({"advanceSeconds": 345 * 86_400})).await;
    for (customer, code) in [(&grouped, "1117"), (&c, "1147")] {
        let path = format!("/v3/customers/{customer}");
        let got = app.get(&path).await.body;
        let mut body = json!({"companyProfile": got["companyProfile"], "benefits": [{"type": "LARGE_GOVERNMENT_AGENCY"},
            {"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]});
        if code == "1117" {
            body["benefits"] = json!([{"type": "LARGE_GOVERNMENT_AGENCY"}]);
        }
        body["companyProfile"]["marketSubSegments"] = json!(["FEDERAL"]);
        body["companyProfile"]["contacts"] = json!([]);
        app.patch(&path, &body).await.assert_error(400, code);
    }
}

#[tokio::test]
async fn an_lga_customer_cannot_request_3yc() {
    let app = TestApp::spawn().await;
    set_lga(&app, true).await;
    let r = gov_reseller(&app).await;
    let c = lga_customer(&app, &r, "US").await;
    let request = json!({"benefits": [{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]});
    app.patch(&format!("/v3/customers/{c}"), &request).await.assert_error(400, "1147");
}
