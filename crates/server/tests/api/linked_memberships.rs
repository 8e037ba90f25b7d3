//! Linked memberships (SPEC §4.11, §5.4.10; §6.2 T2-07): a group made by PATCH customer, the
//! owner's terms and codes, enrolment, Refresh Discount Level and the group's level on orders and
//! renewals.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};
use crate::portal_html::Portal;
use crate::time_travel::{advance, freeze};

const AUDITION: &str = "65304479CA01A12";

async fn make_group(app: &TestApp, c: &str, name: &str) -> Answer {
    app.patch(&format!("/v3/customers/{c}"), &json!({"linkedMembership": {"type": "STANDARD", "name": name}})).await
}

async fn lm(app: &TestApp, c: &str, action: &str, body: &Value) -> Answer {
    app.portal(Method::POST, &format!("/customers/{c}/linked-membership/{action}"), body).await
}

/// The owner's group, terms accepted, and a join code.
async fn accepted_group(app: &TestApp, owner: &str) -> (String, String) {
    let a = make_group(app, owner, "County schools").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let id = a.body["linkedMembership"]["id"].as_str().expect("id").to_string();
    let t = lm(app, owner, "terms", &json!({"decision": "ACCEPT"})).await;
    assert_eq!((t.status, t.body["termsAcceptanceStatus"].as_str()), (200, Some("ACCEPTED")), "{}", t.text);
    let code = lm(app, owner, "code", &json!(null)).await;
    assert_eq!(code.status, 201, "{}", code.text);
    (id, code.body["code"].as_str().expect("code").to_string())
}

async fn customer(app: &TestApp, c: &str) -> Value {
    let a = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
}

async fn detail(app: &TestApp, c: &str) -> Value {
    let a = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["linkedAccountGroup"].clone()
}

/// The offer a PREVIEW of one more Audition seat normalises to.
async fn preview_offer(app: &TestApp, c: &str) -> String {
    let a = app.order(c, "PREVIEW", AUDITION, 1).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["lineItems"][0]["offerId"].as_str().expect("offerId").to_string()
}

#[tokio::test]
async fn t2_07_a_group_is_created_joined_with_a_code_and_refreshed() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-05-04T09:30:00Z").await;
    let (r, owner) = app.active_customer().await;
    let member = app.create_customer(&r).await;
    app.run_jobs().await;

    let a = make_group(&app, &owner, "County schools").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let group = &a.body["linkedMembership"];
    let id = group["id"].as_str().expect("id").to_string();
    assert!(id.len() == 8 && id.starts_with("51") && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert_eq!(
        group,
        &json!({"id": id, "name": "County schools", "type": "STANDARD", "linkedMembershipType": "OWNER",
            "creationDate": "2026-05-04T09:30:00"}),
        "creationDate without zone"
    );
    assert_eq!(customer(&app, &owner).await["linkedMembership"], *group);
    assert!(customer(&app, &member).await.get("linkedMembership").is_none(), "only customers in a group show it");
    let d = detail(&app, &owner).await;
    assert_eq!(
        (d["termsAcceptanceStatus"].as_str(), d["lastRefreshDate"].as_str()),
        (Some("REQUESTED"), Some("2026-05-04T09:30:00"))
    );

    // Codes and refreshes wait for the terms; the terms are decided once.
    lm(&app, &owner, "code", &json!(null)).await.assert_error(409, "P409");
    lm(&app, &owner, "refresh", &json!(null)).await.assert_error(409, "P409");
    lm(&app, &owner, "terms", &json!({"decision": "MAYBE"})).await.assert_error(400, "P400");
    let t = lm(&app, &owner, "terms", &json!({"decision": "ACCEPT"})).await;
    assert_eq!(t.body["termsAcceptanceStatus"], "ACCEPTED", "{}", t.text);
    lm(&app, &owner, "terms", &json!({"decision": "REJECT"})).await.assert_error(409, "P409");
    lm(&app, &member, "terms", &json!({"decision": "ACCEPT"})).await.assert_error(409, "P409");

    let code = lm(&app, &owner, "code", &json!(null)).await;
    assert_eq!(code.status, 201, "{}", code.text);
    let c = code.body["code"].as_str().expect("code").to_string();
    assert!(c.len() == 8 && c.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()), "{c}");
    assert_eq!(
        (code.body["linkedMembershipId"].as_str(), code.body["expiry"].as_str()),
        (Some(id.as_str()), Some("2026-05-07T09:30:00Z"))
    );

    lm(&app, &member, "enroll", &json!({"code": "NOTACODE"})).await.assert_error(400, "P400");
    let e = lm(&app, &member, "enroll", &json!({"code": c})).await;
    assert_eq!(e.status, 200, "{}", e.text);
    assert_eq!(e.body["linkedMembership"]["linkedMembershipType"], "MEMBER", "{}", e.text);
    let got = customer(&app, &member).await;
    assert_eq!(got["linkedMembership"]["id"], id.as_str());
    assert_eq!(got["linkedMembership"]["linkedMembershipType"], "MEMBER");
    assert_eq!(got["linkedMembership"]["creationDate"], "2026-05-04T09:30:00");
    assert_eq!(detail(&app, &owner).await["members"], json!([member]));
    // Not twice, and not the owner into its own group.
    lm(&app, &member, "enroll", &json!({"code": c})).await.assert_error(409, "P409");
    lm(&app, &owner, "enroll", &json!({"code": c})).await.assert_error(409, "P409");

    // A 3YC customer cannot join.
    let tyc = app.create_customer(&r).await;
    app.run_jobs().await;
    let request = json!({"benefits": [{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]});
    assert_eq!(app.patch(&format!("/v3/customers/{tyc}"), &request).await.status, 200);
    lm(&app, &tyc, "enroll", &json!({"code": c})).await.assert_error(409, "P409");

    // Refresh Discount Level: asynchronous, after lm_refresh_delay (3600 s).
    let asked = lm(&app, &owner, "refresh", &json!(null)).await;
    assert_eq!(asked.status, 202, "{}", asked.text);
    assert_eq!(asked.body["refreshScheduledAt"], "2026-05-04T10:30:00Z");
    advance(&mut app, json!({"advanceSeconds": 1800})).await;
    assert_eq!(detail(&app, &owner).await["lastRefreshDate"], "2026-05-04T09:30:00", "not yet");
    advance(&mut app, json!({"advanceSeconds": 1800})).await;
    assert_eq!(detail(&app, &owner).await["lastRefreshDate"], "2026-05-04T10:30:00");
}

#[tokio::test]
async fn the_group_level_from_the_aggregate_quantity_applies_to_members_orders_and_renewals() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-06-01T12:00:00Z").await;
    let (r, owner) = app.active_customer().await;
    let member = app.create_customer(&r).await;
    app.run_jobs().await;
    let (_, code) = accepted_group(&app, &owner).await;
    assert_eq!(lm(&app, &member, "enroll", &json!({"code": code})).await.status, 200);
    app.completed_order(&owner, AUDITION, 60).await;
    app.completed_order(&member, AUDITION, 5).await;
    // The member's own 6 licences are level 01 until the group's level is refreshed.
    assert_eq!(preview_offer(&app, &member).await, "65304479CA01A12");

    assert_eq!(lm(&app, &owner, "refresh", &json!(null)).await.status, 202);
    app.run_jobs().await;
    let got = customer(&app, &member).await;
    assert_eq!(got["discounts"][0]["level"], "03", "65 licences in the group: {got}");
    assert_eq!(customer(&app, &owner).await["discounts"][0]["level"], "03");
    assert_eq!(detail(&app, &member).await["discounts"], json!([{"offerType": "LICENSE", "level": "03"}]));
    assert_eq!(preview_offer(&app, &member).await, "65304479CA03A12");
    let o = app.order(&member, "NEW", "65304479CA03A12", 1).await;
    assert_eq!(o.status, 202, "a NEW order at the group's level: {}", o.text);
    app.run_jobs().await;

    // At the anniversary the member renews its 6 licences at the group's level.
    advance(&mut app, json!({"advance": "P1Y"})).await;
    let orders = app.get(&format!("/v3/customers/{member}/orders?order-type=RENEWAL&start-date=2000-01-01")).await;
    let renewal = &orders.body["items"][0];
    assert_eq!(renewal["lineItems"][0]["offerId"], "65304479CA03A12", "{}", orders.text);
}

#[tokio::test]
async fn patch_linked_membership_is_validated_and_never_ignored() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let path = format!("/v3/customers/{c}");
    let bad_type = json!({"linkedMembership": {"type": "FAMILY", "name": "x"}});
    app.patch(&path, &bad_type).await.assert_error(400, "1117");
    app.patch(&path, &json!({"linkedMembership": {"type": "STANDARD"}})).await.assert_error(400, "1122");
    app.patch(&path, &json!({"linkedMembership": {"type": "STANDARD", "name": "x", "foo": 1}}))
        .await
        .assert_error(400, "1121");
    let a = app.patch(&path, &json!({"linkedMembership": {"type": "CONSORTIUM", "name": "Consortium A"}})).await;
    assert_eq!((a.status, a.body["linkedMembership"]["type"].as_str()), (200, Some("CONSORTIUM")), "{}", a.text);
    // Sending the GET answer back changes nothing; another group is refused.
    let got = customer(&app, &c).await;
    let echo = app.patch(&path, &json!({"linkedMembership": got["linkedMembership"]})).await;
    assert_eq!((echo.status, &echo.body["linkedMembership"]), (200, &got["linkedMembership"]), "{}", echo.text);
    let other = app.patch(&path, &json!({"linkedMembership": {"type": "STANDARD", "name": "Another"}})).await;
    other.assert_error(400, "1117");
    assert!(other.has_detail("linkedMembership"), "{}", other.text);
    // A member of a group cannot request 3YC; a 3YC customer cannot create a group (1147).
    let request = json!({"benefits": [{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]});
    app.patch(&path, &request).await.assert_error(400, "1147");
    let tyc = app.create_customer(&r).await;
    app.run_jobs().await;
    assert_eq!(app.patch(&format!("/v3/customers/{tyc}"), &request).await.status, 200);
    make_group(&app, &tyc, "No").await.assert_error(400, "1147");
}

#[tokio::test]
async fn a_join_code_expires_after_72_hours_on_the_virtual_clock() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-07-01T00:00:00Z").await;
    let (r, owner) = app.active_customer().await;
    let late = app.create_customer(&r).await;
    app.run_jobs().await;
    let (_, code) = accepted_group(&app, &owner).await;
    advance(&mut app, json!({"advanceSeconds": 72 * 3600})).await;
    let a = lm(&app, &late, "enroll", &json!({"code": code})).await;
    a.assert_error(400, "P400");
    assert!(a.has_detail("code"), "{}", a.text);
    // Unknown customers are P404.
    lm(&app, "9999999999", "code", &json!(null)).await.assert_error(404, "P404");
}

#[tokio::test]
async fn a_rejected_group_gives_no_codes_and_no_refresh() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.active_customer().await;
    assert_eq!(make_group(&app, &owner, "Rejected").await.status, 200);
    let t = lm(&app, &owner, "terms", &json!({"decision": "REJECT"})).await;
    assert_eq!(t.body["termsAcceptanceStatus"], "REJECTED", "{}", t.text);
    lm(&app, &owner, "code", &json!(null)).await.assert_error(409, "P409");
    lm(&app, &owner, "refresh", &json!(null)).await.assert_error(409, "P409");
}

#[tokio::test]
async fn the_html_portal_runs_the_linked_membership_actions() {
    let app = TestApp::spawn().await;
    let (r, owner) = app.active_customer().await;
    let member = app.create_customer(&r).await;
    app.run_jobs().await;
    assert_eq!(make_group(&app, &owner, "Html group").await.status, 200);
    let portal = Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{owner}/expand")).await;
    assert!(
        html.contains("<dt>Role</dt><dd>OWNER</dd>") && html.contains("<dt>Terms</dt><dd>REQUESTED</dd>"),
        "{html}"
    );
    assert!(html.contains("data-confirm=\"Reject the linked membership terms"), "reject is confirmed: {html}");
    let (_, _, html) =
        portal.post(&format!("/portal/customers/{owner}/linked-membership/terms"), &[("decision", "ACCEPT")]).await;
    assert!(
        html.contains("Linked membership terms accepted") && html.contains(&format!("id=\"lm-code-{owner}\"")),
        "{html}"
    );
    let (_, _, html) = portal.post(&format!("/portal/customers/{owner}/linked-membership/code"), &[]).await;
    let code =
        html.split("Linked account code ").nth(1).and_then(|t| t.get(..8)).expect("code in the notice").to_string();

    // A wrong code is marked on the field and kept; the right one enrols.
    let enroll = format!("/portal/customers/{member}/linked-membership/enroll");
    let (_, _, refused) = portal.post(&enroll, &[("code", "WRONG123")]).await;
    assert!(refused.contains("aria-invalid=\"true\"") && refused.contains("value=\"WRONG123\""), "{refused}");
    let (_, _, html) = portal.post(&enroll, &[("code", code.as_str())]).await;
    assert!(html.contains("enrolled in linked membership") && html.contains("<dt>Role</dt><dd>MEMBER</dd>"), "{html}");
    let (_, _, html) = portal.post(&format!("/portal/customers/{owner}/linked-membership/refresh"), &[]).await;
    assert!(html.contains("Discount level refresh of group"), "{html}");
    assert!(html.contains(&format!("<dt>Members</dt><dd>{member}</dd>")), "{html}");
}

#[tokio::test]
async fn a_customer_in_a_group_is_not_offered_enroll_for_3yc() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, AUDITION, 12).await;
    assert_eq!(make_group(&app, &c, "No 3YC").await.status, 200);
    let d = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    assert_eq!(d.body["actions"]["enroll3yc"], false, "{}", d.text);
    app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &json!(null))
        .await
        .assert_error(409, "P409");
}

#[tokio::test]
async fn snapshots_keep_groups_and_reset_forgets_them() {
    let app = TestApp::spawn().await;
    let (_, owner) = app.active_customer().await;
    let (id, code) = accepted_group(&app, &owner).await;
    let snap = app.portal(Method::POST, "/snapshots", &json!({"name": "lm"})).await;
    assert_eq!(snap.status, 201, "{}", snap.text);
    assert_eq!(app.portal(Method::POST, "/reset", &json!(null)).await.status, 200);
    let index = |app: &TestApp| {
        let store = app.state.store.clone();
        async move { store.distributor(crate::helpers::DISTRIBUTOR_ID).await.expect("store").expect("d").linked_groups }
    };
    assert!(index(&app).await.is_empty(), "reset forgets the groups and codes");
    let restored = app.portal(Method::POST, "/snapshots/lm/restore", &json!(null)).await;
    assert_eq!(restored.status, 200, "{}", restored.text);
    let groups = index(&app).await;
    assert_eq!((groups.owners.get(&id), groups.codes.contains_key(&code)), (Some(&owner), true));
    assert_eq!(customer(&app, &owner).await["linkedMembership"]["id"], id.as_str());
}
