//! Products of the offer catalogue, offers (a product at a level) and deterministic pricing.

use super::{CURRENCIES, MarketSegment, OfferType, data_lines};

/// A product: every offer id sharing its 10-character key is the same product at another level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Product key: 8-digit product code plus 2-letter catalog code, e.g. `65304479CA`.
    pub key: String,
    /// Product name, e.g. `Audition for Teams`.
    pub name: String,
    /// Market segment the product is sold to.
    pub segment: MarketSegment,
    /// Licences or consumables.
    pub offer_type: OfferType,
    /// True for Teams / Business products, false for Enterprise ones.
    pub team: bool,
    /// Unit of sale as the catalogue names it (`User`, `Named License`, `Transaction`, …).
    pub unit: String,
    /// Price regions the product is sold in; empty means all regions.
    pub price_regions: Vec<String>,
    /// The level of the SKU listed in the catalogue (`01`, `T1` or `TA`).
    pub catalog_level: String,
    /// True for the sample products added for SPEC Appendix C (absent from the catalogue).
    pub extra: bool,
}

/// Licence levels valid for every segment.
const LICENSE_VOLUME: [&str; 4] = ["01", "02", "03", "04"];
/// Licence 3YC levels, COM and GOV only.
const LICENSE_3YC: [&str; 3] = ["12", "13", "14"];
/// Licence LGA levels, GOV only.
const LICENSE_LGA: [&str; 4] = ["06", "07", "08", "09"];
/// Consumable levels: volume `T1`–`T7`, then 3YC `TA`–`TG`.
const CONSUMABLE_LEVELS: [&str; 14] =
    ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "TA", "TB", "TC", "TD", "TE", "TF", "TG"];

/// Level discount factors applied to the base price. The 3YC consumable levels `TA`–`TG` share
/// the factors of `T1`–`T7` (`TB` covers the quantities of `T2`, and so on).
const LEVEL_FACTORS: [(&str, f64); 25] = [
    ("01", 1.00),
    ("02", 0.95),
    ("03", 0.90),
    ("04", 0.85),
    ("12", 0.90),
    ("13", 0.85),
    ("14", 0.80),
    ("06", 0.88),
    ("07", 0.85),
    ("08", 0.82),
    ("09", 0.80),
    ("T1", 1.00),
    ("T2", 0.97),
    ("T3", 0.94),
    ("T4", 0.91),
    ("T5", 0.88),
    ("T6", 0.85),
    ("T7", 0.82),
    ("TA", 1.00),
    ("TB", 0.97),
    ("TC", 0.94),
    ("TD", 0.91),
    ("TE", 0.88),
    ("TF", 0.85),
    ("TG", 0.82),
];

/// Level discount factor of `level`, if it is a known level.
fn level_factor(level: &str) -> Option<f64> {
    LEVEL_FACTORS.iter().find(|(l, _)| *l == level).map(|&(_, f)| f)
}

/// Exchange factor from USD.
pub(crate) fn currency_factor(currency: &str) -> Option<f64> {
    match currency {
        "USD" => Some(1.0),
        "EUR" => Some(0.92),
        "GBP" => Some(0.79),
        "AUD" => Some(1.52),
        "JPY" => Some(150.0),
        _ => None,
    }
}

/// Currencies a product of this price region is sold in.
pub fn region_currencies(region: &str) -> &'static [&'static str] {
    match region {
        "NA" | "LA" | "MX" | "EA" => &["USD"],
        "WE" => &["EUR", "GBP", "USD"],
        "EE" => &["EUR", "USD"],
        "JP" => &["JPY"],
        "AP" => &["AUD", "USD"],
        "PA" => &["AUD"],
        _ => &[],
    }
}

/// 64-bit FNV-1a hash: stable across runs, platforms and Rust versions.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

impl Product {
    /// The base offer id: key + `01` (licences) or `T1` (consumables) + `A12`.
    pub fn base_offer_id(&self) -> String {
        super::offer_id(&self.key, self.offer_type.base_level())
    }

    /// Max quantity per line: 10,000 for team products, 599,000 for enterprise ones.
    pub fn max_quantity(&self) -> u32 {
        if self.team { 10_000 } else { 599_000 }
    }

    /// The levels that exist for this product, in ascending order of discount.
    ///
    /// LICENSE: `01`–`04`, plus `12`–`14` on COM and GOV, plus `06`–`09` on GOV.
    /// CONSUMABLES: `T1`–`T7` and `TA`–`TG`.
    pub fn levels(&self) -> Vec<&'static str> {
        match self.offer_type {
            OfferType::Consumables => CONSUMABLE_LEVELS.to_vec(),
            OfferType::License => {
                let mut levels = LICENSE_VOLUME.to_vec();
                if self.segment != MarketSegment::Edu {
                    levels.extend(LICENSE_3YC);
                }
                if self.segment == MarketSegment::Gov {
                    levels.extend(LICENSE_LGA);
                }
                levels
            }
        }
    }

    /// True if `level` exists for this product (see [`Product::levels`]).
    pub fn is_valid_level(&self, level: &str) -> bool {
        self.levels().contains(&level)
    }

    /// Currencies this product is sold in, sorted, derived from its price regions
    /// (all five when it is sold everywhere).
    pub fn currencies(&self) -> Vec<&'static str> {
        if self.price_regions.is_empty() {
            return CURRENCIES.to_vec();
        }
        let mut all: Vec<&'static str> =
            self.price_regions.iter().flat_map(|r| region_currencies(r).iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Whether the product is sold in price region `region` for `currency` (the region must be one
    /// of its price regions, or it is sold everywhere, and the region must price in `currency`).
    pub fn sold_in(&self, region: &str, currency: &str) -> bool {
        (self.price_regions.is_empty() || self.price_regions.iter().any(|r| r == region))
            && region_currencies(region).contains(&currency)
    }

    /// Full-term (12-month) partner unit price at `level` in `currency`.
    ///
    /// Deterministic: a base USD price from the FNV-1a hash of the key (50.00–1500.00 per seat for
    /// licences, 0.01–5.00 per unit for consumables), times the level factor, times the currency
    /// factor, rounded to 2 decimals (JPY: 0). `None` if the product is not sold in `currency` or
    /// `level` does not exist for it.
    pub fn unit_price(&self, level: &str, currency: &str) -> Option<f64> {
        if !self.is_valid_level(level) || !self.currencies().contains(&currency) {
            return None;
        }
        let hash = fnv1a(self.key.as_bytes());
        let base_cents = match self.offer_type {
            OfferType::License => 5_000 + hash % 145_001,
            OfferType::Consumables => 1 + hash % 500,
        };
        // `base_cents` is at most 150_000, so the conversion to f64 is exact.
        let price = base_cents as f64 / 100.0 * level_factor(level)? * currency_factor(currency)?;
        Some(if currency == "JPY" { price.round() } else { (price * 100.0).round() / 100.0 })
    }
}

/// A parsed offer id: a known product at a level that exists for its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer<'a> {
    /// The product the offer id belongs to.
    pub product: &'a Product,
    /// The two-character level (`01`, `14`, `T1`, `TB`, …).
    pub level: String,
    /// The variant: `A`, or `X`/`Y`/`Z` for High Growth MOQ offers.
    pub variant: char,
}

impl Offer<'_> {
    /// The offer id: key + level + variant + `12`.
    pub fn id(&self) -> String {
        format!("{}{}{}12", self.product.key, self.level, self.variant)
    }
}

/// Parses `products.tsv`: key, base level, segment, offer type, team flag, unit, price regions,
/// name, origin.
pub(super) fn parse_products(text: &str) -> Result<Vec<Product>, String> {
    data_lines(text)
        .enumerate()
        .map(|(n, line)| parse_product(line).map_err(|e| format!("product line {}: {e}", n + 1)))
        .collect()
}

fn parse_product(line: &str) -> Result<Product, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [key, level, segment, offer_type, team, unit, regions, name, origin] = fields[..] else {
        return Err(format!("expected 9 columns, got {}", fields.len()));
    };
    if key.len() != 10 || !key.is_ascii() {
        return Err(format!("bad product key {key:?}"));
    }
    let offer_type = OfferType::parse(offer_type).ok_or("bad offer type")?;
    if level.len() != 2 {
        return Err(format!("bad base level {level:?}"));
    }
    Ok(Product {
        key: key.to_owned(),
        name: name.to_owned(),
        segment: MarketSegment::parse(segment).ok_or("bad segment")?,
        offer_type,
        team: match team {
            "team" => true,
            "enterprise" => false,
            _ => return Err(format!("bad team flag {team:?}")),
        },
        unit: unit.to_owned(),
        price_regions: match regions {
            "ALL" | "" => Vec::new(),
            list => list.split(',').map(str::to_owned).collect(),
        },
        catalog_level: level.to_owned(),
        extra: match origin {
            "extra" => true,
            "catalog" => false,
            _ => return Err(format!("bad origin {origin:?}")),
        },
    })
}
