//! IMS tokens and the gateway checks (SPEC §2.1–§2.3, §2.8.1): T0-01 to T0-04, unknown routes,
//! wrong methods and header handling.

use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{API_KEY, Answer, SECRET, TestApp};

/// A syntactically valid, unsigned-looking JWT (the emulator does not verify signatures).
const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE5MDAwMDAwMDAsImlzcyI6Ik9SR0BBZG9iZU9yZyJ9.c2lnbmF0dXJl";

fn assert_gateway_error(a: &Answer, status: u16, code: &str) {
    assert_eq!((a.status, a.code()), (status, code), "body: {}", a.text);
    let obj = a.body.as_object().expect("object body");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "message"], "gateway body has exactly code and message: {}", a.text);
    assert!(a.body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

/// Sends raw HTTP/1.1 bytes, so header spelling and the absence of `Accept` are under our control.
async fn raw(app: &TestApp, request: String) -> (u16, String) {
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn t0_01_token_via_form_and_basic() {
    let app = TestApp::spawn().await;
    let form = app
        .send(app.http.post(app.url("/ims/token/v3")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", API_KEY),
            ("client_secret", SECRET),
            ("scope", "openid,AdobeID,read_organizations"),
        ]))
        .await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(form.body["token_type"], "bearer");
    assert!(form.body["expires_in"].as_i64().is_some_and(|s| (86_000..=86_400).contains(&s)), "{}", form.text);

    let basic = app
        .send(
            app.http
                .post(app.url("/ims/token/v2"))
                .basic_auth(API_KEY, Some(SECRET))
                .form(&[("grant_type", "client_credentials"), ("scope", "openid,AdobeID,ent_vip_marketplace_sdk")]),
        )
        .await;
    assert_eq!(basic.status, 200, "{}", basic.text);
    assert_eq!(basic.body["token_type"], "bearer");
    let token = basic.body["access_token"].as_str().expect("token");
    assert_ne!(token, form.body["access_token"].as_str().expect("token"), "each call issues a new token");
    let ping =
        app.send(app.http.get(app.url("/partnerservice/ping")).header("x-api-key", API_KEY).bearer_auth(token)).await;
    assert_eq!((ping.status, ping.text.as_str()), (200, "pong"));
}

#[tokio::test]
async fn t0_01_bad_secret_is_invalid_client() {
    let app = TestApp::spawn().await;
    for (id, secret) in [(API_KEY, "wrong-secret"), ("unknown-client", SECRET)] {
        let a = app
            .send(app.http.post(app.url("/ims/token/v3")).form(&[
                ("grant_type", "client_credentials"),
                ("client_id", id),
                ("client_secret", secret),
            ]))
            .await;
        assert_eq!(a.status, 400, "{}", a.text);
        assert_eq!(a.body["error"], "invalid_client", "{}", a.text);
        assert!(a.body["error_description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(a.body.get("code").is_none(), "IMS errors are not in CPAPI shape: {}", a.text);
    }
    let basic = app
        .send(
            app.http
                .post(app.url("/ims/token"))
                .basic_auth(API_KEY, Some("nope"))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!((basic.status, &basic.body["error"]), (400, &Value::from("invalid_client")), "{}", basic.text);
}

#[tokio::test]
async fn t0_02_jwt_exchange_with_and_without_slash() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    for path in ["/ims/exchange/jwt/", "/ims/exchange/jwt"] {
        let a = app
            .send(app.http.post(app.url(path)).form(&[
                ("client_id", API_KEY),
                ("client_secret", SECRET),
                ("jwt_token", JWT),
            ]))
            .await;
        assert_eq!(a.status, 200, "{path}: {}", a.text);
        assert_eq!(a.body["token_type"], "bearer");
        let ms = a.body["expires_in"].as_i64().expect("expires_in");
        assert!((86_000_000..=86_400_000).contains(&ms), "expires_in is in milliseconds: {ms}");
        let token = a.body["access_token"].as_str().expect("access_token");
        let r = app
            .send(
                app.http
                    .get(app.url(&format!("/v3/resellers/{reseller}")))
                    .header("x-api-key", API_KEY)
                    .bearer_auth(token),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["resellerId"], reseller.as_str());
    }
}

#[tokio::test]
async fn t0_02_malformed_jwt_is_400() {
    let app = TestApp::spawn().await;
    for jwt in ["not-a-jwt", "only.two", ""] {
        let a = app
            .send(app.http.post(app.url("/ims/exchange/jwt/")).form(&[
                ("client_id", API_KEY),
                ("client_secret", SECRET),
                ("jwt_token", jwt),
            ]))
            .await;
        assert_eq!(a.status, 400, "{jwt:?}: {}", a.text);
        assert!(a.body["error"].as_str().is_some_and(|e| !e.is_empty()), "{}", a.text);
        assert!(a.body.get("access_token").is_none());
    }
    let bad_secret = app
        .send(app.http.post(app.url("/ims/exchange/jwt")).form(&[
            ("client_id", API_KEY),
            ("client_secret", "nope"),
            ("jwt_token", JWT),
        ]))
        .await;
    assert_eq!((bad_secret.status, &bad_secret.body["error"]), (400, &Value::from("invalid_client")));
}

#[tokio::test]
async fn t0_03_gateway_auth_errors() {
    let app = TestApp::spawn().await;
    let path = app.url("/v3/resellers");
    let no_key = app.send(app.http.get(&path).bearer_auth(&app.token)).await;
    assert_gateway_error(&no_key, 403, "4115");
    assert_eq!(no_key.body["message"], "Api Key is invalid or missing");

    let unknown_key = app.send(app.http.get(&path).header("x-api-key", "someone-else").bearer_auth(&app.token)).await;
    assert_gateway_error(&unknown_key, 403, "4115");

    let no_auth = app.send(app.http.get(&path).header("x-api-key", API_KEY)).await;
    assert_gateway_error(&no_auth, 403, "4117");
    assert_eq!(no_auth.body["message"], "Authorization token is missing");

    let junk = app.send(app.http.get(&path).header("x-api-key", API_KEY).header("Authorization", "Bearer junk")).await;
    assert_gateway_error(&junk, 401, "4116");
    assert_eq!(junk.body["message"], "Authorization token is invalid");

    // The API key is checked before the token, even on writes without a correlation id.
    let post_no_key = app.send(app.http.post(&path).header("Authorization", "Bearer junk").body("{")).await;
    assert_gateway_error(&post_no_key, 403, "4115");
    let post_junk = app.send(app.http.post(&path).header("x-api-key", API_KEY).bearer_auth("junk").body("{")).await;
    assert_gateway_error(&post_junk, 401, "4116");
}

#[tokio::test]
async fn t0_03_lowercase_scheme_accepted_bare_token_refused() {
    let app = TestApp::spawn().await;
    // Issue 20 item 8 overrides SPEC Q-AUTHHDR: a bare token is 4116, as at Adobe's gateway.
    let bare = app
        .send(app.http.get(app.url("/v3/resellers")).header("x-api-key", API_KEY).header("Authorization", &app.token))
        .await;
    assert_gateway_error(&bare, 401, "4116");
    for auth in [format!("bearer {}", app.token), format!("Bearer {}", app.token)] {
        let a = app
            .send(app.http.get(app.url("/v3/resellers")).header("x-api-key", API_KEY).header("Authorization", auth))
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
        assert_eq!(a.body["totalCount"], 0);
        assert!(a.body["accounts"].is_array());
    }
}

#[tokio::test]
async fn t0_03_portal_api_uses_the_same_gateway() {
    let app = TestApp::spawn().await;
    let no_auth = app.send(app.http.get(app.url("/portal/api/v1/clock")).header("x-api-key", API_KEY)).await;
    assert_gateway_error(&no_auth, 403, "4117");
    let no_key = app.send(app.http.get(app.url("/portal/api/v1/clock")).bearer_auth(&app.token)).await;
    assert_gateway_error(&no_key, 403, "4115");
    let ok = app.portal(Method::GET, "/clock", &Value::Null).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert!(ok.body["now"].is_string());
}

#[tokio::test]
async fn t0_04_ping() {
    let app = TestApp::spawn().await;
    let ping = app.send(app.http.get(app.url("/ping")).header("x-api-key", API_KEY)).await;
    assert_eq!((ping.status, ping.text.as_str()), (200, "pong"));
    let ct = ping.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(ct.starts_with("text/plain"), "content-type: {ct}");

    let no_key = app.send(app.http.get(app.url("/ping"))).await;
    assert_gateway_error(&no_key, 403, "4115");

    let auth_ping = app.get("/partnerservice/ping").await;
    assert_eq!((auth_ping.status, auth_ping.text.as_str()), (200, "pong"));
    let no_auth = app.send(app.http.get(app.url("/partnerservice/ping")).header("x-api-key", API_KEY)).await;
    assert_gateway_error(&no_auth, 403, "4117");
    let junk =
        app.send(app.http.get(app.url("/partnerservice/ping")).header("x-api-key", API_KEY).bearer_auth("junk")).await;
    assert_gateway_error(&junk, 401, "4116");
}

#[tokio::test]
async fn unknown_route_is_404_and_wrong_method_405() {
    let app = TestApp::spawn().await;
    for path in ["/v3/nothing-here", "/v2/customers", "/v3/Resellers"] {
        let a = app.get(path).await;
        assert_eq!((a.status, a.code()), (404, "404"), "{path}: {}", a.text);
        assert_eq!(a.body["message"], "Not Found");
    }
    for (method, path) in
        [(Method::DELETE, "/v3/resellers"), (Method::PUT, "/v3/customers/1005000001"), (Method::POST, "/ping")]
    {
        let a = app.send(app.authed(method.clone(), path).header("X-Correlation-Id", "c-405")).await;
        assert_eq!((a.status, a.code()), (405, "405"), "{method} {path}: {}", a.text);
        assert_eq!(a.body["message"], "Method Not Allowed");
    }
}

#[tokio::test]
async fn mixed_case_headers_without_accept_and_unknown_headers() {
    let app = TestApp::spawn().await;
    let reseller = app.create_reseller().await;
    let request = format!(
        "GET /v3/resellers/{reseller} HTTP/1.1\r\nHost: localhost\r\nX-API-KEY: {API_KEY}\r\n\
         AUTHORIZATION: Bearer {}\r\nX-Gw-Ims-Client-Id: someone\r\nx-gw-ims-authorization: whatever\r\n\
         Connection: close\r\n\r\n",
        app.token
    );
    let (status, body) = raw(&app, request).await;
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(body.trim()).unwrap_or_else(|_| {
        // Chunked encoding: take the JSON between the first '{' and the last '}'.
        let start = body.find('{').expect("json start");
        let end = body.rfind('}').expect("json end");
        serde_json::from_str(&body[start..=end]).expect("json")
    });
    assert_eq!(v["resellerId"], reseller.as_str());

    let ping = format!("GET /ping HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {API_KEY}\r\nConnection: close\r\n\r\n");
    let (status, body) = raw(&app, ping).await;
    assert_eq!((status, body.trim_end()), (200, "pong"));

    let with_gw =
        app.send(app.authed(Method::GET, "/v3/resellers").header("x-gw-ims-client-id", "another-client-id")).await;
    assert_eq!(with_gw.status, 200, "{}", with_gw.text);
}

#[tokio::test]
async fn expired_token_is_4116_and_ids_are_echoed() {
    let app = TestApp::spawn().await;
    let a = app.get("/v3/resellers").await;
    let generated = a.headers.get("x-request-id").and_then(|v| v.to_str().ok()).expect("x-request-id");
    assert_eq!(generated.len(), 36, "a UUID is generated when absent: {generated}");
    let echoed = app.send(app.authed(Method::GET, "/v3/resellers").header("X-Request-Id", "my-req-1")).await;
    assert_eq!(echoed.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("my-req-1"));

    let clock = app.portal(Method::POST, "/clock", &serde_json::json!({"advanceSeconds": 86_401})).await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert_gateway_error(&app.get("/v3/resellers").await, 401, "4116");
    let fresh = app.fetch_token().await;
    let ok = app
        .send(
            app.http
                .get(app.url("/v3/resellers"))
                .header("x-api-key", API_KEY)
                .header("Authorization", format!("Bearer {fresh}")),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn token_of_another_client_is_4116_and_distributors_are_isolated() {
    let app = TestApp::spawn().await;
    let boot = vipmp_server::Bootstrap {
        distributor_id: "5000000002".into(),
        client_id: "other-client".into(),
        client_secret: "other-secret".into(),
    };
    vipmp_server::bootstrap(&app.state.store, &boot).await.expect("second client");
    let other = app
        .send(app.http.post(app.url("/ims/token/v3")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "other-client"),
            ("client_secret", "other-secret"),
        ]))
        .await;
    let other_token = other.body["access_token"].as_str().expect("token").to_string();
    let reseller = app.create_reseller().await;
    let path = app.url(&format!("/v3/resellers/{reseller}"));

    let crossed = app.send(app.http.get(&path).header("x-api-key", API_KEY).bearer_auth(&other_token)).await;
    assert_gateway_error(&crossed, 401, "4116");
    let crossed = app.send(app.http.get(&path).header("x-api-key", "other-client").bearer_auth(&app.token)).await;
    assert_gateway_error(&crossed, 401, "4116");

    let foreign = app.send(app.http.get(&path).header("x-api-key", "other-client").bearer_auth(&other_token)).await;
    foreign.assert_error(404, "1115");
    let list = app
        .send(
            app.http
                .get(app.url("/v3/resellers?status=1002"))
                .header("x-api-key", "other-client")
                .bearer_auth(&other_token),
        )
        .await;
    assert_eq!((list.status, list.body["totalCount"].as_i64()), (200, Some(0)), "{}", list.text);
}
