//! Purchase authorizations, open acquisitions and notifications (SPEC §4.20, E23, E24, §5.4.8;
//! §6.2 T1-18): the portal's Create PA, their 7 days on the virtual clock, the NEW orders that
//! consume them, and every error of the three routes.

use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::settings::{JobsMode, Profile, Settings};

use crate::helpers::{Answer, TestApp};
use crate::portal_html::Portal;
use crate::time_travel::{advance, freeze};

const OFFER: &str = "65304479CA01A12";
const OTHER: &str = "65322651CA01A12";

async fn create_pa(app: &TestApp, c: &str, body: Value) -> Answer {
    app.portal(Method::POST, &format!("/customers/{c}/purchase-authorizations"), &body).await
}

async fn pa(app: &TestApp, c: &str, offer: &str, quantity: i64) -> Value {
    let a = create_pa(app, c, json!({"baseOfferId": offer, "quantity": quantity})).await;
    assert_eq!(a.status, 201, "Create PA: {}", a.text);
    a.body
}

async fn open_acquisitions(app: &TestApp, c: &str) -> Value {
    let a = app.get(&format!("/v3/customers/{c}/open-acquisitions")).await;
    assert_eq!(a.status, 200, "open-acquisitions: {}", a.text);
    a.body
}

fn notifications_path(reseller: &str) -> String {
    format!("/v3/notifications?notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id={reseller}")
}

async fn notified(app: &TestApp, reseller: &str) -> Vec<String> {
    let a = app.get(&notifications_path(reseller)).await;
    assert_eq!(a.status, 200, "notifications: {}", a.text);
    let items = a.body["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(a.body["totalCount"].as_u64(), Some(items.len() as u64), "{}", a.text);
    items.iter().filter_map(|i| i["customerId"].as_str().map(str::to_string)).collect()
}

fn references(open: &Value) -> Vec<(String, i64)> {
    open["unpaidLicenses"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|p| (p["referenceId"].as_str().unwrap_or("").to_string(), p["quantity"].as_i64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn t1_18_a_pa_is_listed_for_seven_days_until_a_new_order_buys_its_seats() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (r, c) = app.active_customer().await;

    // Portal Create PA qty 3.
    let created = pa(&app, &c, OFFER, 3).await;
    let reference = created["referenceId"].as_str().expect("referenceId").to_string();
    assert!(reference.starts_with("PO") && reference.len() == 20, "{reference}");
    assert!(reference[2..].bytes().all(|b| b.is_ascii_digit()), "{reference}");
    let expected = json!({"referenceId": reference, "creationDate": "2026-03-10T12:00:00Z",
        "expiryDate": "2026-03-17T12:00:00Z", "quantity": 3, "productName": "Audition for Teams",
        "baseOfferId": OFFER});
    assert_eq!(
        created,
        json!({"customerId": c, "referenceId": reference, "creationDate": "2026-03-10T12:00:00Z",
        "expiryDate": "2026-03-17T12:00:00Z", "quantity": 3, "productName": "Audition for Teams",
        "baseOfferId": OFFER})
    );

    // E24 lists it with expiryDate = creationDate + 7 days.
    let open = open_acquisitions(&app, &c).await;
    assert_eq!(open, json!({"customerId": c, "resellerId": r, "licenseCount": 1, "unpaidLicenses": [expected]}));

    // E23 lists the customer, with a link to its open acquisitions.
    let a = app.get(&notifications_path(&r)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!((a.body["totalCount"].as_i64(), a.body["count"].as_i64()), (Some(1), Some(1)), "{}", a.text);
    assert_eq!((a.body["limit"].as_i64(), a.body["offset"].as_i64()), (Some(10), Some(0)));
    assert_eq!(
        a.body["items"][0],
        json!({"customerId": c, "resellerId": r, "notificationType": "LICENSES_PENDING_PARTNER_ORDER",
            "links": {"self": {"uri": format!("/v3/customers/{c}/open-acquisitions"), "method": "GET", "headers": []}}})
    );
    assert_eq!(
        a.body["links"]["self"]["uri"],
        format!("/v3/notifications?offset=0&limit=10&notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id={r}")
    );
    assert!(a.body["links"].get("next").is_none(), "{}", a.text);

    // The portal's expanded customer shows it and offers Create PA.
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    assert_eq!(detail.body["purchaseAuthorizations"], json!([expected]), "{}", detail.text);
    assert_eq!(detail.body["actions"]["createPa"], true);
    assert!(detail.body["paProducts"].as_array().is_some_and(|p| !p.is_empty()), "{}", detail.text);

    // A NEW order for that base offer ×3: the PA is gone, and so is the notification.
    app.completed_order(&c, OFFER, 3).await;
    assert_eq!(
        open_acquisitions(&app, &c).await,
        json!({"customerId": c, "resellerId": r, "licenseCount": 0,
        "unpaidLicenses": []})
    );
    assert!(notified(&app, &r).await.is_empty());

    // Another PA, then the clock +8 days: gone.
    pa(&app, &c, OFFER, 3).await;
    assert_eq!(notified(&app, &r).await, [c.as_str()]);
    advance(&mut app, json!({"advance": "P8D"})).await;
    assert_eq!(open_acquisitions(&app, &c).await["licenseCount"], 0);
    assert!(notified(&app, &r).await.is_empty());
}

#[tokio::test]
async fn a_pa_expires_seven_days_after_it_opened_on_the_virtual_clock() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-05-01T08:00:00Z").await;
    let (r, c) = app.active_customer().await;
    pa(&app, &c, OFFER, 5).await;
    advance(&mut app, json!({"advance": "P6DT23H59M59S"})).await;
    assert_eq!(references(&open_acquisitions(&app, &c).await).len(), 1, "still open one second before");
    assert_eq!(notified(&app, &r).await, [c.as_str()]);
    advance(&mut app, json!({"advanceSeconds": 1})).await;
    assert!(references(&open_acquisitions(&app, &c).await).is_empty(), "expired at creationDate + 7 days");
    assert!(notified(&app, &r).await.is_empty());

    // A new PA opens for 7 more days from the clock's now.
    let fresh = pa(&app, &c, OFFER, 2).await;
    assert_eq!(fresh["creationDate"], "2026-05-08T08:00:00Z");
    assert_eq!(fresh["expiryDate"], "2026-05-15T08:00:00Z");
}

#[tokio::test]
async fn new_orders_consume_pa_seats_oldest_first_per_product() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (r, c) = app.active_customer().await;
    let first = pa(&app, &c, OFFER, 2).await;
    advance(&mut app, json!({"advance": "PT1H"})).await;
    let second = pa(&app, &c, OFFER, 3).await;
    let other = pa(&app, &c, OTHER, 4).await;
    assert_eq!(open_acquisitions(&app, &c).await["licenseCount"], 3);

    // A preview consumes nothing; a NEW order ×3 takes the oldest PA's 2 seats and one more.
    let preview = app.order(&c, "PREVIEW", OFFER, 3).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(open_acquisitions(&app, &c).await["licenseCount"], 3);
    app.completed_order(&c, OFFER, 3).await;
    let open = open_acquisitions(&app, &c).await;
    let id = |v: &Value| v["referenceId"].as_str().unwrap_or("").to_string();
    assert_eq!(references(&open), [(id(&second), 2), (id(&other), 4)], "{open}");
    assert!(!references(&open).iter().any(|(r, _)| *r == id(&first)));
    assert_eq!(open["licenseCount"], 2);
    assert_eq!(notified(&app, &r).await, [c.as_str()], "open PAs remain");

    // Ordering more than is pending consumes everything of the product; the other product stays.
    app.completed_order(&c, OFFER, 10).await;
    assert_eq!(references(&open_acquisitions(&app, &c).await), [(id(&other), 4)]);
}

#[tokio::test]
async fn notifications_list_the_resellers_customers_with_open_pas_in_pages() {
    let app = TestApp::spawn().await;
    let (r, c1) = app.active_customer().await;
    let c2 = app.create_customer(&r).await;
    let c3 = app.create_customer(&r).await;
    let (r2, c4) = app.active_customer().await;
    app.run_jobs().await;
    for c in [&c1, &c2, &c4] {
        pa(&app, c, OFFER, 1).await;
    }
    pa(&app, &c1, OTHER, 1).await;
    let mut mine = vec![c1.clone(), c2.clone()];
    mine.sort();
    assert_eq!(notified(&app, &r).await, mine, "c3 has no PA; c4 is another reseller's");
    assert_eq!(notified(&app, &r2).await, [c4.as_str()]);
    assert!(!notified(&app, &r).await.contains(&c3));

    let page = app.get(&format!("{}&limit=1", notifications_path(&r))).await;
    assert_eq!((page.status, page.body["count"].as_i64(), page.body["totalCount"].as_i64()), (200, Some(1), Some(2)));
    assert_eq!(page.body["items"][0]["customerId"], mine[0].as_str());
    assert_eq!(
        page.body["links"]["next"]["uri"],
        format!("/v3/notifications?offset=1&limit=1&notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id={r}")
    );
    let next = app.get(page.body["links"]["next"]["uri"].as_str().expect("next")).await;
    assert_eq!(next.body["items"][0]["customerId"], mine[1].as_str(), "{}", next.text);
    assert!(next.body["links"]["prev"]["uri"].as_str().is_some_and(|u| u.contains("offset=0&limit=1")));
}

#[tokio::test]
async fn notifications_and_open_acquisitions_refuse_bad_parameters() {
    let app = TestApp::spawn().await;
    let (r, _) = app.active_customer().await;
    let path = notifications_path(&r);
    for bad in [
        format!("/v3/notifications?reseller-id={r}"),
        format!("/v3/notifications?notification-type=OTHER&reseller-id={r}"),
        "/v3/notifications?notification-type=LICENSES_PENDING_PARTNER_ORDER".to_string(),
        format!("{path}&limit=0"),
        format!("{path}&limit=101"),
        format!("{path}&limit=abc"),
        format!("{path}&offset=-1"),
        format!("/v3/notifications?notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id={r}&reseller-id=1"),
    ] {
        let a = app.get(&bad).await;
        a.assert_error(400, "1132");
    }
    let unknown = app.get(&notifications_path("1999999999")).await;
    unknown.assert_error(404, "1115");
    app.get(&format!("{path}&offset=5")).await.assert_error(400, "1133");
    let max = app.get(&format!("{path}&limit=100")).await;
    assert_eq!((max.status, max.body["limit"].as_i64(), max.body["totalCount"].as_i64()), (200, Some(100), Some(0)));
    app.get("/v3/customers/9999999999/open-acquisitions").await.assert_error(404, "1116");
}

#[tokio::test]
async fn create_pa_takes_a_product_of_the_customers_segment_and_a_quantity() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let refused = |a: Answer, detail: &str| {
        a.assert_error(400, "P400");
        assert!(a.has_detail(detail), "{detail}: {}", a.text);
    };
    refused(create_pa(&app, &c, json!({"quantity": 1})).await, "baseOfferId");
    refused(create_pa(&app, &c, json!({"baseOfferId": "nope", "quantity": 1})).await, "baseOfferId");
    refused(create_pa(&app, &c, json!({"baseOfferId": "30001880CB01A12", "quantity": 1})).await, "baseOfferId");
    refused(create_pa(&app, &c, json!({"baseOfferId": OFFER})).await, "quantity");
    for q in [json!(0), json!(-2), json!("3"), json!(1.5), json!(10_001)] {
        refused(create_pa(&app, &c, json!({"baseOfferId": OFFER, "quantity": q})).await, "quantity");
    }
    refused(create_pa(&app, &c, json!({"baseOfferId": OFFER, "quantity": 1, "extra": true})).await, "extra");
    refused(create_pa(&app, &c, json!([1])).await, "body");
    let malformed = app
        .send(app.authed(Method::POST, &format!("/portal/api/v1/customers/{c}/purchase-authorizations")).body("{"))
        .await;
    malformed.assert_error(400, "P400");
    create_pa(&app, "9999999999", json!({"baseOfferId": OFFER, "quantity": 1})).await.assert_error(404, "P404");
    assert_eq!(open_acquisitions(&app, &c).await["licenseCount"], 0, "nothing refused was recorded");

    // Any level of the product: the PA records its base offer. An enterprise product takes more seats.
    let other_level = pa(&app, &c, "65304479CA02A12", 10_000).await;
    assert_eq!(other_level["baseOfferId"], OFFER);
    let enterprise = pa(&app, &c, "65322651CA03A12", 599_000).await;
    assert_eq!(
        (enterprise["baseOfferId"].as_str(), enterprise["productName"].as_str()),
        (Some(OTHER), Some("Acrobat Pro for Enterprise"))
    );
    assert_ne!(other_level["referenceId"], enterprise["referenceId"]);
    assert_eq!(open_acquisitions(&app, &c).await["licenseCount"], 2);
}

#[tokio::test]
async fn create_pa_is_refused_in_production() {
    let app = TestApp::spawn_with(Settings {
        profile: Profile::Production,
        jobs_mode: JobsMode::Manual,
        ..Settings::default()
    })
    .await;
    let (_, c) = app.active_customer().await;
    create_pa(&app, &c, json!({"baseOfferId": OFFER, "quantity": 1})).await.assert_error(403, "P403");
    let detail = app.portal(Method::GET, &format!("/customers/{c}"), &Value::Null).await;
    assert_eq!(detail.body["actions"]["createPa"], false, "{}", detail.text);
    app.portal(Method::PATCH, &format!("/customers/{c}/deployments/1450000001"), &json!({"status": "1000"}))
        .await
        .assert_error(403, "P403");
    let portal = Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand?createPa=true")).await;
    assert!(!html.contains("Create PA"), "no Create PA in production: {html}");
}

#[tokio::test]
async fn the_html_portal_creates_a_pa_from_its_dialog() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains("No open purchase authorizations.") && html.contains(&format!("id=\"create-pa-{c}\"")));

    // The dialog: a few products of the customer's segment and a quantity.
    let (_, _, dialog) = portal.get(&format!("/portal/customers/{c}/expand?createPa=true")).await;
    assert!(dialog.contains(&format!("aria-label=\"Create PA for customer {c}\"")), "{dialog}");
    let options = dialog.matches("<option value=\"").count();
    assert!((3..=6).contains(&options), "{options} products: {dialog}");
    assert!(dialog.contains(">Quantity</label>") && dialog.contains(">Create</button>"), "{dialog}");

    // A refused quantity keeps the dialog open with the error.
    let path = format!("/portal/customers/{c}/purchase-authorizations");
    let (_, _, refused) = portal.post(&path, &[("baseOfferId", OFFER), ("quantity", "abc")]).await;
    assert!(refused.contains("P400") && refused.contains("quantity"), "{refused}");
    assert!(refused.contains(&format!("aria-label=\"Create PA for customer {c}\"")), "{refused}");

    // Create closes it and lists the PA.
    let (status, _, created) = portal.post(&path, &[("baseOfferId", OFFER), ("quantity", "3")]).await;
    assert_eq!(status, 200);
    assert!(created.contains("Purchase authorization PO") && created.contains("3 × Audition for Teams"), "{created}");
    assert!(!created.contains(&format!("aria-label=\"Create PA for customer {c}\"")), "the dialog closed");
    let open = open_acquisitions(&app, &c).await;
    let reference = open["unpaidLicenses"][0]["referenceId"].as_str().expect("a PA").to_string();
    assert!(created.contains(&format!("<td>{reference}</td>")), "{created}");
    assert_eq!(notified(&app, &r).await, [c.as_str()]);
}
