//! The sandbox's control surface (SPEC §5.10): the JSON endpoints that steer time and state
//! under `/portal/api/v1`: the clock, reset and snapshots, fault rules and the request
//! journal. The machinery they steer (the per-request clock, the journal writer, the fault
//! injector) is in `crate::kernel`.

pub mod caps;
pub mod clock;
pub mod docs;
pub mod faults;
pub mod forecast;
pub mod jobs;
pub mod requests;
pub mod schemas;
pub mod snapshots;
pub mod wire;

use axum::Router;
use axum::routing::{delete, get, post};

use crate::kernel::state::AppState;

/// The control surface's routes under `/portal/api/v1` (the caller wraps them in
/// authentication and the request context).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portal/api/v1/jobs/run", post(jobs::run))
        .route("/portal/api/v1/clock", get(clock::get).post(clock::post))
        .route("/portal/api/v1/reset", post(snapshots::reset))
        .route("/portal/api/v1/snapshots", get(snapshots::list).post(snapshots::save))
        .route("/portal/api/v1/snapshots/{name}", delete(snapshots::delete))
        .route("/portal/api/v1/snapshots/{name}/restore", post(snapshots::restore))
        .route("/portal/api/v1/faults", get(faults::list).post(faults::add).delete(faults::clear))
        .route("/portal/api/v1/faults/{id}", delete(faults::remove))
        .route("/portal/api/v1/requests", get(requests::list))
        .route("/portal/api/v1/requests/{id}", get(requests::get))
        .route("/portal/api/v1/customers/{customer_id}/renewal-forecast", get(forecast::get))
}
