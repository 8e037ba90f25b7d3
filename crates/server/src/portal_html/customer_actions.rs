//! The expanded customer's Create PA dialog (SPEC §5.4.8) and the View / Edit of its
//! Associated Deployments (§5.5), over the portal API's operations.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::customer_view::Mode;
use super::customers::{Extras, expanded};
use super::deployment_view::address_inputs;
use super::error_message;
use super::flash::{pairs as form, value};
use super::session::Signed;
use crate::kernel::extract::PathParams;
use crate::kernel::state::AppState;
use crate::portal_api::{customers as pc, deployments, purchase_authorizations, reseller_change};
use crate::portal_html::docs::{BadPathParam, RowOutcome, SignedInPost, TAG};
use crate::portal_html::extract::PostHeaders;
use crate::portal_html::forms;

/// `POST /portal/customers/{id}/purchase-authorizations`: the Create PA dialog's Create.
#[utoipa::path(
    post, path = "/portal/customers/{id}/purchase-authorizations", tag = TAG, operation_id = "pageCustomerCreatePa",
    summary = "Create a purchase authorization (htmx)", security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::PurchaseAuthorizationForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn create_pa(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let fields = form(&body);
    let offer = value(&fields, "baseOfferId").unwrap_or_default();
    let quantity = value(&fields, "quantity").unwrap_or_default();
    let quantity = quantity.parse::<i64>().map_or(Value::String(quantity), Value::from);
    let body = json!({"baseOfferId": offer, "quantity": quantity});
    match purchase_authorizations::create_pa(&state, &signed.caller, &id, body).await {
        Ok(pa) => {
            let l = &pa.license;
            let notice = format!(
                "Purchase authorization {} created: {} × {} ({}), open until {}",
                l.reference_id,
                l.quantity,
                l.product_name,
                l.base_offer_id,
                super::lists::when(&l.expiry_date)
            );
            expanded(&state, &signed, &id, Mode::View, Extras { notice: Some(notice), ..Extras::default() }).await
        }
        Err(e) => {
            let extras = Extras { error: Some(error_message(&e)), ..Extras::default() };
            expanded(&state, &signed, &id, Mode::CreatePa, extras).await
        }
    }
}

/// `POST /portal/customers/{id}/deployments/{deployment_id}`: Save of a deployment's Edit form.
#[utoipa::path(
    post, path = "/portal/customers/{id}/deployments/{deployment_id}", tag = TAG,
    operation_id = "pageCustomerDeploymentSave", summary = "Save a deployment's Edit form (htmx)",
    security(("portalSession" = [])),
    params(
        ("id" = String, Path, description = "The customer id."),
        ("deployment_id" = String, Path, description = "The deployment id."), PostHeaders,
    ),
    request_body(content = forms::DeploymentEditForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn save_deployment(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let (id, deployment) = (path.get(0).to_string(), path.get(1).to_string());
    let fields = form(&body);
    let address: Map<String, Value> = address_inputs()
        .filter_map(|name| value(&fields, name).map(|v| (name.to_string(), Value::String(v))))
        .collect();
    let mut edit = json!({"address": address});
    if let Some(s) = value(&fields, "status").filter(|s| !s.is_empty()) {
        edit["status"] = Value::String(s);
    }
    let result = deployments::edit_deployment(&state, &signed.caller, &id, &deployment, edit).await;
    let extras = match result {
        Ok(_) => Extras {
            notice: Some(format!("Deployment {deployment} saved")),
            deployment: Some((deployment, false)),
            ..Extras::default()
        },
        Err(e) => Extras { error: Some(error_message(&e)), deployment: Some((deployment, true)), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}

/// `POST /portal/customers/{id}/subscriptions/{subscription_id}`: Save of a subscription's Edit
/// form (SPEC §5.7).
#[utoipa::path(
    post, path = "/portal/customers/{id}/subscriptions/{subscription_id}", tag = TAG,
    operation_id = "pageCustomerSubscriptionSave", summary = "Save a subscription's Edit form (htmx)",
    security(("portalSession" = [])),
    params(
        ("id" = String, Path, description = "The customer id."),
        ("subscription_id" = String, Path, description = "The subscription id."), PostHeaders,
    ),
    request_body(content = forms::SubscriptionEditForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn save_subscription(
    State(state): State<AppState>,
    signed: Signed,
    path: PathParams,
    body: Bytes,
) -> Response {
    let (id, sub) = (path.get(0).to_string(), path.get(1).to_string());
    let fields = form(&body);
    let mut edit = Map::new();
    if let Some(q) = value(&fields, "renewalQuantity").filter(|q| !q.is_empty()) {
        edit.insert("renewalQuantity".into(), q.parse::<i64>().map_or(Value::String(q), Value::from));
    }
    if let Some(a) = value(&fields, "autoRenewal").filter(|a| !a.is_empty()) {
        edit.insert(
            "autoRenewal".into(),
            if a == "true" || a == "false" { Value::Bool(a == "true") } else { a.into() },
        );
    }
    if let Some(s) = value(&fields, "status").filter(|s| !s.is_empty()) {
        edit.insert("status".into(), Value::String(s));
    }
    if let Some(c) = value(&fields, "renewalCode").filter(|c| !c.is_empty()) {
        edit.insert("renewalCode".into(), Value::String(if c == "none" { String::new() } else { c }));
    }
    let extras = match pc::subscription_edit(&state, &signed.caller, &id, &sub, Value::Object(edit)).await {
        Ok(_) => Extras::notice(format!("Subscription {sub} saved")),
        Err(e) => Extras { error: Some(error_message(&e)), subscription: Some(sub), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}

/// `POST /portal/customers/{id}/reseller-change-code`: Generate Approval Code (SPEC §5.4.7). The
/// code shows in the notice; it replaces the customer's unused one.
#[utoipa::path(
    post, path = "/portal/customers/{id}/reseller-change-code", tag = TAG,
    operation_id = "pageCustomerApprovalCode", summary = "Generate a reseller-change approval code (htmx)",
    security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn approval_code(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let extras = match reseller_change::generate(&state, &signed.caller, &id).await {
        Ok(c) => Extras::notice(format!(
            "Approval code {} for customer {id}, valid until {}: the new reseller previews and commits the change \
             with POST /v3/transfers",
            c.approval_code,
            super::lists::when(&c.expiry)
        )),
        Err(e) => Extras { error: Some(error_message(&e)), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}
