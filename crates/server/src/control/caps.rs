//! Resource caps of the control plane (issue 20, item 6): snapshots and fault rules per
//! distributor, and the size of one snapshot (`--max-snapshots`, `--max-fault-rules`,
//! `--max-snapshot-bytes`). Past a cap the answer is `409 P409`, naming the limit.
//!
//! A cap is checked and the record written while holding [`GUARD`], so that concurrent
//! requests of this process cannot both take the last place; several processes sharing one
//! database can each take it once.

use tokio::sync::{Mutex, MutexGuard};
use vipmp_core::control::SnapshotInfo;
use vipmp_core::error::{CoreError, ErrorCode};

use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::state::AppState;

static GUARD: Mutex<()> = Mutex::const_new(());

/// Held from the count to the commit of a capped write.
pub async fn guard() -> MutexGuard<'static, ()> {
    GUARD.lock().await
}

fn over(detail: String) -> ApiError {
    ApiError(CoreError::detail(ErrorCode::PortalConflict, detail))
}

/// Refuses a new snapshot named `name` when the distributor already keeps the most it may
/// (replacing one of the same name adds none).
pub fn snapshot_count(state: &AppState, existing: &[SnapshotInfo], name: &str) -> ApiResult<()> {
    let max = state.settings.max_snapshots;
    let count = i64::try_from(existing.len()).unwrap_or(i64::MAX);
    if count >= max && !existing.iter().any(|s| s.name == name) {
        return Err(over(format!("snapshots: at most {max} per distributor (--max-snapshots); delete one first")));
    }
    Ok(())
}

/// Refuses a snapshot whose document is larger than the cap.
pub fn snapshot_size(state: &AppState, bytes: usize) -> ApiResult<()> {
    let max = state.settings.max_snapshot_bytes;
    if i64::try_from(bytes).unwrap_or(i64::MAX) > max {
        return Err(over(format!(
            "snapshot size: {bytes} bytes, at most {max} (--max-snapshot-bytes); reset or delete records first"
        )));
    }
    Ok(())
}

/// Refuses a fault rule past the most a distributor may have.
pub fn fault_count(state: &AppState, existing: usize) -> ApiResult<()> {
    let max = state.settings.max_fault_rules;
    if i64::try_from(existing).unwrap_or(i64::MAX) >= max {
        return Err(over(format!("fault rules: at most {max} per distributor (--max-fault-rules); remove one first")));
    }
    Ok(())
}
