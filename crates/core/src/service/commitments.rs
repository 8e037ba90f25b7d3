//! 3YC transitions that time alone causes (SPEC §4.7.6, §4.22): the end of a commitment, and
//! in production the expiry of requests left `REQUESTED` or uncommitted `ACCEPTED` for 7 days.

use chrono::{Duration, NaiveDate};

use super::levels;
use crate::dates::add_years;
use crate::error::CoreResult;
use crate::model::Commitment;
use crate::reference::OfferType;
use crate::store::Tx;

/// Days after which production expires a request.
pub const REQUEST_EXPIRY_DAYS: i64 = 7;

/// What the end of a commitment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The commitment became `EXPIRED`; levels went back to `01`/`T1`.
    Expired,
    /// An accepted recommitment became the new commitment.
    Recommitted,
}

/// Ends the customer's commitment if it is `COMMITTED` and its end date is before `today`: an
/// `ACCEPTED`/`COMMITTED` recommitment request takes over (it starts the day after the old end
/// and lasts 3 years less a day, at the levels of its minimums); otherwise it expires and the
/// levels of its offer types fall to `01`/`T1` until the next renewal re-evaluates them.
pub async fn end_commitment(
    tx: &mut dyn Tx,
    distributor_id: &str,
    customer_id: &str,
    today: NaiveDate,
) -> CoreResult<Option<Ending>> {
    let Some(mut customer) = tx.customer(distributor_id, customer_id).await? else { return Ok(None) };
    let segment = customer.profile.market_segment;
    let Some(tyc) = customer.three_year_commit.as_mut() else { return Ok(None) };
    let Some(commitment) = tyc.commitment.as_mut() else { return Ok(None) };
    if !matches!(commitment.status.as_str(), "COMMITTED" | "ACTIVE") || commitment.end_date >= today {
        return Ok(None);
    }
    let recommitment = tyc.recommitment_request.take_if(|r| matches!(r.status.as_str(), "ACCEPTED" | "COMMITTED"));
    let (ending, levels_to_set) = match recommitment {
        Some(r) => {
            let start = commitment.end_date + Duration::days(1);
            let next = Commitment {
                start_date: start,
                end_date: add_years(start, 3) - Duration::days(1),
                status: "COMMITTED".into(),
                minimum_quantities: r.minimum_quantities,
            };
            let levels: Vec<_> = next
                .minimum_quantities
                .iter()
                .map(|m| (m.offer_type, levels::commitment_level(m.offer_type, segment, m.quantity)))
                .collect();
            *commitment = next;
            (Ending::Recommitted, levels)
        }
        None => {
            commitment.status = "EXPIRED".into();
            let minimums: Vec<_> = commitment.minimum_quantities.iter().map(|m| m.offer_type).collect();
            let levels: Vec<_> = [OfferType::License, OfferType::Consumables]
                .into_iter()
                .filter(|t| minimums.contains(t) || customer.discounts.iter().any(|d| d.offer_type == *t))
                .map(|t| (t, levels::volume_level(t, 0).to_string()))
                .collect();
            (Ending::Expired, levels)
        }
    };
    for (offer_type, level) in levels_to_set {
        customer.set_level(offer_type, level);
    }
    tx.put_customer(&customer).await?;
    Ok(Some(ending))
}

/// Production only: expires the customer's `REQUESTED` or uncommitted `ACCEPTED` commitment
/// request and `REQUESTED` recommitment request whose start date is at least 7 days before
/// `today`. Returns how many expired.
pub async fn expire_requests(
    tx: &mut dyn Tx,
    distributor_id: &str,
    customer_id: &str,
    today: NaiveDate,
) -> CoreResult<usize> {
    let Some(mut customer) = tx.customer(distributor_id, customer_id).await? else { return Ok(0) };
    let Some(tyc) = customer.three_year_commit.as_mut() else { return Ok(0) };
    let threshold = today - Duration::days(REQUEST_EXPIRY_DAYS);
    let mut expired = 0;
    let slots = [(&mut tyc.commitment_request, true), (&mut tyc.recommitment_request, false)];
    for (slot, accepted_too) in slots {
        if let Some(r) = slot.as_mut()
            && (r.status == "REQUESTED" || (accepted_too && r.status == "ACCEPTED"))
            && r.start_date <= threshold
        {
            r.status = "EXPIRED".into();
            expired += 1;
        }
    }
    if expired > 0 {
        tx.put_customer(&customer).await?;
    }
    Ok(expired)
}
