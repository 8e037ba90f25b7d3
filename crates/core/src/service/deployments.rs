//! Deployments of global customers (SPEC §2.8.4 E11–E14, §4.3): addresses in other countries that
//! global orders buy for. They live on the customer record.

use serde_json::Value;

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, join};
use crate::model::{Customer, Deployment, status};
use crate::store::Tx;
use crate::validate;

const CREATE_KEYS: &[&str] = &["companyProfile", "deploymentId", "creationDate", "status", "links"];
const PATCH_KEYS: &[&str] = &["companyProfile", "status", "deploymentId", "creationDate", "links"];
const PROFILE_KEYS: &[&str] = &["address"];

async fn customer(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str) -> CoreResult<Customer> {
    tx.customer(&ctx.distributor.id, customer_id).await?.ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))
}

/// Reads `companyProfile.address` of a deployment body (any supported country).
fn read_address(
    p: &mut Problems,
    ctx: &Ctx<'_>,
    map: &serde_json::Map<String, Value>,
) -> Option<crate::model::Address> {
    let profile = map.get("companyProfile").filter(|v| !v.is_null())?;
    let profile = p.object(profile, "companyProfile", PROFILE_KEYS)?;
    let Some(address) = profile.get("address").filter(|v| !v.is_null()) else {
        p.missing(join("companyProfile", "address"));
        return None;
    };
    validate::address(p, address, "companyProfile.address", ctx.distributor, true)
}

/// Creates a deployment (E11).
pub async fn create(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str, body: &Value) -> CoreResult<Deployment> {
    let mut customer = customer(tx, ctx, customer_id).await?;
    let mut p = Problems::new();
    let address = match p.object(body, "", CREATE_KEYS) {
        Some(map) if map.get("companyProfile").is_none_or(Value::is_null) => {
            p.missing("companyProfile".into());
            None
        }
        Some(map) => read_address(&mut p, ctx, map),
        None => None,
    };
    p.finish()?;
    let address = address.ok_or_else(|| CoreError::code(ErrorCode::MissingFields))?;
    if !ctx.distributor.global_sales_enabled {
        return Err(CoreError::code(ErrorCode::PartnerNotGlobal));
    }
    if !customer.global_sales_enabled {
        return Err(CoreError::code(ErrorCode::CustomerNotGlobal));
    }
    if address.country == customer.profile.address.country {
        return Err(CoreError::detail(ErrorCode::DeploymentSameCountry, "companyProfile.address.country"));
    }
    let deployment = Deployment {
        id: tx.next_id(Sequence::Deployment).await?.to_string(),
        address,
        created_at: ctx.now,
        status: status::ACTIVE.into(),
    };
    customer.deployments.push(deployment.clone());
    tx.put_customer(&customer).await?;
    Ok(deployment)
}

/// A deployment of a customer, or `404 2138`.
pub fn find<'a>(customer: &'a Customer, deployment_id: &str) -> CoreResult<&'a Deployment> {
    customer
        .deployments
        .iter()
        .find(|d| d.id == deployment_id.trim())
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidDeployment))
}

/// Updates a deployment's address (not its country) and status (E14).
pub async fn update(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    deployment_id: &str,
    body: &Value,
) -> CoreResult<Deployment> {
    let mut customer = customer(tx, ctx, customer_id).await?;
    let current = find(&customer, deployment_id)?.clone();
    let mut p = Problems::new();
    let map = p.object(body, "", PATCH_KEYS).cloned();
    let (address, new_status) = match &map {
        Some(map) => (read_address(&mut p, ctx, map), p.opt_str(map, "", "status")),
        None => (None, None),
    };
    if let Some(s) = &new_status
        && !matches!(s.as_str(), status::ACTIVE | status::INACTIVE)
    {
        p.invalid("status".into());
    }
    p.finish()?;
    if let Some(a) = &address
        && a.country != current.address.country
    {
        return Err(CoreError::detail(ErrorCode::NotEditable, "companyProfile.address.country"));
    }
    if new_status.as_deref() == Some(status::INACTIVE) && current.status != status::INACTIVE {
        let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
        let in_use = subs.iter().any(|s| {
            s.deployment_id.as_deref() == Some(current.id.as_str())
                && matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED | status::PENDING)
        });
        if in_use {
            return Err(CoreError::detail(ErrorCode::NotEditable, "status"));
        }
    }
    let Some(slot) = customer.deployments.iter_mut().find(|d| d.id == current.id) else {
        return Err(CoreError::code(ErrorCode::InvalidDeployment));
    };
    if let Some(a) = address {
        slot.address = a;
    }
    if let Some(s) = new_status {
        slot.status = s;
    }
    let updated = slot.clone();
    tx.put_customer(&customer).await?;
    Ok(updated)
}

/// The portal's deployment Edit (SPEC §5.5): `{"address"?: {...}, "status"?: "1000"|"1004"}`. The
/// members of `address` given replace the current ones (an Edit form sends them all; a partial
/// one edits only those), then E14's rules and effects apply ([`update`]): `1118`, `1119` for
/// another country or for deactivating a deployment in use, `1117`. An unknown customer or
/// deployment is `404 P404`, a body member other than these `400 P400`.
pub async fn portal_update(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    deployment_id: &str,
    body: &Value,
) -> CoreResult<Deployment> {
    let not_found = || CoreError::code(ErrorCode::PortalNotFound);
    let customer = tx.customer(&ctx.distributor.id, customer_id).await?.ok_or_else(not_found)?;
    let current = find(&customer, deployment_id).map_err(|_| not_found())?;
    let bad = |field: &str| CoreError::detail(ErrorCode::PortalBadRequest, field);
    let map = body.as_object().ok_or_else(|| bad("body"))?;
    if let Some(k) = map.keys().find(|k| !["address", "status"].contains(&k.as_str())) {
        return Err(bad(k));
    }
    let mut e14 = serde_json::Map::new();
    if let Some(given) = map.get("address").filter(|v| !v.is_null()) {
        let given = given.as_object().ok_or_else(|| bad("address"))?;
        let mut address = serde_json::to_value(&current.address).map_err(|e| CoreError::Internal(e.to_string()))?;
        for (k, v) in given {
            address[k] = v.clone();
        }
        e14.insert("companyProfile".into(), serde_json::json!({ "address": address }));
    }
    if let Some(s) = map.get("status").filter(|v| !v.is_null()) {
        e14.insert("status".into(), s.clone());
    }
    update(tx, ctx, customer_id, deployment_id, &Value::Object(e14)).await
}
