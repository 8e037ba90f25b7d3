//! Linked membership actions of the expanded customer (SPEC §5.4.10): the owner's terms, join
//! codes, enrolment with a code and Refresh Discount Level.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::Customer;
use vipmp_core::service::linked_memberships;

use super::lists::bad;
use crate::cpapi::dto::{self, CustomerOut, DiscountOut, LinkedMembershipOut, zoneless};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams};
use crate::kernel::portal::{mutation_allowed, portal_body, read_fields, string_field};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;

/// A customer's linked membership as the portal shows it: the CPAPI fields plus the group's
/// state.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalLinkedMembership, example = json!({"customerId": "1005000001",
    "linkedMembership": {"id": "51000001", "name": "County schools", "type": "STANDARD",
        "linkedMembershipType": "OWNER", "creationDate": "2026-01-15T10:00:00"},
    "termsAcceptanceStatus": "ACCEPTED", "lastRefreshDate": "2026-01-15T10:00:00", "members": ["1005000002"],
    "discounts": [{"offerType": "LICENSE", "level": "02"}]}))]
pub struct PortalLinkedMembershipOut {
    /// The customer.
    pub customer_id: String,
    /// The group as `GET /v3/customers/{id}` shows it.
    pub linked_membership: LinkedMembershipOut,
    /// Owner only: `REQUESTED`, `ACCEPTED` or `REJECTED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub terms_acceptance_status: Option<String>,
    /// Owner only: the last level refresh, without zone (initially the creation date).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub last_refresh_date: Option<String>,
    /// Owner only: the member customer ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub members: Option<Vec<String>>,
    /// The group's levels.
    pub discounts: Vec<DiscountOut>,
    /// After Refresh Discount Level: when the refresh runs (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = DateTime)]
    pub refresh_scheduled_at: Option<String>,
}

impl PortalLinkedMembershipOut {
    /// The view of a customer in a group (`None` otherwise).
    pub fn of(c: &Customer) -> Option<Self> {
        let lm = c.linked_membership.as_ref()?;
        let group = lm.group.as_ref();
        Some(Self {
            customer_id: c.id.clone(),
            linked_membership: LinkedMembershipOut::from(lm),
            terms_acceptance_status: group.map(|g| g.terms_status.clone()),
            last_refresh_date: group.map(|g| zoneless(g.last_refresh_at)),
            members: group.map(|g| g.members.clone()),
            discounts: dto::levels(&lm.levels),
            refresh_scheduled_at: None,
        })
    }
}

fn view(c: &Customer) -> ApiResult<PortalLinkedMembershipOut> {
    PortalLinkedMembershipOut::of(c).ok_or_else(|| bad("linkedMembership"))
}

/// `{"decision": "ACCEPT"|"REJECT"}`.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = LinkedMembershipTermsIn, example = json!({"decision": "ACCEPT"}))]
pub struct TermsIn {
    /// `ACCEPT` or `REJECT`.
    #[schema(pattern = "^(ACCEPT|REJECT)$")]
    decision: String,
}

/// The owner accepts or rejects the group terms (final).
pub async fn decide(state: &AppState, caller: &Caller, customer_id: &str, accept: bool) -> ApiResult<Customer> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { linked_memberships::decide_terms(tx, ctx, &id, accept).await })
    })
    .await
}

/// `POST /portal/api/v1/customers/{id}/linked-membership/terms`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/linked-membership/terms",
    tag = "Portal",
    operation_id = "portalLinkedMembershipTerms",
    summary = "Accept or reject the linked membership terms (owner, once)",
    request_body = TermsIn,
    responses(
        (status = 200, description = "The group with its terms decided.", body = PortalLinkedMembershipOut),
        (status = 400, description = "`P400` a malformed body or a `decision` other than `ACCEPT`/`REJECT`.",
            body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` not the owner of a group, or the terms already decided.",
            body = AdobeError),
    ),
)]
pub async fn terms(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<PortalLinkedMembershipOut>> {
    let map = read_fields(&portal_body(&body)?, &["decision"])?;
    let accept = match string_field(&map, "decision")?.as_deref() {
        Some("ACCEPT") => true,
        Some("REJECT") => false,
        _ => return Err(bad("decision")),
    };
    let c = decide(&state, &caller, path.get(0), accept).await?;
    Ok(Json(view(&c)?))
}

/// A join code.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalLinkedMembershipCode, example = json!({"customerId": "1005000001",
    "linkedMembershipId": "51000001", "code": "K7QW2MZP", "expiry": "2026-01-18T10:00:00Z"}))]
pub struct CodeOut {
    /// The owner.
    pub customer_id: String,
    /// The group it joins.
    pub linked_membership_id: String,
    /// 8 uppercase letters and digits.
    pub code: String,
    /// 72 hours from now on the virtual clock.
    #[schema(format = DateTime)]
    pub expiry: String,
}

/// The owner's new join code.
pub async fn generate(state: &AppState, caller: &Caller, customer_id: &str) -> ApiResult<CodeOut> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    let g = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { linked_memberships::generate_code(tx, ctx, &id).await })
    })
    .await?;
    Ok(CodeOut {
        customer_id: customer_id.to_string(),
        linked_membership_id: g.group_id,
        code: g.code,
        expiry: format_datetime(g.expires_at),
    })
}

/// `POST /portal/api/v1/customers/{id}/linked-membership/code`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/linked-membership/code",
    tag = "Portal",
    operation_id = "portalLinkedMembershipCode",
    summary = "Generate a linked account code (owner, terms accepted)",
    description = "The code works for 72 hours on the virtual clock, for any number of customers.",
    responses(
        (status = 201, description = "The code and its expiry.", body = CodeOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` not the owner of a group, or the terms not accepted.", body = AdobeError),
    ),
)]
pub async fn code(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<CodeOut>)> {
    Ok((StatusCode::CREATED, Json(generate(&state, &caller, path.get(0)).await?)))
}

/// `{"code": "..."}`.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(as = LinkedMembershipEnrollIn, example = json!({"code": "K7QW2MZP"}))]
pub struct EnrollIn {
    /// A join code of the group.
    code: String,
}

/// The customer joins a group with a code.
pub async fn join(state: &AppState, caller: &Caller, customer_id: &str, code: String) -> ApiResult<Customer> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { linked_memberships::enroll_with_code(tx, ctx, &id, &code).await })
    })
    .await
}

/// `POST /portal/api/v1/customers/{id}/linked-membership/enroll`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/linked-membership/enroll",
    tag = "Portal",
    operation_id = "portalLinkedMembershipEnroll",
    summary = "Enroll a customer in a linked membership with a code",
    request_body = EnrollIn,
    responses(
        (status = 200, description = "The customer, now a MEMBER (the CPAPI resource).", body = dto::CustomerOut),
        (status = 400, description = "`P400` a malformed body, or an unknown or expired `code`; `1118` an LGA group \
            of another country; `1165` a non-LGA customer for an LGA group.", body = AdobeError),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` the customer is already in a group or has 3YC \
            (REQUESTED/ACCEPTED/COMMITTED).", body = AdobeError),
    ),
)]
pub async fn enroll(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<CustomerOut>> {
    let map = read_fields(&portal_body(&body)?, &["code"])?;
    let code = string_field(&map, "code")?.filter(|c| !c.trim().is_empty()).ok_or_else(|| bad("code"))?;
    let c = join(&state, &caller, path.get(0), code).await?;
    Ok(Json(CustomerOut::from(&c)))
}

/// The owner asks for a Refresh Discount Level.
pub async fn schedule_refresh(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
) -> ApiResult<PortalLinkedMembershipOut> {
    mutation_allowed(state)?;
    let id = customer_id.to_string();
    let (c, due) = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { linked_memberships::request_refresh(tx, ctx, &id).await })
    })
    .await?;
    let mut out = view(&c)?;
    out.refresh_scheduled_at = Some(format_datetime(due));
    Ok(out)
}

/// `POST /portal/api/v1/customers/{id}/linked-membership/refresh`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/customers/{customer_id}/linked-membership/refresh",
    tag = "Portal",
    operation_id = "portalLinkedMembershipRefresh",
    summary = "Refresh Discount Level (owner, terms accepted)",
    description = "Asynchronous: after `lm_refresh_delay` (3600 s by default) on the virtual clock the jobs tick \
        recomputes the group's level from the active quantities of the owner and all members, gives it to each \
        of them and moves `lastRefreshDate`.",
    responses(
        (status = 202, description = "The group, with `refreshScheduledAt`.", body = PortalLinkedMembershipOut),
        (status = 404, description = "`P404` no such customer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` not the owner of a group, or the terms not accepted.", body = AdobeError),
    ),
)]
pub async fn refresh(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
) -> ApiResult<(StatusCode, Json<PortalLinkedMembershipOut>)> {
    Ok((StatusCode::ACCEPTED, Json(schedule_refresh(&state, &caller, path.get(0)).await?)))
}
