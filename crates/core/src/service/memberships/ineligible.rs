//! The `5117` reason codes and the fixed Ineligible Memberships list (SPEC §3.4, §5.8.4): ids
//! that always answer the same error at E26/E27.

use serde::Serialize;

use crate::error::{CoreError, ErrorCode};

/// Every `5117` reason code (SPEC §3.4): the general ones, then the LGA ones.
pub const REASON_CODES: [&str; 30] = [
    "INVALID_COUNTRY",
    "BAD_MARKET_SEGMENT",
    "INACTIVE",
    "EXTENDED_TERM_3YC",
    "OPEN_PURCHASE_AUTH",
    "CONTRACT_NOT_ACCEPTED",
    "IN_WINDOW_PARTIAL_RENEWAL",
    "RETURNABLE_PURCHASE",
    "NO_TARGET_SKU",
    "UNBILLED_ORDER",
    "UNPAID_INVOICE",
    "LINK_MEMBERSHIP_CHECK",
    "HAS_UNPROCESSED_ORDERS",
    "NOT_A_FULL_RENEWAL_IN_RENEWAL_WINDOW",
    "LICENSE_WITHOUT_SALE_AQO_REFERENCED",
    "SRC_DST_OFFER_IDS_HAS_PA_MISMATCH",
    "3YC_LINKED_MEMBERSHIP",
    "HVD_CUSTOMER",
    "INVALID_PRICE_LEVEL_LM_MIGRATION",
    "LM_OWNER_NOT_MIGRATED",
    "NOT_A_WORLDWIDE_PURCHASER",
    "3YC_DISCOUNT_LEVEL_MISMATCH",
    "MINIMUM_HVD_QTY_NOT_MET",
    "INVALID_LM_MIGRATION_LEVEL",
    "OWNER_MEMBER_COUNTRY_MISMATCH",
    "LGA_LM_MARKET_SEGMENT_MISMATCH",
    "INVALID_LGA_MARKET_SEGMENT",
    "NOT_LGA PARTNER",
    "INSUFFICIENT_LGA_MOQ",
    "LGA_QTY_LEVEL_MISMATCH",
];

/// An entry of the fixed Ineligible Memberships list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ineligible {
    /// Stable 8-digit id.
    pub membership_id: String,
    /// The error E26/E27 answer.
    pub error_code: String,
    /// Its message.
    pub message: String,
    /// The `5117` reason code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// The seeded Ineligible Memberships (SPEC §5.8.4): the same ids for every distributor and run.
/// `88000000` is the unknown-id sample (`5115`); then `5118`, `5120`, `5121`; then one id per
/// `5117` reason code, in [`REASON_CODES`]' order from `88000101`.
pub fn ineligible() -> Vec<Ineligible> {
    let entry = |id: String, code: ErrorCode, reason: Option<&str>| Ineligible {
        membership_id: id,
        error_code: code.code().to_string(),
        message: code.message().to_string(),
        reason_code: reason.map(str::to_string),
    };
    let mut out = vec![
        entry("88000000".into(), ErrorCode::InvalidMembership, None),
        entry("88000001".into(), ErrorCode::AlreadyTransferred, None),
        entry("88000002".into(), ErrorCode::NoAdminContacts, None),
        entry("88000003".into(), ErrorCode::TransferInProgress, None),
    ];
    for (i, reason) in REASON_CODES.iter().enumerate() {
        out.push(entry(format!("{}", 88_000_101 + i), ErrorCode::NotEligibleForTransfer, Some(reason)));
    }
    out
}

/// The error of a fixed ineligible id.
pub(super) fn ineligible_error(id: &str) -> Option<CoreError> {
    let entry = ineligible().into_iter().find(|e| e.membership_id == id)?;
    let code = match entry.error_code.as_str() {
        "5115" => ErrorCode::InvalidMembership,
        "5118" => ErrorCode::AlreadyTransferred,
        "5120" => ErrorCode::NoAdminContacts,
        "5121" => ErrorCode::TransferInProgress,
        _ => ErrorCode::NotEligibleForTransfer,
    };
    Some(CoreError::with_details(code, entry.reason_code.into_iter().collect()))
}
