//! Portal Resources › Flex Discounts in HTML (SPEC §5.9): View Available Flex Discounts with its
//! filters, and Edit Reusable Flex Discounts (a form per reusable discount; a saved edit answers
//! with a redirect, so a reload cannot repeat it). A thin layer over
//! [`crate::portal_api::flex_discounts`].

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use utoipa::IntoParams;
use vipmp_core::dates::format_date;
use vipmp_core::service::portal_view;

use super::flash::{self, Flash};
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::portal_api::flex_discounts::{self, PortalFlexDiscountOut};
use crate::portal_html::docs::{BadPathParam, Page, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, PostHeaders};
use crate::portal_html::forms;

/// One row of the table.
#[derive(Debug, Clone)]
pub struct FlexRow {
    /// The discount.
    pub d: PortalFlexDiscountOut,
    /// The outcome, in words (`10%`, `10 USD, 9.2 EUR, …`).
    pub value: String,
    /// Qualifying offer ids, comma-separated (empty: every base product).
    pub offers: String,
    /// Flags, in words (closed code, FAILURE test, one-time, 3YC only).
    pub notes: String,
    /// The earliest end date the edit form offers (the start date).
    pub min_day: String,
    /// The latest (the day before the lock end date).
    pub max_day: String,
}

/// The page.
#[derive(Template)]
#[template(path = "portal/flex_discounts.html")]
pub struct FlexPage {
    /// The frame.
    pub layout: Layout,
    /// The filters as sent.
    pub segment: String,
    /// Country filter.
    pub country: String,
    /// Usage filter.
    pub usage: String,
    /// The discounts.
    pub rows: Vec<FlexRow>,
    /// What the last edit did (`edited`).
    pub notice: Option<String>,
    /// The filters were refused.
    pub error: Option<String>,
}

/// The page's filters (a GET form), and `edited` after a saved edit.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "describes the query for the OpenAPI document")]
pub struct FlexPageQuery {
    /// `ALL` (default), `COM`, `EDU` or `GOV`.
    #[param(rename = "marketSegment")]
    market_segment: Option<String>,
    /// `ALL` (default) or an ISO country code.
    country: Option<String>,
    /// `NEW` (default) or `RENEWAL`.
    usage: Option<String>,
    /// The id of the discount whose end date was just saved (shows the outcome).
    edited: Option<String>,
}

fn words(d: &PortalFlexDiscountOut) -> (String, String, String) {
    let value = d
        .values
        .iter()
        .map(|v| match (&v.currency, &v.country) {
            (None, _) => format!("{}%", v.value),
            (Some(c), None) => format!("{} {c}", v.value),
            (Some(c), Some(k)) => format!("{} {c} ({k})", v.value),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let offers = d.offer_ids.join(", ");
    let mut notes = Vec::new();
    if !d.listed {
        notes.push("Closed code: not listed by the API, works when typed");
    }
    if d.always_fails {
        notes.push("Sandbox FAILURE test: always refused (2141)");
    }
    if d.one_time {
        notes.push("Once per customer");
    }
    if d.three_yc_only {
        notes.push("3YC customers only (2166)");
    }
    if d.countries != ["ALL"] {
        notes.push("Some countries only");
    }
    (value, offers, notes.join("; "))
}

async fn page(state: &AppState, signed: &Signed, query: &RawQuery) -> Response {
    let layout = Layout::new(state, signed, "flex-discounts");
    let get = |k: &str| query.single(k).ok().flatten().unwrap_or_default().to_string();
    let (rows, error, status) = match flex_discounts::discounts(state, &signed.caller, query).await {
        Ok((all, now)) => {
            let rows = all
                .iter()
                .map(|discount| {
                    let (first, last) = portal_view::flex_end_days(discount);
                    let d = PortalFlexDiscountOut::new(discount, now);
                    let (value, offers, notes) = words(&d);
                    let (min_day, max_day) = (format_date(first), last.map(format_date).unwrap_or_default());
                    FlexRow { d, value, offers, notes, min_day, max_day }
                })
                .collect();
            (rows, None, StatusCode::OK)
        }
        Err(e) => (Vec::new(), Some(error_message(&e)), StatusCode::BAD_REQUEST),
    };
    let notice = {
        let id = get("edited");
        rows.iter()
            .find(|r: &&FlexRow| !id.is_empty() && r.d.id == id)
            .map(|r| format!("Saved: {} ({}) now ends {}.", r.d.code, r.d.market_segment, r.d.end_date))
    };
    let body = FlexPage {
        layout,
        segment: or_all(get("marketSegment")),
        country: or_all(get("country")),
        usage: if get("usage").is_empty() { "NEW".into() } else { get("usage") },
        rows,
        notice,
        error,
    };
    (status, render(&body)).into_response()
}

fn or_all(v: String) -> String {
    if v.is_empty() { "ALL".into() } else { v }
}

/// `GET /portal/flex-discounts`.
#[utoipa::path(
    get, path = "/portal/flex-discounts", tag = TAG, operation_id = "pageFlexDiscounts",
    summary = "Portal Resources › Flex Discounts: view them, edit reusable end dates",
    security(("portalSession" = [])), params(HtmxHeader, FlexPageQuery),
    responses(Page, SignedInGet),
)]
pub async fn flex_page(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    page(&state, &signed, &query).await
}

/// `POST /portal/flex-discounts/{id}` (`endDate`): `303` back to the list, which shows the new
/// end date, or the refusal next to the discount's end date with the date typed kept.
#[utoipa::path(
    post, path = "/portal/flex-discounts/{id}", tag = TAG, operation_id = "pageFlexDiscountEdit",
    summary = "Edit a reusable discount's end date", security(("portalSession" = [])),
    params(PostHeaders, ("id" = String, Path, description = "The discount's id.")),
    request_body(content = forms::FlexEndDateForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Saved: back to the list, which shows the new end date \
            (`/portal/flex-discounts?edited={id}`). Refused: back to the list with the refusal (`P400`, the \
            field and its range) in the flash cookie, shown next to the discount's end date.",
            headers(
                ("Location" = String, description = "`/portal/flex-discounts?edited={id}` or `/portal/flex-discounts`"),
                ("Set-Cookie" = String, description = "`vipmp_flash=…` after a refusal."),
            )),
        SignedInPost, BadPathParam,
    ),
)]
pub async fn edit(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let typed = flash::pairs(&body);
    let end = flash::value(&typed, "endDate").unwrap_or_default();
    let id = path.get(0).to_string();
    let request = Bytes::from(json!({"endDate": end}).to_string());
    let caller = signed.caller.clone();
    match flex_discounts::edit(State(state.clone()), caller, path, Body(request)).await {
        Ok(_) => {
            let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
            Redirect::to(&format!("/portal/flex-discounts?edited={id}")).into_response()
        }
        Err(e) => Flash::refused(&e, &id, &typed).redirect(&signed, "/portal/flex-discounts"),
    }
}
