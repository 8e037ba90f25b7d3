//! Reseller change (SPEC §2.8.10 E29–E30, §4.12, §5.4.7; §6.2 T2-06).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::time_travel::{advance, freeze};

const AUDITION: &str = "65304479CA01A12";

fn change(action: &str, code: &str, reseller: &str) -> Value {
    json!({"type": "RESELLER_CHANGE", "action": action, "approvalCode": code, "resellerId": reseller,
        "requestedBy": "customer-admin@example.com"})
}

async fn code(app: &TestApp, customer: &str) -> (String, String) {
    let a = app.portal(Method::POST, &format!("/customers/{customer}/reseller-change-code"), &json!(null)).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let code = a.body["approvalCode"].as_str().expect("approvalCode").to_string();
    assert!(code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()), "8 digits: {code}");
    (code, a.body["expiry"].as_str().expect("expiry").to_string())
}

#[tokio::test]
async fn t2_06_a_customer_moves_to_another_reseller_with_its_approval_code() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-04-01T08:00:00Z").await;
    let (old, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 10).await;
    let new = app.create_reseller().await;
    app.run_jobs().await;

    let (first, expiry) = code(&app, &c).await;
    assert_eq!(expiry, "2026-04-08T08:00:00Z", "7 days on the virtual clock");
    // A second code replaces the first.
    let (code, _) = code(&app, &c).await;
    assert_ne!(code, first);
    app.post("/v3/transfers", &change("PREVIEW", &first, &new)).await.assert_error(404, "1128");

    let preview = app.post("/v3/transfers", &change("PREVIEW", &code, &new)).await;
    assert_eq!(preview.status, 201, "{}", preview.text);
    let p = &preview.body;
    assert_eq!(
        (p["transferId"].as_str(), p["status"].as_str(), p["customerId"].as_str(), p["resellerId"].as_str()),
        (Some(""), Some("1002"), Some(c.as_str()), Some(new.as_str())),
        "{}",
        preview.text
    );
    assert_eq!(p["approval"]["code"], code.as_str());
    assert_eq!((p["totalCount"].as_i64(), p["lineItems"][0]["subscriptionId"].as_str()), (Some(1), Some(sub.as_str())));
    assert_eq!(p["lineItems"][0]["quantity"], 10);
    assert!(
        p["lineItems"][0]["renewalDate"].as_str().is_some_and(|d| d.ends_with("T00:00:00.000+00:00")),
        "{}",
        preview.text
    );
    assert_eq!(p["discounts"][0]["offerType"], "LICENSE");
    // A preview changes nothing.
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["resellerId"], old.as_str());

    // The guards.
    app.post("/v3/transfers", &change("PREVIEW", &code, &old)).await.assert_error(400, "1134");
    app.post("/v3/transfers", &change("PREVIEW", &code, "1000999999")).await.assert_error(404, "1115");
    app.post("/v3/transfers", &change("PREVIEW", "99999999", &new)).await.assert_error(404, "1128");
    app.post("/v3/transfers", &change("UNDO", &code, &new)).await.assert_error(400, "1117");
    let mut wrong_type = change("PREVIEW", &code, &new);
    wrong_type["type"] = json!("MEMBERSHIP");
    app.post("/v3/transfers", &wrong_type).await.assert_error(400, "1117");
    app.post("/v3/transfers", &json!({"type": "RESELLER_CHANGE", "action": "COMMIT", "resellerId": new}))
        .await
        .assert_error(400, "1122");

    let commit = app.post("/v3/transfers", &change("COMMIT", &code, &new)).await;
    assert_eq!(commit.status, 201, "{}", commit.text);
    let id = commit.body["transferId"].as_str().expect("transferId").to_string();
    assert!(id.len() == 9 && id.bytes().all(|b| b.is_ascii_digit()), "9 digits: {id}");
    assert_eq!(commit.body["status"], "1000");
    assert!(commit.body.get("approval").is_none(), "{}", commit.text);
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["resellerId"], new.as_str(), "{}", customer.text);
    // The customer is listed under its new reseller, and its subscription is unchanged.
    let under_new = app.get(&format!("/v3/resellers/{new}/customers")).await;
    assert!(under_new.text.contains(&c), "{}", under_new.text);
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!((s.body["status"].as_str(), s.body["currentQuantity"].as_i64()), (Some("1000"), Some(10)));

    let read = app.get(&format!("/v3/transfers/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["items"], read.body["lineItems"], "{}", read.text);
    assert_eq!(read.body["items"][0]["subscriptionId"], sub.as_str());
    assert_eq!(
        (read.body["transferId"].as_str(), read.body["resellerId"].as_str()),
        (Some(id.as_str()), Some(new.as_str()))
    );
    app.get("/v3/transfers/999999999").await.assert_error(404, "5116");

    // Used once; and a fresh code expires after 7 days.
    app.post("/v3/transfers", &change("COMMIT", &code, &old)).await.assert_error(400, "1131");
    let (fresh, _) = self::code(&app, &c).await;
    advance(&mut app, json!({"advance": "P8D"})).await;
    app.post("/v3/transfers", &change("PREVIEW", &fresh, &old)).await.assert_error(404, "1129");
    app.portal(Method::POST, "/customers/1999999999/reseller-change-code", &json!(null))
        .await
        .assert_error(404, "P404");
}

#[tokio::test]
async fn t2_06_the_new_reseller_must_sell_the_customer_segment() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let mut body = app.reseller_body();
    body["companyProfile"]["marketSegments"] = json!(["EDU"]);
    let edu = app.post("/v3/resellers", &body).await;
    assert_eq!(edu.status, 201, "{}", edu.text);
    let edu = edu.body["resellerId"].as_str().expect("resellerId").to_string();
    app.run_jobs().await;
    let (code, _) = code(&app, &c).await;
    app.post("/v3/transfers", &change("COMMIT", &code, &edu)).await.assert_error(400, "2135");
    // The refused commit used nothing: the same code moves the customer to a COM reseller.
    let com = app.create_reseller().await;
    app.run_jobs().await;
    let commit = app.post("/v3/transfers", &change("COMMIT", &code, &com)).await;
    assert_eq!(commit.status, 201, "{}", commit.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["resellerId"], com.as_str());
}

#[tokio::test]
async fn the_html_portal_generates_an_approval_code_that_commits_a_change() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let new = app.create_reseller().await;
    app.run_jobs().await;
    let portal = crate::portal_html::Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains(&format!("id=\"approval-code-{c}\"")), "{html}");
    let (_, _, shown) = portal.post(&format!("/portal/customers/{c}/reseller-change-code"), &[]).await;
    let code = shown
        .split("Approval code ")
        .nth(1)
        .and_then(|rest| rest.get(..8))
        .unwrap_or_else(|| panic!("the notice shows the code: {shown}"))
        .to_string();
    let commit = app.post("/v3/transfers", &change("COMMIT", &code, &new)).await;
    assert_eq!(commit.status, 201, "{}", commit.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["resellerId"], new.as_str());
    let (_, _, unknown) = portal.post("/portal/customers/1999999999/reseller-change-code", &[]).await;
    assert!(unknown.contains("P404"), "{unknown}");
}
