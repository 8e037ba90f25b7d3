//! Postal addresses and contacts, as resellers, customers and memberships hold them.

use serde::{Deserialize, Serialize};

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// ISO alpha-2.
    pub country: String,
    /// Region code (ISO 3166-2 suffix or `00`).
    pub region: String,
    /// City.
    pub city: String,
    /// First line.
    pub address_line1: String,
    /// Second line, may be empty.
    pub address_line2: String,
    /// Postal code.
    pub postal_code: String,
    /// Phone, may be empty.
    pub phone_number: String,
}

/// A contact (an Admin Console admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Phone, absent when not given.
    pub phone_number: Option<String>,
}
