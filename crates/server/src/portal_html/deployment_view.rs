//! The View and Edit panel of one of the customer's Associated Deployments (SPEC §5.5), built
//! from the portal API's expanded customer (its `deployments` rows).

use super::customer_view::Field;
use super::labels::{self, StatusOption};
use super::lists::when;
use crate::cpapi::dto::AddressOut;
use crate::portal_api::wire::CustomerDetailOut;

/// An editable address member: form name, label, current value.
#[derive(Debug, Clone)]
pub struct Input {
    /// The form field (`city`, `postalCode`, …).
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// The current value.
    pub value: String,
}

/// The deployment shown under the deployments table.
#[derive(Debug, Clone)]
pub struct DeploymentPanel {
    /// The deployment id.
    pub id: String,
    /// Whether the Edit form is open.
    pub edit: bool,
    /// Everything about it (View).
    pub fields: Vec<Field>,
    /// Its country (shown greyed out in the form: it never changes).
    pub country: String,
    /// The editable address members.
    pub inputs: Vec<Input>,
    /// The status select's options.
    pub status_options: Vec<StatusOption>,
}

/// An address member of the form: its form field, its label and where the address holds it.
type AddressInput = (&'static str, &'static str, fn(&AddressOut) -> &String);

const INPUTS: [AddressInput; 6] = [
    ("region", "Region", |a| &a.region),
    ("city", "City", |a| &a.city),
    ("addressLine1", "Address Line 1", |a| &a.address_line1),
    ("addressLine2", "Address Line 2", |a| &a.address_line2),
    ("postalCode", "Postal Code", |a| &a.postal_code),
    ("phoneNumber", "Phone Number", |a| &a.phone_number),
];

/// The form fields an Edit posts for the address (besides `status`).
pub fn address_inputs() -> impl Iterator<Item = &'static str> {
    INPUTS.iter().map(|(name, _, _)| *name)
}

impl DeploymentPanel {
    /// The panel of deployment `id` of the expanded customer, if it has one.
    pub fn build(detail: &CustomerDetailOut, id: &str, edit: bool) -> Option<Self> {
        let d = detail.deployments.iter().find(|d| d.deployment_id == id)?;
        let a = &d.address;
        let field = |label: &str, value: String| Field { label: label.to_string(), value };
        let mut fields = vec![
            field("Deployment ID", d.deployment_id.clone()),
            field("Status", labels::deployment(&d.status)),
            field("Created Date", when(&d.creation_date)),
            field("Country", a.country.clone()),
        ];
        fields.extend(INPUTS.iter().map(|(_, label, member)| field(label, member(a).clone())));
        Some(Self {
            id: id.to_string(),
            edit,
            fields,
            country: a.country.clone(),
            inputs: INPUTS
                .iter()
                .map(|(name, label, member)| Input { name, label, value: member(a).clone() })
                .collect(),
            status_options: labels::options(&labels::DEPLOYMENT, &d.status),
        })
    }
}
