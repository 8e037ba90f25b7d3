//! The lines of a RETURN order: the original order, its return window and 3YC minimum, and each
//! line matched against the original's.

use std::collections::HashSet;

use chrono::Duration;

use super::body::{OrderIn, line_detail};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, LineItem, Order, OrderType, status};
use crate::reference::{self, OfferType};
use crate::service::{Ctx, high_growth, levels};
use crate::store::Tx;

pub(super) async fn return_lines(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    input: &OrderIn,
) -> CoreResult<Vec<LineItem>> {
    let reference_id = input.reference_order_id.as_deref().unwrap_or_default();
    let original = tx
        .order(&ctx.distributor.id, reference_id)
        .await?
        .filter(|o| o.customer_id == customer.id)
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidOrder, "referenceOrderId"))?;
    // A cancelled (1008) original falls through to the line checks, which answer 2133.
    let returnable = matches!(original.status.as_str(), status::ACTIVE | status::CANCELLED);
    if !matches!(original.order_type, OrderType::New | OrderType::Renewal) || !returnable {
        return Err(CoreError::detail(ErrorCode::InvalidStatus, "referenceOrderId"));
    }
    if ctx.now >= original.created_at + Duration::days(ctx.settings.return_window_days) {
        return Err(CoreError::code(ErrorCode::ReturnExpired));
    }
    if ctx.settings.profile == crate::settings::Profile::Production {
        check_return_minimum(tx, ctx, customer, &original, input).await?;
    }
    let in_flight = pending_returns(tx, ctx, customer, &original.id).await?;
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    let mut out = Vec::new();
    for line in &input.lines {
        let detail = line_detail(line.number);
        let Some(orig) = original.line_items.iter().find(|l| l.ext_line_item_number == line.number) else {
            return Err(CoreError::detail(ErrorCode::ReturnLineMismatch, detail));
        };
        if orig.offer_id != line.offer_id {
            return Err(CoreError::detail(ErrorCode::ReturnOfferMismatch, detail));
        }
        if Some(orig.quantity) != line.quantity {
            return Err(CoreError::detail(ErrorCode::ReturnQuantityMismatch, detail));
        }
        if orig.status == status::CANCELLED || in_flight.contains(&line.number) {
            return Err(CoreError::detail(ErrorCode::AlreadyReturned, detail));
        }
        if let Some(sub) = subs.iter().find(|s| s.id == orig.subscription_id) {
            high_growth::check_return(sub, orig.quantity, &detail)?;
        }
        if let (Some(order_c), Some(line_c)) = (&input.currency, &line.currency)
            && order_c != line_c
        {
            return Err(CoreError::detail(ErrorCode::ConflictingCurrencies, detail));
        }
        out.push(LineItem {
            ext_line_item_number: line.number,
            offer_id: orig.offer_id.clone(),
            quantity: orig.quantity,
            subscription_id: orig.subscription_id.clone(),
            status: String::new(),
            currency_code: orig.currency_code.clone(),
            deployment_id: orig.deployment_id.clone(),
            pricing: None,
            flex_discounts: Vec::new(),
            discount_code: orig.discount_code.clone(),
        });
    }
    Ok(out)
}

/// Production only (SPEC §4.7.7): a return may not take licences below a 3YC committed minimum.
async fn check_return_minimum(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    original: &Order,
    input: &OrderIn,
) -> CoreResult<()> {
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    for offer_type in [OfferType::License, OfferType::Consumables] {
        let Some(minimum) = crate::service::three_year_commit::committed_minimum(customer, offer_type) else {
            continue;
        };
        let returned: i64 = input
            .lines
            .iter()
            .filter_map(|l| original.line_items.iter().find(|o| o.ext_line_item_number == l.number))
            .filter(|o| reference::offer(&o.offer_id).is_some_and(|x| x.product.offer_type == offer_type))
            .map(|o| o.quantity)
            .sum();
        if returned > 0 && levels::active_total(&subs, offer_type) - returned < minimum {
            return Err(CoreError::detail(ErrorCode::ReturnExpired, "3YC committed minimum"));
        }
    }
    Ok(())
}

/// Line numbers of `original` that an open RETURN order already claims.
async fn pending_returns(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    original: &str,
) -> CoreResult<HashSet<i64>> {
    let orders = tx.orders_of(&ctx.distributor.id, &customer.id).await?;
    Ok(orders
        .iter()
        .filter(|o| {
            o.order_type == OrderType::Return && o.reference_order_id == original && o.status == status::PENDING
        })
        .flat_map(|o| o.line_items.iter().map(|l| l.ext_line_item_number))
        .collect())
}
