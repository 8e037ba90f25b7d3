//! Creating a customer (E7).

use chrono::NaiveDate;
use serde_json::Value;

use super::body::{PROFILE_KEYS, READ_ONLY, read_benefits, read_profile};
use super::commitment_request::{check_minimums, request};
use super::global_sales::check_global_sales;
use super::lga::check_lga_account;
use crate::dates::{self, add_years};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::Problems;
use crate::model::{Customer, CustomerProfile, Discount, ThreeYearCommit, status};
use crate::reference::{MarketSegment, OfferType};
use crate::service::Ctx;
use crate::store::Tx;
use crate::validate;

fn check_coterm_on_create(
    raw: &str,
    segment: MarketSegment,
    lga: bool,
    today: NaiveDate,
) -> CoreResult<Option<NaiveDate>> {
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || CoreError::detail(ErrorCode::InvalidFields, "cotermDate");
    let date = dates::parse_date(raw).ok_or_else(invalid)?;
    if lga {
        let max = today.checked_add_months(chrono::Months::new(23)).ok_or_else(invalid)?;
        if date <= today || date > max {
            return Err(CoreError::message(
                ErrorCode::InvalidFields,
                ErrorCode::InvalidFields.message(),
                vec!["Invalid coterm date for Large Government Agency".into()],
            ));
        }
        return Ok(Some(date));
    }
    let max_years = if segment == MarketSegment::Edu { 4 } else { 3 };
    if date <= add_years(today, 1) || date > add_years(today, max_years) {
        return Err(invalid());
    }
    Ok(Some(date))
}

/// Creates a customer; returns the record as the response shows it (status `1002`).
pub async fn create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Customer> {
    let mut p = Problems::new();
    let mut known =
        vec!["resellerId", "externalReferenceId", "companyProfile", "cotermDate", "benefits", "globalSalesEnabled"];
    known.extend_from_slice(READ_ONLY);
    let map = p.body(body, &known)?;
    let reseller_id = p.req_str(map, "", "resellerId");
    if reseller_id.as_deref().is_some_and(|r| !validate::account_id_ok(r)) {
        p.invalid("resellerId".into());
    }
    let ext_ref = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
    validate::external_reference(&mut p, &ext_ref, "externalReferenceId", 35);
    let profile = p
        .req_value(map, "", "companyProfile")
        .and_then(|v| p.object(v, "companyProfile", PROFILE_KEYS))
        .map(|prof| read_profile(&mut p, prof, ctx, true));
    let coterm_raw = p.opt_str(map, "", "cotermDate").unwrap_or_default();
    let benefits = read_benefits(&mut p, map);
    let global = p.opt_bool(map, "", "globalSalesEnabled").unwrap_or(false);
    p.finish()?;
    let (Some(reseller_id), Some(profile)) = (reseller_id, profile) else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    let (Some(company_name), Some(preferred_language), Some(address), Some(contacts)) =
        (profile.company_name, profile.preferred_language, profile.address, profile.contacts)
    else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    let reseller = tx
        .reseller(&ctx.distributor.id, &reseller_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidReseller, "resellerId"))?;
    if !matches!(reseller.status.as_str(), status::ACTIVE | status::PENDING) {
        return Err(CoreError::code(ErrorCode::ResellerInactive));
    }
    let segment = profile.market_segment.unwrap_or(MarketSegment::Com);
    if !reseller.profile.market_segments.contains(&segment) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "companyProfile.marketSegment"));
    }
    let mut sub_segments = Vec::new();
    if benefits.lga {
        if benefits.commitment_request.is_some() {
            return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
        }
        let chosen = profile.market_sub_segments.unwrap_or_default();
        check_lga_account(ctx, segment, &address.country, &chosen)?;
        sub_segments = chosen;
    }
    let today = ctx.now.date_naive();
    let coterm_date = check_coterm_on_create(&coterm_raw, segment, benefits.lga, today)?;
    let three_year_commit = match benefits.commitment_request {
        Some(minimums) => {
            check_minimums(&minimums)?;
            Some(ThreeYearCommit {
                commitment_request: Some(request(minimums, coterm_date, today)),
                ..Default::default()
            })
        }
        None => None,
    };
    let delay = ctx.settings.customer_activation_delay_secs;
    let profile = CustomerProfile {
        company_name,
        preferred_language,
        market_segment: segment,
        market_sub_segments: sub_segments,
        address,
        contacts,
    };
    let mut customer = Customer {
        external_reference_id: ext_ref,
        discounts: vec![Discount { offer_type: OfferType::License, level: "01".into(), discount_code: None }],
        coterm_date,
        three_year_commit,
        lga_status: benefits.lga.then(|| "ACTIVE".to_string()),
        activate_at: Some(ctx.now + chrono::Duration::seconds(delay)),
        ..Customer::new(String::new(), &ctx.distributor.id, &reseller.id, profile, status::PENDING, ctx.now)
    };
    if global {
        check_global_sales(tx, ctx, &customer, true).await?;
        customer.global_sales_enabled = true;
    }
    customer.id = tx.next_id(Sequence::Customer).await?.to_string();
    let view = customer.clone();
    customer.profile.contacts =
        crate::service::contacts::stored(tx, &customer.distributor_id, &customer.profile.contacts).await?;
    if ctx.settings.inline(delay) {
        customer.status = status::ACTIVE.into();
        customer.activate_at = None;
    }
    tx.put_customer(&customer).await?;
    Ok(view)
}
