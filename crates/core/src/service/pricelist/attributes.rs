//! The derived attributes of a price-list row (SPEC §2.8.8; the choices are in
//! `docs/decisions.md`).

use chrono::{Months, NaiveDate};

use super::PriceRow;
use super::lifecycle::InEdition;
use crate::reference::{OfferType, Product};

/// `Level 1 1 - 9`: the level and the quantities it covers (SPEC §1.5).
pub fn level_details(level: &str) -> String {
    let band = match level {
        "01" => "1 - 9",
        "02" | "12" => "10 - 49",
        "03" | "13" => "50 - 99",
        "04" | "14" => "100+",
        "06" => "100 - 999",
        "07" => "1000 - 4999",
        "08" => "5000 - 9999",
        "09" => "10000+",
        "T1" | "TA" => "1 - 999",
        "T2" | "TB" => "1000 - 2499",
        "T3" | "TC" => "2500 - 4999",
        "T4" | "TD" => "5000 - 14999",
        "T5" | "TE" => "15000 - 49999",
        "T6" | "TF" => "50000 - 99999",
        _ => "100000+",
    };
    format!("Level {} {band}", level.trim_start_matches('0'))
}

fn language(region: &str) -> &'static str {
    match region {
        "NA" => "Multi NorthAmerican Language",
        "WE" => "Multi European Languages",
        "EE" => "Multi Eastern European Languages",
        "LA" => "Multi Latin American Languages",
        "MX" => "Spanish",
        "JP" => "Japanese",
        "AP" => "Multi Asian Languages",
        "PA" => "English",
        _ => "Multiple Languages",
    }
}

fn additional_detail(product: &Product) -> String {
    let edition = if product.team { "Team" } else { "Enterprise" };
    let base = format!("{} | {edition} | {}", product.segment, product.unit);
    if product.name.contains("K-12") {
        format!("K-12 | {base}")
    } else if product.name.contains("HED") {
        format!("HED | {base}")
    } else {
        base
    }
}

#[expect(clippy::too_many_arguments, reason = "one row is the product, the offer and its window, priced")]
pub(super) fn row(
    product: &Product,
    offer_id: &str,
    level: &'static str,
    region: &str,
    currency: &str,
    life: &InEdition,
    from: NaiveDate,
    to: NaiveDate,
    price: f64,
) -> PriceRow {
    let licence = product.offer_type == OfferType::License;
    let unit = if matches!(product.unit.as_str(), "Named License" | "Subscription") { "User" } else { &product.unit };
    PriceRow {
        offer_id: offer_id.to_string(),
        discount_code: level,
        product_family: product.name.clone(),
        product_type: if licence { "Subscription New" } else { "Consumable New" },
        product_type_detail: "Annual",
        additional_detail: additional_detail(product),
        operating_system: "Multiple Platforms",
        language: language(region),
        version: "ALL",
        users: format!("1 {unit}"),
        metric: if product.unit == "Named License" { "Named User".into() } else { product.unit.clone() },
        bridge: "No",
        level_details: level_details(level),
        first_order_date: from,
        last_order_date: to,
        partner_price: price,
        estimated_street_price: super::round(price * 1.0638, currency),
        acd_indicator: life.event.map(|e| e.0),
        acd_effective_date: life.event.map(|e| e.1),
        acd_description: life.event.map(|e| e.2),
        estimated_ship_date: life.launch,
        public_announce_date: life.launch.checked_sub_months(Months::new(1)).unwrap_or(life.launch),
        rma_request_deadline: "14 Days",
        pool: if licence { "Application" } else { "Consumables" },
        duration: "12 Months",
    }
}
