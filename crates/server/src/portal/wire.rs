//! The portal API's answers about records (SPEC §5): typed structs that are exactly what gets
//! serialized and derive their OpenAPI schema, so the document and the wire cannot drift. The
//! handlers hand them out as JSON values ([`value`]) because the HTML portal reuses the
//! handlers and reads their answers as JSON. The time-and-state answers are in
//! [`super::wire_control`].

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::dto::{CustomerOut, OrderOut, ResellerOut};

/// A wire shape as a JSON value (field order kept).
pub fn as_json<T: Serialize>(shape: &T) -> Value {
    serde_json::to_value(shape).unwrap_or(Value::Null)
}

/// The accounts a customer belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAssociations {
    /// Its reseller.
    pub reseller_id: String,
    /// Its distributor.
    pub distributor_id: String,
}

/// A customer as the portal shows it: the CPAPI resource plus its associations.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalCustomer)]
pub struct PortalCustomerOut {
    /// The CPAPI customer resource.
    #[serde(flatten)]
    pub customer: CustomerOut,
    /// Its reseller and distributor.
    pub associations: CustomerAssociations,
}

impl From<&vipmp_core::model::Customer> for PortalCustomerOut {
    fn from(c: &vipmp_core::model::Customer) -> Self {
        Self {
            customer: CustomerOut::from(c),
            associations: CustomerAssociations {
                reseller_id: c.reseller_id.clone(),
                distributor_id: c.distributor_id.clone(),
            },
        }
    }
}

/// The accounts a reseller belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResellerAssociations {
    /// Its distributor.
    pub distributor_id: String,
}

/// A reseller as the portal shows it: the CPAPI resource plus its distributor.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalReseller, example = json!({
    "distributorId": "5000000001", "externalReferenceId": "", "resellerId": "1000000001",
    "companyProfile": {"companyName": "Reseller Example", "preferredLanguage": "en-US", "marketSegments": ["COM"],
        "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
            "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
        "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
    "creationDate": "2025-01-15T10:00:00Z", "status": "1000",
    "links": {"self": {"uri": "/v3/resellers/1000000001", "method": "GET", "headers": []}},
    "associations": {"distributorId": "5000000001"}
}))]
pub struct PortalResellerOut {
    /// The CPAPI reseller resource.
    #[serde(flatten)]
    pub reseller: ResellerOut,
    /// Its distributor.
    pub associations: ResellerAssociations,
}

impl From<&vipmp_core::model::Reseller> for PortalResellerOut {
    fn from(r: &vipmp_core::model::Reseller) -> Self {
        Self {
            reseller: ResellerOut::from(r),
            associations: ResellerAssociations { distributor_id: r.distributor_id.clone() },
        }
    }
}

/// An order as the portal shows it: the CPAPI resource (as read, with pricing when complete)
/// plus its price.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalOrder, example = json!({
    "referenceOrderId": "", "referencedOrderId": "", "externalReferenceId": "", "orderId": "5120000001",
    "customerId": "1005000001", "orderType": "NEW", "currencyCode": "USD", "creationDate": "2025-01-15T10:00:00Z",
    "status": "1002", "source": "API",
    "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1, "subscriptionId": "",
        "status": "1002", "currencyCode": "USD"}],
    "links": {"self": {"uri": "/v3/customers/1005000001/orders/5120000001", "method": "GET", "headers": []}},
    "orderPrice": "-"
}))]
pub struct PortalOrderOut {
    /// The CPAPI order resource.
    #[serde(flatten)]
    pub order: OrderOut,
    /// The total partner price with its currency (`"810.00 USD"`) of a complete, priced order;
    /// `-` otherwise.
    #[schema(example = "810.00 USD")]
    pub order_price: String,
}

macro_rules! page {
    ($(#[$doc:meta])* $name:ident, $as:ident, $item:ty, $example:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        #[schema(as = $as, example = $example)]
        pub struct $name {
            /// Matching records in all pages.
            pub total_count: i64,
            /// This page's number, from 1.
            pub page: i64,
            /// The page size.
            pub page_size: i64,
            /// The records of this page.
            pub items: Vec<$item>,
        }
    };
}

page!(
    /// A page of the customer list.
    CustomerPage, PortalCustomerPage, PortalCustomerOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);
page!(
    /// A page of the reseller list.
    ResellerPage, PortalResellerPage, PortalResellerOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);
page!(
    /// A page of the order list.
    OrderPage, PortalOrderPage, PortalOrderOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);

/// An order row of the expanded customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerOrderRow {
    /// The order id.
    pub order_id: String,
    /// The customer.
    pub customer_id: String,
    /// When it was created (UTC).
    #[schema(format = DateTime)]
    pub created_date: String,
    /// Order status.
    pub status: String,
    /// `NEW`, `RENEWAL`, `RETURN`, …
    pub order_type: &'static str,
    /// `"810.00 USD"`, or `-`.
    pub order_price: String,
}

/// A subscription row of the expanded customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRow {
    /// The subscription id.
    pub subscription_id: String,
    /// Its offer.
    pub offer_id: String,
    /// When it was created (UTC).
    #[schema(format = DateTime)]
    pub created_date: String,
    /// The next renewal date (`YYYY-MM-DD`), `""` if none.
    pub renewal_date: String,
    /// Licences provisioned.
    pub current_quantity: i64,
    /// The quantity that will renew.
    pub renewal_quantity: i64,
    /// The quantity renewed early, 0 if none.
    pub renewed_quantity: i64,
    /// Whether it renews automatically.
    pub auto_renewal: bool,
    /// Subscription status.
    pub status: String,
    /// Its deployment, `""` if none.
    pub deployment_id: String,
    /// The currency.
    pub currency_code: String,
    /// Actions allowed on it (`MANUAL_RENEWAL`).
    pub allowed_actions: Vec<String>,
    /// Always `""`.
    pub renewal_code: &'static str,
    /// Always empty.
    pub flex_discount_codes: Vec<String>,
}

/// The Trigger Auto Renewal button.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TriggerAction {
    /// Whether a trigger would be accepted now.
    pub enabled: bool,
    /// Seconds left in the cooldown, 0 if none.
    pub cooldown_remaining_seconds: i64,
}

/// What the portal allows on the expanded customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerActions {
    /// Edit Status.
    pub edit_status: bool,
    /// Edit cotermDate.
    pub edit_coterm_date: bool,
    /// Edit 3YC terms (a commitment exists).
    #[serde(rename = "edit3ycTerms")]
    pub edit_3yc_terms: bool,
    /// Accept or reject a pending 3YC request.
    #[serde(rename = "accept3yc")]
    pub accept_3yc: bool,
    /// Enroll in 3YC.
    #[serde(rename = "enroll3yc")]
    pub enroll_3yc: bool,
    /// Trigger Auto Renewal.
    pub trigger_auto_renewal: TriggerAction,
    /// Edit global sales (a COM customer of a global-sales distributor).
    pub edit_global_sales: bool,
    /// Always `false` (not emulated).
    pub generate_approval_code: bool,
    /// Always `false` (not emulated).
    pub create_pa: bool,
}

/// The expanded customer (Manage Records › Customers).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "customer": {"externalReferenceId": "", "customerId": "1005000001", "resellerId": "1000000001",
        "globalSalesEnabled": false,
        "companyProfile": {"companyName": "Customer Example", "preferredLanguage": "en-US", "marketSegment": "COM",
            "marketSubSegments": [],
            "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
                "addressLine2": "", "postalCode": "95110", "phoneNumber": ""},
            "contacts": [{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}]},
        "discounts": [], "benefits": [], "tags": [], "cotermDate": "", "creationDate": "2025-01-15T10:00:00Z",
        "status": "1000",
        "links": {"self": {"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}},
        "associations": {"resellerId": "1000000001", "distributorId": "5000000001"}},
    "linkedAccountGroup": null, "orders": [], "subscriptions": [], "deployments": [],
    "actions": {"editStatus": true, "editCotermDate": true, "edit3ycTerms": false, "accept3yc": false,
        "enroll3yc": false, "triggerAutoRenewal": {"enabled": true, "cooldownRemainingSeconds": 0},
        "editGlobalSales": false, "generateApprovalCode": false, "createPa": false}
}))]
pub struct CustomerDetailOut {
    /// The customer.
    pub customer: PortalCustomerOut,
    /// Always `null` (linked memberships are not emulated).
    #[schema(value_type = Option<Object>)]
    pub linked_account_group: Option<Value>,
    /// Its orders.
    pub orders: Vec<CustomerOrderRow>,
    /// Its subscriptions.
    pub subscriptions: Vec<SubscriptionRow>,
    /// Always empty.
    #[schema(value_type = Vec<Object>)]
    pub deployments: Vec<Value>,
    /// What the portal allows.
    pub actions: CustomerActions,
}

/// The trigger's cooldown.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"cooldownRemainingSeconds": 87, "nextAllowedAt": "2025-01-15T10:02:00Z", "cooldownSeconds": 120}))]
pub struct CooldownOut {
    /// Seconds left, 0 if none.
    pub cooldown_remaining_seconds: i64,
    /// When a trigger is accepted again, `null` when it is now.
    #[schema(format = DateTime)]
    pub next_allowed_at: Option<String>,
    /// The cooldown window.
    pub cooldown_seconds: i64,
}

/// An accepted trigger.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"jobId": "job-1", "nextAllowedAt": "2025-01-15T10:02:00Z", "cooldownSeconds": 120}))]
pub struct TriggerOut {
    /// The renewal job (`GET /portal/api/v1/jobs/{job_id}`).
    pub job_id: String,
    /// When a trigger is accepted again.
    #[schema(format = DateTime)]
    pub next_allowed_at: String,
    /// The cooldown window.
    pub cooldown_seconds: i64,
}

/// A renewal job started by Trigger Auto Renewal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "jobId": "job-1", "customerId": "1005000001", "status": "DONE", "renewalOrderId": "5120000002",
    "expiredSubscriptions": [], "renewed": 1, "expired": 0, "failed": false
}))]
pub struct RenewalJobOut {
    /// The job id.
    pub job_id: String,
    /// The customer.
    pub customer_id: String,
    /// `PENDING` or `DONE`.
    pub status: String,
    /// The RENEWAL order it created, if any.
    pub renewal_order_id: Option<String>,
    /// The subscriptions it expired.
    pub expired_subscriptions: Vec<String>,
    /// Subscriptions renewed.
    pub renewed: usize,
    /// Subscriptions expired.
    pub expired: usize,
    /// Whether its renewal order failed.
    pub failed: bool,
}

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

/// A distributor (partner) as the portal shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Partner, example = json!({
    "distributorId": "5000000001", "name": "Distributor 5000000001", "country": "US",
    "globalSalesEnabled": false, "lgaEnabled": false, "status": "1000"
}))]
pub struct PartnerOut {
    /// The distributor id.
    pub distributor_id: String,
    /// Its name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Whether it may sell for deployments in other countries.
    pub global_sales_enabled: bool,
    /// Whether it may sell to Large Government Agencies.
    pub lga_enabled: bool,
    /// `1000` active, `1004` inactive.
    pub status: &'static str,
}

impl From<&vipmp_core::model::Distributor> for PartnerOut {
    fn from(d: &vipmp_core::model::Distributor) -> Self {
        Self {
            distributor_id: d.id.clone(),
            name: d.name.clone(),
            country: d.country.clone(),
            global_sales_enabled: d.global_sales_enabled,
            lga_enabled: d.lga_enabled,
            status: if d.active { "1000" } else { "1004" },
        }
    }
}

/// The caller's own distributor, as a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1, "items": [{
    "distributorId": "5000000001", "name": "Distributor 5000000001", "country": "US",
    "globalSalesEnabled": false, "lgaEnabled": false, "status": "1000"}]}))]
pub struct PartnerList {
    /// Always 1.
    pub total_count: i64,
    /// The caller's distributor.
    pub items: Vec<PartnerOut>,
}
