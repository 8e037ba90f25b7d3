//! The expanded customer view, built from the portal API's `detail_value` (the same JSON that
//! `GET /portal/api/v1/customers/{id}` answers).

use askama::Template;
use serde_json::Value;

use super::labels::{self, StatusOption};
use super::lists::{text, when};

/// What the expanded view shows besides the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read only.
    View,
    /// The Edit form (status, cotermDate, globalSalesEnabled).
    Edit,
    /// The 3YC terms form.
    Terms,
}

/// A (label, value) pair.
#[derive(Debug, Clone)]
pub struct Field {
    /// The label.
    pub label: String,
    /// The value.
    pub value: String,
}

fn field(label: &str, value: String) -> Field {
    Field { label: label.to_string(), value }
}

/// One 3YC object (commitment, commitmentRequest or recommitmentRequest).
#[derive(Debug, Clone)]
pub struct CommitmentView {
    /// Which object.
    pub kind: &'static str,
    /// Its status.
    pub status: String,
    /// Start date.
    pub start: String,
    /// End date.
    pub end: String,
    /// Minimum quantities (`LICENSE 10, CONSUMABLES 1000`).
    pub minimums: String,
}

/// A table: headings and rows of cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column headings.
    pub columns: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
    /// Record ids of the rows (for the View links), when they have one.
    pub ids: Vec<String>,
}

/// The Trigger Auto Renewal panel.
#[derive(Debug, Clone)]
pub struct RenewalPanel {
    /// Whether the button can be pressed now.
    pub enabled: bool,
    /// Seconds left in the cooldown (the countdown's start).
    pub remaining: i64,
    /// A renewal job to poll until it is done.
    pub job: Option<String>,
    /// Whether the production profile is on (never re-enable).
    pub production: bool,
}

/// The expanded customer.
#[derive(Template)]
#[template(path = "portal/customer_detail.html")]
pub struct CustomerDetail {
    /// Customer id.
    pub id: String,
    /// Mode.
    pub mode: Mode,
    /// Whether mutations are off.
    pub production: bool,
    /// The session's CSRF token (hidden form field).
    pub csrf: String,
    /// A success message.
    pub notice: Option<String>,
    /// A refusal message.
    pub error: Option<String>,
    /// The summary fields (Status is shown apart, with its Edit button).
    pub summary: Vec<Field>,
    /// `1000 - Success`.
    pub status_text: String,
    /// cotermDate.
    pub coterm: String,
    /// globalSalesEnabled.
    pub global_sales: bool,
    /// companyProfile fields.
    pub profile: Vec<Field>,
    /// Contacts.
    pub contacts: Vec<Field>,
    /// associations.
    pub associations: Vec<Field>,
    /// The status select's options.
    pub status_options: Vec<StatusOption>,
    /// The 3YC objects present.
    pub commitments: Vec<CommitmentView>,
    /// The pending request to accept or reject, when one is REQUESTED.
    pub pending_request: Option<String>,
    /// Whether Enroll for 3YC is offered.
    pub can_enroll: bool,
    /// Whether "Make HVD customer" is offered (a customer with a 3YC commitment, sandbox).
    pub can_make_hvd: bool,
    /// Whether Edit 3YC terms is offered.
    pub can_edit_terms: bool,
    /// The terms form's values: start, end, and status options.
    pub terms_start: String,
    /// End date.
    pub terms_end: String,
    /// Status options.
    pub terms_statuses: Vec<(String, bool)>,
    /// The renewal panel.
    pub renewal: RenewalPanel,
    /// Orders.
    pub orders: Table,
    /// Subscriptions.
    pub subscriptions: Table,
    /// Deployments.
    pub deployments: Table,
}

fn yes_no(v: &Value) -> String {
    if v.as_bool().unwrap_or(false) { "true".into() } else { "false".into() }
}

fn commitment(kind: &'static str, v: &Value) -> Option<CommitmentView> {
    if !v.is_object() {
        return None;
    }
    let minimums = v["minimumQuantities"]
        .as_array()
        .map(|m| m.iter().map(|q| format!("{} {}", text(q, "offerType"), text(q, "quantity"))).collect::<Vec<_>>())
        .unwrap_or_default()
        .join(", ");
    Some(CommitmentView {
        kind,
        status: text(v, "status"),
        start: text(v, "startDate"),
        end: text(v, "endDate"),
        minimums,
    })
}

fn orders(list: &Value) -> Table {
    let items = list.as_array().cloned().unwrap_or_default();
    Table {
        columns: vec!["Order ID", "Customer ID", "Created Date", "Status", "Order Type", "Order Price"],
        rows: items
            .iter()
            .map(|o| {
                vec![
                    text(o, "orderId"),
                    text(o, "customerId"),
                    when(&text(o, "createdDate")),
                    labels::order(&text(o, "status")),
                    text(o, "orderType"),
                    text(o, "orderPrice"),
                ]
            })
            .collect(),
        ids: items.iter().map(|o| text(o, "orderId")).collect(),
    }
}

fn subscriptions(list: &Value) -> Table {
    let items = list.as_array().cloned().unwrap_or_default();
    let join = |v: &Value| {
        v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")).unwrap_or_default()
    };
    Table {
        columns: vec![
            "Subscription ID",
            "Created Date",
            "Renewal Date",
            "Renewal Quantity",
            "Renewed Quantity",
            "Auto Renewal",
            "Status",
            "Deployment ID",
            "Currency Code",
            "Allowed Actions",
            "Renewal Code",
            "FlexDiscountCode",
        ],
        rows: items
            .iter()
            .map(|s| {
                vec![
                    text(s, "subscriptionId"),
                    when(&text(s, "createdDate")),
                    text(s, "renewalDate"),
                    text(s, "renewalQuantity"),
                    text(s, "renewedQuantity"),
                    yes_no(&s["autoRenewal"]),
                    labels::subscription(&text(s, "status")),
                    text(s, "deploymentId"),
                    text(s, "currencyCode"),
                    join(&s["allowedActions"]),
                    text(s, "renewalCode"),
                    join(&s["flexDiscountCodes"]),
                ]
            })
            .collect(),
        ids: Vec::new(),
    }
}

fn deployments(list: &Value) -> Table {
    let items = list.as_array().cloned().unwrap_or_default();
    Table {
        columns: vec!["Deployment ID", "Status", "Country"],
        rows: items.iter().map(|d| vec![text(d, "deploymentId"), text(d, "status"), text(d, "country")]).collect(),
        ids: Vec::new(),
    }
}

impl CustomerDetail {
    /// Builds the view from `detail_value`'s JSON.
    pub fn build(detail: &Value, mode: Mode, production: bool, csrf: &str, job: Option<String>) -> Self {
        let c = &detail["customer"];
        let p = &c["companyProfile"];
        let a = &p["address"];
        let actions = &detail["actions"];
        let status = text(c, "status");
        let tyc = c["benefits"]
            .as_array()
            .and_then(|b| b.iter().find(|x| x["type"] == "THREE_YEAR_COMMIT"))
            .cloned()
            .unwrap_or(Value::Null);
        let commitments: Vec<CommitmentView> = [
            ("commitment", &tyc["commitment"]),
            ("commitmentRequest", &tyc["commitmentRequest"]),
            ("recommitmentRequest", &tyc["recommitmentRequest"]),
        ]
        .into_iter()
        .filter_map(|(k, v)| commitment(k, v))
        .collect();
        let pending_request = ["commitmentRequest", "recommitmentRequest"]
            .into_iter()
            .find(|k| tyc[*k]["status"] == "REQUESTED")
            .filter(|_| actions["accept3yc"] == true)
            .map(str::to_string);
        let current = commitments.iter().find(|x| x.kind == "commitment");
        let terms_status = current.map(|x| x.status.clone()).unwrap_or_default();
        let trigger = &actions["triggerAutoRenewal"];
        let discounts = c["discounts"]
            .as_array()
            .map(|d| d.iter().map(|x| format!("{} {}", text(x, "offerType"), text(x, "level"))).collect::<Vec<_>>())
            .unwrap_or_default()
            .join(", ");
        Self {
            id: text(c, "customerId"),
            mode,
            production,
            csrf: csrf.to_string(),
            notice: None,
            error: None,
            summary: vec![
                field("Customer ID", text(c, "customerId")),
                field("Reseller ID", text(c, "resellerId")),
                field("External Reference ID", text(c, "externalReferenceId")),
                field("Created Date", when(&text(c, "creationDate"))),
                field("Discounts", discounts),
            ],
            status_text: labels::account(&status),
            coterm: text(c, "cotermDate"),
            global_sales: c["globalSalesEnabled"].as_bool().unwrap_or(false),
            profile: vec![
                field("Company Name", text(p, "companyName")),
                field("Preferred Language", text(p, "preferredLanguage")),
                field("Market Segment", text(p, "marketSegment")),
                field("Address", address(a)),
                field("Phone Number", text(a, "phoneNumber")),
            ],
            contacts: p["contacts"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .map(|x| field(&format!("{} {}", text(x, "firstName"), text(x, "lastName")), text(x, "email")))
                        .collect()
                })
                .unwrap_or_default(),
            associations: vec![
                field("Reseller ID", text(&c["associations"], "resellerId")),
                field("Distributor ID", text(&c["associations"], "distributorId")),
            ],
            status_options: labels::options(&labels::CUSTOMER, &status),
            pending_request,
            can_enroll: actions["enroll3yc"] == true,
            can_make_hvd: actions["edit3ycTerms"] == true,
            can_edit_terms: actions["edit3ycTerms"] == true,
            terms_start: current.map(|x| x.start.clone()).unwrap_or_default(),
            terms_end: current.map(|x| x.end.clone()).unwrap_or_default(),
            terms_statuses: labels::COMMITMENT.iter().map(|s| (s.to_string(), *s == terms_status)).collect(),
            commitments,
            renewal: RenewalPanel {
                enabled: trigger["enabled"] == true,
                remaining: trigger["cooldownRemainingSeconds"].as_i64().unwrap_or(0),
                job,
                production,
            },
            orders: orders(&detail["orders"]),
            subscriptions: subscriptions(&detail["subscriptions"]),
            deployments: deployments(&detail["deployments"]),
        }
    }
}

/// An address on one line.
pub fn address(a: &Value) -> String {
    ["addressLine1", "addressLine2", "city", "region", "postalCode", "country"]
        .iter()
        .map(|k| text(a, k))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
