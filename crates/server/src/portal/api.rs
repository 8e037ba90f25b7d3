//! Portal JSON API: the status edits the tests and testers need, the distributor's global
//! sales switch, the clock and `jobs/run`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::input::Problems;
use vipmp_core::service::{customers, resellers};
use vipmp_core::settings::Profile;

use crate::api::auth::Caller;
use crate::api::dto;
use crate::api::error::portal_bad as bad;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{Body, PathParams};
use crate::api::write::{json, transaction};
use crate::jobs;
use crate::openapi::portal_schemas as ps;
use crate::openapi::schemas::AdobeError;
use crate::state::AppState;

use super::wire::{PartnerList, PartnerOut, as_json};
use super::wire_control::{ExpiryRunOut, JobName, JobsRunOut, OrdersRunOut, OrdersRuns, RenewalsRunOut};

pub(crate) fn mutation_allowed(state: &AppState) -> ApiResult<()> {
    if state.settings.profile == Profile::Production {
        return Err(ErrorCode::PortalForbidden.into());
    }
    Ok(())
}

pub(crate) fn portal_body(body: &axum::body::Bytes) -> ApiResult<Value> {
    json(body).map_err(|_| bad("Malformed JSON"))
}

pub(crate) fn read_fields(value: &Value, known: &[&str]) -> ApiResult<serde_json::Map<String, Value>> {
    let mut p = Problems::new();
    let map = p.object(value, "", known).cloned();
    if !p.is_empty() {
        return Err(bad("unexpected or invalid fields"));
    }
    map.ok_or_else(|| bad("body"))
}

pub(crate) fn string_field(map: &serde_json::Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(key)),
    }
}

/// `PATCH /portal/api/v1/customers/{id}`: status, cotermDate, globalSalesEnabled, marketSubSegments.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/customers/{customer_id}",
    tag = "Portal",
    operation_id = "portalEditCustomer",
    summary = "Edit a customer's status, cotermDate or global sales",
    request_body = ps::CustomerEditIn,
    responses(
        (status = 200, description = "The customer, edited (the CPAPI resource).", body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or an invalid value; `1117` a \
            body that is not JSON; a CPAPI code (`1139` global sales not enabled for the partner, `1142` \
            the market segment, …).", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn edit_customer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["status", "cotermDate", "globalSalesEnabled", "marketSubSegments"])?;
    let edit = customers::PortalEdit {
        status: string_field(&map, "status")?,
        coterm_date: string_field(&map, "cotermDate")?,
        global_sales_enabled: match map.get("globalSalesEnabled") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(bad("globalSalesEnabled")),
        },
        market_sub_segments: match map.get("marketSubSegments") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string).ok_or_else(|| bad("marketSubSegments")))
                    .collect::<Result<_, _>>()?,
            ),
            Some(_) => return Err(bad("marketSubSegments")),
        },
    };
    let customer = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { customers::portal_edit(tx, ctx, path.get(0), edit).await })
    })
    .await?;
    Ok(Json(dto::customer(&customer)))
}

/// `PATCH /portal/api/v1/resellers/{id}`: status.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/resellers/{reseller_id}",
    tag = "Portal",
    operation_id = "portalEditReseller",
    summary = "Edit a reseller's status",
    request_body = ps::ResellerEditIn,
    responses(
        (status = 200, description = "The reseller, edited (the CPAPI resource).", body = dto::ResellerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, no `status` or an invalid one; \
            `1117` a body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` no such reseller of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn edit_reseller(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["status"])?;
    let status = string_field(&map, "status")?.ok_or_else(|| bad("status"))?;
    let reseller = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { resellers::set_status(tx, ctx, path.get(0), &status).await })
    })
    .await?;
    Ok(Json(dto::reseller(&reseller)))
}

/// `POST /portal/api/v1/partners/{distributorId}/global-sales`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/partners/{distributor_id}/global-sales",
    tag = "Portal",
    operation_id = "portalSetGlobalSales",
    summary = "Turn the distributor's global sales on or off",
    request_body = ps::GlobalSalesIn,
    responses(
        (status = 200, description = "The distributor, edited.", body = PartnerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or no boolean `enabled`; `1117` a \
            body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` not the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn global_sales(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    if path.get(0) != caller.distributor_id {
        return Err(ErrorCode::PortalNotFound.into());
    }
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["enabled"])?;
    let Some(Value::Bool(enabled)) = map.get("enabled") else { return Err(bad("enabled")) };
    let enabled = *enabled;
    let distributor = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move {
            let mut d = ctx.distributor.clone();
            d.global_sales_enabled = enabled;
            tx.put_distributor(&d).await?;
            Ok(d)
        })
    })
    .await?;
    Ok(Json(as_json(&PartnerOut::from(&distributor))))
}

/// `GET /portal/api/v1/partners`: the caller's own distributor.
#[utoipa::path(
    get,
    path = "/portal/api/v1/partners",
    tag = "Portal",
    operation_id = "portalListPartners",
    summary = "The caller's distributor",
    responses(
        (status = 200, description = "The caller's own distributor, as a list of one.", body = PartnerList),
        (status = 404, description = "`P404` the distributor is gone.", body = AdobeError),
    ),
)]
pub async fn partners(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let d = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(Json(as_json(&PartnerList { total_count: 1, items: vec![PartnerOut::from(&d)] })))
}

/// `POST /portal/api/v1/jobs/run` `{"job": "orders"|"renewals"|"expiry"|"all"}`: the caller's
/// distributor's pending work only (expiry purges aged replay records of every client).
#[utoipa::path(
    post,
    path = "/portal/api/v1/jobs/run",
    tag = "Portal",
    operation_id = "portalRunJobs",
    summary = "Run the background jobs now",
    description = "Runs the caller's distributor's pending work now, delays ignored (what `--jobs-mode manual` \
        waits for). No body runs `all`.",
    request_body = Option<ps::JobsRunIn>,
    responses(
        (status = 200, description = "What the jobs did: the members of the jobs run.", body = JobsRunOut),
        (status = 400, description = "`P400` a malformed body or an unknown `job`; `1117` a body that is not \
            JSON.", body = AdobeError),
    ),
)]
pub async fn run_jobs(State(state): State<AppState>, caller: Caller, Body(body): Body) -> Response {
    let job = if body.is_empty() {
        "all".to_string()
    } else {
        match portal_body(&body).map(|v| v.get("job").and_then(Value::as_str).map(str::to_string)) {
            Ok(Some(job)) => job,
            Ok(None) => "all".into(),
            Err(e) => return e.into_response(),
        }
    };
    let only = Some(caller.distributor_id.as_str());
    let out = |job| JobsRunOut { job, orders: None, renewals: None, expiry: None };
    let orders = |run: jobs::OrdersRun| OrdersRunOut::from(run);
    let result = async {
        match job.as_str() {
            "orders" => Ok(JobsRunOut {
                orders: Some(OrdersRuns::One(orders(jobs::run_orders_in(&state, true, only).await?))),
                ..out(JobName::Orders)
            }),
            "renewals" => Ok(JobsRunOut {
                renewals: Some(RenewalsRunOut::from(jobs::run_renewals_in(&state, true, only).await?)),
                ..out(JobName::Renewals)
            }),
            "expiry" => Ok(JobsRunOut {
                expiry: Some(ExpiryRunOut { purged: jobs::run_expiry(&state).await? }),
                ..out(JobName::Expiry)
            }),
            "all" => {
                let first = orders(jobs::run_orders_in(&state, true, only).await?);
                let renewals = RenewalsRunOut::from(jobs::run_renewals_in(&state, true, only).await?);
                let second = orders(jobs::run_orders_in(&state, true, only).await?);
                let purged = jobs::run_expiry(&state).await?;
                Ok(JobsRunOut {
                    job: JobName::All,
                    orders: Some(OrdersRuns::Two(vec![first, second])),
                    renewals: Some(renewals),
                    expiry: Some(ExpiryRunOut { purged }),
                })
            }
            _ => Err(bad("job")),
        }
    };
    match result.await {
        Ok(v) => Json(as_json(&v)).into_response(),
        Err::<_, ApiError>(e) => e.into_response(),
    }
}
