//! Issue 15 in the HTML portal: a failed renewal shown as failed (item 1), date refusals next to
//! their field (items 2, 7), POST/redirect/GET with a flash (item 3), confirmations (item 4),
//! the view and the clock refreshed after a trigger (item 5), a trigger with nothing due
//! (item 6), wording and small bugs (item 8).

use reqwest::Method;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};
use serde_json::{Value, json};
use vipmp_core::dates::add_years;

use crate::helpers::TestApp;
use crate::portal_html::{Portal, browser};

const OFFER: &str = "65304479CA01A12";

/// The job id of the poller in a fragment.
fn job_of(html: &str, customer: &str) -> String {
    let poll = html.split(&format!("hx-get=\"/portal/customers/{customer}/jobs/")).nth(1).expect("a job poller");
    poll.split('"').next().unwrap_or("").to_string()
}

async fn run(app: &TestApp, job: &str) {
    let a = app.portal(Method::POST, "/jobs/run", &json!({"job": job})).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn a_failed_renewal_is_shown_as_failed_with_its_order_status_and_why() {
    for (who, code, label) in
        [("customer", "1024", "Failed: customer inactive"), ("reseller", "1022", "Failed: reseller inactive")]
    {
        let app = TestApp::spawn().await;
        let (r, c) = app.active_customer().await;
        app.completed_order(&c, OFFER, 20).await;
        let portal = Portal::sign_in(&app).await;
        let today = app.today().to_string();
        let (_, _, html) = portal.post(&format!("/portal/customers/{c}"), &[("cotermDate", &today)]).await;
        assert!(html.contains(&format!("Customer {c} saved")), "{html}");
        let target = if who == "customer" { format!("/customers/{c}") } else { format!("/resellers/{r}") };
        assert_eq!(app.portal(Method::PATCH, &target, &json!({"status": "1004"})).await.status, 200);
        let (_, _, html) = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await;
        let job = job_of(&html, &c);
        // The job ran, its renewal order is still open: the poller keeps polling, nothing "done".
        run(&app, "renewals").await;
        let (_, headers, open) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
        assert!(headers.get("hx-retarget").is_none() && open.contains("hx-trigger=\"every 1s\""), "{open}");
        assert!(open.contains("is open (1002 - Pending)"), "{open}");
        run(&app, "orders").await;
        let (_, headers, done) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
        assert_eq!(headers["hx-retarget"], format!("#customer-{c}").as_str());
        let order = app.portal(Method::GET, &format!("/jobs/{job}"), &Value::Null).await;
        assert_eq!(order.body["failed"], true, "{}", order.text);
        let order_id = order.body["renewalOrderId"].as_str().expect("renewal order");
        let failure = format!("Renewal job {job} failed: renewal order {order_id} is {code} - {label}");
        assert!(done.contains(&failure), "{who}: {done}");
        assert!(done.contains("class=\"error\" role=\"alert\"") && !done.contains("class=\"notice\""), "{done}");
        assert!(done.contains("If a reseller or customer is inactive, the order fails with an error"), "{done}");
    }
}

#[tokio::test]
async fn refusals_are_next_to_their_field_with_the_input_kept() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 12).await;
    let portal = Portal::sign_in(&app).await;
    let today = app.today();
    // cotermDate out of range: the Edit form stays open with the date typed, marked.
    let path = format!("/portal/customers/{c}");
    let (_, _, html) = portal.post(&path, &[("status", "1004"), ("cotermDate", "0027-05-01")]).await;
    let range = format!("from {} to {}", add_years(today, -1), add_years(today, 1));
    assert!(
        html.contains(&format!("<span class=\"field-error\" id=\"coterm-{c}-error\">P400 cotermDate: must be {range}")),
        "{html}"
    );
    assert!(
        html.contains("value=\"0027-05-01\"") && html.contains(&format!("coterm-{c}-error\" aria-invalid=\"true\"")),
        "{html}"
    );
    assert!(html.contains("<option value=\"1004\" selected>"), "the status chosen is kept: {html}");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000", "nothing saved");
    // 3YC terms: both dates cleared.
    assert_eq!(
        app.portal(Method::POST, &format!("/customers/{c}/three-year-commit/enroll"), &Value::Null).await.status,
        200
    );
    let terms = format!("/portal/customers/{c}/three-year-commit");
    let (_, _, html) = portal.post(&terms, &[("startDate", ""), ("endDate", ""), ("status", "EXPIRED")]).await;
    assert!(html.contains(&format!("id=\"start-{c}-error\">P400 startDate: must be a date")), "{html}");
    assert!(html.contains("<option value=\"EXPIRED\" selected>") && !html.contains("3YC terms saved"), "{html}");
    let same = [("startDate", today.to_string()), ("endDate", today.to_string()), ("status", "COMMITTED".into())];
    let same: Vec<(&str, &str)> = same.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, _, html) = portal.post(&terms, &same).await;
    assert!(html.contains(&format!("id=\"end-{c}-error\">P400 endDate: must be after startDate {today}")), "{html}");
    // An order's creationDate in the future.
    let (_, _, html) = portal.post(&format!("/portal/orders/{o}"), &[("creationDate", "2030-01-01T00:00:00Z")]).await;
    assert!(html.contains(&format!("id=\"created-{o}-error\">P400 creationDate: must be from")), "{html}");
    assert!(html.contains("value=\"2030-01-01T00:00:00Z\"") && html.contains("aria-invalid=\"true\""), "{html}");
    // A page form (Faults): the refusal comes back with the redirect, next to its field.
    let form = [("path", "/v3/resellers"), ("times", "-1"), ("kind", "latency"), ("latencyMs", "5")];
    let html = portal.submit("/portal/faults", &form).await;
    assert!(html.contains("id=\"f-times-error\">P400 times: must be a whole number from 1"), "{html}");
    assert!(
        html.contains("name=\"times\" value=\"-1\"") && html.contains("<option value=\"latency\" selected>"),
        "{html}"
    );
    let html =
        portal.submit("/portal/faults", &[("path", "/v3/resellers"), ("kind", "latency"), ("latencyMs", "0")]).await;
    assert!(
        html.contains("id=\"f-latencyMs-error\">P400 action.latencyMs: must be a whole number of milliseconds"),
        "{html}"
    );
    assert!(html.contains("No fault rules."), "nothing added: {html}");
    // The header's clock form comes back to the page it was on, the refusal at its field.
    let form = [("form", "clock-header"), ("back", "/portal/orders?page=1"), ("advance", "soon")];
    let (status, headers, _) = portal.post("/portal/clock", &form).await;
    assert_eq!((status, headers[LOCATION].to_str().ok()), (StatusCode::SEE_OTHER, Some("/portal/orders?page=1")));
    let (_, _, html) = portal.get("/portal/orders?page=1").await;
    assert!(
        html.contains("value=\"soon\" size=\"5\" aria-invalid=\"true\"") && html.contains("id=\"advance-by-error\""),
        "{html}"
    );
}

#[tokio::test]
async fn every_page_form_answers_with_a_redirect_and_a_reload_creates_nothing() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (status, headers, _) = portal.post("/portal/api-tools/reseller", &[]).await;
    assert_eq!((status, headers[LOCATION].to_str().ok()), (StatusCode::SEE_OTHER, Some("/portal/api-tools")));
    let flash =
        headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find(|v| v.starts_with("vipmp_flash="));
    let flash = flash.expect("the outcome travels in the flash cookie");
    assert!(
        flash.contains("HttpOnly") && flash.contains("SameSite=Strict") && flash.contains("Path=/portal"),
        "{flash}"
    );
    let (_, headers, page) = portal.get("/portal/api-tools").await;
    let resellers = app.portal(Method::GET, "/resellers", &Value::Null).await;
    let id = resellers.body["items"][0]["resellerId"].as_str().expect("a reseller").to_string();
    assert!(page.contains("Task Complete") && page.contains(&format!("<dd>{id}</dd>")), "{page}");
    assert!(
        headers.get_all(SET_COOKIE).iter().any(|v| v.to_str().unwrap_or("").starts_with("vipmp_flash=;")),
        "cleared"
    );
    // The reload: the page again, without the outcome, and no second reseller.
    let (status, _, again) = portal.get("/portal/api-tools").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!again.contains("Task Complete"), "{again}");
    assert_eq!(app.portal(Method::GET, "/resellers", &Value::Null).await.body["totalCount"], 1);
    // The flash is bound to its session: another session ignores it.
    let (session, _) =
        crate::sessions::sign_in(&app, &browser(), crate::helpers::API_KEY, crate::helpers::SECRET).await;
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let cookie = format!("vipmp_session={session}; {}", flash.split(';').next().unwrap_or(""));
    let r = plain.get(app.url("/portal/api-tools")).header("Cookie", cookie).send().await.expect("get");
    let page = r.text().await.expect("html");
    assert!(page.contains("<h1>API Tools</h1>") && !page.contains("Task Complete"), "{page}");

    // Every page form POST redirects.
    let snap = app.portal(Method::POST, "/snapshots", &json!({"name": "s1"})).await;
    assert_eq!(snap.status, 201, "{}", snap.text);
    let fault = app.portal(Method::POST, "/faults", &json!({"path": "/v3/x", "action": {"latencyMs": 1}})).await;
    let fault = fault.body["id"].as_str().expect("fault id").to_string();
    let posts = [
        ("/portal/clock".to_string(), vec![("advance", "1h")]),
        ("/portal/snapshots".into(), vec![("name", "s2")]),
        ("/portal/snapshots/s2/delete".into(), vec![]),
        (format!("/portal/faults/{fault}/delete"), vec![]),
        ("/portal/faults".into(), vec![("path", "/v3/y"), ("kind", "drop")]),
        ("/portal/faults/clear".into(), vec![]),
        ("/portal/api-tools/customer".into(), vec![]),
        ("/portal/distributors/global-sales".into(), vec![("enabled", "true")]),
        ("/portal/snapshots/s1/restore".into(), vec![]),
        ("/portal/reset".into(), vec![]),
    ];
    for (path, form) in &posts {
        let (status, headers, body) = portal.post(path, form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {body}");
        assert!(headers.contains_key(LOCATION) && body.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn destructive_actions_ask_first() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 5).await;
    assert_eq!(app.portal(Method::POST, "/snapshots", &json!({"name": "keep"})).await.status, 201);
    let rule = json!({"path": "/v3/x", "action": {"latencyMs": 1}});
    let fault = app.portal(Method::POST, "/faults", &rule).await.body["id"].as_str().unwrap_or("").to_string();
    let portal = Portal::sign_in(&app).await;
    let (_, _, snapshots) = portal.get("/portal/snapshots").await;
    for action in [
        "/portal/reset\" class=\"inline\" data-confirm=\"Reset distributor",
        "/portal/snapshots/keep/restore\" class=\"inline\" data-confirm=\"Restore snapshot keep?",
        "/portal/snapshots/keep/delete\" class=\"inline\" data-confirm=\"Delete snapshot keep?",
    ] {
        assert!(snapshots.contains(action), "{action}: {snapshots}");
    }
    let (_, _, faults) = portal.get("/portal/faults").await;
    assert!(
        faults.contains(&format!(
            "/portal/faults/{fault}/delete\" class=\"inline\" data-confirm=\"Remove fault rule {fault}"
        )),
        "{faults}"
    );
    assert!(
        faults.contains("/portal/faults/clear\" class=\"inline\" data-confirm=\"Remove every fault rule"),
        "{faults}"
    );
    let (_, _, order) = portal.get(&format!("/portal/orders/{o}/expand")).await;
    assert!(
        order.contains(&format!("data-confirm=\"Cancel order {o}?"))
            && order.contains(&format!("data-confirm-ok=\"Cancel order {o}\"")),
        "{order}"
    );
    // The question is a native dialog whose focus starts on the way back (Escape cancels it).
    assert!(
        snapshots.contains("<dialog id=\"confirm-dialog\"")
            && snapshots.contains("id=\"confirm-cancel\" autofocus>Go back</button>")
    );
    let (_, _, js) = portal.get("/portal/assets/portal.js").await;
    assert!(js.contains("showModal") && js.contains("\"cancel\""), "portal.js opens and cancels the dialog");
}

#[tokio::test]
async fn a_trigger_refreshes_the_view_and_the_clock_and_says_when_nothing_is_due() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let (_, sub) = app.completed_order(&c, OFFER, 20).await;
    let next = add_years(app.today(), 1);
    let portal = Portal::sign_in(&app).await;
    // Nothing due: still 202 and a job, and the user is told.
    let api = app.portal(Method::POST, &format!("/customers/{c}/auto-renewal/trigger"), &Value::Null).await;
    assert_eq!(api.status, 202, "{}", api.text);
    assert_eq!(
        (api.body["dueSubscriptions"].as_u64(), api.body["nextRenewalDate"].as_str()),
        (Some(0), Some(next.to_string().as_str()))
    );
    let said = format!("nothing is due; the next renewal date is {next}");
    assert_eq!(app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 121})).await.status, 200);
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await;
    assert!(html.contains(&format!(": {said}")), "{html}");
    let job = job_of(&html, &c);
    run(&app, "all").await;
    let (_, _, done) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
    assert!(done.contains(&format!("Renewal job {job} done: {said}")), "{done}");
    // Something due: the refreshed view shows the renewal order complete, the subscription
    // renewed, and carries the header's clock out of band.
    assert_eq!(app.portal(Method::POST, "/clock", &json!({"advanceSeconds": 121})).await.status, 200);
    let today = app.today().to_string();
    portal.post(&format!("/portal/customers/{c}"), &[("cotermDate", &today)]).await;
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await;
    let job = job_of(&html, &c);
    run(&app, "all").await;
    let (_, _, done) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
    assert!(done.contains("completed (1000 - Complete)") && done.contains("<td>RENEWAL</td>"), "{done}");
    assert!(
        done.contains(&format!("<td>{sub}</td>")) && done.contains(&format!("<td>{}</td>", add_years(app.today(), 1))),
        "{done}"
    );
    assert!(done.contains("id=\"sandbox-clock\" hx-swap-oob=\"true\""), "{done}");
    assert!(!done.contains("role=\"status\" hx-get"), "the poller is not a live region redrawn every second");
}

#[tokio::test]
async fn wording_search_paging_and_favicon() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 5).await;
    app.create_customer(&r).await;
    let portal = Portal::sign_in(&app).await;
    // No "Cancel" beside "Cancel order".
    let (_, _, order) = portal.get(&format!("/portal/orders/{o}/expand?edit=true")).await;
    assert!(order.contains(">Discard changes</button>") && order.contains(">Cancel order</button>"), "{order}");
    assert!(!order.contains(">Cancel</button>"), "{order}");
    // A search for spaces only is no search.
    let (_, _, all) = portal.get("/portal/customers?searchBy=customerId&q=%20%20%20").await;
    assert!(all.contains("2 found") && all.contains("value=\"\" autocomplete"), "{all}");
    let api = app.portal(Method::GET, "/customers?searchBy=customerId&q=%20%20", &Value::Null).await;
    assert_eq!(api.body["totalCount"], 2, "{}", api.text);
    // A page past the last is the last page.
    let (status, headers, _) = portal.get("/portal/customers?pageSize=10&page=99").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let last = headers[LOCATION].to_str().expect("location").to_string();
    assert_eq!(last, "/portal/customers?pageSize=10&page=1");
    assert!(portal.get(&last).await.2.contains("2 found · page 1 of 1"));
    // The favicon, embedded.
    let r = browser().get(app.url("/favicon.ico")).send().await.expect("favicon");
    assert_eq!((r.status(), r.headers()["content-type"].to_str().ok()), (StatusCode::OK, Some("image/x-icon")));
    let bytes = r.bytes().await.expect("bytes");
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO file");
    // The countdown is counted in milliseconds and re-enables the button at 0.
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await;
    assert!(html.contains("data-remaining-ms=\"") && html.contains("Next trigger in 120 s"), "{html}");
    let (_, _, js) = portal.get("/portal/assets/portal.js").await;
    assert!(js.contains("ms <= 0") && js.contains("button.disabled = false"), "{js}");
}

/// Items 9 to 11: tables scroll in their own box, JSON bodies are pretty-printed, the open
/// toggle says Collapse, Escape discards an edit, the Advance box comes after the navigation.
#[tokio::test]
async fn layout_request_bodies_and_keyboard() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, list) = portal.get("/portal/customers").await;
    assert!(list.contains("<div class=\"scroll\">\n<table class=\"records\">"), "{list}");
    let advance = list.find("id=\"advance-by\"").expect("the Advance box");
    assert!(list.find(">Requests</a>").is_some_and(|nav| nav < advance), "after the navigation links");
    let (_, _, css) = portal.get("/portal/assets/portal.css").await;
    assert!(css.contains(".scroll { overflow-x: auto; max-width: 100%; position: relative; }"), "{css}");
    let (_, _, open) = portal.get(&format!("/portal/customers/{c}/expand?edit=true")).await;
    assert!(open.contains(&format!("aria-label=\"Collapse customer {c}\"")), "{open}");
    assert!(open.contains(&format!("data-escape=\"discard-{c}\"")) && open.contains(&format!("id=\"discard-{c}\"")));
    app.completed_order(&c, OFFER, 5).await;
    let (_, _, open) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    for table in ["subscriptions", "orders"] {
        assert!(
            open.contains(&format!("<div class=\"scroll\"><table class=\"compact\" id=\"{table}-{c}\">")),
            "{table}"
        );
    }
    let journal = app.portal(Method::GET, "/requests?method=POST", &Value::Null).await;
    let id = journal.body["items"][0]["id"].as_i64().expect("a recorded POST");
    let (_, _, page) = portal.get(&format!("/portal/requests/{id}")).await;
    assert!(
        page.contains("<h2 id=\"h-Response\">Response</h2>") && page.contains("aria-label=\"Response body (JSON)\""),
        "{page}"
    );
    assert!(
        page.contains("<code>{\n  &#34;") && !page.contains("\\&#34;"),
        "pretty JSON, not an escaped string: {page}"
    );
}
