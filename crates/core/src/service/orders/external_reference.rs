//! The external-reference update of an order (E18).

use serde_json::Value;

use super::body::ORDER_KEYS;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::Problems;
use crate::model::Order;
use crate::service::Ctx;
use crate::store::Tx;
use crate::validate;

/// Updates an order's `externalReferenceId` (E18).
pub async fn update_reference(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    order_id: &str,
    body: &Value,
) -> CoreResult<Order> {
    let mut order = tx
        .order(&ctx.distributor.id, order_id)
        .await?
        .filter(|o| o.customer_id == customer_id)
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidOrder))?;
    let mut p = Problems::new();
    let map = p.object(body, "", ORDER_KEYS);
    // Only known, non-editable fields (E18, T1-08): `1119` rather than a missing `1122`.
    if let Some(m) = map
        && p.is_empty()
        && !m.is_empty()
        && m.get("externalReferenceId").is_none_or(Value::is_null)
    {
        return Err(CoreError::with_details(ErrorCode::NotEditable, m.keys().cloned().collect()));
    }
    let ext = map.and_then(|m| p.req_str(m, "", "externalReferenceId"));
    if let Some(e) = &ext {
        validate::external_reference(&mut p, e, "externalReferenceId", 35);
    }
    p.finish()?;
    if let Some(map) = map {
        let others: Vec<String> = map.keys().filter(|k| *k != "externalReferenceId").cloned().collect();
        if !others.is_empty() {
            return Err(CoreError::with_details(ErrorCode::NotEditable, others));
        }
    }
    order.external_reference_id = ext.unwrap_or_default();
    tx.put_order(&order).await?;
    Ok(order)
}
