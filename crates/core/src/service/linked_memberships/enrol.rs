//! Enrolment of a member: with a join code (portal, §5.4.10) or, in an LGA group, without one
//! (E38).

use super::{conflict, fresh_distributor, in_group, owner_of};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, LinkedMembership};
use crate::service::{Ctx, portal_customer, three_year_commit};
use crate::store::Tx;

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
pub(super) async fn add_member(tx: &mut dyn Tx, owner: &mut Customer, joiner: &mut Customer) -> CoreResult<()> {
    let Some(lm) = owner.linked_membership.as_mut() else { return Ok(()) };
    if let Some(group) = lm.group.as_mut() {
        group.members.push(joiner.id.clone());
    }
    joiner.linked_membership = Some(LinkedMembership { role: "MEMBER".into(), group: None, ..lm.clone() });
    tx.put_customer(owner).await?;
    tx.put_customer(joiner).await?;
    Ok(())
}

/// Enroll to Linked Membership (§5.4.10): the customer joins with a code (`P400` unknown or
/// expired code).
pub async fn enroll_with_code(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, code: &str) -> CoreResult<Customer> {
    let mut joiner = portal_customer(tx, ctx, id).await?;
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
