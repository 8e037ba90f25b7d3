//! E35–E36: mid-term upgrade (switch) paths.

use axum::Json;
use axum::extract::State;
use axum::http::Uri;
use vipmp_core::error::ErrorCode;
use vipmp_core::model::{Customer, Subscription};
use vipmp_core::reference::{self, MarketSegment};
use vipmp_core::service::switch_paths::{self, PathFilter};

use super::dto::{ProductUpgradeOut, SwitchPathList};
use super::lists::{int_param, page_meta};
use crate::cpapi::schemas::{SubscriptionSwitchPathsQuery, SwitchPathsQuery};
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::search_param as bad;
use crate::kernel::error::{ApiError, ApiResult};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;

/// A customer's subscription: `404 1116` for an unknown customer, `404 3115` for an unknown one.
async fn subscription_of(
    state: &AppState,
    caller: &Caller,
    customer_id: &str,
    subscription_id: &str,
) -> ApiResult<(Customer, Subscription)> {
    let customer =
        state.store.customer(&caller.distributor_id, customer_id).await?.ok_or(ErrorCode::InvalidCustomer)?;
    let subs = state.store.subscriptions_of(&caller.distributor_id, &customer.id).await?;
    let sub = subs.into_iter().find(|s| s.id == subscription_id).ok_or(ErrorCode::InvalidSubscription)?;
    Ok((customer, sub))
}

/// `language`: `MULT` (default) or `EN`.
fn check_language(query: &RawQuery) -> Result<(), ApiError> {
    match query.single("language")? {
        None | Some("MULT" | "EN") => Ok(()),
        Some(_) => Err(bad("language")),
    }
}

/// The page of `filter`'s paths (limit 1–50, default 20; offset past the end `1133`).
fn page(query: &RawQuery, path: &str, filter: &PathFilter, offer_key: Option<&str>) -> ApiResult<SwitchPathList> {
    let limit = int_param(query, "limit")?.unwrap_or(20);
    if limit < 1 {
        return Err(bad("limit"));
    }
    let limit = limit.min(50);
    let offset = int_param(query, "offset")?.unwrap_or(0);
    if offset < 0 {
        return Err(bad("offset"));
    }
    let mut paths = switch_paths::matching(filter);
    if let Some(key) = offer_key {
        paths.retain(|p| p.source.key == key);
    }
    let items: Vec<ProductUpgradeOut> = paths
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|p| ProductUpgradeOut::from(*p))
        .collect();
    let meta = page_meta(query, path, paths.len() as i64, offset, limit, items.len())?;
    Ok(SwitchPathList::new(meta, items))
}

/// Lists mid-term upgrade paths (E35). `market-segment` and `country` are required unless
/// `customer-id` and `subscription-id` name a subscription, which then gives the product and the
/// segment.
#[utoipa::path(
    get,
    path = "/v3/offer-switch-paths",
    tag = "Orders",
    operation_id = "listOfferSwitchPaths",
    params(SwitchPathsQuery),
    responses(
        (status = 200, description = "A page of switch paths.", body = SwitchPathList),
        (status = 400, description = "`1132` a missing or invalid search parameter, `1133` offset out of range.",
            body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer, `3115` Invalid Customer or Subscription ID.",
            body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<SwitchPathList>> {
    let context = match (query.single("customer-id")?, query.single("subscription-id")?) {
        (Some(c), Some(s)) => Some(subscription_of(&state, &caller, c, s).await?),
        (None, None) => None,
        (Some(_), None) => return Err(bad("subscription-id")),
        (None, Some(_)) => return Err(bad("customer-id")),
    };
    let segment = match query.single("market-segment")? {
        Some(v) => Some(MarketSegment::parse(v).ok_or_else(|| bad("market-segment"))?),
        None if context.is_none() => return Err(bad("market-segment")),
        None => None,
    };
    let country = match query.single("country")? {
        Some(v) => Some(reference::country(v).ok_or_else(|| bad("country"))?),
        None if context.is_none() => return Err(bad("country")),
        None => None,
    };
    check_language(&query)?;
    let offer_key = match query.single("offer-id")? {
        Some(v) => Some(reference::offer(v).ok_or_else(|| bad("offer-id"))?.product.key.clone()),
        None => None,
    };
    let mut filter = context.as_ref().map(|(c, s)| PathFilter::of_subscription(c, s)).unwrap_or_default();
    if segment.is_some() {
        filter.segment = segment;
    }
    filter.price_region = country.map(|c| c.price_region.clone());
    Ok(Json(page(&query, uri.path(), &filter, offer_key.as_deref())?))
}

/// Lists the upgrade paths of one subscription (E36): its product, in its customer's segment.
#[utoipa::path(
    get,
    path = "/v3/customers/{customer_id}/subscriptions/{subscription_id}/offer-switch-paths",
    tag = "Subscriptions",
    operation_id = "listSubscriptionSwitchPaths",
    params(SubscriptionSwitchPathsQuery),
    responses(
        (status = 200, description = "A page of switch paths (at most one).", body = SwitchPathList),
        (status = 400, description = "`1132` invalid search parameter, `1133` offset out of range.", body = AdobeError),
        (status = 404, description = "`1116` Invalid Customer, `3115` Invalid Customer or Subscription ID.",
            body = AdobeError),
    ),
    security(("bearer" = [], "apiKey" = [])),
)]
pub async fn of_subscription(
    State(state): State<AppState>,
    caller: Caller,
    path: PathParams,
    uri: Uri,
    query: RawQuery,
) -> ApiResult<Json<SwitchPathList>> {
    let (customer, sub) = subscription_of(&state, &caller, path.get(0), path.get(1)).await?;
    check_language(&query)?;
    let filter = PathFilter::of_subscription(&customer, &sub);
    Ok(Json(page(&query, uri.path(), &filter, None)?))
}
