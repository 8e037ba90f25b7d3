//! E37: the search of the caller's LGA groups.

use super::create::NAME_MAX;
use super::fresh_distributor;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::LinkedMembership;
use crate::reference::MarketSegment;
use crate::service::Ctx;
use crate::store::Tx;

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
