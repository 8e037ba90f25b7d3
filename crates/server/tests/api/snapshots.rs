//! Reset and snapshots: a snapshot restored gives back exactly the state it saved, as every
//! list endpoint shows it; reset goes back to the bootstrap state.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::time_travel::{advance, freeze};

const OFFER: &str = "65304479CA01A12";

async fn get(app: &TestApp, path: &str) -> Value {
    let a = app.get(path).await;
    assert_eq!(a.status, 200, "{path}: {}", a.text);
    a.body
}

/// Everything the API shows of the distributor, through every list endpoint.
async fn state(app: &TestApp) -> Value {
    let mut out = serde_json::Map::new();
    let resellers = get(app, "/v3/resellers?limit=50").await;
    for r in resellers["items"].as_array().cloned().unwrap_or_default() {
        let id = r["resellerId"].as_str().unwrap_or_default();
        out.insert(format!("customers of {id}"), get(app, &format!("/v3/resellers/{id}/customers?limit=50")).await);
    }
    let customers = get(app, "/portal/api/v1/customers?pageSize=100").await;
    for c in customers["items"].as_array().cloned().unwrap_or_default() {
        let id = c["customerId"].as_str().unwrap_or_default();
        out.insert(format!("customer {id}"), get(app, &format!("/v3/customers/{id}")).await);
        let orders = format!("/v3/customers/{id}/orders?start-date=2000-01-01&limit=50");
        out.insert(format!("orders of {id}"), get(app, &orders).await);
        out.insert(format!("subscriptions of {id}"), get(app, &format!("/v3/customers/{id}/subscriptions")).await);
        out.insert(format!("portal customer {id}"), get(app, &format!("/portal/api/v1/customers/{id}")).await);
    }
    out.insert("resellers".into(), resellers);
    out.insert("portal customers".into(), customers);
    out.insert("portal resellers".into(), get(app, "/portal/api/v1/resellers?pageSize=100").await);
    out.insert("portal orders".into(), get(app, "/portal/api/v1/orders?pageSize=100").await);
    out.insert("partners".into(), get(app, "/portal/api/v1/partners").await);
    out.insert("memberships".into(), get(app, "/portal/api/v1/memberships?pageSize=100").await);
    out.insert("membership transfers".into(), get(app, "/portal/api/v1/transfers?pageSize=100").await);
    let mut clock = get(app, "/portal/api/v1/clock").await;
    if clock["frozen"] == false {
        clock["now"] = Value::Null;
    }
    out.insert("clock".into(), clock);
    Value::Object(out)
}

/// Compares two states key by key, naming the first that differs.
fn assert_same(got: &Value, want: &Value) {
    let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(keys(got), keys(want), "the same endpoints");
    for key in keys(want) {
        assert_eq!(got[&key], want[&key], "{key}");
    }
}

async fn save(app: &TestApp, name: &str) -> Value {
    let a = app.portal(Method::POST, "/snapshots", &json!({"name": name})).await;
    assert_eq!(a.status, 201, "{}", a.text);
    a.body
}

async fn restore(app: &TestApp, name: &str) {
    let a = app.portal(Method::POST, &format!("/snapshots/{name}/restore"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn a_restored_snapshot_is_the_saved_state() {
    let mut app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (r, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 12).await;
    let c2 = app.create_customer(&r).await;
    app.portal(Method::POST, &format!("/customers/{c}/auto-renewal/trigger"), &Value::Null).await;
    let corr = "snapshot-replay-1";
    let first = app
        .send(app.authed(Method::POST, "/v3/customers").header("X-Correlation-Id", corr).json(&app.customer_body(&r)))
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    // A transfer of a test membership (open: manual jobs mode) and an unused membership.
    for name in ["Snapshot Moving", "Snapshot Spare"] {
        let m = app.portal(Method::POST, "/memberships/quick", &json!({"companyName": name})).await;
        assert_eq!(m.status, 201, "{}", m.text);
        if name == "Snapshot Moving" {
            let path = format!("/v3/memberships/{}/transfers", m.body["membershipId"].as_str().unwrap_or_default());
            assert_eq!(app.post(&path, &json!({"resellerId": r})).await.status, 202);
        }
    }
    let saved = save(&app, "base").await;
    assert_eq!(saved["counts"]["customers"], 3, "{saved}");
    assert_eq!(saved["createdAt"], "2026-03-10T12:00:00Z");
    let before = state(&app).await;

    // Change everything: new records, statuses, a year of renewals, global sales.
    app.create_customer(&r).await;
    app.portal(Method::PATCH, &format!("/customers/{c2}"), &json!({"status": "1004"})).await;
    app.portal(Method::POST, "/partners/5000000001/global-sales", &json!({"enabled": true})).await;
    advance(&mut app, json!({"advance": "P1Y"})).await;
    assert_ne!(state(&app).await, before);

    restore(&app, "base").await;
    app.token = app.fetch_token().await;
    assert_same(&state(&app).await, &before);
    let again = app
        .send(app.authed(Method::POST, "/v3/customers").header("X-Correlation-Id", corr).json(&app.customer_body(&r)))
        .await;
    assert_eq!(again.text, first.text, "the replay record came back too");

    let listed = app.portal(Method::GET, "/snapshots", &Value::Null).await;
    assert_eq!(listed.body["items"][0]["name"], "base", "{}", listed.text);
    assert_eq!(app.portal(Method::DELETE, "/snapshots/base", &Value::Null).await.status, 204);
    app.portal(Method::POST, "/snapshots/base/restore", &Value::Null).await.assert_error(404, "P404");
    app.portal(Method::DELETE, "/snapshots/base", &Value::Null).await.assert_error(404, "P404");
    app.portal(Method::POST, "/snapshots", &json!({"name": "no spaces"})).await.assert_error(400, "P400");
}

#[tokio::test]
async fn reset_goes_back_to_the_bootstrap_state() {
    let mut app = TestApp::spawn().await;
    let empty = state(&app).await;
    save(&app, "empty").await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 5).await;
    app.portal(Method::POST, "/defaults/reseller", &Value::Null).await;
    let m = app.portal(Method::POST, "/memberships/quick", &json!({"companyName": "Reset Me"})).await;
    assert_eq!(m.status, 201, "{}", m.text);
    let fault = json!({"path": "/v3/customers", "action": {"latencyMs": 1}});
    assert_eq!(app.portal(Method::POST, "/faults", &fault).await.status, 201);
    let a = app.portal(Method::POST, "/reset", &Value::Null).await;
    assert_eq!((a.status, a.body["reset"].clone()), (200, json!(true)), "{}", a.text);
    let clock = app.portal(Method::GET, "/clock", &Value::Null).await;
    assert_eq!((clock.body["frozen"].clone(), clock.body["offsetSeconds"].clone()), (json!(false), json!(0)));
    assert_eq!(get(&app, "/portal/api/v1/faults").await["totalCount"], 0);
    assert_eq!(get(&app, "/portal/api/v1/customers").await["totalCount"], 0);
    assert_eq!(get(&app, "/v3/resellers").await["totalCount"], 0);
    assert_eq!(get(&app, "/portal/api/v1/orders").await["totalCount"], 0);
    assert_eq!(get(&app, "/portal/api/v1/memberships").await["totalCount"], 0);
    assert_eq!(get(&app, "/portal/api/v1/snapshots").await["totalCount"], 1, "snapshots survive a reset");
    assert_same(&state(&app).await, &empty);
    advance(&mut app, json!({"advance": "P1D"})).await;
    restore(&app, "empty").await;
    assert_same(&state(&app).await, &empty);
}

#[tokio::test]
async fn production_refuses_reset_snapshots_and_faults() {
    use vipmp_core::settings::{JobsMode, Profile, Settings};
    let settings = Settings { jobs_mode: JobsMode::Manual, profile: Profile::Production, ..Settings::default() };
    let app = TestApp::spawn_with(settings).await;
    app.portal(Method::POST, "/reset", &Value::Null).await.assert_error(403, "P403");
    app.portal(Method::POST, "/snapshots", &json!({"name": "a"})).await.assert_error(403, "P403");
    app.portal(Method::POST, "/snapshots/a/restore", &Value::Null).await.assert_error(403, "P403");
    app.portal(Method::DELETE, "/snapshots/a", &Value::Null).await.assert_error(403, "P403");
    let fault = json!({"path": "/v3/customers", "action": {"latencyMs": 1}});
    app.portal(Method::POST, "/faults", &fault).await.assert_error(403, "P403");
    app.portal(Method::DELETE, "/faults", &Value::Null).await.assert_error(403, "P403");
    app.portal(Method::POST, "/clock", &json!({"advance": "P1D"})).await.assert_error(403, "P403");
    assert_eq!(app.portal(Method::GET, "/snapshots", &Value::Null).await.status, 200);
    assert_eq!(app.portal(Method::GET, "/clock", &Value::Null).await.status, 200);
}
