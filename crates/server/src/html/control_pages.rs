//! The emulator's controls in HTML: the header's clock widget (`POST /portal/clock`) and the
//! Snapshots page (clock, reset, save, restore, delete). A thin layer over the portal JSON
//! handlers (`crate::portal::{clock, snapshots}`), called as functions.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::session::Signed;
use super::{Layout, error_message, render};
use crate::api::error::ApiError;
use crate::api::extract::{Body, PathParams};
use crate::openapi::pages::{
    BadPathParam, HtmxHeader, Page, PageOutcome, PostHeaders, SignedInGet, SignedInPost, TAG, forms,
};
use crate::portal::{clock, snapshots};
use crate::state::AppState;

/// One saved snapshot.
#[derive(Debug, Clone)]
pub struct SnapshotRow {
    /// Name.
    pub name: String,
    /// When it was taken (virtual time).
    pub created_at: String,
    /// Size in bytes.
    pub size: String,
}

/// The Snapshots page.
#[derive(Template)]
#[template(path = "portal/snapshots.html")]
pub struct SnapshotsPage {
    /// The frame.
    pub layout: Layout,
    /// The snapshots, by name.
    pub snapshots: Vec<SnapshotRow>,
    /// What the last operation did.
    pub notice: Option<String>,
    /// A refusal.
    pub error: Option<String>,
}

/// Form fields as pairs.
fn fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

/// Renders the page, with the clock read afresh (after a change it differs from the request's).
async fn page(state: &AppState, signed: &Signed, notice: Option<String>, error: Option<String>) -> Response {
    let mut layout = Layout::new(state, signed, "snapshots");
    if let Ok(Json(view)) = clock::get(State(state.clone()), signed.caller.clone()).await {
        layout.now = view["now"].as_str().unwrap_or_default().to_string();
        layout.frozen = view["frozen"] == true;
    }
    let listed = snapshots::list(State(state.clone()), signed.caller.clone()).await;
    let snapshots = match listed {
        Ok(Json(v)) => v["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|s| SnapshotRow {
                        name: s["name"].as_str().unwrap_or_default().to_string(),
                        created_at: s["createdAt"].as_str().unwrap_or_default().to_string(),
                        size: s["sizeBytes"].to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Err(e) => return render_error(state, signed, &e),
    };
    render(&SnapshotsPage { layout, snapshots, notice, error })
}

fn render_error(state: &AppState, signed: &Signed, e: &ApiError) -> Response {
    let layout = Layout::new(state, signed, "snapshots");
    render(&SnapshotsPage { layout, snapshots: Vec::new(), notice: None, error: Some(error_message(e)) })
}

async fn outcome(state: &AppState, signed: &Signed, result: Result<String, ApiError>) -> Response {
    match result {
        Ok(notice) => page(state, signed, Some(notice), None).await,
        Err(e) => page(state, signed, None, Some(error_message(&e))).await,
    }
}

/// `GET /portal/snapshots`.
#[utoipa::path(
    get, path = "/portal/snapshots", tag = TAG, operation_id = "pageSnapshots",
    summary = "Snapshots: the clock, reset and snapshots", security(("portalSession" = [])), params(HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn snapshots_page(State(state): State<AppState>, signed: Signed) -> Response {
    page(&state, &signed, None, None).await
}

/// `POST /portal/clock`: `advance` (ISO 8601 or `30d`), `set` (an instant or a date) or `freeze`
/// (`true`/`false`) from the header widget or the Snapshots page.
#[utoipa::path(
    post, path = "/portal/clock", tag = TAG, operation_id = "pageClockMove",
    summary = "Move or freeze the sandbox clock", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::ClockForm, content_type = "application/x-www-form-urlencoded"),
    responses(PageOutcome, SignedInPost),
)]
pub async fn move_clock(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let pairs = fields(&body);
    let request = if let Some(a) = field(&pairs, "advance") {
        json!({"advance": a})
    } else if let Some(at) = field(&pairs, "set") {
        json!({"set": at})
    } else {
        json!({"freeze": field(&pairs, "freeze") == Some("true")})
    };
    let bytes = Bytes::from(request.to_string());
    let result = clock::post(State(state.clone()), signed.caller.clone(), Body(bytes)).await.map(|Json(v)| {
        format!(
            "The clock reads {}: {} renewal orders created, {} subscriptions expired, {} orders processed, \
             {} commitments expired.",
            v["now"].as_str().unwrap_or("?"),
            v["renewalOrdersCreated"],
            v["subscriptionsExpired"],
            v["ordersProcessed"],
            v["commitmentsExpired"]
        )
    });
    outcome(&state, &signed, result).await
}

/// `POST /portal/reset`.
#[utoipa::path(
    post, path = "/portal/reset", tag = TAG, operation_id = "pageReset",
    summary = "Reset the distributor to its bootstrap state", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(PageOutcome, SignedInPost),
)]
pub async fn reset(State(state): State<AppState>, signed: Signed) -> Response {
    let result = snapshots::reset(State(state.clone()), signed.caller.clone())
        .await
        .map(|_| "The distributor was reset to its bootstrap state.".to_string());
    outcome(&state, &signed, result).await
}

/// `POST /portal/snapshots` (`name`).
#[utoipa::path(
    post, path = "/portal/snapshots", tag = TAG, operation_id = "pageSnapshotSave", summary = "Save a snapshot",
    security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::SnapshotForm, content_type = "application/x-www-form-urlencoded"),
    responses(PageOutcome, SignedInPost),
)]
pub async fn save(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let pairs = fields(&body);
    let name = field(&pairs, "name").unwrap_or_default();
    let bytes = Bytes::from(json!({"name": name}).to_string());
    let result = snapshots::save(State(state.clone()), signed.caller.clone(), Body(bytes)).await.map(|(_, Json(v))| {
        format!("Saved snapshot {} ({} bytes).", v["name"].as_str().unwrap_or("?"), v["sizeBytes"])
    });
    outcome(&state, &signed, result).await
}

/// `POST /portal/snapshots/{name}/restore`.
#[utoipa::path(
    post, path = "/portal/snapshots/{name}/restore", tag = TAG, operation_id = "pageSnapshotRestore",
    summary = "Restore a snapshot", security(("portalSession" = [])),
    params(("name" = String, Path, description = "The snapshot's name."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(PageOutcome, SignedInPost, BadPathParam),
)]
pub async fn restore(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let name = path.get(0).to_string();
    let result = snapshots::restore(State(state.clone()), signed.caller.clone(), path)
        .await
        .map(|_| format!("Restored snapshot {name}."));
    outcome(&state, &signed, result).await
}

/// `POST /portal/snapshots/{name}/delete`.
#[utoipa::path(
    post, path = "/portal/snapshots/{name}/delete", tag = TAG, operation_id = "pageSnapshotDelete",
    summary = "Delete a snapshot", security(("portalSession" = [])),
    params(("name" = String, Path, description = "The snapshot's name."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(PageOutcome, SignedInPost, BadPathParam),
)]
pub async fn delete(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let name = path.get(0).to_string();
    let result = snapshots::delete(State(state.clone()), signed.caller.clone(), path)
        .await
        .map(|_| format!("Deleted snapshot {name}."));
    outcome(&state, &signed, result).await
}

/// The value a form shows for a JSON field (strings without quotes).
pub fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
