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
        let level = level.map(|l| {
            LEVELS.iter().find(|k| **k == l).map(|k| k.to_string()).ok_or_else(|| CoreError::portal_bad("level"))
        });
        let segment =
            market_segment.map(|s| MarketSegment::parse(s).ok_or_else(|| CoreError::portal_bad("marketSegment")));
        let region = price_region.map(|r| {
            reference::price_regions()
                .contains(&r)
                .then(|| r.to_string())
                .ok_or_else(|| CoreError::portal_bad("priceRegion"))
        });
        let currency = currency
            .map(|c| CURRENCIES.contains(&c).then(|| c.to_string()).ok_or_else(|| CoreError::portal_bad("currency")));
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
        return Err(CoreError::portal_bad("priceRegion"));
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
    let Value::Object(map) = body else { return Err(CoreError::portal_bad("body")) };
    if let Some(key) = map.keys().find(|k| !["priceRegion", "currency", "address"].contains(&k.as_str())) {
        return Err(CoreError::portal_bad(key));
    }
    let text = |key: &str| {
        map.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).ok_or_else(|| CoreError::portal_bad(key))
    };
    let region = text("priceRegion")?;
    if !reference::price_regions().contains(&region) {
        return Err(CoreError::portal_bad("priceRegion"));
    }
    let currency = text("currency")?;
    if !CURRENCIES.contains(&currency) {
        return Err(CoreError::portal_bad("currency"));
    }
    let address = map.get("address").filter(|a| a.is_object()).ok_or_else(|| CoreError::portal_bad("address"))?;
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

/// What Test Address's selects offer, each list following the choice before it (SPEC §5.2.2):
/// currencies and countries depend on the price region, regions on the country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressChoices {
    /// The price regions the distributor's contract covers.
    pub price_regions: Vec<&'static str>,
    /// The currencies of the chosen price region (all of them before one is chosen).
    pub currencies: Vec<&'static str>,
    /// The covered countries of the chosen price region (all covered ones before), as (code, name).
    pub countries: Vec<(&'static str, &'static str)>,
    /// The region codes of the chosen country (none before one is chosen).
    pub regions: Vec<&'static str>,
}

/// The choices of Test Address given what is chosen so far. A choice the one before it rules
/// out (a country of another price region) gives the lists as if it were not made, so the form
/// never offers a combination the validator must refuse.
pub fn address_choices(distributor: &Distributor, price_region: &str, country: &str) -> AddressChoices {
    let price_regions: Vec<&'static str> =
        reference::price_regions().into_iter().filter(|r| distributor.covers_region(r)).collect();
    let region = price_regions.iter().copied().find(|r| *r == price_region);
    let currencies = match region {
        Some(r) => reference::region_currencies(r).to_vec(),
        None => CURRENCIES.to_vec(),
    };
    let covered: Vec<&'static Country> = reference::countries()
        .iter()
        .filter(|c| price_regions.contains(&c.price_region.as_str()))
        .filter(|c| region.is_none_or(|r| r == c.price_region))
        .collect();
    let regions = covered
        .iter()
        .find(|c| c.code == country)
        .map(|c| c.regions.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let countries = covered.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect();
    AddressChoices { price_regions, currencies, countries, regions }
}

#[cfg(test)]
mod choice_tests {
    use super::*;
    use crate::model::Distributor;

    #[test]
    fn each_list_follows_the_choice_before_it() {
        let d = Distributor::standard("1");
        let all = address_choices(&d, "", "");
        assert!(all.countries.len() > 50 && all.regions.is_empty(), "{all:?}");
        let we = address_choices(&d, "WE", "GB");
        assert_eq!(we.currencies, ["EUR", "GBP", "USD"]);
        assert!(we.countries.iter().all(|(c, _)| reference::country(c).is_some_and(|c| c.price_region == "WE")));
        assert!(we.countries.iter().any(|(c, _)| *c == "GB") && we.regions.contains(&"00"), "{we:?}");
        let mismatched = address_choices(&d, "NA", "GB");
        assert!(mismatched.regions.is_empty(), "GB is not an NA country: {mismatched:?}");
        assert!(
            mismatched.countries.iter().any(|(c, _)| *c == "US")
                && !mismatched.countries.iter().any(|(c, _)| *c == "GB")
        );
    }
}
