//! The portal API's API Tools answers: Create Default Records (reseller, customer, orders,
//! default set).

use serde::Serialize;
use utoipa::ToSchema;

use crate::cpapi::dto::{CustomerOut, OrderOut, ResellerOut};

/// `message` of API Tools answers.
pub const TASK_COMPLETE: &str = "Task Complete";

/// Create Default Records › Reseller.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"message": "Task Complete", "resellerId": "1000000001", "reseller": {
    "distributorId": "5000000001", "externalReferenceId": "", "resellerId": "1000000001",
    "companyProfile": {"companyName": "Default Reseller", "preferredLanguage": "en-US", "marketSegments": ["COM"],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
    "creationDate": "2025-01-15T10:00:00Z", "status": "1000",
    "links": {"self": {"uri": "/v3/resellers/1000000001", "method": "GET", "headers": []}}}}))]
pub struct DefaultResellerOut {
    /// `Task Complete`.
    pub message: &'static str,
    /// The new reseller's id.
    pub reseller_id: String,
    /// The new reseller.
    pub reseller: ResellerOut,
}

/// Create Default Records › Customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"message": "Task Complete", "customerId": "1005000001", "customer": {
    "externalReferenceId": "", "customerId": "1005000001", "resellerId": "1000000001", "globalSalesEnabled": false,
    "companyProfile": {"companyName": "Default Customer", "preferredLanguage": "en-US", "marketSegment": "COM",
        "marketSubSegments": [],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
    "discounts": [], "benefits": [], "tags": [], "cotermDate": "", "creationDate": "2025-01-15T10:00:00Z",
    "status": "1000", "links": {"self": {"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}}}}))]
pub struct DefaultCustomerOut {
    /// `Task Complete`.
    pub message: &'static str,
    /// The new customer's id.
    pub customer_id: String,
    /// The new customer.
    pub customer: CustomerOut,
}

/// Create Default Records › Orders.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"message": "Task Complete", "orderIds": ["5120000001"], "orders": [{
    "referenceOrderId": "", "referencedOrderId": "", "externalReferenceId": "", "orderId": "5120000001",
    "customerId": "1005000001", "orderType": "NEW", "currencyCode": "USD", "creationDate": "2025-01-15T10:00:00Z",
    "status": "1002", "source": "API",
    "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1, "subscriptionId": "",
        "status": "1002", "currencyCode": "USD"}],
    "links": {"self": {"uri": "/v3/customers/1005000001/orders/5120000001", "method": "GET", "headers": []}}}]}))]
pub struct DefaultOrdersOut {
    /// `Task Complete`.
    pub message: &'static str,
    /// The new orders' ids.
    pub order_ids: Vec<String>,
    /// The new orders (as read, without pricing).
    pub orders: Vec<OrderOut>,
}

/// Create Default Records › Default set.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "message": "Task Complete", "resellerId": "1000000001", "customerId": "1005000001",
    "orderIds": ["5120000001", "5120000002", "5120000003"], "membershipId": null, "transferId": null,
    "notes": ["VIP memberships and transfers are not emulated yet: the default set has none."]
}))]
pub struct DefaultSetOut {
    /// `Task Complete`.
    pub message: &'static str,
    /// The new reseller.
    pub reseller_id: String,
    /// The new customer.
    pub customer_id: String,
    /// The new orders.
    pub order_ids: Vec<String>,
    /// Always `null` (memberships are not emulated).
    pub membership_id: Option<String>,
    /// Always `null` (transfers are not emulated).
    pub transfer_id: Option<String>,
    /// Remarks.
    pub notes: Vec<String>,
}
