//! The lines of a manual RENEWAL order or its preview: late and early renewals, the new products
//! of an early renewal, and the one-renewal-at-a-time rule.

use chrono::Duration;

use super::body::{LineIn, OrderIn, line_detail};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, LineItem, OrderType, Subscription, status};
use crate::reference;
use crate::service::Ctx;

pub(super) fn renewal_lines(
    ctx: &Ctx<'_>,
    customer: &Customer,
    subs: &[Subscription],
    input: &OrderIn,
) -> CoreResult<Vec<LineItem>> {
    let today = ctx.now.date_naive();
    if input.order_type == OrderType::PreviewRenewal && input.lines.is_empty() {
        let lines: Vec<LineItem> = subs
            .iter()
            .filter(|s| matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED) && s.auto_renewal_enabled)
            .enumerate()
            .map(|(i, s)| crate::service::processing::renewal_line(customer, subs, s, i as i64 + 1, status::ACTIVE))
            .collect();
        if lines.is_empty() {
            return Err(CoreError::code(ErrorCode::NothingAutoRenews));
        }
        // Fully early-renewed subscriptions have nothing left for the anniversary (SPEC §4.6.4).
        let lines: Vec<LineItem> = lines
            .into_iter()
            .filter(|l| l.quantity > 0)
            .enumerate()
            .map(|(i, mut l)| {
                l.ext_line_item_number = i as i64 + 1;
                l
            })
            .collect();
        if lines.is_empty() {
            return Err(CoreError::code(ErrorCode::AllRenewed));
        }
        return Ok(lines);
    }
    let mut out = Vec::new();
    for line in &input.lines {
        let detail = line_detail(line.number);
        let Some(sub_id) = &line.subscription_id else {
            return Err(CoreError::detail(ErrorCode::MissingFields, "subscriptionId"));
        };
        let sub = subs
            .iter()
            .find(|s| &s.id == sub_id)
            .ok_or_else(|| CoreError::detail(ErrorCode::InvalidSubscription, detail.clone()))?;
        let offer = reference::offer(&line.offer_id)
            .ok_or_else(|| CoreError::detail(ErrorCode::InvalidOffer, detail.clone()))?;
        if offer.product.key != sub.product_key {
            return Err(CoreError::detail(ErrorCode::IneligibleProductForOrderType, detail));
        }
        let late = sub.status == status::INACTIVE && sub.allowed_actions.iter().any(|a| a == "MANUAL_RENEWAL");
        let quantity = if late {
            let missed = sub.renewal_date.unwrap_or(today);
            if today > missed + Duration::days(ctx.settings.late_renewal_window_days) {
                return Err(CoreError::detail(ErrorCode::NotWithinRenewalWindow, detail));
            }
            let quantity = line.quantity.unwrap_or(sub.current_quantity);
            if quantity > sub.current_quantity.max(1) {
                return Err(CoreError::detail(ErrorCode::OrderQuantityOutOfRange, detail));
            }
            quantity
        } else {
            early_renewal_quantity(ctx, customer, sub, line)?
        };
        let mut item = crate::service::processing::renewal_line(customer, subs, sub, line.number, status::ACTIVE);
        item.quantity = quantity;
        out.push(item);
    }
    Ok(out)
}

/// `lines` in the order of the request's lines (flexible discounts pair them by position).
pub(super) fn in_input_order(input: &OrderIn, mut lines: Vec<LineItem>) -> Vec<LineItem> {
    let mut ordered = Vec::with_capacity(lines.len());
    for l in &input.lines {
        if let Some(i) = lines.iter().position(|x| x.ext_line_item_number == l.number) {
            ordered.push(lines.remove(i));
        }
    }
    ordered.extend(lines);
    ordered
}

/// Splits the lines of a manual renewal (or its preview) into the renewing ones and the new
/// products of an early renewal (SPEC §4.6.6: "the first early renewal order may contain existing
/// products or new products"). A line without `subscriptionId` for a product the customer does
/// not hold is a new product: only in the customer's AD-30 … AD-1 window with an active
/// subscription renewing at the anniversary (`3121`), not in the final 3YC term (`3133`), checked
/// and priced as a purchase, in the currency of the subscriptions when it names none. Any other
/// line stays a renewal line (one without `subscriptionId` for a held product is then `1122`).
pub(super) fn split_new_products(
    ctx: &Ctx<'_>,
    customer: &Customer,
    subs: &[Subscription],
    input: &OrderIn,
) -> CoreResult<(OrderIn, OrderIn)> {
    let (mut renewing, mut new_products) = (input.clone(), input.clone());
    new_products.order_type = if input.order_type == OrderType::Renewal { OrderType::New } else { OrderType::Preview };
    let (kept, added): (Vec<LineIn>, Vec<LineIn>) = input.lines.iter().cloned().partition(|line| {
        let Some(offer) = reference::offer(&line.offer_id).filter(|_| line.subscription_id.is_none()) else {
            return true;
        };
        let deployment = line.deployment_id.as_deref().map(str::trim);
        subs.iter().any(|s| s.product_key == offer.product.key && s.deployment_id.as_deref() == deployment)
    });
    renewing.lines = kept;
    if added.is_empty() {
        new_products.lines = Vec::new();
        return Ok((renewing, new_products));
    }
    let today = ctx.now.date_naive();
    let first = line_detail(added[0].number);
    let anniversary = subs
        .iter()
        .filter(|s| s.status == status::ACTIVE && s.auto_renewal_enabled)
        .filter_map(|s| s.renewal_date)
        .filter(|ad| today >= *ad - Duration::days(EARLY_OPENS_DAYS) && today < *ad)
        .min()
        .ok_or_else(|| CoreError::detail(ErrorCode::NotAllowedForRenewal, first.clone()))?;
    if in_final_commit_term(customer, anniversary) {
        return Err(CoreError::detail(ErrorCode::FinalThreeYearTerm, first));
    }
    let held = subs.iter().find(|s| s.status == status::ACTIVE).map(|s| s.currency_code.clone());
    new_products.lines = added
        .into_iter()
        .map(|mut l| {
            if l.currency.is_none() && input.currency.is_none() {
                l.currency = held.clone();
            }
            l
        })
        .collect();
    Ok((renewing, new_products))
}

/// How far before the anniversary an early renewal opens, and the last day it is open
/// (SPEC §4.6.6: AD-30 … AD-1).
const EARLY_OPENS_DAYS: i64 = 30;

/// The quantity of an early renewal line (SPEC §4.6.6): an active subscription, AD-30 … AD-1
/// before its renewal date (`3121` outside), not in the final term of a 3YC without an accepted
/// recommitment (`3133`), at most the seats not yet early-renewed, and extra seats only once every
/// current seat is early-renewed (`3118`).
fn early_renewal_quantity(ctx: &Ctx<'_>, customer: &Customer, sub: &Subscription, line: &LineIn) -> CoreResult<i64> {
    let detail = line_detail(line.number);
    let today = ctx.now.date_naive();
    let Some(ad) = sub.renewal_date.filter(|_| sub.status == status::ACTIVE) else {
        return Err(CoreError::detail(ErrorCode::NotAllowedForRenewal, detail));
    };
    if today < ad - Duration::days(EARLY_OPENS_DAYS) || today >= ad {
        return Err(CoreError::detail(ErrorCode::NotAllowedForRenewal, detail));
    }
    if in_final_commit_term(customer, ad) {
        return Err(CoreError::detail(ErrorCode::FinalThreeYearTerm, detail));
    }
    let renewed = sub.renewed_quantity.unwrap_or(0);
    let open = (sub.current_quantity - renewed).max(0);
    let quantity = line.quantity.unwrap_or(open);
    if open > 0 && quantity > open {
        return Err(CoreError::detail(ErrorCode::OrderQuantityOutOfRange, detail));
    }
    Ok(quantity)
}

/// Whether the term ending at `ad` is the last of the customer's 3YC: the commitment ends by
/// then and no recommitment was accepted.
fn in_final_commit_term(customer: &Customer, ad: chrono::NaiveDate) -> bool {
    let Some(tyc) = &customer.three_year_commit else { return false };
    let ends = tyc
        .commitment
        .as_ref()
        .is_some_and(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE") && c.end_date <= ad);
    let recommitted =
        tyc.recommitment_request.as_ref().is_some_and(|r| matches!(r.status.as_str(), "ACCEPTED" | "COMMITTED"));
    ends && !recommitted
}

/// Whether a manual RENEWAL order of the customer is still processing; `early` narrows it to early
/// renewals (whose subscriptions were active). Read from the customer record, not its orders.
pub(super) fn renewal_in_flight(customer: &Customer, early: bool) -> bool {
    customer.open_manual_renewal.as_ref().is_some_and(|o| !early || o.early)
}
