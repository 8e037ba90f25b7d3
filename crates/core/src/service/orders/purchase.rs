//! The lines of a purchase (NEW, PREVIEW, and the new products of an early renewal): pipeline
//! steps 3 to 6, currency, deployment, offer, eligibility and level.

use std::collections::HashMap;

use super::body::{LineIn, OrderIn, line_detail};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Deployment, LineItem, OrderType, Subscription, status};
use crate::reference::{self, MarketSegment, OfferType};
use crate::service::{Ctx, high_growth, hvd, levels};

/// A line's currency (pipeline step 3): the line's or the order's, never both different (`2140`).
/// For a deployment it must be one of the deployment country's currencies (`2137`), and the
/// distributor's contract must cover that country's price region (`2139`). Then the contract must
/// sell that currency in the price region of the customer or the deployment (`2125`).
fn line_currency(
    ctx: &Ctx<'_>,
    customer: &Customer,
    input: &OrderIn,
    line: &LineIn,
    deployment: Option<&Deployment>,
) -> CoreResult<String> {
    if let (Some(order_c), Some(line_c)) = (&input.currency, &line.currency)
        && order_c != line_c
    {
        return Err(CoreError::detail(ErrorCode::ConflictingCurrencies, line_detail(line.number)));
    }
    let currency = line.currency.clone().or_else(|| input.currency.clone()).unwrap_or_default();
    let country = deployment.map_or(&customer.profile.address.country, |d| &d.address.country);
    let country = reference::country(country);
    let region = country.map(|c| c.price_region.clone()).unwrap_or_default();
    if let Some(deployment) = deployment {
        if !country.is_some_and(|c| c.currencies.contains(&currency)) {
            return Err(CoreError::detail(ErrorCode::CurrencyNotAligned, line_detail(line.number)));
        }
        if !ctx.distributor.covers_region(&region) {
            return Err(CoreError::detail(ErrorCode::DeploymentNotAllowed, format!("deploymentId {}", deployment.id)));
        }
    }
    if !ctx.distributor.sells(&region, &currency) {
        return Err(CoreError::detail(ErrorCode::CurrencyNotAllowed, line_detail(line.number)));
    }
    Ok(currency)
}

/// The deployment a line buys for (pipeline step 5 first half): one of the customer's active
/// deployments, else `404 2138`.
fn line_deployment<'a>(customer: &'a Customer, line: &LineIn) -> CoreResult<Option<&'a Deployment>> {
    let Some(id) = &line.deployment_id else { return Ok(None) };
    customer
        .deployments
        .iter()
        .find(|d| d.id == id.trim() && d.status == status::ACTIVE)
        .map(Some)
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidDeployment, line_detail(line.number)))
}

/// The global-sales guards of a deployment line (pipeline step 5, second half, SPEC §4.3): the
/// distributor (`1139`) and the customer (`1140`) enabled for global sales, and a COM customer
/// (`1142`).
fn check_global_line(ctx: &Ctx<'_>, customer: &Customer, number: i64) -> CoreResult<()> {
    if !ctx.distributor.global_sales_enabled {
        return Err(CoreError::detail(ErrorCode::PartnerNotGlobal, line_detail(number)));
    }
    if !customer.global_sales_enabled {
        return Err(CoreError::detail(ErrorCode::CustomerNotGlobal, line_detail(number)));
    }
    if customer.profile.market_segment != MarketSegment::Com {
        return Err(CoreError::detail(ErrorCode::SegmentNotGlobal, line_detail(number)));
    }
    Ok(())
}

/// Checks one purchase line as a NEW order would (pipeline steps 3 to 6) and returns it priced
/// at the customer's level: Create Subscription (E19) checks its product this way.
pub(in crate::service) async fn check_purchase_line(
    ctx: &Ctx<'_>,
    customer: &Customer,
    subs: &[Subscription],
    offer_id: &str,
    quantity: i64,
    currency: Option<String>,
    deployment_id: Option<String>,
) -> CoreResult<LineItem> {
    let input = OrderIn {
        order_type: OrderType::Preview,
        external_reference_id: String::new(),
        currency: None,
        reference_order_id: None,
        lines: vec![LineIn {
            number: 1,
            offer_id: offer_id.to_string(),
            quantity: Some(quantity),
            subscription_id: None,
            currency,
            deployment_id,
            flex_codes: Vec::new(),
            discount_code: None,
        }],
    };
    let mut lines = purchase_lines(ctx, customer, subs, &input).await?;
    lines.pop().ok_or_else(|| CoreError::code(ErrorCode::MissingFields))
}

pub(super) async fn purchase_lines(
    ctx: &Ctx<'_>,
    customer: &Customer,
    subs: &[Subscription],
    input: &OrderIn,
) -> CoreResult<Vec<LineItem>> {
    let mut checked = Vec::new();
    for line in &input.lines {
        let deployment = line_deployment(customer, line)?;
        let currency = line_currency(ctx, customer, input, line, deployment)?;
        let offer = reference::offer(&line.offer_id)
            .ok_or_else(|| CoreError::detail(ErrorCode::InvalidOffer, line_detail(line.number)))?;
        // Abroad, the product must also be sold in the deployment's price region.
        let sold = match deployment.and_then(|d| reference::country(&d.address.country)) {
            Some(country) => offer.product.sold_in(&country.price_region, &currency),
            None => offer.product.currencies().contains(&currency.as_str()),
        };
        if !sold {
            return Err(CoreError::detail(ErrorCode::CurrencyNotValidForOffer, line_detail(line.number)));
        }
        if !ctx.distributor.market_segments.contains(&offer.product.segment) {
            return Err(CoreError::detail(ErrorCode::ProgramNotAllowed, line_detail(line.number)));
        }
        if deployment.is_some() {
            check_global_line(ctx, customer, line.number)?;
        }
        checked.push((line, offer, currency));
    }
    let mut totals: HashMap<OfferType, i64> = HashMap::new();
    for (line, offer, _) in &checked {
        *totals.entry(offer.product.offer_type).or_default() += line.quantity.unwrap_or(0);
    }
    let mut out = Vec::new();
    for (line, offer, currency) in checked {
        let product = offer.product;
        if product.segment != customer.profile.market_segment {
            return Err(CoreError::with_details(
                ErrorCode::NotEligible,
                vec![format!("{}, Reason: INELIGIBLE_MARKET_SEGMENT", line_detail(line.number))],
            ));
        }
        let order_total = totals.get(&product.offer_type).copied().unwrap_or(0);
        let eligible = levels::eligible_level(customer, subs, product.offer_type, order_total);
        let lga_level = matches!(offer.level.as_str(), "06" | "07" | "08" | "09");
        if lga_level && customer.lga_status.is_none() {
            return Err(CoreError::with_details(
                ErrorCode::NotEligible,
                vec![format!("{}, Reason: Not an LGA Customer", line_detail(line.number))],
            ));
        }
        // A customer converting to LGA buys no Team or consumable product until its
        // anniversary (SPEC §4.17).
        let converting = customer.lga_status.as_deref() == Some(crate::service::customers::LGA_PENDING_UPGRADE);
        if converting && (product.team || product.offer_type == OfferType::Consumables) {
            return Err(CoreError::with_details(
                ErrorCode::NotEligible,
                vec![format!("{}, Reason: LGA_UPGRADE_PENDING", line_detail(line.number))],
            ));
        }
        let detail = line_detail(line.number);
        let quantity = line.quantity.unwrap_or(0);
        let deployment_id = line.deployment_id.as_ref().map(|d| d.trim().to_string());
        // High Growth (MOQ) offers are explicit choices (SPEC §4.8); standard seats added while
        // an MOQ is in force are priced at it (§4.15).
        let offer_id = if offer.variant != 'A' {
            high_growth::check_purchase(customer, subs, &offer, quantity, deployment_id.as_deref(), &detail)?;
            offer.id()
        } else if input.order_type == OrderType::New && levels::goodness(&offer.level) > levels::goodness(&eligible) {
            return Err(CoreError::with_details(ErrorCode::NotEligible, vec![detail]));
        } else {
            high_growth::added_seats_offer(subs, &product.key, deployment_id.as_deref())
                .unwrap_or_else(|| levels::offer_at_level(&product.key, &eligible))
        };
        let discount_code =
            hvd::purchase_line_code(input.order_type, customer, &offer, line.discount_code.as_deref(), &detail)?;
        out.push(LineItem {
            ext_line_item_number: line.number,
            offer_id,
            quantity,
            subscription_id: String::new(),
            status: String::new(),
            currency_code: currency,
            deployment_id,
            pricing: None,
            flex_discounts: Vec::new(),
            discount_code,
        });
    }
    Ok(out)
}
