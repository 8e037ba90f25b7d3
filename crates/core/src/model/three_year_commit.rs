//! The THREE_YEAR_COMMIT benefit: a commitment or (re)commitment request and its minimums.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reference::OfferType;

/// A 3YC minimum quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumQuantity {
    /// LICENSE or CONSUMABLES.
    pub offer_type: OfferType,
    /// The minimum.
    pub quantity: i64,
}

/// A 3YC commitment, commitment request or recommitment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Start date.
    pub start_date: NaiveDate,
    /// End date.
    pub end_date: NaiveDate,
    /// REQUESTED, ACCEPTED, COMMITTED, DECLINED, NONCOMPLIANT, EXPIRED, INACTIVE.
    pub status: String,
    /// Minimums.
    pub minimum_quantities: Vec<MinimumQuantity>,
}

/// The THREE_YEAR_COMMIT benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ThreeYearCommit {
    /// The active commitment.
    pub commitment: Option<Commitment>,
    /// A pending request.
    pub commitment_request: Option<Commitment>,
    /// A pending recommitment.
    pub recommitment_request: Option<Commitment>,
}
