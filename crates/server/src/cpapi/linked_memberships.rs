//! E37–E38: LGA linked-membership groups (SPEC §2.8.14).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::service::linked_memberships::{self, ENROLLED, GroupView};

use super::dto::{self, DiscountOut, zoneless};
use crate::cpapi::schemas::LinkedGroupQuery;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::kernel::write::{WriteMeta, idempotent, transaction};

/// An LGA linked-membership group as E37 lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LinkedMembershipGroup, example = json!({"id": "51000001", "name": "Linked Membership Name",
    "type": "STANDARD", "creationDate": "2024-05-31T10:35:01", "marketSegment": "GOV", "country": "US",
    "membersCount": 5, "benefitTypes": ["LARGE_GOVERNMENT_AGENCY"],
    "discounts": [{"offerType": "LICENSE", "level": "06"}]}))]
pub struct LinkedGroupOut {
    /// 8-digit group id.
    pub id: String,
    /// Group name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the group was created, without zone.
    pub creation_date: String,
    /// `GOV`.
    pub market_segment: &'static str,
    /// `US` or `CA`.
    pub country: String,
    /// The owner and the members.
    pub members_count: usize,
    /// `["LARGE_GOVERNMENT_AGENCY"]`.
    pub benefit_types: Vec<String>,
    /// The group's levels.
    pub discounts: Vec<DiscountOut>,
}

impl From<&GroupView> for LinkedGroupOut {
    fn from(g: &GroupView) -> Self {
        let lm = &g.membership;
        Self {
            id: lm.id.clone(),
            name: lm.name.clone(),
            kind: lm.kind.clone(),
            creation_date: zoneless(lm.created_at),
            market_segment: g.market_segment.as_str(),
            country: lm.country.clone(),
            members_count: g.members_count,
            benefit_types: vec![linked_memberships::LGA_BENEFIT.to_string()],
            discounts: dto::levels(&lm.levels),
        }
    }
}

/// Searches the caller's LGA linked-membership groups (E37): a bare JSON array.
#[utoipa::path(
    get,
    path = "/v3/linked_membership_groups",
    tag = "Linked memberships",
    operation_id = "searchLinkedMembershipGroups",
    params(LinkedGroupQuery),
    responses(
        (status = 200, description = "The matching LGA groups (a bare array).", body = Vec<LinkedGroupOut>,
            example = json!([{"id": "51000001", "name": "Linked Membership Name", "type": "STANDARD",
                "creationDate": "2024-05-31T10:35:01", "marketSegment": "GOV", "country": "US", "membersCount": 5,
                "benefitTypes": ["LARGE_GOVERNMENT_AGENCY"], "discounts": [{"offerType": "LICENSE", "level": "06"}]}])),
        (status = 400, description = "`1118` country missing (\"Country cannot be null or empty\") or not `US`/`CA` \
            (\"Invalid Country\"); `1117` a name over 80 characters; `1132` a parameter repeated.", body = AdobeError),
        (status = 403, description = "`4121` the distributor is not LGA-enabled.", body = AdobeError),
        (status = 404, description = "`1143` Linked Account Group Not Found.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    query: RawQuery,
) -> ApiResult<Json<Vec<LinkedGroupOut>>> {
    let country = query.single("country")?.map(String::from);
    let name = query.single("name")?.map(String::from);
    let groups = transaction(&state, &caller, move |tx, ctx| {
        Box::pin(async move { linked_memberships::search(tx, ctx, country.as_deref(), name.as_deref()).await })
    })
    .await?;
    Ok(Json(groups.iter().map(LinkedGroupOut::from).collect()))
}

/// The answer of E38.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = LinkedMembershipEnrolled, example = json!({"message": ENROLLED}))]
pub struct EnrolledOut {
    /// `Customer Successfully enrolled in the Linked Membership`.
    pub message: &'static str,
}

/// Enrols an LGA customer in an LGA group without a code (E38).
#[utoipa::path(
    post,
    path = "/v3/customers/{customer_id}/linked_membership/enroll/{linked_membership_id}",
    tag = "Linked memberships",
    operation_id = "enrollLinkedMembership",
    responses(
        (status = 200, description = "The customer is a MEMBER of the group.", body = EnrolledOut),
        (status = 400, description = "`1118` the customer's country is not the group's, `1153` a group of another \
            distributor, `1165` the customer is not LGA, `1166` the group is not LGA, `1117` the customer already \
            belongs to a group; `4119`, `4120`.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer, `1143` Linked Account Group Not Found.",
            body = AdobeError),
        (status = 409, description = "`P409` a customer with 3YC.", body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn enroll(State(state): State<AppState>, caller: Caller, path: PathParams, meta: WriteMeta) -> Response {
    let others: Vec<String> = match state.store.control().clocks().await {
        Ok(clocks) => clocks.into_iter().map(|(d, _)| d).collect(),
        Err(e) => return crate::kernel::error::ApiError::from(e).into_response(),
    };
    idempotent(&state, &caller, &meta.method, &meta.path, &meta.headers, move |tx, ctx| {
        Box::pin(async move {
            linked_memberships::enroll_lga(tx, ctx, path.get(0), path.get(1), &others).await?;
            Ok((StatusCode::OK, dto::to_json(&EnrolledOut { message: ENROLLED })?))
        })
    })
    .await
}
