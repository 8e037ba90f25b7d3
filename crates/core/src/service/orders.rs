//! Orders: create and preview (E15), and the external-reference update (E18).
//!
//! The validation pipeline follows SPEC §2.8.5 E15: structure, currency, offer, eligibility and
//! level, then the rules of the order type. Status of the accounts is not checked here: the
//! order is accepted and fails later (§4.5.2).

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use serde_json::{Map, Value};

use super::Ctx;
use super::flex_discounts::{self, Adjustment, LineCheck};
use super::{high_growth, hvd, levels, pricing};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, index, join};
use crate::model::{Address, Customer, CustomerProfile, Deployment, LineItem, Order, OrderType, Subscription, status};
use crate::reference::{self, MarketSegment, OfferType};
use crate::store::Tx;
use crate::validate;

/// The members an order body may carry (read-only ones are accepted and ignored, SPEC T1-26).
pub(super) const ORDER_KEYS: &[&str] = &[
    "orderType",
    "externalReferenceId",
    "currencyCode",
    "referenceOrderId",
    "lineItems",
    "cancellingItems",
    "orderId",
    "customerId",
    "creationDate",
    "status",
    "source",
    "links",
    "referencedOrderId",
    "pricingSummary",
    "eligibleOffers",
    "recommendations",
];
/// The members an order line may carry.
pub(super) const LINE_KEYS: &[&str] = &[
    "extLineItemNumber",
    "offerId",
    "quantity",
    "subscriptionId",
    "currencyCode",
    "deploymentId",
    "discountCode",
    "flexDiscountCodes",
    "status",
    "pricing",
    "flexDiscounts",
    "proratedDays",
];

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

#[derive(Debug, Clone)]
struct LineIn {
    number: i64,
    offer_id: String,
    quantity: Option<i64>,
    subscription_id: Option<String>,
    currency: Option<String>,
    deployment_id: Option<String>,
    /// `flexDiscountCodes` as typed.
    flex_codes: Vec<String>,
    /// The HVD `discountCode` as typed (flexible discounts do not combine with it).
    discount_code: Option<String>,
}

#[derive(Debug, Clone)]
struct OrderIn {
    order_type: OrderType,
    external_reference_id: String,
    currency: Option<String>,
    reference_order_id: Option<String>,
    lines: Vec<LineIn>,
}

fn read_lines(p: &mut Problems, map: &Map<String, Value>, order_type: Option<OrderType>) -> Vec<LineIn> {
    let lines_optional = order_type == Some(OrderType::PreviewRenewal);
    let Some(items) = p.opt_array(map, "", "lineItems") else {
        if !lines_optional && map.get("lineItems").is_none_or(Value::is_null) {
            p.missing("lineItems".into());
        }
        return Vec::new();
    };
    if items.is_empty() && !lines_optional {
        p.missing("lineItems".into());
    }
    if items.len() > 499 {
        p.code(ErrorCode::TooManyLineItems, "lineItems".into());
    }
    let quantity_optional = lines_optional;
    let mut out = Vec::new();
    let mut numbers = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("lineItems", i);
        let Some(m) = p.object(item, &path, LINE_KEYS) else { continue };
        let number = p.req_int(m, &path, "extLineItemNumber");
        let offer_id = p.req_str(m, &path, "offerId");
        let quantity =
            if quantity_optional { p.opt_int(m, &path, "quantity") } else { p.req_int(m, &path, "quantity") };
        let subscription_id =
            p.opt_str(m, &path, "subscriptionId").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let currency = p.opt_str(m, &path, "currencyCode").filter(|c| !c.is_empty());
        let deployment_id = p.opt_str(m, &path, "deploymentId").filter(|d| !d.is_empty());
        let discount_code = p.opt_str(m, &path, "discountCode").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let flex_codes = p.opt_str_array(m, &path, "flexDiscountCodes").unwrap_or_default();
        if let Some(c) = &currency
            && !is_currency_code(c)
        {
            p.invalid(join(&path, "currencyCode"));
        }
        if let Some(n) = number {
            if !(0..=999_999).contains(&n) {
                p.code(ErrorCode::LineNumberOutOfRange, join(&path, "extLineItemNumber"));
            } else if !numbers.insert(n) {
                p.code(ErrorCode::DuplicateLineNumbers, join(&path, "extLineItemNumber"));
            }
        }
        if let (Some(q), Some(offer)) = (quantity, &offer_id) {
            let max = reference::offer(offer).map_or(599_000, |o| i64::from(o.product.max_quantity()));
            if q < 1 || q > max {
                p.code(ErrorCode::QuantityOutOfRange, join(&path, "quantity"));
            }
        }
        if let (Some(number), Some(offer_id)) = (number, offer_id) {
            out.push(LineIn {
                number,
                offer_id,
                quantity,
                subscription_id,
                currency,
                deployment_id,
                flex_codes,
                discount_code,
            });
        }
    }
    out
}

fn is_currency_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

fn read_order(body: &Value) -> CoreResult<OrderIn> {
    let mut p = Problems::new();
    let Some(map) = p.object(body, "", ORDER_KEYS) else {
        p.finish()?;
        return Err(CoreError::code(ErrorCode::InvalidFields));
    };
    let order_type = p.req_str(map, "", "orderType").and_then(|t| {
        let parsed = OrderType::parse(&t).filter(|t| *t != OrderType::Transfer);
        if parsed.is_none() {
            p.invalid("orderType".into());
        }
        parsed
    });
    let ext_ref = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
    let max = if order_type == Some(OrderType::Return) { 100 } else { 35 };
    validate::external_reference(&mut p, &ext_ref, "externalReferenceId", max);
    let currency = p.opt_str(map, "", "currencyCode").filter(|c| !c.is_empty());
    if currency.as_deref().is_some_and(|c| !is_currency_code(c)) {
        p.invalid("currencyCode".into());
    }
    let reference_order_id = p.opt_str(map, "", "referenceOrderId").filter(|r| !r.is_empty());
    if order_type == Some(OrderType::Return) && reference_order_id.is_none() {
        p.missing("referenceOrderId".into());
    }
    let lines = read_lines(&mut p, map, order_type);
    let needs_currency =
        !matches!(order_type, Some(OrderType::PreviewRenewal | OrderType::Return | OrderType::Renewal));
    if needs_currency && currency.is_none() {
        for (i, line) in lines.iter().enumerate() {
            if line.currency.is_none() {
                p.missing(join(&index("lineItems", i), "currencyCode"));
            }
        }
    }
    p.finish()?;
    let order_type = order_type.ok_or_else(|| CoreError::code(ErrorCode::MissingFields))?;
    Ok(OrderIn { order_type, external_reference_id: ext_ref, currency, reference_order_id, lines })
}

fn line_detail(number: i64) -> String {
    format!("Line Item: {number}")
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
    order.id = tx.next_id(Sequence::Order).await?.to_string();
    order.status = status::PENDING.into();
    for line in &mut order.line_items {
        line.status = status::PENDING.into();
    }
    let delay = ctx.settings.order_processing_delay_secs;
    order.process_after = Some(ctx.now + Duration::seconds(delay));
    tx.put_order(&order).await?;
    if order.order_type == OrderType::Renewal {
        let early = order.line_items.iter().any(|l| {
            l.subscription_id.is_empty()
                || subscriptions.iter().any(|s| s.id == l.subscription_id && s.status == status::ACTIVE)
        });
        let mut customer = customer.clone();
        customer.open_manual_renewal = Some(crate::model::OpenRenewal { order_id: order.id.clone(), early });
        tx.put_customer(&customer).await?;
    }
    let view = order.clone();
    if ctx.settings.inline(delay) {
        super::processing::process(tx, ctx.settings, ctx.now, &ctx.distributor.id, &order.id).await?;
    }
    Ok(Placed::Accepted(view))
}

/// Whether an unknown customer id is a placeholder and the order a PREVIEW (SPEC §7 Q-FAKEPREVIEW).
pub(crate) fn is_placeholder_preview(ctx: &Ctx<'_>, customer_id: &str, body: &Value) -> bool {
    ctx.settings.preview_placeholder_ids.iter().any(|p| p == customer_id)
        && body.get("orderType").and_then(Value::as_str) == Some(OrderType::Preview.as_str())
}

/// A brand-new customer for a placeholder preview: the segment from the id's suffix (`GOV`, `EDU`,
/// else COM), the distributor's home country, no subscriptions, no level yet. Never stored.
pub fn placeholder_customer(ctx: &Ctx<'_>, customer_id: &str) -> Customer {
    let segment = if customer_id.ends_with("GOV") {
        MarketSegment::Gov
    } else if customer_id.ends_with("EDU") {
        MarketSegment::Edu
    } else {
        MarketSegment::Com
    };
    Customer {
        id: customer_id.to_string(),
        distributor_id: ctx.distributor.id.clone(),
        reseller_id: String::new(),
        external_reference_id: String::new(),
        profile: CustomerProfile {
            company_name: String::new(),
            preferred_language: "en-US".into(),
            market_segment: segment,
            market_sub_segments: Vec::new(),
            address: Address { country: ctx.distributor.country.clone(), ..Address::default() },
            contacts: Vec::new(),
        },
        status: status::ACTIVE.into(),
        global_sales_enabled: false,
        discounts: Vec::new(),
        tags: Vec::new(),
        coterm_date: None,
        created_at: ctx.now,
        three_year_commit: None,
        lga_status: None,
        activate_at: None,
        recommendation_leads: Vec::new(),
        purchase_authorizations: Vec::new(),
        linked_membership: None,
        deployments: Vec::new(),
        reseller_transfers: Vec::new(),
        open_manual_renewal: None,
    }
}

/// Flexible discounts (pipeline step 7, SPEC §4.14): the typed codes of PREVIEW, NEW, RENEWAL and
/// PREVIEW_RENEWAL lines (an invalid one fails the order), then, on renewal lines without a typed
/// code, the subscription's opted code or its reusable discount. One adjustment per line.
async fn apply_flex_discounts(
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
pub(super) async fn check_purchase_line(
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

async fn purchase_lines(
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
        let converting = customer.lga_status.as_deref() == Some(super::customers::LGA_PENDING_UPGRADE);
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

async fn return_lines(
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
        let Some(minimum) = super::three_year_commit::committed_minimum(customer, offer_type) else { continue };
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

fn renewal_lines(
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
            .map(|(i, s)| super::processing::renewal_line(customer, subs, s, i as i64 + 1, status::ACTIVE))
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
        let mut item = super::processing::renewal_line(customer, subs, sub, line.number, status::ACTIVE);
        item.quantity = quantity;
        out.push(item);
    }
    Ok(out)
}

/// `lines` in the order of the request's lines (flexible discounts pair them by position).
fn in_input_order(input: &OrderIn, mut lines: Vec<LineItem>) -> Vec<LineItem> {
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
fn split_new_products(
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
fn renewal_in_flight(customer: &Customer, early: bool) -> bool {
    customer.open_manual_renewal.as_ref().is_some_and(|o| !early || o.early)
}

fn price_lines(
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

/// Updates an order's `externalReferenceId` (E18).
pub async fn update_reference(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    order_id: &str,
    body: &Value,
) -> CoreResult<Order> {
    let mut order = tx
        .order(&ctx.distributor.id, order_id)
        .await?
        .filter(|o| o.customer_id == customer_id)
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidOrder))?;
    let mut p = Problems::new();
    let map = p.object(body, "", ORDER_KEYS);
    // Only known, non-editable fields (E18, T1-08): `1119` rather than a missing `1122`.
    if let Some(m) = map
        && p.is_empty()
        && !m.is_empty()
        && m.get("externalReferenceId").is_none_or(Value::is_null)
    {
        return Err(CoreError::with_details(ErrorCode::NotEditable, m.keys().cloned().collect()));
    }
    let ext = map.and_then(|m| p.req_str(m, "", "externalReferenceId"));
    if let Some(e) = &ext {
        validate::external_reference(&mut p, e, "externalReferenceId", 35);
    }
    p.finish()?;
    if let Some(map) = map {
        let others: Vec<String> = map.keys().filter(|k| *k != "externalReferenceId").cloned().collect();
        if !others.is_empty() {
            return Err(CoreError::with_details(ErrorCode::NotEditable, others));
        }
    }
    order.external_reference_id = ext.unwrap_or_default();
    tx.put_order(&order).await?;
    Ok(order)
}
