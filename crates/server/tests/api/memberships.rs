//! Transfer Memberships test data and VIP → VIP MP transfers (SPEC §2.8.9 E26–E28, §4.13, §5.8;
//! §6.2 T2-01 … T2-05).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::time_travel::freeze;

async fn quick(app: &TestApp, body: Value) -> String {
    let a = app.portal(Method::POST, "/memberships/quick", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["membershipId"].as_str().expect("membershipId").to_string();
    assert!(id.len() == 8 && id.bytes().all(|b| b.is_ascii_digit()), "8 digits: {id}");
    assert_eq!(a.body["eligible"], true, "{}", a.text);
    id
}

async fn custom(app: &TestApp, body: Value) -> Value {
    let a = app.portal(Method::POST, "/memberships/custom", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    a.body
}

/// An active reseller selling every segment.
async fn reseller(app: &TestApp) -> String {
    let mut body = app.reseller_body();
    body["companyProfile"]["marketSegments"] = json!(["COM", "EDU", "GOV"]);
    let a = app.post("/v3/resellers", &body).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.body["resellerId"].as_str().expect("resellerId").to_string();
    app.run_jobs().await;
    id
}

async fn transfer(app: &TestApp, membership: &str, reseller: &str) -> Value {
    let a = app.post(&format!("/v3/memberships/{membership}/transfers"), &json!({"resellerId": reseller})).await;
    assert_eq!(a.status, 202, "{}", a.text);
    a.body
}

/// Transfers and completes: the transfer as E28 reads it afterwards.
async fn transferred(app: &TestApp, membership: &str, reseller: &str) -> Value {
    let t = transfer(app, membership, reseller).await;
    app.run_jobs().await;
    let id = t["transferId"].as_str().expect("transferId");
    let a = app.get(&format!("/v3/memberships/{membership}/transfers/{id}")).await;
    assert_eq!((a.status, a.body["status"].as_str()), (200, Some("1000")), "{}", a.text);
    a.body
}

#[tokio::test]
async fn t2_01_memberships_are_made_listed_and_deleted_in_the_portal() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-04-01T08:00:00Z").await;
    let id = quick(&app, json!({"companyName": "Acme Quick", "eligibleOfferCount": 3})).await;
    let offers = app.get(&format!("/v3/memberships/{id}/offers")).await;
    assert_eq!(offers.status, 200, "{}", offers.text);
    let b = &offers.body;
    assert_eq!((b["totalCount"].as_i64(), b["renewalStatus"].as_str()), (Some(3), Some("FULL")), "{}", offers.text);
    for item in b["items"].as_array().expect("items") {
        let offer = item["offerId"].as_str().expect("offerId");
        assert!(offer.len() == 15 && offer.ends_with("A12"), "{offer}");
        assert_eq!(item["currencyCode"], "USD");
        assert!(item["renewalDate"].as_str().is_some_and(|d| d > "2026-04-01"), "{}", offers.text);
    }
    assert_eq!((b["benefits"].as_array().map(Vec::len), b["discounts"].as_array().map(Vec::len)), (Some(0), Some(0)));

    // Custom Create with a knob: ineligible, and E26 says why.
    let c = custom(&app, json!({"companyName": "Acme Unpaid", "eligibility": {"unpaidInvoice": true}})).await;
    assert_eq!((c["eligible"].as_bool(), c["reasonCodes"].clone()), (Some(false), json!(["UNPAID_INVOICE"])));
    let unpaid = c["membershipId"].as_str().expect("id").to_string();
    let a = app.get(&format!("/v3/memberships/{unpaid}/offers")).await;
    a.assert_error(400, "5117");
    assert_eq!(a.body["additionalDetails"], json!(["UNPAID_INVOICE"]), "{}", a.text);
    // Custom offers, contacts off: 5120.
    let c = custom(
        &app,
        json!({"companyName": "Acme Contacts", "offers": [{"offerId": "65304479CA01A12", "quantity": 12}],
            "eligibility": {"adminContactsPresent": false}}),
    )
    .await;
    assert_eq!(c["eligible"], false);
    app.get(&format!("/v3/memberships/{}/offers", c["membershipId"].as_str().expect("id")))
        .await
        .assert_error(400, "5120");

    // The fixed ineligible list: every id answers its code (and reason).
    let list = app.portal(Method::GET, "/memberships/ineligible", &json!(null)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let entries = list.body.as_array().expect("list");
    assert!(entries.len() >= 34, "{}", list.text);
    for reason in ["OPEN_PURCHASE_AUTH", "LM_OWNER_NOT_MIGRATED", "NOT_LGA PARTNER", "INSUFFICIENT_LGA_MOQ"] {
        assert!(entries.iter().any(|e| e["reasonCode"] == reason), "{reason}");
    }
    for e in entries {
        let id = e["membershipId"].as_str().expect("id");
        let a = app.get(&format!("/v3/memberships/{id}/offers")).await;
        a.assert_error(400, e["errorCode"].as_str().expect("code"));
        if let Some(reason) = e["reasonCode"].as_str() {
            assert_eq!(a.body["additionalDetails"], json!([reason]), "{id}: {}", a.text);
        }
    }

    // The Created Memberships list sorts and pages.
    let page = app.portal(Method::GET, "/memberships?sort=companyName&order=asc&pageSize=10", &json!(null)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let names: Vec<&str> =
        page.body["items"].as_array().expect("items").iter().filter_map(|m| m["companyName"].as_str()).collect();
    assert_eq!(names, ["Acme Contacts", "Acme Quick", "Acme Unpaid"]);
    assert_eq!(page.body["totalCount"], 3);
    let first = app.portal(Method::GET, "/memberships", &json!(null)).await;
    assert_eq!(first.body["items"][0]["membershipId"], c["membershipId"], "newest first: {}", first.text);
    app.portal(Method::GET, "/memberships?sort=size", &json!(null)).await.assert_error(400, "P400");

    // Delete an unused one: it is gone.
    let d = app.portal(Method::DELETE, &format!("/memberships/{unpaid}"), &json!(null)).await;
    assert_eq!(d.status, 204, "{}", d.text);
    app.get(&format!("/v3/memberships/{unpaid}/offers")).await.assert_error(400, "5115");
    app.portal(Method::DELETE, &format!("/memberships/{unpaid}"), &json!(null)).await.assert_error(404, "P404");

    // Mutual exclusions name the field.
    let a = app
        .portal(
            Method::POST,
            "/memberships/quick",
            &json!({"companyName": "X", "threeYearCommit": true,
            "linkedMembershipOwner": true}),
        )
        .await;
    a.assert_error(400, "P400");
    assert!(a.has_detail("linkedMembershipOwner"), "{}", a.text);
    let a = app.portal(Method::POST, "/memberships/quick", &json!({"companyName": "X", "enableLga": true})).await;
    assert!(a.status == 400 && a.has_detail("enableLga"), "{}", a.text);
    let a = app
        .portal(
            Method::POST,
            "/memberships/quick",
            &json!({"companyName": "X", "marketSegment": "GOV",
            "marketSubSegment": "STATE", "enableLga": true, "hvd": {"pricing": "PRE_DCLO", "discountLevel": "17"}}),
        )
        .await;
    assert!(a.status == 400 && a.has_detail("hvd"), "{}", a.text);
    let a = app
        .portal(Method::POST, "/memberships/quick", &json!({"companyName": "X", "linkedMembershipMember": true}))
        .await;
    assert!(a.status == 400 && a.has_detail("linkedMembershipGroupId"), "{}", a.text);
    let a = app.portal(Method::POST, "/memberships/quick", &json!({"companyName": "X", "colour": "red"})).await;
    assert!(a.status == 400 && a.has_detail("colour"), "{}", a.text);
}

#[tokio::test]
async fn t2_02_a_membership_transfers_once_into_a_customer_with_subscriptions_and_an_order() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-04-01T08:00:00Z").await;
    let r = reseller(&app).await;
    let id =
        quick(&app, json!({"companyName": "Acme Transfer", "eligibleOfferCount": 2, "renewalStatus": "PARTIAL"})).await;
    let preview = app.get(&format!("/v3/memberships/{id}/offers")).await;
    assert_eq!(preview.body["renewalStatus"], "PARTIAL");

    let t = transfer(&app, &id, &r).await;
    let tid = t["transferId"].as_str().expect("transferId").to_string();
    assert!(tid.len() == 9 && tid.bytes().all(|b| b.is_ascii_digit()), "9 digits: {tid}");
    assert_eq!(
        (t["status"].as_str(), t["customerId"].as_str(), t["membershipId"].as_str()),
        (Some("1002"), Some(""), Some(id.as_str()))
    );
    assert_eq!(t["resellerId"], r.as_str());
    assert_eq!(t["links"]["self"]["uri"], format!("/v3/memberships/{id}/transfers/{tid}"));
    assert_eq!(t["lineItems"].as_array().map(Vec::len), Some(2));
    assert_eq!(t["lineItems"][0]["subscriptionId"], "");
    // While it processes.
    let open = app.get(&format!("/v3/memberships/{id}/transfers/{tid}")).await;
    assert_eq!(open.body["status"], "1002", "{}", open.text);
    app.post(&format!("/v3/memberships/{id}/transfers"), &json!({"resellerId": r})).await.assert_error(400, "4122");
    app.get(&format!("/v3/memberships/{id}/offers")).await.assert_error(400, "5121");

    app.run_jobs().await;
    let done = app.get(&format!("/v3/memberships/{id}/transfers/{tid}")).await;
    assert_eq!(done.body["status"], "1000", "{}", done.text);
    let customer = done.body["customerId"].as_str().expect("customerId").to_string();
    assert!(!customer.is_empty());
    let subs: Vec<String> = done.body["lineItems"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["subscriptionId"].as_str().expect("subscriptionId").to_string())
        .collect();
    assert!(subs.iter().all(|s| s.len() == 32), "{}", done.text);

    let c = app.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(
        (c.body["status"].as_str(), c.body["resellerId"].as_str()),
        (Some("1000"), Some(r.as_str())),
        "{}",
        c.text
    );
    assert_eq!(c.body["companyProfile"]["companyName"], "Acme Transfer");
    // PARTIAL: the anniversary is next year, the first product renewed, the second did not.
    assert_eq!(c.body["cotermDate"], "2027-03-02", "{}", c.text);
    let first = app.get(&format!("/v3/customers/{customer}/subscriptions/{}", subs[0])).await;
    assert_eq!(
        (first.body["status"].as_str(), first.body["renewalDate"].as_str()),
        (Some("1000"), Some("2027-03-02")),
        "{}",
        first.text
    );
    let second = app.get(&format!("/v3/customers/{customer}/subscriptions/{}", subs[1])).await;
    assert_eq!(second.body["status"], "1004", "not renewed: {}", second.text);

    let history = app.get(&format!("/v3/customers/{customer}/orders")).await;
    let orders = history.body["items"].as_array().expect("orders");
    assert_eq!(orders.len(), 1, "{}", history.text);
    assert_eq!(
        (orders[0]["orderType"].as_str(), orders[0]["source"].as_str(), orders[0]["status"].as_str()),
        (Some("TRANSFER"), Some("System"), Some("1000"))
    );
    assert_eq!(orders[0]["lineItems"][1]["subscriptionId"], subs[1].as_str());

    // Once only; the guards.
    app.post(&format!("/v3/memberships/{id}/transfers"), &json!({"resellerId": r})).await.assert_error(400, "5118");
    app.get(&format!("/v3/memberships/{id}/offers")).await.assert_error(400, "5118");
    app.post("/v3/memberships/99999999/transfers", &json!({"resellerId": r})).await.assert_error(400, "5115");
    app.get(&format!("/v3/memberships/{id}/transfers/399999999")).await.assert_error(400, "5116");
    app.get(&format!("/v3/memberships/70999999/transfers/{tid}")).await.assert_error(400, "5116");
    let other = quick(&app, json!({"companyName": "Acme Other"})).await;
    app.post(&format!("/v3/memberships/{other}/transfers"), &json!({"resellerId": "1000999999"}))
        .await
        .assert_error(404, "1115");
    app.post(&format!("/v3/memberships/{other}/transfers"), &json!({})).await.assert_error(400, "1122");
    let inactive = reseller(&app).await;
    let edit = app.portal(Method::PATCH, &format!("/resellers/{inactive}"), &json!({"status": "1004"})).await;
    assert_eq!(edit.status, 200, "{}", edit.text);
    app.post(&format!("/v3/memberships/{other}/transfers"), &json!({"resellerId": inactive}))
        .await
        .assert_error(400, "5119");
    // A reseller without the membership's segment.
    let edu = quick(&app, json!({"companyName": "Acme School", "marketSegment": "EDU"})).await;
    let com_only = app.create_reseller().await;
    app.run_jobs().await;
    let a = app.post(&format!("/v3/memberships/{edu}/transfers"), &json!({"resellerId": com_only})).await;
    a.assert_error(400, "5117");
    assert!(a.has_detail("BAD_MARKET_SEGMENT"), "{}", a.text);
    // A transferred membership cannot be deleted.
    app.portal(Method::DELETE, &format!("/memberships/{id}"), &json!(null)).await.assert_error(409, "P409");

    // The journal records the transfer routes, matched by their templates.
    let journal = app.portal(Method::GET, "/requests?path=/v3/memberships/*&limit=100", &json!(null)).await;
    assert_eq!(journal.status, 200, "{}", journal.text);
    let paths: Vec<String> = journal.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| format!("{} {}", e["method"].as_str().unwrap_or(""), e["path"].as_str().unwrap_or("")))
        .collect();
    for want in [
        format!("POST /v3/memberships/{id}/transfers"),
        format!("GET /v3/memberships/{id}/offers"),
        format!("GET /v3/memberships/{id}/transfers/{tid}"),
    ] {
        assert!(paths.contains(&want), "{want} in {paths:?}");
    }
}

#[tokio::test]
async fn t2_03_the_bypass_flags_waive_open_pas_and_returnable_orders() {
    let app = TestApp::spawn().await;
    let r = reseller(&app).await;
    let c = custom(&app, json!({"companyName": "Acme PA", "eligibility": {"openPurchaseAuthorizations": true}})).await;
    let id = c["membershipId"].as_str().expect("id");
    let a = app.get(&format!("/v3/memberships/{id}/offers")).await;
    a.assert_error(400, "5117");
    assert_eq!(a.body["additionalDetails"], json!(["OPEN_PURCHASE_AUTH"]));
    let ok = app.get(&format!("/v3/memberships/{id}/offers?expire-open-pas=true")).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    // The other flag does not waive it.
    app.get(&format!("/v3/memberships/{id}/offers?ignore-order-return=true")).await.assert_error(400, "5117");
    let both = custom(
        &app,
        json!({"companyName": "Acme Both",
        "eligibility": {"openPurchaseAuthorizations": true, "returnablePurchase": true}}),
    )
    .await;
    let both = both["membershipId"].as_str().expect("id");
    let a = app.get(&format!("/v3/memberships/{both}/offers?expire-open-pas=true")).await;
    assert_eq!(a.body["additionalDetails"], json!(["RETURNABLE_PURCHASE"]), "{}", a.text);
    let a = app
        .post(
            &format!("/v3/memberships/{both}/transfers?expire-open-pas=true&ignore-order-return=true"),
            &json!({"resellerId": r}),
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.text);
}

#[tokio::test]
async fn t2_04_3yc_hvd_lga_and_linked_memberships_transfer_their_benefits() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-04-01T08:00:00Z").await;
    let r = reseller(&app).await;

    // 3YC: the commitment is copied.
    let tyc = quick(&app, json!({"companyName": "Acme 3YC", "threeYearCommit": true})).await;
    let preview = app.get(&format!("/v3/memberships/{tyc}/offers")).await;
    assert_eq!(preview.body["benefits"][0]["type"], "THREE_YEAR_COMMIT", "{}", preview.text);
    assert_eq!(preview.body["discounts"][0]["offerType"], "3YC");
    let done = transferred(&app, &tyc, &r).await;
    let c = app.get(&format!("/v3/customers/{}", done["customerId"].as_str().expect("customer"))).await;
    let benefit = &c.body["benefits"][0];
    assert_eq!(
        (benefit["type"].as_str(), benefit["commitment"]["status"].as_str()),
        (Some("THREE_YEAR_COMMIT"), Some("COMMITTED")),
        "{}",
        c.text
    );
    assert_eq!(benefit["commitment"], preview.body["benefits"][0]["commitment"]);
    assert_eq!(c.body["discounts"][0]["level"], "12", "{}", c.text);

    // HVD: the tag and the discount code.
    let hvd =
        quick(&app, json!({"companyName": "Acme HVD", "hvd": {"pricing": "PRE_DCLO", "discountLevel": "18"}})).await;
    let preview = app.get(&format!("/v3/memberships/{hvd}/offers")).await;
    assert_eq!(preview.body["discounts"][0]["discountCode"], "HVD_L18_PRE", "{}", preview.text);
    let done = transferred(&app, &hvd, &r).await;
    let customer = done["customerId"].as_str().expect("customer").to_string();
    let c = app.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(c.body["tags"], json!(["HVD_MIGRATED_CUSTOMER"]), "{}", c.text);
    let licence =
        c.body["discounts"].as_array().expect("discounts").iter().find(|d| d["offerType"] == "LICENSE").cloned();
    assert_eq!(
        licence.map(|d| (d["level"].clone(), d["discountCode"].clone())),
        Some((json!("14"), json!("HVD_L18_PRE"))),
        "{}",
        c.text
    );

    // LGA: not with a distributor without LGA (1164), then with one.
    let lga = quick(
        &app,
        json!({"companyName": "Acme Agency", "marketSegment": "GOV", "marketSubSegment": "FEDERAL",
        "enableLga": true}),
    )
    .await;
    let preview = app.get(&format!("/v3/memberships/{lga}/offers")).await;
    assert!(
        preview.body["benefits"].as_array().expect("benefits").iter().any(|b| b["type"] == "LARGE_GOVERNMENT_AGENCY"),
        "{}",
        preview.text
    );
    app.post(&format!("/v3/memberships/{lga}/transfers"), &json!({"resellerId": r})).await.assert_error(400, "1164");
    let mut tx = app.state.store.begin().await.expect("begin");
    let mut d = tx.distributor(crate::helpers::DISTRIBUTOR_ID).await.expect("read").expect("distributor");
    d.lga_enabled = true;
    tx.put_distributor(&d).await.expect("put");
    tx.commit().await.expect("commit");
    let done = transferred(&app, &lga, &r).await;
    let c = app.get(&format!("/v3/customers/{}", done["customerId"].as_str().expect("customer"))).await;
    assert!(
        c.body["benefits"].as_array().expect("benefits").iter().any(|b| b["type"] == "LARGE_GOVERNMENT_AGENCY"),
        "{}",
        c.text
    );
    assert_eq!(c.body["discounts"][0]["level"], "06", "{}", c.text);

    // Linked membership: the member waits for its owner.
    let owner = app
        .portal(
            Method::POST,
            "/memberships/quick",
            &json!({"companyName": "Acme Owner", "linkedMembershipOwner": true}),
        )
        .await;
    assert_eq!(owner.status, 201, "{}", owner.text);
    let group = owner.body["linkedMembershipId"].as_str().expect("linkedMembershipId").to_string();
    assert!(group.len() == 8 && group.starts_with("51"), "{group}");
    let owner = owner.body["membershipId"].as_str().expect("id").to_string();
    let member = quick(
        &app,
        json!({"companyName": "Acme Member", "linkedMembershipMember": true, "linkedMembershipGroupId": group}),
    )
    .await;
    let a = app.get(&format!("/v3/memberships/{member}/offers")).await;
    a.assert_error(400, "5117");
    assert_eq!(a.body["additionalDetails"], json!(["LM_OWNER_NOT_MIGRATED"]), "{}", a.text);
    let owner_customer = transferred(&app, &owner, &r).await["customerId"].as_str().expect("customerId").to_string();
    let ok = app.get(&format!("/v3/memberships/{member}/offers")).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    // The owner's customer owns the group, under the membership's group id; its member joins it.
    let role = |c: &Value| {
        let lm = &c["linkedMembership"];
        (lm["linkedMembershipType"].as_str().map(str::to_string), lm["id"].as_str().map(str::to_string))
    };
    let got = app.get(&format!("/v3/customers/{owner_customer}")).await;
    assert_eq!(role(&got.body), (Some("OWNER".into()), Some(group.clone())), "{}", got.text);
    let member_customer = transferred(&app, &member, &r).await["customerId"].as_str().expect("customerId").to_string();
    let got = app.get(&format!("/v3/customers/{member_customer}")).await;
    assert_eq!(role(&got.body), (Some("MEMBER".into()), Some(group.clone())), "{}", got.text);
    let detail = app.portal(Method::GET, &format!("/customers/{owner_customer}"), &json!({})).await;
    assert!(detail.text.contains(&member_customer), "the owner's group lists the member: {}", detail.text);
    let listed = app.portal(Method::GET, "/memberships?sort=companyName&order=asc&pageSize=10", &json!(null)).await;
    let m = listed.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["membershipId"] == member.as_str())
        .cloned()
        .expect("member");
    assert_eq!(
        (m["linkedMembership"]["linkedMembershipType"].as_str(), m["linkedMembership"]["id"].as_str()),
        (Some("MEMBER"), Some(group.as_str()))
    );
}

#[tokio::test]
async fn t2_05_the_portal_forces_a_transfer_complete_or_failed() {
    let app = TestApp::spawn().await;
    let r = reseller(&app).await;
    let customers_before = app.get(&format!("/v3/resellers/{r}/customers")).await.body["totalCount"].clone();

    let failed = quick(&app, json!({"companyName": "Acme Failed"})).await;
    let t = transfer(&app, &failed, &r).await;
    let tid = t["transferId"].as_str().expect("id").to_string();
    let a = app.portal(Method::PATCH, &format!("/transfers/{tid}"), &json!({"status": "1004"})).await;
    assert_eq!((a.status, a.body["status"].as_str()), (200, Some("1004")), "{}", a.text);
    app.run_jobs().await;
    let get = app.get(&format!("/v3/memberships/{failed}/transfers/{tid}")).await;
    assert_eq!(
        (get.body["status"].as_str(), get.body["customerId"].as_str()),
        (Some("1004"), Some("")),
        "{}",
        get.text
    );
    assert_eq!(
        app.get(&format!("/v3/resellers/{r}/customers")).await.body["totalCount"],
        customers_before,
        "no customer"
    );
    app.portal(Method::PATCH, &format!("/transfers/{tid}"), &json!({"status": "1000"})).await.assert_error(409, "P409");
    app.portal(Method::PATCH, &format!("/transfers/{tid}"), &json!({"status": "1001"})).await.assert_error(400, "P400");
    app.portal(Method::PATCH, "/transfers/399999999", &json!({"status": "1000"})).await.assert_error(404, "P404");

    // Forcing 1000 completes an open transfer at once.
    let forced = quick(&app, json!({"companyName": "Acme Forced"})).await;
    let t = transfer(&app, &forced, &r).await;
    let fid = t["transferId"].as_str().expect("id").to_string();
    let a = app.portal(Method::PATCH, &format!("/transfers/{fid}"), &json!({"status": "1000"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let customer = a.body["customerId"].as_str().expect("customerId").to_string();
    assert!(!customer.is_empty(), "{}", a.text);
    assert_eq!(app.get(&format!("/v3/customers/{customer}")).await.body["status"], "1000");

    // Manage Records › Transfers lists both, newest first.
    let list = app.portal(Method::GET, "/transfers", &json!(null)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let items = list.body["items"].as_array().expect("items");
    let ids: Vec<&str> = items.iter().filter_map(|t| t["transferId"].as_str()).collect();
    assert_eq!(ids, [fid.as_str(), tid.as_str()]);
    assert_eq!(
        (items[0]["companyName"].as_str(), items[0]["customerId"].as_str()),
        (Some("Acme Forced"), Some(customer.as_str()))
    );
    assert!(items[0]["orderId"].is_string(), "{}", list.text);
}

#[tokio::test]
async fn the_html_portal_creates_lists_deletes_and_forces_transfers() {
    use crate::portal_html::Portal;
    let app = TestApp::spawn().await;
    let r = reseller(&app).await;
    let portal = Portal::sign_in(&app).await;
    let (status, _, html) = portal.get("/portal/memberships").await;
    assert_eq!(status, 200, "{html}");
    for text in [
        "<h1>Transfer Memberships</h1>",
        "Quick Create",
        "Custom Create",
        "Ineligible Memberships",
        "88000101",
        "aria-current=\"page\">Transfer Memberships</a>",
        "<label for=\"quick-companyName\">Company name</label>",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }

    // Quick Create: the flash names the new id, the list shows it.
    let page =
        portal.submit("/portal/memberships/quick", &[("companyName", "Html Quick"), ("eligibleOfferCount", "2")]).await;
    let id =
        page.split("Created membership ").nth(1).and_then(|s| s.get(..8)).expect("the id in the flash").to_string();
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert!(page.contains(&format!("<td>{id}</td><td>Html Quick</td>")), "{page}");
    // A refused form keeps the input and marks the field.
    let page = portal
        .submit(
            "/portal/memberships/quick",
            &[("companyName", "Html Bad"), ("threeYearCommit", "true"), ("linkedMembershipOwner", "true")],
        )
        .await;
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"quick-linkedMembershipOwner-error\""), "{page}");
    assert!(page.contains("value=\"Html Bad\""), "the input is kept: {page}");
    // Custom Create with a knob.
    let page = portal
        .submit(
            "/portal/memberships/custom",
            &[
                ("companyName", "Html Custom"),
                ("country", "US"),
                ("offerId", "65304479CA01A12"),
                ("quantity", "12"),
                ("contractAccepted", "true"),
                ("adminContactsPresent", "true"),
                ("unpaidInvoice", "true"),
            ],
        )
        .await;
    assert!(page.contains("No: UNPAID_INVOICE"), "{page}");
    let custom = page.split("Created membership ").nth(1).and_then(|s| s.get(..8)).expect("id").to_string();
    // Delete, behind a confirm dialog.
    assert!(page.contains(&format!("data-confirm=\"Delete membership {custom}")), "{page}");
    let page = portal.submit(&format!("/portal/memberships/{custom}/delete"), &[]).await;
    assert!(page.contains(&format!("Deleted membership {custom}.")), "{page}");

    // Transfer through the API; Manage Records › Transfers forces it complete.
    let t = transfer(&app, &id, &r).await;
    let tid = t["transferId"].as_str().expect("id").to_string();
    let (_, _, html) = portal.get("/portal/transfers").await;
    assert!(html.contains(&format!("<td>{tid}</td><td>{id}</td><td>Html Quick</td>")), "{html}");
    assert!(html.contains(&format!("<label for=\"transfer-{tid}-status\" class=\"sr-only\">")), "{html}");
    let page = portal.submit(&format!("/portal/transfers/{tid}"), &[("status", "1000")]).await;
    assert!(page.contains(&format!("Transfer {tid} is now 1000: customer ")), "{page}");
    let done = app.get(&format!("/v3/memberships/{id}/transfers/{tid}")).await;
    let customer = done.body["customerId"].as_str().expect("customer").to_string();
    let (_, _, customers) = portal.get(&format!("/portal/customers?searchBy=customerId&q={customer}")).await;
    assert!(customers.contains("Html Quick"), "{customers}");
}

#[tokio::test]
async fn a_worldwide_membership_transfers_its_deployment_to_the_customer() {
    let app = TestApp::spawn().await;
    let r = reseller(&app).await;
    let body = json!({"companyName": "Acme Worldwide", "enableWorldwide": true,
        "deployment": {"deploymentId": "1460000042", "country": "JP", "region": "13", "city": "Tokyo",
                       "addressLine1": "1-1 Marunouchi", "postalCode": "100-0001"}});
    let bad = app
        .portal(Method::POST, "/memberships/custom", &json!({"companyName": "Bad", "deployment": {"country": "ZZ"}}))
        .await;
    bad.assert_error(400, "P400");
    assert!(bad.has_detail("deployment.country"), "{}", bad.text);
    let m = custom(&app, body).await["membershipId"].as_str().expect("membershipId").to_string();

    // A worldwide purchaser needs a distributor with global sales.
    let refused = app.post(&format!("/v3/memberships/{m}/transfers"), &json!({"resellerId": r})).await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    let on = app.portal(Method::POST, "/partners/5000000001/global-sales", &json!({"enabled": true})).await;
    assert_eq!(on.status, 200, "{}", on.text);
    let t = transferred(&app, &m, &r).await;
    let c = t["customerId"].as_str().expect("customerId");
    assert!(t["lineItems"].as_array().expect("lines").iter().all(|l| l["deploymentId"] == "1460000042"), "{t}");

    let deployments = app.get(&format!("/v3/customers/{c}/deployments")).await;
    assert_eq!(deployments.status, 200, "{}", deployments.text);
    let d = &deployments.body["items"][0];
    assert_eq!(
        (d["deploymentId"].as_str(), d["companyProfile"]["address"]["country"].as_str(), d["status"].as_str()),
        (Some("1460000042"), Some("JP"), Some("1000")),
        "{}",
        deployments.text
    );
    assert_eq!(d["companyProfile"]["address"]["city"], "Tokyo", "{}", deployments.text);
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    assert!(subs.body["items"].as_array().expect("items").iter().all(|s| s["deploymentId"] == "1460000042"));
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["globalSalesEnabled"], true);
}
