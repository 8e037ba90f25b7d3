//! Large Government Agency customers (SPEC §4.17): the account an LGA customer must be, created
//! as one (E7) or converted (E9).

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::Customer;
use crate::reference::MarketSegment;
use crate::service::{Ctx, linked_memberships, three_year_commit};

/// The account of an LGA customer, in this order: an LGA distributor (`1164`), a GOV customer
/// (`1163`) in the US or Canada (`1167`) with one sub-segment, `FEDERAL` or `STATE` (`1168`).
pub(super) fn check_lga_account(
    ctx: &Ctx<'_>,
    segment: MarketSegment,
    country: &str,
    sub_segments: &[String],
) -> CoreResult<()> {
    if !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
    }
    if segment != MarketSegment::Gov {
        return Err(CoreError::code(ErrorCode::LgaSegment));
    }
    if !matches!(country, "US" | "CA") {
        return Err(CoreError::code(ErrorCode::LgaCountry));
    }
    if !matches!(sub_segments, [s] if s == "FEDERAL" || s == "STATE") {
        return Err(CoreError::code(ErrorCode::LgaSubSegment));
    }
    Ok(())
}

/// The LGA conversion of an existing customer (SPEC §4.17, E9): the LGA account
/// ([`check_lga_account`], the sub-segment sent or stored), no 3YC (`1147`), no linked membership
/// and in the 30 days before its anniversary (`1117`). The benefit is `PENDING_UPGRADE` until the
/// anniversary's renewal.
pub(super) fn convert_to_lga(
    ctx: &Ctx<'_>,
    customer: &mut Customer,
    sub_segments: Option<Vec<String>>,
    requests_3yc: bool,
) -> CoreResult<()> {
    let sub_segments = sub_segments.unwrap_or_else(|| customer.profile.market_sub_segments.clone());
    check_lga_account(ctx, customer.profile.market_segment, &customer.profile.address.country, &sub_segments)?;
    if requests_3yc || three_year_commit::has_three_year_commit(customer) {
        return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
    }
    let refuse =
        |why: &str| CoreError::message(ErrorCode::InvalidFields, ErrorCode::InvalidFields.message(), vec![why.into()]);
    if linked_memberships::in_group(customer) {
        return Err(refuse("A customer in a linked membership cannot become a Large Government Agency"));
    }
    let today = ctx.now.date_naive();
    let in_window = customer.coterm_date.is_some_and(|ad| today >= ad - chrono::Duration::days(30) && today < ad);
    if !in_window {
        return Err(refuse(
            "Large Government Agency conversion is allowed only in the 30 days before the anniversary date",
        ));
    }
    customer.profile.market_sub_segments = sub_segments;
    customer.lga_status = Some(LGA_PENDING_UPGRADE.into());
    Ok(())
}

/// The LGA benefit status of a converted customer until its anniversary (SPEC §4.17).
pub const LGA_PENDING_UPGRADE: &str = "PENDING_UPGRADE";
