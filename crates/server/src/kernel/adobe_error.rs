//! Schemas shared by every surface.

use serde::Serialize;
use utoipa::ToSchema;

/// Adobe's error body (SPEC §2.7). Gateway errors (`4115`–`4120`) carry only `code` and
/// `message`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"code": "1116", "message": "Invalid Customer", "additionalDetails": [], "invalidFields": []}))]
#[allow(dead_code)]
pub struct AdobeError {
    /// Adobe's error code, a string of digits (`P400`-style codes on the portal API).
    pub code: String,
    /// The message for the code.
    pub message: String,
    /// Details, such as the invalid paths of a `1117`.
    pub additional_details: Option<Vec<String>>,
    /// Always empty (Adobe's field, kept for compatibility).
    pub invalid_fields: Option<Vec<String>>,
}
