//! Issue 20, items 2–4: the virtual clock stays within 2000-01-01..2199-12-31 and moves at most
//! 10 years at once (every form is `400 P400` naming the limit, never a panic), a stored clock
//! outside the range reads clamped, a clock move is one transaction that a timeout rolls back,
//! and a handler that panics answers `500 1124` in Adobe's shape.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use vipmp_core::clock::ClockState;
use vipmp_server::{CancellationToken, Transport};

use crate::helpers::{DISTRIBUTOR_ID, TestApp};
use crate::time_travel::freeze;

const START: &str = "2026-03-10T12:00:00Z";

async fn clock_now(app: &TestApp) -> String {
    let a = app.portal(Method::GET, "/clock", &Value::Null).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.body["now"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn clock_moves_outside_the_range_or_over_ten_years_are_p400_naming_the_limit() {
    let mut app = TestApp::spawn().await;
    freeze(&app, START).await;
    let range = "2199-12-31T23:59:59Z";
    let ten = "at most 10 years";
    let refused = [
        (json!({"set": "9999-12-31"}), range),
        (json!({"set": "2200-01-01T00:00:00Z"}), range),
        (json!({"advance": "P9999Y"}), range),
        (json!({"advance": "P4294967295Y"}), range),
        (json!({"advance": "PT9223372036854775807S"}), range),
        (json!({"advance": "P11Y"}), ten),
        (json!({"advance": "10y1d"}), ten),
        (json!({"advanceSeconds": i64::MAX}), range),
        (json!({"advanceSeconds": 400_000_000}), ten),
        (json!({"offsetSeconds": i64::MAX}), range),
        (json!({"offsetSeconds": i64::MIN}), "2000-01-01T00:00:00Z"),
        (json!({"offsetSeconds": -15 * 366 * 86_400}), ten),
        (json!({"frozenAt": "1999-12-31T23:59:59Z"}), "2000-01-01T00:00:00Z"),
        (json!({"frozenAt": "2036-03-10T12:00:01Z"}), ten),
        (json!({"frozenAt": "2015-03-10T11:59:59Z"}), ten),
    ];
    for (body, limit) in refused {
        let a = app.portal(Method::POST, "/clock", &body).await;
        a.assert_error(400, "P400");
        assert!(a.text.contains(limit), "{body}: {}", a.text);
        assert_eq!(clock_now(&app).await, START, "{body} moved the clock");
    }
    // The limits themselves are accepted, and the tenant keeps working.
    let a = app.portal(Method::POST, "/clock", &json!({"advance": "P10Y"})).await;
    assert_eq!((a.status, a.body["now"].as_str()), (200, Some("2036-03-10T12:00:00Z")), "{}", a.text);
    app.token = app.fetch_token().await;
    let a = app.portal(Method::POST, "/clock", &json!({"frozenAt": "2026-03-10T12:00:00Z"})).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let r = app.create_reseller().await;
    assert_eq!(app.get(&format!("/v3/resellers/{r}")).await.status, 200);
}

#[tokio::test]
async fn a_stored_clock_outside_the_range_reads_clamped_and_can_be_moved_back() {
    let mut app = TestApp::spawn().await;
    let r = app.create_reseller().await;
    for (stored, reads) in [
        (ClockState { offset_seconds: i64::MAX, frozen_at: None }, "2199-12-31T23:59:59Z"),
        (ClockState { offset_seconds: i64::MIN, frozen_at: None }, "2000-01-01T00:00:00Z"),
        (
            ClockState { offset_seconds: 0, frozen_at: vipmp_core::dates::parse_date_or_datetime("9999-12-31") },
            "2199-12-31T23:59:59Z",
        ),
    ] {
        let mut tx = app.state.store.begin().await.expect("begin");
        tx.control().put_clock(DISTRIBUTOR_ID, &stored).await.expect("put");
        tx.commit().await.expect("commit");
        app.state.control.forget(DISTRIBUTOR_ID);
        app.token = app.fetch_token().await;
        assert_eq!(clock_now(&app).await, reads, "{stored:?}");
        let a = app.get(&format!("/v3/resellers/{r}")).await;
        assert_eq!(a.status, 200, "{stored:?}: {}", a.text);
        // Any instant within the range repairs it, however far.
        let a = app.portal(Method::POST, "/clock", &json!({"frozenAt": START})).await;
        assert_eq!((a.status, a.body["now"].as_str()), (200, Some(START)), "{}", a.text);
    }
}

/// The time machine under a short request deadline: many customers whose anniversaries are
/// spread over the year, advanced ten years, cannot finish in 300 ms. The answer is `504` and
/// nothing of the move is kept: the clock, the renewal orders and the renewals are as before.
#[tokio::test]
async fn a_clock_move_that_times_out_keeps_nothing() {
    use vipmp_core::service::seed;
    let app = TestApp::spawn().await;
    freeze(&app, "2026-01-01T12:00:00Z").await;
    let now = vipmp_core::dates::parse_date_or_datetime("2026-01-01T12:00:00Z").expect("instant");
    let first = vipmp_core::dates::parse_date("2026-01-02").expect("date");
    let mut tx = app.state.store.begin().await.expect("begin");
    let reseller = seed::reseller(&mut *tx, DISTRIBUTOR_ID, now, 0).await.expect("reseller");
    let mut customers = Vec::new();
    for n in 0..400 {
        let renewal_date = first + chrono::Duration::days(n % 365);
        let s = seed::CustomerSeed {
            distributor_id: DISTRIBUTOR_ID,
            reseller_id: &reseller.id,
            now,
            seats: 10,
            renewal_date,
        };
        customers.push(seed::customer(&mut *tx, &s, n).await.expect("customer"));
    }
    tx.commit().await.expect("commit");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let shutdown = CancellationToken::new();
    let transport = Transport { request_timeout: Duration::from_millis(300), ..Transport::default() };
    tokio::spawn(vipmp_server::serve_with(listener, app.state.clone(), transport, shutdown.clone()));
    let request = app
        .http
        .post(format!("{base}/portal/api/v1/clock"))
        .header("x-api-key", crate::helpers::API_KEY)
        .bearer_auth(&app.token)
        .json(&json!({"advance": "P10Y"}));
    let a = app.send(request).await;
    a.assert_error(504, "504");

    // Wait for the dropped move to let go of the time lock, then look.
    let _serial = app.state.control.time_lock.lock().await;
    app.state.control.forget(DISTRIBUTOR_ID);
    assert_eq!(clock_now(&app).await, "2026-01-01T12:00:00Z");
    let c = &customers[0];
    let orders = app.get(&format!("/v3/customers/{}/orders?order-type=RENEWAL&start-date=2000-01-01", c.id)).await;
    assert_eq!((orders.status, orders.body["totalCount"].as_i64()), (200, Some(0)), "{}", orders.text);
    let subs = app.get(&format!("/v3/customers/{}/subscriptions", c.id)).await;
    assert!(subs.text.contains("2026-01-02"), "the renewal date moved: {}", subs.text);
    // Last: stopping the second listener closes the shared store.
    shutdown.cancel();
}

async fn boom() -> &'static str {
    panic!("TimeDelta::seconds out of bounds")
}

/// A handler that panics answers `500 1124` in Adobe's shape instead of dropping the
/// connection; the server keeps serving.
#[tokio::test]
async fn a_panicking_handler_answers_500_1124() {
    let router = axum::Router::new()
        .route("/boom", axum::routing::get(boom))
        .route("/ok", axum::routing::get(|| async { "fine" }));
    let router = vipmp_server::kernel::panics::catch(router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::new();
    let r = http.get(format!("{base}/boom")).send().await.expect("an answer, not a dropped connection");
    assert_eq!(r.status(), 500);
    assert_eq!(r.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["code"], "1124", "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["additionalDetails"].is_array() && body["invalidFields"].is_array(), "{body}");
    let ok = http.get(format!("{base}/ok")).send().await.expect("ok");
    assert_eq!(ok.status(), 200);
}

/// Dates a client sets (cotermDate, 3YC terms, an order's creationDate, a forecast's `at`) at
/// the ends of the calendar are either refused (`400 P400`, `409 P409`) or kept; nothing answers 500 or
/// drops the connection, and the tenant keeps working after them.
#[tokio::test]
async fn client_dates_at_the_ends_of_the_calendar_never_break_the_tenant() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (order, _) = app.completed_order(&c, "65304479CA01A12", 10).await;
    let enrolled = app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &Value::Null).await;
    assert_eq!(enrolled.status, 200, "{}", enrolled.text);
    let edits = [
        (Method::PATCH, format!("/customers/{c}"), json!({"cotermDate": "9999-12-31"})),
        (Method::PATCH, format!("/customers/{c}"), json!({"cotermDate": "0001-01-01"})),
        (
            Method::PATCH,
            format!("/customers/{c}/three-year-commit"),
            json!({"startDate": "0001-01-01", "endDate": "9999-12-31"}),
        ),
        (Method::PATCH, format!("/orders/{order}"), json!({"creationDate": "0001-01-01"})),
        (Method::PATCH, format!("/orders/{order}"), json!({"creationDate": "9999-12-31T23:59:59Z"})),
        (Method::GET, format!("/customers/{c}/renewal-forecast?at=9999-12-31"), Value::Null),
    ];
    for (method, path, body) in edits {
        let a = app.portal(method.clone(), &path, &body).await;
        assert!(
            a.status == 200 || matches!(a.code(), "P400" | "P409"),
            "{method} {path} {body}: {} {}",
            a.status,
            a.text
        );
        for read in [
            format!("/v3/customers/{c}"),
            format!("/v3/customers/{c}/subscriptions"),
            format!("/v3/customers/{c}/orders"),
        ] {
            let r = app.get(&read).await;
            assert_eq!(r.status, 200, "after {path} {body}: {read}: {}", r.text);
        }
        let jobs = app.portal(Method::POST, "/jobs/run", &json!({"kind": "all"})).await;
        assert_eq!(jobs.status, 200, "after {path} {body}: {}", jobs.text);
        let advanced = app.portal(Method::POST, "/clock", &json!({"advance": "PT1H"})).await;
        assert_eq!(advanced.status, 200, "after {path} {body}: {}", advanced.text);
    }
}
