//! The HTML portal's session, beyond `portal_html`: every POST route of the signed-in portal
//! refuses a missing, wrong or other session's CSRF token before it runs; a pre-set session
//! cookie is never adopted at sign-in (no fixation); idle expiry is 30 minutes to the minute
//! and a used session is kept alive; signed-in pages are not cached; the HTML portal acts on
//! the signed-in distributor only.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, SET_COOKIE};

use crate::helpers::{API_KEY, SECRET, TestApp};
use vipmp_server::portal_html::session::wall_now;

use crate::routes::routes_in;

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn plain() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn hidden_csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap_or("").to_string()
}

/// Signs in with `client`; returns the session id and the session's CSRF token.
pub(crate) async fn sign_in(app: &TestApp, client: &reqwest::Client, key: &str, secret: &str) -> (String, String) {
    let page = client.get(app.url("/portal")).send().await.expect("page").text().await.expect("html");
    let form = [("csrf", hidden_csrf(&page)), ("client_id", key.to_string()), ("client_secret", secret.to_string())];
    let r = client.post(app.url("/portal/sign-in")).form(&form).send().await.expect("sign in");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("vipmp_session=").map(|rest| rest.split(';').next().unwrap_or("").to_string()))
        .expect("session cookie");
    let page = client.get(app.url("/portal/customers")).send().await.expect("customers").text().await.expect("html");
    (id, hidden_csrf(&page))
}

#[tokio::test]
async fn every_portal_post_needs_the_sessions_own_csrf_token() {
    let app = TestApp::spawn().await;
    let (reseller, customer) = app.active_customer().await;
    let (order, _) = app.completed_order(&customer, "65304479CA01A12", 5).await;
    let before = app.get(&format!("/v3/customers/{customer}")).await.body;
    let mine = browser();
    let (_, csrf) = sign_in(&app, &mine, API_KEY, SECRET).await;
    let (_, other_csrf) = sign_in(&app, &browser(), API_KEY, SECRET).await;
    assert_ne!(csrf, other_csrf, "each session has its own token");

    let posts: Vec<String> = routes_in("portal_html/mod.rs")
        .into_iter()
        .filter(|(m, p)| m == "POST" && p != "/portal/sign-in")
        .map(|(_, p)| p)
        .collect();
    assert!(posts.len() >= 10, "{posts:?}");
    for template in &posts {
        let path = template
            .replace("/portal/customers/{id}", &format!("/portal/customers/{customer}"))
            .replace("/portal/resellers/{id}", &format!("/portal/resellers/{reseller}"))
            .replace("/portal/orders/{id}", &format!("/portal/orders/{order}"))
            .replace("{tool}", "reseller")
            .replace("{job_id}", "rj-1");
        let form = [("status", "1004"), ("decision", "ACCEPT"), ("enabled", "true")];
        for (what, token) in
            [("no token", None), ("a wrong token", Some("nope")), ("another session's", Some(other_csrf.as_str()))]
        {
            let mut r = mine.post(app.url(&path)).form(&form);
            if let Some(t) = token {
                r = r.header("X-CSRF-Token", t);
            }
            let status = r.send().await.expect("post").status();
            assert_eq!(status, StatusCode::FORBIDDEN, "POST {path} with {what}");
        }
        let in_field = mine.post(app.url(&path)).form(&[("csrf", "nope"), ("status", "1004")]);
        assert_eq!(in_field.send().await.expect("post").status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(app.get(&format!("/v3/customers/{customer}")).await.body, before, "nothing changed");
    let resellers = app.get("/v3/resellers?status=1000&status=1002").await;
    assert_eq!(resellers.body["totalCount"], 1, "no tool ran: {}", resellers.text);
    // Still signed in: the refusals did not end the session.
    let ok = mine.get(app.url("/portal/customers")).send().await.expect("get");
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_cookie_set_before_sign_in_is_never_adopted() {
    let app = TestApp::spawn().await;
    let planted = "attacker-chosen-session-id";
    let http = plain();
    let page = http.get(app.url("/portal")).header("Cookie", format!("vipmp_session={planted}")).send().await;
    let page = page.expect("page");
    let signin_cookie = page
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("vipmp_signin=").map(|r| r.split(';').next().unwrap_or("").to_string()))
        .expect("sign-in cookie");
    let html = page.text().await.expect("html");
    let form = [("csrf", hidden_csrf(&html)), ("client_id", API_KEY.into()), ("client_secret", SECRET.into())];
    let cookies = format!("vipmp_session={planted}; vipmp_signin={signin_cookie}");
    let r = http.post(app.url("/portal/sign-in")).header("Cookie", cookies).form(&form).send().await.expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set: Vec<String> =
        r.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect();
    let fresh = set.iter().find(|c| c.starts_with("vipmp_session=")).expect("a new session cookie");
    assert!(!fresh.contains(planted), "{fresh}");
    assert!(set.iter().any(|c| c.starts_with("vipmp_signin=;") && c.contains("Max-Age=0")), "{set:?}");
    assert!(app.state.store.session(planted).await.expect("read").is_none());
    let denied = http.get(app.url("/portal/customers")).header("Cookie", format!("vipmp_session={planted}")).send();
    assert_eq!(denied.await.expect("get").status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn idle_expiry_is_thirty_minutes_and_use_keeps_a_session_alive() {
    let app = TestApp::spawn().await;
    let (id, _) = sign_in(&app, &browser(), API_KEY, SECRET).await;
    let age = |seconds: i64| {
        let store = app.state.store.clone();
        let id = id.clone();
        async move {
            let mut s = store.session(&id).await.expect("read").expect("session");
            s.last_seen = wall_now() - chrono::Duration::seconds(seconds);
            let mut tx = store.begin().await.expect("tx");
            tx.put_session(&s).await.expect("put");
            tx.commit().await.expect("commit");
        }
    };
    let visit = || plain().get(app.url("/portal/customers")).header("Cookie", format!("vipmp_session={id}")).send();

    age(29 * 60).await;
    let r = visit().await.expect("get");
    assert_eq!(r.status(), StatusCode::OK, "29 idle minutes: still signed in");
    assert_eq!(r.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap_or("")), Some("no-store"));
    let seen = app.state.store.session(&id).await.expect("read").expect("session").last_seen;
    assert!(wall_now() - seen < chrono::Duration::minutes(1), "the visit renewed the session");

    age(30 * 60 - 5).await;
    assert_eq!(visit().await.expect("get").status(), StatusCode::OK, "5 s short of 30 idle minutes: still there");
    age(30 * 60 + 2).await;
    assert_eq!(visit().await.expect("get").status(), StatusCode::SEE_OTHER, "past 30 idle minutes: gone");
    assert!(app.state.store.session(&id).await.expect("read").is_none());
}

#[tokio::test]
async fn the_html_portal_acts_on_the_signed_in_distributor_only() {
    let app = TestApp::spawn().await;
    let (reseller, customer) = app.active_customer().await;
    let (order, _) = app.completed_order(&customer, "65304479CA01A12", 5).await;
    let boot = vipmp_server::Bootstrap {
        distributor_id: "5000000002".into(),
        client_id: "html-other".into(),
        client_secret: "html-other-secret".into(),
    };
    vipmp_server::bootstrap(&app.state.store, &boot).await.expect("second tenant");
    let other = browser();
    let (_, csrf) = sign_in(&app, &other, "html-other", "html-other-secret").await;
    let page = other.get(app.url("/portal/customers")).send().await.expect("get").text().await.expect("html");
    assert!(page.contains("5000000002") && !page.contains(&customer), "{page}");
    for path in [
        format!("/portal/customers/{customer}/row"),
        format!("/portal/customers/{customer}/expand"),
        format!("/portal/resellers/{reseller}/expand"),
        format!("/portal/orders/{order}/expand"),
        format!("/portal/customers?q={customer}"),
        format!("/portal/orders?q={order}"),
    ] {
        let html = other.get(app.url(&path)).send().await.expect("get").text().await.expect("html");
        assert!(!html.contains("Test Customer") && !html.contains("Reseller Name"), "{path}: {html}");
    }
    let save = other
        .post(app.url(&format!("/portal/customers/{customer}")))
        .header("X-CSRF-Token", &csrf)
        .form(&[("status", "1004")])
        .send()
        .await
        .expect("post");
    assert!(save.status().is_success() || save.status().is_client_error());
    let c = app.get(&format!("/v3/customers/{customer}")).await;
    assert_eq!(c.body["status"], "1000", "the other distributor changed nothing: {}", c.text);
    assert_eq!(c.body["resellerId"], reseller.as_str());
}
