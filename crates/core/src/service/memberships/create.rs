//! Portal Quick Create and Custom Create of test memberships (SPEC §5.8.1, §5.8.2), and their
//! deletion.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use super::MEMBERSHIP;
use super::body::Body;
use super::documents::{membership, save};
use super::generate::{candidate_products, default_address, fill_items, hvd_minimum, new_membership, pick};
use super::ineligible::REASON_CODES;
use super::options::{CUSTOM_KEYS, QUICK_KEYS, read_options};
use super::records::Membership;
use crate::dates::parse_date;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Address, Contact};
use crate::reference::{self, Product};
use crate::service::Ctx;
use crate::store::Tx;

/// The Custom Create eligibility knobs (`true` makes the membership ineligible with the reason;
/// `contractAccepted` and `adminContactsPresent` work the other way round).
const KNOBS: [(&str, &str); 9] = [
    ("openPurchaseAuthorizations", "OPEN_PURCHASE_AUTH"),
    ("returnablePurchase", "RETURNABLE_PURCHASE"),
    ("unpaidInvoice", "UNPAID_INVOICE"),
    ("unbilledOrder", "UNBILLED_ORDER"),
    ("unprocessedOrders", "HAS_UNPROCESSED_ORDERS"),
    ("inactive", "INACTIVE"),
    ("noTargetSku", "NO_TARGET_SKU"),
    ("extendedTerm3yc", "EXTENDED_TERM_3YC"),
    ("invalidCountry", "INVALID_COUNTRY"),
];

/// What Quick Create and Custom Create answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    /// The new id.
    pub membership_id: String,
    /// The group id of a linked-membership owner or member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_membership_id: Option<String>,
    /// Whether it can transfer.
    pub eligible: bool,
    /// Why not.
    pub reason_codes: Vec<String>,
}

/// Portal Quick Create (SPEC §5.8.1): an always-eligible membership.
pub async fn quick_create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Created> {
    let b = Body::new(body, &QUICK_KEYS)?;
    let o = read_options(&b, false)?;
    let mut m = new_membership(tx, ctx, &o, "QUICK", "US", "USD").await?;
    let candidates = candidate_products(o.segment, "US", "USD", o.hvd.is_some());
    let products: Vec<_> =
        pick(&candidates, o.offer_count as usize, &m.id).into_iter().map(|p| (p, None, None)).collect();
    if products.is_empty() {
        return Err(CoreError::bad_field("marketSegment", "a segment with products sold in US/USD"));
    }
    fill_items(&mut m, &o, &products);
    save(tx, &ctx.distributor.id, &m).await?;
    Ok(created(&m))
}

fn created(m: &Membership) -> Created {
    Created {
        membership_id: m.id.clone(),
        linked_membership_id: m.linked_membership.as_ref().map(|l| l.group_id.clone()),
        eligible: m.reason_codes.is_empty() && !m.admin_contacts.is_empty(),
        reason_codes: m.reason_codes.clone(),
    }
}

/// Portal Custom Create (SPEC §5.8.2): every Quick Create option plus the country, address,
/// contacts, currency, offers, the 3YC block, the LGA block and the eligibility knobs, which may
/// make the membership ineligible.
pub async fn custom_create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Created> {
    let known: Vec<&str> = QUICK_KEYS.iter().chain(CUSTOM_KEYS.iter()).copied().collect();
    let b = Body::new(body, &known)?;
    let o = read_options(&b, true)?;
    let country = b.str("country")?.unwrap_or("US").to_string();
    let c = reference::country(&country).ok_or_else(|| CoreError::bad_field("country", "a supported country code"))?;
    if o.lga && !["US", "CA"].contains(&country.as_str()) {
        return Err(CoreError::bad_field("country", "US or CA for an LGA membership"));
    }
    let currency = match b.str("currency")? {
        Some(cur) if c.currencies.iter().any(|x| x == cur) => cur.to_string(),
        Some(_) => return Err(CoreError::bad_field("currency", format!("one of {}", c.currencies.join(", ")))),
        None => {
            c.currencies.first().cloned().ok_or_else(|| CoreError::bad_field("country", "a country with a currency"))?
        }
    };
    let mut m = new_membership(tx, ctx, &o, "CUSTOM", &country, &currency).await?;
    if let Some(a) = b.get("address") {
        m.address = serde_json::from_value::<Address>(merge_address(a, &country)?)
            .map_err(|_| CoreError::bad_field("address", "an address object"))?;
    }
    if let Some(lang) = b.str("preferredLanguage")? {
        if !reference::is_locale(lang) {
            return Err(CoreError::bad_field("preferredLanguage", "a supported locale"));
        }
        m.preferred_language = lang.to_string();
    }
    if let Some(list) = b.get("adminContacts") {
        let arr = list.as_array().ok_or_else(|| CoreError::bad_field("adminContacts", "an array of contacts"))?;
        m.admin_contacts =
            arr.iter()
                .map(|c| serde_json::from_value::<Contact>(c.clone()))
                .collect::<Result<_, _>>()
                .map_err(|_| CoreError::bad_field("adminContacts", "contacts {firstName, lastName, email}"))?;
    }
    if let Some(date) = b.str("anniversaryDate")? {
        m.anniversary = parse_date(date).ok_or_else(|| CoreError::bad_field("anniversaryDate", "a date YYYY-MM-DD"))?;
    }
    let lga_frl = b
        .get("lga")
        .and_then(Value::as_object)
        .and_then(|l| l.get("hasFrlProducts"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let products = match b.get("offers") {
        Some(list) => read_offers(list, &m)?,
        None => {
            let candidates = candidate_products(o.segment, &country, &currency, o.hvd.is_some());
            pick(&candidates, o.offer_count as usize, &m.id).into_iter().map(|p| (p, None, None)).collect()
        }
    };
    if products.is_empty() {
        return Err(CoreError::bad_field("offers", "at least one offer sold in the membership's country and currency"));
    }
    if o.lga && products.len() > 5 {
        return Err(CoreError::bad_field("offers", "1 to 5 offers for an LGA membership"));
    }
    fill_items(&mut m, &o, &products);
    if let Some(d) = b.get("deployment") {
        let id = d.as_object().and_then(|d| d.get("deploymentId").or(d.get("id"))).and_then(Value::as_str).map_or_else(
            || format!("{}", 1_460_000_000_i64 + m.id.parse::<i64>().unwrap_or(0) % 10_000_000),
            str::to_string,
        );
        for item in &mut m.items {
            item.deployment_id = Some(id.clone());
        }
        m.worldwide = true;
        m.deployment = Some(deployment_address(d, &country)?);
    }
    // Eligibility.
    let mut reasons: Vec<String> = Vec::new();
    if let Some(knobs) = b.get("eligibility") {
        let map =
            knobs.as_object().ok_or_else(|| CoreError::bad_field("eligibility", "an object of true/false knobs"))?;
        let names: Vec<&str> =
            KNOBS.iter().map(|(k, _)| *k).chain(["contractAccepted", "adminContactsPresent"]).collect();
        if let Some(k) = map.keys().find(|k| !names.contains(&k.as_str())) {
            return Err(CoreError::bad_field(&format!("eligibility.{k}"), "absent (unknown knob)"));
        }
        let eb = Body { map };
        for (knob, reason) in KNOBS {
            if eb.bool(knob)? {
                reasons.push(reason.to_string());
            }
        }
        if eb.opt_bool("contractAccepted")? == Some(false) {
            reasons.push("CONTRACT_NOT_ACCEPTED".into());
        }
        if eb.opt_bool("adminContactsPresent")? == Some(false) {
            m.admin_contacts.clear();
        }
    }
    // The same knobs at the top level (SPEC §5.8.2 names them so).
    for (knob, reason) in KNOBS {
        if b.map.contains_key(knob) {
            return Err(CoreError::bad_field(knob, format!("inside eligibility (eligibility.{knob}) for {reason}")));
        }
    }
    if let Some(list) = b.get("reasonCodes") {
        let arr =
            list.as_array().ok_or_else(|| CoreError::bad_field("reasonCodes", "an array of 5117 reason codes"))?;
        for r in arr {
            let r = r
                .as_str()
                .filter(|r| REASON_CODES.contains(r))
                .ok_or_else(|| CoreError::bad_field("reasonCodes", "5117 reason codes of SPEC §3.4"))?;
            reasons.push(r.to_string());
        }
    }
    let in_window = m.anniversary - ctx.now.date_naive() <= Duration::days(30);
    if in_window && m.renewal_status == "PARTIAL" {
        reasons.push("IN_WINDOW_PARTIAL_RENEWAL".into());
    }
    if in_window && m.renewal_status == "NO" {
        reasons.push("NOT_A_FULL_RENEWAL_IN_RENEWAL_WINDOW".into());
    }
    let total: i64 = m.items.iter().map(|i| i.quantity).sum();
    if let Some(h) = &m.hvd
        && total < hvd_minimum(h)
    {
        reasons.push("MINIMUM_HVD_QTY_NOT_MET".into());
    }
    if m.lga && !lga_frl && total < 100 {
        reasons.push("INSUFFICIENT_LGA_MOQ".into());
    }
    let mut seen = Vec::new();
    reasons.retain(|r| {
        let new = !seen.contains(r);
        seen.push(r.clone());
        new
    });
    m.reason_codes = reasons;
    save(tx, &ctx.distributor.id, &m).await?;
    Ok(created(&m))
}

/// The address of a Custom Create `deployment`: its address members over the membership's
/// defaults, in its `country` (a supported one; the membership's when absent).
fn deployment_address(d: &Value, membership_country: &str) -> CoreResult<Address> {
    let obj = d.as_object().ok_or_else(|| CoreError::bad_field("deployment", "an object"))?;
    let country = match obj.get("country").and_then(Value::as_str) {
        Some(c) if reference::country(c).is_some() => c.to_string(),
        Some(_) => return Err(CoreError::bad_field("deployment.country", "a supported country code")),
        None => membership_country.to_string(),
    };
    const MEMBERS: [&str; 6] = ["region", "city", "addressLine1", "addressLine2", "postalCode", "phoneNumber"];
    let given: serde_json::Map<String, Value> =
        obj.iter().filter(|(k, _)| MEMBERS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    let merged = merge_address(&Value::Object(given), &country)
        .map_err(|_| CoreError::bad_field("deployment", "address members as strings"))?;
    serde_json::from_value(merged).map_err(|_| CoreError::bad_field("deployment", "an address"))
}

fn merge_address(a: &Value, country: &str) -> CoreResult<Value> {
    let mut base = serde_json::to_value(default_address(country)).map_err(|e| CoreError::Internal(e.to_string()))?;
    let given = a.as_object().ok_or_else(|| CoreError::bad_field("address", "an address object"))?;
    if let Some(obj) = base.as_object_mut() {
        for (k, v) in given {
            if !obj.contains_key(k) {
                return Err(CoreError::bad_field(&format!("address.{k}"), "absent (unknown member)"));
            }
            if !v.is_string() {
                return Err(CoreError::bad_field(&format!("address.{k}"), "a string"));
            }
            obj.insert(k.clone(), v.clone());
        }
        obj.insert("country".into(), Value::String(country.into()));
    }
    Ok(base)
}

type Pick = (&'static Product, Option<i64>, Option<NaiveDate>);

fn read_offers(list: &Value, m: &Membership) -> CoreResult<Vec<Pick>> {
    let arr = list
        .as_array()
        .filter(|a| !a.is_empty() && a.len() <= 10)
        .ok_or_else(|| CoreError::bad_field("offers", "1 to 10 offers"))?;
    let region = reference::country(&m.address.country).map(|c| c.price_region.clone()).unwrap_or_default();
    let mut out: Vec<Pick> = Vec::new();
    for (i, o) in arr.iter().enumerate() {
        let field = format!("offers[{i}]");
        let map =
            o.as_object().ok_or_else(|| CoreError::bad_field(&field, "an object {offerId, quantity, renewalDate?}"))?;
        let offer = map
            .get("offerId")
            .and_then(Value::as_str)
            .and_then(|id| reference::offer(id.trim()))
            .ok_or_else(|| CoreError::bad_field(&format!("{field}.offerId"), "an offer id of the catalogue"))?;
        if offer.product.segment != m.market_segment {
            return Err(CoreError::bad_field(
                &format!("{field}.offerId"),
                "an offer of the membership's market segment",
            ));
        }
        if !offer.product.sold_in(&region, &m.currency) {
            return Err(CoreError::bad_field(
                &format!("{field}.offerId"),
                "an offer sold in the membership's country and currency",
            ));
        }
        let max = i64::from(offer.product.max_quantity());
        let q = map.get("quantity").and_then(Value::as_i64).filter(|q| (1..=max).contains(q));
        let q =
            q.ok_or_else(|| CoreError::bad_field(&format!("{field}.quantity"), format!("an integer from 1 to {max}")))?;
        let renewal = match map.get("renewalDate") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(parse_date)
                    .ok_or_else(|| CoreError::bad_field(&format!("{field}.renewalDate"), "a date YYYY-MM-DD"))?,
            ),
        };
        if out.iter().any(|(p, _, _)| p.key == offer.product.key) {
            return Err(CoreError::bad_field(&format!("{field}.offerId"), "a product not listed twice"));
        }
        out.push((offer.product, Some(q), renewal));
    }
    Ok(out)
}

/// Deletes an unused membership (`P404` unknown, `409 P409` once a transfer used it).
pub async fn delete(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<()> {
    let m = membership(tx, &ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if m.transfer_id.is_some() {
        return Err(CoreError::message(
            ErrorCode::PortalConflict,
            "The membership has already been transferred",
            vec!["membershipId".into()],
        ));
    }
    tx.delete_document(&ctx.distributor.id, MEMBERSHIP, id).await?;
    Ok(())
}
