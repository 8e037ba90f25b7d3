//! Secrets never reach the logs: with every log target at `trace`, in both log formats, the
//! client secret (form field, HTTP Basic, JWT exchange, portal sign-in, even a query string),
//! the access tokens and the portal session id appear nowhere on stderr, and a non-default
//! secret is not echoed on stdout either.

mod support;

use std::process::Stdio;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;
use support::{Server, serve_command, sqlite, token_answer};

const CLIENT_ID: &str = "log-client";
const SECRET: &str = "Very-Secret-Value-42";

async fn exercise(base: &str) -> Vec<String> {
    let http = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build();
    let http = http.expect("client");
    let mut leaks = Vec::new();
    let (_, token) = token_answer(&http, base, CLIENT_ID, SECRET).await;
    let token = token["access_token"].as_str().expect("access_token").to_string();
    leaks.push(token.clone());
    let wrong = [("grant_type", "client_credentials"), ("client_id", CLIENT_ID), ("client_secret", "Wrong-Secret-99")];
    let _ = http.post(format!("{base}/ims/token/v3")).form(&wrong).send().await.expect("wrong");
    leaks.push("Wrong-Secret-99".into());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
    let grant = [("grant_type", "client_credentials")];
    let r = http.post(format!("{base}/ims/token/v3")).header("Authorization", format!("Basic {basic}")).form(&grant);
    let r = r.send().await;
    let basic_token: Value = r.expect("basic").json().await.expect("json");
    leaks.push(basic_token["access_token"].as_str().expect("token").to_string());
    leaks.push(basic);
    let jwt = [("client_id", CLIENT_ID), ("client_secret", SECRET), ("jwt_token", "a.b.c")];
    let _ = http.post(format!("{base}/ims/exchange/jwt")).form(&jwt).send().await.expect("jwt");
    let _ = http.post(format!("{base}/ims/token/v3?client_secret={SECRET}")).send().await.expect("query");
    for path in ["/v3/resellers", "/portal/api/v1/customers", "/v3/customers/1/orders"] {
        let _ = http.get(format!("{base}{path}")).header("x-api-key", CLIENT_ID).bearer_auth(&token).send().await;
    }
    let r = http
        .post(format!("{base}/v3/resellers"))
        .header("x-api-key", CLIENT_ID)
        .header("Authorization", format!("Bearer {token}"))
        .header("X-Correlation-Id", "log-1")
        .json(&serde_json::json!({"distributorId": "5000000001"}))
        .send()
        .await
        .expect("write");
    assert_eq!(r.status().as_u16(), 400);
    // The HTML portal's sign-in.
    let page = http.get(format!("{base}/portal")).send().await.expect("page").text().await.expect("html");
    let at = page.find("name=\"csrf\" value=\"").expect("csrf") + "name=\"csrf\" value=\"".len();
    let csrf = page[at..].split('"').next().unwrap_or("").to_string();
    let form = [("csrf", csrf.as_str()), ("client_id", CLIENT_ID), ("client_secret", SECRET)];
    let r = http.post(format!("{base}/portal/sign-in")).form(&form).send().await.expect("sign in");
    assert_eq!(r.status().as_u16(), 303);
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("vipmp_session=").map(|s| s.split(';').next().unwrap_or("").to_string()))
        .expect("session");
    leaks.push(session);
    let _ = http.get(format!("{base}/portal/customers")).send().await.expect("customers");
    leaks.push(SECRET.into());
    leaks
}

#[tokio::test]
async fn no_secret_or_token_is_ever_logged_even_at_trace() {
    for format in ["human", "json"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut command = serve_command(&sqlite(&dir.path().join("db")));
        command
            .args(["--jobs-mode", "auto", "--log-format", format])
            .args(["--client-id", CLIENT_ID, "--client-secret", SECRET])
            .env("VIPMP_LOG", "trace")
            .stderr(Stdio::piped());
        let mut server = Server::start(command);
        let leaks = exercise(&server.base).await;
        server.sigterm();
        let deadline = Instant::now() + Duration::from_secs(15);
        while server.child.try_wait().expect("wait").is_none() {
            assert!(Instant::now() < deadline, "no exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
        let stdout: Vec<String> = server.stdout.try_iter().chain(std::iter::once(server.banner.clone())).collect();
        let logs = server.stderr();
        // Each request logs its start and end at DEBUG: seen only when the filter let them through.
        let requests = logs.matches("started processing request").count();
        assert!(requests > 10, "trace logging was not on ({format}): {logs}");
        for secret in &leaks {
            assert!(!logs.contains(secret.as_str()), "{format} logs contain {secret:?}");
            assert!(!stdout.iter().any(|l| l.contains(secret.as_str())), "stdout contains {secret:?}: {stdout:?}");
        }
    }
}
