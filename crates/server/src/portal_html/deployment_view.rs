//! The View and Edit panel of one of the customer's Associated Deployments (SPEC §5.5), built
//! from the portal API's expanded customer (`deployments` rows).

use serde_json::Value;

use super::customer_view::Field;
use super::labels::{self, StatusOption};
use super::lists::{text, when};

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

const INPUTS: [(&str, &str); 6] = [
    ("region", "Region"),
    ("city", "City"),
    ("addressLine1", "Address Line 1"),
    ("addressLine2", "Address Line 2"),
    ("postalCode", "Postal Code"),
    ("phoneNumber", "Phone Number"),
];

/// The form fields an Edit posts for the address (besides `status`).
pub fn address_inputs() -> impl Iterator<Item = &'static str> {
    INPUTS.iter().map(|(name, _)| *name)
}

impl DeploymentPanel {
    /// The panel of deployment `id` of the expanded customer's JSON, if it has one.
    pub fn build(detail: &Value, id: &str, edit: bool) -> Option<Self> {
        let d = detail["deployments"].as_array()?.iter().find(|d| d["deploymentId"] == id)?;
        let a = &d["address"];
        let status = text(d, "status");
        let field = |label: &str, value: String| Field { label: label.to_string(), value };
        let mut fields = vec![
            field("Deployment ID", text(d, "deploymentId")),
            field("Status", labels::deployment(&status)),
            field("Created Date", when(&text(d, "creationDate"))),
            field("Country", text(a, "country")),
        ];
        fields.extend(INPUTS.iter().map(|(name, label)| field(label, text(a, name))));
        Some(Self {
            id: id.to_string(),
            edit,
            fields,
            country: text(a, "country"),
            inputs: INPUTS.iter().map(|(name, label)| Input { name, label, value: text(a, name) }).collect(),
            status_options: labels::options(&labels::DEPLOYMENT, &status),
        })
    }
}
