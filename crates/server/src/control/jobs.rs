//! `POST /portal/api/v1/jobs/run`: the caller's distributor's background work, run now.

use axum::Json;
use axum::extract::State;
use serde_json::Value;

use crate::control::schemas as ps;
use crate::control::wire::{ExpiryRunOut, JobName, JobsRunOut, OrdersRunOut, OrdersRuns, RenewalsRunOut};
use crate::jobs;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::extract::Body;
use crate::kernel::portal::portal_body;
use crate::kernel::state::AppState;

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
pub async fn run(State(state): State<AppState>, caller: Caller, Body(body): Body) -> ApiResult<Json<JobsRunOut>> {
    let job = if body.is_empty() {
        "all".to_string()
    } else {
        portal_body(&body)?.get("job").and_then(Value::as_str).unwrap_or("all").to_string()
    };
    let only = Some(caller.distributor_id.as_str());
    let ran = |job| JobsRunOut { job, orders: None, renewals: None, expiry: None };
    let orders = |run: jobs::OrdersRun| OrdersRunOut::from(run);
    let out = match job.as_str() {
        "orders" => JobsRunOut {
            orders: Some(OrdersRuns::One(orders(jobs::run_orders_in(&state, true, only).await?))),
            ..ran(JobName::Orders)
        },
        "renewals" => JobsRunOut {
            renewals: Some(RenewalsRunOut::from(jobs::run_renewals_in(&state, true, only).await?)),
            ..ran(JobName::Renewals)
        },
        "expiry" => JobsRunOut {
            expiry: Some(ExpiryRunOut { purged: jobs::run_expiry(&state).await? }),
            ..ran(JobName::Expiry)
        },
        "all" => {
            let first = orders(jobs::run_orders_in(&state, true, only).await?);
            let renewals = RenewalsRunOut::from(jobs::run_renewals_in(&state, true, only).await?);
            let second = orders(jobs::run_orders_in(&state, true, only).await?);
            let purged = jobs::run_expiry(&state).await?;
            JobsRunOut {
                job: JobName::All,
                orders: Some(OrdersRuns::Two(vec![first, second])),
                renewals: Some(renewals),
                expiry: Some(ExpiryRunOut { purged }),
            }
        }
        _ => return Err(bad("job")),
    };
    Ok(Json(out))
}
