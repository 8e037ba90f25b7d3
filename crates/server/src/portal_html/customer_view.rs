//! The expanded customer view, built from the portal API's `detail_value` (the same JSON that
//! `GET /portal/api/v1/customers/{id}` answers).

use askama::Template;
use serde_json::Value;

use super::flash::Refusal;
use super::labels::{self, StatusOption};
use super::lists::{Choice, text, when};
use vipmp_core::service::high_growth;

/// What the expanded view shows besides the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read only.
    View,
    /// The Edit form (status, cotermDate, globalSalesEnabled).
    Edit,
    /// The 3YC terms form.
    Terms,
    /// The Create PA dialog.
    CreatePa,
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

/// The Edit form of one subscription (SPEC §5.7): Renewal Quantity, Auto-Renewal, Status.
#[derive(Debug, Clone)]
pub struct SubscriptionEditPanel {
    /// The subscription id.
    pub id: String,
    /// The renewal quantity now.
    pub renewal_quantity: String,
    /// Whether auto-renewal is on now.
    pub auto_renewal: bool,
    /// The status select's options.
    pub status_options: Vec<labels::StatusOption>,
    /// The renewal code select's options, for the Acrobat Pro group only.
    pub renewal_codes: Vec<Choice>,
}

impl SubscriptionEditPanel {
    /// The form of subscription `id` of the expanded customer's JSON, if it has one.
    pub fn build(detail: &Value, id: &str) -> Option<Self> {
        let s = detail["subscriptions"].as_array()?.iter().find(|s| s["subscriptionId"] == id)?;
        Some(Self {
            id: id.to_string(),
            renewal_quantity: text(s, "renewalQuantity"),
            auto_renewal: s["autoRenewal"] == true,
            status_options: labels::options(&labels::SUBSCRIPTION_EDIT, &text(s, "status")),
            renewal_codes: if high_growth::takes_renewal_code(&text(s, "offerId")) {
                let current = text(s, "renewalCode");
                let current = if current.is_empty() { "none" } else { current.as_str() };
                [("none", "None"), ("MOQ_100", "MOQ_100"), ("MOQ_250", "MOQ_250"), ("MOQ_500", "MOQ_500")]
                    .into_iter()
                    .map(|(value, label)| Choice {
                        value: value.into(),
                        label: label.into(),
                        selected: value == current,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
    }
}

/// The Trigger Auto Renewal panel.
#[derive(Debug, Clone)]
pub struct RenewalPanel {
    /// Whether the button can be pressed now.
    pub enabled: bool,
    /// Seconds left in the cooldown, rounded up (the countdown's first text).
    pub remaining: i64,
    /// Milliseconds left (the countdown counts these down, so the button comes back at 0).
    pub remaining_ms: i64,
    /// A renewal job to poll until it is done.
    pub job: Option<String>,
    /// Whether the production profile is on (never re-enable).
    pub production: bool,
    /// Whether the sandbox clock is frozen (the cooldown does not run out by itself).
    pub frozen: bool,
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
    /// A refusal message (or a failed renewal job).
    pub error: Option<String>,
    /// The refused field of the open form, with what the user typed.
    pub refusal: Option<Refusal>,
    /// The summary fields (Status is shown apart, with its Edit button).
    pub summary: Vec<Field>,
    /// `1000 - Success`.
    pub status_text: String,
    /// `1000`.
    pub status_code: String,
    /// cotermDate.
    pub coterm: String,
    /// globalSalesEnabled.
    pub global_sales: bool,
    /// The market sub-segments the Edit form offers (GOV and EDU customers; empty for COM).
    pub sub_segment_options: Vec<&'static str>,
    /// The customer's market sub-segment, `""` if none.
    pub sub_segment: String,
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
    /// The commitment's status.
    pub terms_status: String,
    /// Status options.
    pub terms_statuses: Vec<&'static str>,
    /// The earliest cotermDate the Edit form takes (a year ago).
    pub coterm_min: String,
    /// The latest (a year from today).
    pub coterm_max: String,
    /// The renewal panel.
    pub renewal: RenewalPanel,
    /// Orders.
    pub orders: Table,
    /// Subscriptions.
    pub subscriptions: Table,
    /// Deployments (with their ids, for the View buttons).
    pub deployments: Table,
    /// The deployment opened with View (or Edit), if any.
    pub deployment: Option<super::deployment_view::DeploymentPanel>,
    /// The subscription whose Edit form is open (SPEC §5.7), if any.
    pub subscription_edit: Option<SubscriptionEditPanel>,
    /// Whether Create PA is offered.
    pub can_create_pa: bool,
    /// The Create PA dialog's products: (base offer id, name).
    pub pa_products: Vec<(String, String)>,
    /// The open purchase authorizations.
    pub purchase_authorizations: Table,
    /// The linked membership (SPEC §5.4.10).
    pub linked: LinkedPanel,
}

/// Levels on one line: `LICENSE 03, CONSUMABLES T2`.
fn levels_text(discounts: &Value) -> String {
    discounts
        .as_array()
        .map(|d| d.iter().map(|x| format!("{} {}", text(x, "offerType"), text(x, "level"))).collect::<Vec<_>>())
        .unwrap_or_default()
        .join(", ")
}

/// The expanded customer's Linked Membership section.
#[derive(Debug, Clone, Default)]
pub struct LinkedPanel {
    /// The group's fields; empty when the customer is in no group.
    pub fields: Vec<Field>,
    /// The owner, terms still `REQUESTED`: Accept / Reject.
    pub terms_open: bool,
    /// The owner, terms `ACCEPTED`: Generate code, Refresh.
    pub accepted: bool,
}

impl LinkedPanel {
    /// From the portal detail's `linkedAccountGroup` (`null`: in no group).
    pub fn build(g: &Value) -> Self {
        if !g.is_object() {
            return Self::default();
        }
        let lm = &g["linkedMembership"];
        let mut fields = vec![
            field("Group ID", text(lm, "id")),
            field("Name", text(lm, "name")),
            field("Type", text(lm, "type")),
            field("Role", text(lm, "linkedMembershipType")),
            field("Creation Date", text(lm, "creationDate")),
        ];
        if lm["country"].is_string() {
            fields.push(field("LGA group of", text(lm, "country")));
        }
        let terms = text(g, "termsAcceptanceStatus");
        if !terms.is_empty() {
            fields.push(field("Terms", terms.clone()));
            fields.push(field("Last Refresh Date", text(g, "lastRefreshDate")));
            let members =
                g["members"].as_array().map(|m| m.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
            fields.push(field("Members", members.filter(|m| !m.is_empty()).unwrap_or_else(|| "none".into())));
        }
        fields.push(field("Group Level", levels_text(&g["discounts"])));
        Self { fields, terms_open: terms == "REQUESTED", accepted: terms == "ACCEPTED" }
    }
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
        ids: items.iter().map(|s| text(s, "subscriptionId")).collect(),
    }
}

fn deployments(list: &Value) -> Table {
    let items = list.as_array().cloned().unwrap_or_default();
    Table {
        columns: vec!["Deployment ID", "Status", "Country", "City", "Created Date"],
        rows: items
            .iter()
            .map(|d| {
                vec![
                    text(d, "deploymentId"),
                    labels::deployment(&text(d, "status")),
                    text(d, "country"),
                    text(&d["address"], "city"),
                    when(&text(d, "creationDate")),
                ]
            })
            .collect(),
        ids: items.iter().map(|d| text(d, "deploymentId")).collect(),
    }
}

fn purchase_authorizations(list: &Value) -> Table {
    let items = list.as_array().cloned().unwrap_or_default();
    Table {
        columns: vec!["Reference ID", "Product", "Base Offer ID", "Quantity", "Created Date", "Expiry Date"],
        rows: items
            .iter()
            .map(|p| {
                vec![
                    text(p, "referenceId"),
                    text(p, "productName"),
                    text(p, "baseOfferId"),
                    text(p, "quantity"),
                    when(&text(p, "creationDate")),
                    when(&text(p, "expiryDate")),
                ]
            })
            .collect(),
        ids: items.iter().map(|p| text(p, "referenceId")).collect(),
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
        let discounts = levels_text(&c["discounts"]);
        Self {
            id: text(c, "customerId"),
            mode,
            production,
            csrf: csrf.to_string(),
            notice: None,
            error: None,
            refusal: None,
            summary: vec![
                field("Customer ID", text(c, "customerId")),
                field("Reseller ID", text(c, "resellerId")),
                field("External Reference ID", text(c, "externalReferenceId")),
                field("Created Date", when(&text(c, "creationDate"))),
                field("Discounts", discounts),
            ],
            status_text: labels::account(&status),
            status_code: status.clone(),
            coterm: text(c, "cotermDate"),
            global_sales: c["globalSalesEnabled"].as_bool().unwrap_or(false),
            sub_segment_options: vipmp_core::reference::MarketSegment::parse(&text(p, "marketSegment"))
                .map(|s| vipmp_core::service::customers::sub_segments(s).to_vec())
                .unwrap_or_default(),
            sub_segment: p["marketSubSegments"][0].as_str().unwrap_or_default().to_string(),
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
            terms_statuses: labels::COMMITMENT.to_vec(),
            terms_status,
            coterm_min: String::new(),
            coterm_max: String::new(),
            commitments,
            renewal: RenewalPanel {
                enabled: trigger["enabled"] == true,
                remaining: trigger["cooldownRemainingSeconds"].as_i64().unwrap_or(0),
                remaining_ms: trigger["cooldownRemainingSeconds"].as_i64().unwrap_or(0) * 1000,
                job,
                production,
                frozen: crate::kernel::clock::current().is_some_and(|c| c.frozen_at.is_some()),
            },
            orders: orders(&detail["orders"]),
            subscriptions: subscriptions(&detail["subscriptions"]),
            deployments: deployments(&detail["deployments"]),
            deployment: None,
            subscription_edit: None,
            can_create_pa: actions["createPa"] == true,
            pa_products: detail["paProducts"]
                .as_array()
                .map(|l| l.iter().map(|p| (text(p, "baseOfferId"), text(p, "productName"))).collect())
                .unwrap_or_default(),
            purchase_authorizations: purchase_authorizations(&detail["purchaseAuthorizations"]),
            linked: LinkedPanel::build(&detail["linkedAccountGroup"]),
        }
    }
}

impl CustomerDetail {
    /// The refusal's message for `field` of `form` (`edit` or `terms`).
    pub fn field_error(&self, form: &str, field: &str) -> Option<&str> {
        self.refusal.as_ref().and_then(|r| r.error(form, field))
    }

    /// What the user typed in `field` of `form` when it was refused, else `current`.
    pub fn typed(&self, form: &str, field: &str, current: &str) -> String {
        self.refusal.as_ref().map_or_else(|| current.to_string(), |r| r.value(form, field, current))
    }

    /// Whether the global sales box is ticked: as the user left it after a refusal, else the
    /// customer's flag.
    pub fn global_sales_checked(&self) -> bool {
        match &self.refusal {
            Some(r) if r.form == "edit" => r.values.contains_key("globalSalesEnabled"),
            _ => self.global_sales,
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
