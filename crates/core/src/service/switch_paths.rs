//! The switch-path lists (E35 `GET /v3/offer-switch-paths`, E36 per subscription; SPEC §2.8.13):
//! the seeded table of [`crate::reference::switch_paths`], filtered.

use crate::model::{Customer, Subscription};
use crate::reference::{self, MarketSegment, SwitchPath};

/// What a list asks for; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    /// Segment of the source product.
    pub segment: Option<MarketSegment>,
    /// Price region the source product must be sold in (from the country).
    pub price_region: Option<String>,
    /// Product key of the source (from `offer-id` or the subscription).
    pub product_key: Option<String>,
}

impl PathFilter {
    /// The filter of a customer's subscription: its product, in the customer's segment.
    pub fn of_subscription(customer: &Customer, sub: &Subscription) -> Self {
        Self {
            segment: Some(customer.profile.market_segment),
            price_region: None,
            product_key: Some(sub.product_key.clone()),
        }
    }

    fn matches(&self, path: &SwitchPath) -> bool {
        let p = path.source;
        self.segment.is_none_or(|s| s == p.segment)
            && self.product_key.as_ref().is_none_or(|k| *k == p.key)
            && self.price_region.as_ref().is_none_or(|r| p.price_regions.is_empty() || p.price_regions.contains(r))
    }
}

/// The paths matching `filter`, by source product key.
pub fn matching(filter: &PathFilter) -> Vec<&'static SwitchPath> {
    reference::switch_paths().iter().filter(|p| filter.matches(p)).collect()
}
