//! What the notification list (E23) accepts.

use utoipa::IntoParams;

/// The parameters of `GET /v3/notifications` (E23).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `LICENSES_PENDING_PARTNER_ORDER`, the only type (anything else, or none, is `1132`).
    #[param(
        rename = "notification-type",
        pattern = "^LICENSES_PENDING_PARTNER_ORDER$",
        example = "LICENSES_PENDING_PARTNER_ORDER"
    )]
    notification_type: String,
    /// The reseller whose customers are listed (required; `404 1115` when unknown).
    #[param(rename = "reseller-id", example = "1000000001")]
    reseller_id: String,
    /// Page size, 1–100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Offset (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}
