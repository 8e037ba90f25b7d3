//! The CPAPI part of the OpenAPI document: `/v3/...`, the gateway's `/ping`,
//! `/partnerservice/ping` and `/metrics`.
//!
//! Each handler's `#[utoipa::path]` lists its own answers (success, its `400` codes, its `404`);
//! [`Common`] then adds what every CPAPI operation shares, so that it is written once: the path
//! parameters' descriptions, the `X-Api-Key`/`X-Request-Id`/`X-Correlation-Id` headers, and the
//! errors of the gateway (`401`/`403`, SPEC §2.2.2), of the request limits (`413`, `414`, `431`),
//! of injected faults and rate limits (`429`) and of the server (`500`, `503`, `504`).

use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::{HttpMethod, ObjectBuilder};
use utoipa::{Modify, OpenApi};

use crate::kernel::docs::{
    add_responses, adobe_error, copy_body_examples, each_operation, gateway_errors, limit_and_server_errors,
    put_path_params, string_param,
};

use crate::cpapi::schemas as s;
use crate::cpapi::{
    self as api, customers, deployments, dto, flex_discounts, linked_memberships, memberships, notifications, orders,
    pricelist, recommendations, resellers, subscriptions, switch_paths, transfers,
};

/// The CPAPI operations and their schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        api::ping,
        crate::kernel::observe::metrics,
        api::partner_ping,
        resellers::create,
        resellers::list,
        resellers::get,
        resellers::update,
        customers::list,
        customers::create,
        customers::get,
        customers::update,
        orders::create,
        orders::history,
        orders::get,
        orders::update,
        subscriptions::list,
        subscriptions::create,
        transfers::create,
        transfers::get,
        memberships::offers,
        memberships::transfer,
        memberships::get,
        subscriptions::get,
        subscriptions::update,
        deployments::create,
        deployments::list,
        deployments::get,
        deployments::update,
        flex_discounts::list,
        flex_discounts::of_customer,
        notifications::list,
        notifications::open_acquisitions,
        recommendations::recommend,
        pricelist::fetch,
        switch_paths::list,
        switch_paths::of_subscription,
        linked_memberships::search,
        linked_memberships::enroll,
    ),
    components(schemas(
        dto::LinkOut,
        dto::LinksOut,
        dto::AddressOut,
        dto::ContactOut,
        dto::ResellerOut,
        dto::ResellerProfileOut,
        dto::ResellerSummaryOut,
        dto::ResellerList,
        dto::NameOnly,
        dto::CustomerOut,
        dto::CustomerProfileOut,
        dto::CustomerSummaryOut,
        dto::CustomerList,
        dto::DiscountOut,
        dto::BenefitOut,
        dto::ThreeYearCommitBenefitOut,
        dto::LgaBenefitOut,
        dto::LinkedMembershipOut,
        linked_memberships::LinkedGroupOut,
        linked_memberships::EnrolledOut,
        s::LinkedMembershipIn,
        dto::CommitmentOut,
        dto::MinimumQuantityOut,
        dto::OrderOut,
        dto::LineItemOut,
        dto::LinePricingOut,
        dto::PricingSummaryOut,
        dto::EligibleOfferOut,
        dto::EligibilityCriteriaOut,
        dto::OrderList,
        dto::SubscriptionOut,
        dto::AutoRenewalOut,
        dto::SubscriptionList,
        dto::DeploymentOut,
        dto::TransferOut,
        dto::TransferLineOut,
        dto::ApprovalOut,
        dto::MembershipOffersOut,
        dto::MembershipOfferOut,
        dto::MembershipDiscountOut,
        dto::MembershipTransferOut,
        dto::MembershipTransferLineOut,
        s::MembershipTransferIn,
        dto::DeploymentProfileOut,
        dto::DeploymentList,
        s::DeploymentIn,
        s::DeploymentPatch,
        s::DeploymentProfileIn,
        dto::NotificationOut,
        dto::NotificationList,
        dto::UnpaidLicenseOut,
        dto::OpenAcquisitionsOut,
        dto::FlexDiscountResultOut,
        dto::FlexDiscountOut,
        dto::FlexDiscountList,
        dto::OutcomeOut,
        dto::QualificationOut,
        dto::DiscountValueOut,
        dto::RecommendationsOut,
        dto::ProductRecommendationsOut,
        dto::RecommendationOut,
        dto::ProductRefOut,
        dto::SourceOut,
        dto::OverlayOut,
        dto::OverlayLeadOut,
        dto::OverlayItemOut,
        dto::ErrorDetailsOut,
        s::RecommendationIn,
        s::RecommendationOfferIn,
        dto::PriceListOut,
        dto::PriceListOfferOut,
        pricelist::PriceListIn,
        pricelist::PriceListFiltersIn,
        dto::CancellingItemOut,
        dto::SwitchTargetOut,
        dto::ProductUpgradeOut,
        dto::SwitchPathList,
        s::CancellingItemIn,
        s::AddressIn,
        s::ContactIn,
        s::MarketSegmentIn,
        s::ResellerProfileIn,
        s::ResellerIn,
        s::ResellerPatch,
        s::CustomerProfileIn,
        s::MinimumQuantityIn,
        s::CommitmentRequestIn,
        s::BenefitIn,
        s::CustomerIn,
        s::CustomerPatch,
        s::LineItemIn,
        s::OrderIn,
        s::OrderPatch,
        s::AutoRenewalIn,
        s::SubscriptionPatch,
        s::SubscriptionIn,
        s::ResellerChangeIn,
        s::AccountStatusFilter,
        s::HistoryOrderType,
    )),
    modifiers(&Common),
)]
pub struct Doc;

/// Adds the parameters and answers every CPAPI operation shares (see the module docs).
struct Common;

/// The path parameters: name, description, example.
const PATH_PARAMS: [(&str, &str, &str); 8] = [
    ("deployment_id", "The deployment id (`deploymentId`).", "1450000001"),
    ("reseller_id", "The reseller id (`resellerId`).", "1000000001"),
    ("customer_id", "The customer id (`customerId`).", "1005000001"),
    ("order_id", "The order id (`orderId`).", "5120000001"),
    ("subscription_id", "The subscription id (`subscriptionId`).", "8675309a1b2c3d4e5f60718293a4b5NA"),
    (
        "transfer_id",
        "The transfer id (`transferId`): a reseller change's (E30) or a membership transfer's (E28).",
        "100000001",
    ),
    ("membership_id", "The VIP membership id (`membershipId`, made in the portal's Transfer Memberships).", "70000001"),
    ("linked_membership_id", "The linked-membership group id (8 digits, `linkedMembership.id`).", "51000001"),
];

fn header(name: &str, required: bool, description: &str, example: &str) -> Parameter {
    let schema = ObjectBuilder::new().max_length(Some(255)).pattern(Some("^[\\x20-\\x7e]+$"));
    string_param(name, ParameterIn::Header, required, description, example, schema)
}

fn complete(path: &str, method: &HttpMethod, op: &mut Operation) {
    let behind_token = path.starts_with("/v3/") || path == "/partnerservice/ping";
    let writes = matches!(method, HttpMethod::Post | HttpMethod::Patch);
    let mut headers = vec![string_param(
        "X-Api-Key",
        ParameterIn::Header,
        true,
        "The API client id (= the IMS `client_id`); `403 4115` when missing or unknown.",
        "vipmp-sandbox-client",
        ObjectBuilder::new(),
    )];
    if behind_token {
        headers.push(header(
            "X-Request-Id",
            false,
            "Unique per HTTP request (generated when absent, echoed in the answer). On a write, a value \
             already used with another correlation id is `400 4120`.",
            "b4c5d6e7-0000-4000-8000-000000000001",
        ));
        headers.push(header(
            "X-Correlation-Id",
            writes,
            "Unique per intent, 1–255 printable ASCII characters; required on writes (`400 4119`). Resending \
             a write with the same value (within 10 days) replays its first answer.",
            "a1b2c3d4-0000-4000-8000-000000000001",
        ));
    }
    put_path_params(op, path, &PATH_PARAMS, headers);
    if behind_token {
        let mut errors = gateway_errors("`4115` Api Key is invalid or missing; `4117` Authorization token is missing.");
        errors.push((
            "429",
            adobe_error(
                "`4118` Too many requests (rate limiting is off by default; also an injected fault).",
                "4118",
                "Too many requests",
                true,
            ),
        ));
        add_responses(op, errors);
    }
    add_responses(op, limit_and_server_errors(op.request_body.is_some(), true));
}

impl Modify for Common {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let schemas = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        each_operation(openapi, |path, method, op| {
            complete(path, method, op);
            copy_body_examples(op, &schemas);
        });
    }
}
