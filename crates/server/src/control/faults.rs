//! Fault rules of the caller's distributor (applied by `crate::kernel::faults`):
//! `POST /portal/api/v1/faults` adds one, `GET` lists them, `DELETE` clears them all and
//! `DELETE /portal/api/v1/faults/{id}` removes one.
//!
//! A rule: `{"method"?, "path", "customerId"?, "times"?: N ≥ 1, "probability"?: 0..1, "action":
//! {"error": {"status", "code", "message"?, "additionalDetails"?}} | {"latencyMs": 1..=600000} |
//! {"commitThenDrop": true}}`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::Value;
use vipmp_core::control::{FaultAction, FaultRule};
use vipmp_core::error::{CoreError, ErrorCode};

use crate::control::caps;
use crate::control::schemas as ps;
use crate::control::wire::{FaultList, FaultRuleOut, FaultsCleared};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body};
use crate::kernel::state::AppState;

/// Longest latency a rule may add (10 minutes).
const MAX_LATENCY_MS: u64 = 600_000;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewRule {
    method: Option<String>,
    path: String,
    customer_id: Option<String>,
    times: Option<u32>,
    probability: Option<f64>,
    action: FaultAction,
}

/// The numbers and texts of a rule, checked before it is read, so that a meaningless value is
/// refused naming its field and range (`times: must be …`) rather than with a parser's message.
fn check_fields(rule: &Value) -> ApiResult<()> {
    let field = |f: &str, rule: &str| ApiError(CoreError::bad_field(f, rule));
    let given = |v: &Value| !v.is_null();
    if given(&rule["times"]) && !rule["times"].as_u64().is_some_and(|n| n >= 1 && n <= u64::from(u32::MAX)) {
        return Err(field("times", "a whole number from 1 to 4294967295 (absent: every time)"));
    }
    let p = &rule["probability"];
    if given(p) && !p.as_f64().is_some_and(|p| (0.0..=1.0).contains(&p)) {
        return Err(field("probability", "a number from 0 to 1 (absent: always)"));
    }
    if !rule["path"].as_str().is_some_and(|p| p.starts_with('/')) {
        return Err(field("path", "a path or route template starting with /"));
    }
    let action = &rule["action"];
    let ms = &action["latencyMs"];
    if given(ms) && !ms.as_u64().is_some_and(|ms| (1..=MAX_LATENCY_MS).contains(&ms)) {
        return Err(field("action.latencyMs", "a whole number of milliseconds from 1 to 600000"));
    }
    let error = &action["error"];
    if given(error) {
        if given(&error["status"]) && !error["status"].as_u64().is_some_and(|s| (400..=599).contains(&s)) {
            return Err(field("action.error.status", "an HTTP status from 400 to 599"));
        }
        if error["code"].as_str().is_none_or(|c| c.trim().is_empty()) {
            return Err(field("action.error.code", "a non-empty error code (1124, 5122, …)"));
        }
    }
    Ok(())
}

fn validate(rule: NewRule) -> ApiResult<FaultRule> {
    if let FaultAction::CommitThenDrop(false) = &rule.action {
        return Err(bad("commitThenDrop must be true"));
    }
    Ok(FaultRule {
        id: String::new(),
        method: rule.method.map(|m| m.to_ascii_uppercase()),
        path: rule.path,
        customer_id: rule.customer_id,
        times: rule.times,
        probability: rule.probability,
        action: rule.action,
    })
}

/// `POST /portal/api/v1/faults`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/faults",
    tag = "Time and state",
    operation_id = "portalAddFault",
    summary = "Add a fault-injection rule",
    description = "The rule applies to the caller's CPAPI requests that match it: an error answered instead, added \
        latency, or a committed request whose connection is dropped.",
    request_body = ps::FaultRuleIn,
    responses(
        (status = 201, description = "The rule added.", body = FaultRuleOut,
            links(
                ("portalRemoveFault" = (operation_id = "portalRemoveFault", parameters(("id" = "$response.body#/id")))),
            )),
        (status = 400, description = "`P400` a malformed or invalid rule (the detail says why); `1117` a body that \
            is not JSON.", body = AdobeError),
        (status = 409, description = "`P409` the distributor has the most fault rules it may \
            (`--max-fault-rules`).", body = AdobeError),
    ),
)]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<FaultRuleOut>)> {
    Ok((StatusCode::CREATED, Json(add_fault(&state, &caller, &body).await?)))
}

/// Adds the rule of the request body (the JSON API and the Faults page).
pub async fn add_fault(state: &AppState, caller: &Caller, body: &Bytes) -> ApiResult<FaultRuleOut> {
    mutation_allowed(state)?;
    let value = portal_body(body)?;
    check_fields(&value)?;
    let rule: NewRule = serde_json::from_value(value).map_err(|e| bad(&e.to_string()))?;
    let rule = validate(rule)?;
    let _capped = caps::guard().await;
    caps::fault_count(state, state.store.control().faults(&caller.distributor_id).await?.len())?;
    let mut tx = state.store.begin().await?;
    let rule = tx.control().add_fault(&caller.distributor_id, &rule).await?;
    tx.commit().await?;
    state.control.forget(&caller.distributor_id);
    Ok(FaultRuleOut::from(&rule))
}

/// `GET /portal/api/v1/faults`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/faults",
    tag = "Time and state",
    operation_id = "portalListFaults",
    summary = "The distributor's fault rules",
    responses(
        (status = 200, description = "The rules.", body = FaultList),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<FaultList>> {
    Ok(Json(fault_list(&state, &caller).await?))
}

/// The caller's distributor's rules, oldest first (the JSON API and the Faults page).
pub async fn fault_list(state: &AppState, caller: &Caller) -> ApiResult<FaultList> {
    let rules = state.store.control().faults(&caller.distributor_id).await?;
    Ok(FaultList { total_count: rules.len(), items: rules.iter().map(FaultRuleOut::from).collect() })
}

/// `DELETE /portal/api/v1/faults`.
#[utoipa::path(
    delete,
    path = "/portal/api/v1/faults",
    tag = "Time and state",
    operation_id = "portalClearFaults",
    summary = "Remove every fault rule",
    responses(
        (status = 200, description = "How many rules were removed.", body = FaultsCleared),
    ),
)]
pub async fn clear(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<FaultsCleared>> {
    Ok(Json(clear_faults(&state, &caller).await?))
}

/// Removes every rule of the caller's distributor (the JSON API and the Faults page).
pub async fn clear_faults(state: &AppState, caller: &Caller) -> ApiResult<FaultsCleared> {
    mutation_allowed(state)?;
    let mut tx = state.store.begin().await?;
    let deleted = tx.control().clear_faults(&caller.distributor_id).await?;
    tx.commit().await?;
    state.control.forget(&caller.distributor_id);
    Ok(FaultsCleared { deleted })
}

/// `DELETE /portal/api/v1/faults/{id}`.
#[utoipa::path(
    delete,
    path = "/portal/api/v1/faults/{id}",
    tag = "Time and state",
    operation_id = "portalRemoveFault",
    summary = "Remove a fault rule",
    responses(
        (status = 204, description = "Removed."),
        (status = 404, description = "`P404` no such rule.", body = AdobeError),
    ),
)]
pub async fn remove(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<StatusCode> {
    remove_fault(&state, &caller, path.get(0)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the rule `id`; `404 P404` if there is none (the JSON API and the Faults page).
pub async fn remove_fault(state: &AppState, caller: &Caller, id: &str) -> ApiResult<()> {
    mutation_allowed(state)?;
    let mut tx = state.store.begin().await?;
    let existed = tx.control().delete_fault(&caller.distributor_id, id).await?;
    tx.commit().await?;
    state.control.forget(&caller.distributor_id);
    if existed { Ok(()) } else { Err(ErrorCode::PortalNotFound.into()) }
}
