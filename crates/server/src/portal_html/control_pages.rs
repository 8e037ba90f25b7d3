//! The emulator's controls in HTML: the header's clock widget (`POST /portal/clock`) and the
//! Snapshots page (clock, reset, save, restore, delete). A thin layer over the control surface's
//! functions (`crate::control::{clock, snapshots}`).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::flash::{self, Flash};
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::control::{clock, snapshots};
use crate::kernel::error::ApiError;
use crate::kernel::extract::PathParams;
use crate::kernel::state::AppState;
use crate::portal_html::docs::{BadPathParam, Page, Redirected, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, PostHeaders};
use crate::portal_html::forms;

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
    /// The snapshots could not be listed.
    pub error: Option<String>,
}

/// The Snapshots page's path (where its forms come back to).
const SNAPSHOTS: &str = "/portal/snapshots";

/// Renders the page, with the clock read afresh (after a change it differs from the request's).
async fn page(state: &AppState, signed: &Signed) -> Response {
    let mut layout = Layout::new(state, signed, "snapshots");
    if let Ok(view) = clock::clock(state, &signed.caller).await {
        layout.now = view.now;
        layout.frozen = view.frozen;
    }
    let (snapshots, error) = match snapshots::snapshot_list(state, &signed.caller).await {
        Ok(list) => {
            let rows = list.items.into_iter().map(|s| SnapshotRow {
                name: s.name,
                created_at: s.created_at,
                size: s.size_bytes.to_string(),
            });
            (rows.collect(), None)
        }
        Err(e) => (Vec::new(), Some(error_message(&e))),
    };
    render(&SnapshotsPage { layout, snapshots, error })
}

/// Back to the Snapshots page with the outcome of `form`.
fn outcome(signed: &Signed, result: Result<String, ApiError>, form: &str, typed: &[(String, String)]) -> Response {
    Flash::of(result, form, typed).redirect(signed, SNAPSHOTS)
}

/// `GET /portal/snapshots`.
#[utoipa::path(
    get, path = "/portal/snapshots", tag = TAG, operation_id = "pageSnapshots",
    summary = "Snapshots: the clock, reset and snapshots", security(("portalSession" = [])), params(HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn snapshots_page(State(state): State<AppState>, signed: Signed) -> Response {
    page(&state, &signed).await
}

/// `POST /portal/clock`: `advance` (ISO 8601 or `30d`), `set` (an instant or a date) or `freeze`
/// (`true`/`false`) from the header widget or the Snapshots page.
#[utoipa::path(
    post, path = "/portal/clock", tag = TAG, operation_id = "pageClockMove",
    summary = "Move or freeze the sandbox clock", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::ClockForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn move_clock(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let typed = flash::pairs(&body);
    let field = |k: &str| flash::value(&typed, k).filter(|v| !v.is_empty());
    // The field the form has: its refusal is shown there.
    let which = if flash::value(&typed, "set").is_some() { "set" } else { "advance" };
    let to = flash::back(&typed, SNAPSHOTS);
    let request = if let Some(a) = field("advance") {
        json!({"advance": a})
    } else if let Some(at) = field("set") {
        json!({"set": at})
    } else if let Some(f) = field("freeze") {
        json!({"freeze": f == "true"})
    } else {
        let rule = if which == "set" { "an instant or a date" } else { "a duration (30d, 1y2mo, P1Y2M3DT4H)" };
        let e = ApiError(vipmp_core::error::CoreError::bad_field(which, rule));
        return Flash::refused_at(&e, &form_name(&typed), which, &typed).redirect(&signed, &to);
    };
    let result = clock::move_clock(&state, &signed.caller, &Bytes::from(request.to_string())).await.map(|v| {
        let count = |n: usize, one: &str, many: &str| counted(n as u64, one, many);
        format!(
            "The clock reads {}: {}, {}, {}, {}.",
            v.clock.now,
            count(v.renewal_orders_created, "renewal order created", "renewal orders created"),
            count(v.subscriptions_expired, "subscription expired", "subscriptions expired"),
            count(v.orders_processed, "order processed", "orders processed"),
            count(v.commitments_expired, "commitment expired", "commitments expired"),
        )
    });
    let flash = match result {
        Ok(notice) => Flash::notice(notice),
        Err(e) => Flash::refused_at(&e, &form_name(&typed), which, &typed),
    };
    flash.redirect(&signed, &to)
}

/// The form a POST names (its hidden `form` field), or `""`.
fn form_name(typed: &[(String, String)]) -> String {
    flash::value(typed, flash::FORM_FIELD).unwrap_or_default()
}

/// `1 renewal order created`, `2 renewal orders created`: `one` or `many` after the number.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// `POST /portal/reset`.
#[utoipa::path(
    post, path = "/portal/reset", tag = TAG, operation_id = "pageReset",
    summary = "Reset the distributor to its bootstrap state", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn reset(State(state): State<AppState>, signed: Signed) -> Response {
    let result = snapshots::reset_distributor(&state, &signed.caller)
        .await
        .map(|_| "The distributor was reset to its bootstrap state.".to_string());
    outcome(&signed, result, "reset", &[])
}

/// `POST /portal/snapshots` (`name`).
#[utoipa::path(
    post, path = "/portal/snapshots", tag = TAG, operation_id = "pageSnapshotSave", summary = "Save a snapshot",
    security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::SnapshotForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn save(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let typed = flash::pairs(&body);
    let name = flash::value(&typed, "name").unwrap_or_default();
    let request = Bytes::from(json!({"name": name}).to_string());
    let result = snapshots::save_snapshot(&state, &signed.caller, &request)
        .await
        .map(|v| format!("Saved snapshot {} ({} bytes).", v.info.name, v.info.size_bytes));
    outcome(&signed, result, "snapshot", &typed)
}

/// `POST /portal/snapshots/{name}/restore`.
#[utoipa::path(
    post, path = "/portal/snapshots/{name}/restore", tag = TAG, operation_id = "pageSnapshotRestore",
    summary = "Restore a snapshot", security(("portalSession" = [])),
    params(("name" = String, Path, description = "The snapshot's name."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn restore(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let name = path.get(0).to_string();
    let result =
        snapshots::restore_snapshot(&state, &signed.caller, &name).await.map(|_| format!("Restored snapshot {name}."));
    outcome(&signed, result, "restore", &[])
}

/// `POST /portal/snapshots/{name}/delete`.
#[utoipa::path(
    post, path = "/portal/snapshots/{name}/delete", tag = TAG, operation_id = "pageSnapshotDelete",
    summary = "Delete a snapshot", security(("portalSession" = [])),
    params(("name" = String, Path, description = "The snapshot's name."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn delete(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let name = path.get(0).to_string();
    let result =
        snapshots::delete_snapshot(&state, &signed.caller, &name).await.map(|()| format!("Deleted snapshot {name}."));
    outcome(&signed, result, "delete", &[])
}
