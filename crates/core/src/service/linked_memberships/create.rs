//! Creating a group: by `PATCH /v3/customers/{id}` with `linkedMembership {type, name}`, or by a
//! VIP → VIP MP transfer of a membership in a group.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::enrol::add_member;
use super::{TYPES, fresh_distributor, owner_of};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, join};
use crate::model::{Customer, Discount, LinkedGroup, LinkedMembership};
use crate::service::{Ctx, three_year_commit};
use crate::store::Tx;

/// Keys `linkedMembership` may carry on PATCH: `type` and `name` are written, the rest are the
/// read-only fields of GET sent back.
const KEYS: &[&str] = &["type", "name", "id", "linkedMembershipType", "creationDate", "country", "benefitTypes"];

/// The longest group name (SPEC §2.8.14: `name` 0–80 characters).
pub(super) const NAME_MAX: usize = 80;

/// A `linkedMembership` of a PATCH: the group to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRequest {
    /// `STANDARD` or `CONSORTIUM`.
    pub kind: String,
    /// The group's name.
    pub name: String,
    /// The `id` sent back, if any (a GET echoed).
    pub echoed_id: Option<String>,
}

/// Reads `linkedMembership` of a PATCH body (`null` or absent: nothing).
pub fn read_request(p: &mut Problems, map: &serde_json::Map<String, Value>) -> Option<GroupRequest> {
    let value = map.get("linkedMembership").filter(|v| !v.is_null())?;
    let path = "linkedMembership";
    let obj = p.object(value, path, KEYS)?;
    let kind = p.req_str(obj, path, "type");
    let name = p.req_str(obj, path, "name").map(|n| n.trim().to_string());
    let echoed_id = p.opt_str(obj, path, "id");
    if kind.as_deref().is_some_and(|k| !TYPES.contains(&k)) {
        p.invalid(join(path, "type"));
    }
    if name.as_deref().is_some_and(|n| n.is_empty() || n.chars().count() > NAME_MAX || n.contains(['<', '>'])) {
        p.invalid(join(path, "name"));
    }
    Some(GroupRequest { kind: kind?, name: name?, echoed_id })
}

/// Applies a PATCH `linkedMembership` to `customer`: creates a group with it as `OWNER`
/// (`1147` for a 3YC customer). The customer's own group sent back unchanged is accepted; any
/// other group while it is in one is `1117` (`linkedMembership`).
pub async fn apply_request(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer: &mut Customer,
    request: GroupRequest,
) -> CoreResult<()> {
    if let Some(lm) = &customer.linked_membership {
        let echo =
            request.echoed_id.as_deref().map_or(lm.name == request.name && lm.kind == request.kind, |id| id == lm.id);
        if echo {
            return Ok(());
        }
        return Err(CoreError::detail(ErrorCode::InvalidFields, "linkedMembership"));
    }
    if three_year_commit::has_three_year_commit(customer) {
        return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
    }
    let lga = match customer.lga_status.as_deref() {
        Some("ACTIVE") if !ctx.distributor.lga_enabled => {
            return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
        }
        Some("ACTIVE") => true,
        // A conversion in progress forbids a linked membership (SPEC §4.17).
        Some(_) => return Err(CoreError::detail(ErrorCode::InvalidFields, "linkedMembership")),
        None => false,
    };
    let id = tx.next_id(Sequence::LinkedGroup).await?.to_string();
    customer.linked_membership = Some(owner_membership(customer, id.clone(), request, lga, "REQUESTED", ctx.now));
    let mut distributor = fresh_distributor(tx, ctx).await?;
    distributor.linked_groups.owners.insert(id, customer.id.clone());
    tx.put_distributor(&distributor).await?;
    Ok(())
}

/// A customer made by a VIP → VIP MP transfer keeps its membership's linked membership (SPEC
/// §4.13): an owner membership's customer becomes the `OWNER` of a group with the membership's
/// group id, name and type, its terms already `ACCEPTED` (the group was running in VIP); a member
/// membership's customer joins that group (the owner transfers first: `LM_OWNER_NOT_MIGRATED`).
/// A member whose group has no owner here transfers alone. Stores the customers it changes.
pub async fn adopt_transferred(
    tx: &mut dyn Tx,
    distributor_id: &str,
    customer: &mut Customer,
    group: (&str, &str, &str, &str),
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let (group_id, name, kind, role) = group;
    let Some(mut distributor) = tx.distributor(distributor_id).await? else { return Ok(()) };
    if role != "OWNER" {
        if let Some(mut owner) = owner_of(tx, &distributor, group_id).await? {
            add_member(tx, &mut owner, customer).await?;
        }
        return Ok(());
    }
    let request = GroupRequest { kind: kind.to_string(), name: name.to_string(), echoed_id: None };
    let lga = customer.lga_status.as_deref() == Some("ACTIVE");
    customer.linked_membership = Some(owner_membership(customer, group_id.to_string(), request, lga, "ACCEPTED", now));
    distributor.linked_groups.owners.insert(group_id.to_string(), customer.id.clone());
    tx.put_distributor(&distributor).await?;
    tx.put_customer(customer).await?;
    Ok(())
}

/// The `OWNER` record of a new group `id`: the owner's country, its current levels (without an
/// HVD code) as the group's, no members yet, the terms `terms_status`.
fn owner_membership(
    customer: &Customer,
    id: String,
    request: GroupRequest,
    lga: bool,
    terms_status: &str,
    now: DateTime<Utc>,
) -> LinkedMembership {
    LinkedMembership {
        id,
        name: request.name,
        kind: request.kind,
        role: "OWNER".into(),
        created_at: now,
        lga,
        country: customer.profile.address.country.clone(),
        levels: customer.discounts.iter().map(|d| Discount { discount_code: None, ..d.clone() }).collect(),
        group: Some(LinkedGroup { terms_status: terms_status.into(), last_refresh_at: now, members: Vec::new() }),
    }
}
