//! Linked-membership groups (SPEC §4.11): a customer's place in a group, the group's state on
//! its owner's record, and the distributor's index of groups and join codes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Discount;

/// A distributor's index of linked-membership groups (the groups themselves live on their
/// owners' records).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedGroups {
    /// Group id → owner customer id.
    #[serde(default)]
    pub owners: BTreeMap<String, String>,
    /// Join code → group id and expiry.
    #[serde(default)]
    pub codes: BTreeMap<String, JoinCode>,
    /// Group id → when its requested Refresh Discount Level runs.
    #[serde(default)]
    pub refreshes: BTreeMap<String, DateTime<Utc>>,
}

impl LinkedGroups {
    /// Whether there is nothing in the index.
    pub fn is_empty(&self) -> bool {
        self.owners.is_empty() && self.codes.is_empty() && self.refreshes.is_empty()
    }
}

/// A linked-membership join code (8 uppercase alphanumerics, valid 72 hours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCode {
    /// The group it joins.
    pub group_id: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// A customer's place in a linked-membership group (SPEC §4.11). Every member holds the
/// group's identity and levels; the owner also holds the group's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedMembership {
    /// 8-digit group id.
    pub id: String,
    /// Group name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    pub kind: String,
    /// `OWNER` or `MEMBER`.
    pub role: String,
    /// When the group was created.
    pub created_at: DateTime<Utc>,
    /// An LGA group: country and segment of its owner, `benefitTypes ["LARGE_GOVERNMENT_AGENCY"]`.
    #[serde(default)]
    pub lga: bool,
    /// The group's country (the owner's).
    #[serde(default)]
    pub country: String,
    /// The group's levels, as last computed (at creation, enrolment of this member, refresh).
    #[serde(default)]
    pub levels: Vec<Discount>,
    /// Owner only: the group's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<LinkedGroup>,
}

/// The state of a linked-membership group, on its owner's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedGroup {
    /// `REQUESTED`, `ACCEPTED` or `REJECTED` (final).
    pub terms_status: String,
    /// The last level refresh (initially the creation instant).
    pub last_refresh_at: DateTime<Utc>,
    /// Member customer ids, in enrolment order (the owner excluded).
    #[serde(default)]
    pub members: Vec<String>,
}
