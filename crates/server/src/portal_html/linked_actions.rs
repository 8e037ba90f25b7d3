//! The expanded customer's Linked Membership actions (SPEC §5.4.10): the owner's terms, a join
//! code, Refresh Discount Level, and Enroll with a code, over the portal API's operations.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;

use super::customer_view::Mode;
use super::customers::{Extras, expanded};
use super::error_message;
use super::flash::{Refusal, pairs as form, value};
use super::session::Signed;
use crate::kernel::extract::PathParams;
use crate::kernel::state::AppState;
use crate::portal_api::linked_memberships as lm;
use crate::portal_html::docs::{BadPathParam, RowOutcome, SignedInPost, TAG};
use crate::portal_html::extract::PostHeaders;
use crate::portal_html::forms;

/// The form name a refused enrolment marks (its one field is `code`).
pub const FORM: &str = "linked";

/// `POST /portal/customers/{id}/linked-membership/terms`: Accept or Reject the group terms.
#[utoipa::path(
    post, path = "/portal/customers/{id}/linked-membership/terms", tag = TAG,
    operation_id = "pageCustomerLinkedTerms", summary = "Accept or reject the linked membership terms (htmx)",
    security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::LinkedTermsForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn terms(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let accept = value(&form(&body), "decision").as_deref() == Some("ACCEPT");
    let extras = match lm::decide(&state, &signed.caller, &id, accept).await {
        Ok(_) => Extras::notice(format!(
            "Linked membership terms {} for customer {id}",
            if accept { "accepted" } else { "rejected" }
        )),
        Err(e) => Extras { error: Some(error_message(&e)), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}

/// `POST /portal/customers/{id}/linked-membership/code`: Generate Linked Account Code; the code
/// shows in the notice.
#[utoipa::path(
    post, path = "/portal/customers/{id}/linked-membership/code", tag = TAG,
    operation_id = "pageCustomerLinkedCode", summary = "Generate a linked account code (htmx)",
    security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn code(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let extras = match lm::generate(&state, &signed.caller, &id).await {
        Ok(c) => Extras::notice(format!(
            "Linked account code {} for group {}, valid until {}: enrol another customer with it",
            c.code,
            c.linked_membership_id,
            super::lists::when(&c.expiry)
        )),
        Err(e) => Extras { error: Some(error_message(&e)), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}

/// `POST /portal/customers/{id}/linked-membership/refresh`: Refresh Discount Level.
#[utoipa::path(
    post, path = "/portal/customers/{id}/linked-membership/refresh", tag = TAG,
    operation_id = "pageCustomerLinkedRefresh", summary = "Refresh a linked membership's discount level (htmx)",
    security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn refresh(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let extras = match lm::schedule_refresh(&state, &signed.caller, &id).await {
        Ok(g) => Extras::notice(format!(
            "Discount level refresh of group {} scheduled for {}",
            g.linked_membership.id,
            super::lists::when(g.refresh_scheduled_at.as_deref().unwrap_or_default())
        )),
        Err(e) => Extras { error: Some(error_message(&e)), ..Extras::default() },
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}

/// `POST /portal/customers/{id}/linked-membership/enroll`: Enroll to Linked Membership with a
/// code; a refused code is marked on its field and kept.
#[utoipa::path(
    post, path = "/portal/customers/{id}/linked-membership/enroll", tag = TAG,
    operation_id = "pageCustomerLinkedEnroll", summary = "Enroll a customer in a linked membership (htmx)",
    security(("portalSession" = [])),
    params(("id" = String, Path, description = "The customer id."), PostHeaders),
    request_body(content = forms::LinkedEnrollForm, content_type = "application/x-www-form-urlencoded"),
    responses(RowOutcome, SignedInPost, BadPathParam),
)]
pub async fn enroll(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let id = path.get(0).to_string();
    let typed = form(&body);
    let code = value(&typed, "code").unwrap_or_default();
    let extras = match lm::join(&state, &signed.caller, &id, code).await {
        Ok(c) => Extras::notice(format!(
            "Customer {id} enrolled in linked membership {}",
            c.linked_membership.as_ref().map(|g| g.id.as_str()).unwrap_or_default()
        )),
        Err(e) => {
            Extras { error: Some(error_message(&e)), refusal: Refusal::of(&e, FORM, &typed), ..Extras::default() }
        }
    };
    expanded(&state, &signed, &id, Mode::View, extras).await
}
