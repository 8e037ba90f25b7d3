//! Browser end-to-end test of the HTML portal: starts the real binary, seeds a reseller, a
//! customer and a completed NEW order through CPAPI, then runs `tests/e2e/portal.e2e.mjs`
//! (playwright-core driving Debian's chromium) and asserts that it passed. Screenshots of
//! each step land in `target/e2e-screenshots/`.
//!
//! Without `node_modules/playwright-core`, `node` or `/usr/bin/chromium` the test prints
//! `skipped: …` and passes, unless `CI=true`, where it fails. `UPDATE_README_SCREENSHOT=1`
//! also refreshes `docs/portal-customers.png`.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Server, send, serve_command, skip, sqlite, token_answer, workspace_root};

const CLIENT_ID: &str = "k";
const SECRET: &str = "s";
const CHROMIUM: &str = "/usr/bin/chromium";

fn start(db: &Path) -> Server {
    let mut command = serve_command(&sqlite(db));
    command
        .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
        .args(["--jobs-mode", "auto", "--order-processing-delay-secs", "0", "--renewal-trigger-delay-secs", "1"])
        .args(["--renewal-cooldown-secs", "15"])
        .env("VIPMP_LOG", "warn");
    Server::start(command)
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Seeds an active reseller, an active COM customer and a completed NEW order; returns the
/// customer id.
async fn seed(base: &str) -> String {
    let http = reqwest::Client::new();
    let (status, t) = token_answer(&http, base, CLIENT_ID, SECRET).await;
    assert_eq!(status, 200, "{t}");
    let token = t["access_token"].as_str().expect("access_token").to_string();
    let mut n = 0;
    let mut post = |path: &str, body: Value| {
        n += 1;
        http.post(format!("{base}{path}"))
            .header("x-api-key", CLIENT_ID)
            .header("Authorization", format!("Bearer {token}"))
            .header("X-Correlation-Id", format!("browser-{}-{n}", std::process::id()))
            .json(&body)
    };
    let address = json!({"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
                         "addressLine2": "", "postalCode": "95110", "phoneNumber": ""});
    let (status, r) = send(post(
        "/v3/resellers",
        json!({"distributorId": "5000000001",
        "companyProfile": {"companyName": "Browser Reseller", "preferredLanguage": "en-US", "address": address,
            "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]}}),
    ))
    .await;
    assert_eq!(status, 201, "{r}");
    let reseller = r["resellerId"].as_str().expect("resellerId").to_string();
    let (status, c) = send(post(
        "/v3/customers",
        json!({"resellerId": reseller,
        "companyProfile": {"companyName": "Browser Customer", "preferredLanguage": "en-US", "address": address,
            "contacts": [{"firstName": "Grace", "lastName": "Hopper", "email": "grace@example.com"}]}}),
    ))
    .await;
    assert_eq!(status, 201, "{c}");
    let customer = c["customerId"].as_str().expect("customerId").to_string();
    let order = json!({"orderType": "NEW", "currencyCode": "USD",
                       "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 20}]});
    let (status, o) = send(post(&format!("/v3/customers/{customer}/orders"), order)).await;
    assert_eq!(status, 202, "{o}");
    let order_id = o["orderId"].as_str().expect("orderId").to_string();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let get = http
            .get(format!("{base}/v3/customers/{customer}/orders/{order_id}"))
            .header("x-api-key", CLIENT_ID)
            .header("Authorization", format!("Bearer {token}"));
        let (_, o) = send(get).await;
        if o["status"] == "1000" {
            break;
        }
        assert!(Instant::now() < deadline, "the order was not processed: {o}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    customer
}

#[tokio::test]
async fn the_portal_works_in_a_real_browser() {
    let root = workspace_root();
    if !root.join("node_modules/playwright-core").is_dir() {
        return skip("node_modules/playwright-core is missing (run `npm ci`)");
    }
    if !Path::new(CHROMIUM).exists() {
        return skip("/usr/bin/chromium is missing (apt-get install chromium)");
    }
    if !node_available() {
        return skip("node is not installed");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start(&dir.path().join("db"));
    let customer = seed(&server.base).await;
    let shots = root.join("target/e2e-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let mut script = Command::new("node");
    script
        .arg(root.join("tests/e2e/portal.e2e.mjs"))
        .current_dir(&root)
        .env("PORTAL_URL", &server.base)
        .env("CLIENT_ID", CLIENT_ID)
        .env("CLIENT_SECRET", SECRET)
        .env("CUSTOMER_ID", &customer)
        .env("SCREENSHOT_DIR", &shots);
    if std::env::var("UPDATE_README_SCREENSHOT").as_deref() == Ok("1") {
        script.env("README_SCREENSHOT", root.join("docs/portal-customers.png"));
    }
    let output = tokio::task::spawn_blocking(move || script.output()).await.expect("join").expect("run node");
    println!("{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser test failed: {:?}", output.status);
    drop(server);
}
