//! The portal part of the OpenAPI document: the Sandbox Partner Portal's JSON API,
//! `/portal/api/v1/...` (SPEC §5).
//!
//! Each handler's `#[utoipa::path]` lists its own answers (success, its `400`, `404`, `409`,
//! `429`); [`Common`] then adds what every portal operation shares, so that it is written once:
//! the security (the CPAPI gateway: `Authorization: Bearer` and `X-Api-Key`), the path
//! parameters' descriptions, the request bodies' examples (from their schemas), and the errors
//! of the gateway (`401`, `403`, SPEC §2.2.2), of the production profile (`403 P403` on
//! mutations), of the request limits (`413`, `414`, `431`) and of the server (`500`, `503`,
//! `504`).

use serde_json::json;
use utoipa::openapi::link::Link;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{HttpMethod, RefOr, Schema};
use utoipa::{Modify, OpenApi};

use super::common::{
    add_responses, copy_body_examples, each_operation, gateway_errors, limit_and_server_errors, put_path_params,
};
use super::portal_schemas as ps;
use super::{API_KEY, BEARER};
use crate::portal::{
    api, clock, customers, deployments, faults, flex_discounts, forecast, linked_memberships, memberships, orders,
    purchase_authorizations, recommendations, requests, reseller_change, resellers, resources, snapshots, tools, wire,
    wire_control,
};

/// The portal operations and their schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        flex_discounts::list,
        flex_discounts::edit,
        recommendations::list,
        reseller_change::create,
        linked_memberships::terms,
        linked_memberships::code,
        linked_memberships::enroll,
        linked_memberships::refresh,
        recommendations::add,
        recommendations::clear,
        customers::list,
        customers::detail,
        api::edit_customer,
        customers::cooldown,
        customers::trigger,
        customers::edit_terms,
        customers::decision,
        customers::enroll,
        customers::hvd,
        customers::edit_subscription,
        deployments::edit,
        purchase_authorizations::create,
        memberships::quick,
        memberships::custom,
        memberships::list,
        memberships::ineligible,
        memberships::delete,
        memberships::transfers,
        memberships::update_transfer,
        customers::job,
        resellers::list,
        resellers::detail,
        api::edit_reseller,
        orders::list,
        orders::detail,
        orders::edit,
        tools::reseller,
        tools::customer,
        tools::orders,
        tools::set,
        api::partners,
        api::global_sales,
        api::run_jobs,
        clock::get,
        clock::post,
        snapshots::reset,
        snapshots::list,
        snapshots::save,
        snapshots::delete,
        snapshots::restore,
        faults::list,
        faults::add,
        faults::clear,
        faults::remove,
        requests::list,
        requests::get,
        forecast::get,
        resources::offers,
        resources::countries,
        resources::test_address,
    ),
    components(schemas(
        flex_discounts::PortalFlexDiscountOut,
        flex_discounts::PortalFlexDiscountList,
        flex_discounts::FlexDiscountEditIn,
        recommendations::LeadsOut,
        reseller_change::ApprovalCodeOut,
        linked_memberships::PortalLinkedMembershipOut,
        linked_memberships::CodeOut,
        linked_memberships::TermsIn,
        linked_memberships::EnrollIn,
        recommendations::LeadIn,
        wire::PortalCustomerOut,
        wire::PortalResellerOut,
        wire::PortalOrderOut,
        wire::CustomerPage,
        wire::ResellerPage,
        wire::OrderPage,
        wire::CustomerDetailOut,
        wire::CooldownOut,
        wire::TriggerOut,
        wire::RenewalJobOut,
        wire::DefaultResellerOut,
        wire::DefaultCustomerOut,
        wire::DefaultOrdersOut,
        wire::DefaultSetOut,
        wire::PartnerOut,
        wire::PartnerList,
        wire_control::JobsRunOut,
        wire_control::ClockOut,
        wire_control::ClockChangeOut,
        wire_control::ResetOut,
        wire_control::SnapshotList,
        wire_control::SnapshotSavedOut,
        wire_control::RestoredOut,
        wire_control::FaultRuleOut,
        wire_control::FaultList,
        wire_control::FaultsCleared,
        wire_control::JournalList,
        wire_control::JournalSummaryOut,
        wire_control::JournalEntryOut,
        wire_control::JournalMessageOut,
        wire_control::ForecastOut,
        ps::CustomerEditIn,
        ps::ResellerEditIn,
        ps::OrderEditIn,
        ps::TermsEditIn,
        ps::DecisionIn,
        ps::HvdMigrationIn,
        ps::HvdPricing,
        ps::SubscriptionEditIn,
        ps::PurchaseAuthorizationIn,
        ps::DeploymentEditIn,
        ps::DeploymentAddressIn,
        ps::DeploymentStatusIn,
        purchase_authorizations::PurchaseAuthorizationOut,
        memberships::CreatedOut,
        memberships::MembershipOut,
        memberships::MembershipItemOut,
        wire::MembershipPage,
        memberships::IneligibleOut,
        memberships::TransferRowOut,
        wire::TransferPage,
        ps::MembershipQuickIn,
        ps::MembershipCustomIn,
        ps::TransferStatusIn,
        ps::MembershipSort,
        ps::TransferSort,
        ps::GlobalSalesIn,
        ps::JobsRunIn,
        ps::ClockIn,
        ps::SnapshotIn,
        ps::FaultRuleIn,
        ps::PageSize,
        ps::CustomerStatusIn,
        ps::ResellerStatusIn,
        ps::OrderStatusIn,
        ps::SubscriptionStatusIn,
        ps::CommitmentStatusIn,
        ps::SortOrder,
        ps::CustomerSort,
        ps::CustomerSearch,
        ps::ResellerSort,
        ps::ResellerSearch,
        ps::OrderSort,
        ps::OrderSearch,
        resources::AvailableOfferOut,
        resources::OfferPage,
        resources::CountryOut,
        resources::CountryList,
        resources::AddressValidationOut,
        resources::AddressValidationIn,
    )),
    modifiers(&Common),
)]
pub struct Doc;

/// Adds the security, parameters, examples and answers every portal operation shares (see
/// the module docs).
struct Common;

/// The path parameters: name, description, example.
const PATH_PARAMS: [(&str, &str, &str); 12] = [
    ("discount_id", "The flexible discount's id (`id` in the lists).", "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab"),
    ("customer_id", "The customer id (`customerId`).", "1005000001"),
    ("subscription_id", "The subscription id (`subscriptionId`).", "8675309a1b2c3d4e5f60718293a4b5NA"),
    ("deployment_id", "The deployment id (`deploymentId`).", "1450000001"),
    ("reseller_id", "The reseller id (`resellerId`).", "1000000001"),
    ("order_id", "The order id (`orderId`).", "5120000001"),
    ("job_id", "The renewal job id (`jobId`, from Trigger Auto Renewal).", "job-1"),
    ("distributor_id", "The caller's own distributor id (any other is `404 P404`).", "5000000001"),
    ("name", "The snapshot's name.", "before-renewal"),
    ("id", "The fault rule's id (`flt-N`).", "flt-1"),
    ("membership_id", "The membership id (`membershipId`, from Quick or Custom Create).", "70000001"),
    ("transfer_id", "The membership transfer id (`transferId`).", "300000001"),
];

/// utoipa 5.5 writes a link's operation id as `operation_id`; OpenAPI spells it `operationId`
/// (without it the link names no operation). The id moves to an extension of that name, which
/// is written as is.
fn spell_operation_id(link: &mut RefOr<Link>) {
    let RefOr::T(link) = link else { return };
    if link.operation_id.is_empty() {
        return;
    }
    let id = std::mem::take(&mut link.operation_id);
    link.extensions.get_or_insert_with(Default::default).insert("operationId".into(), json!(id));
}

fn complete(
    path: &str,
    method: &HttpMethod,
    op: &mut Operation,
    schemas: &std::collections::BTreeMap<String, RefOr<Schema>>,
) {
    let mutation = !matches!(method, HttpMethod::Get)
        && path != "/portal/api/v1/jobs/run"
        && path != "/portal/api/v1/address-validation";
    op.security = Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new()).add(API_KEY, Vec::<String>::new())]);
    put_path_params(op, path, &PATH_PARAMS, Vec::new());
    copy_body_examples(op, schemas);
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            response.links.values_mut().for_each(spell_operation_id);
        }
    }
    let forbidden = if mutation {
        "`4115` Api Key is invalid or missing; `4117` Authorization token is missing; `P403` not available in the \
         production profile (`--profile production`)."
    } else {
        "`4115` Api Key is invalid or missing; `4117` Authorization token is missing."
    };
    add_responses(op, gateway_errors(forbidden));
    add_responses(op, limit_and_server_errors(op.request_body.is_some(), false));
}

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let schemas = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        each_operation(openapi, |path, method, op| complete(path, method, op, &schemas));
    }
}
