//! The portal API's expanded customer (its order and subscription rows and the actions
//! allowed) and the Trigger Auto Renewal answers (cooldown, trigger, renewal job), mapped from
//! the views of `vipmp_core::service::portal_view`.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::model::{Deployment, Order, Subscription};
use vipmp_core::service::portal_view::{self, CustomerView, RenewalJobView};

use super::PortalCustomerOut;
use crate::cpapi::dto::{AddressOut, UnpaidLicenseOut};
use crate::portal_api::linked_memberships::PortalLinkedMembershipOut;

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

impl From<&Order> for CustomerOrderRow {
    fn from(o: &Order) -> Self {
        Self {
            order_id: o.id.clone(),
            customer_id: o.customer_id.clone(),
            created_date: format_datetime(o.created_at),
            status: o.status.clone(),
            order_type: o.order_type.as_str(),
            order_price: portal_view::order_price(o),
        }
    }
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
    /// The High Growth renewal code for the next term, `""` if none.
    pub renewal_code: String,
    /// The flexible discount codes opted in for the next renewal.
    pub flex_discount_codes: Vec<String>,
}

impl From<&Subscription> for SubscriptionRow {
    fn from(s: &Subscription) -> Self {
        Self {
            subscription_id: s.id.clone(),
            offer_id: s.offer_id.clone(),
            created_date: format_datetime(s.created_at),
            renewal_date: s.renewal_date.map(format_date).unwrap_or_default(),
            current_quantity: s.current_quantity,
            renewal_quantity: s.effective_renewal_quantity(),
            renewed_quantity: s.renewed_quantity.unwrap_or(0),
            auto_renewal: s.auto_renewal_enabled,
            status: s.status.clone(),
            deployment_id: s.deployment_id.clone().unwrap_or_default(),
            currency_code: s.currency_code.clone(),
            allowed_actions: s.allowed_actions.clone(),
            renewal_code: s.renewal_code.clone().unwrap_or_default(),
            flex_discount_codes: s.flex_discount_codes.clone(),
        }
    }
}

/// A deployment row of the expanded customer (*Customer's Associated Deployments*; **View**
/// shows all of it).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRow {
    /// The deployment id.
    pub deployment_id: String,
    /// `1000` active, `1004` inactive.
    pub status: String,
    /// Its country.
    pub country: String,
    /// Its address.
    pub address: AddressOut,
    /// When it was created (UTC).
    #[schema(format = DateTime)]
    pub creation_date: String,
}

impl From<&Deployment> for DeploymentRow {
    fn from(d: &Deployment) -> Self {
        Self {
            deployment_id: d.id.clone(),
            status: d.status.clone(),
            country: d.address.country.clone(),
            address: AddressOut::from(&d.address),
            creation_date: format_datetime(d.created_at),
        }
    }
}

/// A product the Create PA dialog offers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaProductOut {
    /// Its base offer id (the `baseOfferId` to send).
    pub base_offer_id: String,
    /// Its name.
    pub product_name: String,
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

impl From<portal_view::TriggerAction> for TriggerAction {
    fn from(t: portal_view::TriggerAction) -> Self {
        Self { enabled: t.enabled, cooldown_remaining_seconds: t.cooldown_remaining_seconds }
    }
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
    /// Create PA (`POST .../purchase-authorizations`).
    pub create_pa: bool,
}

impl From<portal_view::CustomerActions> for CustomerActions {
    fn from(a: portal_view::CustomerActions) -> Self {
        Self {
            edit_status: a.edit_status,
            edit_coterm_date: a.edit_coterm_date,
            edit_3yc_terms: a.edit_3yc_terms,
            accept_3yc: a.accept_3yc,
            enroll_3yc: a.enroll_3yc,
            trigger_auto_renewal: a.trigger_auto_renewal.into(),
            edit_global_sales: a.edit_global_sales,
            generate_approval_code: a.generate_approval_code,
            create_pa: a.create_pa,
        }
    }
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
    "linkedAccountGroup": null, "orders": [], "subscriptions": [], "deployments": [], "purchaseAuthorizations": [],
    "paProducts": [{"baseOfferId": "65304520CA01A12", "productName": "Acrobat Pro for Teams"}],
    "actions": {"editStatus": true, "editCotermDate": true, "edit3ycTerms": false, "accept3yc": false,
        "enroll3yc": false, "triggerAutoRenewal": {"enabled": true, "cooldownRemainingSeconds": 0},
        "editGlobalSales": false, "generateApprovalCode": false, "createPa": true}
}))]
pub struct CustomerDetailOut {
    /// The customer.
    pub customer: PortalCustomerOut,
    /// The customer's linked membership with the group's state (a `PortalLinkedMembership`,
    /// SPEC §5.4.10), `null` when it is in no group.
    #[schema(value_type = Option<Object>)]
    pub linked_account_group: Option<PortalLinkedMembershipOut>,
    /// Its orders.
    pub orders: Vec<CustomerOrderRow>,
    /// Its subscriptions.
    pub subscriptions: Vec<SubscriptionRow>,
    /// Its deployments, oldest first.
    pub deployments: Vec<DeploymentRow>,
    /// Its open purchase authorizations, oldest first (as `open-acquisitions` lists them).
    pub purchase_authorizations: Vec<UnpaidLicenseOut>,
    /// The products the Create PA dialog offers.
    pub pa_products: Vec<PaProductOut>,
    /// What the portal allows.
    pub actions: CustomerActions,
}

impl From<&CustomerView> for CustomerDetailOut {
    fn from(v: &CustomerView) -> Self {
        Self {
            customer: PortalCustomerOut::from(&v.customer),
            linked_account_group: PortalLinkedMembershipOut::of(&v.customer),
            orders: v.orders.iter().map(CustomerOrderRow::from).collect(),
            subscriptions: v.subscriptions.iter().map(SubscriptionRow::from).collect(),
            deployments: v.customer.deployments.iter().map(DeploymentRow::from).collect(),
            purchase_authorizations: v.purchase_authorizations.iter().map(UnpaidLicenseOut::from).collect(),
            pa_products: v
                .pa_products
                .iter()
                .map(|p| PaProductOut { base_offer_id: p.base_offer_id(), product_name: p.name.clone() })
                .collect(),
            actions: v.actions.into(),
        }
    }
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
#[schema(example = json!({"jobId": "job-1", "nextAllowedAt": "2025-01-15T10:02:00Z", "cooldownSeconds": 120,
    "dueSubscriptions": 0, "nextRenewalDate": "2026-01-15"}))]
pub struct TriggerOut {
    /// The renewal job (`GET /portal/api/v1/jobs/{job_id}`).
    pub job_id: String,
    /// When a trigger is accepted again.
    #[schema(format = DateTime)]
    pub next_allowed_at: String,
    /// The cooldown window.
    pub cooldown_seconds: i64,
    /// Subscriptions due when the trigger was accepted (renewal date today or earlier, not yet
    /// processed). `0`: the job will find nothing (set the cotermDate first, SPEC §5.4.3).
    pub due_subscriptions: usize,
    /// The earliest renewal date after today of the active and scheduled subscriptions
    /// (`null` when there is none).
    #[schema(format = Date)]
    pub next_renewal_date: Option<String>,
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

impl From<RenewalJobView> for RenewalJobOut {
    fn from(v: RenewalJobView) -> Self {
        let failed = v.failed();
        let job = v.job;
        Self {
            job_id: job.id,
            customer_id: job.customer_id,
            status: job.status,
            renewal_order_id: job.renewal_order_id,
            expired: job.expired_subscriptions.len(),
            expired_subscriptions: job.expired_subscriptions,
            renewed: job.renewed,
            failed,
        }
    }
}
