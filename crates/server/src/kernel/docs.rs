//! What the per-surface modifiers share: Adobe's error answers, the answers of the request
//! limits and of the server, path parameters, and the walk over every operation.

use std::collections::BTreeMap;

use serde_json::json;
use utoipa::Modify;
use utoipa::openapi::link::Link;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{
    ContentBuilder, HttpMethod, ObjectBuilder, OpenApi, Ref, RefOr, Required, Response, ResponseBuilder, Schema, Type,
};

/// An answer in Adobe's error shape (`AdobeError`) with an example; `gateway` errors
/// (`4115`–`4120`) carry only `code` and `message`.
pub fn adobe_error(description: &str, code: &str, message: &str, gateway: bool) -> Response {
    let example = if gateway {
        json!({"code": code, "message": message})
    } else {
        json!({"code": code, "message": message, "additionalDetails": [], "invalidFields": []})
    };
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(Ref::from_schema_name("AdobeError"))).example(Some(example)).build(),
        )
        .build()
}

/// `401` and `403` of the token gateway (SPEC §2.2.2); `forbidden` describes the `403`.
pub fn gateway_errors(forbidden: &str) -> Vec<(&'static str, Response)> {
    vec![
        (
            "401",
            adobe_error(
                "`4116` Authorization token is invalid (unknown, expired, or another client's).",
                "4116",
                "Authorization token is invalid",
                true,
            ),
        ),
        ("403", adobe_error(forbidden, "4117", "Authorization token is missing", true)),
    ]
}

/// The answers of the request limits (`413` when the operation takes a body, `414`, `431`)
/// and of the server (`500`, `503`, `504`); `faults`: the route can also answer an injected
/// fault.
pub fn limit_and_server_errors(body: bool, faults: bool) -> Vec<(&'static str, Response)> {
    let injected = if faults { " (or an injected fault)" } else { "" };
    let mut out = Vec::new();
    if body {
        out.push(("413", adobe_error("`413` the body is over 1 MiB.", "413", "Request body is too large", false)));
    }
    out.extend([
        ("414", adobe_error("`414` the URL is over 8 KiB.", "414", "Request URI is too long", false)),
        ("431", adobe_error("`431` the headers are over 32 KiB.", "431", "Request header fields are too large", false)),
        (
            "500",
            adobe_error(
                &format!("`1124` an internal error{injected}."),
                "1124",
                "Internal Server Error. Please try again later",
                false,
            ),
        ),
        (
            "503",
            adobe_error(
                &format!("`503` the database is unavailable{injected}."),
                "503",
                "Service temporarily unavailable. Please try again later",
                false,
            ),
        ),
        (
            "504",
            adobe_error(
                "`504` no answer within the request timeout.",
                "504",
                "The request took too long. Please try again later",
                false,
            ),
        ),
    ]);
    out
}

/// Adds answers the operation does not list itself.
pub fn add_responses(op: &mut Operation, responses: Vec<(&'static str, Response)>) {
    for (status, response) in responses {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| RefOr::T(response));
    }
}

/// A non-empty string parameter.
pub fn string_param(
    name: &str,
    location: ParameterIn,
    required: bool,
    description: &str,
    example: &str,
    schema: ObjectBuilder,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(location)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(schema.schema_type(Type::String).min_length(Some(1))))
        .example(Some(json!(example)))
        .build()
}

/// The path parameters of `path` among `known` (name, description, example), before the
/// parameters the operation declares itself (which win).
pub fn put_path_params(op: &mut Operation, path: &str, known: &[(&str, &str, &str)], extra: Vec<Parameter>) {
    let mut params: Vec<Parameter> = known
        .iter()
        .filter(|(name, _, _)| path.contains(&format!("{{{name}}}")))
        .map(|(name, description, example)| {
            string_param(name, ParameterIn::Path, true, description, example, ObjectBuilder::new())
        })
        .chain(extra)
        .collect();
    let declared = op.parameters.get_or_insert_with(Vec::new);
    params.retain(|p| !declared.iter().any(|d| d.name == p.name));
    params.append(declared);
    *declared = params;
}

/// Copies the example of the component a request body refers to onto the body's media type
/// (schemathesis and readers look there). An optional body (`Option<T>`) is `oneOf: [null, T]`.
pub fn copy_body_examples(op: &mut Operation, schemas: &BTreeMap<String, RefOr<Schema>>) {
    let Some(body) = op.request_body.as_mut() else { return };
    for content in body.content.values_mut() {
        if content.example.is_some() {
            continue;
        }
        let r = match &content.schema {
            Some(RefOr::Ref(r)) => Some(r),
            Some(RefOr::T(Schema::OneOf(one))) => one.items.iter().find_map(|i| match i {
                RefOr::Ref(r) => Some(r),
                RefOr::T(_) => None,
            }),
            _ => None,
        };
        let Some(r) = r else { continue };
        let name = r.ref_location.trim_start_matches("#/components/schemas/");
        if let Some(RefOr::T(Schema::Object(o))) = schemas.get(name) {
            content.example.clone_from(&o.example);
        }
    }
}

/// Calls `f` with every operation of the document, its path and its method.
pub fn each_operation(openapi: &mut OpenApi, mut f: impl FnMut(&str, &HttpMethod, &mut Operation)) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        let ops = [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Patch, &mut item.patch),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Delete, &mut item.delete),
        ];
        for (method, op) in ops {
            if let Some(op) = op {
                f(path, &method, op);
            }
        }
    }
}

/// The security schemes' names, as operations refer to them.
pub const BEARER: &str = "bearer";
/// The `X-Api-Key` header scheme.
pub const API_KEY: &str = "apiKey";
/// The portal session cookie scheme (HTML pages).
pub const SESSION: &str = "portalSession";

/// Adds what every operation under `/portal/api/v1` shares (the portal API and the control
/// surface): the security (the CPAPI gateway: `Authorization: Bearer` and `X-Api-Key`), the
/// path parameters' descriptions, the request bodies' examples (from their schemas), and the
/// errors of the gateway, of the production profile (`403 P403` on mutations), of the request
/// limits and of the server. Each operation's own `#[utoipa::path]` lists the rest.
pub struct PortalCommon;

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

impl Modify for PortalCommon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let schemas = openapi.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        each_operation(openapi, |path, method, op| complete(path, method, op, &schemas));
    }
}
