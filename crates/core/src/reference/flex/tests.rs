use super::*;
use crate::reference::products;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

#[test]
fn ids_are_stable_unique_and_resolve() {
    let a = discount_id("SAVE10", MarketSegment::Com, 2026);
    assert_eq!(a, discount_id("SAVE10", MarketSegment::Com, 2026));
    assert_ne!(a, discount_id("SAVE10", MarketSegment::Edu, 2026));
    assert_ne!(a, discount_id("SAVE10", MarketSegment::Com, 2027));
    assert_eq!(a.len(), 36);
    let found = by_id(&a).expect("resolves");
    assert_eq!((found.template.code, found.segment, found.year), ("SAVE10", MarketSegment::Com, 2026));
    assert!(by_id("55555555-313b-476c-9d0b-6a610d5b91e0").is_none());
}

#[test]
fn a_seasonal_reusable_discount_moves_through_its_statuses() {
    let t = template("BLACK_FRIDAY").expect("seeded");
    let d = FlexDiscount::new(t, MarketSegment::Com, 2025).expect("instance");
    assert_eq!(d.end, at("2025-12-31T23:59:59Z"));
    assert_eq!(d.lock_end, Some(at("2028-03-31T23:59:59Z")));
    assert_eq!(d.status(at("2025-10-01T00:00:00Z")), FlexStatus::Active);
    assert!(!d.is_live(at("2025-10-01T00:00:00Z")));
    assert!(d.is_live(at("2025-11-15T00:00:00Z")));
    assert_eq!(d.status(at("2026-02-01T00:00:00Z")), FlexStatus::Reusable);
    assert_eq!(d.status(at("2028-04-01T00:00:00Z")), FlexStatus::Expired);
}

#[test]
fn every_segment_and_country_has_a_usable_discount_for_a_common_product() {
    let now = at("2026-12-03T10:00:00Z");
    for segment in MarketSegment::ALL {
        let product = products().iter().find(|p| p.segment == segment && !p.extra).expect("product");
        // Iran, Sudan and Syria have no currency: nothing can be ordered there.
        for country in super::super::countries().iter().filter(|c| !c.currencies.is_empty()) {
            let usable = TEMPLATES.iter().filter_map(|t| current(t, segment, now)).any(|d| {
                d.is_live(now)
                    && d.sold_in(&country.code)
                    && d.qualifies(product)
                    && !d.always_fails()
                    && country.currencies.iter().any(|c| d.value_for(&country.code, c).is_some())
            });
            assert!(usable, "{segment} {}", country.code);
        }
    }
}

#[test]
fn fixed_values_cover_every_currency_and_product_scopes_hold() {
    let t = template("ACROBAT20").expect("seeded");
    let d = FlexDiscount::new(t, MarketSegment::Com, 2026).expect("instance");
    assert_eq!(d.value_for("US", "USD"), Some(20.0));
    assert_eq!(d.value_for("JP", "JPY"), Some(3000.0));
    let ids = d.base_offer_ids();
    assert!(!ids.is_empty());
    for id in ids {
        let p = super::super::offer(&id).expect("offer").product;
        assert!(p.name.starts_with("Acrobat"), "{}", p.name);
    }
    let na = FlexDiscount::new(template("NA30").expect("seeded"), MarketSegment::Com, 2026).expect("instance");
    assert!(na.sold_in("US") && !na.sold_in("FR"));
    assert_eq!(na.value_for("CA", "USD"), Some(30.0));
}
