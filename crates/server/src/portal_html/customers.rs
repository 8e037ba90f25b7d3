//! Manage Records › Customers in HTML: the list, the expanded view and its operations
//! (Edit, 3YC, Trigger Auto Renewal). Reads go through the portal API's read helpers;
//! writes through the same use cases, in one transaction each.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use vipmp_core::error::ErrorCode;
use vipmp_core::service::portal_view::{RenewalJobView, RenewalOrder};
use vipmp_core::service::{customers, hvd, portal_dates, renewals, three_year_commit};

use super::control_pages::counted;
use super::customer_view::SubscriptionEditPanel;
use super::customer_view::{CustomerDetail, Mode};
use super::deployment_view::DeploymentPanel;
use super::flash::{self, Refusal, value};
use super::lists::{self, ListKind, RowView, when};
use super::session::Signed;
use super::{Layout, error_message, is_production, render, render_string};
use crate::kernel::error::ApiError;
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::customers as pc;
use crate::portal_api::wire::{CustomerDetailOut, PortalCustomerOut};
use crate::portal_html::docs::{BadPathParam, ListPage, Row, RowOutcome, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{CustomerExpandQuery, HtmxHeader, ListQuery, PostHeaders};
use crate::portal_html::forms;

fn cells(c: &PortalCustomerOut) -> Vec<String> {
    let c = &c.customer;
    vec![
        c.customer_id.clone(),
        c.company_profile.company_name.clone(),
        c.reseller_id.clone(),
        c.company_profile.market_segment.to_string(),
        super::labels::account(&c.status),
        c.coterm_date.clone(),
        when(&c.creation_date),
    ]
}

/// The Customers list.
pub const KIND: ListKind<PortalCustomerOut> = ListKind {
    key: "customers",
    title: "Customers",
    noun: "customer",
    id: |c| &c.customer.customer_id,
    sorts: &[("creationDate", "Created date"), ("customerId", "Customer ID"), ("status", "Status"), ("name", "Name")],
    searches: &[("customerId", "Customer ID"), ("resellerId", "Reseller ID")],
    columns: &["Customer ID", "Company Name", "Reseller ID", "Market Segment", "Status", "cotermDate", "Created Date"],
    cells,
};

/// `GET /portal/customers`.
#[utoipa::path(
    get, path = "/portal/customers", tag = TAG, operation_id = "pageCustomers",
    summary = "Manage Records › Customers: the list", security(("portalSession" = [])), params(ListQuery, HtmxHeader),
    responses(ListPage, SignedInGet),
)]
pub async fn page(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let answer = pc::customer_page(&state, &signed.caller, &query).await.map_err(|e| error_message(&e));
    lists::page(&KIND, Layout::new(&state, &signed, "customers"), &query, answer)
}

/// Extra state of one rendering of the expanded view.
#[derive(Debug, Default)]
pub(super) struct Extras {
    /// A success message.
    pub(super) notice: Option<String>,
    /// A refusal message.
    pub(super) error: Option<String>,
    /// A renewal job to poll.
    pub(super) job: Option<String>,
    /// A refused form: its field marked and the input kept.
    pub(super) refusal: Option<Refusal>,
    /// A deployment to show: its id, and whether its Edit form is open.
    pub(super) deployment: Option<(String, bool)>,
    /// A subscription whose Edit form is open.
    pub(super) subscription: Option<String>,
}

impl Extras {
    pub(super) fn notice(text: String) -> Self {
        Self { notice: Some(text), ..Self::default() }
    }
}

pub(super) async fn expanded(state: &AppState, signed: &Signed, id: &str, mode: Mode, extras: Extras) -> Response {
    let customer = match pc::customer_view(state, &signed.caller, id).await {
        Ok(v) => v,
        Err(e) => return super::fragment_error(&error_message(&e)),
    };
    let detail = CustomerDetailOut::from(&customer);
    let production = is_production(state);
    let mut view = CustomerDetail::build(&detail, &customer, mode, production, &signed.csrf, extras.job);
    view.notice = extras.notice;
    view.error = extras.error;
    if let Some((deployment, edit)) = extras.deployment {
        view.deployment = DeploymentPanel::build(&detail, &deployment, edit && !production);
        if view.deployment.is_none() {
            view.error = Some(format!("P404 No deployment {deployment} of customer {id}"));
        }
    }
    if let Some(sub) = extras.subscription.filter(|_| !production) {
        view.subscription_edit = SubscriptionEditPanel::build(&detail, &sub);
        if view.subscription_edit.is_none() {
            view.error = Some(format!("P404 No subscription {sub} of customer {id}"));
        }
    }
    view.refusal = extras.refusal;
    let now = state.now();
    let (from, to) = portal_dates::coterm_range(now.date_naive());
    (view.coterm_min, view.coterm_max) = (from.to_string(), to.to_string());
    if let Ok(Some(until)) = state.store.cooldown_until(id).await {
        view.renewal.remaining_ms = (until - now).num_milliseconds().max(0);
    }
    let mut row = RowView::new(&KIND, &detail.customer, true, render_string(&view));
    row.clock = Some(super::live_clock(state));
    render(&row)
}

fn mode_of(query: &RawQuery) -> Mode {
    if query.flag("edit") {
        Mode::Edit
    } else if query.flag("terms") {
        Mode::Terms
    } else if query.flag("createPa") {
        Mode::CreatePa
    } else {
        Mode::View
    }
}

/// `GET /portal/customers/{id}/row`: the collapsed row.
#[utoipa::path(
    get, path = "/portal/customers/{id}/row", tag = TAG, operation_id = "pageCustomerRow",
    summary = "A customer's collapsed row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn row(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    match pc::customer_view(&state, &signed.caller, path.get(0)).await {
        Ok(v) => render(&RowView::new(&KIND, &PortalCustomerOut::from(&v.customer), false, String::new())),
        Err(e) => super::fragment_error(&error_message(&e)),
    }
}

/// `GET /portal/customers/{id}/expand[?edit=true|?terms=true]`: the expanded row.
#[utoipa::path(
    get, path = "/portal/customers/{id}/expand", tag = TAG, operation_id = "pageCustomerExpand",
    summary = "A customer's expanded row (htmx fragment)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), CustomerExpandQuery, HtmxHeader),
    responses(Row, SignedInGet, BadPathParam),
)]
pub async fn expand(State(state): State<AppState>, signed: Signed, path: PathParams, query: RawQuery) -> Response {
    let mode = if is_production(&state) { Mode::View } else { mode_of(&query) };
    let deployment = match query.single("deployment") {
        Ok(Some(d)) if !d.is_empty() => Some((d.to_string(), query.flag("deploymentEdit"))),
        _ => None,
    };
    let subscription = match query.single("subscriptionEdit") {
        Ok(Some(s)) if !s.is_empty() => Some(s.to_string()),
        _ => None,
    };
    expanded(&state, &signed, path.get(0), mode, Extras { deployment, subscription, ..Extras::default() }).await
}

/// Runs an operation and shows the expanded view with its outcome: the notice, or the refusal
/// in `fail_mode` with the form as the user filled it (`typed`) and the field it names marked.
async fn outcome<T>(
    state: &AppState,
    signed: &Signed,
    id: &str,
    result: Result<T, ApiError>,
    done: &str,
    fail_mode: Mode,
    typed: &[(String, String)],
) -> Response {
    match result {
        Ok(_) => expanded(state, signed, id, Mode::View, Extras::notice(done.to_string())).await,
        Err(e) => {
            let form = if fail_mode == Mode::Terms { "terms" } else { "edit" };
            let extras =
                Extras { error: Some(error_message(&e)), refusal: Refusal::of(&e, form, typed), ..Extras::default() };
            expanded(state, signed, id, fail_mode, extras).await
        }
    }
}

/// `POST /portal/customers/{id}`: Save of the Edit form. Only changed values are sent to
/// `customers::portal_edit`, which checks everything before writing anything.
#[utoipa::path(
    post, path = "/portal/customers/{id}", tag = TAG, operation_id = "pageCustomerSave",
    summary = "Save a customer's Edit form (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CustomerEditForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn save(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let fields = flash::pairs(&body);
    let result = async {
        mutation_allowed(&state)?;
        let current =
            state.store.customer(&signed.caller.distributor_id, &id).await?.ok_or(ErrorCode::PortalNotFound)?;
        let status = value(&fields, "status").filter(|s| *s != current.status);
        let coterm = value(&fields, "cotermDate")
            .filter(|d| Some(d.as_str()) != current.coterm_date.map(|c| c.to_string()).as_deref())
            .filter(|d| !(d.is_empty() && current.coterm_date.is_none()));
        let global = value(&fields, "globalSalesEnabled").is_some_and(|v| v == "on" || v == "true");
        let sub_segment = value(&fields, "marketSubSegment")
            .filter(|s| !s.is_empty() && current.profile.market_sub_segments.first() != Some(s));
        let edit = customers::PortalEdit {
            status,
            coterm_date: coterm,
            global_sales_enabled: (global != current.global_sales_enabled).then_some(global),
            market_sub_segments: sub_segment.map(|s| vec![s]),
        };
        let cid = id.clone();
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { customers::portal_edit(tx, ctx, &cid, edit).await })
        })
        .await
    };
    let saved = result.await;
    outcome(&state, &signed, &id, saved, &format!("Customer {id} saved"), Mode::Edit, &fields).await
}

/// `POST /portal/customers/{id}/three-year-commit/decision` (`decision`, `request`).
#[utoipa::path(
    post, path = "/portal/customers/{id}/three-year-commit/decision", tag = TAG, operation_id = "pageCustomerDecision",
    summary = "Accept or reject a 3YC request (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::DecisionForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn decision(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let fields = flash::pairs(&body);
    let which = value(&fields, "request").unwrap_or_else(|| "commitmentRequest".into());
    let accept = value(&fields, "decision").as_deref() == Some("ACCEPT");
    let cid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { three_year_commit::decide(tx, ctx, &cid, &which, accept).await })
        })
        .await
    };
    let done = if accept { "3YC request accepted" } else { "3YC request rejected" };
    let r = result.await;
    outcome(&state, &signed, &id, r, done, Mode::View, &[]).await
}

/// `POST /portal/customers/{id}/three-year-commit/enroll`.
#[utoipa::path(
    post, path = "/portal/customers/{id}/three-year-commit/enroll", tag = TAG, operation_id = "pageCustomerEnroll",
    summary = "Enrol a customer for 3YC (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn enroll(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let cid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { three_year_commit::enroll(tx, ctx, &cid).await })
        })
        .await
    };
    let r = result.await;
    outcome(&state, &signed, &id, r, "Enrolled for 3YC", Mode::View, &[]).await
}

/// A date of the terms form: required (the form shows the current one; an empty field was
/// cleared), and `None` when it is the commitment's current value (only changes are sent).
fn changed_date(
    fields: &[(String, String)],
    key: &str,
    current: Option<chrono::NaiveDate>,
) -> Result<Option<chrono::NaiveDate>, ApiError> {
    let date = portal_dates::date(key, &value(fields, key).unwrap_or_default())?;
    Ok((Some(date) != current).then_some(date))
}

/// `POST /portal/customers/{id}/hvd` (`discountLevel`, `pricing`).
#[utoipa::path(
    post, path = "/portal/customers/{id}/hvd", tag = TAG, operation_id = "pageCustomerHvd",
    summary = "Make a customer a migrated HVD customer (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::HvdForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn hvd(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let fields = flash::pairs(&body);
    let ask = hvd::Migration {
        level: value(&fields, "discountLevel").unwrap_or_default(),
        post_pricing: value(&fields, "pricing").as_deref() == Some("POST_DCLO"),
    };
    let cid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { hvd::migrate(tx, ctx, &cid, &ask).await })
        })
        .await
    };
    let r = result.await;
    outcome(&state, &signed, &id, r, "Made an HVD customer", Mode::View, &fields).await
}

/// `POST /portal/customers/{id}/three-year-commit`: Save of the 3YC terms form.
#[utoipa::path(
    post, path = "/portal/customers/{id}/three-year-commit", tag = TAG, operation_id = "pageCustomerTerms",
    summary = "Save a customer's 3YC terms (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::TermsForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn terms(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let fields = flash::pairs(&body);
    let cid = id.clone();
    let result = async {
        mutation_allowed(&state)?;
        let customer =
            state.store.customer(&signed.caller.distributor_id, &id).await?.ok_or(ErrorCode::PortalNotFound)?;
        let current = customer.three_year_commit.and_then(|t| t.commitment);
        let edit = three_year_commit::TermsEdit {
            start_date: changed_date(&fields, "startDate", current.as_ref().map(|c| c.start_date))?,
            end_date: changed_date(&fields, "endDate", current.as_ref().map(|c| c.end_date))?,
            status: value(&fields, "status").filter(|s| !s.is_empty()),
        };
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move { three_year_commit::edit_terms(tx, ctx, &cid, edit).await })
        })
        .await
    };
    let r = result.await;
    outcome(&state, &signed, &id, r, "3YC terms saved", Mode::Terms, &fields).await
}

/// `POST /portal/customers/{id}/auto-renewal/trigger`: the portal API's trigger (cooldown,
/// job, inline run), then the expanded view polling the job.
#[utoipa::path(
    post, path = "/portal/customers/{id}/auto-renewal/trigger", tag = TAG, operation_id = "pageCustomerTrigger",
    summary = "Trigger Auto Renewal (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn trigger(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    match crate::portal_api::renewal_trigger::trigger_renewal(&state, &signed.caller, &id).await {
        Ok(t) => {
            let mut notice = format!("Renewal job {} started", t.job_id);
            if t.due_subscriptions == 0 {
                notice.push_str(&format!(": {}", nothing_due(t.next_renewal_date.as_deref())));
            }
            let extras = Extras { job: Some(t.job_id), ..Extras::notice(notice) };
            expanded(&state, &signed, &id, Mode::View, extras).await
        }
        Err(e) => {
            let extras = Extras { error: Some(error_message(&e)), ..Extras::default() };
            expanded(&state, &signed, &id, Mode::View, extras).await
        }
    }
}

/// "nothing is due; the next renewal date is …" (or that no subscription renews).
fn nothing_due(next: Option<&str>) -> String {
    match next {
        Some(date) => format!(
            "nothing is due; the next renewal date is {date} (set the cotermDate to today or earlier to renew now)"
        ),
        None => "nothing is due; no active subscription has a renewal date".into(),
    }
}

/// What a finished renewal job did, in words: `Ok` a notice, `Err` a failure (its renewal
/// order failed: its id, status and why); `None` while the renewal order is still open.
async fn job_outcome(
    state: &AppState,
    signed: &Signed,
    id: &str,
    v: &RenewalJobView,
) -> Option<Result<String, String>> {
    let job_id = &v.job.id;
    match &v.order {
        RenewalOrder::None => {
            let expired = v.job.expired_subscriptions.len();
            if expired > 0 {
                let what = counted(expired as u64, "subscription expired", "subscriptions expired");
                return Some(Ok(format!("Renewal job {job_id} done: {what} (auto-renewal off), no renewal order")));
            }
            let subs = state.store.subscriptions_of(&signed.caller.distributor_id, id).await.unwrap_or_default();
            let due = renewals::due_now(&subs, state.now().date_naive());
            let next = due.next_renewal_date.map(|d| d.to_string());
            Some(Ok(format!("Renewal job {job_id} done: {}", nothing_due(next.as_deref()))))
        }
        RenewalOrder::Open(_) => None,
        RenewalOrder::Missing(order_id) => {
            Some(Err(format!("Renewal job {job_id}: its renewal order {order_id} no longer exists")))
        }
        RenewalOrder::Completed(order_id) => Some(Ok(format!(
            "Renewal job {job_id} done: renewal order {order_id} completed ({})",
            super::labels::order(vipmp_core::model::status::ACTIVE)
        ))),
        RenewalOrder::Failed(order_id, status) => Some(Err(format!(
            "Renewal job {job_id} failed: renewal order {order_id} is {}. If a reseller or customer is \
             inactive, the order fails with an error: its subscriptions are now 1004 with MANUAL_RENEWAL, and the \
             cotermDate did not move.",
            super::labels::order(status)
        ))),
    }
}

/// `GET /portal/customers/{id}/jobs/{job}`: the poller while the job is pending; once it is
/// done, the whole expanded view (retargeted), so orders and subscriptions refresh.
#[utoipa::path(
    get, path = "/portal/customers/{id}/jobs/{job_id}", tag = TAG, operation_id = "pageCustomerJob",
    summary = "Poll a renewal job (htmx fragment)", security(("portalSession" = [])),
    params(
        ("id" = String, Path, description = "The customer id."),
        ("job_id" = String, Path, description = "The renewal job id (`rj-N`)."), HtmxHeader,
    ),
    responses(
        (
            status = 200,
            description = "While the job is pending, the poller fragment (`every 1s`); once it is done, the customer's \
                whole expanded row, retargeted by `HX-Retarget` and `HX-Reswap`; an inline error fragment for an \
                unknown job.",
            content_type = "text/html", body = String,
            headers(
                ("HX-Retarget" = String, description = "`#customer-{id}`, once the job is done."),
                ("HX-Reswap" = String, description = "`outerHTML`, once the job is done."),
            ),
        ),
        SignedInGet, BadPathParam,
    ),
)]
pub async fn job(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let (id, job_id) = (path.get(0).to_string(), path.get(1).to_string());
    let job = match crate::portal_api::renewal_trigger::renewal_job(&state, &signed.caller, &job_id).await {
        Ok(v) => v,
        Err(e) => return super::fragment_error(&error_message(&e)),
    };
    let outcome = if job.job.status == "DONE" { job_outcome(&state, &signed, &id, &job).await } else { None };
    let Some(outcome) = outcome else {
        let status = match &job.job.renewal_order_id {
            Some(order) => format!("DONE, renewal order {order} is open (1002 - Pending)"),
            None => job.job.status.clone(),
        };
        return render(&JobPoller { customer_id: id, job_id, status });
    };
    let extras = match outcome {
        Ok(notice) => Extras::notice(notice),
        Err(failure) => Extras { error: Some(failure), ..Extras::default() },
    };
    let mut response = expanded(&state, &signed, &id, Mode::View, extras).await.into_response();
    if let Ok(target) = HeaderValue::from_str(&format!("#customer-{id}")) {
        response.headers_mut().insert("hx-retarget", target);
        response.headers_mut().insert("hx-reswap", HeaderValue::from_static("outerHTML"));
    }
    response
}

/// The renewal job poller (`every 1s` until the job is done).
#[derive(askama::Template)]
#[template(path = "portal/job.html")]
pub struct JobPoller {
    /// The customer.
    pub customer_id: String,
    /// The job.
    pub job_id: String,
    /// Its status.
    pub status: String,
}
