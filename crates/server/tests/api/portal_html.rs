//! The HTML portal at `/portal`: sign-in and sessions, CSRF, every page, escaping, the
//! operations of the expanded views, and the production profile.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};
use vipmp_core::settings::{JobsMode, Profile, Settings};

use crate::helpers::{API_KEY, DISTRIBUTOR_ID, SECRET, TestApp};

const OFFER: &str = "65304479CA01A12";

pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

fn hidden_csrf(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap_or("").to_string()
}

/// A browser signed in to the portal of `app`.
pub(crate) struct Portal<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) http: reqwest::Client,
    pub(crate) csrf: String,
}

/// The status, headers and body of a response.
async fn read(r: reqwest::Response) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.text().await.expect("body"))
}

/// Posts the sign-in form; returns the raw answer.
async fn sign_in_with(app: &TestApp, http: &reqwest::Client, secret: &str) -> reqwest::Response {
    let page = http.get(app.url("/portal")).send().await.expect("sign-in page").text().await.expect("html");
    let csrf = hidden_csrf(&page);
    let form = [("csrf", csrf.as_str()), ("client_id", API_KEY), ("client_secret", secret)];
    http.post(app.url("/portal/sign-in")).form(&form).send().await.expect("sign in")
}

impl<'a> Portal<'a> {
    pub(crate) async fn sign_in(app: &'a TestApp) -> Self {
        let http = browser();
        let r = sign_in_with(app, &http, SECRET).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[LOCATION], "/portal/customers");
        let page = http.get(app.url("/portal/customers")).send().await.expect("customers").text().await.expect("html");
        Self { app, http, csrf: hidden_csrf(&page) }
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
        read(self.http.get(self.app.url(path)).send().await.expect("get")).await
    }

    /// A form POST with the session's CSRF token in the header, as htmx sends it.
    pub(crate) async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let r = self.http.post(self.app.url(path)).header("X-CSRF-Token", &self.csrf).form(form).send();
        read(r.await.expect("post")).await
    }

    /// A page's form POST: it answers `303` (POST/redirect/GET); returns the page it leads to.
    pub(crate) async fn submit(&self, path: &str, form: &[(&str, &str)]) -> String {
        let (status, headers, body) = self.post(path, form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {body}");
        let (status, _, page) = self.get(headers[LOCATION].to_str().expect("location")).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        page
    }
}

#[tokio::test]
async fn every_page_renders_for_a_signed_in_user_and_redirects_anyone_else() {
    let app = TestApp::spawn().await;
    let (r, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    let portal = Portal::sign_in(&app).await;
    let pages = [
        ("/portal/customers".to_string(), "<h1>Customers</h1>"),
        ("/portal/resellers".to_string(), "<h1>Resellers</h1>"),
        ("/portal/orders".to_string(), "<h1>Orders</h1>"),
        ("/portal/api-tools".to_string(), "<h1>API Tools</h1>"),
        ("/portal/distributors".to_string(), "<h1>My Distributors</h1>"),
        (format!("/portal/customers/{c}/expand"), "Trigger Auto Renewal"),
        (format!("/portal/customers/{c}/row"), &format!("Expand customer {c}")),
        (format!("/portal/resellers/{r}/expand"), "companyProfile"),
        (format!("/portal/orders/{o}/expand"), "lineItems"),
    ];
    let anonymous = browser();
    for (path, heading) in &pages {
        let (status, _, html) = portal.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        assert!(html.contains(heading), "{path} lacks {heading}: {html}");
        let r = anonymous.get(app.url(path)).send().await.expect("anonymous");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers()[LOCATION], "/portal", "{path}");
    }
    let htmx = anonymous.get(app.url("/portal/customers")).header("HX-Request", "true").send().await.expect("htmx");
    assert_eq!(htmx.headers()["hx-redirect"], "/portal", "an htmx request is sent to sign-in too");
    let (_, _, html) = portal.get("/portal/customers").await;
    assert!(html.contains(&format!("<strong id=\"distributor-id\">{DISTRIBUTOR_ID}</strong>")));
    assert!(html.contains("<th scope=\"col\">Customer ID</th>"), "{html}");
    assert!(html.contains(&format!("aria-label=\"Expand customer {c}\"")) && html.contains("aria-expanded=\"false\""));
    assert!(html.contains(r#"hx-headers:inherited='{"X-CSRF-Token": "#), "htmx sends the token");
    assert!(html.contains("<label for=\"q\">Search by ID</label>"));
    let (_, _, js) = portal.get("/portal/assets/htmx-4.0.1.min.js").await;
    assert!(js.len() > 10_000, "htmx is embedded");
    let (_, _, expanded) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(expanded.contains("aria-expanded=\"true\""), "{expanded}");
    for column in ["Order ID", "Order Price", "Renewal Quantity", "Allowed Actions", "FlexDiscountCode"] {
        assert!(expanded.contains(&format!("<th scope=\"col\">{column}</th>")), "{column}: {expanded}");
    }
    let (_, _, edit) = portal.get(&format!("/portal/customers/{c}/expand?edit=true")).await;
    for option in ["1000 - Success", "1004 - Inactive", "1010 - Invalid Address", "1012 - Blocked Account"] {
        assert!(edit.contains(option), "{option}");
    }
    assert!(edit.contains("1024 - Customer Already Exists") && edit.contains(">cotermDate</label>"));
    assert!(edit.contains(">globalSalesEnabled</label>") && edit.contains(">Save</button>"));
}

#[tokio::test]
async fn a_wrong_secret_shows_an_inline_error_and_cookies_are_strict() {
    let app = TestApp::spawn().await;
    let http = browser();
    let (status, headers, html) = read(sign_in_with(&app, &http, "wrong").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\"") && html.contains("Invalid client ID or client secret"), "{html}");
    assert!(html.contains("<label for=\"client_id\">Client ID</label>") && html.contains("Client secret</label>"));
    assert!(!headers.get_all(SET_COOKIE).iter().any(|v| v.to_str().unwrap_or("").starts_with("vipmp_session=")));
    let ok = sign_in_with(&app, &http, SECRET).await;
    let cookie = ok
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vipmp_session="))
        .expect("session cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/portal"] {
        assert!(cookie.contains(flag), "{flag}: {cookie}");
    }
    let forged = browser().post(app.url("/portal/sign-in")).form(&[("client_id", API_KEY), ("client_secret", SECRET)]);
    assert_eq!(forged.send().await.expect("forged").status(), StatusCode::FORBIDDEN, "sign-in needs its token");
}

#[tokio::test]
async fn a_post_without_the_csrf_token_is_403_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let portal = Portal::sign_in(&app).await;
    let path = format!("/portal/customers/{c}");
    let bare = portal.http.post(app.url(&path)).form(&[("status", "1004")]).send().await.expect("post");
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let wrong = portal.http.post(app.url(&path)).header("X-CSRF-Token", "nope").form(&[("status", "1004")]);
    assert_eq!(wrong.send().await.expect("post").status(), StatusCode::FORBIDDEN);
    let tools = portal.http.post(app.url("/portal/api-tools/reseller")).send().await.expect("post");
    assert_eq!(tools.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000", "nothing changed");
    let in_form = [("csrf", portal.csrf.as_str()), ("status", "1004")];
    let ok = portal.http.post(app.url(&path)).form(&in_form).send().await.expect("post");
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1004", "the form field works too");
}

#[tokio::test]
async fn user_data_is_escaped() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let mut tx = app.state.store.begin().await.expect("tx");
    let mut customer = tx.customer(DISTRIBUTOR_ID, &c).await.expect("read").expect("customer");
    customer.profile.company_name = "<script>alert(1)</script>".into();
    tx.put_customer(&customer).await.expect("write");
    tx.commit().await.expect("commit");
    let portal = Portal::sign_in(&app).await;
    for path in ["/portal/customers".to_string(), format!("/portal/customers/{c}/expand")] {
        let (_, _, html) = portal.get(&path).await;
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;") || html.contains("&lt;script&gt;alert(1)"));
        assert!(!html.contains("<script>alert(1)"), "{path} renders the name inert");
    }
}

#[tokio::test]
async fn sign_out_ends_the_session_and_idle_sessions_expire() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (status, headers, _) = portal.post("/portal/sign-out", &[]).await;
    assert_eq!((status, headers[LOCATION].to_str().unwrap_or("")), (StatusCode::SEE_OTHER, "/portal"));
    let after = portal.http.get(app.url("/portal/customers")).send().await.expect("get");
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "signed out");

    let portal = Portal::sign_in(&app).await;
    let sign_in = sign_in_with(&app, &browser(), SECRET).await;
    let id =
        sign_in.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
            v.strip_prefix("vipmp_session=").map(|rest| rest.split(';').next().unwrap_or("").to_string())
        });
    let id = id.expect("session id");
    let stored = app.state.store.session(&id).await.expect("read").expect("stored in the database");
    assert_eq!(stored.distributor_id, DISTRIBUTOR_ID);
    let mut idle = stored.clone();
    idle.last_seen -= chrono::Duration::minutes(31);
    let mut tx = app.state.store.begin().await.expect("tx");
    tx.put_session(&idle).await.expect("put");
    tx.commit().await.expect("commit");
    let old = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let r = old.get(app.url("/portal/customers")).header("Cookie", format!("vipmp_session={id}")).send().await;
    assert_eq!(r.expect("get").status(), StatusCode::SEE_OTHER, "idle for 31 minutes");
    assert!(app.state.store.session(&id).await.expect("read").is_none(), "the idle session is deleted");
    assert_eq!(portal.get("/portal/customers").await.0, StatusCode::OK, "other sessions live on");
}

#[tokio::test]
async fn refused_edits_show_adobe_messages_inline_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    let portal = Portal::sign_in(&app).await;
    let path = format!("/portal/customers/{c}");
    let (status, _, html) = portal.post(&path, &[("status", "1004"), ("globalSalesEnabled", "on")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("1139 Partner is not enabled for global sales"), "{html}");
    assert!(html.contains("<select id=\"status-"), "the form stays open: {html}");
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!((got.body["status"].as_str(), got.body["globalSalesEnabled"].as_bool()), (Some("1000"), Some(false)));

    let html = portal.submit("/portal/distributors/global-sales", &[("enabled", "true")]).await;
    assert!(html.contains("Global sales enabled") && html.contains(">Enabled</td>"), "{html}");
    let coterm = (app.today() + chrono::Days::new(90)).to_string();
    let (_, _, html) =
        portal.post(&path, &[("status", "1004"), ("cotermDate", &coterm), ("globalSalesEnabled", "on")]).await;
    assert!(html.contains(&format!("Customer {c} saved")), "{html}");
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.body["status"], "1004");
    assert_eq!(
        (got.body["cotermDate"].as_str(), got.body["globalSalesEnabled"].as_bool()),
        (Some(coterm.as_str()), Some(true))
    );
}

#[tokio::test]
async fn trigger_counts_down_and_the_job_refreshes_the_view() {
    let app = TestApp::spawn().await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 20).await;
    let portal = Portal::sign_in(&app).await;
    let (status, _, html) = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Next trigger in 120 s") && html.contains("data-remaining-ms=\"1"), "{html}");
    assert!(html.contains(&format!("id=\"trigger-{c}\" disabled")), "disabled: {html}");
    let poll = html.split(&format!("hx-get=\"/portal/customers/{c}/jobs/")).nth(1).expect("a job poller");
    let job = poll.split('"').next().unwrap_or("").to_string();
    let (_, headers, pending) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
    assert!(pending.contains("hx-trigger=\"every 1s\"") && headers.get("hx-retarget").is_none(), "{pending}");
    app.run_jobs().await;
    let (_, headers, done) = portal.get(&format!("/portal/customers/{c}/jobs/{job}")).await;
    assert_eq!(headers["hx-retarget"], format!("#customer-{c}").as_str());
    assert!(done.contains(&format!("Renewal job {job} done")) && done.contains("Next trigger in"), "{done}");
    let again = portal.post(&format!("/portal/customers/{c}/auto-renewal/trigger"), &[]).await.2;
    assert!(again.contains("P429"), "a second trigger in the window is refused: {again}");
}

#[tokio::test]
async fn three_year_commit_records_and_tools_through_html() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let html = portal.submit("/portal/api-tools/set", &[]).await;
    assert!(html.contains("Task Complete") && html.contains("Default Customer ID"), "{html}");
    let (_, c) = app.active_customer().await;
    let (o, _) = app.completed_order(&c, OFFER, 20).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains(">Enroll for 3YC</button>") && !html.contains("Edit 3YC terms"), "{html}");
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/three-year-commit/enroll"), &[]).await;
    assert!(html.contains("Enrolled for 3YC") && html.contains(">Edit 3YC terms</button>"), "{html}");
    let (start, end) =
        ((app.today() - chrono::Days::new(300)).to_string(), (app.today() + chrono::Days::new(400)).to_string());
    let terms = [("startDate", start.as_str()), ("endDate", end.as_str()), ("status", "EXPIRED")];
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/three-year-commit"), &terms).await;
    assert!(html.contains("3YC terms saved"), "{html}");
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.body["benefits"][0]["commitment"]["status"], "EXPIRED");

    let r = got.body["resellerId"].as_str().unwrap_or("").to_string();
    let mut body = app.customer_body(&r);
    body["benefits"] = serde_json::json!([{"type": "THREE_YEAR_COMMIT",
        "commitmentRequest": {"minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]}}]);
    let c2 = app.post("/v3/customers", &body).await.body["customerId"].as_str().unwrap_or("").to_string();
    let (_, _, html) = portal.get(&format!("/portal/customers/{c2}/expand")).await;
    assert!(html.contains(">Accept 3YC</button>") && html.contains(">Reject 3YC</button>"), "{html}");
    let decision = [("request", "commitmentRequest"), ("decision", "ACCEPT")];
    let (_, _, html) = portal.post(&format!("/portal/customers/{c2}/three-year-commit/decision"), &decision).await;
    assert!(html.contains("3YC request accepted") && !html.contains(">Accept 3YC</button>"), "{html}");
    let (_, _, html) = portal.post(&format!("/portal/resellers/{r}"), &[("status", "1012")]).await;
    assert!(html.contains(&format!("Reseller {r} saved")), "{html}");
    assert_eq!(app.get(&format!("/v3/resellers/{r}")).await.body["status"], "1012");
    let (_, _, html) = portal.post(&format!("/portal/orders/{o}"), &[("status", "1008")]).await;
    assert!(html.contains(&format!("Order {o} saved")) && html.contains("1008 - Cancelled"), "{html}");
    let (_, _, list) = portal.get(&format!("/portal/orders?searchBy=orderId&q={o}")).await;
    assert!(list.contains("1 found"), "{list}");
}

#[tokio::test]
async fn production_profile_shows_a_banner_and_no_mutation_controls() {
    let settings = Settings { jobs_mode: JobsMode::Manual, profile: Profile::Production, ..Settings::default() };
    let app = TestApp::spawn_with(settings).await;
    let (_, c) = app.active_customer().await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, list) = portal.get("/portal/customers").await;
    assert!(list.contains("Production profile: sandbox operations are not available"));
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand?edit=true")).await;
    assert!(!html.contains(">Edit</button>") && !html.contains("<select id=\"status-"), "{html}");
    assert!(html.contains(&format!("id=\"trigger-{c}\" disabled")), "{html}");
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}"), &[("status", "1004")]).await;
    assert!(html.contains("P403"), "{html}");
    assert_eq!(app.get(&format!("/v3/customers/{c}")).await.body["status"], "1000");
    let (_, _, tools) = portal.get("/portal/api-tools").await;
    assert!(tools.contains("<button type=\"submit\" disabled>Create Default Reseller</button>"), "{tools}");
}

#[tokio::test]
async fn the_flex_discounts_page_filters_and_saves_an_end_date_with_a_redirect() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (status, _, html) = portal.get("/portal/flex-discounts?marketSegment=EDU&country=DE&usage=RENEWAL").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<h1>Flex Discounts</h1>")
            && html.contains("aria-current=\"page\">View Available Flex Discounts"),
        "{html}"
    );
    assert!(html.contains("<code>SAVE10</code>") && html.contains("<code>SANDBOX_FAILURE</code>"), "{html}");
    assert!(!html.contains("<code>INTRO15</code>"), "RENEWAL hides INTRO discounts");
    assert!(!html.contains("<code>NA30</code>"), "NA30 is not sold in DE");
    assert!(html.contains("<td>EDU</td>") && !html.contains("<td>COM</td>"), "EDU only");
    let (status, _, bad) = portal.get("/portal/flex-discounts?marketSegment=XYZ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("role=\"alert\"") && bad.contains("marketSegment"), "{bad}");

    let list = app
        .portal(reqwest::Method::GET, "/flex-discounts?marketSegment=COM&country=US", &serde_json::Value::Null)
        .await;
    let reusable =
        list.body["items"].as_array().expect("items").iter().find(|d| d["reusable"] == true).expect("reusable").clone();
    let id = reusable["id"].as_str().expect("id");
    let start = chrono::NaiveDate::parse_from_str(&reusable["startDate"].as_str().expect("start")[..10], "%Y-%m-%d")
        .expect("date");
    let early = (start - chrono::Days::new(1)).format("%Y-%m-%d").to_string();
    let refused = portal.submit(&format!("/portal/flex-discounts/{id}"), &[("endDate", early.as_str())]).await;
    assert!(refused.contains("endDate: must be after startDate"), "a day before the start is refused: {refused}");
    assert!(
        refused.contains(&format!("value=\"{early}\" aria-invalid=\"true\" aria-describedby=\"end-{id}-error\"")),
        "the date typed is kept and marked: {refused}"
    );
    let lock =
        chrono::NaiveDate::parse_from_str(&reusable["discountLockEndDate"].as_str().expect("lock")[..10], "%Y-%m-%d")
            .expect("date");
    let new_end = (lock - chrono::Days::new(1)).format("%Y-%m-%d").to_string();
    let (status, headers, _) =
        portal.post(&format!("/portal/flex-discounts/{id}"), &[("endDate", new_end.as_str())]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[LOCATION].to_str().expect("location").to_string();
    assert_eq!(location, format!("/portal/flex-discounts?edited={id}"));
    let (_, _, after) = portal.get(&location).await;
    assert!(after.contains(&format!("now ends {new_end}T23:59:59Z")), "{after}");
}

#[tokio::test]
async fn t1_24_view_available_offers_page_renders_the_filtered_offers() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (status, _, html) =
        portal.get("/portal/offers?marketSegment=COM&priceRegion=NA&currency=USD&level=02&pageSize=100").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>View Available Offers</h1>"), "{html}");
    assert!(
        html.contains("Portal Resources") && html.contains("aria-current=\"page\">View Available Offers"),
        "{html}"
    );
    assert!(html.contains("<td>65304479CA02A12</td>"), "the filtered offer is listed");
    assert!(!html.contains("<td>65304479CA01A12</td>"), "another level is not");
    assert!(html.contains("<option value=\"02\" selected>02</option>"), "the form keeps the filter");
    for id in ["f-marketSegment", "f-level", "f-priceRegion", "f-currency", "f-pageSize"] {
        assert!(html.contains(&format!("<label for=\"{id}\">")), "{id} has a label");
    }
    // Paging links keep the filters; a refused filter is shown inline.
    let (_, _, html) = portal.get("/portal/offers?marketSegment=GOV").await;
    assert!(
        html.contains("page 1 of") && html.contains("href=\"/portal/offers?marketSegment=GOV&#38;page=2\""),
        "{html}"
    );
    for page in ["/portal/offers", "/portal/countries", "/portal/test-address"] {
        let r = browser().get(app.url(page)).send().await.expect("anonymous");
        assert_eq!(
            (r.status(), r.headers()[LOCATION].to_str().ok()),
            (StatusCode::SEE_OTHER, Some("/portal")),
            "{page}"
        );
    }
    let (status, _, html) = portal.get("/portal/offers?level=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\">P400 Invalid request (level)"), "{html}");
}

#[tokio::test]
async fn t1_24_view_available_countries_page_lists_the_region_countries() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (status, _, html) = portal.get("/portal/countries?priceRegion=WE").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>View Available Countries</h1>"), "{html}");
    assert!(html.contains("<td>GB</td>"), "GB is listed for WE");
    assert!(!html.contains("<td>US</td>"), "US is not a WE country");
    let gb_row = html.split("<tr>").find(|row| row.contains("<td>GB</td>")).expect("GB row");
    assert!(gb_row.contains("00"), "GB's regions include 00: {gb_row}");
    let (_, _, html) = portal.get("/portal/countries?priceRegion=Mars").await;
    assert!(html.contains("P400 Invalid request (priceRegion)"), "{html}");
}

#[tokio::test]
async fn t1_24_test_address_page_validates_through_the_portal_api() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (_, _, form) = portal.get("/portal/test-address").await;
    assert!(form.contains("<label for=\"f-postalCode\">") && !form.contains("Validation successful"), "{form}");
    let base =
        "/portal/test-address?priceRegion=NA&currency=USD&country=US&region=CA&city=San+Jose&addressLine1=1+Main+St";
    let (_, _, ok) = portal.get(&format!("{base}&postalCode=95110-1234")).await;
    assert!(ok.contains("Validation successful"), "{ok}");
    let (_, _, bad) = portal.get(&format!("{base}&postalCode=9511")).await;
    assert!(bad.contains("1118 Invalid Address (companyProfile.address.postalCode)"), "{bad}");
}

/// The options of one select of a page, by its id, as (value, selected).
fn options(html: &str, id: &str) -> Vec<(String, bool)> {
    let start = html.find(&format!("<select id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}: {html}"));
    let select = &html[start..start + html[start..].find("</select>").expect("closed select")];
    select
        .split("<option value=\"")
        .skip(1)
        .map(|o| (o[..o.find('"').expect("quoted")].to_string(), o.contains(" selected>")))
        .collect()
}

#[tokio::test]
async fn test_address_lists_follow_the_price_region_and_the_country() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let values = |o: Vec<(String, bool)>| o.into_iter().map(|(v, _)| v).collect::<Vec<_>>();
    let (_, _, all) = portal.get("/portal/test-address").await;
    assert!(values(options(&all, "f-country")).contains(&"JP".to_string()));
    assert_eq!(values(options(&all, "f-region")), [""], "no regions before a country: {all}");
    let (_, _, we) = portal.get("/portal/test-address?priceRegion=WE&currency=JPY&country=GB&refresh=1").await;
    assert_eq!(values(options(&we, "f-currency")), ["", "EUR", "GBP", "USD"]);
    assert!(options(&we, "f-currency")[0].1, "JPY is not a WE currency, so none stays chosen");
    let countries = values(options(&we, "f-country"));
    assert!(countries.contains(&"GB".to_string()) && countries.contains(&"FR".to_string()), "{countries:?}");
    assert!(!countries.contains(&"US".to_string()) && !countries.contains(&"JP".to_string()), "{countries:?}");
    assert!(options(&we, "f-country").contains(&("GB".to_string(), true)));
    assert!(values(options(&we, "f-region")).contains(&"00".to_string()), "GB's regions: {we}");
    assert!(!we.contains("Validation successful") && !we.contains("1118"), "a refresh validates nothing: {we}");
    let (_, _, na) = portal.get("/portal/test-address?priceRegion=NA&country=GB&refresh=1").await;
    assert!(options(&na, "f-country")[0].1, "GB is not in NA, so no country stays chosen");
    assert_eq!(values(options(&na, "f-region")), [""], "{na}");
    let (_, _, us) = portal.get("/portal/test-address?priceRegion=NA&country=US&refresh=1").await;
    assert!(options(&us, "f-region").contains(&("".to_string(), true)));
    assert!(values(options(&us, "f-region")).contains(&"CA".to_string()), "US states: {us}");
}

#[tokio::test]
async fn make_an_hvd_customer_through_html() {
    let app = TestApp::spawn().await;
    let portal = Portal::sign_in(&app).await;
    let (_, c) = app.active_customer().await;
    app.completed_order(&c, OFFER, 60).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(!html.contains(">Make HVD customer</button>"), "only with a 3YC commitment: {html}");
    portal.post(&format!("/portal/customers/{c}/three-year-commit/enroll"), &[]).await;
    let (_, _, html) = portal.get(&format!("/portal/customers/{c}/expand")).await;
    assert!(html.contains(">Make HVD customer</button>"), "{html}");
    let (_, _, refused) = portal.post(&format!("/portal/customers/{c}/hvd"), &[("discountLevel", "18")]).await;
    assert!(refused.contains("P409"), "a minimum of 60 is not enough for level 18: {refused}");
    let form = [("discountLevel", "17"), ("pricing", "POST_DCLO")];
    let (_, _, html) = portal.post(&format!("/portal/customers/{c}/hvd"), &form).await;
    assert!(html.contains("Made an HVD customer"), "{html}");
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.body["discounts"][0]["discountCode"], "HVD_L17_POST", "{}", got.text);
    assert_eq!(got.body["tags"], serde_json::json!(["HVD_MIGRATED_CUSTOMER"]));

    // The order's lines show the discount code it was placed with.
    let line =
        serde_json::json!({"extLineItemNumber": 1, "offerId": OFFER, "quantity": 2, "discountCode": "HVD_L17_POST"});
    let html = order_view(&app, &portal, &c, line).await;
    assert!(html.contains("<th scope=\"col\">Discount Code</th>"), "{html}");
    assert!(html.contains("<td>HVD_L17_POST</td>"), "{html}");
}

/// Places a NEW order of one `line` for customer `c` and answers its expanded HTML order view.
async fn order_view(app: &TestApp, portal: &Portal<'_>, c: &str, line: serde_json::Value) -> String {
    let body = serde_json::json!({"orderType": "NEW", "currencyCode": "USD", "lineItems": [line]});
    let placed = app.post(&format!("/v3/customers/{c}/orders"), &body).await;
    assert_eq!(placed.status, 202, "{}", placed.text);
    let o = placed.body["orderId"].as_str().expect("orderId");
    portal.get(&format!("/portal/orders/{o}/expand")).await.2
}

#[tokio::test]
async fn the_order_view_lists_each_line_s_flexible_discounts() {
    let app = TestApp::spawn().await;
    crate::time_travel::freeze(&app, "2026-07-15T12:00:00Z").await;
    let portal = Portal::sign_in(&app).await;
    let (_, c) = app.active_customer().await;
    let line = serde_json::json!({"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 10,
        "flexDiscountCodes": ["SAVE10"]});
    let html = order_view(&app, &portal, &c, line).await;
    assert!(html.contains("<th scope=\"col\">Flex Discounts</th>"), "{html}");
    assert!(html.contains("<td>SAVE10: SUCCESS</td>"), "{html}");
}
