//! The portal part of the OpenAPI document: the Sandbox Partner Portal's JSON API,
//! `/portal/api/v1/...` (SPEC §5).
//!
//! Each handler's `#[utoipa::path]` lists its own answers (success, its `400`, `404`, `409`,
//! `429`); [`PortalCommon`] then adds what every portal operation shares, so that it is written once:
//! the security (the CPAPI gateway: `Authorization: Bearer` and `X-Api-Key`), the path
//! parameters' descriptions, the request bodies' examples (from their schemas), and the errors
//! of the gateway (`401`, `403`, SPEC §2.2.2), of the production profile (`403 P403` on
//! mutations), of the request limits (`413`, `414`, `431`) and of the server (`500`, `503`,
//! `504`).

use utoipa::OpenApi;

use crate::kernel::docs::PortalCommon;
use crate::portal_api::schemas as ps;
use crate::portal_api::{
    api, customers, deployments, flex_discounts, linked_memberships, memberships, orders, purchase_authorizations,
    recommendations, renewal_trigger, reseller_change, resellers, resources, tools, wire,
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
        renewal_trigger::cooldown,
        renewal_trigger::trigger,
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
        renewal_trigger::job,
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
    )),
    modifiers(&PortalCommon),
)]
pub struct Doc;

/// The Portal Resources operations (offers, countries, Test Address). The collector merges
/// them after the control surface's part, where the document has always had them.
#[derive(OpenApi)]
#[openapi(
    paths(
        resources::offers,
        resources::countries,
        resources::test_address,
    ),
    components(schemas(
        resources::AvailableOfferOut,
        resources::OfferPage,
        resources::CountryOut,
        resources::CountryList,
        resources::AddressValidationOut,
        resources::AddressValidationIn,
    )),
    modifiers(&PortalCommon),
)]
pub struct ResourcesDoc;
