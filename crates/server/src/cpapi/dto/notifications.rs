//! Notifications and open acquisitions on the wire (E23, E24, SPEC §2.8.7).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::{Customer, PurchaseAuthorization};
use vipmp_core::service::purchase_authorizations::NOTIFICATION_TYPE;

use super::LinksOut;
use crate::cpapi::lists::PageMeta;

/// A `LICENSES_PENDING_PARTNER_ORDER` notification: a customer with open purchase authorizations.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Notification, example = json!({
    "customerId": "1005000001", "resellerId": "1000000001", "notificationType": "LICENSES_PENDING_PARTNER_ORDER",
    "links": {"self": {"uri": "/v3/customers/1005000001/open-acquisitions", "method": "GET", "headers": []}}
}))]
pub struct NotificationOut {
    /// The customer.
    pub customer_id: String,
    /// Its reseller.
    pub reseller_id: String,
    /// Always `LICENSES_PENDING_PARTNER_ORDER`.
    #[schema(value_type = String, example = "LICENSES_PENDING_PARTNER_ORDER")]
    pub notification_type: &'static str,
    /// The customer's open acquisitions (E24).
    pub links: LinksOut,
}

impl NotificationOut {
    /// The notification of a customer.
    pub fn new(c: &Customer) -> Self {
        Self {
            customer_id: c.id.clone(),
            reseller_id: c.reseller_id.clone(),
            notification_type: NOTIFICATION_TYPE,
            links: LinksOut::to(format!("/v3/customers/{}/open-acquisitions", c.id)),
        }
    }
}

/// A page of notifications (E23).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NotificationList, example = json!({"limit": 10, "offset": 0, "totalCount": 0, "count": 0, "items": [],
    "links": {"self": {"uri": "/v3/notifications?offset=0&limit=10&notification-type=LICENSES_PENDING_PARTNER_ORDER&reseller-id=1000000001",
        "method": "GET", "headers": []}}}))]
pub struct NotificationList {
    /// The page size.
    pub limit: i64,
    /// The page's offset.
    pub offset: i64,
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The notifications, by customer id.
    pub items: Vec<NotificationOut>,
    /// `self`, `next`, `prev`.
    pub links: LinksOut,
}

impl NotificationList {
    /// The envelope of a page.
    pub fn new(meta: PageMeta, items: Vec<NotificationOut>) -> Self {
        Self {
            limit: meta.limit,
            offset: meta.offset,
            total_count: meta.total_count,
            count: meta.count,
            items,
            links: meta.links,
        }
    }
}

/// An open purchase authorization: seats pending a partner order.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = UnpaidLicense, example = json!({"referenceId": "PO281000000000000001",
    "creationDate": "2026-03-28T06:03:50Z", "expiryDate": "2026-04-04T06:03:50Z", "quantity": 1,
    "productName": "Acrobat Classic 2024 for Enterprise", "baseOfferId": "30006208CA01A12"}))]
pub struct UnpaidLicenseOut {
    /// The PA's reference (`PO` and 18 digits).
    pub reference_id: String,
    /// When it opened (UTC).
    pub creation_date: String,
    /// `creationDate` + 7 days.
    pub expiry_date: String,
    /// Seats not ordered yet.
    pub quantity: i64,
    /// The product's name.
    pub product_name: String,
    /// The product's base offer id.
    pub base_offer_id: String,
}

impl From<&PurchaseAuthorization> for UnpaidLicenseOut {
    fn from(pa: &PurchaseAuthorization) -> Self {
        Self {
            reference_id: pa.reference_id.clone(),
            creation_date: format_datetime(pa.created_at),
            expiry_date: format_datetime(pa.expires_at),
            quantity: pa.quantity,
            product_name: pa.product_name.clone(),
            base_offer_id: pa.base_offer_id.clone(),
        }
    }
}

/// A customer's open acquisitions (E24).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OpenAcquisitions, example = json!({"customerId": "1005000001", "resellerId": "1000000001",
    "licenseCount": 1, "unpaidLicenses": [{"referenceId": "PO281000000000000001",
    "creationDate": "2026-03-28T06:03:50Z", "expiryDate": "2026-04-04T06:03:50Z", "quantity": 1,
    "productName": "Acrobat Classic 2024 for Enterprise", "baseOfferId": "30006208CA01A12"}]}))]
pub struct OpenAcquisitionsOut {
    /// The customer.
    pub customer_id: String,
    /// Its reseller.
    pub reseller_id: String,
    /// The number of `unpaidLicenses` entries.
    pub license_count: i64,
    /// The open purchase authorizations, oldest first.
    pub unpaid_licenses: Vec<UnpaidLicenseOut>,
}

impl OpenAcquisitionsOut {
    /// A customer's open PAs.
    pub fn new(c: &Customer, open: &[&PurchaseAuthorization]) -> Self {
        Self {
            customer_id: c.id.clone(),
            reseller_id: c.reseller_id.clone(),
            license_count: open.len() as i64,
            unpaid_licenses: open.iter().map(|pa| UnpaidLicenseOut::from(*pa)).collect(),
        }
    }
}
