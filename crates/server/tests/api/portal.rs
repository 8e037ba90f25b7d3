//! The portal JSON API (T0-23, T0-24, T0-31 to T0-34, §5.3, §5.6, §5.7, §5.2.1, profiles).

use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::settings::{JobsMode, Profile, Settings};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};

const OFFER: &str = "65304479CA01A12";

fn ids(list: &Value, key: &str) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i[key].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn customer_list_sorts_pages_searches_and_expands() {
    let app = TestApp::spawn().await;
    let r1 = app.create_reseller().await;
    let r2 = app.create_reseller().await;
    let mut mine = Vec::new();
    for _ in 0..3 {
        mine.push(app.create_customer(&r1).await);
    }
    app.create_customer(&r2).await;
    app.run_jobs().await;

    let asc = app.portal(Method::GET, "/customers?sort=customerId&order=asc&pageSize=20", &json!(null)).await;
    assert_eq!(asc.status, 200, "{}", asc.text);
    let got = ids(&asc.body, "customerId");
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    assert_eq!(asc.body["totalCount"], 4);
    assert_eq!(asc.body["pageSize"], 20);

    let newest = app.portal(Method::GET, "/customers", &json!(null)).await;
    assert_eq!(ids(&newest.body, "customerId")[0], got[3], "default: creationDate desc");

    let paged = app.portal(Method::GET, "/customers?pageSize=10&page=2", &json!(null)).await;
    assert_eq!(paged.body["items"], json!([]));
    app.portal(Method::GET, "/customers?pageSize=15", &json!(null)).await.assert_error(400, "P400");
    app.portal(Method::GET, "/customers?sort=bogus", &json!(null)).await.assert_error(400, "P400");

    let by_reseller = app.portal(Method::GET, &format!("/customers?searchBy=resellerId&q={r1}"), &json!(null)).await;
    let mut found = ids(&by_reseller.body, "customerId");
    found.sort();
    assert_eq!(found, mine);
    let by_id = app.portal(Method::GET, &format!("/customers?searchBy=customerId&q={}", mine[0]), &json!(null)).await;
    assert_eq!(ids(&by_id.body, "customerId"), vec![mine[0].clone()]);
    assert_eq!(by_id.body["items"][0]["associations"]["resellerId"], r1);
    let none = app.portal(Method::GET, "/customers?searchBy=customerId&q=0000", &json!(null)).await;
    assert_eq!((none.status, none.body["totalCount"].clone()), (200, json!(0)));

    app.completed_order(&mine[0], OFFER, 20).await;
    let d = app.portal(Method::GET, &format!("/customers/{}", mine[0]), &json!(null)).await;
    assert_eq!(d.status, 200, "{}", d.text);
    assert_eq!(d.body["customer"]["customerId"], mine[0]);
    assert_eq!(d.body["customer"]["associations"]["distributorId"], DISTRIBUTOR_ID);
    let order = &d.body["orders"][0];
    for key in ["orderId", "customerId", "createdDate", "status", "orderType", "orderPrice"] {
        assert!(order.get(key).is_some(), "order column {key}: {}", d.text);
    }
    assert!(order["orderPrice"].as_str().is_some_and(|p| p.ends_with(" USD")), "{}", d.text);
    let sub = &d.body["subscriptions"][0];
    for key in [
        "subscriptionId",
        "createdDate",
        "renewalDate",
        "renewalQuantity",
        "renewedQuantity",
        "autoRenewal",
        "status",
        "currencyCode",
        "allowedActions",
    ] {
        assert!(sub.get(key).is_some(), "subscription column {key}: {}", d.text);
    }
    assert_eq!(d.body["actions"]["triggerAutoRenewal"], json!({"enabled": true, "cooldownRemainingSeconds": 0}));
    assert_eq!(d.body["actions"]["enroll3yc"], true, "20 licences and no 3YC");
    app.portal(Method::GET, "/customers/1999999999", &json!(null)).await.assert_error(404, "P404");
}

#[tokio::test]
async fn customer_status_edits_show_in_cpapi() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    for status in ["1000", "1004", "1010", "1012", "1024"] {
        let a = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": status})).await;
        assert_eq!(a.status, 200, "{status}: {}", a.text);
        assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], status);
    }
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1002"})).await.assert_error(400, "P400");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1024", "nothing changed");
}

#[tokio::test]
async fn setting_1000_again_resumes_a_parked_order() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let c = app.create_customer(&r).await;
    let o = app.order(&c, "NEW", OFFER, 5).await;
    let id = o.body["orderId"].as_str().unwrap_or("").to_string();
    app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"status": "1000"})).await;
    app.run_jobs().await;
    assert_eq!(app.get(&format!("/v3/customers/{c}/orders/{id}")).await.body["status"], "1000");
}

#[tokio::test]
async fn three_year_commit_accept_commit_reject_and_edit_terms() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    let mut body = app.customer_body(&r);
    body["benefits"] = json!([{"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let c = app.post("/v3/customers", &body).await.body["customerId"].as_str().unwrap_or("").to_string();
    app.run_jobs().await;
    let path = format!("/customers/{c}/three-year-commit");
    app.portal(Method::PATCH, &path, &json!({"status": "EXPIRED"})).await.assert_error(409, "P409");
    let accepted = app
        .portal(
            Method::POST,
            &format!("{path}/decision"),
            &json!({"request": "commitmentRequest", "decision": "ACCEPT"}),
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    let today = app.today();
    let tyc = &accepted.body["benefits"][0];
    assert_eq!(tyc["commitmentRequest"]["status"], "ACCEPTED");
    assert_eq!(tyc["commitmentRequest"]["startDate"], today.to_string());
    assert_eq!(accepted.body["cotermDate"], vipmp_core::dates::add_years(today, 1).to_string());
    let preview = app.order(&c, "PREVIEW", OFFER, 12).await;
    assert_eq!(preview.body["lineItems"][0]["offerId"], "65304479CA12A12", "{}", preview.text);
    app.completed_order(&c, OFFER, 12).await;
    let after = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(after.body["benefits"][0]["commitment"]["status"], "COMMITTED", "{}", after.text);
    assert_eq!(after.body["benefits"][0]["commitmentRequest"], Value::Null);
    assert_eq!(after.body["discounts"][0]["level"], "12");
    let again = app.portal(Method::POST, &format!("{path}/decision"), &json!({"decision": "ACCEPT"})).await;
    again.assert_error(409, "P409");

    let edited = app
        .portal(Method::PATCH, &path, &json!({"startDate": "2025-01-01", "endDate": "2027-12-31", "status": "EXPIRED"}))
        .await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let got = app.get(&format!("/v3/customers/{c}")).await;
    let commitment = &got.body["benefits"][0]["commitment"];
    assert_eq!(
        (commitment["startDate"].clone(), commitment["endDate"].clone()),
        (json!("2025-01-01"), json!("2027-12-31"))
    );
    assert_eq!(commitment["status"], "EXPIRED");
    assert_eq!(got.body["discounts"][0]["level"], "01");
    app.portal(Method::PATCH, &path, &json!({"startDate": "2025-01-01", "endDate": "2024-12-31"}))
        .await
        .assert_error(400, "P400");
    app.portal(Method::PATCH, &path, &json!({"status": "BOGUS"})).await.assert_error(400, "P400");

    let mut body = app.customer_body(&r);
    body["benefits"] = json!([{"type": "THREE_YEAR_COMMIT", "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let c2 = app.post("/v3/customers", &body).await.body["customerId"].as_str().unwrap_or("").to_string();
    let rejected = app
        .portal(Method::POST, &format!("/customers/{c2}/three-year-commit/decision"), &json!({"decision": "REJECT"}))
        .await;
    assert_eq!(rejected.body["benefits"][0]["commitmentRequest"]["status"], "DECLINED", "{}", rejected.text);
}

#[tokio::test]
async fn enroll_for_3yc_commits_current_quantities() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!(null))
        .await
        .assert_error(409, "P409");
    app.completed_order(&c, OFFER, 60).await;
    let e = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!(null)).await;
    assert_eq!(e.status, 200, "{}", e.text);
    let commitment = &e.body["benefits"][0]["commitment"];
    assert_eq!(commitment["status"], "COMMITTED");
    assert_eq!(commitment["minimumQuantities"], json!([{"offerType": "LICENSE", "quantity": 60}]));
    assert_eq!(e.body["discounts"][0]["level"], "13");
}

#[tokio::test]
async fn global_sales_through_the_portal() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let path = format!("/customers/{c}");
    app.portal(Method::PATCH, &path, &json!({"globalSalesEnabled": true})).await.assert_error(400, "1139");
    let on =
        app.portal(Method::POST, &format!("/partners/{DISTRIBUTOR_ID}/global-sales"), &json!({"enabled": true})).await;
    assert_eq!(on.body["globalSalesEnabled"], true, "{}", on.text);
    app.portal(Method::POST, "/partners/someone-else/global-sales", &json!({"enabled": true}))
        .await
        .assert_error(404, "P404");
    assert_eq!(app.portal(Method::PATCH, &path, &json!({"globalSalesEnabled": true})).await.status, 200);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["globalSalesEnabled"], true);
    assert_eq!(app.portal(Method::PATCH, &path, &json!({"globalSalesEnabled": false})).await.status, 200);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["globalSalesEnabled"], false);
}

#[tokio::test]
async fn reseller_status_blocks_updates_and_lists_sort() {
    let app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    app.create_reseller().await;
    app.run_jobs().await;
    let a = app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1012"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(app.get(&format!("/v3/resellers/{r}")).await.body["status"], "1012");
    let mut body = app.reseller_body();
    body["companyProfile"]["companyName"] =
        app.get(&format!("/v3/resellers/{r}")).await.body["companyProfile"]["companyName"].clone();
    body.as_object_mut().map(|m| m.remove("distributorId"));
    body["companyProfile"]["marketSegments"] = json!(["COM"]);
    app.patch(&format!("/v3/resellers/{r}"), &body).await.assert_error(400, "1125");
    app.portal(Method::PATCH, &format!("/resellers/{r}"), &json!({"status": "1024"})).await.assert_error(400, "P400");
    let list = app.portal(Method::GET, "/resellers?sort=status&order=asc&pageSize=100", &json!(null)).await;
    let statuses: Vec<String> = ids(&list.body, "status");
    assert_eq!(statuses, vec!["1000".to_string(), "1012".to_string()]);
    let one = app.portal(Method::GET, &format!("/resellers?searchBy=resellerId&q={r}"), &json!(null)).await;
    assert_eq!(ids(&one.body, "resellerId"), vec![r.clone()]);
    let d = app.portal(Method::GET, &format!("/resellers/{r}"), &json!(null)).await;
    assert_eq!(d.body["associations"]["distributorId"], DISTRIBUTOR_ID);
}

#[tokio::test]
async fn portal_orders_edit_and_cancel() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, sub) = app.completed_order(&c, OFFER, 20).await;
    let (o2, _) = app.completed_order(&c, OFFER, 5).await;
    let found = app.portal(Method::GET, &format!("/orders?searchBy=customerId&q={c}"), &json!(null)).await;
    assert_eq!(ids(&found.body, "orderId"), vec![o2.clone(), o.clone()], "newest first");
    let set = app.portal(Method::PATCH, &format!("/orders/{o2}"), &json!({"status": "1022"})).await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}/orders/{o2}")).await.body["status"], "1022");
    let old = (app.state.now() - chrono::Duration::days(20)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    app.portal(Method::PATCH, &format!("/orders/{o}"), &json!({"creationDate": old})).await;
    app.portal(Method::PATCH, &format!("/orders/{o}"), &json!({"status": "1008"})).await.assert_error(400, "2117");
    let (o3, _) = app.completed_order(&c, OFFER, 3).await;
    let cancelled = app.portal(Method::PATCH, &format!("/orders/{o3}"), &json!({"status": "1008"})).await;
    assert_eq!(cancelled.body["status"], "1008", "{}", cancelled.text);
    assert_eq!(cancelled.body["lineItems"][0]["status"], "1008");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["currentQuantity"], 25, "20 + 5 + 3 - 3");
    app.portal(Method::PATCH, &format!("/orders/{o3}"), &json!({"status": "1008"})).await.assert_error(400, "2118");
}

#[tokio::test]
async fn portal_subscription_edit() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let path = format!("/customers/{c}/subscriptions/{sub}");
    let a = app.portal(Method::PATCH, &path, &json!({"renewalQuantity": 7, "autoRenewal": true})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["autoRenewal"], json!({"enabled": true, "renewalQuantity": 7}));
    app.portal(Method::PATCH, &path, &json!({"renewalQuantity": 0})).await.assert_error(400, "3116");
    app.portal(Method::PATCH, &path, &json!({"status": "1009"})).await.assert_error(400, "P400");
}

#[tokio::test]
async fn default_records() {
    let app = TestApp::spawn().await;
    app.portal(Method::POST, "/defaults/customer", &json!(null)).await.assert_error(409, "P409");
    let r = app.portal(Method::POST, "/defaults/reseller", &json!(null)).await;
    assert_eq!(r.body["reseller"]["status"], "1000", "{}", r.text);
    let c = app.portal(Method::POST, "/defaults/customer", &json!(null)).await;
    let cid = c.body["customerId"].as_str().unwrap_or("").to_string();
    assert_eq!(c.body["customer"]["resellerId"], r.body["resellerId"]);
    let o = app.portal(Method::POST, "/defaults/orders", &json!(null)).await;
    assert_eq!(o.status, 201, "{}", o.text);
    let h = app.get(&format!("/v3/customers/{cid}/orders?start-date=2000-01-01")).await;
    let mut statuses: Vec<String> = h.body["items"]
        .as_array()
        .map(|a| a.iter().map(|i| i["status"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default();
    statuses.sort();
    assert_eq!(statuses, vec!["1000", "1004", "1008"]);
    let set = app.portal(Method::POST, "/defaults/set", &json!(null)).await;
    assert_eq!(set.body["orderIds"].as_array().map(Vec::len), Some(3), "{}", set.text);
    assert!(set.body["notes"][0].as_str().is_some_and(|n| n.contains("not emulated")));
}

#[tokio::test]
async fn production_profile_refuses_every_portal_mutation() {
    let app = TestApp::spawn_with(Settings {
        jobs_mode: JobsMode::Manual,
        profile: Profile::Production,
        ..Settings::default()
    })
    .await;
    let (_, c) = app.active_customer().await;
    for (method, path, body) in [
        (Method::PATCH, format!("/customers/{c}"), json!({"status": "1004"})),
        (Method::POST, format!("/customers/{c}/auto-renewal/trigger"), json!(null)),
        (Method::POST, "/defaults/reseller".to_string(), json!(null)),
        (Method::POST, format!("/partners/{DISTRIBUTOR_ID}/global-sales"), json!({"enabled": true})),
    ] {
        let a = app.portal(method, &path, &body).await;
        a.assert_error(403, "P403");
        assert_eq!(a.body["message"], "Not available in the production environment");
    }
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000");
}
