//! The control surface's part of the OpenAPI document: the clock, reset and snapshots, fault
//! rules, the request journal, the renewal forecast and `jobs/run`. What every operation under
//! `/portal/api/v1` shares is added by [`PortalCommon`].

use utoipa::OpenApi;

use super::schemas as cs;
use super::{clock, faults, forecast, jobs, requests, snapshots, wire};
use crate::kernel::docs::PortalCommon;

/// The control operations and their schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        jobs::run,
        clock::get,
        clock::post,
        snapshots::reset,
        snapshots::list,
        snapshots::save,
        snapshots::delete,
        snapshots::restore,
        faults::list,
        faults::add,
        faults::clear,
        faults::remove,
        requests::list,
        requests::get,
        forecast::get,
    ),
    components(schemas(
        wire::JobsRunOut,
        wire::ClockOut,
        wire::ClockChangeOut,
        wire::ResetOut,
        wire::SnapshotList,
        wire::SnapshotSavedOut,
        wire::RestoredOut,
        wire::FaultRuleOut,
        wire::FaultList,
        wire::FaultsCleared,
        wire::JournalList,
        wire::JournalSummaryOut,
        wire::JournalEntryOut,
        wire::JournalMessageOut,
        wire::ForecastOut,
        cs::JobsRunIn,
        cs::ClockIn,
        cs::SnapshotIn,
        cs::FaultRuleIn,
    )),
    modifiers(&PortalCommon),
)]
pub struct Doc;
