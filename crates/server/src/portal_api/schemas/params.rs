//! What the portal API's lists and queries accept: page sizes, sort and search fields, and
//! the query parameters of the list, journal and forecast endpoints.

#![allow(dead_code, reason = "schema-only types: the handlers read parameters by hand")]

use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// The page sizes the portal's lists accept.
pub struct PageSize;

impl PartialSchema for PageSize {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .enum_values(Some([10, 20, 30, 50, 100]))
            .default(Some(10.into()))
            .description(Some("Records per page."))
            .into()
    }
}

impl ToSchema for PageSize {
    fn name() -> std::borrow::Cow<'static, str> {
        "PortalPageSize".into()
    }
}

/// A sort direction.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = PortalSortOrder)]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending (the default).
    Desc,
}

/// Sort fields of the customer list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalCustomerSort)]
pub enum CustomerSort {
    /// Creation date (the default).
    CreationDate,
    /// Customer id.
    CustomerId,
    /// Status.
    Status,
    /// Company name.
    Name,
}

/// Search criteria of the customer list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalCustomerSearch)]
pub enum CustomerSearch {
    /// The customer id (the default).
    CustomerId,
    /// The reseller id.
    ResellerId,
}

/// `GET /portal/api/v1/customers` parameters. A parameter repeated with different values is
/// `400 1132`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct CustomerListQuery {
    /// Sort field.
    sort: Option<CustomerSort>,
    /// Sort direction (case-insensitive).
    order: Option<SortOrder>,
    /// Records per page.
    #[param(value_type = Option<PageSize>)]
    page_size: Option<i64>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
    /// What `q` searches (default `customerId`).
    search_by: Option<CustomerSearch>,
    /// The value searched (trimmed).
    q: Option<String>,
}

/// Sort fields of the reseller list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalResellerSort)]
pub enum ResellerSort {
    /// Creation date (the default).
    CreationDate,
    /// Reseller id.
    ResellerId,
    /// Status.
    Status,
    /// Company name.
    Name,
}

/// Search criteria of the reseller list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalResellerSearch)]
pub enum ResellerSearch {
    /// The reseller id.
    ResellerId,
}

/// `GET /portal/api/v1/resellers` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ResellerListQuery {
    /// Sort field.
    sort: Option<ResellerSort>,
    /// Sort direction (case-insensitive).
    order: Option<SortOrder>,
    /// Records per page.
    #[param(value_type = Option<PageSize>)]
    page_size: Option<i64>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
    /// What `q` searches.
    search_by: Option<ResellerSearch>,
    /// The value searched (trimmed).
    q: Option<String>,
}

/// Sort fields of the order list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalOrderSort)]
pub enum OrderSort {
    /// Creation date (the default).
    CreationDate,
    /// Order id.
    OrderId,
    /// Status.
    Status,
    /// Order type.
    OrderType,
}

/// Search criteria of the order list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalOrderSearch)]
pub enum OrderSearch {
    /// The order id (the default).
    OrderId,
    /// The customer id.
    CustomerId,
}

/// `GET /portal/api/v1/orders` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct OrderListQuery {
    /// Sort field.
    sort: Option<OrderSort>,
    /// Sort direction (case-insensitive).
    order: Option<SortOrder>,
    /// Records per page.
    #[param(value_type = Option<PageSize>)]
    page_size: Option<i64>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
    /// What `q` searches (default `orderId`).
    search_by: Option<OrderSearch>,
    /// The value searched (trimmed).
    q: Option<String>,
}

/// Sort fields of the Created Memberships list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalMembershipSort)]
pub enum MembershipSort {
    /// Creation date (the default).
    CreationDate,
    /// Company name.
    CompanyName,
    /// Membership id.
    MembershipId,
}

/// `GET /portal/api/v1/memberships` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct MembershipListQuery {
    /// Sort field.
    sort: Option<MembershipSort>,
    /// Sort direction (case-insensitive, default `desc`).
    order: Option<SortOrder>,
    /// Records per page.
    #[param(value_type = Option<PageSize>)]
    page_size: Option<i64>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
}

/// Sort fields of the Transfers list.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalTransferSort)]
pub enum TransferSort {
    /// Creation date (the default).
    CreationDate,
    /// Transfer id.
    TransferId,
    /// Company name.
    CompanyName,
}

/// `GET /portal/api/v1/transfers` parameters.
#[derive(IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct TransferListQuery {
    /// Sort field.
    sort: Option<TransferSort>,
    /// Sort direction (case-insensitive, default `desc`).
    order: Option<SortOrder>,
    /// Records per page.
    #[param(value_type = Option<PageSize>)]
    page_size: Option<i64>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1000000)]
    page: Option<i64>,
}
