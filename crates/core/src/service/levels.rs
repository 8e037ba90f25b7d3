//! Volume discount levels and offer normalisation (SPEC §1.5, §4.7.4, §4.8).

use crate::model::{Customer, Subscription, status};
use crate::reference::{self, MarketSegment, OfferType};

/// Volume level of a licence quantity.
pub fn license_level(q: i64) -> &'static str {
    match q {
        i64::MIN..=9 => "01",
        10..=49 => "02",
        50..=99 => "03",
        _ => "04",
    }
}

/// Volume tier of a consumables quantity.
pub fn consumables_tier(q: i64) -> &'static str {
    match q {
        i64::MIN..=999 => "T1",
        1000..=2499 => "T2",
        2500..=4999 => "T3",
        5000..=14999 => "T4",
        15000..=49999 => "T5",
        50000..=99999 => "T6",
        _ => "T7",
    }
}

/// LGA level of a licence quantity (SPEC §1.5: 100–999 `06`, 1000–4999 `07`, 5000–9999 `08`,
/// more `09`); meaningful from 100 licences.
pub fn lga_level(q: i64) -> &'static str {
    match q {
        i64::MIN..=999 => "06",
        1000..=4999 => "07",
        5000..=9999 => "08",
        _ => "09",
    }
}

/// The better of two levels.
pub fn better(a: String, b: &str) -> String {
    if goodness(b) > goodness(&a) { b.to_string() } else { a }
}

/// Raises `level` to what the customer's LGA benefit and linked membership give for `total`
/// (SPEC §4.8 steps 3 and 4): an LGA customer's licences reach `06`–`09` from 100; a group's
/// customer gets at least the group's level. `lga_pending` counts a `PENDING_UPGRADE` benefit
/// (renewals at the anniversary), mid-term only `ACTIVE` counts.
pub fn with_benefits(
    customer: &Customer,
    offer_type: OfferType,
    total: i64,
    level: String,
    lga_pending: bool,
) -> String {
    let lga = match customer.lga_status.as_deref() {
        Some("ACTIVE") => true,
        Some(_) => lga_pending,
        None => false,
    };
    let mut level = level;
    if lga && offer_type == OfferType::License && total >= 100 {
        level = better(level, lga_level(total));
    }
    match super::linked_memberships::level_of(customer, offer_type) {
        Some(group) => better(level, group),
        None => level,
    }
}

/// The volume level of a quantity of an offer type.
pub fn volume_level(offer_type: OfferType, q: i64) -> &'static str {
    match offer_type {
        OfferType::License => license_level(q),
        OfferType::Consumables => consumables_tier(q),
    }
}

/// The 3YC level of a committed minimum.
pub fn commitment_level(offer_type: OfferType, segment: MarketSegment, committed: i64) -> String {
    match offer_type {
        OfferType::License => {
            let volume = license_level(committed.max(10));
            if segment == MarketSegment::Edu {
                volume.to_string()
            } else {
                match volume {
                    "02" => "12".into(),
                    "03" => "13".into(),
                    _ => "14".into(),
                }
            }
        }
        OfferType::Consumables => {
            let tier = consumables_tier(committed.max(1000));
            let step = tier.as_bytes()[1] - b'1';
            format!("T{}", (b'A' + step) as char)
        }
    }
}

/// How good a level is: higher is a better price. Volume < LGA < 3YC.
pub fn goodness(level: &str) -> i32 {
    let bytes = level.as_bytes();
    if bytes.len() != 2 {
        return 0;
    }
    if bytes[0] == b'T' {
        return match bytes[1] {
            d @ b'1'..=b'7' => i32::from(d - b'0'),
            l @ b'A'..=b'G' => 11 + i32::from(l - b'A'),
            _ => 0,
        };
    }
    level.parse::<i32>().unwrap_or(0)
}

/// Total active quantity of an offer type over a customer's subscriptions.
pub fn active_total(subscriptions: &[Subscription], offer_type: OfferType) -> i64 {
    subscriptions
        .iter()
        .filter(|s| s.status == status::ACTIVE)
        .filter(|s| reference::product(&s.product_key).is_some_and(|p| p.offer_type == offer_type))
        .map(|s| s.current_quantity)
        .sum()
}

fn minimum(c: &crate::model::Commitment, offer_type: OfferType) -> Option<i64> {
    c.minimum_quantities.iter().find(|m| m.offer_type == offer_type).map(|m| m.quantity)
}

/// The level a customer is eligible for, mid-term, when buying `order_quantity` more of a type.
pub fn eligible_level(
    customer: &Customer,
    subscriptions: &[Subscription],
    offer_type: OfferType,
    order_quantity: i64,
) -> String {
    let segment = customer.profile.market_segment;
    let total = active_total(subscriptions, offer_type) + order_quantity;
    if let Some(tyc) = &customer.three_year_commit {
        if let Some(c) = tyc.commitment.as_ref().filter(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE"))
            && let Some(min) = minimum(c, offer_type)
        {
            return commitment_level(offer_type, segment, min);
        }
        if let Some(r) = tyc.commitment_request.as_ref().filter(|r| r.status == "ACCEPTED")
            && let Some(min) = minimum(r, offer_type).filter(|min| total >= *min)
        {
            return commitment_level(offer_type, segment, min);
        }
    }
    let current = customer.level(offer_type);
    let by_quantity = volume_level(offer_type, total).to_string();
    let level = if goodness(&current) >= goodness(&by_quantity) { current } else { by_quantity };
    with_benefits(customer, offer_type, total, level, false)
}

/// The best existing offer of `product_key` not better than `level`: the exact level when the
/// catalogue has it, else the closest lower volume level.
pub fn offer_at_level(product_key: &str, level: &str) -> String {
    let candidate = reference::offer_id(product_key, level);
    if reference::offer(&candidate).is_some() {
        return candidate;
    }
    let volume = match goodness(level) {
        g if g >= 11 => format!("T{}", g - 10),
        12..=14 => format!("0{}", goodness(level) - 10),
        g if (6..=9).contains(&g) => "04".into(),
        _ => "01".into(),
    };
    let fallback = reference::offer_id(product_key, &volume);
    if reference::offer(&fallback).is_some() {
        fallback
    } else {
        reference::offer_id(product_key, if level.starts_with('T') { "T1" } else { "01" })
    }
}

/// Recomputes a customer's levels after purchases: levels only rise mid-term, and 3YC
/// commitments fix their own level.
pub fn raise_levels(customer: &mut Customer, subscriptions: &[Subscription]) {
    for offer_type in [OfferType::License, OfferType::Consumables] {
        let total = active_total(subscriptions, offer_type);
        let has_entry = customer.discounts.iter().any(|d| d.offer_type == offer_type);
        if offer_type == OfferType::Consumables && !has_entry && total == 0 {
            continue;
        }
        let level = eligible_level(customer, subscriptions, offer_type, 0);
        let current = customer.level(offer_type);
        if !has_entry || goodness(&level) > goodness(&current) {
            customer.set_level(offer_type, level);
        }
    }
}

/// Whether the customer has an active 3YC commitment (`COMMITTED`, or `ACTIVE` for transferred ones).
pub fn has_commitment(customer: &Customer) -> bool {
    customer
        .three_year_commit
        .as_ref()
        .and_then(|t| t.commitment.as_ref())
        .is_some_and(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_tables() {
        assert_eq!(license_level(9), "01");
        assert_eq!(license_level(10), "02");
        assert_eq!(license_level(50), "03");
        assert_eq!(license_level(100), "04");
        assert_eq!(consumables_tier(2500), "T3");
        assert_eq!(commitment_level(OfferType::License, MarketSegment::Com, 10), "12");
        assert_eq!(commitment_level(OfferType::License, MarketSegment::Edu, 60), "03");
        assert_eq!(commitment_level(OfferType::Consumables, MarketSegment::Com, 1000), "TB");
        assert!(goodness("12") > goodness("04"));
        assert!(goodness("TB") > goodness("T7"));
    }
}
