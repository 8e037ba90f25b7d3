//! Updating a customer (E9).

use serde_json::Value;

use super::body::{PROFILE_KEYS, READ_ONLY, read_benefits, read_profile};
use super::commitment_request::apply_three_year_commit_request;
use super::global_sales::check_global_sales;
use super::lga::convert_to_lga;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::Problems;
use crate::model::{Customer, status};
use crate::service::{Ctx, linked_memberships};
use crate::store::Tx;
use crate::validate;

/// Updates a customer (E9).
pub async fn update(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, body: &Value) -> CoreResult<Customer> {
    let mut customer =
        tx.customer(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))?;
    let mut p = Problems::new();
    let mut known =
        vec!["externalReferenceId", "companyProfile", "benefits", "globalSalesEnabled", "resellerId", "cotermDate"];
    known.extend_from_slice(READ_ONLY);
    let map = p.body(body, &known)?;
    let ext_ref = p.opt_str(map, "", "externalReferenceId");
    if let Some(e) = &ext_ref {
        validate::external_reference(&mut p, e, "externalReferenceId", 35);
    }
    let profile = match map.get("companyProfile").filter(|v| !v.is_null()) {
        Some(v) => p.object(v, "companyProfile", PROFILE_KEYS).map(|prof| read_profile(&mut p, prof, ctx, false)),
        None => None,
    };
    let benefits = read_benefits(&mut p, map);
    let global = p.opt_bool(map, "", "globalSalesEnabled");
    let link = linked_memberships::read_request(&mut p, map);
    p.finish()?;
    if customer.status == status::PENDING || customer.status == status::BLOCKED {
        return Err(CoreError::code(ErrorCode::AccountPendingOrBlocked));
    }
    let converting = benefits.lga && customer.lga_status.is_none();
    let mut lga_sub_segments = None;
    if let Some(profile) = profile {
        let mut not_editable = validate::changed_fixed_profile_fields(
            profile.company_name.as_deref(),
            profile.address.as_ref(),
            &customer.profile.company_name,
            &customer.profile.address,
        );
        if let Some(subs) = &profile.market_sub_segments
            && *subs != customer.profile.market_sub_segments
        {
            if converting {
                lga_sub_segments = Some(subs.clone());
            } else {
                not_editable.push("companyProfile.marketSubSegments".to_string());
            }
        }
        if let Some(segment) = profile.market_segment.filter(|s| *s != customer.profile.market_segment) {
            let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
            if subs.iter().any(|s| s.status == status::ACTIVE) {
                not_editable.push("companyProfile.marketSegment".to_string());
            } else if customer.lga_status.is_some() {
                return Err(CoreError::code(ErrorCode::LgaSegment));
            } else {
                let reseller = tx.reseller(&customer.distributor_id, &customer.reseller_id).await?;
                if !reseller.is_some_and(|r| r.profile.market_segments.contains(&segment)) {
                    return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "companyProfile.marketSegment"));
                }
                customer.profile.market_segment = segment;
            }
        }
        if !not_editable.is_empty() {
            return Err(CoreError::with_details(ErrorCode::NotEditable, not_editable));
        }
        if let Some(lang) = profile.preferred_language {
            customer.profile.preferred_language = lang;
        }
        if let Some(address) = profile.address {
            customer.profile.address = address;
        }
        if let Some(contacts) = profile.contacts.filter(|c| !c.is_empty()) {
            customer.profile.contacts = contacts;
        }
    }
    if let Some(enable) = global {
        check_global_sales(tx, ctx, &customer, enable).await?;
        customer.global_sales_enabled = enable;
    }
    if converting {
        convert_to_lga(ctx, &mut customer, lga_sub_segments, benefits.commitment_request.is_some())?;
    }
    let excluded = linked_memberships::in_group(&customer) || customer.lga_status.is_some();
    if excluded && benefits.commitment_request.is_some() {
        return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
    }
    apply_three_year_commit_request(&mut customer, benefits, ctx.now.date_naive())?;
    if let Some(request) = link {
        linked_memberships::apply_request(tx, ctx, &mut customer, request).await?;
    }
    if let Some(e) = ext_ref {
        customer.external_reference_id = e;
    }
    let response = customer.clone();
    customer.profile.contacts =
        crate::service::contacts::stored(tx, &customer.distributor_id, &customer.profile.contacts).await?;
    tx.put_customer(&customer).await?;
    Ok(response)
}
