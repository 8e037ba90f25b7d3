//! 3YC commitment and recommitment requests made through E7 and E9 (SPEC §4.7): their minimums and
//! dates.

use chrono::NaiveDate;

use super::body::BenefitsIn;
use crate::dates::add_years;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Commitment, Customer, MinimumQuantity, ThreeYearCommit};
use crate::reference::OfferType;

pub(super) fn check_minimums(minimums: &[MinimumQuantity]) -> CoreResult<()> {
    for m in minimums {
        let floor = match m.offer_type {
            OfferType::License => 10,
            OfferType::Consumables => 1000,
        };
        if m.quantity < floor {
            return Err(CoreError::detail(ErrorCode::InvalidMinimumQuantity, "minimumQuantities"));
        }
    }
    Ok(())
}

/// The 3YC end date for an acceptance on `accepted` (SPEC §4.7.5).
pub fn commitment_end(coterm: Option<NaiveDate>, accepted: NaiveDate) -> NaiveDate {
    let day = chrono::Duration::days(1);
    match coterm {
        None => add_years(accepted, 3) - day,
        Some(ad) if accepted >= ad - chrono::Duration::days(30) && accepted < ad => add_years(ad, 3) - day,
        Some(ad) => add_years(ad, 2) - day,
    }
}

pub(super) fn request(
    minimums: Vec<MinimumQuantity>,
    customer_coterm: Option<NaiveDate>,
    today: NaiveDate,
) -> Commitment {
    Commitment {
        start_date: today,
        end_date: commitment_end(customer_coterm, today),
        status: "REQUESTED".into(),
        minimum_quantities: minimums,
    }
}

pub(super) fn apply_three_year_commit_request(
    customer: &mut Customer,
    benefits: BenefitsIn,
    today: NaiveDate,
) -> CoreResult<()> {
    match (benefits.commitment_request, benefits.recommitment_request) {
        (Some(_), Some(_)) => Err(CoreError::detail(ErrorCode::InvalidFields, "benefits")),
        (Some(minimums), None) => {
            check_minimums(&minimums)?;
            let coterm = customer.coterm_date;
            let tyc = customer.three_year_commit.get_or_insert_with(ThreeYearCommit::default);
            if tyc.recommitment_request.is_some() {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            }
            tyc.commitment_request = Some(request(minimums, coterm, today));
            Ok(())
        }
        (None, Some(minimums)) => {
            check_minimums(&minimums)?;
            let tyc = customer.three_year_commit.get_or_insert_with(ThreeYearCommit::default);
            let Some(c) = tyc.commitment.as_ref().filter(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE"))
            else {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            };
            if today < c.end_date - chrono::Duration::days(30) || today > c.end_date {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            }
            let start = c.end_date + chrono::Duration::days(1);
            tyc.recommitment_request = Some(Commitment {
                start_date: start,
                end_date: add_years(start, 3) - chrono::Duration::days(1),
                status: "REQUESTED".into(),
                minimum_quantities: minimums,
            });
            Ok(())
        }
        (None, None) => Ok(()),
    }
}
