//! The HTML portal pages part of the OpenAPI document: every route of `crate::portal_html::router`,
//! with the answers they share (the sign-in redirect of a signed-in page without a session,
//! the CSRF refusal of a POST), the parameters of the list pages, and the forms ([`forms`]).
//!
//! The pages answer `text/html` (whole pages, or htmx fragments: a list's `<tbody>` row, an
//! expanded record, an inline error). A refused operation is not an error status: an htmx form
//! gets its fragment back `200` with the refusal inline (next to the field it names, as typed),
//! and a page's form POST answers `303` to the page, which shows the outcome ([`Redirected`]).

use utoipa::{IntoResponses, OpenApi};

use super::forms;
use crate::kernel::adobe_error::AdobeError;
use crate::portal_html::{
    control_pages, customer_actions, customers, faults_page, flex_page, memberships_page, pages, records, resources,
    signin,
};

/// The operations' tag.
pub const TAG: &str = "Portal pages";

/// What `GET /portal` answers.
#[derive(IntoResponses)]
pub enum SignInAnswer {
    /// The sign-in form. It sets the `vipmp_signin` cookie, whose value the form carries in its
    /// `csrf` field.
    #[response(
        status = 200,
        content_type = "text/html",
        headers(("Set-Cookie" = String, description = "`vipmp_signin=...; HttpOnly; SameSite=Strict; Path=/portal`"))
    )]
    Form(String),
    /// Already signed in: on to the customers page.
    #[response(status = 303, headers(("Location" = String, description = "`/portal/customers`")))]
    SignedIn,
}

/// A whole page.
#[derive(IntoResponses)]
#[response(status = 200, content_type = "text/html")]
pub struct Page(pub String);

/// A list page (Customers, Resellers, Orders): one page of records in the order and with the
/// search asked for (a search for spaces only is no search); a parameter the portal API
/// refuses shows its error inline.
#[derive(IntoResponses)]
pub enum ListPage {
    /// The page.
    #[response(status = 200, content_type = "text/html")]
    Page(String),
    /// A page past the last: to the last page.
    #[response(status = 303, headers(("Location" = String, description = "The same list, `page` = the last page.")))]
    PastTheLast,
}

/// An htmx fragment: the record's `<tbody>`, collapsed (`row`) or expanded (`expand`), or an
/// inline error (`<p class="error">`) when the record is not the distributor's.
#[derive(IntoResponses)]
#[response(status = 200, content_type = "text/html")]
pub struct Row(pub String);

/// An htmx fragment: the record's expanded `<tbody>` with the outcome, a notice or the refusal
/// inline (the form still open after a refused Save), or an inline error when the record is
/// not the distributor's.
#[derive(IntoResponses)]
#[response(status = 200, content_type = "text/html")]
pub struct RowOutcome(pub String);

/// POST/redirect/GET: the outcome (a notice, or the refusal with the field it names and what
/// was typed) travels in the `vipmp_flash` cookie to the page the answer redirects to, which
/// shows it once; a reload or Back never repeats the POST.
#[derive(IntoResponses)]
#[response(
    status = 303,
    headers(
        ("Location" = String, description = "The page that shows the outcome (the form's page; the header's clock \
            form: the page it was on)."),
        ("Set-Cookie" = String, description = "`vipmp_flash=…; HttpOnly; SameSite=Strict; Path=/portal`: the \
            outcome, bound to the session."),
    )
)]
pub struct Redirected;

/// What a signed-in GET answers besides its page: the way back to sign-in when the request
/// has no live session (no `vipmp_session` cookie, an unknown one, or one idle for 30 min).
#[derive(IntoResponses)]
pub enum SignedInGet {
    /// No live session: back to the sign-in page (no body).
    #[response(status = 303, headers(("Location" = String, description = "`/portal`, the sign-in page.")))]
    SignIn,
    /// No live session on an htmx request (`HX-Request`): htmx follows `HX-Redirect` (no body).
    #[response(status = 401, headers(("HX-Redirect" = String, description = "`/portal`, the sign-in page.")))]
    HtmxSignIn,
    /// The session could not be read (the store is unavailable).
    #[response(status = 503, content_type = "text/plain")]
    Unavailable(String),
}

/// What a signed-in POST answers besides its page: [`SignedInGet`]'s answers, and the
/// refusals of a request without the session's CSRF token or with too large a body.
#[derive(IntoResponses)]
pub enum SignedInPost {
    /// No live session: back to the sign-in page (no body).
    #[response(status = 303, headers(("Location" = String, description = "`/portal`, the sign-in page.")))]
    SignIn,
    /// No live session on an htmx request (`HX-Request`): htmx follows `HX-Redirect` (no body).
    #[response(status = 401, headers(("HX-Redirect" = String, description = "`/portal`, the sign-in page.")))]
    HtmxSignIn,
    /// The CSRF token is missing or is not the session's (neither the `X-CSRF-Token` header
    /// nor the `csrf` form field carries it).
    #[response(status = 403, content_type = "text/plain")]
    Forbidden(String),
    /// The body is larger than the server accepts: Adobe's error body when `Content-Length`
    /// says so (a streamed body is cut off without one).
    #[response(status = 413)]
    TooLarge(AdobeError),
    /// The session could not be read (the store is unavailable).
    #[response(status = 503, content_type = "text/plain")]
    Unavailable(String),
}

/// What a signed-in route with path parameters answers to a parameter that is not UTF-8 once
/// percent-decoded (Adobe's `404`, before the page's handler runs).
#[derive(IntoResponses)]
#[response(status = 404)]
pub struct BadPathParam(pub AdobeError);

/// The portal pages (`/portal`, HTML) and their schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        signin::page,
        signin::page_slash,
        signin::sign_in,
        signin::sign_out,
        crate::portal_html::asset,
        crate::portal_html::favicon,
        customers::page,
        customers::row,
        customers::expand,
        customers::save,
        customers::terms,
        customers::decision,
        customers::hvd,
        customers::enroll,
        customers::trigger,
        customers::job,
        customer_actions::create_pa,
        customer_actions::save_deployment,
        customer_actions::save_subscription,
        customer_actions::approval_code,
        crate::portal_html::linked_actions::terms,
        crate::portal_html::linked_actions::code,
        crate::portal_html::linked_actions::refresh,
        crate::portal_html::linked_actions::enroll,
        records::resellers,
        records::reseller_row,
        records::reseller_expand,
        records::reseller_save,
        records::orders,
        records::order_row,
        records::order_expand,
        records::order_save,
        pages::tools,
        pages::run_tool,
        pages::distributors,
        pages::global_sales,
        control_pages::move_clock,
        control_pages::reset,
        control_pages::snapshots_page,
        control_pages::save,
        control_pages::restore,
        control_pages::delete,
        faults_page::faults_page,
        faults_page::add,
        faults_page::clear,
        faults_page::remove,
        faults_page::requests_page,
        faults_page::request_page,
        flex_page::flex_page,
        flex_page::edit,
        resources::offers,
        resources::countries,
        resources::test_address,
        memberships_page::page,
        memberships_page::quick,
        memberships_page::custom,
        memberships_page::delete,
        memberships_page::transfers,
        memberships_page::update,
    ),
    components(schemas(
        forms::SignInForm,
        forms::CsrfForm,
        forms::CustomerEditForm,
        forms::TermsForm,
        forms::PurchaseAuthorizationForm,
        forms::DeploymentEditForm,
        forms::SubscriptionEditForm,
        forms::DecisionForm,
        forms::LinkedTermsForm,
        forms::LinkedEnrollForm,
        forms::HvdForm,
        forms::ResellerEditForm,
        forms::OrderEditForm,
        forms::GlobalSalesForm,
        forms::ClockForm,
        forms::SnapshotForm,
        forms::FaultForm,
        forms::FlexEndDateForm,
        forms::MembershipForm,
        forms::TransferStatusForm,
    ))
)]
pub struct Doc;
