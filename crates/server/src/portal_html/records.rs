//! Manage Records › Resellers and Orders in HTML: list, sort, search, expand, edit status
//! (orders: also the creation date, and cancel with `1008`).

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::{portal_dates, portal_edits, resellers};

use super::customer_view::{Field, Table, address};
use super::flash::{self, Refusal};
use super::labels::{self, StatusOption};
use super::lists::{self, ListKind, RowView, when};
use super::session::Signed;
use super::{Layout, error_message, fragment_error, is_production, render, render_string};
use crate::cpapi::dto::LineItemOut;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::wire::{PortalOrderOut, PortalResellerOut};
use crate::portal_api::{orders as po, resellers as pr};
use crate::portal_html::docs::{BadPathParam, ListPage, Row, RowOutcome, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, ListQuery, PostHeaders, RecordExpandQuery};
use crate::portal_html::forms;

fn reseller_cells(r: &PortalResellerOut) -> Vec<String> {
    let r = &r.reseller;
    vec![
        r.reseller_id.clone(),
        r.company_profile.company_name.clone(),
        r.company_profile.address.country.clone(),
        labels::account(&r.status),
        when(&r.creation_date),
    ]
}

fn order_cells(o: &PortalOrderOut) -> Vec<String> {
    let (price, o) = (&o.order_price, &o.order);
    vec![
        o.order_id.clone(),
        o.customer_id.clone(),
        when(&o.creation_date),
        labels::order(&o.status),
        o.order_type.to_string(),
        price.clone(),
    ]
}

/// The Resellers list.
pub const RESELLERS: ListKind<PortalResellerOut> = ListKind {
    key: "resellers",
    title: "Resellers",
    noun: "reseller",
    id: |r| &r.reseller.reseller_id,
    sorts: &[("creationDate", "Created date"), ("resellerId", "Reseller ID"), ("status", "Status"), ("name", "Name")],
    searches: &[("resellerId", "Reseller ID")],
    columns: &["Reseller ID", "Company Name", "Country", "Status", "Created Date"],
    cells: reseller_cells,
};

/// The Orders list.
pub const ORDERS: ListKind<PortalOrderOut> = ListKind {
    key: "orders",
    title: "Orders",
    noun: "order",
    id: |o| &o.order.order_id,
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

fn reseller_detail(r: &PortalResellerOut, signed: &Signed, production: bool, editing: bool) -> RecordDetail {
    let (associations, r) = (&r.associations, &r.reseller);
    let p = &r.company_profile;
    RecordDetail {
        noun: "reseller",
        id: r.reseller_id.clone(),
        base: "/portal/resellers".into(),
        csrf: signed.csrf.clone(),
        production,
        editing,
        notice: None,
        error: None,
        refusal: None,
        status_code: r.status.clone(),
        fields: vec![
            field("Reseller ID", r.reseller_id.clone()),
            field("External Reference ID", r.external_reference_id.clone()),
            field("Created Date", when(&r.creation_date)),
        ],
        groups: vec![
            (
                "companyProfile".into(),
                vec![
                    field("Company Name", p.company_name.clone()),
                    field("Preferred Language", p.preferred_language.clone()),
                    field("Market Segments", p.market_segments.join(", ")),
                    field("Address", address(&p.address)),
                ],
            ),
            ("associations".into(), vec![field("Distributor ID", associations.distributor_id.clone())]),
        ],
        lines: Table::default(),
        status_text: labels::account(&r.status),
        status_options: labels::options(&labels::RESELLER, &r.status),
        created: None,
    }
}

/// A line's flexible discounts as the order shows them: `CODE: RESULT`, comma-separated.
fn flex_results(line: &LineItemOut) -> String {
    line.flex_discounts.iter().map(|f| format!("{}: {}", f.code, f.result)).collect::<Vec<_>>().join(", ")
}

/// A line's partner price as the API writes the number (`810.0`), `""` when it is not priced.
fn line_price(line: &LineItemOut) -> String {
    let price = line.pricing.as_ref().and_then(|p| serde_json::Number::from_f64(p.line_item_partner_price));
    price.map(|n| n.to_string()).unwrap_or_default()
}

fn order_detail(o: &PortalOrderOut, signed: &Signed, production: bool, editing: bool) -> RecordDetail {
    let (price, o) = (&o.order_price, &o.order);
    RecordDetail {
        noun: "order",
        id: o.order_id.clone(),
        base: "/portal/orders".into(),
        csrf: signed.csrf.clone(),
        production,
        editing,
        notice: None,
        error: None,
        refusal: None,
        status_code: o.status.clone(),
        fields: vec![
            field("Order ID", o.order_id.clone()),
            field("Customer ID", o.customer_id.clone()),
            field("Order Type", o.order_type.to_string()),
            field("Creation Date", when(&o.creation_date)),
            field("Currency Code", o.currency_code.clone()),
            field("Order Price", price.clone()),
            field("Reference Order ID", o.reference_order_id.clone()),
            field("Source", o.source.clone().unwrap_or_default()),
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
            rows: o
                .line_items
                .iter()
                .map(|l| {
                    vec![
                        l.ext_line_item_number.to_string(),
                        l.offer_id.clone(),
                        l.quantity.to_string(),
                        l.subscription_id.clone(),
                        labels::order(&l.status),
                        line_price(l),
                        l.discount_code.clone().unwrap_or_default(),
                        flex_results(l),
                    ]
                })
                .collect(),
            ids: Vec::new(),
        },
        status_text: labels::order(&o.status),
        status_options: labels::options(&labels::ORDER, &o.status),
        created: Some(o.creation_date.clone()),
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

type Detail<T> = fn(&T, &Signed, bool, bool) -> RecordDetail;

struct Outcome {
    editing: bool,
    notice: Option<String>,
    error: Option<String>,
    refusal: Option<Refusal>,
}

/// The record's row: collapsed without an outcome, else expanded with it.
fn show<T>(
    state: &AppState,
    signed: &Signed,
    kind: &ListKind<T>,
    record: ApiResult<T>,
    detail: Detail<T>,
    o: Option<Outcome>,
) -> Response {
    let record = match record {
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

async fn show_reseller(state: &AppState, signed: &Signed, id: &str, o: Option<Outcome>) -> Response {
    show(state, signed, &RESELLERS, pr::reseller(state, &signed.caller, id).await, reseller_detail, o)
}

async fn show_order(state: &AppState, signed: &Signed, id: &str, o: Option<Outcome>) -> Response {
    show(state, signed, &ORDERS, po::order(state, &signed.caller, id).await, order_detail, o)
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
    let answer = pr::reseller_page(&state, &signed.caller, &query).await.map_err(|e| error_message(&e));
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
    show_reseller(&state, &signed, path.get(0), None).await
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
    show_reseller(&state, &signed, path.get(0), opened(&query)).await
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
    show_reseller(&state, &signed, &id, Some(o)).await
}

/// `GET /portal/orders`.
#[utoipa::path(
    get, path = "/portal/orders", tag = TAG, operation_id = "pageOrders", summary = "Manage Records › Orders: the list",
    security(("portalSession" = [])), params(ListQuery, HtmxHeader),
    responses(ListPage, SignedInGet),
)]
pub async fn orders(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let answer = po::order_page(&state, &signed.caller, &query).await.map_err(|e| error_message(&e));
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
    show_order(&state, &signed, path.get(0), None).await
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
    show_order(&state, &signed, path.get(0), opened(&query)).await
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
    show_order(&state, &signed, &id, Some(o)).await
}
