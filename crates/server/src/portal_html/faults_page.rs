//! The Faults and Requests pages: fault rules (add, remove, clear) and the request journal,
//! over the portal JSON handlers (`crate::control::{faults, requests}`).

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::control_pages::{counted, shown};
use super::flash::{self, Flash};
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::control::{faults, requests};
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::portal_html::docs::{BadPathParam, Page, Redirected, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, PostHeaders, RequestsQuery};
use crate::portal_html::forms;

/// One fault rule, as the page lists it.
#[derive(Debug, Clone)]
pub struct FaultRow {
    /// `flt-N`.
    pub id: String,
    /// Method or `*`.
    pub method: String,
    /// Path pattern.
    pub path: String,
    /// Customer filter.
    pub customer: String,
    /// What it does.
    pub action: String,
    /// Applications left, probability.
    pub limits: String,
}

/// The Faults page.
#[derive(Template)]
#[template(path = "portal/faults.html")]
pub struct FaultsPage {
    /// The frame.
    pub layout: Layout,
    /// The rules, oldest first.
    pub rules: Vec<FaultRow>,
    /// The rules could not be listed.
    pub error: Option<String>,
}

fn row(rule: &Value) -> FaultRow {
    let action = &rule["action"];
    let action = if let Some(e) = action.get("error") {
        format!("error {} {} {}", e["status"], shown(&e["code"]), shown(&e["message"]))
    } else if let Some(ms) = action.get("latencyMs") {
        format!("latency {ms} ms")
    } else {
        "commit, then drop the connection".into()
    };
    let mut limits = Vec::new();
    if let Some(n) = rule["times"].as_u64() {
        limits.push(format!("{n} left"));
    }
    if let Some(p) = rule["probability"].as_f64() {
        limits.push(format!("p = {p}"));
    }
    FaultRow {
        id: shown(&rule["id"]),
        method: rule["method"].as_str().unwrap_or("*").to_string(),
        path: shown(&rule["path"]),
        customer: shown(&rule["customerId"]),
        action,
        limits: limits.join(", "),
    }
}

/// The Faults page's path (where its forms come back to).
const FAULTS: &str = "/portal/faults";

/// `GET /portal/faults`.
#[utoipa::path(
    get, path = "/portal/faults", tag = TAG, operation_id = "pageFaults", summary = "Faults: the fault rules",
    security(("portalSession" = [])), params(HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn faults_page(State(state): State<AppState>, signed: Signed) -> Response {
    let layout = Layout::new(&state, &signed, "faults");
    match faults::list(State(state.clone()), signed.caller.clone()).await {
        Ok(Json(v)) => {
            let rules = v["items"].as_array().map(|items| items.iter().map(row).collect()).unwrap_or_default();
            render(&FaultsPage { layout, rules, error: None })
        }
        Err(e) => render(&FaultsPage { layout, rules: Vec::new(), error: Some(error_message(&e)) }),
    }
}

/// A number typed in a form as JSON: an integer or a decimal when it reads as one, else the
/// text itself (the portal API then refuses it, naming the field).
fn number(raw: String) -> Value {
    raw.parse::<i64>().map(Value::from).or_else(|_| raw.parse::<f64>().map(Value::from)).unwrap_or(Value::String(raw))
}

/// The rule a form describes (`kind` = `error`, `latency` or `drop`). Numbers go to the portal
/// API as typed, so a value it refuses (`times = -1`, `0` ms) is refused here too.
fn rule_of(pairs: &[(String, String)]) -> Value {
    let get = |k: &str| flash::value(pairs, k).filter(|v| !v.is_empty());
    let action = match get("kind").as_deref() {
        Some("latency") => json!({"latencyMs": number(get("latencyMs").unwrap_or_default())}),
        Some("drop") => json!({"commitThenDrop": true}),
        _ => json!({"error": {
            "status": get("status").map_or(json!(500), number),
            "code": get("code").unwrap_or_default(),
            "message": get("message").unwrap_or_default(),
        }}),
    };
    let mut rule = json!({"path": get("path").unwrap_or_default(), "action": action});
    if let Some(m) = get("method").filter(|m| m != "*") {
        rule["method"] = json!(m);
    }
    if let Some(c) = get("customerId") {
        rule["customerId"] = json!(c);
    }
    if let Some(t) = get("times") {
        rule["times"] = number(t);
    }
    if let Some(p) = get("probability") {
        rule["probability"] = number(p);
    }
    rule
}

/// `POST /portal/faults`.
#[utoipa::path(
    post, path = "/portal/faults", tag = TAG, operation_id = "pageFaultAdd", summary = "Add a fault rule",
    security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::FaultForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn add(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let typed = flash::pairs(&body);
    let bytes = Bytes::from(rule_of(&typed).to_string());
    let result = faults::add(State(state.clone()), signed.caller.clone(), Body(bytes))
        .await
        .map(|(_, Json(v))| format!("Added {}.", shown(&v["id"])));
    Flash::of(result, "fault", &typed).redirect(&signed, FAULTS)
}

/// `POST /portal/faults/{id}/delete`.
#[utoipa::path(
    post, path = "/portal/faults/{id}/delete", tag = TAG, operation_id = "pageFaultRemove",
    summary = "Remove a fault rule", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The rule id (`flt-N`)."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn remove(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let result =
        faults::remove(State(state.clone()), signed.caller.clone(), path).await.map(|_| format!("Removed {id}."));
    Flash::of(result, "remove", &[]).redirect(&signed, FAULTS)
}

/// `POST /portal/faults/clear`.
#[utoipa::path(
    post, path = "/portal/faults/clear", tag = TAG, operation_id = "pageFaultsClear",
    summary = "Remove every fault rule", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn clear(State(state): State<AppState>, signed: Signed) -> Response {
    let result = faults::clear(State(state.clone()), signed.caller.clone())
        .await
        .map(|Json(v)| format!("Removed {}.", counted(v["deleted"].as_u64().unwrap_or(0), "rule", "rules")));
    Flash::of(result, "clear", &[]).redirect(&signed, FAULTS)
}

/// One journal entry, as the Requests page lists it (its headers and bodies are on its own
/// page, `/portal/requests/{id}`).
#[derive(Debug, Clone)]
pub struct EntryRow {
    /// Entry id.
    pub id: String,
    /// When (virtual time).
    pub at: String,
    /// Method.
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Status.
    pub status: String,
    /// Customer of the path.
    pub customer: String,
    /// The fault applied, if any.
    pub fault: String,
    /// Body sizes, e.g. `120 B / 2048 B (cut)`.
    pub sizes: String,
}

fn entry_row(e: &Value) -> EntryRow {
    let query = shown(&e["query"]);
    let cut = if e["truncated"] == true { " (cut)" } else { "" };
    EntryRow {
        id: shown(&e["id"]),
        at: shown(&e["at"]),
        method: shown(&e["method"]),
        target: if query.is_empty() { shown(&e["path"]) } else { format!("{}?{query}", shown(&e["path"])) },
        status: shown(&e["status"]),
        customer: shown(&e["customerId"]),
        fault: shown(&e["fault"]),
        sizes: format!("{} B / {} B{cut}", shown(&e["requestBytes"]), shown(&e["responseBytes"])),
    }
}

/// The Requests page.
#[derive(Template)]
#[template(path = "portal/requests.html")]
pub struct RequestsPage {
    /// The frame.
    pub layout: Layout,
    /// The filters as given (method, path, status, customer id, limit).
    pub filters: Vec<(&'static str, &'static str, String)>,
    /// The entries, newest first.
    pub entries: Vec<EntryRow>,
    /// The query of the next (older) page, when the page is full.
    pub older: Option<String>,
    /// A refusal.
    pub error: Option<String>,
}

/// `GET /portal/requests?method=&path=&status=&customerId=&limit=&beforeId=`.
#[utoipa::path(
    get, path = "/portal/requests", tag = TAG, operation_id = "pageRequests", summary = "Requests: the request journal",
    security(("portalSession" = [])), params(RequestsQuery, HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn requests_page(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let layout = Layout::new(&state, &signed, "requests");
    let given = |k: &str| query.single(k).ok().flatten().unwrap_or_default().to_string();
    let filters = vec![
        ("method", "Method", given("method")),
        ("path", "Path", given("path")),
        ("status", "Status", given("status")),
        ("customerId", "Customer ID", given("customerId")),
        ("limit", "Limit", given("limit")),
    ];
    let result = requests::list(State(state.clone()), signed.caller.clone(), query).await;
    match result {
        Ok(Json(v)) => {
            let entries = v["items"].as_array().map(|items| items.iter().map(entry_row).collect()).unwrap_or_default();
            let older = v["nextBeforeId"].as_i64().map(|before| {
                let mut q = form_urlencoded::Serializer::new(String::new());
                for (key, _, value) in filters.iter().filter(|f| !f.2.is_empty()) {
                    q.append_pair(key, value);
                }
                q.append_pair("beforeId", &before.to_string());
                q.finish()
            });
            render(&RequestsPage { layout, filters, entries, older, error: None })
        }
        Err(e) => {
            render(&RequestsPage { layout, filters, entries: Vec::new(), older: None, error: Some(error_message(&e)) })
        }
    }
}

/// One side of a recorded exchange, as the page shows it.
#[derive(Debug, Clone, Default)]
pub struct MessageView {
    /// Headers in order (secrets redacted).
    pub headers: Vec<(String, String)>,
    /// The body: a JSON body pretty-printed, any other as recorded.
    pub body: String,
    /// Whether the body is JSON.
    pub json: bool,
    /// Whether the body was cut when it was recorded.
    pub truncated: bool,
}

/// A JSON body pretty-printed (quotes and all, not as an escaped string); any other text as it is.
pub fn pretty_body(body: &str) -> (String, bool) {
    match serde_json::from_str::<Value>(body) {
        Ok(v) if !body.trim().is_empty() => (serde_json::to_string_pretty(&v).unwrap_or_else(|_| body.into()), true),
        _ => (body.to_string(), false),
    }
}

fn message(v: &Value) -> MessageView {
    let headers = v["headers"]
        .as_array()
        .map(|h| {
            h.iter()
                .filter_map(|pair| Some((pair.get(0)?.as_str()?.to_string(), pair.get(1)?.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let (body, json) = pretty_body(v["body"].as_str().unwrap_or_default());
    MessageView { headers, body, json, truncated: v["truncated"] == true }
}

/// One journal entry's page.
#[derive(Template)]
#[template(path = "portal/request_detail.html")]
pub struct RequestPage {
    /// The frame.
    pub layout: Layout,
    /// The id asked for.
    pub id: String,
    /// The entry's line: method, path and query, status, time, customer, fault.
    pub entry: Option<EntryRow>,
    /// The request and the response, titled.
    pub sides: Vec<(&'static str, MessageView)>,
    /// A refusal.
    pub error: Option<String>,
}

/// `GET /portal/requests/{id}`: one entry with its headers and bodies (JSON bodies pretty-printed).
#[utoipa::path(
    get, path = "/portal/requests/{id}", tag = TAG, operation_id = "pageRequest",
    summary = "Requests: one entry with its headers and bodies",
    security(("portalSession" = [])), params(("id" = i64, Path, description = "The entry's id."), HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn request_page(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let layout = Layout::new(&state, &signed, "requests");
    let id = path.get(0).to_string();
    let page = match requests::get(State(state.clone()), signed.caller.clone(), path).await {
        Ok(Json(v)) => RequestPage {
            layout,
            id,
            entry: Some(entry_row(&v)),
            sides: vec![("Request", message(&v["request"])), ("Response", message(&v["response"]))],
            error: None,
        },
        Err(e) => RequestPage { layout, id, entry: None, sides: Vec::new(), error: Some(error_message(&e)) },
    };
    render(&page)
}
