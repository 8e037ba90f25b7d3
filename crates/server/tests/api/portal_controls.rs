//! The emulator's controls in the HTML portal: the header's clock widget, the Time & Snapshots
//! page, the Faults page and the Requests page.

use reqwest::StatusCode;

use crate::helpers::{API_KEY, SECRET, TestApp};
use crate::time_travel::freeze;

fn hidden_csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap_or("").to_string()
}

struct Browser<'a> {
    app: &'a TestApp,
    http: reqwest::Client,
    csrf: String,
}

impl<'a> Browser<'a> {
    async fn sign_in(app: &'a TestApp) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let page = http.get(app.url("/portal")).send().await.expect("page").text().await.expect("html");
        let form = [("csrf", hidden_csrf(&page)), ("client_id", API_KEY.into()), ("client_secret", SECRET.into())];
        let r = http.post(app.url("/portal/sign-in")).form(&form).send().await.expect("sign in");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = http.get(app.url("/portal/customers")).send().await.expect("page").text().await.expect("html");
        Self { app, http, csrf: hidden_csrf(&page) }
    }

    async fn get(&self, path: &str) -> String {
        let r = self.http.get(self.app.url(path)).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.text().await.expect("html")
    }

    /// A form POST, then the page its `303` leads to (POST/redirect/GET), as a browser does.
    async fn post(&self, path: &str, form: &[(&str, &str)]) -> String {
        let mut fields: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        let r = self.http.post(self.app.url(path)).form(&fields).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let location = r.headers()[reqwest::header::LOCATION].to_str().expect("location").to_string();
        self.get(&location).await
    }
}

#[tokio::test]
async fn the_header_shows_the_sandbox_time_and_advances_it() {
    let app = TestApp::spawn().await;
    freeze(&app, "2026-03-10T12:00:00Z").await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, "65304479CA01A12", 10).await;
    let b = Browser::sign_in(&app).await;
    let page = b.get("/portal/customers").await;
    assert!(page.contains(">2026-03-10T12:00:00Z</time> (frozen)"), "{page}");
    let advanced = b.post("/portal/clock", &[("advance", "1y")]).await;
    assert!(advanced.contains(">2027-03-10T12:00:00Z</time>"), "{advanced}");
    assert!(advanced.contains("1 renewal order created, 0 subscriptions expired, 1 order processed"), "{advanced}");
    let refused = b.post("/portal/clock", &[("set", "2020-01-01")]).await;
    assert!(refused.contains("P400"), "{refused}");
    // Issue 20, item 2: the widget is bounded like the API, and the limit is named.
    for (form, limit) in [(("set", "9999-12-31"), "2199-12-31T23:59:59Z"), (("advance", "11y"), "at most 10 years")] {
        let refused = b.post("/portal/clock", &[form]).await;
        assert!(refused.contains("P400") && refused.contains(limit), "{form:?}: {refused}");
        assert!(refused.contains(">2027-03-10T12:00:00Z</time>"), "{refused}");
    }
}

#[tokio::test]
async fn snapshots_faults_and_requests_pages_work() {
    let app = TestApp::spawn().await;
    let b = Browser::sign_in(&app).await;
    let saved = b.post("/portal/snapshots", &[("name", "before")]).await;
    assert!(saved.contains("Saved snapshot before"), "{saved}");
    assert!(b.get("/portal/snapshots").await.contains("<td>before</td>"));
    app.active_customer().await;
    let reset = b.post("/portal/reset", &[]).await;
    assert!(reset.contains("reset to its bootstrap state"), "{reset}");
    let restored = b.post("/portal/snapshots/before/restore", &[]).await;
    assert!(restored.contains("Restored snapshot before"), "{restored}");
    let deleted = b.post("/portal/snapshots/before/delete", &[]).await;
    assert!(deleted.contains("No snapshots."), "{deleted}");

    let rule = [("method", "GET"), ("path", "/v3/resellers"), ("kind", "error"), ("status", "503"), ("code", "1124")];
    let added = b.post("/portal/faults", &rule).await;
    assert!(added.contains("Added flt-") && added.contains("error 503 1124"), "{added}");
    app.get("/v3/resellers").await.assert_error(503, "1124");
    let requests = b.get("/portal/requests?path=/v3/resellers").await;
    assert!(requests.contains("<td>503</td>") && requests.contains("<td>error</td>"), "{requests}");
    assert!(!requests.contains(&app.token), "the token is redacted");
    let cleared = b.post("/portal/faults/clear", &[]).await;
    assert!(cleared.contains("Removed 1 rule.") && cleared.contains("No fault rules."), "{cleared}");
    let bad = b.post("/portal/faults", &[("path", "no-slash"), ("kind", "latency"), ("latencyMs", "5")]).await;
    assert!(bad.contains("P400"), "{bad}");
}
