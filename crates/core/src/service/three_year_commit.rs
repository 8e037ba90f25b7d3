//! 3YC in the portal (SPEC §4.7, §5.4.4): accept or reject a request, enrol, edit the terms.

use chrono::NaiveDate;

use super::customers::commitment_end;
use super::levels;
use super::portal_dates;
use super::processing::commit_accepted_request;
use super::{Ctx, portal_customer};
use crate::dates::add_years;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Commitment, Customer, MinimumQuantity, ThreeYearCommit};
use crate::reference::OfferType;
use crate::store::Tx;

/// The seven statuses of a 3YC object.
pub const STATUSES: [&str; 7] =
    ["REQUESTED", "ACCEPTED", "COMMITTED", "DECLINED", "NONCOMPLIANT", "EXPIRED", "INACTIVE"];

fn conflict(detail: &str) -> CoreError {
    CoreError::detail(ErrorCode::PortalConflict, detail)
}

/// Whether the customer counts as "having 3YC" (REQUESTED, ACCEPTED or COMMITTED anywhere).
pub fn has_three_year_commit(c: &Customer) -> bool {
    c.three_year_commit.as_ref().is_some_and(|t| {
        [&t.commitment, &t.commitment_request, &t.recommitment_request]
            .iter()
            .filter_map(|x| x.as_ref())
            .any(|x| matches!(x.status.as_str(), "REQUESTED" | "ACCEPTED" | "COMMITTED" | "ACTIVE"))
    })
}

/// Accepts or rejects a pending request (the customer's decision in the Admin Console).
pub async fn decide(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, which: &str, accept: bool) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    let today = ctx.now.date_naive();
    let coterm = customer.coterm_date;
    let tyc = customer.three_year_commit.get_or_insert_with(ThreeYearCommit::default);
    let slot = match which {
        "commitmentRequest" => &mut tyc.commitment_request,
        "recommitmentRequest" => &mut tyc.recommitment_request,
        _ => return Err(CoreError::detail(ErrorCode::PortalBadRequest, "request")),
    };
    let Some(request) = slot.as_mut().filter(|r| r.status == "REQUESTED") else {
        return Err(conflict("no pending request"));
    };
    if !accept {
        request.status = "DECLINED".into();
    } else if which == "recommitmentRequest" {
        request.status = "ACCEPTED".into();
    } else {
        request.status = "ACCEPTED".into();
        request.start_date = today;
        request.end_date = commitment_end(coterm, today);
        if coterm.is_none() {
            customer.coterm_date = Some(add_years(today, 1));
        }
        let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
        commit_accepted_request(&mut customer, &subs);
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}

/// Whether "Enroll for 3YC" applies: no 3YC, ≥ 10 licences, not LGA, not in a linked membership.
pub fn can_enroll(c: &Customer, licences: i64) -> bool {
    !has_three_year_commit(c) && licences >= 10 && c.lga_status.is_none() && c.linked_membership.is_none()
}

/// Enrols the customer with minimums equal to its current quantities; committed at once.
pub async fn enroll(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
    let licences = levels::active_total(&subs, OfferType::License);
    if !can_enroll(&customer, licences) {
        return Err(conflict("customer is not eligible for 3YC"));
    }
    let consumables = levels::active_total(&subs, OfferType::Consumables);
    let mut minimums = vec![MinimumQuantity { offer_type: OfferType::License, quantity: licences }];
    if consumables >= 1000 {
        minimums.push(MinimumQuantity { offer_type: OfferType::Consumables, quantity: consumables });
    }
    let today = ctx.now.date_naive();
    let commitment = Commitment {
        start_date: today,
        end_date: commitment_end(customer.coterm_date, today),
        status: "COMMITTED".into(),
        minimum_quantities: minimums.clone(),
    };
    if customer.coterm_date.is_none() {
        customer.coterm_date = Some(add_years(today, 1));
    }
    customer.three_year_commit =
        Some(ThreeYearCommit { commitment: Some(commitment), commitment_request: None, recommitment_request: None });
    for m in minimums {
        customer.set_level(
            m.offer_type,
            levels::commitment_level(m.offer_type, customer.profile.market_segment, m.quantity),
        );
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}

/// The terms a tester may overwrite.
#[derive(Debug, Clone, Default)]
pub struct TermsEdit {
    /// New start date.
    pub start_date: Option<NaiveDate>,
    /// New end date.
    pub end_date: Option<NaiveDate>,
    /// New status.
    pub status: Option<String>,
}

/// Overwrites the commitment's terms and recomputes the levels (sandbox only).
pub async fn edit_terms(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, edit: TermsEdit) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    if let Some(s) = &edit.status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(CoreError::bad_field("status", format!("one of {}", STATUSES.join(", "))));
    }
    if edit.start_date.is_none() && edit.end_date.is_none() && edit.status.is_none() {
        return Err(CoreError::bad_field("startDate", "given: the edit names no startDate, endDate or status"));
    }
    let segment = customer.profile.market_segment;
    let Some(commitment) = customer.three_year_commit.as_mut().and_then(|t| t.commitment.as_mut()) else {
        return Err(conflict("customer has no commitment"));
    };
    let start = edit.start_date.unwrap_or(commitment.start_date);
    let end = edit.end_date.unwrap_or(commitment.end_date);
    let status = edit.status.as_deref().unwrap_or(&commitment.status);
    portal_dates::check_terms(edit.start_date, portal_dates::Terms { start, end, status }, ctx.now.date_naive())?;
    commitment.start_date = start;
    commitment.end_date = end;
    if let Some(s) = edit.status {
        commitment.status = s;
    }
    let committed = matches!(commitment.status.as_str(), "COMMITTED" | "ACTIVE");
    let expired = commitment.status == "EXPIRED";
    let minimums = commitment.minimum_quantities.clone();
    let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
    for offer_type in [OfferType::License, OfferType::Consumables] {
        let has_entry = customer.discounts.iter().any(|d| d.offer_type == offer_type);
        let level = match minimums.iter().find(|m| m.offer_type == offer_type) {
            Some(m) if committed => levels::commitment_level(offer_type, segment, m.quantity),
            _ if expired => levels::volume_level(offer_type, 0).to_string(),
            _ => levels::volume_level(offer_type, levels::active_total(&subs, offer_type)).to_string(),
        };
        if has_entry || minimums.iter().any(|m| m.offer_type == offer_type) {
            customer.set_level(offer_type, level);
        }
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}

/// The committed minimum of an offer type, while the commitment is active.
pub fn committed_minimum(c: &Customer, offer_type: OfferType) -> Option<i64> {
    let commitment = c.three_year_commit.as_ref()?.commitment.as_ref()?;
    if !matches!(commitment.status.as_str(), "COMMITTED" | "ACTIVE") {
        return None;
    }
    commitment.minimum_quantities.iter().find(|m| m.offer_type == offer_type).map(|m| m.quantity)
}
