//! The request journal: every CPAPI and portal API exchange of a distributor, secrets
//! redacted, bodies cut at 64 KiB, on the distributor's clock, filtered and bounded.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{API_KEY, TestApp};
use crate::time_travel::freeze;

async fn journal(app: &TestApp, query: &str) -> Vec<Value> {
    let a = app.portal(Method::GET, &format!("/requests{query}"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["items"].as_array().cloned().unwrap_or_default()
}

fn header<'a>(side: &'a Value, name: &str) -> Option<&'a str> {
    side["headers"].as_array()?.iter().find(|h| h[0] == name).and_then(|h| h[1].as_str())
}

#[tokio::test]
async fn secrets_are_redacted() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/v3/resellers?client_secret=hunter2&limit=5").await.status, 200);
    let body = json!({"name": "x", "nested": {"client_secret": "hunter2"}});
    app.portal(Method::POST, "/snapshots", &body).await.assert_error(400, "P400");
    let entries = journal(&app, "").await;
    let text = serde_json::to_string(&entries).expect("json");
    assert!(!text.contains("hunter2") && !text.contains(&app.token) && !text.contains(API_KEY), "{text}");
    let get = entries.iter().find(|e| e["path"] == "/v3/resellers").expect("the GET");
    assert_eq!(get["query"], "client_secret=[REDACTED]&limit=5");
    assert_eq!(header(&get["request"], "authorization"), Some("[REDACTED]"));
    assert_eq!(header(&get["request"], "x-api-key"), Some("[REDACTED]"));
    let post = entries.iter().find(|e| e["path"] == "/portal/api/v1/snapshots").expect("the POST");
    assert_eq!(post["status"], 400);
    assert!(post["request"]["body"].as_str().is_some_and(|b| b.contains("[REDACTED]")), "{post}");
    assert!(post["response"]["body"].as_str().is_some_and(|b| b.contains("P400")), "{post}");
}

#[tokio::test]
async fn entries_are_filtered_timed_and_cut() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (r, c) = app.active_customer().await;
    let order = json!({"orderType": "NEW", "currencyCode": "USD",
                       "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 2}]});
    assert_eq!(app.post(&format!("/v3/customers/{c}/orders"), &order).await.status, 202);
    app.get("/v3/customers/1999999999").await.assert_error(404, "1116");
    let mine = journal(&app, &format!("?customerId={c}")).await;
    assert!(!mine.is_empty() && mine.iter().all(|e| e["customerId"] == c.as_str()), "{mine:?}");
    assert!(mine.iter().all(|e| e["at"] == "2026-03-10T12:00:00Z"), "on the distributor's clock");
    let posts = journal(&app, "?method=post&path=/v3/customers/{customer-id}/orders").await;
    assert_eq!(posts.len(), 1);
    assert_eq!((posts[0]["status"].as_u64(), posts[0]["customerId"].as_str()), (Some(202), Some(c.as_str())));
    let missing = journal(&app, "?status=404").await;
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0]["path"], "/v3/customers/1999999999");
    let two = journal(&app, "?limit=2").await;
    assert_eq!(two.len(), 2);
    assert!(two[0]["id"].as_i64() > two[1]["id"].as_i64(), "newest first");
    let prefix = journal(&app, "?path=/portal/api/v1/*").await;
    assert!(!prefix.is_empty() && prefix.iter().all(|e| e["path"].as_str().is_some_and(|p| p.starts_with("/portal/"))));
    assert!(journal(&app, "").await.iter().all(|e| e["path"] != "/portal/api/v1/requests"), "reading is not recorded");

    let mut big = app.customer_body(&r);
    big["companyProfile"]["companyName"] = json!("x".repeat(70 * 1024));
    assert!(app.post("/v3/customers", &big).await.status >= 400);
    let cut = &journal(&app, "?method=POST&path=/v3/customers&limit=1").await[0];
    assert_eq!(cut["request"]["truncated"], true);
    assert_eq!(cut["request"]["body"].as_str().map(str::len), Some(64 * 1024));
    let unknown = app.send(app.http.get(app.url("/v3/resellers")).header("x-api-key", "nobody")).await;
    assert_eq!(unknown.status, 403);
    assert!(journal(&app, "?status=403").await.is_empty(), "no distributor, no journal");
    app.portal(Method::GET, "/requests?limit=0", &Value::Null).await.assert_error(400, "P400");
}

#[tokio::test]
async fn the_journal_keeps_the_newest_entries() {
    let settings = vipmp_core::settings::Settings {
        jobs_mode: vipmp_core::settings::JobsMode::Manual,
        journal_size: 5,
        ..vipmp_core::settings::Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    for n in 0..80 {
        assert_eq!(app.get(&format!("/portal/api/v1/clock?n={n}")).await.status, 200);
    }
    let kept = journal(&app, "?limit=100").await;
    assert_eq!(kept.len(), 5);
    assert_eq!(kept[0]["query"], "n=79");
    assert_eq!(kept[4]["query"], "n=75");
}
