//! Tenants: the distributors and API clients an operator provisions with `vipmp-sandbox
//! distributor add` or a bootstrap file (`serve --bootstrap-file`).
//!
//! [`provision`] is an idempotent upsert: a missing distributor is created with the default
//! contract, an existing one keeps its records and only takes the settings the spec names; the
//! API client is created or gets its new secret. A client id belongs to one distributor for
//! good: provisioning it for another one is refused ([`ProvisionError::ClientTaken`]), because
//! its tokens would otherwise start acting on the other tenant's records.

use std::sync::Arc;

use serde::Deserialize;
use vipmp_core::model::{ApiClient, Distributor};
use vipmp_core::reference;
use vipmp_core::store::{Store, StoreError};

/// One tenant: a distributor and its API client. `None` settings keep what is stored (or the
/// default for a new distributor: `US`, no global sales, no LGA).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TenantSpec {
    /// The distributor id.
    pub distributor_id: String,
    /// Its API client id (the `X-Api-Key`).
    pub client_id: String,
    /// The client's secret.
    pub client_secret: String,
    /// Home country (ISO alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    /// Global sales.
    #[serde(default)]
    pub global_sales_enabled: Option<bool>,
    /// Large Government Agency.
    #[serde(default)]
    pub lga_enabled: Option<bool>,
}

/// What [`provision`] did to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It did not exist and was created.
    Created,
    /// It existed and some of its settings changed.
    Updated,
    /// It existed exactly as asked.
    Unchanged,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
        })
    }
}

/// The outcome of [`provision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provisioned {
    /// The distributor.
    pub distributor: Change,
    /// The API client.
    pub client: Change,
}

/// Why a tenant could not be provisioned.
#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    /// The spec itself is invalid (the message names the field).
    #[error("{0}")]
    Invalid(String),
    /// The client id already belongs to another distributor.
    #[error("client id {client_id} already belongs to distributor {owner}; choose another client id")]
    ClientTaken {
        /// The client id.
        client_id: String,
        /// The distributor it belongs to.
        owner: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn printable(value: &str) -> bool {
    !value.is_empty() && value.len() <= 255 && value.bytes().all(|b| b.is_ascii_graphic())
}

/// Checks a spec: ids as CPAPI accepts them, a known country.
pub fn validate(spec: &TenantSpec) -> Result<(), ProvisionError> {
    let id = &spec.distributor_id;
    if !(4..=40).contains(&id.chars().count()) || !id.chars().all(|c| c.is_alphanumeric() || c == '-') {
        return Err(ProvisionError::Invalid(format!(
            "distributor id {id:?} must be 4 to 40 letters, digits or dashes"
        )));
    }
    if !printable(&spec.client_id) {
        return Err(ProvisionError::Invalid("client id must be 1 to 255 printable ASCII characters, no spaces".into()));
    }
    if !printable(&spec.client_secret) {
        return Err(ProvisionError::Invalid(format!(
            "the client secret of {} must be 1 to 255 printable ASCII characters, no spaces",
            spec.client_id
        )));
    }
    if let Some(country) = &spec.country
        && reference::country(country).is_none()
    {
        return Err(ProvisionError::Invalid(format!("unknown country {country:?} (ISO 3166 alpha-2, e.g. US)")));
    }
    Ok(())
}

/// Creates or updates the tenant in one transaction (idempotent).
pub async fn provision(store: &Arc<dyn Store>, spec: &TenantSpec) -> Result<Provisioned, ProvisionError> {
    validate(spec)?;
    let mut tx = store.begin().await?;
    // Read under the write transaction: no other writer can commit in between.
    let existing_client = store.api_client(&spec.client_id).await?;
    if let Some(c) = &existing_client
        && c.distributor_id != spec.distributor_id
    {
        return Err(ProvisionError::ClientTaken { client_id: c.client_id.clone(), owner: c.distributor_id.clone() });
    }
    let (mut distributor, mut change) = match tx.distributor(&spec.distributor_id).await? {
        Some(d) => (d, Change::Unchanged),
        None => (Distributor::standard(&spec.distributor_id), Change::Created),
    };
    let before = (distributor.country.clone(), distributor.global_sales_enabled, distributor.lga_enabled);
    if let Some(country) = &spec.country {
        distributor.country.clone_from(country);
    }
    if let Some(g) = spec.global_sales_enabled {
        distributor.global_sales_enabled = g;
    }
    if let Some(l) = spec.lga_enabled {
        distributor.lga_enabled = l;
    }
    let after = (distributor.country.clone(), distributor.global_sales_enabled, distributor.lga_enabled);
    if change == Change::Unchanged && before != after {
        change = Change::Updated;
    }
    if change != Change::Unchanged {
        tx.put_distributor(&distributor).await?;
    }
    let client = match &existing_client {
        None => Change::Created,
        Some(c) if c.client_secret == spec.client_secret => Change::Unchanged,
        Some(_) => Change::Updated,
    };
    if client != Change::Unchanged {
        tx.put_api_client(&ApiClient {
            client_id: spec.client_id.clone(),
            client_secret: spec.client_secret.clone(),
            distributor_id: spec.distributor_id.clone(),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(Provisioned { distributor: change, client })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantFile {
    distributors: Vec<TenantSpec>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonFile {
    List(Vec<TenantSpec>),
    Object(TenantFile),
}

/// Parses a bootstrap file: JSON (a list of tenants, or `{"distributors": [...]}`) or TOML
/// (`[[distributors]]` tables). `name` picks the format by extension (`.json`, `.toml`);
/// otherwise text starting with `[` or `{` is JSON only when it parses as JSON.
pub fn parse_bootstrap(name: &str, text: &str) -> Result<Vec<TenantSpec>, String> {
    let json = || match serde_json::from_str::<JsonFile>(text) {
        Ok(JsonFile::List(l)) => Ok(l),
        Ok(JsonFile::Object(o)) => Ok(o.distributors),
        Err(e) => Err(format!(
            "invalid JSON bootstrap file: {e} (expected a list of {{distributorId, clientId, clientSecret, globalSalesEnabled?, lgaEnabled?, country?}})"
        )),
    };
    let toml = || {
        basic_toml::from_str::<TenantFile>(text)
            .map(|f| f.distributors)
            .map_err(|e| format!("invalid TOML bootstrap file: {e} (expected [[distributors]] tables)"))
    };
    let lower = name.to_ascii_lowercase();
    let specs = if lower.ends_with(".json") {
        json()?
    } else if lower.ends_with(".toml") {
        toml()?
    } else if text.trim_start().starts_with('{') || json().is_ok() {
        json()?
    } else {
        toml()?
    };
    for (i, spec) in specs.iter().enumerate() {
        validate(spec).map_err(|e| format!("entry {}: {e}", i + 1))?;
        if specs[..i].iter().any(|s| s.client_id == spec.client_id && s.distributor_id != spec.distributor_id) {
            return Err(format!("entry {}: client id {} is listed for two distributors", i + 1, spec.client_id));
        }
    }
    Ok(specs)
}

/// Reads, parses and applies a bootstrap file; returns each tenant with what was done.
pub async fn apply_bootstrap_file(
    store: &Arc<dyn Store>,
    path: &std::path::Path,
) -> Result<Vec<(TenantSpec, Provisioned)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let specs = parse_bootstrap(&path.to_string_lossy(), &text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut done = Vec::with_capacity(specs.len());
    for spec in specs {
        let outcome = provision(store, &spec).await.map_err(|e| format!("{}: {e}", path.display()))?;
        done.push((spec, outcome));
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_list_object_and_toml_parse_to_the_same_specs() {
        let list = r#"[{"distributorId": "5000000002", "clientId": "k2", "clientSecret": "s2",
                        "globalSalesEnabled": true}]"#;
        let object = r#"{"distributors": [{"distributorId": "5000000002", "clientId": "k2", "clientSecret": "s2",
                        "globalSalesEnabled": true}]}"#;
        let toml = "[[distributors]]\ndistributorId = \"5000000002\"\nclientId = \"k2\"\nclientSecret = \"s2\"\nglobalSalesEnabled = true\n";
        let want = vec![TenantSpec {
            distributor_id: "5000000002".into(),
            client_id: "k2".into(),
            client_secret: "s2".into(),
            global_sales_enabled: Some(true),
            ..TenantSpec::default()
        }];
        assert_eq!(parse_bootstrap("t.json", list), Ok(want.clone()));
        assert_eq!(parse_bootstrap("t", object), Ok(want.clone()));
        assert_eq!(parse_bootstrap("t.toml", toml), Ok(want.clone()));
        assert_eq!(parse_bootstrap("tenants.conf", toml), Ok(want));
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let typo = r#"[{"distributorId": "5000000002", "clientId": "k", "clientSecret": "s", "globalSales": true}]"#;
        assert!(parse_bootstrap("t.json", typo).unwrap_err().contains("globalSales"));
        let missing = r#"[{"distributorId": "5000000002", "clientId": "k"}]"#;
        assert!(parse_bootstrap("t.json", missing).unwrap_err().contains("clientSecret"));
        let bad_id = r#"[{"distributorId": "x<y>", "clientId": "k", "clientSecret": "s"}]"#;
        assert!(parse_bootstrap("t.json", bad_id).unwrap_err().contains("entry 1"));
        let space = r#"[{"distributorId": "5000000002", "clientId": "a b", "clientSecret": "s"}]"#;
        assert!(parse_bootstrap("t.json", space).unwrap_err().contains("client id"));
        let country = r#"[{"distributorId": "5000000002", "clientId": "k", "clientSecret": "s", "country": "ZZ"}]"#;
        assert!(parse_bootstrap("t.json", country).unwrap_err().contains("ZZ"));
        let twice = r#"[{"distributorId": "5000000002", "clientId": "k", "clientSecret": "s"},
                        {"distributorId": "5000000003", "clientId": "k", "clientSecret": "s"}]"#;
        assert!(parse_bootstrap("t.json", twice).unwrap_err().contains("two distributors"));
        assert!(parse_bootstrap("t.toml", "distributors = 3").is_err());
        assert_eq!(parse_bootstrap("t.json", "[]"), Ok(Vec::new()));
    }
}
