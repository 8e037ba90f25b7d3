//! API Tools › Create Default Records (SPEC §5.2.1).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use vipmp_core::service::defaults;

use super::api::mutation_allowed;
use crate::api::auth::Caller;
use crate::api::dto::{self, OrderView};
use crate::api::error::ApiResult;
use crate::api::write::transaction;
use crate::state::AppState;

type Created = ApiResult<(StatusCode, Json<Value>)>;

/// `POST /portal/api/v1/defaults/reseller`.
pub async fn reseller(State(state): State<AppState>, caller: Caller) -> Created {
    mutation_allowed(&state)?;
    let r = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::reseller(tx, ctx))).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"message": "Task Complete", "resellerId": r.id, "reseller": dto::reseller(&r)})),
    ))
}

/// `POST /portal/api/v1/defaults/customer`.
pub async fn customer(State(state): State<AppState>, caller: Caller) -> Created {
    mutation_allowed(&state)?;
    let c = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::customer(tx, ctx))).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"message": "Task Complete", "customerId": c.id, "customer": dto::customer(&c)})),
    ))
}

/// `POST /portal/api/v1/defaults/orders`.
pub async fn orders(State(state): State<AppState>, caller: Caller) -> Created {
    mutation_allowed(&state)?;
    let os = transaction(&state, &caller, |tx, ctx| Box::pin(defaults::orders(tx, ctx))).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "message": "Task Complete",
            "orderIds": os.iter().map(|o| o.id.clone()).collect::<Vec<_>>(),
            "orders": os.iter().map(|o| dto::order(o, OrderView::Read, false)).collect::<Vec<_>>(),
        })),
    ))
}

/// `POST /portal/api/v1/defaults/set`: reseller, customer and three orders in one go.
pub async fn set(State(state): State<AppState>, caller: Caller) -> Created {
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
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "message": "Task Complete",
            "resellerId": r.id,
            "customerId": c.id,
            "orderIds": os.iter().map(|o| o.id.clone()).collect::<Vec<_>>(),
            "membershipId": null,
            "transferId": null,
            "notes": ["VIP memberships and transfers are not emulated yet: the default set has none."],
        })),
    ))
}
