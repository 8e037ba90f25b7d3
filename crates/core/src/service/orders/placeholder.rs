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
    Customer {
        id: customer_id.to_string(),
        distributor_id: ctx.distributor.id.clone(),
        reseller_id: String::new(),
        external_reference_id: String::new(),
        profile: CustomerProfile {
            company_name: String::new(),
            preferred_language: "en-US".into(),
            market_segment: segment,
            market_sub_segments: Vec::new(),
            address: Address { country: ctx.distributor.country.clone(), ..Address::default() },
            contacts: Vec::new(),
        },
        status: status::ACTIVE.into(),
        global_sales_enabled: false,
        discounts: Vec::new(),
        tags: Vec::new(),
        coterm_date: None,
        created_at: ctx.now,
        three_year_commit: None,
        lga_status: None,
        activate_at: None,
        recommendation_leads: Vec::new(),
        purchase_authorizations: Vec::new(),
        linked_membership: None,
        deployments: Vec::new(),
        reseller_transfers: Vec::new(),
        open_manual_renewal: None,
    }
}
