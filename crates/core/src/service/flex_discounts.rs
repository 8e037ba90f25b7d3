//! Flexible discounts (SPEC §2.8.11 E32/E33, §4.14): discovery, the rules on order lines and at
//! renewal, and the portal's end-date edit. The catalogue itself is [`crate::reference::flex`].

use chrono::{DateTime, Utc};

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Distributor, FlexDiscountResult, LineItem, Order, OrderType, Subscription, status};
use crate::reference::flex::{self, Category, FlexDiscount, FlexStatus, LISTING_HORIZON, OutcomeKind, TEMPLATES};
use crate::reference::{self, MarketSegment};
use crate::store::Tx;

/// `SUCCESS`: the discount applies.
pub const SUCCESS: &str = "SUCCESS";
/// `FAILURE`: a stored renewal code that does not apply (PREVIEW_RENEWAL reports it inline).
pub const FAILURE: &str = "FAILURE";

/// A discount as it applies to a price: the outcome type and its value in the line's currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjustment {
    /// The outcome type.
    pub kind: OutcomeKind,
    /// Percent or amount.
    pub value: f64,
}

impl Adjustment {
    /// The discounted unit price (SPEC §4.9), never below zero.
    pub fn apply(self, price: f64) -> f64 {
        let discounted = match self.kind {
            OutcomeKind::Percentage => price * (1.0 - self.value / 100.0),
            OutcomeKind::FixedDiscount => price - self.value,
            OutcomeKind::FixedPrice => self.value,
        };
        (discounted.max(0.0) * 100.0).round() / 100.0
    }
}

/// The discount with `id` as this distributor sees it (a portal edit may have moved its end).
pub fn by_id(distributor: &Distributor, id: &str) -> Option<FlexDiscount> {
    flex::by_id(id).map(|d| effective(distributor, d))
}

fn effective(distributor: &Distributor, d: FlexDiscount) -> FlexDiscount {
    let end = distributor.flex_discount_end_dates.get(&d.id).copied();
    d.with_end(end)
}

/// The filters of `GET /v3/flex-discounts` (E32), already split; the rules are checked here.
#[derive(Debug, Clone, Default)]
pub struct FlexQuery {
    /// `market-segment` (required).
    pub market_segment: String,
    /// `country` (required).
    pub country: String,
    /// `categories`; empty: both.
    pub categories: Vec<String>,
    /// `offer-ids`.
    pub offer_ids: Vec<String>,
    /// `flex-discount-id`.
    pub id: Option<String>,
    /// `flex-discount-code`.
    pub code: Option<String>,
    /// `include-eligible-reusable-discounts=true`.
    pub include_reusable: bool,
    /// `start-date`.
    pub start: Option<DateTime<Utc>>,
    /// `end-date`.
    pub end: Option<DateTime<Utc>>,
}

/// The segment of a query, checked against the distributor's contract (`1132` otherwise).
fn segment_of(distributor: &Distributor, s: &str, param: &str) -> CoreResult<MarketSegment> {
    MarketSegment::parse(s)
        .filter(|s| distributor.market_segments.contains(s))
        .ok_or_else(|| CoreError::search_param(param))
}

/// A country the distributor sells in (`1178` otherwise).
fn partner_country(distributor: &Distributor, code: &str) -> CoreResult<()> {
    match reference::country(code) {
        Some(c) if distributor.covers_region(&c.price_region) => Ok(()),
        _ => Err(CoreError::detail(ErrorCode::InvalidCountryForPartner, "country")),
    }
}

/// The discounts E32 returns, in order (paging is the caller's).
pub fn list(distributor: &Distributor, now: DateTime<Utc>, q: &FlexQuery) -> CoreResult<Vec<FlexDiscount>> {
    let segment = segment_of(distributor, &q.market_segment, "market-segment")?;
    partner_country(distributor, &q.country)?;
    let categories = q
        .categories
        .iter()
        .map(|c| Category::parse(c).ok_or_else(|| CoreError::search_param("categories")))
        .collect::<CoreResult<Vec<_>>>()?;
    if let (Some(s), Some(e)) = (q.start, q.end)
        && e < s
    {
        return Err(CoreError::search_param("end-date"));
    }
    let in_scope = |d: &FlexDiscount| d.template.listed && d.segment == segment && d.sold_in(&q.country);
    if let Some(id) = &q.id {
        return Ok(by_id(distributor, id).filter(in_scope).into_iter().collect());
    }
    let (from, to) = match (q.start, q.end) {
        (Some(s), None) => (s, s),
        (s, e) => (s.unwrap_or(now), e.unwrap_or(now + LISTING_HORIZON)),
    };
    let offer_keys: Vec<&str> =
        q.offer_ids.iter().filter(|o| o.len() >= 10 && o.is_ascii()).map(|o| &o[..10]).collect();
    let found = flex::around(segment, now)
        .into_iter()
        .map(|d| effective(distributor, d))
        .filter(|d| in_scope(d))
        .filter(|d| categories.is_empty() || categories.contains(&d.template.category))
        .filter(|d| q.code.as_deref().is_none_or(|c| c == d.template.code))
        .filter(|d| match d.status(now) {
            FlexStatus::Active => true,
            FlexStatus::Reusable => q.include_reusable,
            FlexStatus::Expired => false,
        })
        .filter(|d| d.start <= to && d.end >= from || d.status(now) == FlexStatus::Reusable)
        .filter(|d| {
            let ids = d.base_offer_ids();
            q.offer_ids.is_empty() || ids.is_empty() || ids.iter().any(|id| offer_keys.contains(&&id[..10]))
        })
        .collect::<Vec<_>>();
    Ok(one_active_per_code(found, now))
}

/// Keeps the first `ACTIVE` instance of each code and segment (the live one, else the next):
/// only one active discount per code at a time (SPEC §2.8.11). `REUSABLE` ones all stay.
fn one_active_per_code(sorted: Vec<FlexDiscount>, now: DateTime<Utc>) -> Vec<FlexDiscount> {
    let mut seen: Vec<(&'static str, MarketSegment)> = Vec::new();
    sorted
        .into_iter()
        .filter(|d| {
            if d.status(now) != FlexStatus::Active {
                return true;
            }
            let key = (d.template.code, d.segment);
            if seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        })
        .collect()
}

/// The reusable discounts a customer has used (on `orders`, its orders) that are still `ACTIVE`
/// or `REUSABLE` at `now` (E33).
pub fn of_customer(distributor: &Distributor, now: DateTime<Utc>, orders: &[Order]) -> Vec<FlexDiscount> {
    let mut out: Vec<FlexDiscount> = Vec::new();
    for (d, ..) in used(distributor, orders) {
        if d.lock_end.is_some() && d.status(now) != FlexStatus::Expired && !out.iter().any(|o| o.id == d.id) {
            out.push(d);
        }
    }
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.template.code.cmp(b.template.code)));
    out
}

/// Every successful use of a discount on the customer's live orders: (discount, order, line), oldest first.
fn used<'a>(distributor: &Distributor, orders: &'a [Order]) -> Vec<(FlexDiscount, &'a Order, &'a LineItem)> {
    let mut out: Vec<_> = orders
        .iter()
        .filter(|o| matches!(o.status.as_str(), status::ACTIVE | status::PENDING | status::CANCELLED))
        .flat_map(|o| o.line_items.iter().map(move |l| (o, l)))
        .flat_map(|(o, l)| l.flex_discounts.iter().filter(|f| f.result == SUCCESS).map(move |f| (o, l, f)))
        .filter_map(|(o, l, f)| by_id(distributor, &f.id).map(|d| (d, o, l)))
        .collect();
    out.sort_by_key(|(_, o, _)| o.created_at);
    out
}

/// Why a code does not apply to a line: the error the order gets.
fn refuse(code: ErrorCode, number: i64, reason: &str) -> CoreError {
    CoreError::with_details(code, vec![format!("Line Item: {number}, Reason: {reason}")])
}

/// What a code is checked against.
pub struct LineCheck<'a> {
    /// The customer.
    pub customer: &'a Customer,
    /// Its subscriptions (INTRO: products owned before).
    pub subscriptions: &'a [Subscription],
    /// Its orders (reuse, one-time codes).
    pub orders: &'a [Order],
    /// The order type.
    pub order_type: OrderType,
}

/// Checks `code` for one line: the discount and its price adjustment, or the order's error.
pub fn check(
    ctx: &Ctx<'_>,
    c: &LineCheck<'_>,
    line: &LineItem,
    code: &str,
    hvd_code: bool,
) -> CoreResult<(FlexDiscount, Adjustment)> {
    let number = line.ext_line_item_number;
    let template =
        flex::template(code).ok_or_else(|| refuse(ErrorCode::InvalidFlexDiscountCode, number, "NOT_FOUND"))?;
    let offer = reference::offer(&line.offer_id);
    if offer.as_ref().is_some_and(|o| flex::is_add_on(o.product)) {
        return Err(CoreError::detail(ErrorCode::FlexDiscountNonBase, format!("Line Item: {number}")));
    }
    if hvd_code || offer.as_ref().is_some_and(|o| o.variant != 'A') {
        return Err(CoreError::detail(ErrorCode::FlexDiscountCombined, format!("Line Item: {number}")));
    }
    let invalid = || refuse(ErrorCode::FlexDiscountNotQualified, number, "Invalid Flexible Discount");
    let segment = c.customer.profile.market_segment;
    let discount =
        flex::current(template, segment, ctx.now).map(|d| effective(ctx.distributor, d)).ok_or_else(invalid)?;
    if template.three_yc_only && !super::levels::has_commitment(c.customer) {
        return Err(CoreError::detail(ErrorCode::FlexDiscountThreeYcOnly, format!("Line Item: {number}")));
    }
    let product = offer.as_ref().map(|o| o.product).ok_or_else(invalid)?;
    let usable_now = discount.is_live(ctx.now) || reused(c.orders, &discount, ctx.now);
    let owned_before = c.subscriptions.iter().any(|s| s.product_key == product.key);
    let redeemed = template.one_time && used(ctx.distributor, c.orders).iter().any(|(d, ..)| d.template.code == code);
    if discount.always_fails()
        || !usable_now
        || !discount.qualifies(product)
        || !discount.sold_in(&c.customer.profile.address.country)
        || (template.category == Category::Intro && owned_before)
        || redeemed
    {
        return Err(invalid());
    }
    let value = discount.value_for(&c.customer.profile.address.country, &line.currency_code).ok_or_else(invalid)?;
    Ok((discount, Adjustment { kind: template.kind, value }))
}

/// Whether the customer used this very discount before its end and it is still within its lock.
fn reused(orders: &[Order], discount: &FlexDiscount, now: DateTime<Utc>) -> bool {
    discount.lock_end.is_some_and(|lock| now <= lock)
        && orders.iter().any(|o| {
            matches!(o.status.as_str(), status::ACTIVE | status::PENDING)
                && o.created_at <= discount.end
                && o.line_items
                    .iter()
                    .any(|l| l.flex_discounts.iter().any(|f| f.id == discount.id && f.result == SUCCESS))
        })
}

/// Applies the typed codes of each line (`codes[i]` for `lines[i]`): records `flexDiscounts` on the
/// lines and gives each line's price adjustment. The first refused code fails the order.
pub fn apply_typed(
    ctx: &Ctx<'_>,
    c: &LineCheck<'_>,
    lines: &mut [LineItem],
    codes: &[(Vec<String>, bool)],
) -> CoreResult<Vec<Option<Adjustment>>> {
    let mut out = Vec::with_capacity(lines.len());
    for (line, (line_codes, hvd)) in lines.iter_mut().zip(codes) {
        if line_codes.len() > 1 {
            return Err(CoreError::detail(
                ErrorCode::OneFlexDiscountPerLine,
                format!("Line Item: {}", line.ext_line_item_number),
            ));
        }
        let Some(code) = line_codes.first() else {
            out.push(None);
            continue;
        };
        let (discount, adjustment) = check(ctx, c, line, code, *hvd)?;
        line.flex_discounts = vec![FlexDiscountResult { id: discount.id, code: code.clone(), result: SUCCESS.into() }];
        out.push(Some(adjustment));
    }
    Ok(out)
}

/// The discount of a renewal line that carries no typed code: the subscription's opted code
/// (`SUCCESS` or `FAILURE`, never an error), else the most recently used reusable discount of the
/// orders that fed the subscription, while it is reusable.
pub fn for_renewal(ctx: &Ctx<'_>, c: &LineCheck<'_>, sub: &Subscription, line: &mut LineItem) -> Option<Adjustment> {
    if let Some(code) = sub.flex_discount_codes.first() {
        return match check(ctx, c, line, code, false) {
            Ok((d, adjustment)) => {
                line.flex_discounts = vec![FlexDiscountResult { id: d.id, code: code.clone(), result: SUCCESS.into() }];
                Some(adjustment)
            }
            Err(_) => {
                let id = flex::template(code)
                    .and_then(|t| flex::current(t, c.customer.profile.market_segment, ctx.now))
                    .map(|d| d.id)
                    .unwrap_or_default();
                line.flex_discounts = vec![FlexDiscountResult { id, code: code.clone(), result: FAILURE.into() }];
                None
            }
        };
    }
    let (discount, ..) = used(ctx.distributor, c.orders)
        .into_iter()
        .filter(|(d, _, l)| l.subscription_id == sub.id && d.lock_end.is_some())
        .rfind(|(d, o, _)| o.created_at <= d.end && d.status(ctx.now) != FlexStatus::Expired)?;
    let value = discount.value_for(&c.customer.profile.address.country, &line.currency_code)?;
    let product = reference::offer(&line.offer_id)?.product;
    if !discount.qualifies(product) {
        return None;
    }
    line.flex_discounts = vec![FlexDiscountResult {
        id: discount.id.clone(),
        code: discount.template.code.to_string(),
        result: SUCCESS.into(),
    }];
    Some(Adjustment { kind: discount.template.kind, value })
}

/// The portal's list (SPEC §5.9 View Available Flex Discounts): every discount of the catalogue,
/// the `FAILURE` test discounts and the closed codes included, for a segment (or all) and a
/// country (or `ALL`), live or future-dated or reusable at `now`.
pub fn portal_list(
    distributor: &Distributor,
    now: DateTime<Utc>,
    segment: Option<&str>,
    country: Option<&str>,
) -> CoreResult<Vec<FlexDiscount>> {
    let segments = match segment {
        None | Some("") | Some("ALL") => distributor.market_segments.clone(),
        Some(s) => {
            vec![MarketSegment::parse(s).ok_or_else(|| CoreError::bad_field("marketSegment", "COM, EDU, GOV or ALL"))?]
        }
    };
    let country = country.filter(|c| !c.is_empty() && *c != "ALL");
    if let Some(c) = country
        && reference::country(c).is_none()
    {
        return Err(CoreError::bad_field("country", "an ISO 3166 alpha-2 code of the reference data, or ALL"));
    }
    let mut out: Vec<FlexDiscount> = segments
        .into_iter()
        .flat_map(|s| flex::around(s, now))
        .map(|d| effective(distributor, d))
        .filter(|d| d.status(now) != FlexStatus::Expired && d.start <= now + LISTING_HORIZON)
        .filter(|d| country.is_none_or(|c| d.sold_in(c)))
        .collect();
    out.sort_by(|a, b| {
        a.start.cmp(&b.start).then(a.template.code.cmp(b.template.code)).then(a.segment.cmp(&b.segment))
    });
    Ok(one_active_per_code(out, now))
}

/// The portal's Edit Reusable Flex Discounts: moves a reusable discount's end for this distributor.
/// The new end must be after its start and before its `discountLockEndDate`.
pub async fn edit_end_date(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, end: DateTime<Utc>) -> CoreResult<FlexDiscount> {
    let mut distributor =
        tx.distributor(&ctx.distributor.id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    let discount = by_id(&distributor, id).ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    let Some(lock) = discount.lock_end else {
        return Err(CoreError::bad_field("id", "a reusable discount (one with a discountLockEndDate)"));
    };
    if end <= discount.start || end >= lock {
        return Err(CoreError::bad_field(
            "endDate",
            format!(
                "after startDate {} and before discountLockEndDate {}",
                crate::dates::format_datetime(discount.start),
                crate::dates::format_datetime(lock)
            ),
        ));
    }
    distributor.flex_discount_end_dates.insert(discount.id.clone(), end);
    tx.put_distributor(&distributor).await?;
    Ok(discount.with_end(Some(end)))
}

/// Every template, for documentation and the portal.
pub fn templates() -> &'static [flex::Template] {
    &TEMPLATES
}
