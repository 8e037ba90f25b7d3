//! Purchase authorizations (SPEC §4.20, §5.4.8): seats a customer added in the Admin Console
//! that the partner has not ordered yet. The sandbox portal creates them ("Create PA"); each is
//! open for 7 days on the distributor's clock, shows in `GET /v3/customers/{id}/open-acquisitions`
//! (E24) and puts its customer in `GET /v3/notifications` (E23), until completed NEW orders for
//! its product consume its seats or it expires.
//!
//! PAs live on the customer record. The distributor record keeps a small index (customer id →
//! the latest expiry of its PAs) so that E23 reads only the customers that may have one.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::{Ctx, portal_customer};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::{self, Sequence};
use crate::input::portal_object;
use crate::model::{Customer, Distributor, Order, OrderType, PurchaseAuthorization};
use crate::reference::{self, OfferType, Product};
use crate::store::Tx;

/// How long a PA stays open.
pub const LIFETIME_DAYS: i64 = 7;

/// Most open PAs one customer may have at a time.
pub const MAX_OPEN_PER_CUSTOMER: usize = 100;

/// The `notification-type` E23 supports.
pub const NOTIFICATION_TYPE: &str = "LICENSES_PENDING_PARTNER_ORDER";

/// Whether a PA is open at `at`: created by then, not expired, seats left.
pub fn is_open(pa: &PurchaseAuthorization, at: DateTime<Utc>) -> bool {
    pa.quantity > 0 && pa.created_at <= at && at < pa.expires_at
}

/// A customer's open PAs at `now`, oldest first (the `unpaidLicenses` of E24).
pub fn open(customer: &Customer, now: DateTime<Utc>) -> Vec<&PurchaseAuthorization> {
    let mut out: Vec<_> = customer.purchase_authorizations.iter().filter(|pa| is_open(pa, now)).collect();
    out.sort_by(|a, b| (a.created_at, &a.reference_id).cmp(&(b.created_at, &b.reference_id)));
    out
}

/// Whether E23 lists `customer` for `reseller_id` at `now`: a customer of that reseller with at
/// least one open PA.
pub fn pending_for(customer: &Customer, reseller_id: &str, now: DateTime<Utc>) -> bool {
    customer.reseller_id == reseller_id && customer.purchase_authorizations.iter().any(|pa| is_open(pa, now))
}

/// The customers that may have an open PA at `now` (E23 reads each and checks [`pending_for`]),
/// by id.
pub fn candidates(distributor: &Distributor, now: DateTime<Utc>) -> impl Iterator<Item = &str> {
    distributor.pa_customers.iter().filter(move |(_, until)| **until > now).map(|(id, _)| id.as_str())
}

/// The products the portal's Create PA dialog offers a customer: a few well-known licence
/// products of its market segment, those sold in its country's price region first.
pub fn product_choices(customer: &Customer) -> Vec<&'static Product> {
    const NAMES: [&str; 6] =
        ["Acrobat Pro", "Creative Cloud All Apps", "Photoshop", "Illustrator", "Audition", "Acrobat"];
    let region = reference::country(&customer.profile.address.country).map(|c| c.price_region.as_str());
    let sold_here =
        |p: &Product| region.is_some_and(|r| p.price_regions.is_empty() || p.price_regions.iter().any(|x| x == r));
    let mut out: Vec<&'static Product> = Vec::new();
    for name in NAMES {
        let mut of_name: Vec<&'static Product> = reference::products()
            .iter()
            .filter(|p| p.segment == customer.profile.market_segment && p.offer_type == OfferType::License)
            .filter(|p| p.name.starts_with(name) && !out.iter().any(|o| o.name == p.name))
            .collect();
        of_name.sort_by_key(|p| (!sold_here(p), !p.team, p.name.len(), p.key.clone()));
        if let Some(p) = of_name.first() {
            out.push(p);
        }
    }
    out
}

/// The portal's Create PA (§5.4.8): `{"baseOfferId": "30006208CA01A12", "quantity": 1}`. The
/// offer names a product of the customer's market segment (any level: the PA records its base
/// offer); the quantity is 1 to the product's line maximum.
pub async fn create(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    body: &Value,
) -> CoreResult<PurchaseAuthorization> {
    let mut customer = portal_customer(tx, ctx, customer_id).await?;
    let map = portal_object(body, &["baseOfferId", "quantity"])?;
    let offer = map.get("baseOfferId").and_then(Value::as_str).map(str::trim).and_then(reference::offer);
    let product = offer.ok_or_else(|| CoreError::bad_field("baseOfferId", "an offer id of the catalogue"))?.product;
    let segment = customer.profile.market_segment;
    if product.segment != segment {
        return Err(CoreError::bad_field(
            "baseOfferId",
            format!("a product of the customer's market segment ({})", segment.as_str()),
        ));
    }
    let max = i64::from(product.max_quantity());
    let quantity = map.get("quantity").and_then(Value::as_i64).filter(|q| (1..=max).contains(q));
    let quantity = quantity.ok_or_else(|| CoreError::bad_field("quantity", format!("an integer from 1 to {max}")))?;
    customer.purchase_authorizations.retain(|pa| is_open(pa, ctx.now));
    if customer.purchase_authorizations.len() >= MAX_OPEN_PER_CUSTOMER {
        return Err(CoreError::message(
            ErrorCode::PortalConflict,
            format!("A customer has at most {MAX_OPEN_PER_CUSTOMER} open purchase authorizations"),
            vec!["purchaseAuthorizations".into()],
        ));
    }
    let n = tx.next_id(Sequence::PurchaseAuthorization).await?;
    let pa = PurchaseAuthorization {
        reference_id: ids::purchase_authorization_id(n),
        base_offer_id: product.base_offer_id(),
        product_name: product.name.clone(),
        quantity,
        created_at: ctx.now,
        expires_at: ctx.now + Duration::days(LIFETIME_DAYS),
    };
    customer.purchase_authorizations.push(pa.clone());
    tx.put_customer(&customer).await?;
    let mut distributor = tx.distributor(&ctx.distributor.id).await?.unwrap_or_else(|| ctx.distributor.clone());
    distributor.pa_customers.retain(|_, until| *until > ctx.now);
    let until = distributor.pa_customers.entry(customer.id.clone()).or_insert(pa.expires_at);
    *until = (*until).max(pa.expires_at);
    tx.put_distributor(&distributor).await?;
    Ok(pa)
}

/// The hook of a completed order (called by the order processor): a NEW order consumes, line by
/// line, the seats of the PAs for the line's product that were open when the order was placed,
/// oldest first. Consumed and expired PAs are dropped.
pub fn consume(customer: &mut Customer, order: &Order) {
    if order.order_type != OrderType::New || customer.purchase_authorizations.is_empty() {
        return;
    }
    let at = order.created_at;
    customer
        .purchase_authorizations
        .sort_by(|a, b| (a.created_at, &a.reference_id).cmp(&(b.created_at, &b.reference_id)));
    for line in &order.line_items {
        let Some(key) = line.offer_id.get(..10) else { continue };
        let mut left = line.quantity.max(0);
        for pa in customer.purchase_authorizations.iter_mut() {
            if left == 0 {
                break;
            }
            if pa.base_offer_id.get(..10) == Some(key) && is_open(pa, at) {
                let taken = left.min(pa.quantity);
                pa.quantity -= taken;
                left -= taken;
            }
        }
    }
    customer.purchase_authorizations.retain(|pa| pa.quantity > 0 && at < pa.expires_at);
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::LineItem;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).single().expect("date")
    }

    fn pa(reference: &str, offer: &str, quantity: i64, created: DateTime<Utc>) -> PurchaseAuthorization {
        PurchaseAuthorization {
            reference_id: reference.into(),
            base_offer_id: offer.into(),
            product_name: "Product".into(),
            quantity,
            created_at: created,
            expires_at: created + Duration::days(LIFETIME_DAYS),
        }
    }

    fn order(kind: OrderType, created: DateTime<Utc>, lines: &[(&str, i64)]) -> Order {
        Order {
            id: "5120000001".into(),
            distributor_id: "d".into(),
            customer_id: "c".into(),
            external_reference_id: String::new(),
            order_type: kind,
            reference_order_id: String::new(),
            currency_code: "USD".into(),
            created_at: created,
            status: "1002".into(),
            source: "API".into(),
            line_items: lines
                .iter()
                .map(|(offer, quantity)| LineItem {
                    offer_id: offer.to_string(),
                    quantity: *quantity,
                    ..LineItem::default()
                })
                .collect(),
            process_after: None,
            cancelling_items: Vec::new(),
            reassign_users: false,
            eligible_offers: Vec::new(),
        }
    }

    fn customer(pas: Vec<PurchaseAuthorization>) -> Customer {
        let address = crate::model::Address { country: "US".into(), ..Default::default() };
        let profile = crate::model::CustomerProfile {
            company_name: "Customer".into(),
            preferred_language: "en-US".into(),
            market_segment: reference::MarketSegment::Com,
            market_sub_segments: Vec::new(),
            address,
            contacts: Vec::new(),
        };
        Customer {
            purchase_authorizations: pas,
            ..Customer::new("1005000001".into(), "d", "1000000001", profile, "1000", at(1))
        }
    }

    #[test]
    fn a_pa_is_open_for_seven_days_from_its_creation() {
        let p = pa("PO1", "65304479CA01A12", 1, at(1));
        assert!(!is_open(&p, at(1) - Duration::seconds(1)));
        assert!(is_open(&p, at(1)));
        assert!(is_open(&p, at(8) - Duration::seconds(1)));
        assert!(!is_open(&p, at(8)));
    }

    #[test]
    fn a_new_order_consumes_the_oldest_open_pas_of_its_product_at_any_level() {
        let mut c = customer(vec![
            pa("PO2", "65304479CA01A12", 2, at(3)),
            pa("PO1", "65304479CA01A12", 2, at(2)),
            pa("PO3", "65322651CA01A12", 5, at(2)),
        ]);
        consume(&mut c, &order(OrderType::New, at(4), &[("65304479CA02A12", 3)]));
        let left: Vec<_> = c.purchase_authorizations.iter().map(|p| (p.reference_id.as_str(), p.quantity)).collect();
        assert_eq!(left, [("PO3", 5), ("PO2", 1)]);
    }

    #[test]
    fn only_new_orders_placed_while_the_pa_is_open_consume_it() {
        let pas = vec![pa("PO1", "65304479CA01A12", 3, at(2))];
        let mut c = customer(pas.clone());
        consume(&mut c, &order(OrderType::Renewal, at(3), &[("65304479CA01A12", 3)]));
        assert_eq!(c.purchase_authorizations, pas);
        consume(&mut c, &order(OrderType::New, at(1), &[("65304479CA01A12", 3)]));
        assert_eq!(c.purchase_authorizations, pas, "an order placed before the PA opened");
        consume(&mut c, &order(OrderType::New, at(9), &[("65304479CA01A12", 3)]));
        assert!(c.purchase_authorizations.is_empty(), "expired: dropped, nothing consumed");
    }

    #[test]
    fn the_dialog_offers_a_few_licence_products_of_the_segment() {
        let c = customer(Vec::new());
        let choices = product_choices(&c);
        assert!((3..=6).contains(&choices.len()), "{choices:?}");
        assert!(choices.iter().all(|p| p.segment == c.profile.market_segment && p.offer_type == OfferType::License));
        assert!(choices[0].name.starts_with("Acrobat Pro"), "{:?}", choices[0].name);
    }
}
