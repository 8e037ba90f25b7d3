//! Subscriptions: the auto-renewal update (E22).

use serde_json::Value;

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::Problems;
use crate::model::{OrderType, Subscription, status};
use crate::reference;
use crate::settings::Profile;
use crate::store::Tx;

use super::three_year_commit;

const SUB_KEYS: &[&str] = &[
    "autoRenewal",
    "subscriptionId",
    "offerId",
    "currentQuantity",
    "usedQuantity",
    "creationDate",
    "renewalDate",
    "status",
    "currencyCode",
    "links",
    "deploymentId",
    "allowedActions",
    "renewedQuantity",
];
const AUTO_RENEWAL_KEYS: &[&str] = &["enabled", "renewalQuantity", "renewalCode", "flexDiscountCodes"];

/// Reads a subscription of a customer, or `3115`.
pub async fn get(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str, id: &str) -> CoreResult<Subscription> {
    tx.subscription(&ctx.distributor.id, id.trim())
        .await?
        .filter(|s| s.customer_id == customer_id)
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidSubscription))
}

/// What the caller asked for besides the body of E22.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpdateOptions {
    /// `reset-flex-discount-codes=true`: remove the opted flexible discount codes.
    pub reset_flex_discount_codes: bool,
}

/// Updates auto-renewal preferences (E22).
pub async fn update_auto_renewal(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    id: &str,
    body: &Value,
    options: UpdateOptions,
) -> CoreResult<Subscription> {
    let mut sub = get(tx, ctx, customer_id, id).await?;
    let mut p = Problems::new();
    let (mut enabled, mut quantity, mut quantity_sent, mut flex) = (None, None, false, None);
    if let Some(map) = p.object(body, "", SUB_KEYS)
        && let Some(ar) = map.get("autoRenewal").filter(|v| !v.is_null())
        && let Some(ar) = p.object(ar, "autoRenewal", AUTO_RENEWAL_KEYS)
    {
        enabled = p.opt_bool(ar, "autoRenewal", "enabled");
        quantity_sent = ar.contains_key("renewalQuantity");
        quantity = p.opt_int(ar, "autoRenewal", "renewalQuantity");
        p.opt_str(ar, "autoRenewal", "renewalCode");
        flex = p.opt_str_array(ar, "autoRenewal", "flexDiscountCodes");
    }
    p.finish()?;
    if sub.status == status::INACTIVE {
        return Err(CoreError::code(ErrorCode::InactiveSubscription));
    }
    let in_flight = tx.orders_of(&ctx.distributor.id, customer_id).await?.into_iter().any(|o| {
        o.order_type == OrderType::Renewal
            && o.status == status::PENDING
            && o.line_items.iter().any(|l| l.subscription_id == sub.id)
    });
    if in_flight {
        return Err(CoreError::code(ErrorCode::InvalidRenewalUpdate));
    }
    let flag = enabled.unwrap_or(sub.auto_renewal_enabled);
    if flex.is_some() && !flag {
        return Err(CoreError::detail(ErrorCode::InvalidFields, "autoRenewal.flexDiscountCodes"));
    }
    // Stored as sent; checked by PREVIEW_RENEWAL and at renewal, not here (SPEC §4.14).
    if let Some(codes) = flex {
        let codes: Vec<String> = codes.into_iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        if codes.len() > 1 {
            return Err(CoreError::detail(ErrorCode::OneFlexDiscountPerLine, "autoRenewal.flexDiscountCodes"));
        }
        sub.flex_discount_codes = codes;
    }
    if options.reset_flex_discount_codes {
        sub.flex_discount_codes.clear();
    }
    if flag {
        let max = reference::product(&sub.product_key).map_or(599_000, |p| i64::from(p.max_quantity()));
        match quantity {
            Some(q) if q < 1 || q > max => return Err(CoreError::code(ErrorCode::RenewalQuantityOutOfRange)),
            Some(q) => sub.renewal_quantity = Some(q),
            None if enabled == Some(true) && quantity_sent => sub.renewal_quantity = None,
            None if enabled == Some(true) => sub.renewal_quantity = None,
            None => {}
        }
    }
    sub.auto_renewal_enabled = flag;
    if ctx.settings.profile == Profile::Production {
        check_renewal_minimum(tx, ctx, customer_id, &sub).await?;
    }
    tx.put_subscription(&sub).await?;
    Ok(sub)
}

/// Production only (SPEC §4.7.7): the next renewal may not fall below a 3YC committed minimum.
async fn check_renewal_minimum(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    updated: &Subscription,
) -> CoreResult<()> {
    let Some(customer) = tx.customer(&ctx.distributor.id, customer_id).await? else { return Ok(()) };
    let Some(offer_type) = reference::product(&updated.product_key).map(|p| p.offer_type) else { return Ok(()) };
    let Some(minimum) = three_year_commit::committed_minimum(&customer, offer_type) else { return Ok(()) };
    let subs = tx.subscriptions_of(&ctx.distributor.id, customer_id).await?;
    let total: i64 = subs
        .iter()
        .map(|s| if s.id == updated.id { updated } else { s })
        .filter(|s| s.auto_renewal_enabled && matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED))
        .filter(|s| reference::product(&s.product_key).is_some_and(|p| p.offer_type == offer_type))
        .map(Subscription::effective_renewal_quantity)
        .sum();
    if total < minimum {
        return Err(CoreError::detail(ErrorCode::InvalidRenewalUpdate, "3YC committed minimum"));
    }
    Ok(())
}
