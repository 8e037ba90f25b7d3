//! The rules for turning a customer's global sales on or off (E7, E9 and the portal).

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, status};
use crate::reference::MarketSegment;
use crate::service::Ctx;
use crate::store::Tx;

pub(super) async fn check_global_sales(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    enable: bool,
) -> CoreResult<()> {
    if !enable {
        let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
        if subs.iter().any(|s| s.deployment_id.is_some() && s.status == status::ACTIVE) {
            return Err(CoreError::detail(ErrorCode::NotEditable, "globalSalesEnabled"));
        }
        return Ok(());
    }
    if !ctx.distributor.global_sales_enabled {
        return Err(CoreError::code(ErrorCode::PartnerNotGlobal));
    }
    if customer.profile.market_segment != MarketSegment::Com {
        return Err(CoreError::code(ErrorCode::SegmentNotGlobal));
    }
    let reseller = tx.reseller(&customer.distributor_id, &customer.reseller_id).await?;
    if !reseller.is_some_and(|r| r.profile.market_segments.contains(&MarketSegment::Com)) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "globalSalesEnabled"));
    }
    Ok(())
}
