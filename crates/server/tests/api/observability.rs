//! `/metrics` (on its own listener only) and the per-request headers.

use crate::helpers::{API_KEY, TestApp};

#[tokio::test]
async fn metrics_count_requests_per_route_and_status() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.status, 200);
    assert_eq!(app.get("/v3/customers/1999999999").await.status, 404);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let metrics_url = format!("http://{}/metrics", listener.local_addr().expect("addr"));
    let stop = vipmp_server::CancellationToken::new();
    tokio::spawn(vipmp_server::kernel::observe::serve_metrics(listener, app.state.clone(), stop.clone()));
    let m = app.send(app.http.get(&metrics_url)).await;
    assert_eq!(m.status, 200);
    let line = m
        .text
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total")
                && l.contains(r#"route="/v3/customers/{customer_id}""#)
                && l.contains(r#"status="404""#)
        })
        .unwrap_or_else(|| panic!("no counter for the 404 in:\n{}", m.text));
    let count: f64 = line.rsplit(' ').next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
    assert!(count >= 1.0, "{line}");
    assert!(m.text.contains("http_request_duration_seconds_bucket"), "latency histogram");
    assert!(m.text.contains(r#"db_pool_connections{state="open"}"#), "pool gauge:\n{}", m.text);
    // The public listener does not serve it, not even to a valid API key (issue 20, item 9).
    let public = app.send(app.http.get(app.url("/metrics")).header("x-api-key", API_KEY)).await;
    assert_eq!(public.status, 404, "{}", public.text);
    assert!(!public.text.contains("http_requests_total"), "{}", public.text);
    stop.cancel();
}
