//! E20–E22: subscriptions.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde_json::json;
use vipmp_core::error::ErrorCode;
use vipmp_core::service::recommendations;
use vipmp_core::service::subscriptions::{self, UpdateOptions};

use super::dto::{self, LinksOut, RecommendationsOut, SubscriptionList, SubscriptionOut};
use crate::cpapi::schemas::{RecommendationQuery, SubscriptionIn, SubscriptionPatch, SubscriptionUpdateQuery};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, json};

/// Reads a subscription (E20).
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/subscriptions/{subscription_id}",
    tag = "Subscriptions",
    operation_id = "getSubscription",
    responses(
        (status = 200, description = "The subscription.", body = SubscriptionOut),
        (status = 404, description = "`3115` Invalid Customer or Subscription ID.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn get(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<SubscriptionOut>> {
    let subs = state.store.subscriptions_of(&caller.distributor_id, path.get(0)).await?;
    let sub = subs.iter().find(|s| s.id == path.get(1)).ok_or(ErrorCode::InvalidSubscription)?;
    Ok(Json(SubscriptionOut::from(sub)))
}

/// Lists a customer's subscriptions (E21): all of them, inactive and scheduled ones included, no paging.
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/subscriptions",
    tag = "Subscriptions",
    operation_id = "listSubscriptions",
    params(RecommendationQuery),
    responses(
        (status = 200, description = "The subscriptions.", body = SubscriptionList),
        (status = 404, description = "`1116` Invalid Customer.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<SubscriptionList>> {
    let customer =
        state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let subs = state.store.subscriptions_of(&caller.distributor_id, &customer.id).await?;
    let recommendations = super::orders::recommendation_ask(&query).map(|ask| {
        let offers: Vec<String> = subs.iter().map(|s| s.offer_id.clone()).collect();
        let context = recommendations::Context::RenewalOrderPreview;
        RecommendationsOut::embedded(recommendations::for_offers(&customer, context, &offers, &ask, state.now()))
    });
    Ok(Json(SubscriptionList {
        total_count: subs.len(),
        items: subs.iter().map(SubscriptionOut::from).collect(),
        links: LinksOut::to(uri.path().to_string()),
        recommendations,
    }))
}

/// Creates a scheduled subscription (E19): status `1009`, no licences, activated by the
/// auto-renewal order at the anniversary date.
#[utoipa::path(
    post,
    path = "/v3/customers/{customer_id}/subscriptions",
    tag = "Subscriptions",
    operation_id = "createSubscription",
    request_body(content = SubscriptionIn, content_type = "application/json"),
    responses(
        (status = 200, description = "The scheduled subscription (`status` `1009`, `currentQuantity` 0).",
            body = SubscriptionOut),
        (status = 400, description = "`1117` outside AD-30 … AD-3, no active subscription, a product already held, a \
            consumable, `enabled: false` or an unknown `renewalCode` (the reason in `additionalDetails`); `1121`; \
            `1122` no `renewalQuantity`; `3116` renewal quantity out of range; the order line codes (`2122`, \
            `2125`, `2128`, `2129`, `2137`, `1139`, `1140`, `1142`, `2139`, `2140`, `2147`).", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer; `2138` Invalid Deployment.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let sub = subscriptions::create_scheduled(tx, ctx, path.get(0), &json(&body)?).await?;
            Ok((StatusCode::OK, dto::to_json(&SubscriptionOut::from(&sub))?))
        })
    })
    .await
}

/// Updates a subscription's auto-renewal (E22). An empty body changes nothing.
#[utoipa::path(
    patch,
    path = "/v3/customers/{customer_id}/subscriptions/{subscription_id}",
    tag = "Subscriptions",
    operation_id = "updateSubscription",
    params(SubscriptionUpdateQuery),
    request_body(content = SubscriptionPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated subscription.", body = SubscriptionOut),
        (status = 400, description = "`1117`, `1121`, `3116` renewal quantity out of range, `3119` inactive, \
            `3120` invalid renewal, `5123`–`5134` MOQ rules; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`3115` Invalid Customer or Subscription ID.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    query: RawQuery,
    meta: WriteMeta,
    Body(body): Body,
) -> Response {
    let options = UpdateOptions {
        reset_flex_discount_codes: query.flag("reset-flex-discount-codes"),
        reset_renewal_code: query.flag("reset-renewal-code"),
    };
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            let value = if body.is_empty() { json!({}) } else { json(&body)? };
            let sub = subscriptions::update_auto_renewal(tx, ctx, path.get(0), path.get(1), &value, options).await?;
            Ok((StatusCode::OK, dto::to_json(&SubscriptionOut::from(&sub))?))
        })
    })
    .await
}
