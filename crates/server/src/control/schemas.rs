//! What the control surface accepts: the bodies of `jobs/run`, the clock, snapshots and fault
//! rules, and the journal's and the forecast's query parameters. Like the portal API's, the
//! handlers read them by hand, so these types only describe what the handlers accept.

#![allow(dead_code, reason = "schema-only types: the handlers read bodies and parameters by hand")]

use utoipa::{IntoParams, ToSchema};

/// A job `jobs/run` can run.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum JobIn {
    /// Account activations and order processing.
    Orders,
    /// Triggered renewal jobs and the renewal sweep.
    Renewals,
    /// 3YC expiry and the purge of old replay records.
    Expiry,
    /// All of them (the default).
    All,
}

/// `POST /portal/api/v1/jobs/run` (the body is optional: no body runs `all`).
#[derive(ToSchema)]
#[schema(example = json!({"job": "all"}))]
pub struct JobsRunIn {
    /// The job (default `all`).
    job: Option<JobIn>,
}

/// `POST /portal/api/v1/clock`: exactly one member. `advance`, `advanceSeconds`, `set` and a
/// later `frozenAt` or `offsetSeconds` move the clock forward and run what falls due on the
/// way; `frozenAt` and `offsetSeconds` may also move it back (running nothing). The clock reads
/// within 2000-01-01T00:00:00Z..2199-12-31T23:59:59Z and moves at most 10 years (`P10Y`) at
/// once; anything else is `400 P400` naming the limit.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(min_properties = 1, max_properties = 1, example = json!({"advance": "P30D"}))]
pub struct ClockIn {
    /// An ISO 8601 duration (`P1Y2M3DT4H`) or a shorthand (`30d`, `1y2mo`).
    #[schema(example = "P30D")]
    advance: Option<String>,
    /// Seconds to move forward.
    #[schema(minimum = 0, example = 3600)]
    advance_seconds: Option<i64>,
    /// A later instant (RFC 3339) or date (`YYYY-MM-DD`): the past is `400 P400`.
    #[schema(example = "2027-05-01T00:00:00Z")]
    set: Option<String>,
    /// `true` stops the clock at its current reading; `false` runs it on from there.
    freeze: Option<bool>,
    /// Run with this offset from the wall clock (seconds).
    offset_seconds: Option<i64>,
    /// Stop at this instant (RFC 3339 or `YYYY-MM-DD`); `null` runs the clock on.
    #[schema(example = "2027-05-01T00:00:00Z")]
    frozen_at: Option<String>,
}

/// `POST /portal/api/v1/snapshots`.
#[derive(ToSchema)]
#[schema(example = json!({"name": "before-renewal"}))]
pub struct SnapshotIn {
    /// 1 to 64 letters, digits, dots, dashes or underscores; an existing name is replaced.
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$", example = "before-renewal")]
    name: String,
}

/// The error a fault answers.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaultErrorIn {
    /// HTTP status, 400–599.
    #[schema(minimum = 400, maximum = 599, example = 500)]
    status: u16,
    /// Adobe's error code, not empty.
    #[schema(example = "1124")]
    code: String,
    /// The message (default: the code's usual one).
    message: Option<String>,
    /// `additionalDetails`.
    additional_details: Option<Vec<String>>,
}

/// What a fault does: exactly one member.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum FaultActionIn {
    /// Answer this error instead of running the request.
    Error(FaultErrorIn),
    /// Wait this many milliseconds (at most 600000), then run the request.
    LatencyMs(u64),
    /// Run the request (it commits), then drop the connection without an answer (must be
    /// `true`).
    CommitThenDrop(bool),
}

/// `POST /portal/api/v1/faults`: a rule applied to the caller's CPAPI requests.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"method": "POST", "path": "/v3/customers/{customer-id}/orders", "times": 1,
    "action": {"error": {"status": 500, "code": "1124"}}}))]
pub struct FaultRuleIn {
    /// HTTP method (any when absent).
    #[schema(example = "POST")]
    method: Option<String>,
    /// A route template (`/v3/customers/{customer-id}/orders`), a literal path or a prefix
    /// ending in `/*`; starts with `/`.
    #[schema(example = "/v3/customers/{customer-id}/orders")]
    path: String,
    /// Only requests on this customer's paths.
    customer_id: Option<String>,
    /// Applies this many times, then disappears (until cleared when absent).
    #[schema(minimum = 1)]
    times: Option<u32>,
    /// Chance of applying to a matching request (always when absent).
    #[schema(minimum = 0.0, maximum = 1.0)]
    probability: Option<f64>,
    /// What it does.
    action: FaultActionIn,
}

/// `GET /portal/api/v1/requests` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct JournalQuery {
    /// Only this HTTP method (case-insensitive).
    #[param(example = "POST")]
    method: Option<String>,
    /// A literal path, a route template (`/v3/customers/{customer-id}/orders`) or a prefix
    /// ending in `/*`.
    #[param(example = "/v3/*")]
    path: Option<String>,
    /// Only this response status.
    #[param(minimum = 0, maximum = 65535, example = 200)]
    status: Option<u16>,
    /// Only this customer's requests.
    customer_id: Option<String>,
    /// At most this many entries (default and most 100, and no more than the journal's size).
    #[param(minimum = 1, example = 20)]
    limit: Option<i64>,
    /// Only entries older than this id: the `nextBeforeId` of the previous page.
    #[param(minimum = 1, example = 1200)]
    before_id: Option<i64>,
}

/// `GET /portal/api/v1/customers/{customer_id}/renewal-forecast` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// The date (`YYYY-MM-DD`, today or later; default the customer's cotermDate, or today).
    #[param(format = Date, example = "2026-01-15")]
    at: Option<String>,
}
