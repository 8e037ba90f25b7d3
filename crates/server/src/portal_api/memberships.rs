//! Transfer Memberships (SPEC §5.8): Quick Create, Custom Create, the Created Memberships list and
//! delete, the Ineligible Memberships, and Manage Records › Transfers with Update Transfer Status.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::Value;
use vipmp_core::service::memberships::{self, Membership, MembershipTransfer};
use vipmp_core::store::{DocumentQuery, DocumentSort, Page, StoredDocument};

use super::lists;
use super::wire::{MembershipPage, TransferPage};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, PathParams, RawQuery};
use crate::kernel::portal::{mutation_allowed, portal_body};
use crate::kernel::state::AppState;
use crate::kernel::write::transaction;
use crate::portal_api::schemas as ps;

pub use super::wire::{CreatedOut, IneligibleOut, MembershipItemOut, MembershipLinkOut, MembershipOut, TransferRowOut};

/// Creates a membership (Quick or Custom) in one transaction (the JSON API and the HTML forms).
pub async fn create_membership(state: &AppState, caller: &Caller, custom: bool, body: Value) -> ApiResult<CreatedOut> {
    mutation_allowed(state)?;
    let created = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move {
            if custom {
                memberships::custom_create(tx, ctx, &body).await
            } else {
                memberships::quick_create(tx, ctx, &body).await
            }
        })
    })
    .await?;
    Ok(CreatedOut::from(created))
}

/// `POST /portal/api/v1/memberships/quick`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/memberships/quick",
    tag = "Portal",
    operation_id = "portalQuickCreateMembership",
    summary = "Transfer Memberships › Quick Create: an always-eligible VIP membership",
    request_body = ps::MembershipQuickIn,
    responses(
        (status = 201, description = "The membership id (and the group id of a linked-membership owner).",
            body = CreatedOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, an invalid value or a mutual \
            exclusion (3YC, LM owner, LM member; LGA only GOV with a sub-segment and not with HVD, 3YC or \
            worldwide); the detail names the field.", body = AdobeError),
    ),
)]
pub async fn quick(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let out = create_membership(&state, &caller, false, portal_body(&body)?).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

/// `POST /portal/api/v1/memberships/custom`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/memberships/custom",
    tag = "Portal",
    operation_id = "portalCustomCreateMembership",
    summary = "Transfer Memberships › Custom Create: a membership that may be ineligible",
    request_body(content = ps::MembershipCustomIn, content_type = "application/json",
        example = json!({"companyName": "Acme", "marketSegment": "COM", "country": "US",
            "offers": [{"offerId": "65304479CA01A12", "quantity": 12}], "eligibility": {"unpaidInvoice": true}})),
    responses(
        (status = 201, description = "The membership id, whether it is eligible and the `5117` reason codes E26 \
            and E27 will answer.", body = CreatedOut),
        (status = 400, description = "`P400` as Quick Create, or an invalid offer, country, currency, address, \
            contact or knob (the detail names it).", body = AdobeError),
    ),
)]
pub async fn custom(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<(StatusCode, Json<CreatedOut>)> {
    let out = create_membership(&state, &caller, true, portal_body(&body)?).await?;
    Ok((StatusCode::CREATED, Json(out)))
}

fn page_query(caller: &Caller, kind: &str, p: &lists::PortalPage) -> DocumentQuery {
    DocumentQuery {
        distributor_id: caller.distributor_id.clone(),
        kind: kind.to_string(),
        sort: match p.sort.as_str() {
            "companyName" => DocumentSort::Label,
            "membershipId" | "transferId" => DocumentSort::Id,
            _ => DocumentSort::CreatedAt,
        },
        order: p.order,
        limit: p.page_size,
        offset: p.offset(),
    }
}

fn decoded<T: for<'de> serde::Deserialize<'de>>(page: &Page<StoredDocument>) -> ApiResult<Vec<T>> {
    Ok(page.items.iter().map(memberships::decode).collect::<Result<_, _>>()?)
}

/// The Created Memberships page (the JSON API and the HTML page).
pub async fn membership_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<MembershipPage> {
    let p = lists::parse(query, &["creationDate", "companyName", "membershipId"], &[])?;
    let page = state.store.list_documents(&page_query(caller, memberships::MEMBERSHIP, &p)).await?;
    let items: Vec<Membership> = decoded(&page)?;
    Ok(MembershipPage {
        total_count: page.total,
        page: p.page,
        page_size: p.page_size,
        items: items.iter().map(MembershipOut::from).collect(),
    })
}

/// `GET /portal/api/v1/memberships`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/memberships",
    tag = "Portal",
    operation_id = "portalListMemberships",
    summary = "Transfer Memberships › Created Memberships",
    params(ps::MembershipListQuery),
    responses(
        (status = 200, description = "A page of the distributor's memberships (default newest first).",
            body = MembershipPage),
        (status = 400, description = "`P400` an invalid `sort`, `order`, `pageSize` or `page`.", body = AdobeError),
    ),
)]
pub async fn list(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<MembershipPage>> {
    Ok(Json(membership_page(&state, &caller, &query).await?))
}

/// Deletes a membership in one transaction (the JSON API and the HTML page).
pub async fn delete_membership(state: &AppState, caller: &Caller, id: &str) -> ApiResult<()> {
    mutation_allowed(state)?;
    let id = id.to_string();
    transaction(state, caller, move |tx, ctx| Box::pin(async move { memberships::delete(tx, ctx, &id).await })).await
}

/// `DELETE /portal/api/v1/memberships/{membership_id}`.
#[utoipa::path(
    delete,
    path = "/portal/api/v1/memberships/{membership_id}",
    tag = "Portal",
    operation_id = "portalDeleteMembership",
    summary = "Delete an unused membership",
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, description = "`P404` no such membership of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` a transfer already used it.", body = AdobeError),
    ),
)]
pub async fn delete(State(state): State<AppState>, caller: Caller, path: PathParams) -> ApiResult<StatusCode> {
    delete_membership(&state, &caller, path.get(0)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /portal/api/v1/memberships/ineligible`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/memberships/ineligible",
    tag = "Portal",
    operation_id = "portalIneligibleMemberships",
    summary = "Transfer Memberships › Ineligible Memberships",
    description = "The fixed list (the same ids for every distributor and run): `5115`, `5118`, `5120`, `5121` and \
        `5117` with each reason code of SPEC §3.4, LGA ones included. E26 and E27 answer each id with its code.",
    responses((status = 200, description = "The list.", body = Vec<IneligibleOut>,
        example = json!([{"membershipId": "88000000", "errorCode": "5115", "message": "Invalid Membership ID"},
            {"membershipId": "88000101", "errorCode": "5117", "message": "Customer is not eligible for transfer",
                "reasonCode": "INVALID_COUNTRY"}]))),
)]
pub async fn ineligible() -> Json<Vec<IneligibleOut>> {
    Json(memberships::ineligible().into_iter().map(IneligibleOut::from).collect())
}

/// The Transfers page (the JSON API and the HTML page).
pub async fn transfer_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<TransferPage> {
    let p = lists::parse(query, &["creationDate", "transferId", "companyName"], &[])?;
    let page = state.store.list_documents(&page_query(caller, memberships::TRANSFER, &p)).await?;
    let items: Vec<MembershipTransfer> = decoded(&page)?;
    Ok(TransferPage {
        total_count: page.total,
        page: p.page,
        page_size: p.page_size,
        items: items.iter().map(TransferRowOut::from).collect(),
    })
}

/// `GET /portal/api/v1/transfers`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/transfers",
    tag = "Portal",
    operation_id = "portalListTransfers",
    summary = "Manage Records › Transfers: VIP → VIP MP transfers",
    params(ps::TransferListQuery),
    responses(
        (status = 200, description = "A page of the distributor's membership transfers (default newest first), with \
            the resulting customer once complete.", body = TransferPage),
        (status = 400, description = "`P400` an invalid `sort`, `order`, `pageSize` or `page`.", body = AdobeError),
    ),
)]
pub async fn transfers(
    State(state): State<AppState>,
    caller: Caller,
    query: RawQuery,
) -> ApiResult<Json<TransferPage>> {
    Ok(Json(transfer_page(&state, &caller, &query).await?))
}

/// Sets a transfer's status in one transaction (the JSON API and the HTML page).
pub async fn set_transfer_status(
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: Value,
) -> ApiResult<TransferRowOut> {
    mutation_allowed(state)?;
    let id = id.to_string();
    let t = transaction(state, caller, move |tx, ctx| {
        Box::pin(async move { memberships::set_status(tx, ctx, &id, &body).await })
    })
    .await?;
    Ok(TransferRowOut::from(&t))
}

/// `PATCH /portal/api/v1/transfers/{transfer_id}`.
#[utoipa::path(
    patch,
    path = "/portal/api/v1/transfers/{transfer_id}",
    tag = "Portal",
    operation_id = "portalUpdateTransferStatus",
    summary = "Update Transfer Status",
    request_body = ps::TransferStatusIn,
    responses(
        (status = 200, description = "The transfer: `1000` completed now (customer, subscriptions, `TRANSFER` \
            order), `1004` failed (no customer; the membership may transfer again).", body = TransferRowOut),
        (status = 400, description = "`P400` a status other than `1000`, `1002`, `1004`.", body = AdobeError),
        (status = 404, description = "`P404` no such transfer of the caller's distributor.", body = AdobeError),
        (status = 409, description = "`P409` the transfer is already complete or failed.", body = AdobeError),
    ),
)]
pub async fn update_transfer(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    Body(body): Body,
) -> ApiResult<Json<TransferRowOut>> {
    Ok(Json(set_transfer_status(&state, &caller, path.get(0), portal_body(&body)?).await?))
}
