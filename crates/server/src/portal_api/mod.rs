//! The portal: the JSON API under `/portal/api/v1` (SPEC §5, §5.10). It authenticates like
//! CPAPI and acts only on the caller's distributor.

pub mod api;
pub mod customers;
pub mod deployments;
pub mod docs;
pub mod flex_discounts;
pub mod linked_memberships;
pub mod lists;
pub mod memberships;
pub mod orders;
pub mod purchase_authorizations;
pub mod recommendations;
pub mod renewal_trigger;
pub mod reseller_change;
pub mod resellers;
pub mod resources;
pub mod schemas;
pub mod tools;
pub mod wire;

use axum::Router;
use axum::routing::{delete, get, patch, post};

use crate::kernel::state::AppState;

/// The portal JSON API's routes under `/portal/api/v1` (the caller wraps them in authentication
/// and the request context).
pub fn router() -> Router<AppState> {
    use self::{api as p, customers as pc, linked_memberships as lm, memberships as m, orders as po};
    use self::{recommendations as rec, resellers as pr, resources as res, tools as pt};
    const C: &str = "/portal/api/v1/customers/{customer_id}";
    Router::new()
        .route("/portal/api/v1/customers", get(pc::list))
        .route(C, get(pc::detail).patch(p::edit_customer))
        .route(&format!("{C}/auto-renewal/trigger"), get(renewal_trigger::cooldown).post(renewal_trigger::trigger))
        .route(&format!("{C}/three-year-commit"), patch(pc::edit_terms))
        .route(&format!("{C}/three-year-commit/decision"), post(pc::decision))
        .route(&format!("{C}/three-year-commit/enroll"), post(pc::enroll))
        .route(&format!("{C}/hvd"), post(pc::hvd))
        .route(&format!("{C}/subscriptions/{{subscription_id}}"), patch(pc::edit_subscription))
        .route(&format!("{C}/deployments/{{deployment_id}}"), patch(deployments::edit))
        .route(&format!("{C}/purchase-authorizations"), post(purchase_authorizations::create))
        .route("/portal/api/v1/jobs/{job_id}", get(renewal_trigger::job))
        .route("/portal/api/v1/resellers", get(pr::list))
        .route("/portal/api/v1/resellers/{reseller_id}", get(pr::detail).patch(p::edit_reseller))
        .route("/portal/api/v1/memberships", get(m::list))
        .route("/portal/api/v1/memberships/quick", post(m::quick))
        .route("/portal/api/v1/memberships/custom", post(m::custom))
        .route("/portal/api/v1/memberships/ineligible", get(m::ineligible))
        .route("/portal/api/v1/memberships/{membership_id}", delete(m::delete))
        .route("/portal/api/v1/transfers", get(m::transfers))
        .route("/portal/api/v1/transfers/{transfer_id}", patch(m::update_transfer))
        .route("/portal/api/v1/orders", get(po::list))
        .route("/portal/api/v1/orders/{order_id}", get(po::detail).patch(po::edit))
        .route("/portal/api/v1/defaults/reseller", post(pt::reseller))
        .route("/portal/api/v1/defaults/customer", post(pt::customer))
        .route("/portal/api/v1/defaults/orders", post(pt::orders))
        .route("/portal/api/v1/defaults/set", post(pt::set))
        .route("/portal/api/v1/partners", get(p::partners))
        .route("/portal/api/v1/partners/{distributor_id}/global-sales", post(p::global_sales))
        .route("/portal/api/v1/flex-discounts", get(flex_discounts::list))
        .route("/portal/api/v1/flex-discounts/{discount_id}", patch(flex_discounts::edit))
        .route("/portal/api/v1/offers", get(res::offers))
        .route("/portal/api/v1/countries", get(res::countries))
        .route("/portal/api/v1/address-validation", post(res::test_address))
        .route(&format!("{C}/reseller-change-code"), post(reseller_change::create))
        .route(&format!("{C}/linked-membership/terms"), post(lm::terms))
        .route(&format!("{C}/linked-membership/code"), post(lm::code))
        .route(&format!("{C}/linked-membership/enroll"), post(lm::enroll))
        .route(&format!("{C}/linked-membership/refresh"), post(lm::refresh))
        .route(&format!("{C}/recommendation-leads"), get(rec::list).post(rec::add).delete(rec::clear))
}
