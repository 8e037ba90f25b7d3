//! Manage Records › Customers (SPEC §5.4): list, expand, edits, 3YC and the renewal trigger.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use vipmp_core::service::portal_view::{self, CustomerView};
use vipmp_core::service::{hvd, portal_dates, portal_edits, three_year_commit};
use vipmp_core::store::{AccountQuery, AccountSort};

use super::lists::{self, bad};
use super::wire::{CustomerDetailOut, CustomerPage, PortalCustomerOut};
use crate::cpapi::dto::{self, CustomerOut, SubscriptionOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

/// `GET /portal/api/v1/customers`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/customers",
    tag = "Portal",
    operation_id = "portalListCustomers",
    summary = "Manage Records › Customers: list and search",
    params(ps::CustomerListQuery),
    responses(
        (status = 200, description = "A page of the distributor's customers.", body = CustomerPage),
        (status = 400, description = "`P400` an invalid `sort`, `order`, `pageSize`, `page` or `searchBy` (the \
            detail names it); `1132` a parameter repeated with different values.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<CustomerPage>> {
    Ok(Json(customer_page(&state, &caller, &query).await?))
}

/// A page of the customer list (the JSON API and the HTML page).
pub async fn customer_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<CustomerPage> {
    let p = lists::parse(query, &["creationDate", "customerId", "status", "name"], &["customerId", "resellerId"])?;
    let mut q = AccountQuery {
        distributor_id: caller.distributor_id.clone(),
        statuses: Vec::new(),
        id: None,
        reseller_id: None,
        company_name: None,
        created_from: None,
        created_to: None,
        sort: match p.sort.as_str() {
            "customerId" => AccountSort::Id,
            "status" => AccountSort::Status,
            "name" => AccountSort::CompanyName,
            _ => AccountSort::CreationDate,
        },
        order: p.order,
        limit: p.page_size,
        offset: p.offset(),
    };
    match &p.search {
        Some((by, v)) if by == "resellerId" => q.reseller_id = Some(v.clone()),
        Some((_, v)) => q.id = Some(v.clone()),
        None => {}
    }
    let page = state.store.list_customers(&q).await?;
    let items = page.items.iter().map(PortalCustomerOut::from).collect();
    Ok(CustomerPage { total_count: page.total, page: p.page, page_size: p.page_size, items })
}

/// The expanded customer `id` (the JSON API and the HTML page).
pub async fn customer_view(state: &AppState, caller: &Caller, id: &str) -> ApiResult<CustomerView> {
    Ok(portal_view::customer(&*state.store, &state.settings, &caller.distributor_id, id, state.now()).await?)
}

/// `GET /portal/api/v1/customers/{id}`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/customers/{customer_id}",
    tag = "Portal",
    operation_id = "portalGetCustomer",
    summary = "Manage Records › Customers: the expanded customer",
    responses(
        (status = 200, description = "The customer with its orders, subscriptions and the actions allowed.",
            body = CustomerDetailOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn detail(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<Json<CustomerDetailOut>> {
    Ok(Json(CustomerDetailOut::from(&customer_view(&state, &caller, path.get(0)).await?)))
}

/// `POST /portal/api/v1/customers/{id}/three-year-commit/decision`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/three-year-commit/decision",
    tag = "Portal",
    operation_id = "portalDecideThreeYearCommit",
    summary = "Accept or reject a pending 3YC request",
    request_body = ps::DecisionIn,
    responses(
        (status = 200, description = "The customer, with the request decided (the CPAPI resource).",
            body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, or an invalid `request` or \
            `decision`; `1117` a body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` no pending request.", body = AdobeError),
    ),
)]
pub async fn decision(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<CustomerOut>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["request", "decision"])?;
    let which = string_field(&map, "request")?.unwrap_or_else(|| "commitmentRequest".into());
    let accept = match string_field(&map, "decision")?.as_deref() {
        Some("ACCEPT") => true,
        Some("REJECT") => false,
        _ => return Err(bad("decision")),
    };
    let id = path.get(0).to_string();
    let c = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { three_year_commit::decide(tx, ctx, &id, &which, accept).await })
    })
    .await?;
    Ok(Json(CustomerOut::from(&c)))
}

/// `POST /portal/api/v1/customers/{id}/three-year-commit/enroll`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/three-year-commit/enroll",
    tag = "Portal",
    operation_id = "portalEnrollThreeYearCommit",
    summary = "Enroll a customer in 3YC",
    responses(
        (status = 200, description = "The customer, committed (the CPAPI resource).", body = dto::CustomerOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` the customer is not eligible for 3YC.", body = AdobeError),
    ),
)]
pub async fn enroll(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<CustomerOut>> {
    mutation_allowed(&state)?;
    let id = path.get(0).to_string();
    let c = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { three_year_commit::enroll(tx, ctx, &id).await })
    })
    .await?;
    Ok(Json(CustomerOut::from(&c)))
}

/// `POST /portal/api/v1/customers/{id}/hvd`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/hvd",
    tag = "Portal",
    operation_id = "portalMakeHvdCustomer",
    summary = "Make a customer a migrated High Volume Discount (HVD) customer",
    description = "Sandbox test data (SPEC §4.18): the customer gains the tag `HVD_MIGRATED_CUSTOMER` and the \
        discount code `HVD_L17_PRE` … `HVD_L18_POST` on its LICENSE discount; its licence level stays its 3YC \
        level (13 or 14).",
    request_body = ps::HvdMigrationIn,
    responses(
        (status = 200, description = "The customer, migrated (the CPAPI resource).", body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, a `discountLevel` other than \
            `17`/`18` or a `pricing` other than `PRE_DCLO`/`POST_DCLO`; `1117` a body that is not JSON.",
            body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` an EDU customer, no 3YC commitment in force, or a licence minimum \
            below 50 (level 17) or 100 (level 18).", body = AdobeError),
    ),
)]
pub async fn hvd(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<CustomerOut>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["discountLevel", "pricing"])?;
    let level =
        string_field(&map, "discountLevel")?.filter(|l| l == "17" || l == "18").ok_or_else(|| bad("discountLevel"))?;
    let post_pricing = match string_field(&map, "pricing")?.as_deref() {
        None | Some("PRE_DCLO") => false,
        Some("POST_DCLO") => true,
        Some(_) => return Err(bad("pricing")),
    };
    let ask = hvd::Migration { level, post_pricing };
    let id = path.get(0).to_string();
    let c =
        transaction(&state, &caller, move |tx, ctx| Box::pin(async move { hvd::migrate(tx, ctx, &id, &ask).await }))
            .await?;
    Ok(Json(CustomerOut::from(&c)))
}

fn date_field(map: &serde_json::Map<String, Value>, key: &str) -> ApiResult<Option<chrono::NaiveDate>> {
    match string_field(map, key)? {
        None => Ok(None),
        Some(s) => Ok(Some(portal_dates::date(key, &s)?)),
    }
}

/// `PATCH /portal/api/v1/customers/{id}/three-year-commit`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/customers/{customer_id}/three-year-commit",
    tag = "Portal",
    operation_id = "portalEditThreeYearCommitTerms",
    summary = "Edit a customer's 3YC terms",
    request_body = ps::TermsEditIn,
    responses(
        (status = 200, description = "The customer, with the terms edited (the CPAPI resource).",
            body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, or an invalid date or status; \
            `1117` a body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` the customer has no commitment.", body = AdobeError),
    ),
)]
pub async fn edit_terms(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<CustomerOut>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["startDate", "endDate", "status"])?;
    let edit = three_year_commit::TermsEdit {
        start_date: date_field(&map, "startDate")?,
        end_date: date_field(&map, "endDate")?,
        status: string_field(&map, "status")?,
    };
    let id = path.get(0).to_string();
    let c = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { three_year_commit::edit_terms(tx, ctx, &id, edit).await })
    })
    .await?;
    Ok(Json(CustomerOut::from(&c)))
}

/// `PATCH /portal/api/v1/customers/{cid}/subscriptions/{sid}`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/customers/{customer_id}/subscriptions/{subscription_id}",
    tag = "Portal",
    operation_id = "portalEditSubscription",
    summary = "Edit a subscription's renewal quantity, auto-renewal or status",
    request_body = ps::SubscriptionEditIn,
    responses(
        (status = 200, description = "The subscription, edited (the CPAPI resource).", body = dto::SubscriptionOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or an invalid value; `1117` a \
            body that is not JSON; `3116` renewalQuantity out of range.", body = AdobeError),
        (status = 404, description = "`P404` no such customer or subscription.", body = AdobeError),
    ),
)]
pub async fn edit_subscription(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<SubscriptionOut>> {
    let s = subscription_edit(&state, &caller, path.get(0), path.get(1), portal_body(&body)?).await?;
    Ok(Json(SubscriptionOut::from(&s)))
}

/// The portal's subscription edit (§5.7), for the JSON API and the HTML form. `autoRenewal` is a
/// bool or the CPAPI shape `{"enabled": bool}`.
pub async fn subscription_edit(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    subscription_id: &str,
    body: Value,
) -> ApiResult<vipmp_core::model::Subscription> {
    mutation_allowed(state)?;
    let map = read_fields(&body, &["renewalQuantity", "autoRenewal", "status", "renewalCode"])?;
    let edit = portal_edits::SubscriptionEdit {
        renewal_quantity: match map.get("renewalQuantity") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_i64().ok_or_else(|| bad("renewalQuantity"))?),
        },
        auto_renewal: match map.get("autoRenewal") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::Object(o)) if o.keys().all(|k| k == "enabled") => {
                Some(o.get("enabled").and_then(Value::as_bool).ok_or_else(|| bad("autoRenewal.enabled"))?)
            }
            Some(_) => return Err(bad("autoRenewal")),
        },
        status: string_field(&map, "status")?,
        renewal_code: string_field(&map, "renewalCode")?,
    };
    let (cid, sid) = (customer_id.to_string(), subscription_id.to_string());
    transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { portal_edits::edit_subscription(tx, ctx, &cid, &sid, edit).await })
    })
    .await
}
