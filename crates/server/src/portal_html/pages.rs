//! API Tools (Create Default Records) and My Distributors (global sales) in HTML.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::defaults;

use super::flash::Flash;
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::kernel::error::ApiError;
use crate::kernel::extract::PathParams;
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_html::docs::{BadPathParam, Page, Redirected, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, PostHeaders};
use crate::portal_html::forms;

/// The API Tools page ("Task Complete" and the ids created come in the flash).
#[derive(Template)]
#[template(path = "portal/tools.html")]
pub struct ToolsPage {
    /// The frame.
    pub layout: Layout,
}

/// `GET /portal/api-tools`.
#[utoipa::path(
    get, path = "/portal/api-tools", tag = TAG, operation_id = "pageApiTools",
    summary = "API Tools: Create Default Records", security(("portalSession" = [])), params(HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn tools(State(state): State<AppState>, signed: Signed) -> Response {
    render(&ToolsPage { layout: Layout::new(&state, &signed, "tools") })
}

type Ids = Vec<(String, String)>;

async fn create(state: &AppState, signed: &Signed, tool: &str) -> Result<Ids, ApiError> {
    mutation_allowed(state)?;
    let orders = |os: &[vipmp_core::model::Order]| os.iter().map(|o| ("Order ID".to_string(), o.id.clone())).collect();
    match tool {
        "reseller" => {
            let r = transaction(state, &signed.caller, |tx, ctx| Box::pin(defaults::reseller(tx, ctx))).await?;
            Ok(vec![("Default Reseller ID".into(), r.id)])
        }
        "customer" => {
            let c = transaction(state, &signed.caller, |tx, ctx| Box::pin(defaults::customer(tx, ctx))).await?;
            Ok(vec![("Default Customer ID".into(), c.id)])
        }
        "orders" => {
            let os = transaction(state, &signed.caller, |tx, ctx| Box::pin(defaults::orders(tx, ctx))).await?;
            Ok(orders(&os))
        }
        "set" => {
            let (r, c, os) = transaction(state, &signed.caller, |tx, ctx| {
                Box::pin(async move {
                    let r = defaults::reseller(tx, ctx).await?;
                    let c = defaults::customer(tx, ctx).await?;
                    let os = defaults::orders(tx, ctx).await?;
                    Ok((r, c, os))
                })
            })
            .await?;
            let mut ids = vec![("Default Reseller ID".into(), r.id), ("Default Customer ID".into(), c.id)];
            ids.extend(orders(&os));
            Ok(ids)
        }
        _ => Err(ErrorCode::PortalNotFound.into()),
    }
}

/// `POST /portal/api-tools/{reseller|customer|orders|set}`.
#[utoipa::path(
    post, path = "/portal/api-tools/{tool}", tag = TAG, operation_id = "pageApiToolRun",
    summary = "Create default records", security(("portalSession" = [])),
    params(
        (
            "tool" = String, Path,
            description = "`reseller`, `customer`, `orders` or `set` (all three); another value shows `P404` inline.",
            example = "set",
        ),
        PostHeaders,
    ),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn run_tool(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let flash = match create(&state, &signed, path.get(0)).await {
        Ok(ids) => Flash::done("Task Complete", ids),
        Err(e) => Flash::refused(&e, "tools", &[]),
    };
    flash.redirect(&signed, "/portal/api-tools")
}

/// The My Distributors page.
#[derive(Template)]
#[template(path = "portal/distributors.html")]
pub struct DistributorsPage {
    /// The frame.
    pub layout: Layout,
    /// The distributor's name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Whether global sales are enabled.
    pub global_sales: bool,
}

async fn distributors_page(state: &AppState, signed: &Signed) -> Response {
    let layout = Layout::new(state, signed, "distributors");
    match state.store.distributor(&signed.caller.distributor_id).await {
        Ok(Some(d)) => {
            render(&DistributorsPage { layout, name: d.name, country: d.country, global_sales: d.global_sales_enabled })
        }
        Ok(None) => super::fragment_error("Distributor not found"),
        Err(e) => super::fragment_error(&error_message(&ApiError::from(e))),
    }
}

/// `GET /portal/distributors`.
#[utoipa::path(
    get, path = "/portal/distributors", tag = TAG, operation_id = "pageDistributors", summary = "My Distributors",
    security(("portalSession" = [])), params(HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn distributors(State(state): State<AppState>, signed: Signed) -> Response {
    distributors_page(&state, &signed).await
}

/// `POST /portal/distributors/global-sales` (`enabled=true|false`).
#[utoipa::path(
    post, path = "/portal/distributors/global-sales", tag = TAG, operation_id = "pageGlobalSales",
    summary = "Enable or disable global sales", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::GlobalSalesForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn global_sales(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    let enabled = form_urlencoded::parse(&body).any(|(k, v)| k == "enabled" && v == "true");
    let result = async {
        mutation_allowed(&state)?;
        transaction(&state, &signed.caller, move |tx, ctx| {
            Box::pin(async move {
                let mut d = ctx.distributor.clone();
                d.global_sales_enabled = enabled;
                tx.put_distributor(&d).await?;
                Ok(d)
            })
        })
        .await
    };
    let notice = if enabled { "Global sales enabled" } else { "Global sales disabled" };
    Flash::of(result.await.map(|_| notice.to_string()), "global-sales", &[]).redirect(&signed, "/portal/distributors")
}
