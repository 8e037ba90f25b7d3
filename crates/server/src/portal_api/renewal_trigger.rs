//! Trigger Auto Renewal (SPEC §5.4): the trigger (once per cooldown), its countdown, and the renewal
//! job it starts.

use super::wire::{CooldownOut, RenewalJobOut, TriggerOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::PathParams;
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::service::portal_view::{self, RenewalJobView};
use vipmp_core::service::renewals;

fn too_many(state: &AppState, remaining: i64) -> ApiError {
    let c = state.settings.renewal_cooldown_secs;
    ApiError(CoreError::message(
        ErrorCode::PortalTooManyRequests,
        format!("Auto-renewal can be triggered once every {c} seconds"),
        vec![format!("retryAfterSeconds={}", remaining.max(1))],
    ))
}

/// `POST /portal/api/v1/customers/{id}/auto-renewal/trigger`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/auto-renewal/trigger",
    tag = "Portal",
    operation_id = "portalTriggerAutoRenewal",
    summary = "Trigger Auto Renewal",
    description = "Starts a renewal job for the customer (run after `--renewal-trigger-delay-secs`); at most one \
        accepted trigger per customer per cooldown window.",
    responses(
        (status = 202, description = "Accepted: the renewal job and the cooldown.", body = TriggerOut,
            links(
                ("portalGetRenewalJob" = (operation_id = "portalGetRenewalJob", parameters(("job_id" = "$response.body#/jobId")))),
            )),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 429, description = "`P429` within the cooldown (`additionalDetails`: \
            `retryAfterSeconds=N`).", body = AdobeError,
            headers(("Retry-After" = i64, description = "Seconds until a trigger is accepted again."))),
    ),
)]
pub async fn trigger(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<TriggerOut>)> {
    Ok((StatusCode::ACCEPTED, Json(trigger_renewal(&state, &caller, path.get(0)).await?)))
}

/// Triggers the customer's renewal job (the JSON API and the HTML page): the cooldown, the job,
/// and its inline run when the delay is 0.
pub async fn trigger_renewal(state: &AppState, caller: &Caller, id: &str) -> ApiResult<TriggerOut> {
    mutation_allowed(state)?;
    let customer_id = id.to_string();
    let delay = state.settings.renewal_trigger_delay_secs;
    let result = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move {
            let job = renewals::trigger(tx, ctx, &customer_id, delay).await?;
            let subs = tx.subscriptions_of(&ctx.distributor.id, &customer_id).await?;
            Ok((job, renewals::due_now(&subs, ctx.now.date_naive())))
        })
    })
    .await;
    match result {
        Ok((job, due)) => {
            let c = state.settings.renewal_cooldown_secs;
            let next = state.now() + chrono::Duration::seconds(c);
            if state.settings.inline(delay) {
                crate::jobs::run_renewal_jobs_in(state, false, Some(&caller.distributor_id)).await.map_err(ApiError)?;
            }
            Ok(TriggerOut {
                job_id: job.id,
                next_allowed_at: format_datetime(next),
                cooldown_seconds: c,
                due_subscriptions: due.count,
                next_renewal_date: due.next_renewal_date.map(format_date),
            })
        }
        Err(ApiError(e)) if e.error_code() == Some(ErrorCode::PortalTooManyRequests) => {
            let remaining = renewals::remaining_seconds(state.store.cooldown_until(id).await?, state.now());
            Err(too_many(state, remaining))
        }
        Err(e) => Err(e),
    }
}

/// `GET /portal/api/v1/customers/{id}/auto-renewal/trigger`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/customers/{customer_id}/auto-renewal/trigger",
    tag = "Portal",
    operation_id = "portalGetAutoRenewalCooldown",
    summary = "Trigger Auto Renewal: the cooldown",
    responses(
        (status = 200, description = "The cooldown left.", body = CooldownOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn cooldown(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<CooldownOut>> {
    state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::PortalNotFound)?;
    let until = state.store.cooldown_until(path.get(0)).await?;
    let remaining = renewals::remaining_seconds(until, state.now());
    Ok(Json(CooldownOut {
        cooldown_remaining_seconds: remaining,
        next_allowed_at: until.filter(|_| remaining > 0).map(format_datetime),
        cooldown_seconds: state.settings.renewal_cooldown_secs,
    }))
}

/// `GET /portal/api/v1/jobs/{jobId}`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/jobs/{job_id}",
    tag = "Portal",
    operation_id = "portalGetRenewalJob",
    summary = "A renewal job started by Trigger Auto Renewal",
    responses(
        (status = 200, description = "The job.", body = RenewalJobOut),
        (status = 404, description = "`P404` no such job of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn job(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<RenewalJobOut>> {
    Ok(Json(RenewalJobOut::from(renewal_job(&state, &caller, path.get(0)).await?)))
}

/// A renewal job with what became of its renewal order (the JSON API and the HTML poller).
pub async fn renewal_job(state: &AppState, caller: &Caller, id: &str) -> ApiResult<RenewalJobView> {
    Ok(portal_view::renewal_job(&*state.store, &caller.distributor_id, id).await?)
}
