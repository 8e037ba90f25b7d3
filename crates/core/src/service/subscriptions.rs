//! Subscriptions: Create Subscription (E19, a scheduled subscription) and the auto-renewal update
//! (E22).

use chrono::Duration;
use serde_json::Value;

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::{self, Sequence};
use crate::input::Problems;
use crate::model::{OrderType, Subscription, moq_minimum, status};
use crate::reference::{self, OfferType};
use crate::settings::Profile;
use crate::store::Tx;

use super::{high_growth, three_year_commit};

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

/// The members a Create Subscription body may carry.
const CREATE_KEYS: &[&str] = &["offerId", "autoRenewal", "currencyCode", "deploymentId"];

/// The Create Subscription window: AD-30 … AD-3 (SPEC §4.6.7).
const SCHEDULE_OPENS_DAYS: i64 = 30;
const SCHEDULE_CLOSES_DAYS: i64 = 3;

/// What a Create Subscription body asks for.
struct ScheduleIn {
    offer_id: String,
    renewal_quantity: i64,
    renewal_code: Option<String>,
    flex_codes: Vec<String>,
    currency: Option<String>,
    deployment_id: Option<String>,
}

fn read_schedule(body: &Value) -> CoreResult<ScheduleIn> {
    let mut p = Problems::new();
    let map = p.object(body, "", CREATE_KEYS);
    let offer_id = map.and_then(|m| p.req_str(m, "", "offerId"));
    let currency = map.and_then(|m| p.opt_str(m, "", "currencyCode")).filter(|c| !c.is_empty());
    let deployment_id = map.and_then(|m| p.opt_str(m, "", "deploymentId")).filter(|d| !d.trim().is_empty());
    if deployment_id.is_some() && currency.is_none() {
        p.missing("currencyCode".into());
    }
    let (mut quantity, mut code, mut flex) = (None, None, Vec::new());
    match map.and_then(|m| m.get("autoRenewal")).filter(|v| !v.is_null()) {
        None if map.is_some() => p.missing("autoRenewal.renewalQuantity".into()),
        None => {}
        Some(ar) => {
            if let Some(ar) = p.object(ar, "autoRenewal", AUTO_RENEWAL_KEYS) {
                if p.opt_bool(ar, "autoRenewal", "enabled") == Some(false) {
                    p.invalid("autoRenewal.enabled".into());
                }
                quantity = p.req_int(ar, "autoRenewal", "renewalQuantity");
                code = p.opt_str(ar, "autoRenewal", "renewalCode").filter(|c| !c.is_empty());
                if code.as_deref().is_some_and(|c| moq_minimum(c).is_none()) {
                    p.invalid("autoRenewal.renewalCode".into());
                }
                flex = p.opt_str_array(ar, "autoRenewal", "flexDiscountCodes").unwrap_or_default();
            }
        }
    }
    p.finish()?;
    let flex_codes: Vec<String> = flex.into_iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
    if flex_codes.len() > 1 {
        return Err(CoreError::detail(ErrorCode::OneFlexDiscountPerLine, "autoRenewal.flexDiscountCodes"));
    }
    match (offer_id, quantity) {
        (Some(offer_id), Some(renewal_quantity)) => {
            Ok(ScheduleIn { offer_id, renewal_quantity, renewal_code: code, flex_codes, currency, deployment_id })
        }
        _ => Err(CoreError::code(ErrorCode::MissingFields)),
    }
}

/// Creates a scheduled subscription (E19, SPEC §4.6.7): a new product, status `1009` with no
/// licences, that the auto-renewal order at the anniversary activates with its renewal quantity.
pub async fn create_scheduled(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    body: &Value,
) -> CoreResult<Subscription> {
    let customer = tx
        .customer(&ctx.distributor.id, customer_id)
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))?;
    let input = read_schedule(body)?;
    let refuse = |why: &str| CoreError::detail(ErrorCode::InvalidFields, why);
    let offer =
        reference::offer(&input.offer_id).ok_or_else(|| CoreError::detail(ErrorCode::InvalidOffer, "offerId"))?;
    if offer.product.offer_type == OfferType::Consumables {
        return Err(refuse("offerId: a consumable cannot be scheduled"));
    }
    let max = i64::from(offer.product.max_quantity());
    if !(1..=max).contains(&input.renewal_quantity) {
        return Err(CoreError::detail(ErrorCode::RenewalQuantityOutOfRange, "autoRenewal.renewalQuantity"));
    }
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    let active = subs.iter().filter(|s| s.status == status::ACTIVE).collect::<Vec<_>>();
    if active.is_empty() {
        return Err(refuse("the customer has no active subscription"));
    }
    let today = ctx.now.date_naive();
    let Some(ad) = customer.coterm_date else { return Err(refuse("the customer has no anniversary date")) };
    let (opens, closes) = (ad - Duration::days(SCHEDULE_OPENS_DAYS), ad - Duration::days(SCHEDULE_CLOSES_DAYS));
    if today < opens || today > closes {
        return Err(refuse(&format!("Create Subscription is open from {opens} to {closes} (anniversary {ad})")));
    }
    let deployment_id = input.deployment_id.map(|d| d.trim().to_string());
    let held = subs.iter().any(|s| {
        s.product_key == offer.product.key
            && s.deployment_id == deployment_id
            && matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED | status::PENDING)
    });
    if held {
        return Err(refuse("offerId: the customer already holds this product"));
    }
    // At home, the currency the customer already buys in, else the first its country prices in.
    let currency = input.currency.or_else(|| {
        active.iter().find(|s| s.deployment_id.is_none()).map(|s| s.currency_code.clone()).or_else(|| {
            reference::country(&customer.profile.address.country)
                .and_then(|c| c.currencies.iter().find(|x| offer.product.currencies().contains(&x.as_str())).cloned())
        })
    });
    let line = super::orders::check_purchase_line(
        ctx,
        &customer,
        &subs,
        &input.offer_id,
        input.renewal_quantity,
        currency,
        deployment_id.clone(),
    )
    .await?;
    let n = tx.next_id(Sequence::Subscription).await?;
    let sub = Subscription {
        id: ids::subscription_id(n),
        distributor_id: ctx.distributor.id.clone(),
        customer_id: customer.id.clone(),
        product_key: offer.product.key.clone(),
        offer_id: offer.product.base_offer_id(),
        current_quantity: 0,
        used_quantity: 0,
        auto_renewal_enabled: true,
        renewal_quantity: Some(input.renewal_quantity),
        created_at: ctx.now,
        renewal_date: Some(ad),
        status: status::SCHEDULED.into(),
        currency_code: line.currency_code,
        deployment_id,
        allowed_actions: Vec::new(),
        last_processed_renewal_date: None,
        renewed_quantity: None,
        flex_discount_codes: input.flex_codes,
        // An MOQ offer id opts in for its own code unless another one is given (SPEC §4.15).
        renewal_code: input.renewal_code.or_else(|| high_growth::code_of(&offer).map(str::to_string)),
        moq: None,
    };
    tx.put_subscription(&sub).await?;
    Ok(sub)
}

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
    /// `reset-renewal-code=true`: remove the High Growth renewal code.
    pub reset_renewal_code: bool,
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
    let (mut enabled, mut quantity, mut quantity_sent, mut flex, mut code) = (None, None, false, None, None);
    if let Some(map) = p.object(body, "", SUB_KEYS)
        && let Some(ar) = map.get("autoRenewal").filter(|v| !v.is_null())
        && let Some(ar) = p.object(ar, "autoRenewal", AUTO_RENEWAL_KEYS)
    {
        enabled = p.opt_bool(ar, "autoRenewal", "enabled");
        quantity_sent = ar.contains_key("renewalQuantity");
        quantity = p.opt_int(ar, "autoRenewal", "renewalQuantity");
        code = p.opt_str(ar, "autoRenewal", "renewalCode").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
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
    if options.reset_renewal_code {
        sub.renewal_code = None;
    }
    // High Growth (SPEC §4.15): a renewal code for the next term, checked here; no turning
    // auto-renewal off under an MOQ.
    if let Some(code) = code.filter(|_| !options.reset_renewal_code) {
        let customer = tx
            .customer(&ctx.distributor.id, customer_id)
            .await?
            .ok_or_else(|| CoreError::code(ErrorCode::InvalidSubscription))?;
        let subs = tx.subscriptions_of(&ctx.distributor.id, customer_id).await?;
        let ask = high_growth::OptIn { code: &code, enabled: flag, renewal_quantity: quantity.filter(|_| flag) };
        high_growth::check_opt_in(ctx, &customer, &subs, &sub, ask)?;
        sub.renewal_code = Some(code);
    }
    if !flag {
        high_growth::check_disable(&sub)?;
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
