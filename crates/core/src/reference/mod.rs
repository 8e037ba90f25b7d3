//! Embedded reference data: the offer catalogue, the supported countries and the locales.
//!
//! The data lives in `crates/core/data/` and is compiled into the binary with `include_str!`. It is
//! derived by `tools/gen_reference.py` from softwareone-platform/swo-adobe-vipm-extension
//! (`adobe_vipm/adobe_config.json` at 00cabd7, Apache-2.0; see `NOTICE`), plus the few sample offer
//! ids SPEC Appendix C requires. Everything is parsed once, on first use.
//!
//! * Offers: [`offer`] parses and validates an offer id (part number) such as `65304479CA01A12`
//!   against the catalogue; [`product`] and [`products`] give the products (one per 10-character
//!   product key) with their segment, type, price regions and deterministic partner prices.
//! * Countries: [`country`] and [`countries`] give price region, currencies, region (state) codes
//!   and postal-code check.
//! * Locales: [`is_locale`] and [`locales`].

mod country;
pub mod flex;
mod product;
mod switch_paths;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::LazyLock;

pub use country::Country;
pub(crate) use product::fnv1a;
pub use product::{Offer, Product, region_currencies};
pub use switch_paths::{SwitchPath, SwitchTarget, SwitchType, switch_path, switch_paths};

/// The price regions every deployment of the emulator knows (SPEC §1.3).
pub const STANDARD_PRICE_REGIONS: [&str; 8] = ["NA", "WE", "EE", "LA", "MX", "AP", "JP", "PA"];

/// The currencies the emulator knows, sorted.
pub const CURRENCIES: [&str; 5] = ["AUD", "EUR", "GBP", "JPY", "USD"];

/// Market segment of a customer, reseller or offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum MarketSegment {
    /// Commercial.
    #[serde(rename = "COM")]
    Com,
    /// Education (including the `NON_PROFIT` sub-segment).
    #[serde(rename = "EDU")]
    Edu,
    /// Government.
    #[serde(rename = "GOV")]
    Gov,
}

impl MarketSegment {
    /// All segments, in declaration order.
    pub const ALL: [MarketSegment; 3] = [MarketSegment::Com, MarketSegment::Edu, MarketSegment::Gov];

    /// The API spelling: `COM`, `EDU` or `GOV`.
    pub fn as_str(self) -> &'static str {
        match self {
            MarketSegment::Com => "COM",
            MarketSegment::Edu => "EDU",
            MarketSegment::Gov => "GOV",
        }
    }

    /// Parses the API spelling (`COM`, `EDU`, `GOV`; case-sensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "COM" => Some(MarketSegment::Com),
            "EDU" => Some(MarketSegment::Edu),
            "GOV" => Some(MarketSegment::Gov),
            _ => None,
        }
    }

    /// The catalog code in positions 8–9 of a real offer id: `CA`, `CB` or `CC`.
    pub fn catalog_code(self) -> &'static str {
        match self {
            MarketSegment::Com => "CA",
            MarketSegment::Edu => "CB",
            MarketSegment::Gov => "CC",
        }
    }

    /// The segment of a catalog code (`CA`, `CB`, `CC`), if it is one.
    pub fn from_catalog_code(code: &str) -> Option<Self> {
        MarketSegment::ALL.into_iter().find(|s| s.catalog_code() == code)
    }
}

impl fmt::Display for MarketSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Type of an offer: seat licences or consumable units (transactions, credits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum OfferType {
    /// Per-seat licences; levels `01`–`04`, `12`–`14`, `06`–`09`.
    #[serde(rename = "LICENSE")]
    License,
    /// Consumable units; levels `T1`–`T7`, `TA`–`TG`.
    #[serde(rename = "CONSUMABLES")]
    Consumables,
}

impl OfferType {
    /// The API spelling: `LICENSE` or `CONSUMABLES`.
    pub fn as_str(self) -> &'static str {
        match self {
            OfferType::License => "LICENSE",
            OfferType::Consumables => "CONSUMABLES",
        }
    }

    /// Parses the API spelling (`LICENSE`, `CONSUMABLES`; case-sensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "LICENSE" => Some(OfferType::License),
            "CONSUMABLES" => Some(OfferType::Consumables),
            _ => None,
        }
    }

    /// The base (undiscounted) level: `01` for licences, `T1` for consumables.
    pub fn base_level(self) -> &'static str {
        match self {
            OfferType::License => "01",
            OfferType::Consumables => "T1",
        }
    }
}

impl fmt::Display for OfferType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const PRODUCTS_TSV: &str = include_str!("../../data/products.tsv");
const COUNTRIES_TSV: &str = include_str!("../../data/countries.tsv");
const LOCALES_TXT: &str = include_str!("../../data/locales.txt");

static PRODUCTS: LazyLock<Vec<Product>> =
    LazyLock::new(|| product::parse_products(PRODUCTS_TSV).expect("embedded data/products.tsv must parse"));

static PRODUCT_INDEX: LazyLock<HashMap<&'static str, usize>> =
    LazyLock::new(|| PRODUCTS.iter().enumerate().map(|(i, p)| (p.key.as_str(), i)).collect());

static COUNTRIES: LazyLock<Vec<Country>> =
    LazyLock::new(|| country::parse_countries(COUNTRIES_TSV).expect("embedded data/countries.tsv must parse"));

static COUNTRY_INDEX: LazyLock<HashMap<&'static str, usize>> =
    LazyLock::new(|| COUNTRIES.iter().enumerate().map(|(i, c)| (c.code.as_str(), i)).collect());

static LOCALES: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(LOCALES_TXT).collect());

static PRICE_REGIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut all: BTreeSet<&'static str> = STANDARD_PRICE_REGIONS.into_iter().collect();
    all.extend(COUNTRIES.iter().map(|c| c.price_region.as_str()));
    all.extend(PRODUCTS.iter().flat_map(|p| p.price_regions.iter().map(String::as_str)));
    all.into_iter().collect()
});

/// The non-comment, non-empty lines of an embedded data file.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Parses an offer id against the catalogue.
///
/// Valid iff: exactly 15 ASCII characters, a known product key (first 10), term `12`, variant `A`
/// (or `X`/`Y`/`Z`, High Growth MOQ variants, only with level `14` on COM/GOV LICENSE products),
/// and a level valid for the product (see [`Product::is_valid_level`]). Anything else, including
/// lowercase, malformed or multibyte input, gives `None`; it never panics.
pub fn offer(offer_id: &str) -> Option<Offer<'static>> {
    if offer_id.len() != 15 || !offer_id.is_ascii() {
        return None;
    }
    let product = product(&offer_id[..10])?;
    let level = &offer_id[10..12];
    let variant = char::from(offer_id.as_bytes()[12]);
    if &offer_id[13..] != "12" || !product.is_valid_level(level) {
        return None;
    }
    let variant_ok = match variant {
        'A' => true,
        'X' | 'Y' | 'Z' => {
            level == "14"
                && product.offer_type == OfferType::License
                && matches!(product.segment, MarketSegment::Com | MarketSegment::Gov)
        }
        _ => false,
    };
    variant_ok.then(|| Offer { product, level: level.to_owned(), variant })
}

/// The product with this 10-character product key (case-sensitive), if any.
pub fn product(key: &str) -> Option<&'static Product> {
    PRODUCT_INDEX.get(key).map(|&i| &PRODUCTS[i])
}

/// All products, sorted by key: the catalogue plus the extra sample products.
pub fn products() -> &'static [Product] {
    &PRODUCTS
}

/// Builds an offer id for product `key` at `level` with variant `A` and term `12` (no validation).
pub fn offer_id(key: &str, level: &str) -> String {
    format!("{key}{level}A12")
}

/// The country with this ISO 3166-1 alpha-2 code (case-sensitive), if supported.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRY_INDEX.get(code).map(|&i| &COUNTRIES[i])
}

/// All countries of the reference data, sorted by code.
pub fn countries() -> &'static [Country] {
    &COUNTRIES
}

/// True if `s` is one of the 43 supported locale codes (exact, case-sensitive match).
pub fn is_locale(s: &str) -> bool {
    LOCALES.contains(&s)
}

/// The 43 supported locale codes, sorted.
pub fn locales() -> &'static [&'static str] {
    &LOCALES
}

/// The 8 standard price regions plus any others present in the data (e.g. `EA`), sorted.
pub fn price_regions() -> Vec<&'static str> {
    PRICE_REGIONS.clone()
}
