//! A reseller account and its company profile.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Address, Contact};
use crate::reference::MarketSegment;

/// A reseller's company profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerProfile {
    /// Company name (immutable through the API).
    pub company_name: String,
    /// Locale.
    pub preferred_language: String,
    /// Segments the reseller sells; never empty.
    pub market_segments: Vec<MarketSegment>,
    /// Address.
    pub address: Address,
    /// Contacts.
    pub contacts: Vec<Contact>,
}

/// A reseller account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reseller {
    /// Reseller id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// Partner's own reference.
    pub external_reference_id: String,
    /// Profile.
    pub profile: ResellerProfile,
    /// Status code.
    pub status: String,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// When a pending account becomes active (None once resolved).
    pub activate_at: Option<DateTime<Utc>>,
}
