//! The request journal: every CPAPI and portal API exchange of a distributor, secrets
//! redacted, bodies cut at 64 KiB or less (`--journal-max-bytes`), on the distributor's clock,
//! filtered and bounded; listed in pages of at most 100 without bodies, one entry with its
//! bodies on its own route (issue 20, item 5).

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{API_KEY, TestApp};
use crate::time_travel::freeze;

async fn journal(app: &TestApp, query: &str) -> Vec<Value> {
    let a = app.portal(Method::GET, &format!("/requests{query}"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["items"].as_array().cloned().unwrap_or_default()
}

/// One entry with its headers and bodies.
async fn entry(app: &TestApp, id: &Value) -> Value {
    let a = app.portal(Method::GET, &format!("/requests/{id}"), &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body
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
    let mut entries = Vec::new();
    for e in journal(&app, "").await {
        entries.push(entry(&app, &e["id"]).await);
    }
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
    let listed = &journal(&app, "?method=POST&path=/v3/customers&limit=1").await[0];
    assert_eq!(listed["truncated"], true);
    let limit = vipmp_server::kernel::journal::body_limit(&vipmp_core::settings::Settings::default());
    assert_eq!(listed["requestBytes"].as_u64(), Some(limit as u64));
    let cut = entry(&app, &listed["id"]).await;
    assert_eq!(cut["request"]["truncated"], true);
    assert_eq!(cut["request"]["body"].as_str().map(str::len), Some(limit));
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

/// A body of `kib` KiB in a request that is refused (so nothing but the journal changes).
fn big_body(kib: usize) -> Value {
    json!({"name": "x".repeat(kib * 1024)})
}

#[tokio::test]
async fn the_list_is_a_capped_page_without_bodies_and_an_entry_has_its_own_route() {
    let settings = vipmp_core::settings::Settings {
        jobs_mode: vipmp_core::settings::JobsMode::Manual,
        journal_size: 1_000,
        ..vipmp_core::settings::Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    for _ in 0..130 {
        app.portal(Method::POST, "/snapshots", &big_body(60)).await.assert_error(400, "P400");
    }
    // Before issue 20: `?limit=10000` answered every entry with both bodies (here 130 × 120 KiB).
    let a = app.portal(Method::GET, "/requests?limit=10000", &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let items = a.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 100, "the page size is capped at 100");
    assert!(a.text.len() < 64 * 1024, "a page of summaries is small: {} bytes", a.text.len());
    assert!(items.iter().all(|e| e.get("request").is_none() && e.get("response").is_none()), "no bodies");
    assert!(items.iter().all(|e| e["requestBytes"].as_u64() > Some(50 * 1024)), "the sizes are listed");
    let next = a.body["nextBeforeId"].clone();
    assert_eq!(next, items[99]["id"]);
    let older = journal(&app, &format!("?beforeId={next}")).await;
    assert_eq!(older.len(), 30, "the rest, on the next page");
    assert!(older.iter().all(|e| e["id"].as_i64() < next.as_i64()));

    let one = entry(&app, &items[0]["id"]).await;
    assert_eq!(one["id"], items[0]["id"]);
    assert!(one["request"]["body"].as_str().is_some_and(|b| b.len() > 50 * 1024), "the entry has its body");
    assert!(one["response"]["body"].as_str().is_some_and(|b| b.contains("P400")));
    app.portal(Method::GET, "/requests/999999", &Value::Null).await.assert_error(404, "P404");
    app.portal(Method::GET, "/requests/abc", &Value::Null).await.assert_error(404, "P404");
    let newest = journal(&app, "?limit=1").await;
    assert_eq!(newest[0]["id"], items[0]["id"], "reading entries is not recorded");
    app.portal(Method::GET, "/requests?beforeId=0", &Value::Null).await.assert_error(400, "P400");
}

#[tokio::test]
async fn the_journal_holds_at_most_its_byte_budget() {
    let settings = vipmp_core::settings::Settings {
        jobs_mode: vipmp_core::settings::JobsMode::Manual,
        journal_size: 10,
        journal_max_bytes: 40_000,
        ..vipmp_core::settings::Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    for _ in 0..15 {
        app.portal(Method::POST, "/snapshots", &big_body(60)).await.assert_error(400, "P400");
    }
    let kept = journal(&app, "").await;
    assert_eq!(kept.len(), 10);
    let mut bytes = 0;
    for e in &kept {
        let full = entry(&app, &e["id"]).await;
        assert_eq!(full["request"]["truncated"], true);
        for side in ["request", "response"] {
            bytes += full[side]["body"].as_str().map_or(0, str::len);
        }
    }
    // 10 entries × 2 bodies × 2,000 bytes: the budget, not 10 × 60 KiB.
    assert!(bytes <= 40_000, "{bytes} bytes of bodies");
    assert_eq!(kept[0]["requestBytes"], 2_000);
}
