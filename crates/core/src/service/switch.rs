//! Mid-term upgrades: the switch family of E15 (`PREVIEW_SWITCH`, `SWITCH`,
//! `PREVIEW_REVERT_SWITCH`, `REVERT_SWITCH`; SPEC §2.8.5, §4.16) and their effect when the order
//! processor completes them.
//!
//! A switch moves `quantity` licences from one subscription (the cancelling item) to another
//! product (the single line) along a seeded path ([`crate::reference::switch_paths`]). A revert,
//! within the return window, moves them back: its line is the source product again and its
//! cancelling item is the target subscription. Checks, first failure wins: the body's structure
//! (`1121`, `1122`, `2119`–`2126`, `1117`), one line and one cancelling item (`2152`), then the rules
//! of [`super::switch_rules`].

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::Ctx;
use super::orders::{self, OrderOptions, Placed};
use super::switch_rules::{self, Checked};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::{self, Sequence};
use crate::input::{Problems, index, join};
use crate::model::{CancellingItem, Customer, LineItem, Order, OrderType, Subscription, status};
use crate::reference;
use crate::store::Tx;
use crate::validate;

use super::orders::{LINE_KEYS, ORDER_KEYS};

const CANCELLING_KEYS: &[&str] = &[
    "extLineItemNumber",
    "referenceLineItemNumber",
    "subscriptionId",
    "quantity",
    "discountCode",
    "offerId",
    "currencyCode",
    "status",
    "pricing",
    "proratedDays",
];

/// The line of a switch request.
pub(super) struct LineIn {
    pub number: i64,
    pub offer_id: String,
    pub quantity: i64,
    pub currency: Option<String>,
}

/// The cancelling item of a switch request.
pub(super) struct CancelIn {
    pub number: i64,
    pub reference: i64,
    pub subscription_id: String,
    pub quantity: i64,
    pub discount_code: Option<String>,
}

/// A switch request, read.
pub(super) struct SwitchIn {
    pub external_reference_id: String,
    pub currency: Option<String>,
    pub reference_order_id: Option<String>,
    pub line: LineIn,
    pub cancel: CancelIn,
}

/// The switch type named by a body's `orderType`, if it names one.
pub fn switch_type(body: &Value) -> Option<OrderType> {
    let order_type = OrderType::parse(body.get("orderType")?.as_str()?)?;
    matches!(
        order_type,
        OrderType::PreviewSwitch | OrderType::Switch | OrderType::PreviewRevertSwitch | OrderType::RevertSwitch
    )
    .then_some(order_type)
}

fn is_currency_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// A required line number in 0–999999 (`2123`); `extLineItemNumber`s must be unique over the lines
/// and the cancelling items together (`2121`).
fn number(p: &mut Problems, m: &Map<String, Value>, path: &str, key: &str, seen: &mut Vec<i64>) -> Option<i64> {
    let n = p.req_int(m, path, key)?;
    if !(0..=999_999).contains(&n) {
        p.code(ErrorCode::LineNumberOutOfRange, join(path, key));
    } else if key == "extLineItemNumber" {
        if seen.contains(&n) {
            p.code(ErrorCode::DuplicateLineNumbers, join(path, key));
        }
        seen.push(n);
    }
    Some(n)
}

/// A required, non-empty array (`1122`) of at most 499 entries (`2119`).
fn items<'a>(p: &mut Problems, map: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    let items = p.opt_array(map, "", key).map(Vec::as_slice).unwrap_or_default();
    if items.is_empty() && !map.get(key).is_some_and(|v| !v.is_null() && !v.is_array()) {
        p.missing(key.into());
    }
    if items.len() > 499 {
        p.code(ErrorCode::TooManyLineItems, key.into());
    }
    items
}

fn read(body: &Value, order_type: OrderType) -> CoreResult<SwitchIn> {
    let mut p = Problems::new();
    let map = p.body(body, ORDER_KEYS)?;
    let ext_ref = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
    validate::external_reference(&mut p, &ext_ref, "externalReferenceId", 35);
    let currency = p.opt_str(map, "", "currencyCode").filter(|c| !c.is_empty());
    if currency.as_deref().is_some_and(|c| !is_currency_code(c)) {
        p.invalid("currencyCode".into());
    }
    let reference_order_id = p.opt_str(map, "", "referenceOrderId").filter(|r| !r.is_empty());
    let revert = matches!(order_type, OrderType::RevertSwitch | OrderType::PreviewRevertSwitch);
    if revert && reference_order_id.is_none() {
        p.missing("referenceOrderId".into());
    }
    let mut seen = Vec::new();
    let mut lines = Vec::new();
    for (i, item) in items(&mut p, map, "lineItems").iter().enumerate() {
        let path = index("lineItems", i);
        let Some(m) = p.object(item, &path, LINE_KEYS) else { continue };
        let number = number(&mut p, m, &path, "extLineItemNumber", &mut seen);
        let offer_id = p.req_str(m, &path, "offerId");
        let quantity = p.req_int(m, &path, "quantity");
        let line_currency = p.opt_str(m, &path, "currencyCode").filter(|c| !c.is_empty());
        if line_currency.as_deref().is_some_and(|c| !is_currency_code(c)) {
            p.invalid(join(&path, "currencyCode"));
        }
        for key in ["subscriptionId", "deploymentId", "discountCode"] {
            p.opt_str(m, &path, key);
        }
        // Flexible discounts do not apply to switches (SPEC §4.14): the field is invalid here.
        if p.opt_str_array(m, &path, "flexDiscountCodes").is_some_and(|codes| !codes.is_empty()) {
            p.invalid(join(&path, "flexDiscountCodes"));
        }
        if let (Some(q), Some(offer)) = (quantity, &offer_id) {
            let max = reference::offer(offer).map_or(599_000, |o| i64::from(o.product.max_quantity()));
            if q < 1 || q > max {
                p.code(ErrorCode::QuantityOutOfRange, join(&path, "quantity"));
            }
        }
        if let (Some(number), Some(offer_id), Some(quantity)) = (number, offer_id, quantity) {
            lines.push(LineIn { number, offer_id, quantity, currency: line_currency });
        }
    }
    let mut cancels = Vec::new();
    for (i, item) in items(&mut p, map, "cancellingItems").iter().enumerate() {
        let path = index("cancellingItems", i);
        let Some(m) = p.object(item, &path, CANCELLING_KEYS) else { continue };
        let number = number(&mut p, m, &path, "extLineItemNumber", &mut seen);
        let reference = number_ref(&mut p, m, &path);
        let subscription_id = p.req_str(m, &path, "subscriptionId").map(|s| s.trim().to_string());
        let quantity = p.req_int(m, &path, "quantity");
        if quantity.is_some_and(|q| !(1..=599_000).contains(&q)) {
            p.code(ErrorCode::QuantityOutOfRange, join(&path, "quantity"));
        }
        let discount_code = p.opt_str(m, &path, "discountCode").filter(|d| !d.is_empty());
        p.opt_str(m, &path, "offerId");
        p.opt_str(m, &path, "currencyCode");
        if let (Some(number), Some(reference), Some(subscription_id), Some(quantity)) =
            (number, reference, subscription_id, quantity)
        {
            cancels.push(CancelIn { number, reference, subscription_id, quantity, discount_code });
        }
    }
    p.finish()?;
    if lines.len() != 1 || cancels.len() != 1 {
        return Err(CoreError::detail(ErrorCode::SwitchOneItemOnly, "lineItems, cancellingItems"));
    }
    let (Some(line), Some(cancel)) = (lines.pop(), cancels.pop()) else {
        return Err(CoreError::code(ErrorCode::SwitchOneItemOnly));
    };
    Ok(SwitchIn { external_reference_id: ext_ref, currency, reference_order_id, line, cancel })
}

/// `referenceLineItemNumber`: in range, not counted among the line numbers.
fn number_ref(p: &mut Problems, m: &Map<String, Value>, path: &str) -> Option<i64> {
    number(p, m, path, "referenceLineItemNumber", &mut Vec::new())
}

/// Places or previews a switch-family order for `customer`.
pub async fn place(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &Customer,
    order_type: OrderType,
    body: &Value,
    options: OrderOptions,
) -> CoreResult<Placed> {
    let input = read(body, order_type)?;
    let checked = match order_type {
        OrderType::Switch | OrderType::PreviewSwitch => switch_rules::check_switch(tx, ctx, customer, &input).await?,
        _ => switch_rules::check_revert(tx, ctx, customer, &input).await?,
    };
    let Checked { line, cancelling, reference_order_id } = checked;
    let mut order = Order {
        id: String::new(),
        distributor_id: ctx.distributor.id.clone(),
        customer_id: customer.id.clone(),
        external_reference_id: input.external_reference_id,
        order_type,
        reference_order_id,
        currency_code: line.currency_code.clone(),
        created_at: ctx.now,
        status: String::new(),
        source: "API".into(),
        line_items: vec![line],
        process_after: None,
        cancelling_items: vec![cancelling],
        reassign_users: options.reassign_users,
        eligible_offers: Vec::new(),
    };
    if order_type.is_preview() {
        return Ok(Placed::Preview(order));
    }
    orders::store_pending(tx, ctx, &mut order).await?;
    orders::accepted(tx, ctx, order).await
}

/// Applies a completed SWITCH or REVERT_SWITCH: the line's product gains the quantity, the
/// cancelling item's subscription loses it; a revert also cancels (`1008`) its SWITCH order.
/// `false` (nothing applied; the order fails) when the cancelled subscription no longer has the
/// seats, e.g. a RETURN processed in between.
pub async fn complete(tx: &mut dyn Tx, now: DateTime<Utc>, order: &mut Order) -> CoreResult<bool> {
    let (Some(line), Some(cancel)) = (order.line_items.first_mut(), order.cancelling_items.first()) else {
        return Ok(false);
    };
    let dist = order.distributor_id.clone();
    let quantity = line.quantity;
    let from = tx.subscription(&dist, &cancel.subscription_id).await?;
    let Some(mut from) = from.filter(|s| s.status == status::ACTIVE && s.current_quantity >= quantity) else {
        return Ok(false);
    };
    let mut to = gaining_subscription(tx, now, order.customer_id.as_str(), line, &from).await?;
    line.subscription_id = to.id.clone();
    from.current_quantity -= quantity;
    if from.current_quantity == 0 {
        from.status = status::INACTIVE.into();
        from.renewal_quantity = None;
    } else if from.renewal_quantity.is_some_and(|r| r > from.current_quantity) {
        from.renewal_quantity = Some(from.current_quantity);
    }
    tx.put_subscription(&from).await?;
    if matches!(to.status.as_str(), status::ACTIVE | status::SCHEDULED) {
        to.current_quantity += quantity;
    } else {
        to.current_quantity = quantity;
        to.renewal_quantity = None;
        to.allowed_actions.clear();
        to.renewal_date = from.renewal_date;
    }
    to.status = status::ACTIVE.into();
    tx.put_subscription(&to).await?;
    if order.order_type == OrderType::RevertSwitch
        && let Some(mut switch) = tx.order(&dist, &order.reference_order_id).await?
    {
        switch.status = status::CANCELLED.into();
        for l in &mut switch.line_items {
            l.status = status::CANCELLED.into();
        }
        tx.put_order(&switch).await?;
    }
    Ok(true)
}

/// The customer's subscription of the line's product (same deployment as `from`), or a new one
/// on `from`'s renewal date and currency.
async fn gaining_subscription(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    customer_id: &str,
    line: &LineItem,
    from: &Subscription,
) -> CoreResult<Subscription> {
    let key = line.offer_id.get(..10).unwrap_or_default();
    let subs = tx.subscriptions_of(&from.distributor_id, customer_id).await?;
    if let Some(sub) = subs.into_iter().find(|s| s.product_key == key && s.deployment_id == from.deployment_id) {
        return Ok(sub);
    }
    let n = tx.next_id(Sequence::Subscription).await?;
    Ok(Subscription {
        id: ids::subscription_id(n),
        distributor_id: from.distributor_id.clone(),
        customer_id: customer_id.to_string(),
        product_key: key.to_string(),
        offer_id: reference::product(key).map(|p| p.base_offer_id()).unwrap_or_default(),
        current_quantity: 0,
        auto_renewal_enabled: true,
        created_at: now,
        renewal_date: from.renewal_date,
        status: status::INACTIVE.into(),
        currency_code: from.currency_code.clone(),
        deployment_id: from.deployment_id.clone(),
        ..Subscription::default()
    })
}

/// The cancelling item of a checked switch.
pub(super) fn cancelling_item(cancel: &CancelIn, offer_id: String, currency: &str) -> CancellingItem {
    CancellingItem {
        ext_line_item_number: cancel.number,
        reference_line_item_number: cancel.reference,
        offer_id,
        subscription_id: cancel.subscription_id.clone(),
        quantity: cancel.quantity,
        currency_code: currency.to_string(),
        discount_code: cancel.discount_code.clone(),
        pricing: None,
    }
}
