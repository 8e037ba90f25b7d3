//! The order processor: moves an open order to its terminal status and applies its effects
//! (SPEC §4.5.2 to §4.5.4, §4.6.3 on completion of renewals).

use chrono::{DateTime, NaiveDate, Utc};

use super::{high_growth, hvd, levels};
use crate::dates::add_years;
use crate::error::CoreResult;
use crate::ids::{self, Sequence};
use crate::model::{Customer, LineItem, Order, OrderType, Subscription, status};
use crate::reference::{self, OfferType};
use crate::settings::Settings;
use crate::store::Tx;

/// What processing did to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The order is not open (already processed, or unknown).
    NotOpen,
    /// The customer is pending: the order stays parked.
    Parked,
    /// The order reached this status.
    Done(String),
}

/// A renewal line for a subscription at the customer's renewal level.
pub fn renewal_line(
    customer: &Customer,
    subs: &[Subscription],
    sub: &Subscription,
    number: i64,
    line_status: &str,
) -> LineItem {
    let offer_type = reference::product(&sub.product_key).map_or(OfferType::License, |p| p.offer_type);
    let mut quantity = (sub.effective_renewal_quantity() - sub.renewed_quantity.unwrap_or(0)).max(0);
    // A High Growth renewal code raises the renewal to its minimum (SPEC §4.6.3, §4.15).
    if let Some(minimum) = sub.renewal_code_minimum() {
        quantity = quantity.max(minimum - sub.renewed_quantity.unwrap_or(0));
    }
    let level = renewal_level(customer, subs, offer_type);
    // An HVD customer's licences renew with the next term's code (SPEC §4.18).
    let discount_code = customer.hvd_code().filter(|_| offer_type == OfferType::License).map(hvd::next_term);
    LineItem {
        ext_line_item_number: number,
        offer_id: high_growth::renewal_offer(sub).unwrap_or_else(|| levels::offer_at_level(&sub.product_key, &level)),
        quantity,
        subscription_id: sub.id.clone(),
        status: line_status.to_string(),
        currency_code: sub.currency_code.clone(),
        deployment_id: sub.deployment_id.clone(),
        pricing: None,
        flex_discounts: Vec::new(),
        discount_code,
    }
}

/// The level at renewal: recomputed from the total renewal quantity, except under a 3YC.
fn renewal_level(customer: &Customer, subs: &[Subscription], offer_type: OfferType) -> String {
    let committed = customer
        .three_year_commit
        .as_ref()
        .and_then(|t| t.commitment.as_ref())
        .filter(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE"))
        .and_then(|c| c.minimum_quantities.iter().find(|m| m.offer_type == offer_type));
    if let Some(m) = committed {
        return levels::commitment_level(offer_type, customer.profile.market_segment, m.quantity);
    }
    let total: i64 = subs
        .iter()
        .filter(|s| s.auto_renewal_enabled && matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED))
        .filter(|s| reference::product(&s.product_key).is_some_and(|p| p.offer_type == offer_type))
        .map(Subscription::effective_renewal_quantity)
        .sum();
    levels::with_benefits(customer, offer_type, total, levels::volume_level(offer_type, total).to_string(), true)
}

/// Processes one open order now, whatever its delay.
pub async fn process(
    tx: &mut dyn Tx,
    _settings: &Settings,
    now: DateTime<Utc>,
    distributor_id: &str,
    order_id: &str,
) -> CoreResult<Outcome> {
    let Some(mut order) = tx.order(distributor_id, order_id).await? else { return Ok(Outcome::NotOpen) };
    if order.status != status::PENDING {
        return Ok(Outcome::NotOpen);
    }
    let Some(mut customer) = tx.customer(distributor_id, &order.customer_id).await? else {
        return fail(tx, &mut order, status::FAILED_CUSTOMER_ID).await;
    };
    if customer.status == status::PENDING {
        return Ok(Outcome::Parked);
    }
    let distributor_active = tx.distributor(distributor_id).await?.is_some_and(|d| d.active);
    let reseller_active = tx
        .reseller(distributor_id, &customer.reseller_id)
        .await?
        .is_some_and(|r| !status::reseller_inactive(&r.status));
    let failure = if !distributor_active {
        Some(status::FAILED_DISTRIBUTOR)
    } else if !reseller_active {
        Some(status::FAILED_RESELLER)
    } else if status::customer_inactive(&customer.status) {
        Some(status::FAILED_CUSTOMER)
    } else {
        None
    };
    if customer.open_manual_renewal.as_ref().is_some_and(|o| o.order_id == order.id) {
        customer.open_manual_renewal = None;
        tx.put_customer(&customer).await?;
    }
    if let Some(code) = failure {
        return fail(tx, &mut order, code).await;
    }
    match order.order_type {
        OrderType::New => complete_new(tx, now, &mut order, &mut customer).await?,
        OrderType::Return => complete_return(tx, &mut order).await?,
        OrderType::Renewal => complete_renewal(tx, &mut order, &mut customer).await?,
        OrderType::Switch | OrderType::RevertSwitch => {
            let applied = super::switch::complete(tx, now, &mut order).await?;
            if !applied {
                return fail(tx, &mut order, status::INACTIVE).await;
            }
        }
        _ => {}
    }
    order.status = status::ACTIVE.into();
    for line in &mut order.line_items {
        line.status = status::ACTIVE.into();
    }
    order.process_after = None;
    tx.put_order(&order).await?;
    Ok(Outcome::Done(order.status))
}

async fn fail(tx: &mut dyn Tx, order: &mut Order, code: &str) -> CoreResult<Outcome> {
    order.status = code.to_string();
    order.process_after = None;
    for line in &mut order.line_items {
        line.status = status::INACTIVE.into();
        // A failed auto-renewal expires its subscriptions; a failed manual (early or late)
        // renewal leaves them as they were.
        if order.order_type == OrderType::Renewal
            && order.source == "System"
            && let Some(mut sub) = tx.subscription(&order.distributor_id, &line.subscription_id).await?
        {
            sub.status = status::INACTIVE.into();
            sub.renewal_quantity = None;
            if !sub.allowed_actions.iter().any(|a| a == "MANUAL_RENEWAL") {
                sub.allowed_actions.push("MANUAL_RENEWAL".into());
            }
            tx.put_subscription(&sub).await?;
        }
        if order.order_type != OrderType::Renewal {
            line.subscription_id.clear();
        }
    }
    tx.put_order(order).await?;
    Ok(Outcome::Done(order.status.clone()))
}

fn is_term_based(product_key: &str) -> bool {
    reference::product(product_key).is_none_or(|p| p.offer_type == OfferType::License)
}

/// A new subscription for a purchase line: active, renewing automatically on `renewal_date`.
fn new_subscription(
    id: String,
    distributor_id: &str,
    customer: &Customer,
    line: &LineItem,
    offer: &reference::Offer<'_>,
    renewal_date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Subscription {
    Subscription {
        renewal_date,
        currency_code: line.currency_code.clone(),
        deployment_id: line.deployment_id.clone(),
        ..Subscription::new_active(id, distributor_id, &customer.id, &offer.product.key, line.quantity, now)
    }
}

async fn complete_new(
    tx: &mut dyn Tx,
    now: DateTime<Utc>,
    order: &mut Order,
    customer: &mut Customer,
) -> CoreResult<()> {
    let order_date = order.created_at.date_naive();
    let mut subs = tx.subscriptions_of(&order.distributor_id, &customer.id).await?;
    let buys_term = order.line_items.iter().any(|l| is_term_based(&l.offer_id[..l.offer_id.len().min(10)]));
    if customer.coterm_date.is_none() && buys_term {
        customer.coterm_date = Some(add_years(order_date, 1));
    }
    for line in &mut order.line_items {
        let Some(offer) = reference::offer(&line.offer_id) else { continue };
        let key = offer.product.key.clone();
        let renewal_date = if is_term_based(&key) { customer.coterm_date } else { Some(add_years(order_date, 1)) };
        let existing = subs.iter_mut().find(|s| s.product_key == key && s.deployment_id == line.deployment_id);
        let sub = match existing {
            Some(sub) => {
                if matches!(sub.status.as_str(), status::ACTIVE | status::SCHEDULED) {
                    sub.current_quantity += line.quantity;
                } else {
                    sub.current_quantity = line.quantity;
                    sub.renewal_quantity = None;
                    sub.allowed_actions.clear();
                    sub.renewal_date = renewal_date;
                }
                sub.status = status::ACTIVE.into();
                sub.clone()
            }
            None => {
                let n = tx.next_id(Sequence::Subscription).await?;
                let id = ids::subscription_id(n);
                let sub = new_subscription(id, &order.distributor_id, customer, line, &offer, renewal_date, now);
                subs.push(sub.clone());
                sub
            }
        };
        let mut sub = sub;
        high_growth::apply_purchase(customer, &mut sub, &line.offer_id);
        if let Some(s) = subs.iter_mut().find(|s| s.id == sub.id) {
            *s = sub.clone();
        }
        line.subscription_id = sub.id.clone();
        tx.put_subscription(&sub).await?;
    }
    levels::raise_levels(customer, &subs);
    commit_accepted_request(customer, &subs);
    super::recommendations::consume_leads(customer, order, now);
    super::purchase_authorizations::consume(customer, order);
    tx.put_customer(customer).await?;
    Ok(())
}

/// Moves the offer types of an `ACCEPTED` 3YC request whose minimums are met into the
/// commitment (SPEC §4.7.4), and switches the customer's levels to 3YC levels.
pub fn commit_accepted_request(customer: &mut Customer, subs: &[Subscription]) {
    let segment = customer.profile.market_segment;
    let Some(tyc) = customer.three_year_commit.as_mut() else { return };
    let Some(request) = tyc.commitment_request.as_mut().filter(|r| r.status == "ACCEPTED") else { return };
    let (met, unmet): (Vec<_>, Vec<_>) = request
        .minimum_quantities
        .iter()
        .cloned()
        .partition(|m| levels::active_total(subs, m.offer_type) >= m.quantity);
    if met.is_empty() {
        return;
    }
    let commitment = tyc.commitment.get_or_insert_with(|| crate::model::Commitment {
        start_date: request.start_date,
        end_date: request.end_date,
        status: "COMMITTED".into(),
        minimum_quantities: Vec::new(),
    });
    commitment.status = "COMMITTED".into();
    for m in &met {
        commitment.minimum_quantities.retain(|c| c.offer_type != m.offer_type);
        commitment.minimum_quantities.push(m.clone());
    }
    if unmet.is_empty() {
        tyc.commitment_request = None;
    } else {
        request.minimum_quantities = unmet;
    }
    for m in met {
        customer.set_level(m.offer_type, levels::commitment_level(m.offer_type, segment, m.quantity));
    }
}

async fn complete_return(tx: &mut dyn Tx, order: &mut Order) -> CoreResult<()> {
    let Some(mut original) = tx.order(&order.distributor_id, &order.reference_order_id).await? else { return Ok(()) };
    for line in &order.line_items {
        let Some(orig) = original.line_items.iter_mut().find(|l| l.ext_line_item_number == line.ext_line_item_number)
        else {
            continue;
        };
        orig.status = status::CANCELLED.into();
        if let Some(mut sub) = tx.subscription(&order.distributor_id, &orig.subscription_id).await? {
            sub.current_quantity = (sub.current_quantity - line.quantity).max(0);
            if sub.current_quantity == 0 {
                sub.status = status::INACTIVE.into();
                sub.renewal_quantity = None;
            }
            tx.put_subscription(&sub).await?;
        }
    }
    if original.line_items.iter().all(|l| l.status == status::CANCELLED) {
        original.status = status::CANCELLED.into();
    }
    tx.put_order(&original).await.map_err(Into::into)
}

/// The new products of an early renewal (SPEC §4.6.6): each line without a subscription gets a
/// new active subscription for its quantity that runs to the anniversary after the one being
/// renewed early, which becomes the customer's next anniversary (`new_coterm`).
async fn add_new_products(
    tx: &mut dyn Tx,
    order: &mut Order,
    customer: &Customer,
    new_coterm: &mut Option<NaiveDate>,
) -> CoreResult<Vec<String>> {
    let mut added = Vec::new();
    if order.line_items.iter().all(|l| !l.subscription_id.is_empty()) {
        return Ok(added);
    }
    let subs = tx.subscriptions_of(&order.distributor_id, &customer.id).await?;
    let renewing = subs
        .iter()
        .filter(|s| s.status == status::ACTIVE && is_term_based(&s.product_key))
        .filter_map(|s| s.renewal_date)
        .min()
        .or(customer.coterm_date)
        .unwrap_or(order.created_at.date_naive());
    let next = add_years(renewing, 1);
    for line in order.line_items.iter_mut().filter(|l| l.subscription_id.is_empty()) {
        let Some(offer) = reference::offer(&line.offer_id) else { continue };
        let id = ids::subscription_id(tx.next_id(Sequence::Subscription).await?);
        let mut sub = new_subscription(id, &order.distributor_id, customer, line, &offer, Some(next), order.created_at);
        high_growth::apply_purchase(customer, &mut sub, &line.offer_id);
        line.subscription_id = sub.id.clone();
        tx.put_subscription(&sub).await?;
        if is_term_based(&sub.product_key) {
            *new_coterm = Some(next);
        }
        added.push(sub.id);
    }
    Ok(added)
}

async fn complete_renewal(tx: &mut dyn Tx, order: &mut Order, customer: &mut Customer) -> CoreResult<()> {
    let mut new_coterm = None;
    let mut hvd_code = None;
    let added = add_new_products(tx, order, customer, &mut new_coterm).await?;
    for line in order.line_items.iter().filter(|l| !added.contains(&l.subscription_id)) {
        let Some(mut sub) = tx.subscription(&order.distributor_id, &line.subscription_id).await? else { continue };
        let old = sub.renewal_date.or(customer.coterm_date).unwrap_or(order.created_at.date_naive());
        if order.source == "API" && sub.status == status::ACTIVE {
            // An early renewal (SPEC §4.6.6): the seats count as renewed for the next term; the
            // renewal date stays, and the anniversary moves a year on once.
            sub.renewed_quantity = Some(sub.renewed_quantity.unwrap_or(0) + line.quantity);
            if is_term_based(&sub.product_key) && customer.coterm_date.is_none_or(|c| c <= old) {
                new_coterm = Some(add_years(old, 1));
            }
            tx.put_subscription(&sub).await?;
            continue;
        }
        sub.status = status::ACTIVE.into();
        sub.current_quantity = line.quantity + sub.renewed_quantity.unwrap_or(0);
        sub.renewed_quantity = None;
        sub.allowed_actions.clear();
        sub.flex_discount_codes.clear();
        high_growth::apply_renewal(customer, &mut sub, &line.offer_id);
        if let Some(code) = &line.discount_code {
            hvd_code = Some(code.clone());
        }
        sub.last_processed_renewal_date = Some(old);
        sub.renewal_date = Some(add_years(old, 1));
        if is_term_based(&sub.product_key) {
            new_coterm = Some(add_years(old, 1));
        }
        tx.put_subscription(&sub).await?;
    }
    if let Some(date) = new_coterm
        && customer.coterm_date.is_none_or(|c| c < date)
    {
        customer.coterm_date = Some(date);
    }
    // The next term's HVD code is the customer's from now on (SPEC §4.18).
    if let Some(code) = hvd_code
        && let Some(d) = customer.discounts.iter_mut().find(|d| d.offer_type == OfferType::License)
    {
        d.discount_code = Some(code);
    }
    let subs = tx.subscriptions_of(&order.distributor_id, &customer.id).await?;
    for offer_type in [OfferType::License, OfferType::Consumables] {
        if customer.discounts.iter().any(|d| d.offer_type == offer_type) {
            customer.set_level(offer_type, renewal_level(customer, &subs, offer_type));
        }
    }
    super::recommendations::consume_leads(customer, order, order.created_at);
    tx.put_customer(customer).await?;
    Ok(())
}
