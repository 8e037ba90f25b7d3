//! Transfer Memberships (SPEC §5.8.1–§5.8.4) and Manage Records › Transfers (§5.8.5) in HTML: a
//! thin layer over the portal JSON handlers (`crate::portal_api::memberships`), called as functions.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Map, Value, json};
use vipmp_core::service::memberships::{self, Ineligible};

use super::flash::{self, Flash};
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::kernel::extract::{PathParams, RawQuery};
use crate::kernel::state::AppState;
use crate::portal_api::memberships::{
    MembershipOut, TransferRowOut, create_membership, delete_membership, membership_page, set_transfer_status,
    transfer_page,
};
use crate::portal_html::docs::{BadPathParam, Page, Redirected, SignedInGet, SignedInPost, TAG};
use crate::portal_html::extract::{HtmxHeader, PostHeaders};
use crate::portal_html::forms;

/// Where the Transfer Memberships forms come back to.
const MEMBERSHIPS: &str = "/portal/memberships";
/// Where the Transfers forms come back to.
const TRANSFERS: &str = "/portal/transfers";

/// The Custom Create eligibility knobs the form offers (name, label).
pub const KNOBS: [(&str, &str); 9] = [
    ("openPurchaseAuthorizations", "Open purchase authorizations (OPEN_PURCHASE_AUTH)"),
    ("returnablePurchase", "Returnable purchase (RETURNABLE_PURCHASE)"),
    ("unpaidInvoice", "Unpaid invoice (UNPAID_INVOICE)"),
    ("unbilledOrder", "Unbilled order (UNBILLED_ORDER)"),
    ("unprocessedOrders", "Unprocessed orders (HAS_UNPROCESSED_ORDERS)"),
    ("inactive", "Inactive membership (INACTIVE)"),
    ("noTargetSku", "A product without a VIP MP offer (NO_TARGET_SKU)"),
    ("extendedTerm3yc", "Extended-term 3YC (EXTENDED_TERM_3YC)"),
    ("invalidCountry", "Country not supported (INVALID_COUNTRY)"),
];

/// The Transfer Memberships page.
#[derive(Template)]
#[template(path = "portal/memberships.html")]
pub struct MembershipsPage {
    /// The frame.
    pub layout: Layout,
    /// Created memberships, newest first.
    pub memberships: Vec<MembershipOut>,
    /// How many there are.
    pub total: i64,
    /// The fixed ineligible ones.
    pub ineligible: Vec<Ineligible>,
    /// The list could not be read.
    pub error: Option<String>,
    /// The knobs.
    pub knobs: &'static [(&'static str, &'static str)],
}

impl MembershipsPage {
    /// `a == b` for the template (its loop variables are `&&str`).
    pub fn eq(&self, a: &str, b: &str) -> bool {
        a == b
    }
}

/// The Transfers page.
#[derive(Template)]
#[template(path = "portal/transfers.html")]
pub struct TransfersPage {
    /// The frame.
    pub layout: Layout,
    /// Transfers, newest first.
    pub transfers: Vec<TransferRowOut>,
    /// How many there are.
    pub total: i64,
    /// The list could not be read.
    pub error: Option<String>,
}

/// `GET /portal/memberships`.
#[utoipa::path(
    get, path = "/portal/memberships", tag = TAG, operation_id = "pageMemberships",
    summary = "Transfer Memberships: Quick Create, Custom Create, Created and Ineligible Memberships",
    security(("portalSession" = [])), params(HtmxHeader), responses(Page, SignedInGet),
)]
pub async fn page(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let layout = Layout::new(&state, &signed, "memberships");
    let (memberships, total, error) = match membership_page(&state, &signed.caller, &query).await {
        Ok(p) => (p.items, p.total_count, None),
        Err(e) => (Vec::new(), 0, Some(error_message(&e))),
    };
    render(&MembershipsPage { layout, memberships, total, ineligible: memberships::ineligible(), error, knobs: &KNOBS })
}

/// `GET /portal/transfers`.
#[utoipa::path(
    get, path = "/portal/transfers", tag = TAG, operation_id = "pageTransfers",
    summary = "Manage Records › Transfers: VIP → VIP MP transfers and Update Transfer Status",
    security(("portalSession" = [])), params(HtmxHeader), responses(Page, SignedInGet),
)]
pub async fn transfers(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let layout = Layout::new(&state, &signed, "transfers");
    let (transfers, total, error) = match transfer_page(&state, &signed.caller, &query).await {
        Ok(p) => (p.items, p.total_count, None),
        Err(e) => (Vec::new(), 0, Some(error_message(&e))),
    };
    render(&TransfersPage { layout, transfers, total, error })
}

/// A form's fields as the JSON body of Quick (and Custom) Create.
fn create_body(typed: &[(String, String)], custom: bool) -> Value {
    let text = |k: &str| flash::value(typed, k).filter(|v| !v.is_empty());
    let checked = |k: &str| text(k).is_some_and(|v| v == "true" || v == "on");
    let mut body = Map::new();
    for key in ["companyName", "marketSegment", "marketSubSegment", "renewalStatus", "linkedMembershipGroupId"] {
        if let Some(v) = text(key) {
            body.insert(key.into(), Value::String(v));
        }
    }
    if let Some(n) = text("eligibleOfferCount") {
        body.insert("eligibleOfferCount".into(), n.parse::<i64>().map_or(Value::String(n), Value::from));
    }
    for key in ["enableWorldwide", "threeYearCommit", "linkedMembershipOwner", "linkedMembershipMember", "enableLga"] {
        body.insert(key.into(), Value::Bool(checked(key)));
    }
    if let Some(level) = text("discountLevel") {
        body.insert(
            "hvd".into(),
            json!({"discountLevel": level, "pricing": text("pricing").unwrap_or_else(|| "PRE_DCLO".into())}),
        );
    }
    if custom {
        for key in ["country", "currency"] {
            if let Some(v) = text(key) {
                body.insert(key.into(), Value::String(v));
            }
        }
        if let Some(offer) = text("offerId") {
            let quantity = text("quantity").unwrap_or_default();
            let quantity = quantity.parse::<i64>().map_or(Value::String(quantity), Value::from);
            body.insert("offers".into(), json!([{"offerId": offer, "quantity": quantity}]));
        }
        let mut knobs = Map::new();
        for (knob, _) in KNOBS {
            if checked(knob) {
                knobs.insert(knob.into(), Value::Bool(true));
            }
        }
        for knob in ["contractAccepted", "adminContactsPresent"] {
            knobs.insert(knob.into(), Value::Bool(checked(knob)));
        }
        body.insert("eligibility".into(), Value::Object(knobs));
    }
    Value::Object(body)
}

async fn create(state: &AppState, signed: &Signed, body: &Bytes, custom: bool) -> Response {
    let typed = flash::pairs(body);
    let form = if custom { "custom" } else { "quick" };
    let flash = match create_membership(state, &signed.caller, custom, create_body(&typed, custom)).await {
        Ok(c) => {
            let mut items = vec![("Membership ID".to_string(), c.membership_id.clone())];
            if let Some(g) = &c.linked_membership_id {
                items.push(("Linked membership ID".into(), g.clone()));
            }
            items.push((
                "Eligible".into(),
                if c.eligible { "Yes".into() } else { format!("No: {}", c.reason_codes.join(", ")) },
            ));
            Flash::done(format!("Created membership {}.", c.membership_id), items)
        }
        Err(e) => Flash::refused(&e, form, &typed),
    };
    flash.redirect(signed, MEMBERSHIPS)
}

/// `POST /portal/memberships/quick`.
#[utoipa::path(
    post, path = "/portal/memberships/quick", tag = TAG, operation_id = "pageMembershipQuickCreate",
    summary = "Quick Create a membership", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::MembershipForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn quick(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    create(&state, &signed, &body, false).await
}

/// `POST /portal/memberships/custom`.
#[utoipa::path(
    post, path = "/portal/memberships/custom", tag = TAG, operation_id = "pageMembershipCustomCreate",
    summary = "Custom Create a membership", security(("portalSession" = [])), params(PostHeaders),
    request_body(content = forms::MembershipForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost),
)]
pub async fn custom(State(state): State<AppState>, signed: Signed, body: Bytes) -> Response {
    create(&state, &signed, &body, true).await
}

/// `POST /portal/memberships/{id}/delete`.
#[utoipa::path(
    post, path = "/portal/memberships/{membership_id}/delete", tag = TAG, operation_id = "pageMembershipDelete",
    summary = "Delete an unused membership", security(("portalSession" = [])),
    params(("membership_id" = String, Path, description = "The membership."), PostHeaders),
    request_body(content = forms::CsrfForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn delete(State(state): State<AppState>, signed: Signed, path: PathParams) -> Response {
    let id = path.get(0).to_string();
    let result = delete_membership(&state, &signed.caller, &id).await.map(|()| format!("Deleted membership {id}."));
    Flash::of(result, "delete", &[]).redirect(&signed, MEMBERSHIPS)
}

/// `POST /portal/transfers/{id}` (`status`).
#[utoipa::path(
    post, path = "/portal/transfers/{transfer_id}", tag = TAG, operation_id = "pageTransferStatus",
    summary = "Update Transfer Status", security(("portalSession" = [])),
    params(("transfer_id" = String, Path, description = "The transfer."), PostHeaders),
    request_body(content = forms::TransferStatusForm, content_type = "application/x-www-form-urlencoded"),
    responses(Redirected, SignedInPost, BadPathParam),
)]
pub async fn update(State(state): State<AppState>, signed: Signed, path: PathParams, body: Bytes) -> Response {
    let typed = flash::pairs(&body);
    let id = path.get(0).to_string();
    let status = flash::value(&typed, "status").unwrap_or_default();
    let result = set_transfer_status(&state, &signed.caller, &id, json!({"status": status})).await.map(|t| {
        let customer = &t.transfer.customer_id;
        if customer.is_empty() {
            format!("Transfer {id} is now {}.", t.transfer.status)
        } else {
            format!("Transfer {id} is now {}: customer {customer}.", t.transfer.status)
        }
    });
    Flash::of(result, &format!("transfer-{id}"), &typed).redirect(&signed, TRANSFERS)
}
