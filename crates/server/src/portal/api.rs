//! Portal JSON API: the status edits the tests and testers need, the distributor's global
//! sales switch, the clock and `jobs/run`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::input::Problems;
use vipmp_core::service::{customers, resellers};
use vipmp_core::settings::Profile;

use crate::api::auth::Caller;
use crate::api::dto;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{Body, PathParams};
use crate::api::write::{json, transaction};
use crate::jobs;
use crate::state::AppState;

fn bad(detail: &str) -> ApiError {
    ApiError(CoreError::detail(ErrorCode::PortalBadRequest, detail))
}

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

/// `PATCH /portal/api/v1/customers/{id}`: status, cotermDate, globalSalesEnabled.
pub async fn edit_customer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["status", "cotermDate", "globalSalesEnabled"])?;
    let edit = customers::PortalEdit {
        status: string_field(&map, "status")?,
        coterm_date: string_field(&map, "cotermDate")?,
        global_sales_enabled: match map.get("globalSalesEnabled") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(bad("globalSalesEnabled")),
        },
    };
    let customer = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { customers::portal_edit(tx, ctx, path.get(0), edit).await })
    })
    .await?;
    Ok(Json(dto::customer(&customer)))
}

/// `PATCH /portal/api/v1/resellers/{id}`: status.
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
    Ok(Json(partner(&distributor)))
}

fn partner(d: &vipmp_core::model::Distributor) -> Value {
    json!({
        "distributorId": d.id, "name": d.name, "country": d.country,
        "globalSalesEnabled": d.global_sales_enabled, "lgaEnabled": d.lga_enabled,
        "status": if d.active { "1000" } else { "1004" },
    })
}

/// `GET /portal/api/v1/partners`: the caller's own distributor.
pub async fn partners(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let d = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(Json(json!({"totalCount": 1, "items": [partner(&d)]})))
}

/// `POST /portal/api/v1/jobs/run` `{"job": "orders"|"renewals"|"expiry"|"all"}`: the caller's
/// distributor's pending work only (expiry purges aged replay records of every client).
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
    let result = async {
        match job.as_str() {
            "orders" => Ok(json!({"job": job, "orders": jobs::run_orders_in(&state, true, only).await?})),
            "renewals" => Ok(json!({"job": job, "renewals": jobs::run_renewals_in(&state, true, only).await?})),
            "expiry" => Ok(json!({"job": job, "expiry": {"purged": jobs::run_expiry(&state).await?}})),
            "all" => {
                let first = jobs::run_orders_in(&state, true, only).await?;
                let renewals = jobs::run_renewals_in(&state, true, only).await?;
                let second = jobs::run_orders_in(&state, true, only).await?;
                let purged = jobs::run_expiry(&state).await?;
                Ok(json!({"job": job, "orders": [first, second], "renewals": renewals, "expiry": {"purged": purged}}))
            }
            _ => Err(bad("job")),
        }
    };
    match result.await {
        Ok(v) => Json(v).into_response(),
        Err::<_, ApiError>(e) => e.into_response(),
    }
}
