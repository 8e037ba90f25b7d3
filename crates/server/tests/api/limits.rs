//! Request limits in Adobe's error shape (`413` on every write route, `414`, `431`, `504`), the
//! connection timeouts that keep slow clients from holding the server, the page-size caps,
//! and the age-based purge of the replay store and the request-id table.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vipmp_server::{CancellationToken, Transport};

use crate::helpers::{API_KEY, Answer, TestApp, unique};
use crate::routes::declared_routes;

/// Every POST/PATCH route: the scanned CPAPI and portal routes plus IMS and the HTML portal.
fn write_routes() -> Vec<(Method, String)> {
    let mut routes: Vec<(Method, String)> = declared_routes()
        .into_iter()
        .filter(|(m, _)| m == "POST" || m == "PATCH")
        .map(|(m, p)| (m.parse().expect("method"), p))
        .collect();
    for path in ["/ims/token/v3", "/ims/token/v2", "/ims/token", "/ims/exchange/jwt", "/portal/sign-in"] {
        routes.push((Method::POST, path.to_string()));
    }
    routes.push((Method::POST, "/portal/customers/{id}".to_string()));
    routes.push((Method::POST, "/portal/api-tools/{tool}".to_string()));
    routes
}

fn concrete(template: &str) -> String {
    template.split('/').map(|s| if s.starts_with('{') { "1000000001" } else { s }).collect::<Vec<_>>().join("/")
}

#[tokio::test]
async fn every_write_route_refuses_a_body_over_one_mebibyte_with_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat((1 << 20) + 1);
    let routes = write_routes();
    assert!(routes.len() >= 25, "{routes:?}");
    for (method, template) in routes {
        let path = concrete(&template);
        let request = app
            .authed(method.clone(), &path)
            .header("X-Correlation-Id", unique("big"))
            .header("Content-Type", "application/json")
            .body(big.clone());
        let a = app.send(request).await;
        a.assert_error(413, "413");
        assert!(a.text.contains("1048576"), "{method} {path}: {}", a.text);
    }
    // Exactly 1 MiB is still read (and then judged on its content).
    let body = format!("{{\"x\": \"{}\"}}", "y".repeat((1 << 20) - 9));
    assert_eq!(body.len(), 1 << 20);
    let request = app
        .authed(Method::POST, "/v3/resellers")
        .header("X-Correlation-Id", unique("edge"))
        .header("Content-Type", "application/json")
        .body(body);
    app.send(request).await.assert_error(400, "1121");
    let list = app.get("/v3/resellers?status=1002").await;
    assert_eq!(list.body["totalCount"], 0, "nothing was created: {}", list.text);
}

/// Sends raw bytes on a fresh connection and reads until the server closes or `within`.
async fn raw(base: &str, request: &[u8], within: Duration) -> String {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let _ = stream.write_all(request).await;
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    let deadline = Instant::now() + within;
    while let Ok(Ok(n)) = tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&out).to_string()
}

#[tokio::test]
async fn a_chunked_body_over_one_mebibyte_is_413_too() {
    let app = TestApp::spawn().await;
    let mut request = format!(
        "POST /v3/customers HTTP/1.1\r\nHost: x\r\nx-api-key: {API_KEY}\r\nAuthorization: Bearer {}\r\n\
         X-Correlation-Id: chunked-1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n",
        app.token
    )
    .into_bytes();
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..17 {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let answer = raw(&app.base, &request, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{}", &answer[..answer.len().min(300)]);
    assert!(answer.contains(r#""code":"413""#), "{answer}");
}

#[tokio::test]
async fn urls_over_8_kib_are_414_and_headers_over_32_kib_are_431() {
    let app = TestApp::spawn().await;
    let long = app.get(&format!("/v3/resellers?company-name={}", "a".repeat(8 * 1024))).await;
    long.assert_error(414, "414");
    let fits = app.get(&format!("/v3/resellers?company-name={}", "a".repeat(8 * 1024 - 40))).await;
    assert_eq!(fits.status, 200, "{}", fits.text);

    let filler = "h".repeat(33 * 1024);
    let big = app.send(app.authed(Method::GET, "/v3/resellers").header("x-filler", &filler)).await;
    big.assert_error(431, "431");
    let filler = "h".repeat(30 * 1024);
    let ok = app.send(app.authed(Method::GET, "/v3/resellers").header("x-filler", &filler)).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    // Unauthenticated requests meet the limit first: nothing is looked up for them.
    let anon = app.send(app.http.get(app.url(&format!("/v3/resellers?q={}", "a".repeat(9000))))).await;
    anon.assert_error(414, "414");

    // Beyond hyper's own limits (a head over its read buffer, more than 100 fields) the
    // connection gets a bare 431 or is closed; the server goes on serving.
    let huge = format!("GET /ping HTTP/1.1\r\nHost: x\r\nx-api-key: {API_KEY}\r\nx-f: {}\r\n\r\n", "h".repeat(600_000));
    let answer = raw(&app.base, huge.as_bytes(), Duration::from_secs(5)).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 431"), "{}", &answer[..answer.len().min(200)]);
    let many: String = (0..150).map(|i| format!("x-h{i}: v\r\n")).collect();
    let answer =
        raw(&app.base, format!("GET /ping HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes(), Duration::from_secs(5)).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 431"), "{answer}");
    let ping = app.send(app.http.get(app.url("/ping")).header("x-api-key", API_KEY)).await;
    assert_eq!((ping.status, ping.text.as_str()), (200, "pong"));
}

/// A second listener over the test app's state with short timeouts.
async fn short_timeouts(app: &TestApp, header: Duration, request: Duration) -> (String, CancellationToken) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let shutdown = CancellationToken::new();
    let transport = Transport { header_read_timeout: header, request_timeout: request, ..Transport::default() };
    tokio::spawn(vipmp_server::serve_with(listener, app.state.clone(), transport, shutdown.clone()));
    (base, shutdown)
}

/// Waits until the server closes `stream` (EOF or reset); returns how long that took.
async fn closed_after(mut stream: TcpStream, started: Instant, limit: Duration) -> Option<Duration> {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn slow_and_silent_clients_are_disconnected_while_others_are_served() {
    let app = TestApp::spawn().await;
    let (base, shutdown) = short_timeouts(&app, Duration::from_secs(1), Duration::from_secs(30)).await;
    let addr = base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    let mut stalled = Vec::new();
    for opening in [&b""[..], b"GET /ping HT", b"P", b"PRI * HTTP/2.0\r\n"] {
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        s.write_all(opening).await.expect("write");
        stalled.push(s);
    }
    // A keep-alive connection that has had its answer and then goes quiet.
    let mut idle = TcpStream::connect(&addr).await.expect("connect");
    idle.write_all(format!("GET /ping HTTP/1.1\r\nHost: x\r\nx-api-key: {API_KEY}\r\n\r\n").as_bytes())
        .await
        .expect("w");
    let mut buf = [0u8; 512];
    let n = idle.read(&mut buf).await.expect("read");
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    stalled.push(idle);

    // Meanwhile everybody else is served at once.
    let http = reqwest::Client::new();
    let mut served = 0;
    while started.elapsed() < Duration::from_millis(800) {
        let t = Instant::now();
        let r = http.get(format!("{base}/ping")).header("x-api-key", API_KEY).send().await.expect("ping");
        assert_eq!(r.status().as_u16(), 200);
        assert!(t.elapsed() < Duration::from_millis(700), "a normal request waited {:?}", t.elapsed());
        served += 1;
    }
    // Served while every stalled connection was still open (they close at 1 s).
    assert!(served >= 3, "{served}");
    for (i, s) in stalled.into_iter().enumerate() {
        let after = closed_after(s, started, Duration::from_secs(5)).await;
        let after = after.unwrap_or_else(|| panic!("connection {i} was still open 5 s after its timeout"));
        assert!(after >= Duration::from_millis(900) && after < Duration::from_secs(4), "connection {i}: {after:?}");
    }
    shutdown.cancel();
}

#[tokio::test]
async fn a_request_that_outlives_the_request_timeout_is_504_and_rolled_back() {
    let app = TestApp::spawn().await;
    let (base, shutdown) = short_timeouts(&app, Duration::from_secs(10), Duration::from_secs(1)).await;
    let writer = app.state.store.begin().await.expect("hold the writer");
    let started = Instant::now();
    let send = || {
        app.http
            .post(format!("{base}/v3/resellers"))
            .header("x-api-key", API_KEY)
            .bearer_auth(&app.token)
            .header("X-Correlation-Id", "slow-1")
            .json(&app.reseller_body())
    };
    let a = app.send(send()).await;
    a.assert_error(504, "504");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    drop(writer);
    // The timed-out attempt left nothing behind: the retry with the same correlation id runs.
    let retry = app.send(send()).await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    shutdown.cancel();
}

#[tokio::test]
async fn page_sizes_are_capped() {
    let app = TestApp::spawn().await;
    let (_, customer) = app.active_customer().await;
    let body = json!({"orderType": "NEW", "currencyCode": "USD",
        "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}]});
    let path = format!("/v3/customers/{customer}/orders");
    let placed = futures::future::join_all((0..101).map(|_| app.post(&path, &body))).await;
    assert!(placed.iter().all(|a| a.status == 202), "{:?}", placed.iter().find(|a| a.status != 202));
    let page = app.get(&format!("{path}?limit=1000")).await;
    assert_eq!((page.body["limit"].as_i64(), page.body["count"].as_i64()), (Some(100), Some(100)), "{}", page.text);
    assert_eq!(page.body["totalCount"], 101);
    assert!(page.body["links"]["next"]["uri"].as_str().is_some_and(|u| u.contains("offset=100&limit=100")));

    app.get("/v3/resellers?limit=51").await.assert_error(400, "1132");
    assert_eq!(app.get("/v3/resellers?limit=50").await.status, 200);
    let portal = |q: &'static str| app.portal(Method::GET, q, &Value::Null);
    portal("/customers?pageSize=101").await.assert_error(400, "P400");
    portal("/orders?pageSize=1000").await.assert_error(400, "P400");
    portal("/resellers?page=1000001").await.assert_error(400, "P400");
    let orders: Answer = portal("/orders?pageSize=100").await;
    assert_eq!(orders.body["items"].as_array().map(Vec::len), Some(100), "{}", orders.text);
}

async fn send(app: &TestApp, correlation: &str, request_id: &str) -> Answer {
    let request = app
        .authed(Method::POST, "/v3/resellers")
        .header("X-Correlation-Id", correlation)
        .header("X-Request-Id", request_id)
        .json(&app.reseller_body());
    app.send(request).await
}

#[tokio::test]
async fn replay_records_and_request_ids_are_purged_after_the_idempotency_window() {
    let mut app = TestApp::spawn().await;
    let first = send(&app, "old-corr", "old-req").await;
    assert_eq!(first.status, 201, "{}", first.text);
    let old_id = first.body["resellerId"].clone();
    assert_eq!(send(&app, "old-corr", "other-req").await.body["resellerId"], old_id, "a replay");
    send(&app, "new-corr", "old-req").await.assert_error(400, "4120");

    let days = 11 * 86_400;
    let moved = app.portal(Method::POST, "/clock", &json!({"advanceSeconds": days})).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    app.token = app.fetch_token().await;
    let young = send(&app, "young-corr", "young-req").await;
    assert_eq!(young.status, 201, "{}", young.text);
    let expiry = app.portal(Method::POST, "/jobs/run", &json!({"job": "expiry"})).await;
    // The old key's replay record and the old request id (a replay and a 4120 record nothing).
    assert_eq!(expiry.body["expiry"]["purged"], 2, "{}", expiry.text);

    // The old key and request id are free again; the young ones still hold.
    let again = send(&app, "old-corr", "old-req").await;
    assert_eq!(again.status, 201, "{}", again.text);
    assert_ne!(again.body["resellerId"], old_id, "a new reseller, not a replay");
    let replay = send(&app, "young-corr", "another-req").await;
    assert_eq!(replay.body["resellerId"], young.body["resellerId"], "{}", replay.text);
    send(&app, "fresh-corr", "young-req").await.assert_error(400, "4120");
    let none = app.portal(Method::POST, "/jobs/run", &json!({"job": "expiry"})).await;
    assert_eq!(none.body["expiry"]["purged"], 0, "nothing young is purged: {}", none.text);
}
