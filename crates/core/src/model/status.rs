//! Resource status codes (SPEC §3.2).

/// Active / complete.
pub const ACTIVE: &str = "1000";
/// Pending / open.
pub const PENDING: &str = "1002";
/// Inactive / failed.
pub const INACTIVE: &str = "1004";
/// Cancelled.
pub const CANCELLED: &str = "1008";
/// Scheduled subscription.
pub const SCHEDULED: &str = "1009";
/// Inactive: invalid address.
pub const INVALID_ADDRESS: &str = "1010";
/// Inactive: blocked.
pub const BLOCKED: &str = "1012";
/// Inactive: customer already exists.
pub const ALREADY_EXISTS: &str = "1014";
/// Order failed: distributor inactive.
pub const FAILED_DISTRIBUTOR: &str = "1020";
/// Order failed: reseller inactive.
pub const FAILED_RESELLER: &str = "1022";
/// Order failed: customer inactive (also the portal's "Customer Already Exists").
pub const FAILED_CUSTOMER: &str = "1024";
/// Order failed: customer id invalid.
pub const FAILED_CUSTOMER_ID: &str = "1026";

/// The statuses of a subscription that renews on its renewal date.
pub const RENEWABLE: [&str; 2] = [ACTIVE, SCHEDULED];

/// Reseller inactive predicate.
pub fn reseller_inactive(s: &str) -> bool {
    matches!(s, INACTIVE | INVALID_ADDRESS | BLOCKED)
}

/// Customer inactive predicate.
pub fn customer_inactive(s: &str) -> bool {
    matches!(s, INACTIVE | INVALID_ADDRESS | BLOCKED | ALREADY_EXISTS | FAILED_CUSTOMER)
}
