//! The flexible discounts (pipeline step 7) and the prices of an order's lines.

use super::body::OrderIn;
use crate::error::CoreResult;
use crate::model::{Customer, LineItem, OrderType, Subscription};
use crate::reference;
use crate::service::flex_discounts::{self, Adjustment, LineCheck};
use crate::service::{Ctx, pricing};
use crate::store::Tx;

/// Flexible discounts (pipeline step 7, SPEC §4.14): the typed codes of PREVIEW, NEW, RENEWAL and
/// PREVIEW_RENEWAL lines (an invalid one fails the order), then, on renewal lines without a typed
/// code, the subscription's opted code or its reusable discount. One adjustment per line.
pub(super) async fn apply_flex_discounts(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    subscriptions: &[Subscription],
    input: &OrderIn,
    lines: &mut [LineItem],
) -> CoreResult<Vec<Option<Adjustment>>> {
    let renewal = matches!(input.order_type, OrderType::Renewal | OrderType::PreviewRenewal);
    let typed = input.lines.iter().any(|l| !l.flex_codes.is_empty());
    if !(renewal || (typed && matches!(input.order_type, OrderType::New | OrderType::Preview))) {
        return Ok(vec![None; lines.len()]);
    }
    let orders = tx.orders_of(&ctx.distributor.id, &customer.id).await?;
    let check = LineCheck { customer, subscriptions, orders: &orders, order_type: input.order_type };
    let mut adjustments = vec![None; lines.len()];
    if input.lines.len() == lines.len() {
        let codes: Vec<_> = input.lines.iter().map(|l| (l.flex_codes.clone(), l.discount_code.is_some())).collect();
        adjustments = flex_discounts::apply_typed(ctx, &check, lines, &codes)?;
    }
    if renewal {
        for (line, adjustment) in lines.iter_mut().zip(adjustments.iter_mut()) {
            if adjustment.is_none()
                && let Some(sub) = subscriptions.iter().find(|s| s.id == line.subscription_id)
            {
                *adjustment = flex_discounts::for_renewal(ctx, &check, sub, line);
            }
        }
    }
    Ok(adjustments)
}

pub(super) fn price_lines(
    customer: &Customer,
    lines: &mut [LineItem],
    order_type: OrderType,
    ctx: &Ctx<'_>,
    adjustments: &[Option<Adjustment>],
) {
    let order_date = pricing::pricing_date(ctx.now);
    let (days, term) = match order_type {
        OrderType::Renewal | OrderType::PreviewRenewal => {
            let next = customer.coterm_date.map_or(order_date, |ad| crate::dates::add_years(ad, 1));
            let days = pricing::days_in_term(next);
            (days, days)
        }
        _ => pricing::prorated_days(customer.coterm_date, order_date),
    };
    for (i, line) in lines.iter_mut().enumerate() {
        if let Some(offer) = reference::offer(&line.offer_id) {
            let adjustment = adjustments.get(i).copied().flatten();
            line.pricing = pricing::price_line(
                offer.product,
                &offer.level,
                &line.currency_code,
                line.quantity,
                (days, term),
                adjustment,
            );
        }
    }
}
