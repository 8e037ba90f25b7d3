//! Recommendations (SPEC §2.8.12 E34, §4.19): the sandbox's fixed rule set, and the overlay leads
//! a tester seeds through the portal.
//!
//! Production recommendations are entitlement-aware; the sandbox's are hard-coded by context and by
//! the products being previewed. Each recommended product is the catalogue product of that name in
//! the customer's market segment, sold in the price region of the recommendation country when the
//! catalogue has one there.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::{Ctx, portal_customer};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::{Problems, index, portal_object};
use crate::model::{Customer, Order, OrderType, RecommendationLead};
use crate::reference::{self, MarketSegment, Product};
use crate::store::Tx;

/// Where recommendations are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// No cart: the generic triple.
    Generic,
    /// A cart being previewed.
    OrderPreview,
    /// A renewal being previewed (with or without lines).
    RenewalOrderPreview,
    /// An order list view (treated as generic).
    OrdersView,
}

impl Context {
    /// Parses the API spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "GENERIC" => Some(Self::Generic),
            "ORDER_PREVIEW" => Some(Self::OrderPreview),
            "RENEWAL_ORDER_PREVIEW" => Some(Self::RenewalOrderPreview),
            "ORDERS_VIEW" => Some(Self::OrdersView),
            _ => None,
        }
    }
}

/// One recommended product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    /// Rank within its category, from 0.
    pub rank: usize,
    /// The recommended product's base offer id.
    pub base_offer_id: String,
    /// The offers that led to it (`source.offerIds`).
    pub source_offer_ids: Vec<String>,
}

/// What E34 (and `fetch-recommendations`) answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recommendations {
    /// Upsells.
    pub upsells: Vec<Recommendation>,
    /// Cross-sells.
    pub cross_sells: Vec<Recommendation>,
    /// Add-ons.
    pub add_ons: Vec<Recommendation>,
    /// Overlay leads for new purchases, with their status at the instant asked.
    pub overlay_new: Vec<(RecommendationLead, &'static str)>,
    /// Overlay leads for renewals.
    pub overlay_renew: Vec<(RecommendationLead, &'static str)>,
}

/// The language and country checks (`5137`, `5136`); `country` must be in the reference data.
pub fn check_locale(country: &str, language: &str) -> CoreResult<()> {
    if reference::country(country).is_none_or(|c| c.currencies.is_empty()) {
        return Err(CoreError::message(
            ErrorCode::InvalidRecommendationCountry,
            format!("Not allowed to fetch Recommendations for Country {country}"),
            vec!["INVALID_COUNTRY".into()],
        ));
    }
    if !matches!(language, "MULT" | "EN") {
        return Err(CoreError::message(
            ErrorCode::InvalidRecommendationLanguage,
            format!("Not allowed to fetch Recommendations for language {language}"),
            vec!["INVALID_LANGUAGE".into()],
        ));
    }
    Ok(())
}

const ALL_APPS_PRO_TEAMS: &str = "Creative Cloud All Apps Pro for Teams";
const EDITION_4: &str = "Creative Cloud All Apps - Edition 4 for Enterprise";
const EXPRESS_TEAMS: &[&str] = &["Adobe Express for Teams", "Express for Teams"];
const AI_ACROBAT_ENTERPRISE: &str = "AI Assistant for Acrobat for Enterprise";
const AI_ACROBAT_TEAMS: &str = "AI Assistant for Acrobat for Teams";

/// The catalogue product named `names` (first found) for the segment, preferring the region.
fn product_named(names: &[&str], segment: MarketSegment, region: &str) -> Option<&'static Product> {
    let candidates = |seg: Option<MarketSegment>| {
        reference::products()
            .iter()
            .filter(move |p| seg.is_none_or(|s| p.segment == s) && names.iter().any(|n| p.name.eq_ignore_ascii_case(n)))
    };
    candidates(Some(segment))
        .find(|p| p.price_regions.iter().any(|r| r == region))
        .or_else(|| candidates(Some(segment)).next())
        .or_else(|| candidates(None).find(|p| p.price_regions.iter().any(|r| r == region)))
        .or_else(|| candidates(None).next())
}

fn starts(p: &Product, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|x| p.name.starts_with(x))
}

/// The sandbox rule set (§4.19) for a context and the offers previewed.
pub fn rules(context: Context, segment: MarketSegment, country: &str, offers: &[String]) -> Recommendations {
    let region = reference::country(country).map(|c| c.price_region.clone()).unwrap_or_default();
    let find = |names: &[&str]| product_named(names, segment, &region).map(Product::base_offer_id);
    let sources = |pred: &dyn Fn(&Product) -> bool| -> Vec<String> {
        offers.iter().filter(|o| reference::offer(o).is_some_and(|x| pred(x.product))).cloned().collect()
    };
    let mut out = Recommendations::default();
    let push = |list: &mut Vec<Recommendation>, id: Option<String>, src: Vec<String>| {
        if let Some(base_offer_id) = id {
            list.push(Recommendation { rank: list.len(), base_offer_id, source_offer_ids: src });
        }
    };
    if matches!(context, Context::Generic | Context::OrdersView) || offers.is_empty() {
        push(&mut out.upsells, find(&[ALL_APPS_PRO_TEAMS]), offers.to_vec());
        push(&mut out.cross_sells, find(EXPRESS_TEAMS), offers.to_vec());
        push(&mut out.add_ons, find(&[AI_ACROBAT_ENTERPRISE]), offers.to_vec());
        return out;
    }
    let teams_all_apps = sources(&|p| p.team && starts(p, &["Creative Cloud All Apps for Teams"]));
    if !teams_all_apps.is_empty() {
        push(&mut out.upsells, find(&[ALL_APPS_PRO_TEAMS]), teams_all_apps);
    }
    let enterprise_all_apps = sources(&|p| !p.team && starts(p, &["Creative Cloud All Apps for Enterprise"]));
    if !enterprise_all_apps.is_empty() {
        push(&mut out.upsells, find(&[EDITION_4]), enterprise_all_apps);
    }
    push(&mut out.cross_sells, find(EXPRESS_TEAMS), offers.to_vec());
    let acrobat = ["Acrobat Pro for", "Acrobat Standard for"];
    let acrobat_enterprise = sources(&|p| !p.team && starts(p, &acrobat));
    if !acrobat_enterprise.is_empty() {
        push(&mut out.add_ons, find(&[AI_ACROBAT_ENTERPRISE]), acrobat_enterprise);
    }
    let acrobat_teams = sources(&|p| p.team && starts(p, &acrobat));
    if !acrobat_teams.is_empty() {
        push(&mut out.add_ons, find(&[AI_ACROBAT_TEAMS]), acrobat_teams);
    }
    out
}

/// A lead's status at `now`: `OPEN` until its `expiresAt`, then `EXPIRED`.
pub fn lead_status(lead: &RecommendationLead, now: DateTime<Utc>) -> &'static str {
    if now <= lead.expires_at { "OPEN" } else { "EXPIRED" }
}

/// Adds the customer's overlay leads to `out`.
pub fn with_leads(mut out: Recommendations, customer: &Customer, now: DateTime<Utc>) -> Recommendations {
    for lead in &customer.recommendation_leads {
        let entry = (lead.clone(), lead_status(lead, now));
        if lead.kind == "renew" { out.overlay_renew.push(entry) } else { out.overlay_new.push(entry) }
    }
    out
}

/// The body of E34, read strictly.
pub struct RecommendationRequest {
    /// The context.
    pub context: Context,
    /// The customer.
    pub customer_id: String,
    /// The offers of the cart.
    pub offers: Vec<String>,
    /// The country (default: the customer's).
    pub country: Option<String>,
    /// The language (default `MULT`).
    pub language: Option<String>,
}

const KEYS: &[&str] = &["recommendationContext", "customerId", "offers", "country", "language"];

/// Parses E34's body (`1117`, `1121`, `1122` as for any body).
pub fn read_request(body: &Value) -> CoreResult<RecommendationRequest> {
    let mut p = Problems::new();
    let map = p.body(body, KEYS)?;
    let context = p.req_str(map, "", "recommendationContext").and_then(|c| {
        let parsed = Context::parse(&c);
        if parsed.is_none() {
            p.invalid("recommendationContext".into());
        }
        parsed
    });
    let customer_id = p.req_str(map, "", "customerId");
    let mut offers = Vec::new();
    if let Some(items) = p.opt_array(map, "", "offers") {
        for (i, item) in items.iter().enumerate() {
            let path = index("offers", i);
            if let Some(m) = p.object(item, &path, &["offerId", "quantity"]) {
                if let Some(o) = p.req_str(m, &path, "offerId") {
                    offers.push(o);
                }
                p.opt_int(m, &path, "quantity");
            }
        }
    }
    let country = p.opt_str(map, "", "country").filter(|c| !c.is_empty());
    let language = p.opt_str(map, "", "language").filter(|l| !l.is_empty());
    p.finish()?;
    let (Some(context), Some(customer_id)) = (context, customer_id) else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    Ok(RecommendationRequest { context, customer_id, offers, country, language })
}

/// E34: the recommendations for a customer.
pub async fn recommend(tx: &mut dyn Tx, ctx: &Ctx<'_>, req: &RecommendationRequest) -> CoreResult<Recommendations> {
    let customer = tx
        .customer(&ctx.distributor.id, &req.customer_id)
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))?;
    let country = req.country.clone().unwrap_or_else(|| customer.profile.address.country.clone());
    check_locale(&country, req.language.as_deref().unwrap_or("MULT"))?;
    let out = rules(req.context, customer.profile.market_segment, &country, &req.offers);
    Ok(with_leads(out, &customer, ctx.now))
}

/// What a preview asked for with `fetch-recommendations=true`.
#[derive(Debug, Clone, Default)]
pub struct PreviewAsk {
    /// `recommendation-country` (default: the customer's country).
    pub country: Option<String>,
    /// `recommendation-language` (default `MULT`).
    pub language: Option<String>,
}

/// The recommendations of a preview of `customer`; an error here is embedded by the caller, the
/// preview itself still succeeds.
pub fn for_preview(
    customer: &Customer,
    order: &Order,
    ask: &PreviewAsk,
    now: DateTime<Utc>,
) -> CoreResult<Recommendations> {
    let context = if order.order_type == OrderType::PreviewRenewal {
        Context::RenewalOrderPreview
    } else {
        Context::OrderPreview
    };
    let offers: Vec<String> = order.line_items.iter().map(|l| l.offer_id.clone()).collect();
    for_offers(customer, context, &offers, ask, now)
}

/// The recommendations for `offers` of `customer` in `context` (GET order: the order's offers;
/// GET subscriptions: the subscriptions' offers, as a renewal).
pub fn for_offers(
    customer: &Customer,
    context: Context,
    offers: &[String],
    ask: &PreviewAsk,
    now: DateTime<Utc>,
) -> CoreResult<Recommendations> {
    let country = ask.country.clone().unwrap_or_else(|| customer.profile.address.country.clone());
    check_locale(&country, ask.language.as_deref().unwrap_or("MULT"))?;
    Ok(with_leads(rules(context, customer.profile.market_segment, &country, offers), customer, now))
}

/// The portal's overlay lead: `{"type": "new"|"renew", "items": [{offerId, quantity}], "expiresAt"?}`.
pub async fn add_lead(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    body: &Value,
) -> CoreResult<RecommendationLead> {
    let mut customer = portal_customer(tx, ctx, customer_id).await?;
    let bad = |field: &str, rule: &str| CoreError::bad_field(field, rule);
    let map = portal_object(body, &["type", "items", "expiresAt"])?;
    let kind = match map.get("type").and_then(Value::as_str) {
        Some(k @ ("new" | "renew")) => k.to_string(),
        _ => return Err(bad("type", "new or renew")),
    };
    let items = map.get("items").and_then(Value::as_array).filter(|i| !i.is_empty() && i.len() <= 50);
    let items = items.ok_or_else(|| bad("items", "1 to 50 {offerId, quantity} objects"))?;
    let mut lead_items = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let offer = item.get("offerId").and_then(Value::as_str).filter(|o| reference::offer(o).is_some());
        let offer = offer.ok_or_else(|| bad(&format!("items[{i}].offerId"), "an offer id of the catalogue"))?;
        let quantity = item.get("quantity").and_then(Value::as_i64).filter(|q| (1..=599_000).contains(q));
        let quantity = quantity.ok_or_else(|| bad(&format!("items[{i}].quantity"), "an integer from 1 to 599000"))?;
        lead_items.push((offer.to_string(), quantity));
    }
    let expires_at = match map.get("expiresAt") {
        None | Some(Value::Null) => ctx.now + Duration::days(30),
        Some(v) => {
            let at = v.as_str().and_then(crate::dates::parse_date_or_datetime);
            let at = at.filter(|t| *t > ctx.now && *t <= ctx.now + Duration::days(366));
            at.ok_or_else(|| bad("expiresAt", "a Zulu date-time after now and within a year"))?
        }
    };
    if customer.recommendation_leads.len() >= 100 {
        return Err(bad("items", "fewer than 100 leads per customer (delete some first)"));
    }
    let lead = RecommendationLead { kind, items: lead_items, created_at: ctx.now, expires_at };
    customer.recommendation_leads.push(lead.clone());
    tx.put_customer(&customer).await?;
    Ok(lead)
}

/// Deletes a customer's overlay leads; returns how many there were.
pub async fn clear_leads(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str) -> CoreResult<usize> {
    let mut customer = portal_customer(tx, ctx, customer_id).await?;
    let n = customer.recommendation_leads.len();
    customer.recommendation_leads.clear();
    tx.put_customer(&customer).await?;
    Ok(n)
}

/// A completed order consumes the open leads of its kind (NEW: `new`, RENEWAL: `renew`) that name
/// one of its products.
pub fn consume_leads(customer: &mut Customer, order: &Order, now: DateTime<Utc>) {
    let kind = match order.order_type {
        OrderType::New => "new",
        OrderType::Renewal => "renew",
        _ => return,
    };
    let keys: Vec<&str> = order.line_items.iter().filter_map(|l| l.offer_id.get(..10)).collect();
    customer.recommendation_leads.retain(|lead| {
        !(lead.kind == kind
            && lead_status(lead, now) == "OPEN"
            && lead.items.iter().any(|(o, _)| o.get(..10).is_some_and(|k| keys.contains(&k))))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: &str) -> String {
        reference::offer(id).map(|o| o.product.name.clone()).unwrap_or_default()
    }

    #[test]
    fn the_generic_triple_is_upsell_cross_sell_and_add_on() {
        let r = rules(Context::Generic, MarketSegment::Com, "US", &[]);
        assert_eq!(name(&r.upsells[0].base_offer_id), ALL_APPS_PRO_TEAMS);
        assert!(name(&r.cross_sells[0].base_offer_id).contains("Express"));
        assert_eq!(name(&r.add_ons[0].base_offer_id), AI_ACROBAT_ENTERPRISE);
        assert_eq!((r.upsells[0].rank, r.cross_sells[0].rank, r.add_ons[0].rank), (0, 0, 0));
    }

    #[test]
    fn previews_recommend_by_the_products_in_the_cart() {
        let teams_all_apps = "65304578CA01A12";
        let acrobat_teams = "65304520CA01A12";
        let r = rules(Context::OrderPreview, MarketSegment::Com, "US", &[teams_all_apps.into(), acrobat_teams.into()]);
        assert_eq!(r.upsells.len(), 1);
        assert_eq!(r.upsells[0].source_offer_ids, vec![teams_all_apps.to_string()]);
        assert_eq!(name(&r.add_ons[0].base_offer_id), AI_ACROBAT_TEAMS);
        assert_eq!(r.add_ons[0].source_offer_ids, vec![acrobat_teams.to_string()]);
        let enterprise = rules(Context::OrderPreview, MarketSegment::Com, "US", &["65322447CA01A12".into()]);
        assert_eq!(name(&enterprise.upsells[0].base_offer_id), EDITION_4);
        assert!(enterprise.add_ons.is_empty());
    }

    #[test]
    fn locale_checks_name_the_value() {
        assert!(check_locale("US", "MULT").is_ok());
        let e = check_locale("XX", "MULT").expect_err("country");
        assert_eq!(e.error_code(), Some(ErrorCode::InvalidRecommendationCountry));
        let e = check_locale("US", "DE").expect_err("language");
        assert_eq!(e.error_code(), Some(ErrorCode::InvalidRecommendationLanguage));
    }
}
