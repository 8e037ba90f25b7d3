//! The portal's subscription Edit (SPEC §5.7; issue 15 item 12, issue 16 item 8) and market
//! sub-segment edit (§5.4.9; issue 15 item 13), in HTML and in the JSON API.

use reqwest::Method;
use serde_json::json;

use crate::helpers::TestApp;
use crate::portal_html::Portal;

const AUDITION: &str = "65304479CA01A12";

#[tokio::test]
async fn the_html_portal_edits_a_subscriptions_renewal_quantity_auto_renewal_and_status() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 10).await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains(&format!("aria-label=\"Edit subscription {sub}\"")), "an Edit per row: {html}");

    let (status, _, form) = portal.get(&format!("/portal/customers/{c}/expand?subscriptionEdit={sub}")).await;
    assert_eq!(status, 200);
    assert!(form.contains(&format!("id=\"subscription-edit-{sub}\"")), "{form}");
    assert!(form.contains("name=\"renewalQuantity\" type=\"number\" min=\"1\" step=\"1\" value=\"10\""), "{form}");
    assert!(form.contains("<option value=\"1000\" selected>1000 - Active</option>"), "{form}");

    let save = format!("/portal/customers/{c}/subscriptions/{sub}");
    // Out of range: refused with E22's code, the form stays open, nothing changes.
    let (_, _, refused) =
        portal.post(&save, &[("renewalQuantity", "0"), ("autoRenewal", "true"), ("status", "1000")]).await;
    assert!(refused.contains("3116"), "{refused}");
    assert!(refused.contains(&format!("id=\"subscription-edit-{sub}\"")), "the form stays open: {refused}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["autoRenewal"]["renewalQuantity"], 10);

    let (_, _, saved) =
        portal.post(&save, &[("renewalQuantity", "15"), ("autoRenewal", "false"), ("status", "1000")]).await;
    assert!(saved.contains(&format!("Subscription {sub} saved")), "{saved}");
    assert!(!saved.contains(&format!("id=\"subscription-edit-{sub}\"")), "the form closed: {saved}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(
        (s.body["autoRenewal"]["enabled"].as_bool(), s.body["autoRenewal"]["renewalQuantity"].as_i64()),
        (Some(false), Some(15)),
        "{}",
        s.text
    );
    let (_, _, expired) =
        portal.post(&save, &[("renewalQuantity", "15"), ("autoRenewal", "false"), ("status", "1004")]).await;
    assert!(expired.contains("1004 - Inactive"), "{expired}");
    assert_eq!(app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await.body["status"], "1004");

    let (_, _, unknown) = portal.get(&format!("/portal/customers/{c}/expand?subscriptionEdit=nope")).await;
    assert!(unknown.contains("P404 No subscription nope"), "{unknown}");
}

#[tokio::test]
async fn the_json_portal_edit_takes_auto_renewal_as_a_bool_or_the_cpapi_object() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, AUDITION, 4).await;
    let path = format!("/customers/{c}/subscriptions/{sub}");
    let off = app.portal(Method::PATCH, &path, &json!({"autoRenewal": {"enabled": false}})).await;
    assert_eq!((off.status, off.body["autoRenewal"]["enabled"].as_bool()), (200, Some(false)), "{}", off.text);
    let on = app.portal(Method::PATCH, &path, &json!({"autoRenewal": true})).await;
    assert_eq!((on.status, on.body["autoRenewal"]["enabled"].as_bool()), (200, Some(true)), "{}", on.text);
    app.portal(Method::PATCH, &path, &json!({"autoRenewal": {"enabled": "no"}})).await.assert_error(400, "P400");
    app.portal(Method::PATCH, &path, &json!({"autoRenewal": {"enabled": true, "x": 1}}))
        .await
        .assert_error(400, "P400");
    app.portal(Method::PATCH, &path, &json!({"autoRenewal": "yes"})).await.assert_error(400, "P400");
}

#[tokio::test]
async fn the_portal_sets_and_removes_a_high_growth_renewal_code() {
    const ACROBAT_PRO: &str = "65304520CA01A12";
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, acrobat) = app.completed_order(&c, ACROBAT_PRO, 20).await;
    let (_, audition) = app.completed_order(&c, AUDITION, 3).await;
    let portal = Portal::sign_in(&app).await;

    // The select is offered for the Acrobat Pro group only.
    let (_, _, form) = portal.get(&format!("/portal/customers/{c}/expand?subscriptionEdit={acrobat}")).await;
    assert!(form.contains(&format!("<label for=\"scode-{acrobat}\">Renewal Code</label>")), "{form}");
    assert!(form.contains("<option value=\"none\" selected>None</option>"), "{form}");
    let (_, _, other) = portal.get(&format!("/portal/customers/{c}/expand?subscriptionEdit={audition}")).await;
    assert!(!other.contains("Renewal Code</label>"), "{other}");

    // HTML Save: the code is set (no AD-7 … AD-3 window in the portal), shown by CPAPI, then removed.
    let save = format!("/portal/customers/{c}/subscriptions/{acrobat}");
    let fields = |code| [("renewalQuantity", "20"), ("autoRenewal", "true"), ("status", "1000"), ("renewalCode", code)];
    let (_, _, saved) = portal.post(&save, &fields("MOQ_250")).await;
    assert!(saved.contains(&format!("Subscription {acrobat} saved")), "{saved}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{acrobat}")).await;
    assert_eq!(s.body["autoRenewal"]["renewalCode"], "MOQ_250", "{}", s.text);
    let (_, _, form) = portal.get(&format!("/portal/customers/{c}/expand?subscriptionEdit={acrobat}")).await;
    assert!(form.contains("<option value=\"MOQ_250\" selected>MOQ_250</option>"), "{form}");
    let (_, _, cleared) = portal.post(&save, &fields("none")).await;
    assert!(cleared.contains(&format!("Subscription {acrobat} saved")), "{cleared}");
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{acrobat}")).await;
    assert!(s.body["autoRenewal"].get("renewalCode").is_none(), "{}", s.text);

    // JSON: an unknown code is 5123, another product or auto-renewal off is 5125, "" removes it.
    let path = |s: &str| format!("/customers/{c}/subscriptions/{s}");
    let set = |code: &str| json!({"renewalCode": code});
    app.portal(Method::PATCH, &path(&acrobat), &set("MOQ_42")).await.assert_error(400, "5123");
    app.portal(Method::PATCH, &path(&audition), &set("MOQ_100")).await.assert_error(400, "5125");
    app.portal(Method::PATCH, &path(&acrobat), &json!({"renewalCode": "MOQ_100", "autoRenewal": false}))
        .await
        .assert_error(400, "5125");
    let on = app.portal(Method::PATCH, &path(&acrobat), &set("MOQ_100")).await;
    assert_eq!((on.status, on.body["autoRenewal"]["renewalCode"].as_str()), (200, Some("MOQ_100")), "{}", on.text);
    let off = app.portal(Method::PATCH, &path(&acrobat), &set("")).await;
    assert_eq!(off.status, 200, "{}", off.text);
    assert!(off.body["autoRenewal"].get("renewalCode").is_none(), "{}", off.text);
}

/// A reseller selling COM, EDU and GOV, and a customer of `segment` under it.
async fn customer_of(app: &TestApp, segment: &str) -> String {
    let mut body = app.reseller_body();
    body["companyProfile"]["marketSegments"] = json!(["COM", "EDU", "GOV"]);
    let r = app.post("/v3/resellers", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = r.body["resellerId"].as_str().expect("resellerId").to_string();
    let mut body = app.customer_body(&r);
    body["companyProfile"]["marketSegment"] = json!(segment);
    let c = app.post("/v3/customers", &body).await;
    assert_eq!(c.status, 201, "{}", c.text);
    app.run_jobs().await;
    c.body["customerId"].as_str().expect("customerId").to_string()
}

#[tokio::test]
async fn the_portal_edits_the_market_sub_segment_of_gov_and_edu_customers() {
    let app = TestApp::spawn().await;
    let gov = customer_of(&app, "GOV").await;
    let path = format!("/customers/{gov}");
    let set = app.portal(Method::PATCH, &path, &json!({"marketSubSegments": ["FEDERAL"]})).await;
    assert_eq!(set.status, 200, "{}", set.text);
    let got = app.get(&format!("/v3/customers/{gov}")).await;
    assert_eq!(got.body["companyProfile"]["marketSubSegments"], json!(["FEDERAL"]), "{}", got.text);
    let wrong = app.portal(Method::PATCH, &path, &json!({"marketSubSegments": ["K_12"]})).await;
    wrong.assert_error(400, "P400");
    assert!(wrong.text.contains("STATE, FEDERAL"), "names the choices: {}", wrong.text);
    app.portal(Method::PATCH, &path, &json!({"marketSubSegments": ["STATE", "FEDERAL"]}))
        .await
        .assert_error(400, "P400");
    app.portal(Method::PATCH, &path, &json!({"marketSubSegments": "STATE"})).await.assert_error(400, "P400");
    let com = customer_of(&app, "COM").await;
    let refused =
        app.portal(Method::PATCH, &format!("/customers/{com}"), &json!({"marketSubSegments": ["STATE"]})).await;
    refused.assert_error(400, "P400");
    assert!(refused.text.contains("only GOV and EDU"), "{}", refused.text);

    // HTML: the Edit form offers the segment's choices, and Save sets one.
    let edu = customer_of(&app, "EDU").await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, form) = portal.get(&format!("/portal/customers/{edu}/expand?edit=true")).await;
    assert!(form.contains("<label for=\"subsegment-"), "{form}");
    assert!(form.contains("<option value=\"HIGHER_ED\">HIGHER_ED</option>"), "{form}");
    let (_, _, com_form) = portal.get(&format!("/portal/customers/{com}/expand?edit=true")).await;
    assert!(!com_form.contains("Market Sub-Segment"), "COM has no sub-segment: {com_form}");
    let current = app.get(&format!("/v3/customers/{edu}")).await;
    let status = current.body["status"].as_str().unwrap_or("1000").to_string();
    let (_, _, saved) = portal
        .post(&format!("/portal/customers/{edu}"), &[("status", status.as_str()), ("marketSubSegment", "HIGHER_ED")])
        .await;
    assert!(saved.contains(&format!("Customer {edu} saved")), "{saved}");
    let got = app.get(&format!("/v3/customers/{edu}")).await;
    assert_eq!(got.body["companyProfile"]["marketSubSegments"], json!(["HIGHER_ED"]), "{}", got.text);
}
