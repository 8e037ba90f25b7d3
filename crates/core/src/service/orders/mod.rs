//! Orders: create and preview (E15), and the external-reference update (E18).
//!
//! The validation pipeline follows SPEC §2.8.5 E15: structure, currency, offer, eligibility and
//! level, then the rules of the order type. Status of the accounts is not checked here: the
//! order is accepted and fails later (§4.5.2).
//!
//! [`place`] runs the pipeline; each step lives in its own file: reading the body (`body`), the
//! lines of a purchase (`purchase`), a renewal (`renewal`) or a return (`returns`), then the
//! flexible discounts and prices (`line_prices`).

use chrono::Duration;
use serde_json::Value;

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::model::{Order, OrderType, status};
use crate::service::flex_discounts::{self, LineCheck};
use crate::service::{Ctx, high_growth};
use crate::store::Tx;

mod body;
mod external_reference;
mod line_prices;
mod placeholder;
mod purchase;
mod renewal;
mod returns;

pub(super) use body::{LINE_KEYS, ORDER_KEYS};
pub use external_reference::update_reference;
pub(crate) use placeholder::is_placeholder_preview;
pub use placeholder::placeholder_customer;
pub(super) use purchase::check_purchase_line;

use body::read_order;
use line_prices::{apply_flex_discounts, price_lines};
use purchase::purchase_lines;
use renewal::{in_input_order, renewal_in_flight, renewal_lines, split_new_products};
use returns::return_lines;

/// What the caller asked for besides the body.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderOptions {
    /// `fetch-price=true`.
    pub fetch_price: bool,
    /// `reassign-users=true` (switch family; recorded only).
    pub reassign_users: bool,
}

/// The outcome of E15: a preview (never stored) or an accepted order.
#[derive(Debug, Clone)]
pub enum Placed {
    /// HTTP 200.
    Preview(Order),
    /// HTTP 202; the order as the response shows it.
    Accepted(Order),
}

/// Places or previews an order for `customer_id`.
pub async fn place(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    body: &Value,
    options: OrderOptions,
) -> CoreResult<Placed> {
    let stored = tx.customer(&ctx.distributor.id, customer_id).await?;
    let placeholder = stored.is_none() && is_placeholder_preview(ctx, customer_id, body);
    let customer = match stored {
        Some(c) => c,
        None if placeholder => placeholder_customer(ctx, customer_id),
        None => return Err(CoreError::code(ErrorCode::InvalidCustomer)),
    };
    if let Some(order_type) = super::switch::switch_type(body) {
        if !order_type.is_preview() && !placeholder && renewal_in_flight(&customer, true) {
            return Err(CoreError::code(ErrorCode::EarlyRenewalInProgress));
        }
        return super::switch::place(tx, ctx, &customer, order_type, body, options).await;
    }
    let input = read_order(body)?;
    let subscriptions =
        if placeholder { Vec::new() } else { tx.subscriptions_of(&ctx.distributor.id, &customer.id).await? };
    let mut lines = match input.order_type {
        OrderType::Return => return_lines(tx, ctx, &customer, &input).await?,
        OrderType::Renewal | OrderType::PreviewRenewal => {
            let (renewing, new_products) = split_new_products(ctx, &customer, &subscriptions, &input)?;
            let mut lines = if renewing.lines.is_empty() && !input.lines.is_empty() {
                Vec::new()
            } else {
                renewal_lines(ctx, &customer, &subscriptions, &renewing)?
            };
            if !new_products.lines.is_empty() {
                let mut added = purchase_lines(ctx, &customer, &subscriptions, &new_products).await?;
                added.iter_mut().for_each(|l| l.status = status::ACTIVE.into());
                lines.extend(added);
            }
            in_input_order(&input, lines)
        }
        _ => purchase_lines(ctx, &customer, &subscriptions, &input).await?,
    };
    // Pipeline step 9: one manual renewal at a time (`4122`); no purchase while an early renewal
    // is processing (`3131`).
    let concurrency = match input.order_type {
        OrderType::Renewal => Some((false, ErrorCode::AlreadyProcessing)),
        OrderType::New => Some((true, ErrorCode::EarlyRenewalInProgress)),
        _ => None,
    };
    if let Some((early, code)) = concurrency
        && !placeholder
        && renewal_in_flight(&customer, early)
    {
        return Err(CoreError::code(code));
    }
    let currency =
        input.currency.clone().or_else(|| lines.first().map(|l| l.currency_code.clone())).unwrap_or_default();
    let single_currency = lines.iter().all(|l| l.currency_code == currency);
    if options.fetch_price && input.order_type.is_preview() && !single_currency {
        return Err(CoreError::code(ErrorCode::MultiCurrencyPricing));
    }
    let adjustments = if placeholder {
        let codes: Vec<_> = input.lines.iter().map(|l| (l.flex_codes.clone(), l.discount_code.is_some())).collect();
        let check = LineCheck { customer: &customer, subscriptions: &[], orders: &[], order_type: input.order_type };
        flex_discounts::apply_typed(ctx, &check, &mut lines, &codes)?
    } else {
        apply_flex_discounts(tx, ctx, &customer, &subscriptions, &input, &mut lines).await?
    };
    price_lines(&customer, &mut lines, input.order_type, ctx, &adjustments);
    let mut order = Order {
        id: String::new(),
        distributor_id: ctx.distributor.id.clone(),
        customer_id: customer.id.clone(),
        external_reference_id: input.external_reference_id,
        order_type: input.order_type,
        reference_order_id: input
            .reference_order_id
            .filter(|_| input.order_type == OrderType::Return)
            .unwrap_or_default(),
        currency_code: currency,
        created_at: ctx.now,
        status: String::new(),
        source: "API".into(),
        line_items: lines,
        process_after: None,
        cancelling_items: Vec::new(),
        reassign_users: false,
        eligible_offers: Vec::new(),
    };
    if input.order_type == OrderType::PreviewRenewal {
        order.eligible_offers = high_growth::eligible_offers(&subscriptions);
    }
    if input.order_type.is_preview() {
        return Ok(Placed::Preview(order));
    }
    store_pending(tx, ctx, &mut order).await?;
    if order.order_type == OrderType::Renewal {
        let early = order.line_items.iter().any(|l| {
            l.subscription_id.is_empty()
                || subscriptions.iter().any(|s| s.id == l.subscription_id && s.status == status::ACTIVE)
        });
        let mut customer = customer.clone();
        customer.open_manual_renewal = Some(crate::model::OpenRenewal { order_id: order.id.clone(), early });
        tx.put_customer(&customer).await?;
    }
    accepted(tx, ctx, order).await
}

/// Stores an accepted order as pending: a new id, `1002` on the order and its lines, processed
/// after the order processing delay.
pub(in crate::service) async fn store_pending(tx: &mut dyn Tx, ctx: &Ctx<'_>, order: &mut Order) -> CoreResult<()> {
    order.id = tx.next_id(Sequence::Order).await?.to_string();
    order.status = status::PENDING.into();
    for line in &mut order.line_items {
        line.status = status::PENDING.into();
    }
    order.process_after = Some(ctx.now + Duration::seconds(ctx.settings.order_processing_delay_secs));
    tx.put_order(order).await?;
    Ok(())
}

/// The answer to a stored pending order (HTTP 202): the order as stored, which is processed at
/// once when the jobs run inline with no delay.
pub(in crate::service) async fn accepted(tx: &mut dyn Tx, ctx: &Ctx<'_>, order: Order) -> CoreResult<Placed> {
    if ctx.settings.inline(ctx.settings.order_processing_delay_secs) {
        super::processing::process(tx, ctx.settings, ctx.now, &ctx.distributor.id, &order.id).await?;
    }
    Ok(Placed::Accepted(order))
}
