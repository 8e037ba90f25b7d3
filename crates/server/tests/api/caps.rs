//! Resource caps (issue 20, item 6): snapshots and fault rules per distributor and the size of
//! one snapshot are bounded; past a cap the answer is `409 P409` naming the limit, and nothing
//! is stored.

use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::settings::{JobsMode, Settings};

use crate::helpers::TestApp;

async fn spawn(settings: Settings) -> TestApp {
    TestApp::spawn_with(Settings { jobs_mode: JobsMode::Manual, ..settings }).await
}

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|s| s["name"].as_str().map(String::from)).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn detail(body: &Value) -> String {
    body["additionalDetails"].to_string()
}

#[tokio::test]
async fn a_snapshot_past_the_cap_is_409_and_replacing_or_deleting_one_makes_room() {
    let app = spawn(Settings { max_snapshots: 2, ..Settings::default() }).await;
    for name in ["a", "b"] {
        assert_eq!(app.portal(Method::POST, "/snapshots", &json!({"name": name})).await.status, 201);
    }
    let refused = app.portal(Method::POST, "/snapshots", &json!({"name": "c"})).await;
    refused.assert_error(409, "P409");
    assert!(detail(&refused.body).contains("at most 2"), "{}", refused.text);
    // Replacing an existing name adds none.
    assert_eq!(app.portal(Method::POST, "/snapshots", &json!({"name": "a"})).await.status, 201);
    assert_eq!(names(&app.portal(Method::GET, "/snapshots", &Value::Null).await.body), ["a", "b"]);
    assert_eq!(app.portal(Method::DELETE, "/snapshots/b", &Value::Null).await.status, 204);
    assert_eq!(app.portal(Method::POST, "/snapshots", &json!({"name": "c"})).await.status, 201);
    assert_eq!(names(&app.portal(Method::GET, "/snapshots", &Value::Null).await.body), ["a", "c"]);
}

#[tokio::test]
async fn concurrent_saves_never_pass_the_snapshot_cap() {
    let app = spawn(Settings { max_snapshots: 3, ..Settings::default() }).await;
    let bodies: Vec<Value> = (0..12).map(|n| json!({"name": format!("s{n}")})).collect();
    let saves = bodies.iter().map(|body| app.portal(Method::POST, "/snapshots", body));
    let answers = futures::future::join_all(saves).await;
    let created = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(created, 3, "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert!(answers.iter().all(|a| a.status == 201 || a.status == 409));
    assert_eq!(names(&app.portal(Method::GET, "/snapshots", &Value::Null).await.body).len(), 3);
}

#[tokio::test]
async fn a_snapshot_larger_than_the_size_cap_is_409_and_not_stored() {
    let app = spawn(Settings { max_snapshot_bytes: 100, ..Settings::default() }).await;
    let refused = app.portal(Method::POST, "/snapshots", &json!({"name": "big"})).await;
    refused.assert_error(409, "P409");
    assert!(detail(&refused.body).contains("at most 100"), "{}", refused.text);
    assert!(names(&app.portal(Method::GET, "/snapshots", &Value::Null).await.body).is_empty());
}

#[tokio::test]
async fn a_fault_rule_past_the_cap_is_409_and_removing_one_makes_room() {
    let app = spawn(Settings { max_fault_rules: 3, ..Settings::default() }).await;
    let rule = json!({"path": "/v3/never-matched", "action": {"latencyMs": 1}});
    let mut ids = Vec::new();
    for _ in 0..3 {
        let a = app.portal(Method::POST, "/faults", &rule).await;
        assert_eq!(a.status, 201, "{}", a.text);
        ids.push(a.body["id"].as_str().expect("id").to_string());
    }
    let refused = app.portal(Method::POST, "/faults", &rule).await;
    refused.assert_error(409, "P409");
    assert!(detail(&refused.body).contains("at most 3"), "{}", refused.text);
    assert_eq!(app.portal(Method::GET, "/faults", &Value::Null).await.body["totalCount"], 3);
    assert_eq!(app.portal(Method::DELETE, &format!("/faults/{}", ids[0]), &Value::Null).await.status, 204);
    assert_eq!(app.portal(Method::POST, "/faults", &rule).await.status, 201);
    // Concurrent adds at the cap: none passes it.
    let adds = (0..6).map(|_| app.portal(Method::POST, "/faults", &rule));
    let answers = futures::future::join_all(adds).await;
    assert!(answers.iter().all(|a| a.status == 409), "{:?}", answers.iter().map(|a| a.status).collect::<Vec<_>>());
    assert_eq!(app.portal(Method::GET, "/faults", &Value::Null).await.body["totalCount"], 3);
}
