//! Status codes as the portal shows them: `1000 - Success`.

/// One option of a status select.
#[derive(Debug, Clone)]
pub struct StatusOption {
    /// The code sent.
    pub code: &'static str,
    /// What the option shows (`1000 - Success`).
    pub text: String,
    /// Whether it is the current value.
    pub selected: bool,
}

/// The customer statuses the portal may set (SPEC §5.4.2).
pub const CUSTOMER: [(&str, &str); 5] = [
    ("1000", "Success"),
    ("1004", "Inactive"),
    ("1010", "Invalid Address"),
    ("1012", "Blocked Account"),
    ("1024", "Customer Already Exists"),
];

/// The reseller statuses the portal may set (SPEC §5.3).
pub const RESELLER: [(&str, &str); 4] =
    [("1000", "Success"), ("1004", "Inactive"), ("1010", "Invalid Address"), ("1012", "Blocked Account")];

/// The order statuses the portal may set (SPEC §5.6).
pub const ORDER: [(&str, &str); 7] = [
    ("1000", "Complete"),
    ("1004", "Failed"),
    ("1008", "Cancelled"),
    ("1020", "Failed: distributor inactive"),
    ("1022", "Failed: reseller inactive"),
    ("1024", "Failed: customer inactive"),
    ("1026", "Failed: customer id invalid"),
];

/// The deployment statuses the portal may set (SPEC §5.5).
pub const DEPLOYMENT: [(&str, &str); 2] = [("1000", "Active"), ("1004", "Inactive")];

/// The subscription statuses the portal's Edit may set (SPEC §5.7).
pub const SUBSCRIPTION_EDIT: [(&str, &str); 2] = [("1000", "Active"), ("1004", "Inactive")];

/// The 3YC statuses the terms editor offers.
pub const COMMITMENT: [&str; 7] =
    ["REQUESTED", "ACCEPTED", "COMMITTED", "INACTIVE", "DECLINED", "NONCOMPLIANT", "EXPIRED"];

/// The options of a status select with `current` selected.
pub fn options(list: &[(&'static str, &'static str)], current: &str) -> Vec<StatusOption> {
    list.iter()
        .map(|(code, label)| StatusOption { code, text: format!("{code} - {label}"), selected: *code == current })
        .collect()
}

fn label_in(list: &[(&str, &'static str)], code: &str) -> Option<&'static str> {
    list.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// An account status (customer or reseller) as text.
pub fn account(code: &str) -> String {
    let label = match code {
        "1002" => Some("Pending"),
        "1014" => Some("Already Exists"),
        "1026" => Some("Invalid Customer ID"),
        _ => label_in(&CUSTOMER, code),
    };
    with_label(code, label)
}

/// An order status as text.
pub fn order(code: &str) -> String {
    let label = match code {
        "1002" => Some("Pending"),
        _ => label_in(&ORDER, code),
    };
    with_label(code, label)
}

/// A subscription status as text.
pub fn subscription(code: &str) -> String {
    let label = match code {
        "1000" => Some("Active"),
        "1002" => Some("Pending"),
        "1004" => Some("Inactive"),
        "1009" => Some("Scheduled"),
        _ => None,
    };
    with_label(code, label)
}

/// A deployment status as text.
pub fn deployment(code: &str) -> String {
    with_label(code, label_in(&DEPLOYMENT, code))
}

fn with_label(code: &str, label: Option<&str>) -> String {
    match label {
        Some(l) => format!("{code} - {l}"),
        None => code.to_string(),
    }
}
