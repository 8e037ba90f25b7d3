//! Placeholder previews (SPEC §7 Q-FAKEPREVIEW): a PREVIEW for a configured unknown customer id
//! is priced for a brand-new customer that is never stored.

use serde_json::Value;

use crate::model::{Address, Customer, CustomerProfile, OrderType, status};
use crate::reference::MarketSegment;
use crate::service::Ctx;

/// Whether an unknown customer id is a placeholder and the order a PREVIEW (SPEC §7 Q-FAKEPREVIEW).
pub(crate) fn is_placeholder_preview(ctx: &Ctx<'_>, customer_id: &str, body: &Value) -> bool {
    ctx.settings.preview_placeholder_ids.iter().any(|p| p == customer_id)
        && body.get("orderType").and_then(Value::as_str) == Some(OrderType::Preview.as_str())
}

/// A brand-new customer for a placeholder preview: the segment from the id's suffix (`GOV`, `EDU`,
/// else COM), the distributor's home country, no subscriptions, no level yet. Never stored.
pub fn placeholder_customer(ctx: &Ctx<'_>, customer_id: &str) -> Customer {
    let segment = if customer_id.ends_with("GOV") {
        MarketSegment::Gov
    } else if customer_id.ends_with("EDU") {
        MarketSegment::Edu
    } else {
        MarketSegment::Com
    };
    let profile = CustomerProfile {
        company_name: String::new(),
        preferred_language: "en-US".into(),
        market_segment: segment,
        market_sub_segments: Vec::new(),
        address: Address { country: ctx.distributor.country.clone(), ..Address::default() },
        contacts: Vec::new(),
    };
    Customer::new(customer_id.to_string(), &ctx.distributor.id, "", profile, status::ACTIVE, ctx.now)
}
