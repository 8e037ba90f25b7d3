//! Manage Records › Resellers and Orders in HTML: list, sort, search, expand, edit status
//! (orders: also the creation date, and cancel with `1008`).

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::{portal_dates, portal_edits, resellers};

use super::customer_view::{Field, Table, address};
use super::flash::{self, Refusal};
use super::labels::{self, StatusOption};
use super::lists::{self, ListKind, RowView, text, when};
use super::session::Signed;
use super::{Layout, error_message, fragment_error, is_production, render, render_string};
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::{orders as po, resellers as pr};
use crate::portal_html::docs::{BadPathParam, ListPage, Row, RowOutcome, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, ListQuery, PostHeaders, RecordExpandQuery};
use crate::portal_html::forms;

fn reseller_cells(r: &Value) -> Vec<String> {
    vec![
        text(r, "resellerId"),
        text(&r["companyProfile"], "companyName"),
        text(&r["companyProfile"]["address"], "country"),
        labels::account(&text(r, "status")),
        when(&text(r, "creationDate")),
    ]
}

fn order_cells(o: &Value) -> Vec<String> {
    vec![
        text(o, "orderId"),
        text(o, "customerId"),
        when(&text(o, "creationDate")),
        labels::order(&text(o, "status")),
        text(o, "orderType"),
        text(o, "orderPrice"),
    ]
}

/// The Resellers list.
pub const RESELLERS: ListKind = ListKind {
    key: "resellers",
    title: "Resellers",
    noun: "reseller",
    id_key: "resellerId",
    sorts: &[("creationDate", "Created date"), ("resellerId", "Reseller ID"), ("status", "Status"), ("name", "Name")],
    searches: &[("resellerId", "Reseller ID")],
    columns: &["Reseller ID", "Company Name", "Country", "Status", "Created Date"],
    cells: reseller_cells,
};

/// The Orders list.
pub const ORDERS: ListKind = ListKind {
    key: "orders",
    title: "Orders",
    noun: "order",
    id_key: "orderId",
    sorts: &[
        ("creationDate", "Created date"),
        ("orderId", "Order ID"),
        ("status", "Status"),
        ("orderType", "Order Type"),
    ],
    searches: &[("orderId", "Order ID"), ("customerId", "Customer ID")],
    columns: &["Order ID", "Customer ID", "Created Date", "Status", "Order Type", "Order Price"],
    cells: order_cells,
};

/// An expanded reseller or order.
#[derive(Template)]
#[template(path = "portal/record_detail.html")]
pub struct RecordDetail {
    /// `reseller` or `order`.
    pub noun: &'static str,
    /// The record id.
    pub id: String,
    /// The list path.
    pub base: String,
    /// CSRF token.
    pub csrf: String,
    /// Whether mutations are off.
    pub production: bool,
    /// Whether the Edit form is open.
    pub editing: bool,
    /// A success message.
    pub notice: Option<String>,
    /// A refusal message.
    pub error: Option<String>,
    /// The refused field of the Edit form, with what the user typed.
    pub refusal: Option<Refusal>,
    /// The current status code (the Edit form's default).
    pub status_code: String,
    /// The record's fields.
    pub fields: Vec<Field>,
    /// Titled groups of fields (companyProfile, associations).
    pub groups: Vec<(String, Vec<Field>)>,
    /// Line items (orders).
    pub lines: Table,
    /// `1000 - Success`.
    pub status_text: String,
    /// The status select's options.
    pub status_options: Vec<StatusOption>,
    /// The creation date (orders' Edit form), `YYYY-MM-DDTHH:MM:SSZ`.
    pub created: Option<String>,
}

fn field(label: &str, value: String) -> Field {
    Field { label: label.to_string(), value }
}

fn reseller_detail(r: &Value, signed: &Signed, production: bool, editing: bool) -> RecordDetail {
    let p = &r["companyProfile"];
    let status = text(r, "status");
    let segments =
        p["marketSegments"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
    RecordDetail {
        noun: "reseller",
        id: text(r, "resellerId"),
        base: "/portal/resellers".into(),
        csrf: signed.csrf.clone(),
        production,
        editing,
        notice: None,
        error: None,
        refusal: None,
        status_code: status.clone(),
        fields: vec![
            field("Reseller ID", text(r, "resellerId")),
            field("External Reference ID", text(r, "externalReferenceId")),
            field("Created Date", when(&text(r, "creationDate"))),
        ],
        groups: vec![
            (
                "companyProfile".into(),
                vec![
                    field("Company Name", text(p, "companyName")),
                    field("Preferred Language", text(p, "preferredLanguage")),
                    field("Market Segments", segments.unwrap_or_default()),
                    field("Address", address(&p["address"])),
                ],
            ),
            ("associations".into(), vec![field("Distributor ID", text(&r["associations"], "distributorId"))]),
        ],
        lines: Table::default(),
        status_text: labels::account(&status),
        status_options: labels::options(&labels::RESELLER, &status),
        created: None,
    }
}

/// A line's flexible discounts as the order shows them: `CODE: RESULT`, comma-separated.
fn flex_results(line: &Value) -> String {
    let results = line["flexDiscounts"].as_array().map(Vec::as_slice).unwrap_or_default();
    results.iter().map(|f| format!("{}: {}", text(f, "code"), text(f, "result"))).collect::<Vec<_>>().join(", ")
}

fn order_detail(o: &Value, signed: &Signed, production: bool, editing: bool) -> RecordDetail {
    let status = text(o, "status");
    let items = o["lineItems"].as_array().cloned().unwrap_or_default();
    RecordDetail {
        noun: "order",
        id: text(o, "orderId"),
        base: "/portal/orders".into(),
        csrf: signed.csrf.clone(),
        production,
        editing,
        notice: None,
        error: None,
        refusal: None,
        status_code: status.clone(),
        fields: vec![
            field("Order ID", text(o, "orderId")),
            field("Customer ID", text(o, "customerId")),
            field("Order Type", text(o, "orderType")),
            field("Creation Date", when(&text(o, "creationDate"))),
            field("Currency Code", text(o, "currencyCode")),
            field("Order Price", text(o, "orderPrice")),
            field("Reference Order ID", text(o, "referenceOrderId")),
            field("Source", text(o, "source")),
        ],
        groups: Vec::new(),
        lines: Table {
            columns: vec![
                "Line",
                "Offer ID",
                "Quantity",
                "Subscription ID",
                "Status",
                "Line Price",
                "Discount Code",
                "Flex Discounts",
            ],
            rows: items
                .iter()
                .map(|l| {
                    vec![
                        text(l, "extLineItemNumber"),
                        text(l, "offerId"),
                        text(l, "quantity"),
                        text(l, "subscriptionId"),
                        labels::order(&text(l, "status")),
                        text(&l["pricing"], "lineItemPartnerPrice"),
                        text(l, "discountCode"),
                        flex_results(l),
                    ]
                })
                .collect(),
            ids: Vec::new(),
        },
        status_text: labels::order(&status),
        status_options: labels::options(&labels::ORDER, &status),
        created: Some(text(o, "creationDate")),
    }
}

impl RecordDetail {
    /// The refusal's message for `field` of the Edit form.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.refusal.as_ref().and_then(|r| r.error("edit", field))
    }

    /// What the user typed in `field` when the Edit form was refused, else `current`.
    pub fn typed(&self, field: &str, current: &str) -> String {
        self.refusal.as_ref().map_or_else(|| current.to_string(), |r| r.value("edit", field, current))
    }
}

type Detail = fn(&Value, &Signed, bool, bool) -> RecordDetail;

struct Outcome {
    editing: bool,
    notice: Option<String>,
    error: Option<String>,
    refusal: Option<Refusal>,
}

async fn read(state: &AppState, signed: &Signed, kind: &ListKind, id: &str) -> ApiResult<Value> {
    let path = PathParams(vec![id.to_string()]);
    let Json(v) = if kind.key == "orders" {
        po::detail(State(state.clone()), signed.caller.clone(), path).await?
    } else {
        pr::detail(State(state.clone()), signed.caller.clone(), path).await?
    };
    Ok(v)
}

async fn show(
    state: &AppState,
    signed: &Signed,
    kind: &ListKind,
    id: &str,
    detail: Detail,
    o: Option<Outcome>,
) -> Response {
    let record = match read(state, signed, kind, id).await {
        Ok(v) => v,
        Err(e) => return fragment_error(&error_message(&e)),
    };
    let Some(o) = o else { return render(&RowView::new(kind, &record, false, String::new())) };
    let production = is_production(state);
    let mut view = detail(&record, signed, production, o.editing && !production);
    view.notice = o.notice;
    view.error = o.error;
    view.refusal = o.refusal;
    render(&RowView::new(kind, &record, true, render_string(&view)))
}

fn opened(query: &RawQuery) -> Option<Outcome> {
    Some(Outcome { editing: query.flag("edit"), notice: None, error: None, refusal: None })
}

/// `GET /portal/resellers`.
#[utoipa::path(
    get, path = "/portal/resellers", tag = TAG, operation_id = "pageResellers",
    summary = "Manage Records › Resellers: the list", security(("portalSession" = [])), params(ListQuery, HtmxHeader),
    responses(ListPage, SignedInGet),
)]
pub async fn resellers(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let answer = pr::list(State(state.clone()), signed.caller.clone(), query.clone()).await;
    let answer = answer.map(|Json(v)| v).map_err(|e| error_message(&e));
    lists::page(&RESELLERS, Layout::new(&state, &signed, "resellers"), &query, answer)
}

/// `GET /portal/resellers/{id}/row`.
#[utoipa::path(
    get, path = "/portal/resellers/{id}/row", tag = TAG, operation_id = "pageResellerRow",
    summary = "A reseller's collapsed row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The reseller id."), HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn reseller_row(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    show(&state, &signed, &RESELLERS, path.get(0), reseller_detail, None).await
}

/// `GET /portal/resellers/{id}/expand[?edit=true]`.
#[utoipa::path(
    get, path = "/portal/resellers/{id}/expand", tag = TAG, operation_id = "pageResellerExpand",
    summary = "A reseller's expanded row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The reseller id."), RecordExpandQuery, HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn reseller_expand(
    State(state): State<AppState>,
    signed: Signed,
    path: PathParams,
    query: RawQuery,
) -> Response {
    show(&state, &signed, &RESELLERS, path.get(0), reseller_detail, opened(&query)).await
}

fn form_value(typed: &[(String, String)], key: &str) -> Option<String> {
    flash::value(typed, key).filter(|v| !v.is_empty())
}

fn outcome<T>(result: Result<T, ApiError>, done: String, typed: &[(String, String)]) -> Outcome {
    match result {
        Ok(_) => Outcome { editing: false, notice: Some(done), error: None, refusal: None },
        Err(e) => Outcome {
            editing: true,
            notice: None,
            error: Some(error_message(&e)),
            refusal: Refusal::of(&e, "edit", typed),
        },
    }
}

/// `POST /portal/resellers/{id}` (`status`).
#[utoipa::path(
    post, path = "/portal/resellers/{id}", tag = TAG, operation_id = "pageResellerSave",
    summary = "Save a reseller's Edit form (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The reseller id."), PostHeaders),
    request_body(content = forms::ResellerEditForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn reseller_save(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let typed = flash::pairs(&body);
    let status = form_value(&typed, "status").unwrap_or_default();
    let rid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { resellers::set_status(tx, ctx, &rid, &status).await })
        })
        .await
    };
    let o = outcome(result.await, format!("Reseller {id} saved"), &typed);
    show(&state, &signed, &RESELLERS, &id, reseller_detail, Some(o)).await
}

/// `GET /portal/orders`.
#[utoipa::path(
    get, path = "/portal/orders", tag = TAG, operation_id = "pageOrders", summary = "Manage Records › Orders: the list",
    security(("portalSession" = [])), params(ListQuery, HtmxHeader),
    responses(ListPage, SignedInGet),
)]
pub async fn orders(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let answer = po::list(State(state.clone()), signed.caller.clone(), query.clone()).await;
    let answer = answer.map(|Json(v)| v).map_err(|e| error_message(&e));
    lists::page(&ORDERS, Layout::new(&state, &signed, "orders"), &query, answer)
}

/// `GET /portal/orders/{id}/row`.
#[utoipa::path(
    get, path = "/portal/orders/{id}/row", tag = TAG, operation_id = "pageOrderRow",
    summary = "An order's collapsed row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The order id."), HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn order_row(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    show(&state, &signed, &ORDERS, path.get(0), order_detail, None).await
}

/// `GET /portal/orders/{id}/expand[?edit=true]`.
#[utoipa::path(
    get, path = "/portal/orders/{id}/expand", tag = TAG, operation_id = "pageOrderExpand",
    summary = "An order's expanded row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The order id."), RecordExpandQuery, HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn order_expand(
    State(state): State<AppState>,
    signed: Signed,
    path: PathParams,
    query: RawQuery,
) -> Response {
    show(&state, &signed, &ORDERS, path.get(0), order_detail, opened(&query)).await
}

/// `POST /portal/orders/{id}` (`status`, `creationDate`): only changed values are applied;
/// status `1008` cancels the order.
#[utoipa::path(
    post, path = "/portal/orders/{id}", tag = TAG, operation_id = "pageOrderSave",
    summary = "Save an order's Edit form or cancel it (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The order id."), PostHeaders),
    request_body(content = forms::OrderEditForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn order_save(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let typed = flash::pairs(&body);
    let oid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        let current = state.store.order(&signed.caller.distributor_id, &id).await?.ok_or(ErrorCode::PortalNotFound)?;
        let status = form_value(&typed, "status").filter(|s| *s != current.status);
        let created = match form_value(&typed, "creationDate") {
            None => None,
            Some(raw) => {
                let at = portal_dates::instant("creationDate", &raw)?;
                (at != current.created_at).then_some(at)
            }
        };
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { portal_edits::edit_order(tx, ctx, &oid, status.as_deref(), created).await })
        })
        .await
    };
    let o = outcome(result.await, format!("Order {id} saved"), &typed);
    show(&state, &signed, &ORDERS, &id, order_detail, Some(o)).await
}
