//! The query parameters of the account lists and the order history (E6, E10, E16, E37).

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// An account status filter.
#[derive(Serialize, ToSchema)]
pub enum AccountStatusFilter {
    /// Active.
    #[serde(rename = "1000")]
    Active,
    /// Pending.
    #[serde(rename = "1002")]
    Pending,
    /// Inactive.
    #[serde(rename = "1004")]
    Inactive,
    /// Inactive: customer id invalid.
    #[serde(rename = "1026")]
    InvalidId,
}

/// The sort keys of the account lists.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AccountSortBy {
    /// By creation date (default).
    CreationDate,
    /// By company name.
    CompanyName,
}

/// The query of `GET /v3/linked_membership_groups` (E37).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkedGroupQuery {
    /// `US` or `CA` (required: `1118` without it).
    #[param(example = "US")]
    country: Option<String>,
    /// A substring of the group name, case-insensitive, at most 80 characters.
    #[param(max_length = 80, example = "Agency")]
    name: Option<String>,
}

/// The query of `GET /v3/resellers` (E6).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResellerListQuery {
    /// Statuses to list (repeatable); default `1000`.
    status: Option<Vec<AccountStatusFilter>>,
    /// Company name, `*` matches any sequence, case-insensitive.
    #[param(rename = "company-name", example = "Reseller*")]
    company_name: Option<String>,
    /// Sort key.
    #[param(rename = "sort-by", inline)]
    sort_by: Option<AccountSortBy>,
    /// `asc` or `desc` (default), case-insensitive.
    #[param(rename = "order-by", pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$", example = "desc")]
    order_by: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}

/// The query of `GET /v3/resellers/{reseller_id}/customers` (E10).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerListQuery {
    /// Statuses to list (repeatable); default `1000`.
    status: Option<Vec<AccountStatusFilter>>,
    /// One customer id.
    #[param(rename = "customer-id")]
    customer_id: Option<String>,
    /// Company name, `*` matches any sequence, case-insensitive.
    #[param(rename = "company-name", example = "Customer*")]
    company_name: Option<String>,
    /// Created on or after (`YYYY-MM-DD` or a UTC date-time).
    #[param(rename = "from-created-date", format = Date)]
    from_created_date: Option<String>,
    /// Created on or before (`YYYY-MM-DD`, the whole day, or a UTC date-time).
    #[param(rename = "to-created-date", format = Date)]
    to_created_date: Option<String>,
    /// Sort key.
    #[param(rename = "sort-by", inline)]
    sort_by: Option<AccountSortBy>,
    /// `asc` or `desc` (default), case-insensitive.
    #[param(rename = "order-by", pattern = "^([aA][sS][cC]|[dD][eE][sS][cC])$", example = "desc")]
    order_by: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50, example = 20)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
}

/// The order types of the order history filter.
#[derive(Serialize, ToSchema)]
pub enum HistoryOrderType {
    /// New purchase.
    #[serde(rename = "NEW")]
    New,
    /// VIP → VIP MP transfer.
    #[serde(rename = "TRANSFER")]
    Transfer,
    /// Renewal.
    #[serde(rename = "RENEWAL")]
    Renewal,
    /// Return.
    #[serde(rename = "RETURN")]
    Return,
    /// Mid-term upgrade.
    #[serde(rename = "SWITCH")]
    Switch,
    /// Revert of an upgrade.
    #[serde(rename = "REVERT_SWITCH")]
    RevertSwitch,
}

/// The query of `GET /v3/customers/{customer_id}/orders` (E17).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderHistoryQuery {
    /// Order types (repeatable, OR-ed); default all.
    #[param(rename = "order-type", inline)]
    order_type: Option<Vec<HistoryOrderType>>,
    /// Order statuses (repeatable, OR-ed): `1000`, `1002`, `1004`, `1008`, `1010`, `1014`, `1020`, `1022`,
    /// `1024`, `1026`.
    #[param(pattern = "^10(00|02|04|08|10|14|20|22|24|26)$")]
    status: Option<Vec<String>>,
    /// Offer ids of the lines (repeatable, OR-ed).
    #[param(rename = "offer-id")]
    offer_id: Option<Vec<String>>,
    /// Subscription ids of the lines or of the cancelling items (repeatable, OR-ed).
    #[param(rename = "subscription-id")]
    subscription_id: Option<Vec<String>>,
    /// The order a RETURN refers to.
    #[param(rename = "reference-order-id")]
    reference_order_id: Option<String>,
    /// Created on or after (`YYYY-MM-DD` = 00:00:00Z, or a UTC date-time); default the current term's start.
    #[param(rename = "start-date", format = Date)]
    start_date: Option<String>,
    /// Created on or before (`YYYY-MM-DD` = 00:00:00Z, or a UTC date-time); default now.
    #[param(rename = "end-date", format = Date)]
    end_date: Option<String>,
    /// Page size, at least 1 (default 25; above 100 is 100).
    #[param(minimum = 1, example = 25)]
    limit: Option<i64>,
    /// Entries to skip (default 0); past the end is `1133`.
    #[param(minimum = 0, example = 0)]
    offset: Option<i64>,
    /// `true`: prices of completed single-currency orders.
    #[param(rename = "fetch-price")]
    fetch_price: Option<bool>,
}
