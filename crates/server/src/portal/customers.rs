//! Manage Records › Customers (SPEC §5.4): list, expand, edits, 3YC and the renewal trigger.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use vipmp_core::dates::{format_date, format_datetime, parse_date};
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::model::{Customer, Order, Subscription, status};
use vipmp_core::reference::OfferType;
use vipmp_core::service::{levels, portal_edits, renewals, three_year_commit};
use vipmp_core::store::{AccountQuery, AccountSort};

use super::api::{mutation_allowed, portal_body, read_fields, string_field};
use super::lists::{self, bad};
use crate::api::auth::Caller;
use crate::api::dto;
use crate::api::error::{ApiError, ApiResult};
use crate::api::extract::{Body, PathParams, RawQuery};
use crate::api::write::transaction;
use crate::state::AppState;

/// `GET /portal/api/v1/customers`.
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<Value>> {
    let p = lists::parse(&query, &["creationDate", "customerId", "status", "name"], &["customerId", "resellerId"])?;
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
    Ok(Json(lists::envelope(page.total, &p, page.items.iter().map(customer_with_associations).collect())))
}

fn customer_with_associations(c: &Customer) -> Value {
    let mut v = dto::customer(c);
    v["associations"] = json!({"resellerId": c.reseller_id, "distributorId": c.distributor_id});
    v
}

/// The price of an order as the portal shows it (`"810.00 USD"`, or `-`).
pub fn order_price(o: &Order) -> String {
    let priced = o.status == status::ACTIVE && o.line_items.iter().all(|l| l.pricing.is_some());
    if !priced || o.line_items.is_empty() {
        return "-".into();
    }
    let total: f64 = o.line_items.iter().filter_map(|l| l.pricing.as_ref()).map(|p| p.line_item_partner_price).sum();
    format!("{total:.2} {}", o.currency_code)
}

fn subscription_row(s: &Subscription) -> Value {
    json!({
        "subscriptionId": s.id,
        "offerId": s.offer_id,
        "createdDate": format_datetime(s.created_at),
        "renewalDate": s.renewal_date.map(format_date).unwrap_or_default(),
        "currentQuantity": s.current_quantity,
        "renewalQuantity": s.effective_renewal_quantity(),
        "renewedQuantity": s.renewed_quantity.unwrap_or(0),
        "autoRenewal": s.auto_renewal_enabled,
        "status": s.status,
        "deploymentId": s.deployment_id.clone().unwrap_or_default(),
        "currencyCode": s.currency_code,
        "allowedActions": s.allowed_actions,
        "renewalCode": "",
        "flexDiscountCodes": [],
    })
}

/// The expanded view of a customer.
pub async fn detail_value(state: &AppState, caller: &Caller, id: &str) -> ApiResult<Value> {
    let customer = state.store.customer(&caller.distributor_id, id).await?.ok_or(ErrorCode::PortalNotFound)?;
    let orders = state.store.orders_of(&caller.distributor_id, id).await?;
    let subs = state.store.subscriptions_of(&caller.distributor_id, id).await?;
    let distributor = state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?;
    let now = state.now();
    let remaining = renewals::remaining_seconds(state.store.cooldown_until(id).await?, now);
    let licences = levels::active_total(&subs, OfferType::License);
    let tyc = customer.three_year_commit.as_ref();
    let sandbox = state.settings.profile == vipmp_core::settings::Profile::Sandbox;
    Ok(json!({
        "customer": customer_with_associations(&customer),
        "linkedAccountGroup": null,
        "orders": orders.iter().map(|o| json!({
            "orderId": o.id, "customerId": o.customer_id, "createdDate": format_datetime(o.created_at),
            "status": o.status, "orderType": o.order_type.as_str(), "orderPrice": order_price(o),
        })).collect::<Vec<_>>(),
        "subscriptions": subs.iter().map(subscription_row).collect::<Vec<_>>(),
        "deployments": [],
        "actions": {
            "editStatus": sandbox,
            "editCotermDate": sandbox,
            "edit3ycTerms": sandbox && tyc.is_some_and(|t| t.commitment.is_some()),
            "accept3yc": sandbox && tyc.is_some_and(|t| {
                [&t.commitment_request, &t.recommitment_request].iter().any(|r| r.as_ref().is_some_and(|r| r.status == "REQUESTED"))
            }),
            "enroll3yc": sandbox && three_year_commit::can_enroll(&customer, licences),
            "triggerAutoRenewal": {"enabled": sandbox && remaining == 0, "cooldownRemainingSeconds": remaining},
            "editGlobalSales": sandbox && distributor.global_sales_enabled
                && customer.profile.market_segment == vipmp_core::reference::MarketSegment::Com,
            "generateApprovalCode": false,
            "createPa": false,
        },
    }))
}

/// `GET /portal/api/v1/customers/{id}`.
pub async fn detail(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    Ok(Json(detail_value(&state, &caller, path.get(0)).await?))
}

fn too_many(state: &AppState, remaining: i64) -> ApiError {
    let c = state.settings.renewal_cooldown_secs;
    ApiError(CoreError::message(
        ErrorCode::PortalTooManyRequests,
        format!("Auto-renewal can be triggered once every {c} seconds"),
        vec![format!("retryAfterSeconds={}", remaining.max(1))],
    ))
}

/// `POST /portal/api/v1/customers/{id}/auto-renewal/trigger`.
pub async fn trigger(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<Value>)> {
    mutation_allowed(&state)?;
    let id = path.get(0).to_string();
    let delay = state.settings.renewal_trigger_delay_secs;
    let result = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { renewals::trigger(tx, ctx, &id, delay).await })
    })
    .await;
    match result {
        Ok(job) => {
            let c = state.settings.renewal_cooldown_secs;
            let next = state.now() + chrono::Duration::seconds(c);
            if state.settings.inline(delay) {
                crate::jobs::run_renewal_jobs_in(&state, false, Some(&caller.distributor_id))
                    .await
                    .map_err(ApiError)?;
            }
            Ok((
                StatusCode::ACCEPTED,
                Json(json!({"jobId": job.id, "nextAllowedAt": format_datetime(next), "cooldownSeconds": c})),
            ))
        }
        Err(ApiError(e)) if e.error_code() == Some(ErrorCode::PortalTooManyRequests) => {
            let remaining = renewals::remaining_seconds(state.store.cooldown_until(path.get(0)).await?, state.now());
            Err(too_many(&state, remaining))
        }
        Err(e) => Err(e),
    }
}

/// `GET /portal/api/v1/customers/{id}/auto-renewal/trigger`.
pub async fn cooldown(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    state.store.customer(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::PortalNotFound)?;
    let until = state.store.cooldown_until(path.get(0)).await?;
    let remaining = renewals::remaining_seconds(until, state.now());
    Ok(Json(json!({
        "cooldownRemainingSeconds": remaining,
        "nextAllowedAt": until.filter(|_| remaining > 0).map(format_datetime),
        "cooldownSeconds": state.settings.renewal_cooldown_secs,
    })))
}

/// `GET /portal/api/v1/jobs/{jobId}`.
pub async fn job(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    let job = state.store.renewal_job(&caller.distributor_id, path.get(0)).await?.ok_or(ErrorCode::PortalNotFound)?;
    let failed = match &job.renewal_order_id {
        Some(id) => state
            .store
            .order(&caller.distributor_id, id)
            .await?
            .is_some_and(|o| !matches!(o.status.as_str(), status::ACTIVE | status::PENDING)),
        None => false,
    };
    Ok(Json(json!({
        "jobId": job.id, "customerId": job.customer_id, "status": job.status,
        "renewalOrderId": job.renewal_order_id, "expiredSubscriptions": job.expired_subscriptions,
        "renewed": job.renewed, "expired": job.expired_subscriptions.len(), "failed": failed,
    })))
}

/// `POST /portal/api/v1/customers/{id}/three-year-commit/decision`.
pub async fn decision(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
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
    Ok(Json(dto::customer(&c)))
}

/// `POST /portal/api/v1/customers/{id}/three-year-commit/enroll`.
pub async fn enroll(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let id = path.get(0).to_string();
    let c = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { three_year_commit::enroll(tx, ctx, &id).await })
    })
    .await?;
    Ok(Json(dto::customer(&c)))
}

fn date_field(map: &serde_json::Map<String, Value>, key: &str) -> ApiResult<Option<chrono::NaiveDate>> {
    match string_field(map, key)? {
        None => Ok(None),
        Some(s) => parse_date(&s).map(Some).ok_or_else(|| bad(key)),
    }
}

/// `PATCH /portal/api/v1/customers/{id}/three-year-commit`.
pub async fn edit_terms(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
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
    Ok(Json(dto::customer(&c)))
}

/// `PATCH /portal/api/v1/customers/{cid}/subscriptions/{sid}`.
pub async fn edit_subscription(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<Value>> {
    mutation_allowed(&state)?;
    let map = read_fields(&portal_body(&body)?, &["renewalQuantity", "autoRenewal", "status"])?;
    let edit = portal_edits::SubscriptionEdit {
        renewal_quantity: match map.get("renewalQuantity") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_i64().ok_or_else(|| bad("renewalQuantity"))?),
        },
        auto_renewal: match map.get("autoRenewal") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_bool().ok_or_else(|| bad("autoRenewal"))?),
        },
        status: string_field(&map, "status")?,
    };
    let (cid, sid) = (path.get(0).to_string(), path.get(1).to_string());
    let s = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { portal_edits::edit_subscription(tx, ctx, &cid, &sid, edit).await })
    })
    .await?;
    Ok(Json(dto::subscription(&s)))
}
