//! Migrated High Volume Discount customers (HVD, SPEC §4.18).
//!
//! A migrated HVD customer carries the tag `HVD_MIGRATED_CUSTOMER` and a discount code on its
//! LICENSE discount (`HVD_L17_PRE` … `HVD_L22_POST`). Its licence lines carry that code: PREVIEW
//! answers with the right one whatever was sent, NEW needs it (`5135`), and renewal lines (and
//! PREVIEW_RENEWAL) carry the next term's code (`_PRE` → `_POST`). The portal makes a 3YC
//! customer an HVD migrated one at level 17 or 18 (the levels the sandbox portal offers).

use super::levels;
use super::{Ctx, portal_customer};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, HVD_MIGRATED_CUSTOMER, OrderType};
use crate::reference::{MarketSegment, Offer, OfferType};
use crate::store::Tx;

/// The code of the next term: pre price-action pricing steps down to post price-action pricing.
pub fn next_term(code: &str) -> String {
    code.strip_suffix("_PRE").map_or_else(|| code.to_string(), |base| format!("{base}_POST"))
}

/// The code a line of `offer` carries for this customer: the customer's, on licence lines.
pub fn line_code(customer: &Customer, offer: &Offer<'_>) -> Option<String> {
    customer.hvd_code().filter(|_| offer.product.offer_type == OfferType::License).map(str::to_string)
}

/// The `discountCode` of a purchase line (pipeline step 7): PREVIEW ignores what was sent and
/// answers with the right code; NEW must send exactly the right one, or none when there is none
/// (`5135`).
pub fn purchase_line_code(
    order_type: OrderType,
    customer: &Customer,
    offer: &Offer<'_>,
    sent: Option<&str>,
    detail: &str,
) -> CoreResult<Option<String>> {
    let right = line_code(customer, offer);
    if order_type == OrderType::New && sent != right.as_deref() {
        return Err(CoreError::detail(ErrorCode::InvalidHvdDiscountCode, detail.to_string()));
    }
    Ok(right)
}

/// What the portal's "make HVD migrated" action asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// `17` or `18`.
    pub level: String,
    /// `true` for post price-action pricing (`POST_DCLO`), `false` for `PRE_DCLO`.
    pub post_pricing: bool,
}

/// Makes a customer a migrated HVD customer (portal, SPEC §4.18, §5.8.2): a COM or GOV customer
/// with a 3YC commitment in force whose licence minimum is at least 50 (level 17) or 100
/// (level 18), else `409 P409`. It gains the tag and the discount code; its licence level is the
/// commitment's (13 or 14).
pub async fn migrate(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, ask: &Migration) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    let needed = match ask.level.as_str() {
        "17" => 50,
        "18" => 100,
        _ => return Err(CoreError::detail(ErrorCode::PortalBadRequest, "discountLevel")),
    };
    let conflict = |why: &str| CoreError::detail(ErrorCode::PortalConflict, why);
    let segment = customer.profile.market_segment;
    if segment == MarketSegment::Edu {
        return Err(conflict("only COM and GOV customers can be HVD customers"));
    }
    let Some(minimum) = super::three_year_commit::committed_minimum(&customer, OfferType::License) else {
        return Err(conflict("the customer has no 3YC commitment in force"));
    };
    if minimum < needed {
        return Err(conflict(&format!("level {} needs a 3YC licence minimum of at least {needed}", ask.level)));
    }
    let code = format!("HVD_L{}_{}", ask.level, if ask.post_pricing { "POST" } else { "PRE" });
    customer.set_level(OfferType::License, levels::commitment_level(OfferType::License, segment, minimum));
    if let Some(d) = customer.discounts.iter_mut().find(|d| d.offer_type == OfferType::License) {
        d.discount_code = Some(code);
    }
    if !customer.tags.iter().any(|t| t == HVD_MIGRATED_CUSTOMER) {
        customer.tags.push(HVD_MIGRATED_CUSTOMER.to_string());
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_pricing_steps_down_to_post() {
        assert_eq!(next_term("HVD_L18_PRE"), "HVD_L18_POST");
        assert_eq!(next_term("HVD_L18_POST"), "HVD_L18_POST");
    }
}
