//! Linked memberships (SPEC §4.11, §5.4.10) and the LGA groups (§4.17, E37, E38): a group is
//! created by `PATCH /v3/customers/{id}` with `linkedMembership {type, name}`; its owner accepts
//! the terms, hands out join codes and refreshes the group's level in the portal; members enrol
//! with a code (portal) or, for LGA groups, without one (E38).
//!
//! The group lives on its owner's record (`Customer::linked_membership.group`); every member
//! holds the group's identity and levels. The distributor's record indexes the groups (group id →
//! owner), the join codes and the pending refreshes.

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Distributor, LinkedGroup};
use crate::service::Ctx;
use crate::store::Tx;

mod codes;
mod create;
mod enrol;
mod refresh;
mod search;
mod terms;

pub use codes::{Generated, generate_code};
pub use create::{GroupRequest, adopt_transferred, apply_request, read_request};
pub use enrol::{ENROLLED, enroll_lga, enroll_with_code};
pub use refresh::{group_level, level_of, refresh, request_refresh, run_due_refreshes};
pub use search::{GroupView, search};
pub use terms::decide_terms;

/// How long a join code works (SPEC §4.11: 72 hours).
pub const CODE_VALID_HOURS: i64 = 72;

/// The group types.
pub const TYPES: [&str; 2] = ["STANDARD", "CONSORTIUM"];

/// The benefit type of an LGA group.
pub const LGA_BENEFIT: &str = "LARGE_GOVERNMENT_AGENCY";

/// Whether a customer is in a group.
pub fn in_group(c: &Customer) -> bool {
    c.linked_membership.is_some()
}

/// The distributor as stored now (the request's copy may be older than this transaction).
async fn fresh_distributor(tx: &mut dyn Tx, ctx: &Ctx<'_>) -> CoreResult<Distributor> {
    Ok(tx.distributor(&ctx.distributor.id).await?.unwrap_or_else(|| ctx.distributor.clone()))
}

/// A `P409` naming what is in the way.
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

/// The owner's group with its terms accepted, or `P409`.
fn terms_accepted(c: &mut Customer) -> CoreResult<()> {
    if owned_group(c)?.terms_status != "ACCEPTED" {
        return Err(conflict("the linked membership terms are not accepted"));
    }
    Ok(())
}

/// The owner of a group of the caller's distributor.
async fn owner_of(tx: &mut dyn Tx, distributor: &Distributor, group_id: &str) -> CoreResult<Option<Customer>> {
    let Some(owner_id) = distributor.linked_groups.owners.get(group_id) else { return Ok(None) };
    Ok(tx.customer(&distributor.id, owner_id).await?)
}

#[cfg(test)]
mod tests;
