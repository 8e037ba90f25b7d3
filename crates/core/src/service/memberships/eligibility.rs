//! The VIP → VIP MP transfer rules (E26): the membership-level guards and the bypass flags, and
//! the preview they answer.

use super::documents::{membership, owner_of};
use super::ineligible::ineligible_error;
use super::records::Membership;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::service::Ctx;
use crate::store::Tx;

/// The bypass flags of E26 and E27.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bypass {
    /// `ignore-order-return`: waives `RETURNABLE_PURCHASE`.
    pub ignore_order_return: bool,
    /// `expire-open-pas`: waives `OPEN_PURCHASE_AUTH`.
    pub expire_open_pas: bool,
}

/// What E26 answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The membership.
    pub membership: Membership,
}

/// The membership behind E26/E27 after the membership-level guards (`5115`, `5118`, `5121`,
/// `5120`, `5117`), in that order.
pub(super) async fn eligible(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, bypass: Bypass) -> CoreResult<Membership> {
    if let Some(e) = ineligible_error(id) {
        return Err(e);
    }
    let m = membership(tx, &ctx.distributor.id, id.trim())
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidMembership))?;
    if m.transferred {
        return Err(CoreError::code(ErrorCode::AlreadyTransferred));
    }
    if m.transfer_id.is_some() {
        return Err(CoreError::code(ErrorCode::TransferInProgress));
    }
    if m.admin_contacts.is_empty() {
        return Err(CoreError::code(ErrorCode::NoAdminContacts));
    }
    let mut reasons: Vec<String> = m
        .reason_codes
        .iter()
        .filter(|r| !(bypass.expire_open_pas && *r == "OPEN_PURCHASE_AUTH"))
        .filter(|r| !(bypass.ignore_order_return && *r == "RETURNABLE_PURCHASE"))
        .cloned()
        .collect();
    if m.worldwide && !ctx.distributor.global_sales_enabled {
        reasons.push("NOT_A_WORLDWIDE_PURCHASER".into());
    }
    if let Some(lm) = &m.linked_membership
        && lm.role == "MEMBER"
    {
        let owner = owner_of(tx, &ctx.distributor.id, &lm.group_id).await?;
        if !owner.is_some_and(|o| o.transferred) {
            reasons.push("LM_OWNER_NOT_MIGRATED".into());
        }
    }
    if !reasons.is_empty() {
        return Err(CoreError::with_details(ErrorCode::NotEligibleForTransfer, reasons));
    }
    Ok(m)
}

/// E26: the offers a membership would transfer with.
pub async fn preview(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, bypass: Bypass) -> CoreResult<Preview> {
    Ok(Preview { membership: eligible(tx, ctx, id, bypass).await? })
}
