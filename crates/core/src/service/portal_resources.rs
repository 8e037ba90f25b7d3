//! Portal Resources (SPEC §5.9): the offers a distributor can sell and the countries of its price
//! regions; and API Tools › Test Address (SPEC §5.2.2), the address validator.
//!
//! Pure functions of the catalogue and the distributor: nothing is stored. Bad filter values are
//! `400 P400` naming the parameter, as in the portal's other lists.

use serde_json::Value;

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::Problems;
use crate::model::Distributor;
use crate::reference::{self, CURRENCIES, Country, MarketSegment, OfferType};
use crate::validate;

fn bad(param: &str) -> CoreError {
    CoreError::detail(ErrorCode::PortalBadRequest, param)
}

/// Every level code of the catalogue, in the order offers list them.
pub const LEVELS: [&str; 25] = [
    "01", "02", "03", "04", "06", "07", "08", "09", "12", "13", "14", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "TA",
    "TB", "TC", "TD", "TE", "TF", "TG",
];

/// The filters of View Available Offers; `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferFilter {
    /// A level code (`01`, `T1`, `14`, …).
    pub level: Option<String>,
    /// A market segment.
    pub market_segment: Option<MarketSegment>,
    /// A price region.
    pub price_region: Option<String>,
    /// A currency.
    pub currency: Option<String>,
}

impl OfferFilter {
    /// Checks the raw parameters (absent or empty is "any"): an unknown level, segment, price
    /// region or currency is `P400` naming the parameter.
    pub fn parse(
        level: Option<&str>,
        market_segment: Option<&str>,
        price_region: Option<&str>,
        currency: Option<&str>,
    ) -> CoreResult<Self> {
        let level = level.map(|l| LEVELS.iter().find(|k| **k == l).map(|k| k.to_string()).ok_or_else(|| bad("level")));
        let segment = market_segment.map(|s| MarketSegment::parse(s).ok_or_else(|| bad("marketSegment")));
        let region = price_region
            .map(|r| reference::price_regions().contains(&r).then(|| r.to_string()).ok_or_else(|| bad("priceRegion")));
        let currency = currency.map(|c| CURRENCIES.contains(&c).then(|| c.to_string()).ok_or_else(|| bad("currency")));
        Ok(Self {
            level: level.transpose()?,
            market_segment: segment.transpose()?,
            price_region: region.transpose()?,
            currency: currency.transpose()?,
        })
    }
}

/// One offer the distributor can sell, in one currency.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailableOffer {
    /// The offer id (variant `A`, term `12`).
    pub offer_id: String,
    /// The product name.
    pub name: String,
    /// The market segment.
    pub market_segment: MarketSegment,
    /// Licences or consumables.
    pub offer_type: OfferType,
    /// The level.
    pub level: &'static str,
    /// The contracted price regions the offer is sold in for this currency, sorted.
    pub price_regions: Vec<String>,
    /// The currency.
    pub currency: String,
    /// Partner unit price for 12 months.
    pub partner_price: f64,
}

/// The offers of the distributor's contract and segments that match `filter`, one per offer id
/// and currency, sorted by offer id then currency. An offer is listed in a currency when one of
/// its price regions is contracted in that currency; every level of the product is listed.
pub fn offers(distributor: &Distributor, filter: &OfferFilter) -> Vec<AvailableOffer> {
    let mut currencies: Vec<&str> = distributor.contract.iter().map(|(_, c)| c.as_str()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    currencies.retain(|c| filter.currency.as_deref().is_none_or(|f| f == *c));
    let mut out = Vec::new();
    for product in reference::products() {
        if !distributor.market_segments.contains(&product.segment)
            || filter.market_segment.is_some_and(|s| s != product.segment)
        {
            continue;
        }
        for level in product.levels() {
            if filter.level.as_deref().is_some_and(|l| l != level) {
                continue;
            }
            for currency in &currencies {
                let mut regions: Vec<String> = distributor
                    .contract
                    .iter()
                    .filter(|(r, c)| c == currency && product.sold_in(r, c))
                    .filter(|(r, _)| filter.price_region.as_deref().is_none_or(|f| f == r))
                    .map(|(r, _)| r.clone())
                    .collect();
                regions.sort();
                regions.dedup();
                let price = product.unit_price(level, currency);
                if let (false, Some(price)) = (regions.is_empty(), price) {
                    out.push(AvailableOffer {
                        offer_id: reference::offer_id(&product.key, level),
                        name: product.name.clone(),
                        market_segment: product.segment,
                        offer_type: product.offer_type,
                        level,
                        price_regions: regions,
                        currency: currency.to_string(),
                        partner_price: price,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.offer_id, &a.currency).cmp(&(&b.offer_id, &b.currency)));
    out
}

/// The countries of the price regions the distributor's contract covers, sorted by code; only
/// those of `price_region` when given (an unknown region is `P400`).
pub fn countries(distributor: &Distributor, price_region: Option<&str>) -> CoreResult<Vec<&'static Country>> {
    if let Some(r) = price_region
        && !reference::price_regions().contains(&r)
    {
        return Err(bad("priceRegion"));
    }
    Ok(reference::countries()
        .iter()
        .filter(|c| distributor.covers_region(&c.price_region))
        .filter(|c| price_region.is_none_or(|r| r == c.price_region))
        .collect())
}

/// The outcome of Test Address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressCheck {
    /// The address validates.
    Valid,
    /// It does not: the CPAPI code, its message and the paths at fault.
    Invalid {
        /// `1118` (address fields), or `1121`/`1122` for unknown or missing members.
        code: ErrorCode,
        /// The code's message.
        message: String,
        /// The JSON paths at fault (`companyProfile.address.postalCode`).
        details: Vec<String>,
    },
}

/// The path an address has in a customer body, which the validator's answer names.
pub const ADDRESS_PATH: &str = "companyProfile.address";

/// API Tools › Test Address: `{"priceRegion", "currency", "address"}`. The address gets exactly
/// the CPAPI checks of a customer's address (any price region), plus: its country must belong to
/// `priceRegion` (`…address.country`), and `currency` must be one `priceRegion` prices in
/// (`currency`). A body that is not an object, an unknown member, a missing or unknown
/// `priceRegion` or `currency`, or an `address` that is not an object is `P400`.
pub fn test_address(distributor: &Distributor, body: &Value) -> CoreResult<AddressCheck> {
    let Value::Object(map) = body else { return Err(bad("body")) };
    if let Some(key) = map.keys().find(|k| !["priceRegion", "currency", "address"].contains(&k.as_str())) {
        return Err(bad(key));
    }
    let text = |key: &str| map.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| bad(key));
    let region = text("priceRegion")?;
    if !reference::price_regions().contains(&region) {
        return Err(bad("priceRegion"));
    }
    let currency = text("currency")?;
    if !CURRENCIES.contains(&currency) {
        return Err(bad("currency"));
    }
    let address = map.get("address").filter(|a| a.is_object()).ok_or_else(|| bad("address"))?;
    let mut p = Problems::new();
    let parsed = validate::address(&mut p, address, ADDRESS_PATH, distributor, true);
    let country = parsed.as_ref().and_then(|a| reference::country(&a.country));
    if country.is_some_and(|c| c.price_region != region) {
        p.code(ErrorCode::InvalidAddress, format!("{ADDRESS_PATH}.country"));
    }
    if !reference::region_currencies(region).contains(&currency) {
        p.code(ErrorCode::InvalidAddress, "currency".into());
    }
    match p.finish() {
        Ok(()) => Ok(AddressCheck::Valid),
        Err(CoreError::Adobe { code, details, message }) => {
            Ok(AddressCheck::Invalid { code, message: message.unwrap_or_else(|| code.message().to_string()), details })
        }
        Err(other) => Err(other),
    }
}
