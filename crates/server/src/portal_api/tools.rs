//! API Tools › Create Default Records (SPEC §5.2.1).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use vipmp_core::service::defaults;

use super::wire::{DefaultCustomerOut, DefaultOrdersOut, DefaultResellerOut, DefaultSetOut, TASK_COMPLETE};
use crate::cpapi::dto::{CustomerOut, OrderOut, OrderView, ResellerOut};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::portal::mutation_allowed;
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;

type Created<T> = ApiResult<(StatusCode, Json<T>)>;

fn created<T>(shape: T) -> Created<T> {
    Ok((StatusCode::CREATED, Json(shape)))
}

/// `POST /portal/api/v1/defaults/reseller`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/defaults/reseller",
    tag = "Portal",
    operation_id = "portalCreateDefaultReseller",
    summary = "API Tools › Create Default Records: a reseller",
    description = "Creates an active reseller with default details; it becomes the distributor's default reseller.",
    responses(
        (status = 201, description = "The reseller created.", body = DefaultResellerOut,
            links(
                ("portalGetReseller" = (operation_id = "portalGetReseller", parameters(("reseller_id" = "$response.body#/resellerId")))),
                ("portalEditReseller" = (operation_id = "portalEditReseller", parameters(("reseller_id" = "$response.body#/resellerId")))),
            )),
        (status = 400, description = "A CPAPI validation code from creating the records (such as `1126` when \
            the default reseller is inactive, or an order refused).", body = AdobeError),
        (status = 404, description = "`1115`/`1116` the default reseller or customer is gone.", body = AdobeError),
    ),
)]
pub async fn reseller(State(state): State<AppState>, caller: Caller) -> Created<DefaultResellerOut> {
    mutation_allowed(&state)?;
    let r = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::reseller(tx, ctx))).await?;
    created(DefaultResellerOut { message: TASK_COMPLETE, reseller_id: r.id.clone(), reseller: ResellerOut::from(&r) })
}

/// `POST /portal/api/v1/defaults/customer`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/defaults/customer",
    tag = "Portal",
    operation_id = "portalCreateDefaultCustomer",
    summary = "API Tools › Create Default Records: a customer",
    description = "Creates an active customer of the default reseller; it becomes the distributor's default customer.",
    responses(
        (status = 201, description = "The customer created.", body = DefaultCustomerOut,
            links(
                ("portalGetCustomer" = (operation_id = "portalGetCustomer", parameters(("customer_id" = "$response.body#/customerId")))),
                ("portalEditCustomer" = (operation_id = "portalEditCustomer", parameters(("customer_id" = "$response.body#/customerId")))),
                ("portalTriggerAutoRenewal" = (operation_id = "portalTriggerAutoRenewal", parameters(("customer_id" = "$response.body#/customerId")))),
                ("portalEnrollThreeYearCommit" = (operation_id = "portalEnrollThreeYearCommit", parameters(("customer_id" = "$response.body#/customerId")))),
                ("portalRenewalForecast" = (operation_id = "portalRenewalForecast", parameters(("customer_id" = "$response.body#/customerId")))),
            )),
        (status = 400, description = "A CPAPI validation code from creating the records (such as `1126` when \
            the default reseller is inactive, or an order refused).", body = AdobeError),
        (status = 404, description = "`1115`/`1116` the default reseller or customer is gone.", body = AdobeError),
        (status = 409, description = "`P409` create a default reseller first.", body = AdobeError),
    ),
)]
pub async fn customer(State(state): State<AppState>, caller: Caller) -> Created<DefaultCustomerOut> {
    mutation_allowed(&state)?;
    let c = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::customer(tx, ctx))).await?;
    created(DefaultCustomerOut { message: TASK_COMPLETE, customer_id: c.id.clone(), customer: CustomerOut::from(&c) })
}

/// `POST /portal/api/v1/defaults/orders`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/defaults/orders",
    tag = "Portal",
    operation_id = "portalCreateDefaultOrders",
    summary = "API Tools › Create Default Records: orders",
    description = "Places default NEW orders for the default customer.",
    responses(
        (status = 201, description = "The orders placed.", body = DefaultOrdersOut,
            links(
                ("portalGetOrder" = (operation_id = "portalGetOrder", parameters(("order_id" = "$response.body#/orderIds/0")))),
                ("portalEditOrder" = (operation_id = "portalEditOrder", parameters(("order_id" = "$response.body#/orderIds/0")))),
            )),
        (status = 400, description = "A CPAPI validation code from creating the records (such as `1126` when \
            the default reseller is inactive, or an order refused).", body = AdobeError),
        (status = 404, description = "`1115`/`1116` the default reseller or customer is gone.", body = AdobeError),
        (status = 409, description = "`P409` create a default customer first.", body = AdobeError),
    ),
)]
pub async fn orders(State(state): State<AppState>, caller: Caller) -> Created<DefaultOrdersOut> {
    mutation_allowed(&state)?;
    let os = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::orders(tx, ctx))).await?;
    created(DefaultOrdersOut {
        message: TASK_COMPLETE,
        order_ids: os.iter().map(|o| o.id.clone()).collect(),
        orders: os.iter().map(|o| OrderOut::new(o, OrderView::Read, false)).collect(),
    })
}

/// `POST /portal/api/v1/defaults/set`: reseller, customer and three orders in one go.
#[utoipa::path(
    post,
    path = "/portal/api/v1/defaults/set",
    tag = "Portal",
    operation_id = "portalCreateDefaultSet",
    summary = "API Tools › Create Default Records: the default set",
    description = "A default reseller, customer and orders in one transaction.",
    responses(
        (status = 201, description = "What was created.", body = DefaultSetOut),
        (status = 400, description = "A CPAPI validation code from creating the records (such as `1126` when \
            the default reseller is inactive, or an order refused).", body = AdobeError),
        (status = 404, description = "`1115`/`1116` the default reseller or customer is gone.", body = AdobeError),
    ),
)]
pub async fn set(State(state): State<AppState>, caller: Caller) -> Created<DefaultSetOut> {
    mutation_allowed(&state)?;
    let (r, c, os) = transaction(&state, &caller, |tx, ctx| {
        Box::pin(async move {
            let r = defaults::reseller(tx, ctx).await?;
            let c = defaults::customer(tx, ctx).await?;
            let os = defaults::orders(tx, ctx).await?;
            Ok((r, c, os))
        })
    })
    .await?;
    created(DefaultSetOut {
        message: TASK_COMPLETE,
        reseller_id: r.id,
        customer_id: c.id,
        order_ids: os.iter().map(|o| o.id.clone()).collect(),
        membership_id: None,
        transfer_id: None,
        notes: vec!["VIP memberships and transfers are not emulated yet: the default set has none.".into()],
    })
}
