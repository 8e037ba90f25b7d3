//! Linked memberships (SPEC §4.11, §5.4.10) and the LGA groups (§4.17, E37, E38): a group is
//! created by `PATCH /v3/customers/{id}` with `linkedMembership {type, name}`; its owner accepts
//! the terms, hands out join codes and refreshes the group's level in the portal; members enrol
//! with a code (portal) or, for LGA groups, without one (E38).
//!
//! The group lives on its owner's record (`Customer::linked_membership.group`); every member
//! holds the group's identity and levels. The distributor's record indexes the groups (group id →
//! owner), the join codes and the pending refreshes.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::{Ctx, levels, three_year_commit};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, join};
use crate::model::{Customer, Discount, Distributor, JoinCode, LinkedGroup, LinkedMembership};
use crate::reference::{MarketSegment, OfferType};
use crate::store::Tx;

/// How long a join code works (SPEC §4.11: 72 hours).
pub const CODE_VALID_HOURS: i64 = 72;

/// The group types.
pub const TYPES: [&str; 2] = ["STANDARD", "CONSORTIUM"];

/// The benefit type of an LGA group.
pub const LGA_BENEFIT: &str = "LARGE_GOVERNMENT_AGENCY";

/// Keys `linkedMembership` may carry on PATCH: `type` and `name` are written, the rest are the
/// read-only fields of GET sent back.
const KEYS: &[&str] = &["type", "name", "id", "linkedMembershipType", "creationDate", "country", "benefitTypes"];

/// The longest group name (SPEC §2.8.14: `name` 0–80 characters).
const NAME_MAX: usize = 80;

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

/// Whether a customer is in a group.
pub fn in_group(c: &Customer) -> bool {
    c.linked_membership.is_some()
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
    customer.linked_membership = Some(LinkedMembership {
        id: id.clone(),
        name: request.name,
        kind: request.kind,
        role: "OWNER".into(),
        created_at: ctx.now,
        lga,
        country: customer.profile.address.country.clone(),
        levels: customer.discounts.iter().map(|d| Discount { discount_code: None, ..d.clone() }).collect(),
        group: Some(LinkedGroup { terms_status: "REQUESTED".into(), last_refresh_at: ctx.now, members: Vec::new() }),
    });
    let mut distributor = fresh_distributor(tx, ctx).await?;
    distributor.linked_groups.owners.insert(id, customer.id.clone());
    tx.put_distributor(&distributor).await?;
    Ok(())
}

/// The distributor as stored now (the request's copy may be older than this transaction).
async fn fresh_distributor(tx: &mut dyn Tx, ctx: &Ctx<'_>) -> CoreResult<Distributor> {
    Ok(tx.distributor(&ctx.distributor.id).await?.unwrap_or_else(|| ctx.distributor.clone()))
}

async fn load(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<Customer> {
    tx.customer(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))
}

fn conflict(detail: &str) -> CoreError {
    CoreError::message(
        ErrorCode::PortalConflict,
        format!("{}: {detail}", ErrorCode::PortalConflict.message()),
        vec![detail.to_string()],
    )
}

/// The owner's group, or `P409`.
fn owned_group(c: &mut Customer) -> CoreResult<&mut LinkedGroup> {
    c.linked_membership
        .as_mut()
        .and_then(|lm| lm.group.as_mut())
        .ok_or_else(|| conflict("the customer is not the owner of a linked membership"))
}

fn terms_accepted(c: &mut Customer) -> CoreResult<()> {
    if owned_group(c)?.terms_status != "ACCEPTED" {
        return Err(conflict("the linked membership terms are not accepted"));
    }
    Ok(())
}

/// Linked Membership Terms (§5.4.10): the owner accepts or rejects once (`P409` afterwards).
pub async fn decide_terms(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, accept: bool) -> CoreResult<Customer> {
    let mut customer = load(tx, ctx, id).await?;
    let group = owned_group(&mut customer)?;
    if group.terms_status != "REQUESTED" {
        return Err(conflict("the linked membership terms were already decided"));
    }
    group.terms_status = if accept { "ACCEPTED" } else { "REJECTED" }.into();
    tx.put_customer(&customer).await?;
    Ok(customer)
}

/// A generated join code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// 8 uppercase letters and digits.
    pub code: String,
    /// The group it joins.
    pub group_id: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// Generate Linked Account Code (§5.4.10): the owner, terms accepted, gets a code valid 72 h.
pub async fn generate_code(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<Generated> {
    let mut customer = load(tx, ctx, id).await?;
    terms_accepted(&mut customer)?;
    let group_id = customer.linked_membership.as_ref().map(|lm| lm.id.clone()).unwrap_or_default();
    let mut distributor = fresh_distributor(tx, ctx).await?;
    let book = &mut distributor.linked_groups.codes;
    book.retain(|_, c| c.expires_at > ctx.now);
    let code = (0u64..).map(|attempt| code_for(&group_id, ctx.now, attempt)).find(|c| !book.contains_key(c));
    let code = code.unwrap_or_default();
    let expires_at = ctx.now + Duration::hours(CODE_VALID_HOURS);
    book.insert(code.clone(), JoinCode { group_id: group_id.clone(), expires_at });
    tx.put_distributor(&distributor).await?;
    Ok(Generated { code, group_id, expires_at })
}

/// An 8-character code of uppercase letters and digits, deterministic in (group, instant, attempt).
fn code_for(group_id: &str, now: DateTime<Utc>, attempt: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let key = format!("lm/{group_id}/{}/{attempt}", now.timestamp_nanos_opt().unwrap_or_default());
    let mut n = crate::reference::fnv1a(key.as_bytes());
    (0..8)
        .map(|_| {
            let c = ALPHABET[(n % ALPHABET.len() as u64) as usize] as char;
            n /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

/// The owner of a group of the caller's distributor.
async fn owner_of(tx: &mut dyn Tx, distributor: &Distributor, group_id: &str) -> CoreResult<Option<Customer>> {
    let Some(owner_id) = distributor.linked_groups.owners.get(group_id) else { return Ok(None) };
    Ok(tx.customer(&distributor.id, owner_id).await?)
}

/// The guards every enrolment shares: not in a group already, no 3YC (`P409`), and for an LGA
/// group an LGA customer (`1165`) of the group's country (`1118`).
fn check_joiner(joiner: &Customer, owner: &Customer) -> CoreResult<()> {
    if in_group(joiner) {
        return Err(conflict("the customer already belongs to a linked membership"));
    }
    if three_year_commit::has_three_year_commit(joiner) {
        return Err(conflict("a customer with 3YC cannot join a linked membership"));
    }
    let Some(group) = &owner.linked_membership else { return Ok(()) };
    if group.lga {
        if joiner.lga_status.as_deref() != Some("ACTIVE") {
            return Err(CoreError::code(ErrorCode::LgaNotEnabledForCustomer));
        }
        if joiner.profile.address.country != group.country {
            return Err(CoreError::message(
                ErrorCode::InvalidAddress,
                ErrorCode::InvalidAddress.message(),
                vec!["Customer country does not match the linked membership country".into()],
            ));
        }
    }
    Ok(())
}

/// Makes `joiner` a MEMBER of `owner`'s group and stores both.
async fn add_member(tx: &mut dyn Tx, owner: &mut Customer, joiner: &mut Customer) -> CoreResult<()> {
    let Some(lm) = owner.linked_membership.as_mut() else { return Ok(()) };
    if let Some(group) = lm.group.as_mut() {
        group.members.push(joiner.id.clone());
    }
    joiner.linked_membership = Some(LinkedMembership { role: "MEMBER".into(), group: None, ..lm.clone() });
    tx.put_customer(owner).await?;
    tx.put_customer(joiner).await?;
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
    customer.linked_membership = Some(LinkedMembership {
        id: group_id.to_string(),
        name: name.to_string(),
        kind: kind.to_string(),
        role: "OWNER".into(),
        created_at: now,
        lga: customer.lga_status.as_deref() == Some("ACTIVE"),
        country: customer.profile.address.country.clone(),
        levels: customer.discounts.iter().map(|d| Discount { discount_code: None, ..d.clone() }).collect(),
        group: Some(LinkedGroup { terms_status: "ACCEPTED".into(), last_refresh_at: now, members: Vec::new() }),
    });
    distributor.linked_groups.owners.insert(group_id.to_string(), customer.id.clone());
    tx.put_distributor(&distributor).await?;
    tx.put_customer(customer).await?;
    Ok(())
}

/// Enroll to Linked Membership (§5.4.10): the customer joins with a code (`P400` unknown or
/// expired code).
pub async fn enroll_with_code(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, code: &str) -> CoreResult<Customer> {
    let mut joiner = load(tx, ctx, id).await?;
    let distributor = fresh_distributor(tx, ctx).await?;
    let entry = distributor.linked_groups.codes.get(code.trim().to_ascii_uppercase().as_str());
    let Some(entry) = entry.filter(|c| c.expires_at > ctx.now) else {
        return Err(CoreError::bad_field("code", "a linked membership code generated in the last 72 hours"));
    };
    let Some(mut owner) = owner_of(tx, &distributor, &entry.group_id).await? else {
        return Err(CoreError::bad_field("code", "a code of an existing linked membership"));
    };
    if owner.id == joiner.id {
        return Err(conflict("the customer already belongs to a linked membership"));
    }
    check_joiner(&joiner, &owner)?;
    add_member(tx, &mut owner, &mut joiner).await?;
    Ok(joiner)
}

/// The answer of E38.
pub const ENROLLED: &str = "Customer Successfully enrolled in the Linked Membership";

/// E38: enrols an LGA customer in an LGA group without a code. `others` are the other
/// distributors' ids: a group of theirs is `1153`.
pub async fn enroll_lga(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    group_id: &str,
    others: &[String],
) -> CoreResult<()> {
    let mut joiner = tx
        .customer(&ctx.distributor.id, customer_id)
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))?;
    let distributor = fresh_distributor(tx, ctx).await?;
    let Some(mut owner) = owner_of(tx, &distributor, group_id).await? else {
        for other in others.iter().filter(|d| **d != distributor.id) {
            if tx.distributor(other).await?.is_some_and(|d| d.linked_groups.owners.contains_key(group_id)) {
                return Err(CoreError::code(ErrorCode::InvalidGroupId));
            }
        }
        return Err(CoreError::code(ErrorCode::LinkedGroupNotFound));
    };
    if joiner.lga_status.as_deref() != Some("ACTIVE") {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForCustomer));
    }
    if !owner.linked_membership.as_ref().is_some_and(|lm| lm.lga) {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForGroup));
    }
    if owner.id == joiner.id || in_group(&joiner) {
        return Err(CoreError::detail(ErrorCode::InvalidFields, "Customer already belongs to a linked membership"));
    }
    check_joiner(&joiner, &owner)?;
    add_member(tx, &mut owner, &mut joiner).await
}

/// Refresh Discount Level (§5.4.10): the owner, terms accepted, asks for a refresh; it runs
/// `lm_refresh_delay` later on the jobs tick (at once with a zero delay in auto mode). Returns
/// the owner and when the refresh runs.
pub async fn request_refresh(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<(Customer, DateTime<Utc>)> {
    let mut customer = load(tx, ctx, id).await?;
    terms_accepted(&mut customer)?;
    let group_id = customer.linked_membership.as_ref().map(|lm| lm.id.clone()).unwrap_or_default();
    let delay = ctx.settings.lm_refresh_delay_secs;
    let due = ctx.now + Duration::seconds(delay.max(0));
    if ctx.settings.inline(delay) {
        refresh(tx, &ctx.distributor.id, &group_id, ctx.now).await?;
        return Ok((load(tx, ctx, id).await?, due));
    }
    let mut distributor = fresh_distributor(tx, ctx).await?;
    distributor.linked_groups.refreshes.insert(group_id, due);
    tx.put_distributor(&distributor).await?;
    Ok((customer, due))
}

/// Runs the refreshes of one distributor due at `horizon`; returns how many ran.
pub async fn run_due_refreshes(
    tx: &mut dyn Tx,
    distributor_id: &str,
    horizon: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CoreResult<usize> {
    let Some(distributor) = tx.distributor(distributor_id).await? else { return Ok(0) };
    let due: Vec<String> =
        distributor.linked_groups.refreshes.iter().filter(|(_, at)| **at <= horizon).map(|(g, _)| g.clone()).collect();
    for group_id in &due {
        refresh(tx, distributor_id, group_id, now).await?;
    }
    Ok(due.len())
}

/// The level of a group's aggregate quantity: LGA levels `06`–`09` for an LGA group from 100
/// licences, else the volume levels.
pub fn group_level(lga: bool, offer_type: OfferType, total: i64) -> String {
    if lga && offer_type == OfferType::License && total >= 100 {
        return levels::lga_level(total).to_string();
    }
    levels::volume_level(offer_type, total).to_string()
}

/// Recomputes a group's levels from the active quantities of all its customers and propagates
/// them to the owner and every member; updates `lastRefreshDate`.
pub async fn refresh(tx: &mut dyn Tx, distributor_id: &str, group_id: &str, now: DateTime<Utc>) -> CoreResult<()> {
    let Some(mut distributor) = tx.distributor(distributor_id).await? else { return Ok(()) };
    distributor.linked_groups.refreshes.remove(group_id);
    tx.put_distributor(&distributor).await?;
    let Some(mut owner) = owner_of(tx, &distributor, group_id).await? else { return Ok(()) };
    let Some(lm) = owner.linked_membership.clone() else { return Ok(()) };
    let member_ids = lm.group.as_ref().map(|g| g.members.clone()).unwrap_or_default();
    let mut customers = Vec::new();
    for id in &member_ids {
        if let Some(c) = tx.customer(distributor_id, id).await? {
            customers.push(c);
        }
    }
    let mut licences = 0;
    let mut consumables = 0;
    for c in std::iter::once(&owner).chain(customers.iter()) {
        let subs = tx.subscriptions_of(distributor_id, &c.id).await?;
        licences += levels::active_total(&subs, OfferType::License);
        consumables += levels::active_total(&subs, OfferType::Consumables);
    }
    let mut group_levels = vec![Discount {
        offer_type: OfferType::License,
        level: group_level(lm.lga, OfferType::License, licences),
        discount_code: None,
    }];
    if consumables > 0 {
        group_levels.push(Discount {
            offer_type: OfferType::Consumables,
            level: group_level(lm.lga, OfferType::Consumables, consumables),
            discount_code: None,
        });
    }
    if let Some(group) = owner.linked_membership.as_mut().and_then(|l| l.group.as_mut()) {
        group.last_refresh_at = now;
    }
    for c in std::iter::once(&mut owner).chain(customers.iter_mut()) {
        propagate(c, &group_levels, now);
        tx.put_customer(c).await?;
    }
    Ok(())
}

/// Gives a customer its group's levels.
fn propagate(c: &mut Customer, group_levels: &[Discount], now: DateTime<Utc>) {
    for d in group_levels {
        c.set_level(d.offer_type, d.level.clone());
    }
    if let Some(lm) = c.linked_membership.as_mut() {
        lm.levels = group_levels.to_vec();
        if let Some(g) = lm.group.as_mut() {
            g.last_refresh_at = now;
        }
    }
}

/// The group level of an offer type a member or owner holds, if any.
pub fn level_of(c: &Customer, offer_type: OfferType) -> Option<&str> {
    c.linked_membership.as_ref()?.levels.iter().find(|d| d.offer_type == offer_type).map(|d| d.level.as_str())
}

/// A group as E37 lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView {
    /// The group.
    pub membership: LinkedMembership,
    /// Its owner's segment.
    pub market_segment: MarketSegment,
    /// Owner and members.
    pub members_count: usize,
}

/// E37: the caller's LGA groups in `country` whose name contains `name` (case-insensitive).
/// `403 4121` for a distributor without LGA, `1118` without or with an invalid country, `404 1143`
/// when none matches.
pub async fn search(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    country: Option<&str>,
    name: Option<&str>,
) -> CoreResult<Vec<GroupView>> {
    if !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::Forbidden));
    }
    let country = country.map(str::trim).unwrap_or_default();
    if country.is_empty() {
        return Err(CoreError::message(ErrorCode::InvalidAddress, "Country cannot be null or empty", Vec::new()));
    }
    if !matches!(country, "US" | "CA") {
        return Err(CoreError::message(ErrorCode::InvalidAddress, "Invalid Country", Vec::new()));
    }
    let name = name.unwrap_or_default().trim().to_lowercase();
    if name.chars().count() > NAME_MAX {
        return Err(CoreError::detail(ErrorCode::InvalidFields, "name"));
    }
    let distributor = fresh_distributor(tx, ctx).await?;
    let mut out = Vec::new();
    for owner_id in distributor.linked_groups.owners.values() {
        let Some(owner) = tx.customer(&distributor.id, owner_id).await? else { continue };
        let Some(lm) = owner.linked_membership.clone() else { continue };
        if !lm.lga || lm.country != country || !lm.name.to_lowercase().contains(&name) {
            continue;
        }
        let members_count = 1 + lm.group.as_ref().map_or(0, |g| g.members.len());
        out.push(GroupView { membership: lm, market_segment: owner.profile.market_segment, members_count });
    }
    if out.is_empty() {
        return Err(CoreError::code(ErrorCode::LinkedGroupNotFound));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_eight_uppercase_alphanumerics() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let a = code_for("51000001", now, 0);
        assert_eq!(a.len(), 8);
        assert!(a.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "{a}");
        assert_ne!(a, code_for("51000001", now, 1));
    }

    #[test]
    fn lga_groups_reach_lga_levels_from_100_licences() {
        assert_eq!(group_level(true, OfferType::License, 99), "03");
        assert_eq!(group_level(true, OfferType::License, 100), "06");
        assert_eq!(group_level(true, OfferType::License, 1000), "07");
        assert_eq!(group_level(false, OfferType::License, 100), "04");
        assert_eq!(group_level(true, OfferType::Consumables, 1000), "T2");
    }
}
