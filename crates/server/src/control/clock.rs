//! Which clock a request runs on.
//!
//! Each distributor has a persisted virtual clock (the `clocks` table, [`ClockState`]). The
//! request middleware reads it **once per request** (a primary-key lookup) and runs the rest
//! of the request inside [`scope`], so that every `AppState::now()` of the handlers and use
//! cases answers that distributor's time. Reading per request rather than caching means that
//! every instance over one database agrees at once after a clock change. Background work asks
//! for each distributor's clock explicitly ([`clock_of`]).

use std::future::Future;

use chrono::{DateTime, Utc};
use vipmp_core::clock::{Clock, ClockState};
use vipmp_core::store::StoreError;

use crate::state::AppState;

tokio::task_local! {
    static CURRENT: ClockState;
}

/// The clock of the request being served, if inside a [`scope`].
pub fn current() -> Option<ClockState> {
    CURRENT.try_with(|c| *c).ok()
}

/// Runs `future` with `clock` as the request's clock.
pub async fn scope<F: Future>(clock: ClockState, future: F) -> F::Output {
    CURRENT.scope(clock, future).await
}

/// A distributor's clock as stored (the wall clock when never set).
pub async fn clock_of(state: &AppState, distributor_id: &str) -> Result<ClockState, StoreError> {
    Ok(state.store.control().clock(distributor_id).await?.unwrap_or_default())
}

/// The base clock's reading (the wall clock, unless a test froze `AppState::clock`).
pub fn wall(state: &AppState) -> DateTime<Utc> {
    state.clock.now()
}

/// A distributor's current instant.
pub async fn now_for(state: &AppState, distributor_id: &str) -> Result<DateTime<Utc>, StoreError> {
    Ok(clock_of(state, distributor_id).await?.now(wall(state)))
}

/// Runs `future` on a distributor's clock.
pub async fn on_clock_of<F: Future>(
    state: &AppState,
    distributor_id: &str,
    future: F,
) -> Result<F::Output, StoreError> {
    let clock = clock_of(state, distributor_id).await?;
    Ok(scope(clock, future).await)
}
