//! Tests of the embedded reference data.

use super::*;

const CATALOGUE_PRODUCTS: usize = 1_787;

#[test]
fn reference_product_counts() {
    let extras = products().iter().filter(|p| p.extra).count();
    assert_eq!(products().len() - extras, CATALOGUE_PRODUCTS);
    assert_eq!(extras, 6);
    let keys: BTreeSet<&str> = products().iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys.len(), products().len(), "product keys are unique");
    assert!(products().windows(2).all(|w| w[0].key < w[1].key), "sorted by key");
}

#[test]
fn reference_appendix_c_offers_exist() {
    for id in [
        "65304479CA01A12",
        "65304479CA04A12",
        "65304479CA13A12",
        "65304479CA14Y12",
        "65304479CA14Z12",
        "65322651CA03A12",
        "65324918CA14X12",
        "30006208CA01A12",
        "11073058CA01A12",
        "69804578CA01A12",
        "11083117CA01A12",
        "80004567EA01A12",
        "80004567CA01A12",
        "80004561CA02A12",
        "65322435CAT1A12",
        "30001475CC01A12",
    ] {
        let offer = offer(id).unwrap_or_else(|| panic!("{id} must be a valid offer"));
        assert_eq!(offer.id(), id);
    }
    let ea = product("80004567EA").expect("sample EA product");
    assert_eq!(ea.name, "Sample Product EA");
    assert_eq!((ea.segment, ea.offer_type, ea.team), (MarketSegment::Com, OfferType::License, true));
    assert_eq!(ea.price_regions, ["NA"]);
    let sign = product("65322435CA").expect("catalogue product");
    assert_eq!(sign.offer_type, OfferType::Consumables);
    assert!(!sign.extra);
}

#[test]
fn reference_audition_for_teams() {
    let offer = offer("65304479CA01A12").expect("valid offer");
    let p = offer.product;
    assert_eq!(p.name, "Audition for Teams");
    assert_eq!((p.segment, p.offer_type, p.team), (MarketSegment::Com, OfferType::License, true));
    assert_eq!((offer.level.as_str(), offer.variant), ("01", 'A'));
    assert_eq!(p.base_offer_id(), "65304479CA01A12");
    assert_eq!(p.max_quantity(), 10_000);
    assert_eq!(p.price_regions, ["NA"]);
    assert_eq!(p.currencies(), ["USD"]);
}

#[test]
fn reference_offer_validation() {
    for valid in ["65304479CA02A12", "65304479CA03A12", "65304479CA12A12", "65304479CA14X12"] {
        assert!(offer(valid).is_some(), "{valid}");
    }
    for invalid in [
        "65304479CA05A12",
        "30006208CA012A12",
        "ZZZZZZZZCA01A12",
        "é",
        "",
        "65304479ca01A12",
        "65304479CA01a12",
        "65304479CA01A13",
        "65304479CA01B12",
        "65304479CA02X12",
        "65304479CA06A12",
        "65304479CAT1A12",
        "65304479CA01A1é",
        "65304479CA01Ä12",
        "65322435CA01A12",
        "65322435CAT8A12",
        "65304470CA01012",
    ] {
        assert!(offer(invalid).is_none(), "{invalid:?}");
    }
    // Never panics, whatever the input: every prefix and suffix of a multibyte string.
    let nasty = "65304479CA01A12日本語é\u{0}";
    for (i, _) in nasty.char_indices() {
        assert!(offer(&nasty[i..]).is_none());
        let _ = offer(&nasty[..i]);
    }
}

#[test]
fn reference_levels_by_segment_and_type() {
    let gov = products()
        .iter()
        .find(|p| p.segment == MarketSegment::Gov && p.offer_type == OfferType::License)
        .expect("a GOV licence");
    for level in ["01", "04", "12", "14", "06", "09"] {
        assert!(gov.is_valid_level(level), "GOV {level}");
    }
    let edu = products()
        .iter()
        .find(|p| p.segment == MarketSegment::Edu && p.offer_type == OfferType::License)
        .expect("an EDU licence");
    assert!(edu.is_valid_level("04"));
    assert!(!edu.is_valid_level("12") && !edu.is_valid_level("06"));
    let key = &edu.key;
    assert!(offer(&format!("{key}14X12")).is_none());
    assert!(offer(&format!("{key}12A12")).is_none());

    let ta = products().iter().find(|p| p.catalog_level == "TA").expect("a product listed at TA");
    assert_eq!(ta.offer_type, OfferType::Consumables);
    assert_eq!(ta.base_offer_id(), format!("{}T1A12", ta.key));
    for level in ["T1", "T7", "TA", "TB", "TG"] {
        assert!(offer(&format!("{}{level}A12", ta.key)).is_some(), "{level}");
    }
    assert!(offer(&format!("{}TH{}", ta.key, "A12")).is_none());
    assert!(offer(&format!("{}TB{}", ta.key, "X12")).is_none());
    assert_eq!(offer_id("65304479CA", "03"), "65304479CA03A12");
}

#[test]
fn reference_unit_prices_are_deterministic() {
    let p = product("65304479CA").expect("audition");
    let usd = p.unit_price("01", "USD").expect("sold in USD");
    assert_eq!(p.unit_price("01", "USD"), Some(usd));
    assert!((50.0..=1500.0).contains(&usd));
    assert_eq!(usd, (usd * 100.0).round() / 100.0);
    let lower = p.unit_price("04", "USD").expect("level 04");
    assert!(lower < usd);
    assert_eq!(p.unit_price("01", "EUR"), None, "NA product is USD only");
    assert_eq!(p.unit_price("T1", "USD"), None, "no consumable level on a licence");
    assert_eq!(p.unit_price("01", "XXX"), None);

    for p in products() {
        let (lo, hi) = match p.offer_type {
            OfferType::License => (50.0 * 0.80 * 0.79, 1500.0 * 150.0),
            OfferType::Consumables => (0.01, 5.0 * 150.0),
        };
        for currency in p.currencies() {
            for level in p.levels() {
                let price = p.unit_price(level, currency).expect("priced");
                assert!(price >= lo && price <= hi, "{} {level} {currency}: {price}", p.key);
                if currency == "JPY" {
                    assert_eq!(price.fract(), 0.0);
                }
            }
        }
    }
    let jp = products().iter().find(|p| p.price_regions == ["JP"]).expect("a Japanese product");
    assert_eq!(jp.currencies(), ["JPY"]);
    let jpy = jp.unit_price("01", "JPY").expect("JPY price");
    assert_eq!(jpy.fract(), 0.0);
}

#[test]
fn reference_gb_customer_can_buy_na_offer_in_usd() {
    let gb = country("GB").expect("GB");
    assert_eq!(gb.price_region, "WE");
    let offer = offer("65304479CA01A12").expect("offer");
    assert!(offer.product.currencies().contains(&"USD"));
    assert!(offer.product.unit_price(&offer.level, "USD").is_some());
}

#[test]
fn reference_product_regions_and_currencies() {
    let we = products().iter().find(|p| p.price_regions.iter().any(|r| r == "WE")).expect("a European product");
    assert_eq!(we.currencies(), ["EUR", "GBP", "USD"]);
    for p in products() {
        assert!(!p.currencies().is_empty(), "{} has a currency", p.key);
        for r in &p.price_regions {
            assert!(price_regions().contains(&r.as_str()));
        }
    }
}

#[test]
fn reference_countries() {
    assert_eq!(countries().len(), 236);
    let gb = country("GB").expect("GB");
    assert!(gb.postal_code_ok("SW1A 1AA"));
    assert!(gb.has_region("00"));
    assert_eq!(gb.currencies, ["EUR", "GBP"]);
    let us = country("US").expect("US");
    assert!(us.postal_code_ok("95110"));
    assert!(us.postal_code_ok("95110-1234"));
    assert!(!us.postal_code_ok("ABC"));
    assert!(!us.postal_code_ok("9511"));
    assert!(!us.postal_code_ok("95110-12345"));
    assert!(us.has_region("CA"));
    assert!(!us.has_region("ca"));
    // Germany's pattern starts with a negative look-ahead the `regex` crate lacks.
    let de = country("DE").expect("DE");
    assert!(de.postal_code_ok("10115"));
    assert!(!de.postal_code_ok("01000") && !de.postal_code_ok("99999"));
    // Australia's `^a|b|c$` must still be checked as a whole.
    let au = country("AU").expect("AU");
    assert!(au.postal_code_ok("2000"));
    assert!(!au.postal_code_ok("x3000y"));
    // No regex: anything goes.
    let ae = country("AE").expect("AE");
    assert!(ae.postal_regex.is_none() && ae.postal_code_ok("whatever"));
    assert!(country("gb").is_none() && country("XX").is_none());

    let fallbacks: Vec<&str> =
        countries().iter().filter(|c| c.postal_regex_fell_back()).map(|c| c.code.as_str()).collect();
    println!("postal regexes that fell back to no check: {fallbacks:?}");
    assert!(fallbacks.is_empty(), "{fallbacks:?}");
    let embargoed: Vec<&str> =
        countries().iter().filter(|c| c.currencies.is_empty()).map(|c| c.code.as_str()).collect();
    assert_eq!(embargoed, ["IR", "SD", "SY"]);
}

#[test]
fn reference_locales_and_regions() {
    assert_eq!(locales().len(), 43);
    assert!(is_locale("en-US") && is_locale("zh-HANT"));
    assert!(!is_locale("en-us") && !is_locale("xx-XX") && !is_locale(""));
    let regions = price_regions();
    for r in STANDARD_PRICE_REGIONS {
        assert!(regions.contains(&r), "{r}");
    }
    assert!(regions.contains(&"EA"));
    assert!(regions.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn reference_enums_round_trip() {
    for s in MarketSegment::ALL {
        assert_eq!(MarketSegment::parse(s.as_str()), Some(s));
        assert_eq!(MarketSegment::from_catalog_code(s.catalog_code()), Some(s));
    }
    assert_eq!(MarketSegment::parse("com"), None);
    assert_eq!(OfferType::parse("CONSUMABLES"), Some(OfferType::Consumables));
    assert_eq!(OfferType::parse("LICENSE").map(OfferType::as_str), Some("LICENSE"));
    let json = serde_json::to_string(&MarketSegment::Gov).expect("serialises");
    assert_eq!(json, "\"GOV\"");
}

/// Re-runs the derivation check against the source JSON when it is present.
#[test]
fn reference_matches_source_json() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/adobe-vipm-catalog.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&text).expect("source JSON parses");
    let skus = json["skus_mapping"].as_array().expect("skus_mapping");
    assert_eq!(skus.len(), CATALOGUE_PRODUCTS);
    for sku in skus {
        let sku = sku["sku"].as_str().expect("sku");
        let p = product(&sku[..10]).unwrap_or_else(|| panic!("{sku} has no product"));
        assert!(!p.extra);
        assert_eq!(offer_id(&p.key, &p.catalog_level), sku);
    }
    let codes = json["countries"].as_array().expect("countries");
    assert_eq!(codes.len(), countries().len());
    for c in codes {
        let code = c["code"].as_str().expect("code");
        assert!(country(code).is_some(), "country {code}");
    }
    let langs = json["language_codes"].as_array().expect("language_codes");
    assert!(langs.iter().all(|l| l.as_str().is_some_and(is_locale)));
}
