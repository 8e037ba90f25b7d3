//! Wire shapes (SPEC §2.8, §2.9): domain records mapped to Adobe's JSON, field by field.

use serde_json::{Map, Value, json};
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::model::{Address, Commitment, Contact, Customer, LineItem, Order, Reseller, Subscription, status};

fn link(uri: String) -> Value {
    json!({"self": {"uri": uri, "method": "GET", "headers": []}})
}

fn address(a: &Address) -> Value {
    json!({
        "country": a.country, "region": a.region, "city": a.city, "addressLine1": a.address_line1,
        "addressLine2": a.address_line2, "postalCode": a.postal_code, "phoneNumber": a.phone_number,
    })
}

fn contacts(list: &[Contact]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("firstName".into(), json!(c.first_name));
                m.insert("lastName".into(), json!(c.last_name));
                m.insert("email".into(), json!(c.email));
                if let Some(p) = &c.phone_number {
                    m.insert("phoneNumber".into(), json!(p));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// The reseller resource.
pub fn reseller(r: &Reseller) -> Value {
    json!({
        "distributorId": r.distributor_id,
        "externalReferenceId": r.external_reference_id,
        "resellerId": r.id,
        "companyProfile": {
            "companyName": r.profile.company_name,
            "preferredLanguage": r.profile.preferred_language,
            "marketSegments": r.profile.market_segments.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "address": address(&r.profile.address),
            "contacts": contacts(&r.profile.contacts),
        },
        "creationDate": format_datetime(r.created_at),
        "status": r.status,
        "links": link(format!("/v3/resellers/{}", r.id)),
    })
}

/// A reseller in the reseller list.
pub fn reseller_summary(r: &Reseller) -> Value {
    json!({
        "externalReferenceId": r.external_reference_id,
        "resellerId": r.id,
        "distributorId": r.distributor_id,
        "status": r.status,
        "companyProfile": {"companyName": r.profile.company_name},
        "creationDate": format_datetime(r.created_at),
        "links": link(format!("/v3/resellers/{}", r.id)),
    })
}

fn commitment(c: Option<&Commitment>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "startDate": format_date(c.start_date),
            "endDate": format_date(c.end_date),
            "status": c.status,
            "minimumQuantities": c.minimum_quantities.iter()
                .map(|m| json!({"offerType": m.offer_type.as_str(), "quantity": m.quantity}))
                .collect::<Vec<_>>(),
        }),
    }
}

/// The customer's `benefits` array.
pub fn benefits(c: &Customer) -> Value {
    let mut out = Vec::new();
    if let Some(t) = &c.three_year_commit {
        out.push(json!({
            "type": "THREE_YEAR_COMMIT",
            "commitment": commitment(t.commitment.as_ref()),
            "commitmentRequest": commitment(t.commitment_request.as_ref()),
            "recommitmentRequest": commitment(t.recommitment_request.as_ref()),
        }));
    }
    if let Some(s) = &c.lga_status {
        out.push(json!({"type": "LARGE_GOVERNMENT_AGENCY", "status": s}));
    }
    Value::Array(out)
}

/// The customer resource.
pub fn customer(c: &Customer) -> Value {
    json!({
        "externalReferenceId": c.external_reference_id,
        "customerId": c.id,
        "resellerId": c.reseller_id,
        "globalSalesEnabled": c.global_sales_enabled,
        "companyProfile": {
            "companyName": c.profile.company_name,
            "preferredLanguage": c.profile.preferred_language,
            "marketSegment": c.profile.market_segment.as_str(),
            "marketSubSegments": c.profile.market_sub_segments,
            "address": address(&c.profile.address),
            "contacts": contacts(&c.profile.contacts),
        },
        "discounts": c.discounts.iter().map(|d| json!({"offerType": d.offer_type.as_str(), "level": d.level})).collect::<Vec<_>>(),
        "benefits": benefits(c),
        "tags": c.tags,
        "cotermDate": c.coterm_date.map(format_date).unwrap_or_default(),
        "creationDate": format_datetime(c.created_at),
        "status": c.status,
        "links": link(format!("/v3/customers/{}", c.id)),
    })
}

/// A customer in the customer list.
pub fn customer_summary(c: &Customer) -> Value {
    json!({
        "externalReferenceId": c.external_reference_id,
        "customerId": c.id,
        "resellerId": c.reseller_id,
        "status": c.status,
        "companyProfile": {"companyName": c.profile.company_name},
        "creationDate": format_datetime(c.created_at),
        "links": link(format!("/v3/customers/{}", c.id)),
    })
}

/// How an order is being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderView {
    /// A preview answer: no id, no status, no links.
    Preview,
    /// The answer to a create.
    Created,
    /// GET / history / PATCH (adds `referencedOrderId`).
    Read,
}

fn line(l: &LineItem, with_price: bool) -> Value {
    let mut m = Map::new();
    m.insert("extLineItemNumber".into(), json!(l.ext_line_item_number));
    m.insert("offerId".into(), json!(l.offer_id));
    m.insert("quantity".into(), json!(l.quantity));
    m.insert("subscriptionId".into(), json!(l.subscription_id));
    m.insert("status".into(), json!(l.status));
    m.insert("currencyCode".into(), json!(l.currency_code));
    if let Some(d) = &l.deployment_id {
        m.insert("deploymentId".into(), json!(d));
    }
    if let (true, Some(p)) = (with_price, &l.pricing) {
        m.insert("proratedDays".into(), json!(p.prorated_days));
        m.insert(
            "pricing".into(),
            json!({
                "partnerPrice": p.partner_price,
                "discountedPartnerPrice": p.discounted_partner_price,
                "netPartnerPrice": p.net_partner_price,
                "lineItemPartnerPrice": p.line_item_partner_price,
            }),
        );
    }
    Value::Object(m)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The order resource. `fetch_price` asks for pricing, which is shown for previews and for
/// completed single-currency orders.
pub fn order(o: &Order, view: OrderView, fetch_price: bool) -> Value {
    let single_currency = o.line_items.iter().all(|l| l.currency_code == o.currency_code);
    let priced = fetch_price
        && single_currency
        && (view == OrderView::Preview || o.status == status::ACTIVE)
        && o.line_items.iter().all(|l| l.pricing.is_some());
    let mut m = Map::new();
    m.insert("referenceOrderId".into(), json!(o.reference_order_id));
    if view == OrderView::Read {
        m.insert("referencedOrderId".into(), json!(""));
    }
    m.insert("externalReferenceId".into(), json!(o.external_reference_id));
    m.insert("orderId".into(), json!(o.id));
    m.insert("customerId".into(), json!(o.customer_id));
    m.insert("orderType".into(), json!(o.order_type.as_str()));
    m.insert("currencyCode".into(), json!(o.currency_code));
    m.insert("creationDate".into(), json!(format_datetime(o.created_at)));
    m.insert("status".into(), json!(o.status));
    if view != OrderView::Preview {
        m.insert("source".into(), json!(o.source));
    }
    m.insert("lineItems".into(), Value::Array(o.line_items.iter().map(|l| line(l, priced)).collect()));
    if priced {
        let total: f64 =
            o.line_items.iter().filter_map(|l| l.pricing.as_ref()).map(|p| p.line_item_partner_price).sum();
        m.insert(
            "pricingSummary".into(),
            json!([{"totalLineItemPartnerPrice": round2(total), "currencyCode": o.currency_code}]),
        );
    }
    if view != OrderView::Preview {
        m.insert("links".into(), link(format!("/v3/customers/{}/orders/{}", o.customer_id, o.id)));
    }
    Value::Object(m)
}

/// The subscription resource.
pub fn subscription(s: &Subscription) -> Value {
    let mut m = Map::new();
    m.insert("subscriptionId".into(), json!(s.id));
    m.insert("offerId".into(), json!(s.offer_id));
    m.insert("currentQuantity".into(), json!(s.current_quantity));
    m.insert("usedQuantity".into(), json!(s.used_quantity));
    m.insert(
        "autoRenewal".into(),
        json!({"enabled": s.auto_renewal_enabled, "renewalQuantity": s.effective_renewal_quantity()}),
    );
    if let Some(r) = s.renewed_quantity {
        m.insert("renewedQuantity".into(), json!(r));
    }
    m.insert("creationDate".into(), json!(format_datetime(s.created_at)));
    m.insert("renewalDate".into(), json!(s.renewal_date.map(format_date).unwrap_or_default()));
    m.insert("status".into(), json!(s.status));
    m.insert("currencyCode".into(), json!(s.currency_code));
    if let Some(d) = &s.deployment_id {
        m.insert("deploymentId".into(), json!(d));
    }
    if !s.allowed_actions.is_empty() {
        m.insert("allowedActions".into(), json!(s.allowed_actions));
    }
    m.insert("links".into(), link(format!("/v3/customers/{}/subscriptions/{}", s.customer_id, s.id)));
    Value::Object(m)
}
