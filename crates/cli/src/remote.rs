//! A small client of a running sandbox's portal API, for the verbs that steer it (`clock`,
//! `reset`, `snapshot`, `customer`, `faults`, `requests`): credentials, a token from
//! `/ims/token/v3`, Adobe errors as messages, a spinner while a long call runs.

use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::Value;

/// Where the sandbox is and who calls it (every remote verb takes these).
#[derive(Debug, Clone, Args)]
pub struct RemoteArgs {
    /// Base URL of the running sandbox.
    #[arg(long, env = "VIPMP_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub url: String,
    /// API client id (the `X-Api-Key`).
    #[arg(long, env = "VIPMP_CLIENT_ID", default_value = "vipmp-sandbox-client", global = true)]
    pub client_id: String,
    /// API client secret.
    #[arg(
        long,
        env = "VIPMP_CLIENT_SECRET",
        default_value = "vipmp-sandbox-secret",
        hide_env_values = true,
        global = true
    )]
    pub client_secret: String,
    /// Print the server's JSON answer instead of a summary.
    #[arg(long, global = true)]
    pub json: bool,
}

/// An authenticated portal API client.
pub struct Remote {
    http: reqwest::Client,
    base: String,
    client_id: String,
    token: String,
    /// Whether to print JSON.
    pub json: bool,
}

impl Remote {
    /// Gets a token for the client.
    pub async fn connect(args: &RemoteArgs) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().build().context("HTTP client")?;
        let base = args.url.trim_end_matches('/').to_string();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", args.client_id.as_str()),
            ("client_secret", args.client_secret.as_str()),
        ];
        let response = http
            .post(format!("{base}/ims/token/v3"))
            .form(&form)
            .send()
            .await
            .with_context(|| format!("cannot reach the sandbox at {base}"))?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let Some(token) = body["access_token"].as_str() else {
            bail!("sign-in refused ({status}): {}", body["error_description"].as_str().unwrap_or("no token"));
        };
        Ok(Self { http, base, client_id: args.client_id.clone(), token: token.to_string(), json: args.json })
    }

    /// Calls `/portal/api/v1{path}`; an error answer becomes an error naming Adobe's code.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .request(method, format!("{}/portal/api/v1{path}", self.base))
            .header("x-api-key", &self.client_id)
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.with_context(|| format!("cannot reach the sandbox at {}", self.base))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        let value: Value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) };
        if !status.is_success() {
            let details = value["additionalDetails"]
                .as_array()
                .map(|d| d.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; "))
                .unwrap_or_default();
            let message = value["message"].as_str().unwrap_or(text.as_str());
            let code = value["code"].as_str().unwrap_or("");
            bail!(
                "{status} {code} {message}{}",
                if details.is_empty() { String::new() } else { format!(": {details}") }
            );
        }
        Ok(value)
    }

    /// [`Remote::call`] with a spinner saying `what` while it runs (on a terminal only).
    pub async fn call_with_spinner(
        &self,
        what: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        let result = self.call(method, path, body).await;
        bar.finish_and_clear();
        result
    }

    /// Prints `value` as JSON with `--json`, otherwise `summary`.
    pub fn print(&self, value: &Value, summary: impl FnOnce(&Value) -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        } else {
            println!("{}", summary(value));
        }
    }
}

/// `30d`, `1y2mo`, `12h`, `90s`, `2w` (units `y`, `mo`, `w`, `d`, `h`, `m` = minutes, `s`) as
/// an ISO 8601 duration; an ISO duration (`P1Y2M`) passes through.
pub fn iso_duration(text: &str) -> anyhow::Result<String> {
    vipmp_core::duration::shorthand_to_iso(text).map_err(anyhow::Error::msg)
}
