//! Issue 20, items 7 and 8, from outside: strict auth as Adobe's gateway does it (a token only
//! as `Bearer`, `grant_type` required, failed secrets throttled) and the security headers of
//! every portal page.

use reqwest::header::RETRY_AFTER;

use crate::helpers::{API_KEY, SECRET, TestApp};

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn hidden_csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap_or("").to_string()
}

async fn sign_in(app: &TestApp, http: &reqwest::Client, secret: &str) -> reqwest::Response {
    let page = http.get(app.url("/portal")).send().await.expect("sign-in page").text().await.expect("html");
    let csrf = hidden_csrf(&page);
    let form = [("csrf", csrf.as_str()), ("client_id", API_KEY), ("client_secret", secret)];
    http.post(app.url("/portal/sign-in")).form(&form).send().await.expect("sign in")
}

async fn token(app: &TestApp, secret: &str) -> crate::helpers::Answer {
    let form = [("grant_type", "client_credentials"), ("client_id", API_KEY), ("client_secret", secret)];
    app.send(app.http.post(app.url("/ims/token/v3")).form(&form)).await
}

#[tokio::test]
async fn a_token_without_the_bearer_scheme_is_refused() {
    let app = TestApp::spawn().await;
    let get = |auth: String| {
        app.http.get(app.url("/v3/resellers/1000000001")).header("x-api-key", API_KEY).header("Authorization", auth)
    };
    for auth in [app.token.clone(), format!("Token {}", app.token), format!("Basic {}", app.token), "Bearer ".into()] {
        let a = app.send(get(auth.clone())).await;
        assert_eq!((a.status, a.code()), (401, "4116"), "{auth}: {}", a.text);
    }
    for auth in [format!("Bearer {}", app.token), format!("bearer {}", app.token)] {
        let a = app.send(get(auth.clone())).await;
        assert_ne!(a.status, 401, "{auth}: {}", a.text);
        assert_ne!(a.code(), "4116", "{auth}: {}", a.text);
    }
    let portal = app
        .send(
            app.http
                .get(app.url("/portal/api/v1/clock"))
                .header("x-api-key", API_KEY)
                .header("Authorization", app.token.clone()),
        )
        .await;
    assert_eq!((portal.status, portal.code()), (401, "4116"), "{}", portal.text);
}

#[tokio::test]
async fn ims_refuses_a_token_request_without_grant_type() {
    let app = TestApp::spawn().await;
    for path in ["/ims/token/v3", "/ims/token/v2", "/ims/token"] {
        let a = app.send(app.http.post(app.url(path)).form(&[("client_id", API_KEY), ("client_secret", SECRET)])).await;
        assert_eq!(a.status, 400, "{path}: {}", a.text);
        assert_eq!(a.body["error"], "invalid_request", "{path}: {}", a.text);
        assert!(a.body["error_description"].as_str().is_some_and(|d| d.contains("grant_type")), "{}", a.text);
        assert!(a.body.get("access_token").is_none() && a.body.get("code").is_none(), "{}", a.text);
        let basic = app.send(app.http.post(app.url(path)).basic_auth(API_KEY, Some(SECRET)).body("")).await;
        assert_eq!((basic.status, &basic.body["error"]), (400, &"invalid_request".into()), "{}", basic.text);
    }
    assert_eq!(token(&app, SECRET).await.status, 200);
}

#[tokio::test]
async fn ten_wrong_secrets_in_a_minute_throttle_ims() {
    let app = TestApp::spawn().await;
    for n in 0..10 {
        let a = token(&app, "wrong-secret").await;
        assert_eq!((a.status, &a.body["error"]), (400, &"invalid_client".into()), "attempt {n}: {}", a.text);
    }
    // The 11th attempt is refused even with the right secret, and says when to come back.
    let a = token(&app, SECRET).await;
    assert_eq!(a.status, 429, "{}", a.text);
    assert_eq!(a.body["error"], "too_many_requests", "{}", a.text);
    assert!(a.body.get("access_token").is_none(), "{}", a.text);
    let wait: u64 = a.headers[RETRY_AFTER].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let jwt = [("client_id", API_KEY), ("client_secret", SECRET), ("jwt_token", "a.b.c")];
    assert_eq!(app.send(app.http.post(app.url("/ims/exchange/jwt")).form(&jwt)).await.status, 429);
    // Another client id is not affected.
    let other = [("grant_type", "client_credentials"), ("client_id", "someone-else"), ("client_secret", "x")];
    let o = app.send(app.http.post(app.url("/ims/token/v3")).form(&other)).await;
    assert_eq!((o.status, &o.body["error"]), (400, &"invalid_client".into()), "{}", o.text);
}

#[tokio::test]
async fn ten_wrong_secrets_in_a_minute_throttle_the_portal_sign_in() {
    let app = TestApp::spawn().await;
    let http = browser();
    for n in 0..10 {
        let r = sign_in(&app, &http, "wrong").await;
        assert_eq!(r.status(), 200, "attempt {n}");
    }
    let r = sign_in(&app, &http, SECRET).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()[RETRY_AFTER].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(!r.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap_or("").starts_with("vipmp_session=")));
    let html = r.text().await.expect("html");
    assert!(html.contains("Too many failed sign-ins"), "{html}");
    // IMS shares the count: the client id is throttled there too.
    assert_eq!(token(&app, SECRET).await.status, 429);
}

/// The headers issue 20 asks of every portal page.
fn assert_security_headers(what: &str, headers: &reqwest::header::HeaderMap) {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let csp = get("content-security-policy");
    for directive in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
        assert!(csp.contains(directive), "{what}: CSP {csp:?} lacks {directive}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{what}: {csp}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
    assert!(headers.get("strict-transport-security").is_none(), "{what}: no HSTS over plain HTTP");
}

#[tokio::test]
async fn every_portal_page_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let http = browser();
    let first = http.get(app.url("/portal")).send().await.expect("sign-in page");
    assert_security_headers("/portal", first.headers());
    let signed = sign_in(&app, &http, SECRET).await;
    assert_eq!(signed.status(), 303);
    assert_security_headers("POST /portal/sign-in", signed.headers());
    for page in [
        "/portal/customers",
        "/portal/resellers",
        "/portal/orders",
        "/portal/api-tools",
        "/portal/distributors",
        "/portal/snapshots",
        "/portal/faults",
        "/portal/requests",
        "/portal/flex-discounts",
        "/portal/offers",
        "/portal/countries",
        "/portal/test-address",
        "/portal/assets/portal.js",
        "/portal/no-such-page",
    ] {
        let r = http.get(app.url(page)).send().await.expect(page);
        assert_security_headers(page, r.headers());
    }
    // The pages load no inline script: every <script> has a src.
    let html = http.get(app.url("/portal/customers")).send().await.expect("page").text().await.expect("html");
    for tag in html.split("<script").skip(1) {
        assert!(tag.split('>').next().is_some_and(|attrs| attrs.contains("src=")), "inline script: <script{tag}");
    }
    assert!(!html.contains(" onclick=") && !html.contains(" hx-on"), "inline handlers");
}
