//! Correlation ids, replay and request ids (SPEC §2.3, §2.4): T0-05 to T0-07, replayed
//! errors, per-path keys and concurrent duplicates.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp, unique};

/// A write with the given correlation and request ids.
async fn write(app: &TestApp, method: Method, path: &str, corr: &str, req: &str, body: &Value) -> Answer {
    app.send(app.authed(method, path).header("X-Correlation-Id", corr).header("X-Request-Id", req).json(body)).await
}

/// The ids of every customer (active or pending) of a reseller.
async fn customer_ids(app: &TestApp, reseller: &str) -> Vec<String> {
    let list = app.get(&format!("/v3/resellers/{reseller}/customers?status=1000&status=1002&limit=50")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.body["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["customerId"].as_str().expect("customerId").to_string())
        .collect()
}

#[tokio::test]
async fn t0_05_correlation_id_required_on_writes_only() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let body = app.customer_body(&reseller);
    let missing =
        app.send(app.authed(Method::POST, "/v3/customers").header("X-Request-Id", unique("r")).json(&body)).await;
    missing.assert_error(400, "4119");
    assert_eq!(missing.body["message"], "Correlation ID is Invalid or Missing");
    let empty = app.send(app.authed(Method::POST, "/v3/customers").header("X-Correlation-Id", "").json(&body)).await;
    empty.assert_error(400, "4119");
    let too_long = app
        .send(
            app.authed(Method::PATCH, &format!("/v3/resellers/{reseller}")).header("X-Correlation-Id", "x".repeat(256)),
        )
        .await;
    too_long.assert_error(400, "4119");
    assert!(customer_ids(&app, &reseller).await.is_empty(), "nothing was created");

    let max = write(&app, Method::POST, "/v3/customers", &"c".repeat(255), &unique("req"), &body).await;
    assert_eq!(max.status, 201, "255 printable characters are accepted: {}", max.text);
    let customer = max.body["customerId"].as_str().expect("customerId").to_string();
    let postman = write(&app, Method::POST, "/v3/resellers", "12345", &unique("req"), &app.reseller_body()).await;
    assert_eq!(postman.status, 201, "{}", postman.text);
    let get = app.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(get.status, 200, "{}", get.text);
    assert_eq!(get.body["customerId"], customer.as_str());
    let list = app.get("/v3/resellers?status=1002").await;
    assert_eq!((list.status, list.body["totalCount"].as_i64()), (200, Some(2)), "{}", list.text);
}

#[tokio::test]
async fn t0_06_same_correlation_id_replays_the_customer() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let body = app.customer_body(&reseller);
    let corr = unique("corr");
    let first = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &body).await;
    let second = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &body).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(first.text, second.text, "byte-identical replay");
    assert_eq!(first.body["status"], "1002");
    let id = first.body["customerId"].as_str().expect("customerId");
    assert_eq!(customer_ids(&app, &reseller).await, [id]);
    // The replay is the original answer even after the customer changed.
    app.run_jobs().await;
    let third = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &body).await;
    assert_eq!((third.status, third.text.as_str()), (201, first.text.as_str()));
    assert_eq!(app.get(&format!("/v3/customers/{id}")).await.body["status"], "1000");
    // Replays do not compare bodies: a different payload with the same id still replays.
    let other = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &app.customer_body(&reseller)).await;
    assert_eq!(other.text, first.text);
    assert_eq!(customer_ids(&app, &reseller).await.len(), 1);
}

#[tokio::test]
async fn t0_06_same_correlation_id_replays_the_reseller() {
    let app = TestApp::spawn().await;
    let body = app.reseller_body();
    let corr = unique("corr");
    let first = write(&app, Method::POST, "/v3/resellers", &corr, &unique("req"), &body).await;
    let second = write(&app, Method::POST, "/v3/resellers", &corr, &unique("req"), &body).await;
    assert_eq!((first.status, second.status), (201, 201), "{}", first.text);
    assert_eq!(first.text, second.text);
    let list = app.get("/v3/resellers?status=1000&status=1002").await;
    assert_eq!(list.body["totalCount"], 1, "{}", list.text);
    assert_eq!(list.body["accounts"][0]["resellerId"], first.body["resellerId"]);
    let echoed = second.headers.get("x-correlation-id").and_then(|v| v.to_str().ok());
    assert_eq!(echoed, Some(corr.as_str()));
}

#[tokio::test]
async fn t0_07_reused_request_id_with_new_correlation_id_is_4120() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let req = unique("req");
    let first = write(&app, Method::POST, "/v3/customers", &unique("corr"), &req, &app.customer_body(&reseller)).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let dup = write(&app, Method::POST, "/v3/customers", &unique("corr"), &req, &app.customer_body(&reseller)).await;
    dup.assert_error(400, "4120");
    assert_eq!(dup.body["message"], "Duplicate request id, same requestId has already been processed");
    // Any mutating endpoint shares the request-id space of the client.
    let other_path = write(&app, Method::POST, "/v3/resellers", &unique("corr"), &req, &app.reseller_body()).await;
    other_path.assert_error(400, "4120");
    assert_eq!(customer_ids(&app, &reseller).await.len(), 1);
    // A failed request's id counts as seen too.
    let bad_req = unique("req");
    let bad = write(&app, Method::POST, "/v3/customers", &unique("corr"), &bad_req, &json!({"foo": 1})).await;
    bad.assert_error(400, "1121");
    let again =
        write(&app, Method::POST, "/v3/customers", &unique("corr"), &bad_req, &app.customer_body(&reseller)).await;
    again.assert_error(400, "4120");
    // GETs never check request ids.
    for _ in 0..2 {
        let get = app.send(app.authed(Method::GET, "/v3/resellers?status=1002").header("X-Request-Id", &req)).await;
        assert_eq!(get.status, 200, "{}", get.text);
    }
}

#[tokio::test]
async fn a_4xx_answer_is_replayed_too() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let corr = unique("corr");
    let mut body = app.customer_body(&reseller);
    body["companyProfile"]["contacts"][0]["email"] = json!("not-an-email");
    let first = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &body).await;
    first.assert_error(400, "1117");
    assert!(first.has_detail("companyProfile.contacts[0].email"), "{}", first.text);
    let fixed = app.customer_body(&reseller);
    let retry = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &fixed).await;
    assert_eq!((retry.status, retry.text.as_str()), (400, first.text.as_str()), "the old 400 comes back");
    assert!(customer_ids(&app, &reseller).await.is_empty());
    let fresh = write(&app, Method::POST, "/v3/customers", &unique("corr"), &unique("req"), &fixed).await;
    assert_eq!(fresh.status, 201, "{}", fresh.text);
    assert_eq!(customer_ids(&app, &reseller).await.len(), 1);
}

#[tokio::test]
async fn a_gateway_failure_is_not_replayed() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let corr = unique("corr");
    let body = app.customer_body(&reseller);
    let denied = app
        .send(
            app.http
                .post(app.url("/v3/customers"))
                .header("x-api-key", crate::helpers::API_KEY)
                .bearer_auth("junk")
                .header("X-Correlation-Id", &corr)
                .json(&body),
        )
        .await;
    assert_eq!((denied.status, denied.code()), (401, "4116"), "{}", denied.text);
    let ok = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &body).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
}

#[tokio::test]
async fn same_correlation_id_on_another_path_is_another_key() {
    let app = TestApp::spawn().await;
    let corr = unique("corr");
    let r = write(&app, Method::POST, "/v3/resellers", &corr, &unique("req"), &app.reseller_body()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reseller = r.body["resellerId"].as_str().expect("resellerId").to_string();
    let c = write(&app, Method::POST, "/v3/customers", &corr, &unique("req"), &app.customer_body(&reseller)).await;
    assert_eq!(c.status, 201, "{}", c.text);
    assert!(c.body["customerId"].is_string(), "a customer, not the replayed reseller: {}", c.text);
    let c2 = app.create_customer(&reseller).await;
    app.run_jobs().await;

    // The same correlation id on two customers' PATCH routes updates both.
    let c1 = c.body["customerId"].as_str().expect("customerId").to_string();
    let patch_corr = unique("corr");
    for (id, ext) in [(&c1, "ext-one"), (&c2, "ext-two")] {
        let a = write(
            &app,
            Method::PATCH,
            &format!("/v3/customers/{id}"),
            &patch_corr,
            &unique("req"),
            &json!({"externalReferenceId": ext}),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text);
        assert_eq!(
            (a.body["customerId"].as_str(), a.body["externalReferenceId"].as_str()),
            (Some(id.as_str()), Some(ext))
        );
    }
    assert_eq!(app.get(&format!("/v3/customers/{c1}")).await.body["externalReferenceId"], "ext-one");
    assert_eq!(app.get(&format!("/v3/customers/{c2}")).await.body["externalReferenceId"], "ext-two");
}

#[tokio::test]
async fn twenty_concurrent_duplicates_create_one_customer() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let body = app.customer_body(&reseller);
    let corr = unique("corr");
    let request_ids: Vec<String> = (0..20).map(|_| unique("req")).collect();
    let answers = futures::future::join_all(
        request_ids.iter().map(|req| write(&app, Method::POST, "/v3/customers", &corr, req, &body)),
    )
    .await;
    let first = &answers[0];
    assert_eq!(first.status, 201, "{}", first.text);
    for a in &answers {
        assert_eq!((a.status, a.text.as_str()), (201, first.text.as_str()));
    }
    let id = first.body["customerId"].as_str().expect("customerId");
    assert_eq!(customer_ids(&app, &reseller).await, [id]);
}

#[tokio::test]
async fn request_ids_stopped_at_4119_or_replayed_are_not_recorded() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let body = app.customer_body(&reseller);
    let req = unique("req");
    let stopped = app.send(app.authed(Method::POST, "/v3/customers").header("X-Request-Id", &req).json(&body)).await;
    stopped.assert_error(400, "4119");
    let corr = unique("corr");
    let first = write(&app, Method::POST, "/v3/customers", &corr, &req, &body).await;
    assert_eq!(first.status, 201, "a request id stopped at 4119 was not recorded: {}", first.text);
    // A replay is answered before the request id is looked at, even with the same request id.
    let replay = write(&app, Method::POST, "/v3/customers", &corr, &req, &body).await;
    assert_eq!((replay.status, replay.text.as_str()), (201, first.text.as_str()));
    let replay_req = unique("req");
    let replay2 = write(&app, Method::POST, "/v3/customers", &corr, &replay_req, &body).await;
    assert_eq!(replay2.text, first.text);
    let after = write(&app, Method::POST, "/v3/customers", &unique("corr"), &replay_req, &body).await;
    assert_eq!(after.status, 201, "a replayed request's id was not recorded: {}", after.text);
    assert_eq!(customer_ids(&app, &reseller).await.len(), 2);
}
