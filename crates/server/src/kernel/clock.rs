//! Which clock a request runs on.
//!
//! Each distributor has a persisted virtual clock (the `clocks` table, [`ClockState`]). The
//! request middleware gets it **once per request** (from a cache at most one second old; the
//! instance that changes a clock forgets its entry at once, other instances follow within a
//! second) and runs the rest of the request inside [`scope`], so that every `AppState::now()`
//! of the handlers and use cases answers that distributor's time. Moving a clock reads it
//! afresh ([`fresh_clock_of`]); background work asks for each distributor's clock explicitly.

use std::future::Future;

use chrono::{DateTime, Utc};
use vipmp_core::clock::{Clock, ClockState};
use vipmp_core::store::StoreError;

use crate::kernel::state::AppState;

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

/// A distributor's clock (the wall clock when never set), at most a second old (see
/// `control::runtime`).
pub async fn clock_of(state: &AppState, distributor_id: &str) -> Result<ClockState, StoreError> {
    state.control.clock(&state.store, distributor_id).await
}

/// A distributor's clock read from the database now (before moving it).
pub async fn fresh_clock_of(state: &AppState, distributor_id: &str) -> Result<ClockState, StoreError> {
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
