//! What the HTML pages extract from a request besides the session: the htmx and CSRF headers,
//! and the query parameters of the list pages, the expanded rows and the Requests page. Each is
//! also documented (`IntoParams`), so the pages' part of the OpenAPI document lists them.

use serde::Deserialize;
use utoipa::IntoParams;

/// The header htmx sends on its requests.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Header)]
pub struct HtmxHeader {
    /// Sent by htmx (`true`). Without a live session the answer is then `401` with
    /// `HX-Redirect` rather than a `303`.
    #[serde(rename = "HX-Request")]
    #[param(example = "true")]
    pub hx_request: String,
}

/// The headers of a signed-in POST.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Header)]
pub struct PostHeaders {
    /// Sent by htmx (`true`). Without a live session the answer is then `401` with
    /// `HX-Redirect` rather than a `303`.
    #[serde(rename = "HX-Request")]
    #[param(example = "true")]
    pub hx_request: String,
    /// The session's CSRF token (htmx sends it from the page's `hx-headers`); a form sends the
    /// `csrf` field instead.
    #[serde(rename = "X-CSRF-Token")]
    pub x_csrf_token: String,
}

/// The list pages' toolbar (Customers, Resellers, Orders). A value the portal API refuses
/// shows its error inline.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `creationDate` (default), `status`, `name` (customers, resellers), `customerId`,
    /// `resellerId`, `orderId` or `orderType` (orders): the list's own id and fields.
    #[param(example = "creationDate")]
    pub sort: String,
    /// `desc` (default) or `asc`.
    #[param(example = "desc")]
    pub order: String,
    /// `10` (default), `20`, `30`, `50` or `100`.
    #[param(example = "10")]
    pub page_size: String,
    /// The page, from 1.
    #[param(example = "1")]
    pub page: String,
    /// What `q` is matched against: `customerId` or `resellerId` (customers), `resellerId`
    /// (resellers), `orderId` or `customerId` (orders).
    #[param(example = "customerId")]
    pub search_by: String,
    /// The id searched for.
    pub q: String,
}

/// How a customer's expanded row opens.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CustomerExpandQuery {
    /// `true`: with the Edit form open (not under the production profile).
    #[param(example = "true")]
    pub edit: String,
    /// `true`: with the 3YC terms form open (not under the production profile).
    pub terms: String,
    /// `true`: with the Create PA dialog open (not under the production profile).
    #[serde(rename = "createPa")]
    #[param(rename = "createPa")]
    pub create_pa: String,
    /// A deployment of the customer to show (View); an unknown one shows an inline error.
    #[param(example = "1450000001")]
    pub deployment: String,
    /// `true`: with that deployment's Edit form open (not under the production profile).
    #[serde(rename = "deploymentEdit")]
    #[param(rename = "deploymentEdit")]
    pub deployment_edit: String,
    /// A subscription of the customer whose Edit form to open (not under the production profile).
    #[serde(rename = "subscriptionEdit")]
    #[param(rename = "subscriptionEdit", example = "8675309a1b2c3d4e5f60718293a4b5NA")]
    pub subscription_edit: String,
}

/// How a reseller's or order's expanded row opens.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RecordExpandQuery {
    /// `true`: with the Edit form open (not under the production profile).
    #[param(example = "true")]
    pub edit: String,
}

/// The Requests page's filters (those of `GET /portal/api/v1/requests`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct RequestsQuery {
    /// Only this method.
    #[param(example = "POST")]
    pub method: String,
    /// Only paths matching this path or route template.
    pub path: String,
    /// Only this status.
    #[param(example = "400")]
    pub status: String,
    /// Only requests about this customer.
    pub customer_id: String,
    /// At most this many entries (newest first; at most 100).
    #[param(example = "50")]
    pub limit: String,
    /// Only entries older than this id (the "Older" link).
    pub before_id: String,
}
