//! The portal API's answers about records (SPEC §5): typed structs that are exactly what gets
//! serialized and derive their OpenAPI schema, so the document and the wire cannot drift. The
//! HTML portal renders the same structs. The time-and-state answers are in
//! `crate::control::wire`.
//! The expanded customer and the Create Default Records answers are in submodules,
//! re-exported from this module.

use serde::Serialize;
use utoipa::ToSchema;

use crate::cpapi::dto::{CustomerOut, OrderOut, ResellerOut};

mod customer_detail;
mod default_records;
mod memberships;

pub use customer_detail::{
    CooldownOut, CustomerActions, CustomerDetailOut, CustomerOrderRow, DeploymentRow, PaProductOut, RenewalJobOut,
    SubscriptionRow, TriggerAction, TriggerOut,
};
pub use default_records::{DefaultCustomerOut, DefaultOrdersOut, DefaultResellerOut, DefaultSetOut, TASK_COMPLETE};
pub use memberships::{CreatedOut, IneligibleOut, MembershipItemOut, MembershipLinkOut, MembershipOut, TransferRowOut};

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

        impl Paged for $name {
            type Item = $item;

            fn into_parts(self) -> (i64, i64, i64, Vec<$item>) {
                (self.total_count, self.page, self.page_size, self.items)
            }
        }
    };
}

/// A page of one of the portal's lists (`{totalCount, page, pageSize, items}`), whatever its
/// records: what the HTML list pages render.
pub trait Paged {
    /// The records.
    type Item;

    /// Its total count, page number, page size and records.
    fn into_parts(self) -> (i64, i64, i64, Vec<Self::Item>);
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
    /// A page of the Created Memberships list.
    MembershipPage, PortalMembershipPage, super::memberships::MembershipOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);
page!(
    /// A page of Manage Records › Transfers.
    TransferPage, PortalMembershipTransferPage, super::memberships::TransferRowOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);
page!(
    /// A page of the order list.
    OrderPage, PortalOrderPage, PortalOrderOut,
    json!({"totalCount": 0, "page": 1, "pageSize": 10, "items": []})
);

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
            status: vipmp_core::service::portal_view::distributor_status(d),
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
