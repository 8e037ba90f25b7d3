//! Activation of pending accounts (`1002` → `1000`) once their delay has passed (SPEC §4.2).

use chrono::{DateTime, Utc};

use crate::error::CoreResult;
use crate::model::status;
use crate::store::Tx;

/// Activates one pending account if it is still pending. `kind` is `reseller` or `customer`.
pub async fn activate(
    tx: &mut dyn Tx,
    kind: &str,
    distributor_id: &str,
    id: &str,
    _now: DateTime<Utc>,
) -> CoreResult<bool> {
    match kind {
        "reseller" => {
            let Some(mut r) = tx.reseller(distributor_id, id).await? else { return Ok(false) };
            if r.status != status::PENDING {
                return Ok(false);
            }
            r.status = status::ACTIVE.into();
            r.activate_at = None;
            tx.put_reseller(&r).await?;
            Ok(true)
        }
        _ => {
            let Some(mut c) = tx.customer(distributor_id, id).await? else { return Ok(false) };
            if c.status != status::PENDING {
                return Ok(false);
            }
            c.status = status::ACTIVE.into();
            c.activate_at = None;
            tx.put_customer(&c).await?;
            Ok(true)
        }
    }
}
