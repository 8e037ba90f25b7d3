//! Tenant isolation (SPEC §2.2.2, §7 Q-ISOLATION): a second distributor with its own API client
//! calls every CPAPI route and every portal JSON route with the first distributor's ids and
//! gets the resource's normal not-found answer (`1115`/`1116`/`2115`/`3115`, `P404`); its lists
//! never show a foreign record, its `jobs/run` leaves foreign work alone, and nothing it tries
//! changes the first distributor's records. The route table is checked against the routes the
//! server source declares (`crate::routes`), so a new route without a row here fails this test.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Answer, DISTRIBUTOR_ID, TestApp, unique};
use crate::routes::{declared_routes, fits};

/// The second tenant's credentials.
struct Tenant {
    key: String,
    token: String,
}

/// The first distributor's records, as the second one must never see them.
struct Foreign {
    reseller: String,
    customer: String,
    order: String,
    open_order: String,
    subscription: String,
    job: String,
    fault: String,
    names: Vec<String>,
    /// A reusable flexible discount (catalogue-wide id; its end date is per distributor).
    discount: String,
    /// A valid new end date for it.
    discount_end: String,
    /// A committed reseller-change transfer.
    transfer: String,
    /// An unused reseller-change approval code.
    approval_code: String,
    /// A Transfer Memberships test membership, transferred (open: manual jobs mode).
    membership: String,
    /// Its VIP → VIP MP transfer.
    membership_transfer: String,
    /// A second membership, unused.
    spare_membership: String,
}

impl Foreign {
    fn fill(&self, template: &str, own_customer: &str) -> String {
        template
            .replace("{rA}", &self.reseller)
            .replace("{cA}", &self.customer)
            .replace("{oA}", &self.order)
            .replace("{sA}", &self.subscription)
            .replace("{jA}", &self.job)
            .replace("{fA}", &self.fault)
            .replace("{dA}", DISTRIBUTOR_ID)
            .replace("{xA}", &self.discount)
            .replace("{xEnd}", &self.discount_end)
            .replace("{tA}", &self.transfer)
            .replace("{acA}", &self.approval_code)
            .replace("{mA}", &self.membership)
            .replace("{mtA}", &self.membership_transfer)
            .replace("{msA}", &self.spare_membership)
            .replace("{cB}", own_customer)
    }

    /// Every foreign id, quoted as it would appear in a JSON answer.
    fn quoted_ids(&self) -> Vec<String> {
        [
            &self.reseller,
            &self.customer,
            &self.order,
            &self.open_order,
            &self.subscription,
            &self.job,
            &self.fault,
            &self.transfer,
            &self.approval_code,
            &self.membership,
            &self.membership_transfer,
            &self.spare_membership,
        ]
        .iter()
        .map(|id| format!("\"{id}\""))
        .chain([format!("\"{SNAPSHOT}\"")])
        .collect()
    }
}

/// What a row expects.
#[derive(Clone, Copy)]
enum Expect {
    /// `404` with one of these codes.
    NotFound(&'static [&'static str]),
    /// `400` with this code (a body naming a foreign distributor is simply invalid).
    Invalid(&'static str),
    /// `403` with this code (a capability the second distributor lacks).
    Forbidden(&'static str),
    /// `2xx`, and no foreign id or name anywhere in the answer.
    Clean,
    /// `200`, the caller's own journal entries only.
    Journal,
}

/// The first distributor's snapshot name.
const SNAPSHOT: &str = "a-snap";

const F_RESELLER: Expect = Expect::NotFound(&["1115"]);
const F_CUSTOMER: Expect = Expect::NotFound(&["1116"]);
const F_ORDER: Expect = Expect::NotFound(&["1116", "2115"]);
const F_SUB: Expect = Expect::NotFound(&["1116", "3115"]);
const P404: Expect = Expect::NotFound(&["P404"]);

const PROFILE: &str = r#"{"companyName": "Intruder Name", "preferredLanguage": "en-US",
  "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Main St",
              "postalCode": "95110", "phoneNumber": ""},
  "contacts": [{"firstName": "Eve", "lastName": "Intruder", "email": "eve@example.com"}]}"#;
const NEW_ORDER: &str = r#"{"orderType": "NEW", "currencyCode": "USD",
  "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}]}"#;
const PREVIEW: &str = r#"{"orderType": "PREVIEW", "currencyCode": "USD",
  "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}]}"#;
const RETURN: &str = r#"{"orderType": "RETURN", "referenceOrderId": "{oA}", "currencyCode": "USD",
  "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 20}]}"#;
const SWITCH: &str = r#"{"orderType": "SWITCH", "currencyCode": "USD",
  "lineItems": [{"extLineItemNumber": 1, "offerId": "65304578CA01A12", "quantity": 1}],
  "cancellingItems": [{"extLineItemNumber": 2, "referenceLineItemNumber": 1, "subscriptionId": "{sA}", "quantity": 1}]}"#;
const REVERT: &str = r#"{"orderType": "PREVIEW_REVERT_SWITCH", "referenceOrderId": "{oA}", "currencyCode": "USD",
  "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1}],
  "cancellingItems": [{"extLineItemNumber": 2, "referenceLineItemNumber": 1, "subscriptionId": "{sA}", "quantity": 1}]}"#;

/// (method, path, body, expectation): every route, with the first distributor's ids.
fn rows() -> Vec<(Method, &'static str, String, Expect)> {
    let profile = |extra: &str| format!(r#"{{{extra}"companyProfile": {PROFILE}}}"#);
    let v = |s: &str| s.to_string();
    let none = String::new();
    vec![
        // CPAPI v3 (and the health check, which knows no tenant).
        (Method::GET, "/health", none.clone(), Expect::Clean),
        (Method::GET, "/partnerservice/ping", none.clone(), Expect::Clean),
        (Method::GET, "/v3/resellers?status=1000&status=1002&status=1004&limit=50", none.clone(), Expect::Clean),
        (Method::POST, "/v3/resellers", profile(r#""distributorId": "{dA}", "#), Expect::Invalid("1114")),
        (Method::GET, "/v3/resellers/{rA}", none.clone(), F_RESELLER),
        (Method::PATCH, "/v3/resellers/{rA}", v(r#"{"externalReferenceId": "x"}"#), F_RESELLER),
        (Method::GET, "/v3/resellers/{rA}/customers", none.clone(), F_RESELLER),
        (Method::POST, "/v3/customers", profile(r#""resellerId": "{rA}", "#), F_RESELLER),
        (Method::GET, "/v3/customers/{cA}", none.clone(), F_CUSTOMER),
        (Method::PATCH, "/v3/customers/{cA}", v(r#"{"externalReferenceId": "x"}"#), F_CUSTOMER),
        (Method::POST, "/v3/customers/{cA}/orders", v(NEW_ORDER), F_CUSTOMER),
        (Method::POST, "/v3/customers/{cA}/orders?fetch-price=true", v(PREVIEW), F_CUSTOMER),
        (Method::POST, "/v3/customers/{cB}/orders", v(RETURN), F_ORDER),
        (Method::GET, "/v3/customers/{cA}/orders", none.clone(), F_CUSTOMER),
        (Method::GET, "/v3/customers/{cA}/orders/{oA}", none.clone(), F_ORDER),
        (Method::GET, "/v3/customers/{cB}/orders/{oA}", none.clone(), F_ORDER),
        (Method::PATCH, "/v3/customers/{cA}/orders/{oA}", v(r#"{"externalReferenceId": "x"}"#), F_ORDER),
        (Method::PATCH, "/v3/customers/{cB}/orders/{oA}", v(r#"{"externalReferenceId": "x"}"#), F_ORDER),
        (Method::GET, "/v3/customers/{cA}/subscriptions", none.clone(), F_CUSTOMER),
        (
            Method::POST,
            "/v3/transfers",
            v(r#"{"type": "RESELLER_CHANGE", "action": "COMMIT", "approvalCode": "{acA}", "resellerId": "{rA}"}"#),
            Expect::NotFound(&["1128"]),
        ),
        (Method::GET, "/v3/transfers/{tA}", none.clone(), Expect::NotFound(&["5116"])),
        (Method::POST, "/portal/api/v1/customers/{cA}/reseller-change-code", none.clone(), P404),
        // Linked memberships: the first distributor's customer owns group 51000001.
        (Method::GET, "/v3/linked_membership_groups?country=US", none.clone(), Expect::Forbidden("4121")),
        (Method::POST, "/v3/customers/{cA}/linked_membership/enroll/51000001", none.clone(), F_CUSTOMER),
        (Method::POST, "/v3/customers/{cB}/linked_membership/enroll/51000001", none.clone(), Expect::Invalid("1153")),
        (Method::POST, "/portal/api/v1/customers/{cA}/linked-membership/terms", v(r#"{"decision": "ACCEPT"}"#), P404),
        (Method::POST, "/portal/api/v1/customers/{cA}/linked-membership/code", none.clone(), P404),
        (Method::POST, "/portal/api/v1/customers/{cA}/linked-membership/enroll", v(r#"{"code": "ABCDEFGH"}"#), P404),
        (Method::POST, "/portal/api/v1/customers/{cA}/linked-membership/refresh", none.clone(), P404),
        (Method::GET, "/v3/memberships/{msA}/offers", none.clone(), Expect::Invalid("5115")),
        (Method::POST, "/v3/memberships/{msA}/transfers", v(r#"{"resellerId": "{rA}"}"#), Expect::Invalid("5115")),
        (Method::GET, "/v3/memberships/{mA}/transfers/{mtA}", none.clone(), Expect::Invalid("5116")),
        (Method::GET, "/portal/api/v1/memberships?pageSize=100", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/memberships/ineligible", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/memberships/quick", v(r#"{"companyName": "Intruder Quick"}"#), Expect::Clean),
        (Method::POST, "/portal/api/v1/memberships/custom", v(r#"{"companyName": "Intruder Custom"}"#), Expect::Clean),
        (Method::DELETE, "/portal/api/v1/memberships/{msA}", none.clone(), P404),
        (Method::GET, "/portal/api/v1/transfers?pageSize=100", none.clone(), Expect::Clean),
        (Method::PATCH, "/portal/api/v1/transfers/{mtA}", v(r#"{"status": "1000"}"#), P404),
        (
            Method::POST,
            "/v3/customers/{cA}/subscriptions",
            v(r#"{"offerId": "65304520CA01A12", "autoRenewal": {"enabled": true, "renewalQuantity": 5}}"#),
            F_CUSTOMER,
        ),
        (Method::GET, "/v3/customers/{cA}/subscriptions/{sA}", none.clone(), F_SUB),
        (Method::GET, "/v3/customers/{cB}/subscriptions/{sA}", none.clone(), F_SUB),
        (Method::PATCH, "/v3/customers/{cA}/subscriptions/{sA}", v(r#"{"autoRenewal": {"enabled": false}}"#), F_SUB),
        (Method::PATCH, "/v3/customers/{cB}/subscriptions/{sA}", v(r#"{"autoRenewal": {"enabled": false}}"#), F_SUB),
        (Method::GET, "/v3/customers/{cA}/deployments", none.clone(), F_CUSTOMER),
        (
            Method::POST,
            "/v3/customers/{cA}/deployments",
            v(r#"{"companyProfile": {"address": {"country": "JP",
            "region": "13", "city": "Tokyo", "addressLine1": "1 Main", "postalCode": "100-0001"}}}"#),
            F_CUSTOMER,
        ),
        (Method::GET, "/v3/customers/{cA}/deployments/1450000001", none.clone(), F_CUSTOMER),
        (Method::PATCH, "/v3/customers/{cA}/deployments/1450000001", v(r#"{"status": "1004"}"#), F_CUSTOMER),
        (Method::GET, "/v3/customers/{cA}/flex-discounts", none.clone(), F_CUSTOMER),
        (Method::GET, "/v3/customers/{cA}/open-acquisitions", none.clone(), F_CUSTOMER),
        (
            Method::GET,
            "/v3/notifications?notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id={rA}",
            none.clone(),
            F_RESELLER,
        ),
        (Method::GET, "/v3/flex-discounts?market-segment=COM&country=US", none.clone(), Expect::Clean),
        (
            Method::POST,
            "/v3/recommendations",
            v(r#"{"recommendationContext": "GENERIC", "customerId": "{cA}"}"#),
            F_CUSTOMER,
        ),
        (
            Method::POST,
            "/v3/pricelist?limit=100",
            v(r#"{"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202001"}"#),
            Expect::Clean,
        ),
        (Method::POST, "/v3/customers/{cB}/orders", v(SWITCH), F_SUB),
        (Method::POST, "/v3/customers/{cB}/orders", v(REVERT), F_ORDER),
        (Method::GET, "/v3/offer-switch-paths?market-segment=COM&country=US", none.clone(), Expect::Clean),
        (Method::GET, "/v3/offer-switch-paths?customer-id={cA}&subscription-id={sA}", none.clone(), F_SUB),
        (Method::GET, "/v3/offer-switch-paths?customer-id={cB}&subscription-id={sA}", none.clone(), F_SUB),
        (Method::GET, "/v3/customers/{cA}/subscriptions/{sA}/offer-switch-paths", none.clone(), F_SUB),
        (Method::GET, "/v3/customers/{cB}/subscriptions/{sA}/offer-switch-paths", none.clone(), F_SUB),
        // The portal JSON API.
        (Method::GET, "/portal/api/v1/customers?pageSize=100", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/customers?searchBy=customerId&q={cA}", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/customers?searchBy=resellerId&q={rA}", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/customers/{cA}", none.clone(), P404),
        (Method::PATCH, "/portal/api/v1/customers/{cA}", v(r#"{"status": "1004"}"#), P404),
        (Method::GET, "/portal/api/v1/customers/{cA}/auto-renewal/trigger", none.clone(), P404),
        (Method::POST, "/portal/api/v1/customers/{cA}/auto-renewal/trigger", none.clone(), P404),
        (Method::PATCH, "/portal/api/v1/customers/{cA}/three-year-commit", v(r#"{"status": "COMMITTED"}"#), P404),
        (
            Method::POST,
            "/portal/api/v1/customers/{cA}/three-year-commit/decision",
            v(r#"{"request": "commitmentRequest", "decision": "ACCEPT"}"#),
            P404,
        ),
        (Method::POST, "/portal/api/v1/customers/{cA}/three-year-commit/enroll", none.clone(), P404),
        (Method::POST, "/portal/api/v1/customers/{cA}/hvd", v(r#"{"discountLevel": "18"}"#), P404),
        (Method::PATCH, "/portal/api/v1/customers/{cA}/subscriptions/{sA}", v(r#"{"autoRenewal": false}"#), P404),
        (Method::PATCH, "/portal/api/v1/customers/{cB}/subscriptions/{sA}", v(r#"{"autoRenewal": false}"#), P404),
        (
            Method::POST,
            "/portal/api/v1/customers/{cA}/purchase-authorizations",
            v(r#"{"baseOfferId": "65304479CA01A12", "quantity": 1}"#),
            P404,
        ),
        (Method::PATCH, "/portal/api/v1/customers/{cA}/deployments/1450000001", v(r#"{"status": "1004"}"#), P404),
        (Method::GET, "/portal/api/v1/jobs/{jA}", none.clone(), P404),
        (Method::GET, "/portal/api/v1/resellers?pageSize=100", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/resellers?searchBy=resellerId&q={rA}", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/resellers/{rA}", none.clone(), P404),
        (Method::PATCH, "/portal/api/v1/resellers/{rA}", v(r#"{"status": "1004"}"#), P404),
        (Method::GET, "/portal/api/v1/orders?pageSize=100", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/orders?searchBy=customerId&q={cA}", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/orders?searchBy=orderId&q={oA}", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/orders/{oA}", none.clone(), P404),
        (Method::PATCH, "/portal/api/v1/orders/{oA}", v(r#"{"status": "1008"}"#), P404),
        (Method::POST, "/portal/api/v1/defaults/reseller", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/defaults/customer", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/defaults/orders", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/defaults/set", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/partners", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/partners/{dA}/global-sales", v(r#"{"enabled": true}"#), P404),
        (Method::POST, "/portal/api/v1/jobs/run", v(r#"{"job": "all"}"#), Expect::Clean),
        (Method::GET, "/portal/api/v1/customers/{cA}/renewal-forecast", none.clone(), P404),
        (Method::GET, "/portal/api/v1/requests?limit=1000", none.clone(), Expect::Journal),
        (Method::GET, "/portal/api/v1/requests?customerId={cA}", none.clone(), Expect::Journal),
        // Entry 1 is the first distributor's first recorded request.
        (Method::GET, "/portal/api/v1/requests/1", none.clone(), P404),
        (Method::GET, "/portal/api/v1/snapshots", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/snapshots", v(r#"{"name": "b-snap"}"#), Expect::Clean),
        (Method::POST, "/portal/api/v1/snapshots/a-snap/restore", none.clone(), P404),
        (Method::DELETE, "/portal/api/v1/snapshots/a-snap", none.clone(), P404),
        (Method::GET, "/portal/api/v1/faults", none.clone(), Expect::Clean),
        (
            Method::POST,
            "/portal/api/v1/faults",
            v(
                r#"{"method": "GET", "path": "/v3/customers/{cA}", "action": {"error": {"status": 503, "code": "X503"}}}"#,
            ),
            Expect::Clean,
        ),
        (Method::DELETE, "/portal/api/v1/faults/{fA}", none.clone(), P404),
        (Method::DELETE, "/portal/api/v1/faults", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/flex-discounts?marketSegment=ALL&country=ALL", none.clone(), Expect::Clean),
        (Method::PATCH, "/portal/api/v1/flex-discounts/{xA}", v(r#"{"endDate": "{xEnd}"}"#), Expect::Clean),
        (Method::GET, "/portal/api/v1/customers/{cA}/recommendation-leads", none.clone(), P404),
        (
            Method::POST,
            "/portal/api/v1/customers/{cA}/recommendation-leads",
            v(r#"{"type": "new", "items": [{"offerId": "65304479CA01A12", "quantity": 1}]}"#),
            P404,
        ),
        (Method::DELETE, "/portal/api/v1/customers/{cA}/recommendation-leads", none.clone(), P404),
        (Method::GET, "/portal/api/v1/offers?pageSize=100", none.clone(), Expect::Clean),
        (Method::GET, "/portal/api/v1/countries?priceRegion=NA", none.clone(), Expect::Clean),
        (
            Method::POST,
            "/portal/api/v1/address-validation",
            v(r#"{"priceRegion": "NA", "currency": "USD", "address": {"country": "US", "region": "CA",
                "addressLine1": "1 Main St", "postalCode": "95110"}}"#),
            Expect::Clean,
        ),
        (Method::GET, "/portal/api/v1/clock", none.clone(), Expect::Clean),
        (Method::POST, "/portal/api/v1/clock", v(r#"{"advanceSeconds": 60}"#), Expect::Clean),
        // Last: the second tenant wipes its own records.
        (Method::POST, "/portal/api/v1/reset", none.clone(), Expect::Clean),
    ]
}

async fn second_tenant(app: &TestApp) -> Tenant {
    let boot = vipmp_server::Bootstrap {
        distributor_id: "5000000002".into(),
        client_id: "iso-client".into(),
        client_secret: "iso-secret".into(),
    };
    vipmp_server::bootstrap(&app.state.store, &boot).await.expect("second tenant");
    let form = [("grant_type", "client_credentials"), ("client_id", "iso-client"), ("client_secret", "iso-secret")];
    let a = app.send(app.http.post(app.url("/ims/token/v3")).form(&form)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    Tenant { key: "iso-client".into(), token: a.body["access_token"].as_str().expect("token").to_string() }
}

/// A call as `tenant` (fresh correlation and request ids on writes).
async fn call(app: &TestApp, tenant: &Tenant, method: Method, path: &str, body: &str) -> Answer {
    let mut request = app
        .http
        .request(method.clone(), app.url(path))
        .header("x-api-key", &tenant.key)
        .header("Authorization", format!("Bearer {}", tenant.token));
    if method != Method::GET {
        request = request.header("X-Correlation-Id", unique("iso")).header("X-Request-Id", unique("iso-req"));
    }
    if !body.is_empty() {
        request = request.header("Content-Type", "application/json").body(body.to_string());
    }
    app.send(request).await
}

/// The first distributor's world: a completed order with its subscription, an open order and
/// a pending renewal job (manual jobs mode keeps the last two waiting).
async fn foreign_records(app: &TestApp) -> Foreign {
    let (reseller, customer) = app.active_customer().await;
    let (order, subscription) = app.completed_order(&customer, "65304479CA01A12", 20).await;
    let group = json!({"linkedMembership": {"type": "STANDARD", "name": "Foreign group"}});
    let group = app.patch(&format!("/v3/customers/{customer}"), &group).await;
    assert_eq!(group.body["linkedMembership"]["id"], "51000001", "{}", group.text);
    // A reseller change there and back, then an unused code.
    let other = app.create_reseller().await;
    app.run_jobs().await;
    let mut transfer = String::new();
    for to in [&other, &reseller] {
        let code = app.portal(Method::POST, &format!("/customers/{customer}/reseller-change-code"), &json!(null)).await;
        let body = json!({"type": "RESELLER_CHANGE", "action": "COMMIT", "resellerId": to,
            "approvalCode": code.body["approvalCode"]});
        let commit = app.post("/v3/transfers", &body).await;
        assert_eq!(commit.status, 201, "{}", commit.text);
        transfer = commit.body["transferId"].as_str().expect("transferId").to_string();
    }
    let code = app.portal(Method::POST, &format!("/customers/{customer}/reseller-change-code"), &json!(null)).await;
    let approval_code = code.body["approvalCode"].as_str().expect("approvalCode").to_string();
    let open = app.order(&customer, "NEW", "65304479CA01A12", 5).await;
    assert_eq!(open.status, 202, "{}", open.text);
    let trigger = app.portal(Method::POST, &format!("/customers/{customer}/auto-renewal/trigger"), &json!({})).await;
    assert_eq!(trigger.status, 202, "{}", trigger.text);
    let pa = json!({"baseOfferId": "65304479CA01A12", "quantity": 2});
    let pa = app.portal(Method::POST, &format!("/customers/{customer}/purchase-authorizations"), &pa).await;
    assert_eq!(pa.status, 201, "{}", pa.text);
    let snap = app.portal(Method::POST, "/snapshots", &json!({"name": SNAPSHOT})).await;
    assert_eq!(snap.status, 201, "{}", snap.text);
    let rule = json!({"method": "GET", "path": "/v3/never/*", "action": {"latencyMs": 1}});
    let fault = app.portal(Method::POST, "/faults", &rule).await;
    assert_eq!(fault.status, 201, "{}", fault.text);
    let discounts = app.portal(Method::GET, "/flex-discounts?marketSegment=COM&country=US", &Value::Null).await;
    let reusable = discounts.body["items"].as_array().and_then(|l| l.iter().find(|d| d["reusable"] == true)).cloned();
    let reusable = reusable.unwrap_or_else(|| panic!("a reusable discount: {}", discounts.text));
    let start = reusable["startDate"].as_str().and_then(|s| s.get(..10)).expect("startDate");
    let start = chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").expect("date");
    let quick = |name: &str| {
        let body = json!({"companyName": name});
        async move {
            let a = app.portal(Method::POST, "/memberships/quick", &body).await;
            assert_eq!(a.status, 201, "{}", a.text);
            a.body["membershipId"].as_str().expect("membershipId").to_string()
        }
    };
    let membership = quick("Foreign Membership Moving").await;
    let spare_membership = quick("Foreign Membership Spare").await;
    let moving = app.post(&format!("/v3/memberships/{membership}/transfers"), &json!({"resellerId": reseller})).await;
    assert_eq!(moving.status, 202, "{}", moving.text);
    let membership_transfer = moving.body["transferId"].as_str().expect("transferId").to_string();
    let mut names = vec!["Foreign Membership Moving".to_string(), "Foreign Membership Spare".to_string()];
    for path in [format!("/v3/resellers/{reseller}"), format!("/v3/customers/{customer}")] {
        names.push(app.get(&path).await.body["companyProfile"]["companyName"].as_str().expect("name").to_string());
    }
    Foreign {
        reseller,
        customer,
        order,
        open_order: open.body["orderId"].as_str().expect("orderId").to_string(),
        subscription,
        job: trigger.body["jobId"].as_str().expect("jobId").to_string(),
        fault: fault.body["id"].as_str().expect("fault id").to_string(),
        names,
        discount: reusable["id"].as_str().expect("id").to_string(),
        discount_end: (start + chrono::Days::new(1)).format("%Y-%m-%d").to_string(),
        transfer,
        approval_code,
        membership,
        membership_transfer,
        spare_membership,
    }
}

/// The first distributor's records as it sees them (to show nothing changed).
async fn snapshot(app: &TestApp, f: &Foreign) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        format!("/v3/resellers/{}", f.reseller),
        format!("/v3/customers/{}", f.customer),
        format!("/v3/customers/{}/orders/{}", f.customer, f.order),
        format!("/v3/customers/{}/orders/{}", f.customer, f.open_order),
        format!("/v3/customers/{}/subscriptions", f.customer),
    ] {
        let a = app.get(&path).await;
        assert_eq!(a.status, 200, "{path}: {}", a.text);
        out.push(a.body);
    }
    let job = app.portal(Method::GET, &format!("/jobs/{}", f.job), &Value::Null).await;
    out.push(job.body);
    for path in ["/partners", "/snapshots", "/faults"] {
        out.push(app.portal(Method::GET, path, &Value::Null).await.body);
    }
    let clock = app.portal(Method::GET, "/clock", &Value::Null).await;
    out.push(clock.body["offsetSeconds"].clone());
    let discount = format!("/v3/flex-discounts?market-segment=COM&country=US&flex-discount-id={}", f.discount);
    out.push(app.get(&discount).await.body["flexDiscounts"].clone());
    out.push(app.get(&format!("/v3/customers/{}/open-acquisitions", f.customer)).await.body);
    out.push(app.get(&format!("/v3/memberships/{}/transfers/{}", f.membership, f.membership_transfer)).await.body);
    out.push(app.portal(Method::GET, "/memberships", &Value::Null).await.body);
    out
}

#[tokio::test]
async fn a_second_distributor_cannot_see_or_touch_the_first_ones_records_on_any_route() {
    let app = TestApp::spawn().await;
    let foreign = foreign_records(&app).await;
    let before = snapshot(&app, &foreign).await;
    let tenant = second_tenant(&app).await;
    // The second tenant's own reseller and customer (for the mixed paths).
    let r = call(&app, &tenant, Method::POST, "/portal/api/v1/defaults/set", "").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let own_customer = r.body["customerId"].as_str().expect("customerId").to_string();

    let rows = rows();
    let mut uncovered = Vec::new();
    for (method, template) in declared_routes() {
        if !rows.iter().any(|(m, p, _, _)| m.as_str() == method && fits(&template, p)) {
            uncovered.push(format!("{method} {template}"));
        }
    }
    assert!(uncovered.is_empty(), "routes without an isolation row (add them to rows()): {uncovered:?}");
    assert!(declared_routes().len() >= 40, "the route scan found too little: {:?}", declared_routes());

    // The lists are not empty: they show the second tenant's own records, and only those.
    let customers = call(&app, &tenant, Method::GET, "/portal/api/v1/customers?pageSize=100", "").await;
    let items = customers.body["items"].as_array().expect("items");
    assert!(!items.is_empty(), "{}", customers.text);
    assert!(items.iter().all(|c| c["associations"]["distributorId"] == "5000000002"), "{}", customers.text);
    let orders = call(&app, &tenant, Method::GET, "/portal/api/v1/orders?pageSize=100", "").await;
    assert!(orders.body["totalCount"].as_i64().is_some_and(|n| n >= 3), "{}", orders.text);
    let resellers = call(&app, &tenant, Method::GET, "/v3/resellers?status=1000&status=1002", "").await;
    let accounts = resellers.body["accounts"].as_array().expect("accounts");
    assert!(!accounts.is_empty(), "{}", resellers.text);
    let rid = accounts[0]["resellerId"].as_str().expect("resellerId");
    let mine =
        call(&app, &tenant, Method::GET, &format!("/v3/resellers/{rid}/customers?status=1000&status=1002"), "").await;
    assert!(!mine.body["accounts"].as_array().expect("accounts").is_empty(), "{}", mine.text);
    let filtered = format!("/v3/resellers/{rid}/customers?customer-id={}", foreign.customer);
    let none = call(&app, &tenant, Method::GET, &filtered, "").await;
    assert_eq!(none.body["totalCount"], 0, "{}", none.text);

    let ids = foreign.quoted_ids();
    for (method, template, body, expect) in &rows {
        let path = foreign.fill(template, &own_customer);
        let body = foreign.fill(body, &own_customer);
        let a = call(&app, &tenant, method.clone(), &path, &body).await;
        let what = format!("{method} {path}");
        for name in &foreign.names {
            assert!(!a.text.contains(name.as_str()), "{what} shows a foreign record: {}", a.text);
        }
        match expect {
            Expect::NotFound(codes) => {
                assert_eq!(a.status, 404, "{what}: {}", a.text);
                assert!(codes.contains(&a.code()), "{what}: expected one of {codes:?}: {}", a.text);
                a.assert_error(404, a.code());
            }
            Expect::Invalid(code) => a.assert_error(400, code),
            Expect::Forbidden(code) => a.assert_error(403, code),
            Expect::Clean => {
                assert!((200..300).contains(&a.status), "{what}: {}", a.text);
                for id in &ids {
                    assert!(!a.text.contains(id.as_str()), "{what} shows the foreign id {id}: {}", a.text);
                }
            }
            Expect::Journal => {
                // The second tenant's own requests name the foreign ids it tried; the first
                // tenant's requests (correlation ids `corr-…`, its open order) must not appear.
                assert_eq!(a.status, 200, "{what}: {}", a.text);
                let items = a.body["items"].as_array().expect("items");
                assert!(items.iter().all(|i| i["distributorId"] == "5000000002"), "{what}: {}", a.text);
                assert!(!a.text.contains("\"corr-") && !a.text.contains(&foreign.open_order), "{what}: {}", a.text);
            }
        }
    }

    // Nothing the second tenant did changed the first one's records: its open order is still
    // open and its renewal job still pending (the second tenant's jobs/run is its own).
    let after = snapshot(&app, &foreign).await;
    assert_eq!(before, after, "the first distributor's records changed");
    assert_eq!(after[3]["status"], "1002", "the foreign open order was processed: {}", after[3]);
    assert_eq!(after[5]["status"], "PENDING", "the foreign renewal job ran: {}", after[5]);
    app.run_jobs().await;
    let done = app.get(&format!("/v3/customers/{}/orders/{}", foreign.customer, foreign.open_order)).await;
    assert_eq!(done.body["status"], "1000", "its own jobs/run still works: {}", done.text);
}
