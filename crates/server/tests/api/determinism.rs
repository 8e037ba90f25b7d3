//! Determinism: two fresh servers whose clocks are frozen at the same instant, running the same
//! script of calls, record identical journals (ids, timestamps, bodies, order of events).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};
use crate::time_travel::freeze;

fn address() -> Value {
    json!({"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
           "addressLine2": "", "postalCode": "95110", "phoneNumber": ""})
}

/// A write with fixed correlation and request ids.
async fn write(app: &TestApp, n: u32, method: Method, path: &str, body: Value) -> Value {
    let a = app
        .send(
            app.authed(method, path)
                .header("X-Correlation-Id", format!("det-corr-{n}"))
                .header("X-Request-Id", format!("det-req-{n}"))
                .json(&body),
        )
        .await;
    assert!(a.status < 300, "{path}: {}", a.text);
    a.body
}

async fn portal(app: &TestApp, method: Method, path: &str, body: Value) -> Value {
    let a = app.portal(method, path, &body).await;
    assert!(a.status < 300, "{path}: {}", a.text);
    a.body
}

/// The script: accounts, orders, a trigger, time passing, lists.
async fn script(app: &mut TestApp) -> Vec<Value> {
    freeze(app, "2026-03-10T12:00:00Z").await;
    let reseller = json!({"distributorId": DISTRIBUTOR_ID, "externalReferenceId": "r-1",
        "companyProfile": {"companyName": "Determined Reseller", "preferredLanguage": "en-US", "address": address(),
            "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]}});
    let r = write(app, 1, Method::POST, "/v3/resellers", reseller).await["resellerId"].clone();
    let customer = |name: &str| {
        json!({"resellerId": r, "externalReferenceId": "c-1",
            "companyProfile": {"companyName": name, "preferredLanguage": "en-US", "address": address(),
                "contacts": [{"firstName": "Grace", "lastName": "Hopper", "email": "grace@example.com"}]}})
    };
    let c = write(app, 2, Method::POST, "/v3/customers", customer("Determined One")).await["customerId"].clone();
    let c2 = write(app, 3, Method::POST, "/v3/customers", customer("Determined Two")).await["customerId"].clone();
    let (c, c2) = (c.as_str().unwrap_or_default().to_string(), c2.as_str().unwrap_or_default().to_string());
    portal(app, Method::POST, "/jobs/run", json!({"job": "orders"})).await;
    let order = |q: i64| {
        json!({"orderType": "NEW", "currencyCode": "USD",
               "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": q}]})
    };
    write(app, 4, Method::POST, &format!("/v3/customers/{c}/orders"), order(12)).await;
    write(app, 5, Method::POST, &format!("/v3/customers/{c2}/orders"), order(3)).await;
    portal(app, Method::POST, "/clock", json!({"advance": "PT1M"})).await;
    let subs = app.get(&format!("/v3/customers/{c2}/subscriptions")).await;
    let s2 = subs.body["items"][0]["subscriptionId"].as_str().unwrap_or_default().to_string();
    let off = json!({"autoRenewal": {"enabled": false}});
    write(app, 6, Method::PATCH, &format!("/v3/customers/{c2}/subscriptions/{s2}"), off).await;
    portal(app, Method::POST, &format!("/customers/{c}/auto-renewal/trigger"), Value::Null).await;
    portal(app, Method::POST, "/clock", json!({"advance": "P2Y1M"})).await;
    app.token = app.fetch_token().await;
    portal(app, Method::PATCH, &format!("/customers/{c2}"), json!({"status": "1004"})).await;
    portal(app, Method::POST, "/clock", json!({"set": "2029-01-01T00:00:00Z"})).await;
    app.token = app.fetch_token().await;
    app.get(&format!("/v3/customers/{c}/orders?start-date=2000-01-01")).await;
    app.get("/portal/api/v1/orders?pageSize=100").await;
    let listed = portal(app, Method::GET, "/requests?limit=100", Value::Null).await["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(listed.len() < 100, "the whole script fits in one page: {}", listed.len());
    let mut entries = Vec::new();
    for e in listed {
        entries.push(portal(app, Method::GET, &format!("/requests/{}", e["id"]), Value::Null).await);
    }
    // What differs between two servers: their port, in the Host header, and the instant of the
    // first call, the freeze itself, which runs on the wall clock it stops (two servers cross a
    // second's boundary at different points of the script).
    for e in &mut entries {
        if let Some(headers) = e["request"]["headers"].as_array_mut() {
            headers.retain(|h| h[0] != "host");
        }
        if e["id"] == 1 {
            assert_eq!(e["path"], "/portal/api/v1/clock", "the first call is the freeze");
            e["at"] = Value::Null;
        }
    }
    entries
}

#[tokio::test]
async fn two_servers_running_one_script_record_the_same_journal() {
    let mut first = TestApp::spawn().await;
    let mut second = TestApp::spawn().await;
    let a = script(&mut first).await;
    let b = script(&mut second).await;
    assert!(a.len() >= 15, "{}", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    let renewals = a.iter().filter(|e| e["response"]["body"].as_str().is_some_and(|b| b.contains("\"RENEWAL\"")));
    assert!(renewals.count() > 0, "the script saw renewal orders");
}
