//! `GET|POST /portal/api/v1/clock`: the caller's distributor's virtual clock.
//!
//! `POST` takes exactly one of:
//! - `{"advance": "P1Y2M3DT4H"}` (ISO 8601 duration, or the shorthand `30d`, `1y2mo`) or
//!   `{"advanceSeconds": n}` (n ≥ 0);
//! - `{"set": "2027-05-01T00:00:00Z"}` (or a date; forward only, the past is `400 P400`);
//! - `{"freeze": true|false}` (stop at the current reading, or run on from it);
//! - the SPEC's raw forms `{"offsetSeconds": n}` (running, that offset) and `{"frozenAt":
//!   instant|null}`, which may also move the clock back (running nothing).
//!
//! Every form that moves the clock forward runs what falls due on the way, in time order
//! (`vipmp_core::service::timeline::advance`), in one transaction, and answers the clock with a
//! summary of it. Every form that moves it is bounded (`vipmp_core::clock::check_move`): the
//! clock stays within 2000-01-01T00:00:00Z..=2199-12-31T23:59:59Z and moves at most 10 years at
//! once; anything else is `400 P400` naming the limit.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde_json::Value;
use vipmp_core::clock::ClockState;
use vipmp_core::dates::{format_datetime, parse_date_or_datetime};
use vipmp_core::duration::IsoDuration;
use vipmp_core::service::timeline::{self, Advanced};

use crate::control::schemas as ps;
use crate::control::wire::{ClockChangeOut, ClockOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::clock::{clock_of, fresh_clock_of, wall};
use crate::kernel::error::ApiResult;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::extract::Body;
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields};
use crate::kernel::state::AppState;

const FORMS: [&str; 6] = ["advance", "advanceSeconds", "set", "freeze", "offsetSeconds", "frozenAt"];

/// The clock as the API shows it.
pub fn view(clock: &ClockState, wall: chrono::DateTime<chrono::Utc>) -> ClockOut {
    ClockOut {
        now: format_datetime(clock.now(wall)),
        frozen: clock.frozen_at.is_some(),
        frozen_at: clock.frozen_at.map(format_datetime),
        // A frozen clock does not follow the wall clock: no offset (and a stable answer).
        offset_seconds: if clock.frozen_at.is_some() { None } else { Some(clock.offset_at(wall)) },
    }
}

/// `GET /portal/api/v1/clock`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/clock",
    tag = "Time and state",
    operation_id = "portalGetClock",
    summary = "The distributor's virtual clock",
    responses(
        (status = 200, description = "The clock.", body = ClockOut),
    ),
)]
pub async fn get(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<ClockOut>> {
    Ok(Json(clock(&state, &caller).await?))
}

/// The caller's distributor's clock (the JSON API and the HTML pages).
pub async fn clock(state: &AppState, caller: &Caller) -> ApiResult<ClockOut> {
    let clock = clock_of(state, &caller.distributor_id).await?;
    Ok(view(&clock, wall(state)))
}

fn summary(clock: ClockOut, advanced: Option<&Advanced>) -> ClockChangeOut {
    let run = advanced.map(|a| a.run.clone()).unwrap_or_default();
    ClockChangeOut {
        clock,
        renewal_orders_created: run.renewal_orders.len(),
        subscriptions_expired: run.subscriptions_expired,
        orders_processed: run.orders_processed,
        commitments_expired: run.commitments_expired,
        commitments_recommitted: run.commitments_recommitted,
        requests_expired: run.requests_expired,
        accounts_activated: run.activated_accounts,
        renewal_order_ids: run.renewal_orders,
        steps: advanced.map_or(0, |a| a.steps),
    }
}

fn instant(value: &Value, key: &str) -> ApiResult<chrono::DateTime<chrono::Utc>> {
    let text = value.as_str().ok_or_else(|| bad(key))?;
    parse_date_or_datetime(text)
        .or_else(|| chrono::DateTime::parse_from_rfc3339(text).ok().map(|d| d.to_utc()))
        .ok_or_else(|| bad(key))
}

/// `POST /portal/api/v1/clock`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/clock",
    tag = "Time and state",
    operation_id = "portalSetClock",
    summary = "Advance, set, freeze or offset the virtual clock",
    description = "Takes exactly one member. Every form that moves the clock forward runs what falls due on the \
        way (activations, order processing, renewals, 3YC ends), in time order, and answers with a summary of it. \
        The clock stays within 2000-01-01T00:00:00Z..2199-12-31T23:59:59Z and moves at most 10 years at once. A \
        move is one transaction: an error or the request timeout (`504`) keeps none of it.",
    request_body = ps::ClockIn,
    responses(
        (status = 200, description = "The clock after the change, with what fell due on the way.",
            body = ClockChangeOut),
        (status = 400, description = "`P400` a malformed body, not exactly one known member, an invalid value, \
            `set` to the past, a reading outside 2000-01-01T00:00:00Z..2199-12-31T23:59:59Z, or a move of more \
            than 10 years (the detail names the limit); `1117` a body that is not JSON.", body = AdobeError),
    ),
)]
pub async fn post(State(state): State<AppState>, caller: Caller, Body(body): Body) -> ApiResult<Json<ClockChangeOut>> {
    Ok(Json(move_clock(&state, &caller, &body).await?))
}

/// Moves, freezes or offsets the clock as the request body says (the JSON API and the HTML
/// clock form), running what falls due on the way.
pub async fn move_clock(state: &AppState, caller: &Caller, body: &Bytes) -> ApiResult<ClockChangeOut> {
    mutation_allowed(state)?;
    let value = portal_body(body)?;
    let map = read_fields(&value, &FORMS)?;
    let (key, arg) = match map.iter().next() {
        Some((k, v)) if map.len() == 1 => (k.clone(), v.clone()),
        _ => return Err(bad("exactly one of advance, advanceSeconds, set, freeze, offsetSeconds, frozenAt")),
    };
    let d = caller.distributor_id.as_str();
    let _serial = state.control.time_lock.lock().await;
    let wall = wall(state);
    let clock = fresh_clock_of(state, d).await?;
    let now = clock.now(wall);
    let beyond = || bad(&format!("the clock stays {}", vipmp_core::clock::range_text()));
    let check = |to| vipmp_core::clock::check_move(&clock, wall, to).map_err(|e| bad(&e));
    let (start, target) = match key.as_str() {
        "advance" => {
            let text = arg.as_str().ok_or_else(|| bad("advance"))?;
            let iso = vipmp_core::duration::shorthand_to_iso(text).map_err(|e| bad(&e))?;
            let duration = IsoDuration::parse(&iso).map_err(|e| bad(&e))?;
            (None, duration.add_to(now).ok_or_else(beyond)?)
        }
        "advanceSeconds" => {
            let secs = arg.as_i64().filter(|s| *s >= 0).ok_or_else(|| bad("advanceSeconds"))?;
            (None, vipmp_core::clock::offset_from(now, secs).ok_or_else(beyond)?)
        }
        "set" => {
            let target = instant(&arg, "set")?;
            if target < now {
                return Err(bad("the clock only moves forward; set a later instant (or use frozenAt)"));
            }
            (None, target)
        }
        "freeze" => {
            let freeze = arg.as_bool().ok_or_else(|| bad("freeze"))?;
            return put(state, d, clock.frozen(freeze, wall), wall).await;
        }
        "offsetSeconds" => {
            let offset = arg.as_i64().ok_or_else(|| bad("offsetSeconds"))?;
            let moved = ClockState { offset_seconds: offset, frozen_at: None };
            let target = vipmp_core::clock::offset_from(wall, offset).ok_or_else(beyond)?;
            check(target)?;
            if target < now {
                return put(state, d, moved, wall).await;
            }
            (Some(clock.frozen(false, wall)), target)
        }
        _ => match &arg {
            serde_json::Value::Null => return put(state, d, clock.frozen(false, wall), wall).await,
            other => {
                let target = instant(other, "frozenAt")?;
                check(target)?;
                let frozen = clock.frozen(true, wall);
                if target < now {
                    return put(state, d, frozen.moved_to(target, wall), wall).await;
                }
                (Some(frozen), target)
            }
        },
    };
    check(target)?;
    let advanced = timeline::advance_from(&*state.store, &state.settings, d, start, wall, target, &|_| {}).await;
    state.control.forget(d);
    let advanced = advanced?;
    Ok(summary(view(&advanced.clock, wall), Some(&advanced)))
}

async fn put_silently(state: &AppState, d: &str, clock: ClockState) -> ApiResult<()> {
    let mut tx = state.store.begin().await?;
    tx.control().put_clock(d, &clock).await?;
    tx.commit().await?;
    state.control.forget(d);
    Ok(())
}

async fn put(
    state: &AppState,
    d: &str,
    clock: ClockState,
    wall: chrono::DateTime<chrono::Utc>,
) -> ApiResult<ClockChangeOut> {
    put_silently(state, d, clock).await?;
    Ok(summary(view(&clock, wall), None))
}
