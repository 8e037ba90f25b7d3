//! `/metrics` lives on its own listener (issue 20, item 9): with `--metrics-listen` the server
//! prints the address, serves the Prometheus text there without credentials, and the public
//! listener answers 404 to it even with a valid API key; without the flag nothing serves it.

mod support;

use std::time::Duration;

use support::{Server, serve_command, sqlite};

const CLIENT_ID: &str = "metrics-client";

#[tokio::test]
async fn metrics_are_served_on_their_own_listener_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = serve_command(&sqlite(&dir.path().join("db")));
    command.args(["--metrics-listen", "127.0.0.1:0", "--client-id", CLIENT_ID]).env("VIPMP_LOG", "warn");
    let server = Server::start(command);
    let lines = server.more_lines(Duration::from_millis(500));
    let metrics = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("metrics: "))
        .unwrap_or_else(|| panic!("no metrics line in {lines:?}"))
        .to_string();
    assert_ne!(metrics, format!("{}/metrics", server.base), "a listener of its own");
    let http = reqwest::Client::new();
    let ping = http.get(format!("{}/ping", server.base)).header("x-api-key", CLIENT_ID).send().await.expect("ping");
    assert_eq!(ping.status(), 200);
    let scraped = http.get(&metrics).send().await.expect("scrape");
    assert_eq!(scraped.status(), 200);
    let text = scraped.text().await.expect("text");
    assert!(text.contains("http_requests_total") && text.contains(r#"route="/ping""#), "{text}");
    let public = http.get(format!("{}/metrics", server.base)).header("x-api-key", CLIENT_ID).send().await;
    let public = public.expect("public");
    assert_eq!(public.status(), 404);
    assert!(!public.text().await.expect("text").contains("http_requests_total"));
    drop(server);

    let plain = Server::start(serve_command(&sqlite(&dir.path().join("db2"))));
    let lines = plain.more_lines(Duration::from_millis(500));
    assert!(!lines.iter().any(|l| l.contains("metrics:")), "{lines:?}");
    let public = http.get(format!("{}/metrics", plain.base)).send().await.expect("public");
    assert_eq!(public.status(), 404);
}
