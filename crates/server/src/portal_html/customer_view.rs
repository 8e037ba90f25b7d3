//! The expanded customer view, built from the portal API's expanded customer (what
//! `GET /portal/api/v1/customers/{id}` answers) and the 3YC request the portal view of core
//! offers to decide.

use askama::Template;

use super::flash::Refusal;
use super::labels::{self, StatusOption};
use super::lists::{Choice, when};
use crate::cpapi::dto::{AddressOut, BenefitOut, CommitmentOut, DiscountOut};
use crate::portal_api::linked_memberships::PortalLinkedMembershipOut;
use crate::portal_api::wire::{CustomerDetailOut, CustomerOrderRow, DeploymentRow, SubscriptionRow};
use vipmp_core::service::high_growth;
use vipmp_core::service::portal_view::{CustomerView, LinkedActions};

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
    /// The form of subscription `id` of the expanded customer, if it has one.
    pub fn build(detail: &CustomerDetailOut, id: &str) -> Option<Self> {
        let s = detail.subscriptions.iter().find(|s| s.subscription_id == id)?;
        let codes = high_growth::renewal_codes(&s.offer_id);
        let current = if s.renewal_code.is_empty() { "none" } else { s.renewal_code.as_str() };
        let choice =
            |value: &str, label: &str| Choice { value: value.into(), label: label.into(), selected: value == current };
        Some(Self {
            id: id.to_string(),
            renewal_quantity: s.renewal_quantity.to_string(),
            auto_renewal: s.auto_renewal,
            status_options: labels::options(&labels::SUBSCRIPTION_EDIT, &s.status),
            // A subscription that takes a renewal code may also have none.
            renewal_codes: if codes.is_empty() {
                Vec::new()
            } else {
                std::iter::once(choice("none", "None")).chain(codes.iter().map(|c| choice(c, c))).collect()
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
fn levels_text(discounts: &[DiscountOut]) -> String {
    discounts.iter().map(|x| format!("{} {}", x.offer_type, x.level)).collect::<Vec<_>>().join(", ")
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
    /// From the expanded customer's linked membership (`None`: in no group) and what the portal
    /// offers on it.
    pub fn build(g: Option<&PortalLinkedMembershipOut>, actions: LinkedActions) -> Self {
        let Some(g) = g else { return Self::default() };
        let lm = &g.linked_membership;
        let mut fields = vec![
            field("Group ID", lm.id.clone()),
            field("Name", lm.name.clone()),
            field("Type", lm.kind.clone()),
            field("Role", lm.linked_membership_type.clone()),
            field("Creation Date", lm.creation_date.clone()),
        ];
        if let Some(country) = &lm.country {
            fields.push(field("LGA group of", country.clone()));
        }
        let terms = g.terms_acceptance_status.clone().unwrap_or_default();
        if !terms.is_empty() {
            fields.push(field("Terms", terms.clone()));
            fields.push(field("Last Refresh Date", g.last_refresh_date.clone().unwrap_or_default()));
            let members = g.members.as_ref().map(|m| m.join(", "));
            fields.push(field("Members", members.filter(|m| !m.is_empty()).unwrap_or_else(|| "none".into())));
        }
        fields.push(field("Group Level", levels_text(&g.discounts)));
        Self { fields, terms_open: actions.decide_terms, accepted: actions.generate_code }
    }
}

fn commitment(kind: &'static str, c: Option<&CommitmentOut>) -> Option<CommitmentView> {
    let c = c?;
    let minimums = c.minimum_quantities.iter().map(|q| format!("{} {}", q.offer_type, q.quantity));
    Some(CommitmentView {
        kind,
        status: c.status.clone(),
        start: c.start_date.clone(),
        end: c.end_date.clone(),
        minimums: minimums.collect::<Vec<_>>().join(", "),
    })
}

fn orders(items: &[CustomerOrderRow]) -> Table {
    Table {
        columns: vec!["Order ID", "Customer ID", "Created Date", "Status", "Order Type", "Order Price"],
        rows: items
            .iter()
            .map(|o| {
                vec![
                    o.order_id.clone(),
                    o.customer_id.clone(),
                    when(&o.created_date),
                    labels::order(&o.status),
                    o.order_type.to_string(),
                    o.order_price.clone(),
                ]
            })
            .collect(),
        ids: items.iter().map(|o| o.order_id.clone()).collect(),
    }
}

fn subscriptions(items: &[SubscriptionRow]) -> Table {
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
                    s.subscription_id.clone(),
                    when(&s.created_date),
                    s.renewal_date.clone(),
                    s.renewal_quantity.to_string(),
                    s.renewed_quantity.to_string(),
                    s.auto_renewal.to_string(),
                    labels::subscription(&s.status),
                    s.deployment_id.clone(),
                    s.currency_code.clone(),
                    s.allowed_actions.join(", "),
                    s.renewal_code.clone(),
                    s.flex_discount_codes.join(", "),
                ]
            })
            .collect(),
        ids: items.iter().map(|s| s.subscription_id.clone()).collect(),
    }
}

fn deployments(items: &[DeploymentRow]) -> Table {
    Table {
        columns: vec!["Deployment ID", "Status", "Country", "City", "Created Date"],
        rows: items
            .iter()
            .map(|d| {
                vec![
                    d.deployment_id.clone(),
                    labels::deployment(&d.status),
                    d.country.clone(),
                    d.address.city.clone(),
                    when(&d.creation_date),
                ]
            })
            .collect(),
        ids: items.iter().map(|d| d.deployment_id.clone()).collect(),
    }
}

fn purchase_authorizations(items: &[crate::cpapi::dto::UnpaidLicenseOut]) -> Table {
    Table {
        columns: vec!["Reference ID", "Product", "Base Offer ID", "Quantity", "Created Date", "Expiry Date"],
        rows: items
            .iter()
            .map(|p| {
                vec![
                    p.reference_id.clone(),
                    p.product_name.clone(),
                    p.base_offer_id.clone(),
                    p.quantity.to_string(),
                    when(&p.creation_date),
                    when(&p.expiry_date),
                ]
            })
            .collect(),
        ids: items.iter().map(|p| p.reference_id.clone()).collect(),
    }
}

impl CustomerDetail {
    /// Builds the view from the expanded customer as the API shows it (`detail`) and the portal's
    /// view of it (the 3YC request to decide, the linked membership's actions).
    pub fn build(
        detail: &CustomerDetailOut,
        view: &CustomerView,
        mode: Mode,
        production: bool,
        csrf: &str,
        job: Option<String>,
    ) -> Self {
        let c = &detail.customer.customer;
        let p = &c.company_profile;
        let actions = &detail.actions;
        let tyc = c.benefits.iter().find_map(|b| match b {
            BenefitOut::ThreeYearCommit(t) => Some(t),
            BenefitOut::Lga(_) => None,
        });
        let commitments: Vec<CommitmentView> = [
            ("commitment", tyc.and_then(|t| t.commitment.as_ref())),
            ("commitmentRequest", tyc.and_then(|t| t.commitment_request.as_ref())),
            ("recommitmentRequest", tyc.and_then(|t| t.recommitment_request.as_ref())),
        ]
        .into_iter()
        .filter_map(|(k, v)| commitment(k, v))
        .collect();
        let current = commitments.iter().find(|x| x.kind == "commitment");
        let terms_status = current.map(|x| x.status.clone()).unwrap_or_default();
        let trigger = &actions.trigger_auto_renewal;
        Self {
            id: c.customer_id.clone(),
            mode,
            production,
            csrf: csrf.to_string(),
            notice: None,
            error: None,
            refusal: None,
            summary: vec![
                field("Customer ID", c.customer_id.clone()),
                field("Reseller ID", c.reseller_id.clone()),
                field("External Reference ID", c.external_reference_id.clone()),
                field("Created Date", when(&c.creation_date)),
                field("Discounts", levels_text(&c.discounts)),
            ],
            status_text: labels::account(&c.status),
            status_code: c.status.clone(),
            coterm: c.coterm_date.clone(),
            global_sales: c.global_sales_enabled,
            sub_segment_options: vipmp_core::reference::MarketSegment::parse(p.market_segment)
                .map(|s| vipmp_core::service::customers::sub_segments(s).to_vec())
                .unwrap_or_default(),
            sub_segment: p.market_sub_segments.first().cloned().unwrap_or_default(),
            profile: vec![
                field("Company Name", p.company_name.clone()),
                field("Preferred Language", p.preferred_language.clone()),
                field("Market Segment", p.market_segment.to_string()),
                field("Address", address(&p.address)),
                field("Phone Number", p.address.phone_number.clone()),
            ],
            contacts: p
                .contacts
                .iter()
                .map(|x| field(&format!("{} {}", x.first_name, x.last_name), x.email.clone()))
                .collect(),
            associations: vec![
                field("Reseller ID", detail.customer.associations.reseller_id.clone()),
                field("Distributor ID", detail.customer.associations.distributor_id.clone()),
            ],
            status_options: labels::options(&labels::CUSTOMER, &c.status),
            pending_request: view.pending_request.map(str::to_string),
            can_enroll: actions.enroll_3yc,
            can_make_hvd: actions.edit_3yc_terms,
            can_edit_terms: actions.edit_3yc_terms,
            terms_start: current.map(|x| x.start.clone()).unwrap_or_default(),
            terms_end: current.map(|x| x.end.clone()).unwrap_or_default(),
            terms_statuses: labels::COMMITMENT.to_vec(),
            terms_status,
            coterm_min: String::new(),
            coterm_max: String::new(),
            commitments,
            renewal: RenewalPanel {
                enabled: trigger.enabled,
                remaining: trigger.cooldown_remaining_seconds,
                remaining_ms: trigger.cooldown_remaining_seconds * 1000,
                job,
                production,
                frozen: crate::kernel::clock::current().is_some_and(|c| c.frozen_at.is_some()),
            },
            orders: orders(&detail.orders),
            subscriptions: subscriptions(&detail.subscriptions),
            deployments: deployments(&detail.deployments),
            deployment: None,
            subscription_edit: None,
            can_create_pa: actions.create_pa,
            pa_products: detail.pa_products.iter().map(|p| (p.base_offer_id.clone(), p.product_name.clone())).collect(),
            purchase_authorizations: purchase_authorizations(&detail.purchase_authorizations),
            linked: LinkedPanel::build(detail.linked_account_group.as_ref(), view.linked),
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
pub fn address(a: &AddressOut) -> String {
    [&a.address_line1, &a.address_line2, &a.city, &a.region, &a.postal_code, &a.country]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}
