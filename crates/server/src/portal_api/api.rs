//! Portal JSON API: the status edits the tests and testers need, the distributor's global
//! sales switch and the partner list.

use axum::Json;
use axum::extract::State;
use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::{customers, resellers};

use crate::cpapi::dto::{self, CustomerOut, ResellerOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

use super::wire::{PartnerList, PartnerOut};

/// `PATCH /portal/api/v1/customers/{id}`: status, cotermDate, globalSalesEnabled, marketSubSegments.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/customers/{customer_id}",
    tag = "Portal",
    operation_id = "portalEditCustomer",
    summary = "Edit a customer's status, cotermDate or global sales",
    request_body = ps::CustomerEditIn,
    responses(
        (status = 200, description = "The customer, edited (the CPAPI resource).", body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or an invalid value; `1117` a \
            body that is not JSON; a CPAPI code (`1139` global sales not enabled for the partner, `1142` \
            the market segment, …).", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn edit_customer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<CustomerOut>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["status", "cotermDate", "globalSalesEnabled", "marketSubSegments"])?;
    let edit = customers::PortalEdit {
        status: string_field(&map, "status")?,
        coterm_date: string_field(&map, "cotermDate")?,
        global_sales_enabled: match map.get("globalSalesEnabled") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(bad("globalSalesEnabled")),
        },
        market_sub_segments: match map.get("marketSubSegments") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string).ok_or_else(|| bad("marketSubSegments")))
                    .collect::<Result<_, _>>()?,
            ),
            Some(_) => return Err(bad("marketSubSegments")),
        },
    };
    let customer = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { customers::portal_edit(tx, ctx, path.get(0), edit).await })
    })
    .await?;
    Ok(Json(CustomerOut::from(&customer)))
}

/// `PATCH /portal/api/v1/resellers/{id}`: status.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/resellers/{reseller_id}",
    tag = "Portal",
    operation_id = "portalEditReseller",
    summary = "Edit a reseller's status",
    request_body = ps::ResellerEditIn,
    responses(
        (status = 200, description = "The reseller, edited (the CPAPI resource).", body = dto::ResellerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, no `status` or an invalid one; \
            `1117` a body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` no such reseller of the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn edit_reseller(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<ResellerOut>> {
    mutation_allowed(&state)?;
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["status"])?;
    let status = string_field(&map, "status")?.ok_or_else(|| bad("status"))?;
    let reseller = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { resellers::set_status(tx, ctx, path.get(0), &status).await })
    })
    .await?;
    Ok(Json(ResellerOut::from(&reseller)))
}

/// `POST /portal/api/v1/partners/{distributorId}/global-sales`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/partners/{distributor_id}/global-sales",
    tag = "Portal",
    operation_id = "portalSetGlobalSales",
    summary = "Turn the distributor's global sales on or off",
    request_body = ps::GlobalSalesIn,
    responses(
        (status = 200, description = "The distributor, edited.", body = PartnerOut),
        (status = 400, description = "`P400` a malformed body, an unknown member or no boolean `enabled`; `1117` a \
            body that is not JSON.", body = AdobeError),
        (status = 404, description = "`P404` not the caller's distributor.", body = AdobeError),
    ),
)]
pub async fn global_sales(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<PartnerOut>> {
    mutation_allowed(&state)?;
    if path.get(0) != caller.distributor_id {
        return Err(ErrorCode::PortalNotFound.into());
    }
    let value = portal_body(&body)?;
    let map = read_fields(&value, &["enabled"])?;
    let Some(Value::Bool(enabled)) = map.get("enabled") else { return Err(bad("enabled")) };
    let enabled = *enabled;
    let distributor = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move {
            let mut d = ctx.distributor.clone();
            d.global_sales_enabled = enabled;
            tx.put_distributor(&d).await?;
            Ok(d)
        })
    })
    .await?;
    Ok(Json(PartnerOut::from(&distributor)))
}

/// `GET /portal/api/v1/partners`: the caller's own distributor.
#[utoipa::path(
    get,
    path = "/portal/api/v1/partners",
    tag = "Portal",
    operation_id = "portalListPartners",
    summary = "The caller's distributor",
    responses(
        (status = 200, description = "The caller's own distributor, as a list of one.", body = PartnerList),
        (status = 404, description = "`P404` the distributor is gone.", body = AdobeError),
    ),
)]
pub async fn partners(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<PartnerList>> {
    let d = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    Ok(Json(PartnerList { total_count: 1, items: vec![PartnerOut::from(&d)] }))
}
