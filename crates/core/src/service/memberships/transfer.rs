//! Starting a VIP → VIP MP transfer (E27) and reading one (E28).

use chrono::Duration;
use serde_json::Value;

use super::documents::{get_transfer_doc, membership, put_transfer, save};
use super::eligibility::{Bypass, eligible};
use super::records::{MembershipTransfer, TransferItem};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::model::status;
use crate::service::Ctx;
use crate::store::Tx;

/// E27: starts the transfer of a membership to a reseller (`1002`; the jobs complete it).
pub async fn transfer(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    id: &str,
    bypass: Bypass,
    body: &Value,
) -> CoreResult<MembershipTransfer> {
    let map = body.as_object().ok_or_else(|| CoreError::detail(ErrorCode::InvalidFields, "body"))?;
    if let Some(k) = map.keys().find(|k| k.as_str() != "resellerId") {
        return Err(CoreError::detail(ErrorCode::UnexpectedFields, k.clone()));
    }
    let reseller_id = match map.get("resellerId") {
        None | Some(Value::Null) => return Err(CoreError::detail(ErrorCode::MissingFields, "resellerId")),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(_) => return Err(CoreError::detail(ErrorCode::InvalidFields, "resellerId")),
    };
    // A second E27 while the first is open: the same reseller is a concurrent repeat (4122).
    if let Some(m) = membership(tx, &ctx.distributor.id, id.trim()).await?
        && !m.transferred
        && let Some(open) = &m.transfer_id
        && let Some(t) = get_transfer_doc(tx, &ctx.distributor.id, open).await?
        && t.reseller_id == reseller_id
        && t.status == status::PENDING
    {
        return Err(CoreError::code(ErrorCode::AlreadyProcessing));
    }
    let mut m = eligible(tx, ctx, id, bypass).await?;
    let reseller = tx
        .reseller(&ctx.distributor.id, &reseller_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidReseller, "resellerId"))?;
    if status::reseller_inactive(&reseller.status) || reseller.status == status::PENDING {
        return Err(CoreError::code(ErrorCode::TransferResellerInactive));
    }
    if m.lga && !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
    }
    if !reseller.profile.market_segments.contains(&m.market_segment) {
        return Err(CoreError::detail(ErrorCode::NotEligibleForTransfer, "BAD_MARKET_SEGMENT"));
    }
    let t = MembershipTransfer {
        id: tx.next_id(Sequence::MembershipTransfer).await?.to_string(),
        membership_id: m.id.clone(),
        reseller_id: reseller.id.clone(),
        created_at: ctx.now,
        status: status::PENDING.into(),
        customer_id: String::new(),
        line_items: m
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| TransferItem {
                line_item_number: i as i64 + 1,
                offer_id: item.offer_id.clone(),
                currency_code: item.currency_code.clone(),
                quantity: item.quantity,
                subscription_id: String::new(),
                deployment_id: item.deployment_id.clone(),
                renewal_date: item.renewal_date,
            })
            .collect(),
        order_id: None,
        company_name: m.company_name.clone(),
    };
    m.transfer_id = Some(t.id.clone());
    save(tx, &ctx.distributor.id, &m).await?;
    put_transfer(
        tx,
        &ctx.distributor.id,
        &t,
        Some(ctx.now + Duration::seconds(ctx.settings.order_processing_delay_secs.max(0))),
    )
    .await?;
    Ok(t)
}

/// E28: a transfer of a membership (`5116` unknown, or of another membership).
pub async fn get_transfer(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    membership_id: &str,
    transfer_id: &str,
) -> CoreResult<MembershipTransfer> {
    get_transfer_doc(tx, &ctx.distributor.id, transfer_id.trim())
        .await?
        .filter(|t| t.membership_id == membership_id.trim())
        .ok_or_else(|| CoreError::code(ErrorCode::MembershipTransferNotFound))
}
