//! Refresh Discount Level (§5.4.10): a group's levels from the active quantities of all its
//! customers, requested by the owner and run on the jobs tick.

use chrono::{DateTime, Duration, Utc};

use super::{fresh_distributor, owner_of, terms_accepted};
use crate::error::CoreResult;
use crate::model::{Customer, Discount};
use crate::reference::OfferType;
use crate::service::{Ctx, levels, portal_customer};
use crate::store::Tx;

/// Refresh Discount Level (§5.4.10): the owner, terms accepted, asks for a refresh; it runs
/// `lm_refresh_delay` later on the jobs tick (at once with a zero delay in auto mode). Returns
/// the owner and when the refresh runs.
pub async fn request_refresh(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<(Customer, DateTime<Utc>)> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    terms_accepted(&mut customer)?;
    let group_id = customer.linked_membership.as_ref().map(|lm| lm.id.clone()).unwrap_or_default();
    let delay = ctx.settings.lm_refresh_delay_secs;
    let due = ctx.now + Duration::seconds(delay.max(0));
    if ctx.settings.inline(delay) {
        refresh(tx, &ctx.distributor.id, &group_id, ctx.now).await?;
        return Ok((portal_customer(tx, ctx, id).await?, due));
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
