use chrono::{DateTime, Utc};

use super::codes::code_for;
use super::group_level;
use crate::reference::OfferType;

#[test]
fn codes_are_eight_uppercase_alphanumerics() {
    let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let a = code_for("51000001", now, 0);
    assert_eq!(a.len(), 8);
    assert!(a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "{a}");
    assert_ne!(a, code_for("51000001", now, 1));
}

#[test]
fn lga_groups_reach_lga_levels_from_100_licences() {
    assert_eq!(group_level(true, OfferType::License, 99), "03");
    assert_eq!(group_level(true, OfferType::License, 100), "06");
    assert_eq!(group_level(true, OfferType::License, 1000), "07");
    assert_eq!(group_level(false, OfferType::License, 100), "04");
    assert_eq!(group_level(true, OfferType::Consumables, 1000), "T2");
}
