//! The Faults and Requests pages: fault rules (add, remove, clear) and the request journal,
//! over the control surface's functions (`crate::control::{faults, requests}`).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::control_pages::counted;
use super::flash::{self, Flash};
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::control::wire::{FaultActionOut, FaultRuleOut, JournalEntryOut, JournalMessageOut, JournalSummaryOut};
use crate::control::{faults, requests};
use crate::kernel::extract::{PathParams, RawQuery};
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

fn row(rule: &FaultRuleOut) -> FaultRow {
    let action = match &rule.action {
        FaultActionOut::Error(e) => format!("error {} {} {}", e.status, e.code, e.message),
        FaultActionOut::LatencyMs(ms) => format!("latency {ms} ms"),
        FaultActionOut::CommitThenDrop(_) => "commit, then drop the connection".into(),
    };
    let mut limits = Vec::new();
    if let Some(n) = rule.times {
        limits.push(format!("{n} left"));
    }
    if let Some(p) = rule.probability {
        limits.push(format!("p = {p}"));
    }
    FaultRow {
        id: rule.id.clone(),
        method: rule.method.clone().unwrap_or_else(|| "*".into()),
        path: rule.path.clone(),
        customer: rule.customer_id.clone().unwrap_or_default(),
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
    match faults::fault_list(&state, &signed.caller).await {
        Ok(list) => render(&FaultsPage { layout, rules: list.items.iter().map(row).collect(), error: None }),
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
    let request = Bytes::from(rule_of(&typed).to_string());
    let result = faults::add_fault(&state, &signed.caller, &request).await.map(|rule| format!("Added {}.", rule.id));
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
    let result = faults::remove_fault(&state, &signed.caller, &id).await.map(|()| format!("Removed {id}."));
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
    let result = faults::clear_faults(&state, &signed.caller)
        .await
        .map(|c| format!("Removed {}.", counted(c.deleted, "rule", "rules")));
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

/// The instant of an entry as the API writes it (`2025-01-15T10:00:00.120Z`).
fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn entry_row(e: &JournalSummaryOut) -> EntryRow {
    let cut = if e.truncated { " (cut)" } else { "" };
    EntryRow {
        id: e.id.to_string(),
        at: instant(e.at),
        method: e.method.clone(),
        target: if e.query.is_empty() { e.path.clone() } else { format!("{}?{}", e.path, e.query) },
        status: e.status.to_string(),
        customer: e.customer_id.clone().unwrap_or_default(),
        fault: e.fault.clone().unwrap_or_default(),
        sizes: format!("{} B / {} B{cut}", e.request_bytes, e.response_bytes),
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
    match requests::journal_page(&state, &signed.caller, &query).await {
        Ok(list) => {
            let entries = list.items.iter().map(entry_row).collect();
            let older = list.next_before_id.map(|before| {
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

fn message(m: &JournalMessageOut) -> MessageView {
    let (body, json) = pretty_body(&m.body);
    MessageView { headers: m.headers.clone(), body, json, truncated: m.truncated }
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
    let page = match requests::journal_entry(&state, &signed.caller, &id).await {
        Ok(e) => {
            let line = entry_row(&JournalSummaryOut::from(e.clone()));
            let e = JournalEntryOut::from(e);
            let sides = vec![("Request", message(&e.request)), ("Response", message(&e.response))];
            RequestPage { layout, id, entry: Some(line), sides, error: None }
        }
        Err(e) => RequestPage { layout, id, entry: None, sides: Vec::new(), error: Some(error_message(&e)) },
    };
    render(&page)
}
