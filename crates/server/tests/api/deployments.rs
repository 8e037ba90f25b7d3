//! Deployments of global customers (SPEC §2.8.4 E11–E14, §4.3; §6.2 T1-11).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};
use crate::portal_html::Portal;

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

/// A global customer with a JP deployment: (customer id, deployment id).
async fn customer_with_deployment(app: &TestApp) -> (String, String) {
    let c = global_customer(app).await;
    let a = app.post(&format!("/v3/customers/{c}/deployments"), &jp()).await;
    assert_eq!(a.status, 201, "{}", a.text);
    (c, a.body["deploymentId"].as_str().expect("deploymentId").to_string())
}

/// A completed global order of `c` for deployment `d` (Acrobat Pro for Teams, JP, JPY): an
/// active subscription that uses the deployment.
async fn subscription_for(app: &TestApp, c: &str, d: &str) {
    let line = json!({"extLineItemNumber": 1, "offerId": "30009315CA01A12", "quantity": 5, "currencyCode": "JPY",
        "deploymentId": d});
    let placed =
        app.post(&format!("/v3/customers/{c}/orders"), &json!({"orderType": "NEW", "lineItems": [line]})).await;
    assert_eq!(placed.status, 202, "{}", placed.text);
    app.run_jobs().await;
    let subs = app.get(&format!("/v3/customers/{c}/subscriptions")).await;
    let uses = subs.body["items"].as_array().is_some_and(|l| l.iter().any(|s| s["deploymentId"] == d));
    assert!(uses, "a subscription for the deployment: {}", subs.text);
}

#[tokio::test]
async fn t1_11_the_portal_cannot_deactivate_a_deployment_in_use_either() {
    let app = TestApp::spawn().await;
    let (c, d) = customer_with_deployment(&app).await;
    subscription_for(&app, &c, &d).await;
    let path = format!("/v3/customers/{c}/deployments/{d}");
    let refused = app.patch(&path, &json!({"status": "1004"})).await;
    refused.assert_error(400, "1119");
    assert!(refused.has_detail("status"), "{}", refused.text);
    let portal =
        app.portal(Method::PATCH, &format!("/customers/{c}/deployments/{d}"), &json!({"status": "1004"})).await;
    portal.assert_error(400, "1119");
    assert_eq!(app.get(&path).await.body["status"], "1000", "nothing changed");
}

#[tokio::test]
async fn portal_edit_changes_a_deployments_address_and_status_under_e14s_rules() {
    let app = TestApp::spawn().await;
    let (c, d) = customer_with_deployment(&app).await;
    let edit = |body: Value| {
        let (c, d) = (c.clone(), d.clone());
        let app = &app;
        async move { app.portal(Method::PATCH, &format!("/customers/{c}/deployments/{d}"), &body).await }
    };
    let cpapi = format!("/v3/customers/{c}/deployments/{d}");

    // Only the members given change; the country stays.
    let moved = edit(json!({"address": {"region": "27", "city": "Osaka", "postalCode": "530-0001"}})).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let got = app.get(&cpapi).await;
    assert_eq!(moved.body, got.body, "the answer is the CPAPI resource");
    let address = &got.body["companyProfile"]["address"];
    assert_eq!(
        (address["country"].as_str(), address["region"].as_str(), address["city"].as_str()),
        (Some("JP"), Some("27"), Some("Osaka"))
    );
    assert_eq!(
        (address["postalCode"].as_str(), address["addressLine1"].as_str()),
        (Some("530-0001"), Some("1 Main Street"))
    );

    // (De)activation.
    let off = edit(json!({"status": "1004"})).await;
    assert_eq!((off.status, off.body["status"].as_str()), (200, Some("1004")), "{}", off.text);
    assert_eq!(app.get(&format!("/v3/customers/{c}/deployments?status=1004")).await.body["totalCount"], 1);
    let on = edit(json!({"status": "1000", "address": {"addressLine2": "Floor 3"}})).await;
    assert_eq!(
        (on.body["status"].as_str(), on.body["companyProfile"]["address"]["addressLine2"].as_str()),
        (Some("1000"), Some("Floor 3")),
        "{}",
        on.text
    );

    // E14's errors.
    let country = edit(json!({"address": {"country": "FR", "region": "75", "postalCode": "75001"}})).await;
    country.assert_error(400, "1119");
    assert!(country.has_detail("companyProfile.address.country"), "{}", country.text);
    edit(json!({"address": {"postalCode": "1"}})).await.assert_error(400, "1118");
    edit(json!({"status": "1002"})).await.assert_error(400, "1117");
    edit(json!({"address": {"street": "x"}})).await.assert_error(400, "1121");
    // The portal's own.
    edit(json!({"companyProfile": {}})).await.assert_error(400, "P400");
    edit(json!({"address": "Osaka"})).await.assert_error(400, "P400");
    edit(json!([])).await.assert_error(400, "P400");
    app.portal(Method::PATCH, &format!("/customers/{c}/deployments/999"), &json!({"status": "1000"}))
        .await
        .assert_error(404, "P404");
    app.portal(Method::PATCH, &format!("/customers/9999999999/deployments/{d}"), &json!({"status": "1000"}))
        .await
        .assert_error(404, "P404");
    let after = app.get(&cpapi).await;
    assert_eq!(after.body["companyProfile"]["address"]["city"], "Osaka", "refused edits changed nothing");

    // The expanded customer shows the whole deployment (View).
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    let row = &detail.body["deployments"][0];
    assert_eq!((row["deploymentId"].as_str(), row["status"].as_str()), (Some(d.as_str()), Some("1000")));
    assert_eq!(
        (row["address"]["city"].as_str(), row["creationDate"].as_str()),
        (Some("Osaka"), after.body["creationDate"].as_str()),
        "{}",
        detail.text
    );
}

#[tokio::test]
async fn the_html_portal_views_and_edits_a_deployment() {
    let app = TestApp::spawn().await;
    let (c, d) = customer_with_deployment(&app).await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains("Customer's Associated Deployments"), "{html}");
    assert!(html.contains(&format!("aria-label=\"View deployment {d}\"")), "{html}");
    assert!(html.contains("1000 - Active") && html.contains("<td>JP</td>"), "{html}");

    // View: everything about it, with Edit.
    let (status, _, view) = portal.get(&format!("/portal/customers/{c}/expand?deployment={d}")).await;
    assert_eq!(status, 200);
    assert!(view.contains(&format!("<h4 id=\"h-deployment-{d}\">Deployment {d}</h4>")), "{view}");
    for shown in ["<dt>Postal Code</dt><dd>100-0001</dd>", "<dt>Country</dt><dd>JP</dd>", "<dt>City</dt><dd>City</dd>"]
    {
        assert!(view.contains(shown), "{shown}: {view}");
    }
    assert!(view.contains(&format!("id=\"edit-deployment-{d}\"")), "{view}");

    // Edit: the country is greyed out; Save applies E14's rules.
    let (_, _, form) = portal.get(&format!("/portal/customers/{c}/expand?deployment={d}&deploymentEdit=true")).await;
    assert!(form.contains(&format!("aria-label=\"Edit deployment {d}\"")), "{form}");
    assert!(form.contains(&format!("id=\"dcountry-{d}\" value=\"JP\" disabled")), "{form}");
    assert!(form.contains("name=\"postalCode\" value=\"100-0001\""), "{form}");
    let save = format!("/portal/customers/{c}/deployments/{d}");
    let fields = |postal: &'static str, status: &'static str| {
        vec![
            ("status", status),
            ("region", "27"),
            ("city", "Osaka"),
            ("addressLine1", "2-2 Umeda"),
            ("addressLine2", ""),
            ("postalCode", postal),
            ("phoneNumber", ""),
        ]
    };
    let (_, _, refused) = portal.post(&save, &fields("1", "1004")).await;
    assert!(refused.contains("1118"), "{refused}");
    assert!(refused.contains(&format!("aria-label=\"Edit deployment {d}\"")), "the form stays open: {refused}");
    assert_eq!(app.get(&format!("/v3/customers/{c}/deployments/{d}")).await.body["status"], "1000");
    let (_, _, saved) = portal.post(&save, &fields("530-0001", "1004")).await;
    assert!(saved.contains(&format!("Deployment {d} saved")), "{saved}");
    assert!(saved.contains("<dt>City</dt><dd>Osaka</dd>"), "the View again: {saved}");
    let got = app.get(&format!("/v3/customers/{c}/deployments/{d}")).await;
    assert_eq!(got.body["status"], "1004");
    assert_eq!(got.body["companyProfile"]["address"]["addressLine1"], "2-2 Umeda");
    assert_eq!(got.body["companyProfile"]["address"]["country"], "JP");

    // A deployment in use cannot be deactivated; an unknown one is an inline error.
    portal.post(&save, &fields("530-0001", "1000")).await;
    subscription_for(&app, &c, &d).await;
    let (_, _, in_use) = portal.post(&save, &fields("530-0001", "1004")).await;
    assert!(in_use.contains("1119"), "{in_use}");
    let (_, _, unknown) = portal.get(&format!("/portal/customers/{c}/expand?deployment=999")).await;
    assert!(unknown.contains("P404 No deployment 999"), "{unknown}");
}
