//! The business rules of the switch family (SPEC §4.16), after the body has been read
//! ([`super::switch`]). Order of the checks, first failure wins:
//!
//! * SWITCH / PREVIEW_SWITCH: offer (`2122`, `2124`), the cancelled subscription (`404 3115`),
//!   line and item correspond (`2153`), equal quantities (`2149`), currency (`2140`, `2125`,
//!   `2128`, `2137`), path (`2150`), upgrade supported (`2154`: High Growth offers, a 3YC or LGA
//!   level change), active quantity (`2151`), `FULL_ONLY` paths (`2150`), one open switch per
//!   subscription (`4122`).
//! * REVERT_SWITCH / PREVIEW_REVERT_SWITCH: the SWITCH order (`404 2115`, `2116`), already
//!   reverted or being reverted (`2133`), the window (`2134`), the cancelled subscription
//!   (`404 3115`), items correspond to the switch (`2153`), equal quantities (`2149`), exactly the
//!   switched quantity (`2132`), still active there (`2151`), one open switch per subscription (`4122`).

use chrono::Duration;

use super::switch::{SwitchIn, cancelling_item};
use super::{Ctx, levels, pricing};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{CancellingItem, Customer, LineItem, LinePricing, Order, OrderType, Subscription, status};
use crate::reference::{self, Offer, OfferType, SwitchType};
use crate::store::Tx;

/// A checked switch-family request: its line and cancelling item, priced.
pub(super) struct Checked {
    pub line: LineItem,
    pub cancelling: CancellingItem,
    pub reference_order_id: String,
}

fn line_detail(n: i64) -> String {
    format!("Line Item: {n}")
}

fn cancel_path() -> String {
    "cancellingItems[0].subscriptionId".into()
}

/// The offer of a request line: `2122` unknown, `2124` a segment the distributor does not sell.
fn offer_of(ctx: &Ctx<'_>, input: &SwitchIn) -> CoreResult<Offer<'static>> {
    let detail = line_detail(input.line.number);
    let offer =
        reference::offer(&input.line.offer_id).ok_or_else(|| CoreError::detail(ErrorCode::InvalidOffer, &*detail))?;
    if !ctx.distributor.market_segments.contains(&offer.product.segment) {
        return Err(CoreError::detail(ErrorCode::ProgramNotAllowed, detail));
    }
    Ok(offer)
}

/// The customer's subscription named by the cancelling item, else `404 3115`.
fn cancelled_sub<'a>(subs: &'a [Subscription], input: &SwitchIn) -> CoreResult<&'a Subscription> {
    subs.iter()
        .find(|s| s.id == input.cancel.subscription_id)
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidSubscription, cancel_path()))
}

/// `2153` when the item does not point at the line, `2149` when the quantities differ.
fn correspond(input: &SwitchIn) -> CoreResult<()> {
    if input.cancel.reference != input.line.number {
        return Err(CoreError::detail(ErrorCode::SwitchItemMismatch, "cancellingItems[0].referenceLineItemNumber"));
    }
    if input.cancel.quantity != input.line.quantity {
        return Err(CoreError::detail(ErrorCode::SwitchQuantityMismatch, "cancellingItems[0].quantity"));
    }
    Ok(())
}

/// The order's currency: conflicts `2140`, not sold in the customer's region `2125`, not an
/// currency of the offer `2128`, not the subscription's `2137`.
fn currency(
    ctx: &Ctx<'_>,
    customer: &Customer,
    input: &SwitchIn,
    offer: &Offer<'_>,
    sub: &Subscription,
) -> CoreResult<String> {
    let detail = line_detail(input.line.number);
    if let (Some(order_c), Some(line_c)) = (&input.currency, &input.line.currency)
        && order_c != line_c
    {
        return Err(CoreError::detail(ErrorCode::ConflictingCurrencies, detail));
    }
    let currency =
        input.line.currency.clone().or_else(|| input.currency.clone()).unwrap_or_else(|| sub.currency_code.clone());
    let region =
        reference::country(&customer.profile.address.country).map(|c| c.price_region.clone()).unwrap_or_default();
    if !ctx.distributor.sells(&region, &currency) {
        return Err(CoreError::detail(ErrorCode::CurrencyNotAllowed, detail));
    }
    if !offer.product.currencies().contains(&currency.as_str()) {
        return Err(CoreError::detail(ErrorCode::CurrencyNotValidForOffer, detail));
    }
    if currency != sub.currency_code {
        return Err(CoreError::detail(ErrorCode::CurrencyNotAligned, detail));
    }
    Ok(currency)
}

/// Levels a switch may not move to: 3YC (`12`–`14`, `TA`–`TG`) and LGA (`06`–`09`) levels other
/// than the customer's own.
fn is_committed_level(level: &str) -> bool {
    matches!(level, "12" | "13" | "14" | "06" | "07" | "08" | "09") || (level.starts_with('T') && level > "T9")
}

/// Whether a High Growth (MOQ) offer fed this subscription.
fn fed_by_moq(orders: &[Order], sub: &Subscription) -> bool {
    orders
        .iter()
        .flat_map(|o| &o.line_items)
        .any(|l| l.subscription_id == sub.id && reference::offer(&l.offer_id).is_some_and(|o| o.variant != 'A'))
}

/// Subscriptions an open (`1002`) switch or revert is moving licences of.
fn busy(orders: &[Order]) -> Vec<&str> {
    orders
        .iter()
        .filter(|o| matches!(o.order_type, OrderType::Switch | OrderType::RevertSwitch) && o.status == status::PENDING)
        .flat_map(|o| {
            o.line_items
                .iter()
                .map(|l| l.subscription_id.as_str())
                .chain(o.cancelling_items.iter().map(|c| c.subscription_id.as_str()))
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// The line's priced item and the cancelling item's credit (negative values).
fn priced(
    ctx: &Ctx<'_>,
    customer: &Customer,
    mut line: LineItem,
    mut cancelling: CancellingItem,
    renewal: Option<chrono::NaiveDate>,
) -> (LineItem, CancellingItem) {
    let (days, term) = pricing::prorated_days(renewal.or(customer.coterm_date), pricing::pricing_date(ctx.now));
    let price = |offer_id: &str, currency: &str, quantity: i64| {
        let offer = reference::offer(offer_id)?;
        pricing::price_line(offer.product, &offer.level, currency, quantity, (days, term), None)
    };
    line.pricing = price(&line.offer_id, &line.currency_code, line.quantity);
    cancelling.pricing =
        price(&cancelling.offer_id, &cancelling.currency_code, cancelling.quantity).map(|p| LinePricing {
            partner_price: -p.partner_price,
            discounted_partner_price: -p.discounted_partner_price,
            net_partner_price: -p.net_partner_price,
            line_item_partner_price: -p.line_item_partner_price,
            prorated_days: p.prorated_days,
        });
    (line, cancelling)
}

fn level_of(customer: &Customer, subs: &[Subscription], offer_type: OfferType) -> String {
    levels::eligible_level(customer, subs, offer_type, 0)
}

/// Checks a SWITCH or PREVIEW_SWITCH.
pub(super) async fn check_switch(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    input: &SwitchIn,
) -> CoreResult<Checked> {
    let offer = offer_of(ctx, input)?;
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    let source = cancelled_sub(&subs, input)?;
    correspond(input)?;
    let currency = currency(ctx, customer, input, &offer, source)?;
    let detail = line_detail(input.line.number);
    let target = reference::switch_path(&source.product_key)
        .and_then(|p| p.target(&offer.product.key))
        .ok_or_else(|| CoreError::detail(ErrorCode::SwitchPathInvalid, &*detail))?;
    let orders = tx.orders_of(&ctx.distributor.id, &customer.id).await?;
    let level = level_of(customer, &subs, offer.product.offer_type);
    let level_change = is_committed_level(&offer.level) && offer.level != level;
    let moq = source.moq.is_some() || source.renewal_code.is_some() || fed_by_moq(&orders, source);
    if offer.variant != 'A' || moq || level_change {
        return Err(CoreError::detail(ErrorCode::SwitchUpgradeNotSupported, detail));
    }
    let quantity = input.line.quantity;
    if source.status != status::ACTIVE || quantity > source.current_quantity {
        return Err(CoreError::detail(ErrorCode::SwitchQuantityAboveActive, cancel_path()));
    }
    if target.switch_type == SwitchType::FullOnly && quantity != source.current_quantity {
        return Err(CoreError::detail(
            ErrorCode::SwitchPathInvalid,
            "FULL_ONLY: the whole active quantity must switch",
        ));
    }
    if busy(&orders).contains(&source.id.as_str()) {
        return Err(CoreError::detail(ErrorCode::AlreadyProcessing, cancel_path()));
    }
    let line = LineItem {
        ext_line_item_number: input.line.number,
        offer_id: levels::offer_at_level(&offer.product.key, &level),
        quantity,
        currency_code: currency.clone(),
        deployment_id: source.deployment_id.clone(),
        ..LineItem::default()
    };
    let source_level = reference::product(&source.product_key).map(|p| level_of(customer, &subs, p.offer_type));
    let source_offer = levels::offer_at_level(&source.product_key, source_level.as_deref().unwrap_or("01"));
    let cancelling = cancelling_item(&input.cancel, source_offer, &currency);
    let (line, cancelling) = priced(ctx, customer, line, cancelling, source.renewal_date);
    Ok(Checked { line, cancelling, reference_order_id: String::new() })
}

/// Checks a REVERT_SWITCH or PREVIEW_REVERT_SWITCH against its SWITCH order.
pub(super) async fn check_revert(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    input: &SwitchIn,
) -> CoreResult<Checked> {
    let reference_id = input.reference_order_id.clone().unwrap_or_default();
    let switch = tx
        .order(&ctx.distributor.id, &reference_id)
        .await?
        .filter(|o| o.customer_id == customer.id)
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidOrder, "referenceOrderId"))?;
    let orders = tx.orders_of(&ctx.distributor.id, &customer.id).await?;
    let reverting = orders.iter().any(|o| {
        o.order_type == OrderType::RevertSwitch && o.reference_order_id == switch.id && o.status == status::PENDING
    });
    if switch.order_type == OrderType::Switch && (switch.status == status::CANCELLED || reverting) {
        return Err(CoreError::detail(ErrorCode::AlreadyReturned, "referenceOrderId"));
    }
    let (Some(switched), Some(given_up)) = (switch.line_items.first(), switch.cancelling_items.first()) else {
        return Err(CoreError::detail(ErrorCode::InvalidStatus, "referenceOrderId"));
    };
    if switch.order_type != OrderType::Switch || switch.status != status::ACTIVE {
        return Err(CoreError::detail(ErrorCode::InvalidStatus, "referenceOrderId"));
    }
    if ctx.now >= switch.created_at + Duration::days(ctx.settings.return_window_days) {
        return Err(CoreError::detail(ErrorCode::ReturnExpired, "referenceOrderId"));
    }
    let offer = offer_of(ctx, input)?;
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    let target = cancelled_sub(&subs, input)?;
    let source = subs.iter().find(|s| s.id == given_up.subscription_id);
    let detail = line_detail(input.line.number);
    let Some(source) = source.filter(|s| s.product_key == offer.product.key && target.id == switched.subscription_id)
    else {
        return Err(CoreError::detail(ErrorCode::SwitchItemMismatch, detail));
    };
    correspond(input)?;
    if input.line.quantity != switched.quantity {
        return Err(CoreError::detail(ErrorCode::ReturnQuantityMismatch, detail));
    }
    let currency = currency(ctx, customer, input, &offer, source)?;
    if target.status != status::ACTIVE || input.line.quantity > target.current_quantity {
        return Err(CoreError::detail(ErrorCode::SwitchQuantityAboveActive, cancel_path()));
    }
    let busy = busy(&orders);
    if busy.contains(&source.id.as_str()) || busy.contains(&target.id.as_str()) {
        return Err(CoreError::detail(ErrorCode::AlreadyProcessing, cancel_path()));
    }
    let level = level_of(customer, &subs, offer.product.offer_type);
    let line = LineItem {
        ext_line_item_number: input.line.number,
        offer_id: levels::offer_at_level(&source.product_key, &level),
        quantity: input.line.quantity,
        subscription_id: source.id.clone(),
        currency_code: currency.clone(),
        deployment_id: source.deployment_id.clone(),
        ..LineItem::default()
    };
    let cancelling = cancelling_item(&input.cancel, levels::offer_at_level(&target.product_key, &level), &currency);
    let (line, cancelling) = priced(ctx, customer, line, cancelling, target.renewal_date);
    Ok(Checked { line, cancelling, reference_order_id: switch.id })
}
