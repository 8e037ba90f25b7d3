//! The renewal engine through the portal (T0-25 to T0-29, T0-35) and SPEC Appendix D.

use futures::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::helpers::TestApp;

const OFFER: &str = "65304479CA01A12";

async fn set_coterm(app: &TestApp, customer: &str, date: chrono::NaiveDate) {
    let a =
        app.portal(Method::PATCH, &format!("/customers/{customer}"), &json!({"cotermDate": date.to_string()})).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

async fn trigger(app: &TestApp, customer: &str) -> crate::helpers::Answer {
    app.portal(Method::POST, &format!("/customers/{customer}/auto-renewal/trigger"), &json!(null)).await
}

async fn renewal_orders(app: &TestApp, customer: &str) -> Vec<serde_json::Value> {
    let h = app
        .get(&format!("/v3/customers/{customer}/orders?order-type=RENEWAL&start-date=2000-01-01&end-date=2100-01-01"))
        .await;
    assert_eq!(h.status, 200, "{}", h.text);
    h.body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn set_coterm_date_realigns_subscriptions_and_rejects_impossible_dates() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let today = app.today();
    set_coterm(&app, &c, today).await;
    let customer = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(customer.body["cotermDate"], today.to_string());
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["renewalDate"], today.to_string());
    let bad = app.portal(Method::PATCH, &format!("/customers/{c}"), &json!({"cotermDate": "2026-02-30"})).await;
    bad.assert_error(400, "P400");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], today.to_string());
}

#[tokio::test]
async fn trigger_renews_due_enabled_subscriptions_once() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let today = app.today();
    set_coterm(&app, &c, today).await;
    let t = trigger(&app, &c).await;
    assert_eq!(t.status, 202, "{}", t.text);
    assert!(t.body["jobId"].is_string());
    assert_eq!(t.body["cooldownSeconds"], 120);
    app.run_jobs().await;
    let orders = renewal_orders(&app, &c).await;
    assert_eq!(orders.len(), 1, "one RENEWAL order: {orders:?}");
    let o = &orders[0];
    assert_eq!(o["source"], "System");
    assert_eq!(o["status"], "1000");
    assert_eq!(o["lineItems"][0]["subscriptionId"], sub);
    assert_eq!(o["lineItems"][0]["quantity"], 20);
    let next = vipmp_core::dates::add_years(today, 1).to_string();
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["renewalDate"], next);
    assert_eq!(s.body["status"], "1000");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], next);
    let job = app.portal(Method::GET, &format!("/jobs/{}", t.body["jobId"].as_str().unwrap_or("")), &json!(null)).await;
    assert_eq!(job.body["status"], "DONE", "{}", job.text);
    assert_eq!(job.body["renewalOrderId"], o["orderId"]);
    assert_eq!(job.body["failed"], false);
    // Running the jobs again renews nothing more: the renewal date was processed once.
    app.run_jobs().await;
    assert_eq!(renewal_orders(&app, &c).await.len(), 1);
}

#[tokio::test]
async fn trigger_expires_disabled_subscriptions() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let off =
        app.portal(Method::PATCH, &format!("/customers/{c}/subscriptions/{sub}"), &json!({"autoRenewal": false})).await;
    assert_eq!(off.body["autoRenewal"]["enabled"], false, "{}", off.text);
    set_coterm(&app, &c, app.today()).await;
    assert_eq!(trigger(&app, &c).await.status, 202);
    app.run_jobs().await;
    assert!(renewal_orders(&app, &c).await.is_empty());
    let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
    assert_eq!(s.body["status"], "1004");
    assert_eq!(s.body["allowedActions"], json!(["MANUAL_RENEWAL"]));
    let patch =
        app.patch(&format!("/v3/customers/{c}/subscriptions/{sub}"), &json!({"autoRenewal": {"enabled": true}})).await;
    patch.assert_error(400, "3119");
}

#[tokio::test]
async fn renewal_fails_for_an_inactive_customer_or_reseller() {
    for (who, expected) in [("customer", "1024"), ("reseller", "1022")] {
        let app = TestApp::spawn().await;
        let (r, c) = app.active_customer().await;
        let (_, sub) = app.completed_order(&c, OFFER, 20).await;
        let today = app.today();
        set_coterm(&app, &c, today).await;
        let target = if who == "customer" { format!("/customers/{c}") } else { format!("/resellers/{r}") };
        assert_eq!(app.portal(Method::PATCH, &target, &json!({"status": "1004"})).await.status, 200);
        assert_eq!(trigger(&app, &c).await.status, 202);
        app.run_jobs().await;
        let orders = renewal_orders(&app, &c).await;
        assert_eq!(orders.len(), 1, "{who}");
        assert_eq!(orders[0]["status"], expected, "{who}");
        let s = app.get(&format!("/v3/customers/{c}/subscriptions/{sub}")).await;
        assert_eq!(s.body["status"], "1004");
        assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["cotermDate"], today.to_string(), "AD unchanged");
        // After the cooldown, a second trigger creates no new order.
        app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 121})).await;
        assert_eq!(trigger(&app, &c).await.status, 202);
        app.run_jobs().await;
        assert_eq!(renewal_orders(&app, &c).await.len(), 1, "{who}: no retry");
    }
}

#[tokio::test]
async fn trigger_cooldown_is_enforced_and_counted_down() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    assert_eq!(trigger(&app, &c).await.status, 202);
    let second = trigger(&app, &c).await;
    second.assert_error(429, "P429");
    let retry: i64 = second.headers["retry-after"].to_str().unwrap_or("0").parse().unwrap_or(0);
    assert!((1..=120).contains(&retry), "Retry-After {retry}");
    assert_eq!(second.body["additionalDetails"][0], format!("retryAfterSeconds={retry}"));
    let state = app.portal(Method::GET, &format!("/customers/{c}/auto-renewal/trigger"), &json!(null)).await;
    let left = state.body["cooldownRemainingSeconds"].as_i64().unwrap_or(0);
    assert!(left > 0 && left <= 120, "{}", state.text);
    app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 121})).await;
    let state = app.portal(Method::GET, &format!("/customers/{c}/auto-renewal/trigger"), &json!(null)).await;
    assert_eq!(state.body["cooldownRemainingSeconds"], 0);
    assert_eq!(trigger(&app, &c).await.status, 202);
    assert_eq!(trigger(&app, "1999999999").await.status, 404);
}

#[tokio::test]
async fn fifty_parallel_triggers_give_one_accepted_and_one_renewal_order() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 20).await;
    set_coterm(&app, &c, app.today()).await;
    let answers = join_all((0..50).map(|_| trigger(&app, &c))).await;
    let accepted = answers.iter().filter(|a| a.status == 202).count();
    let refused = answers.iter().filter(|a| a.status == 429).count();
    assert_eq!((accepted, refused), (1, 49));
    app.run_jobs().await;
    assert_eq!(renewal_orders(&app, &c).await.len(), 1);
}

#[tokio::test]
async fn a_trigger_racing_a_coterm_edit_never_renews_twice() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 20).await;
    let today = app.today();
    set_coterm(&app, &c, today).await;
    let path = format!("/customers/{c}");
    let edit = json!({"cotermDate": today.to_string()});
    let (t, e) = tokio::join!(trigger(&app, &c), app.portal(Method::PATCH, &path, &edit));
    assert_eq!((t.status, e.status), (202, 200));
    app.run_jobs().await;
    app.run_jobs().await;
    let orders = renewal_orders(&app, &c).await;
    assert!(orders.len() <= 2, "{orders:?}");
    let c_after = app.get(&format!("/v3/customers/{c}")).await;
    let expected = vipmp_core::dates::add_years(today, orders.len() as i32).to_string();
    assert_eq!(c_after.body["cotermDate"], expected, "each renewal moved the AD exactly one year");
}

/// The sweep pages through everything due: with two records per look, five due customers are
/// all renewed in one run (the first full-size benchmark found the sweep stopping at one page).
#[tokio::test]
async fn the_sweep_renews_every_due_customer_across_pages() {
    use vipmp_core::settings::{JobsMode, Settings};
    let app = TestApp::spawn_with(Settings { jobs_mode: JobsMode::Manual, due_page: 2, ..Settings::default() }).await;
    let today = app.today();
    let mut customers = Vec::new();
    for _ in 0..5 {
        let (_, c) = app.active_customer().await;
        app.completed_order(&c, OFFER, 3).await;
        customers.push(c);
    }
    // Due only now: setting up the next customer runs the jobs.
    for c in &customers {
        set_coterm(&app, c, today).await;
    }
    let run = app.portal(Method::POST, "/jobs/run", &json!({"job": "renewals"})).await;
    assert_eq!(run.status, 200, "{}", run.text);
    assert_eq!(run.body["renewals"]["renewalOrders"].as_array().map(Vec::len), Some(5), "{}", run.text);
    for c in &customers {
        assert_eq!(renewal_orders(&app, c).await.len(), 1, "customer {c}");
    }
}
