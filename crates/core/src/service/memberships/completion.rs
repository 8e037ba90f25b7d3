//! The end of a transfer: completed by the jobs when due or forced by the portal (`1000`,
//! creating the customer, subscriptions and `TRANSFER` order), or failed (`1004`).

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::body::Body;
use super::documents::{get_transfer_doc, membership, put_transfer, save};
use super::records::{Hvd, Membership, MembershipTransfer};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::{self, Sequence};
use crate::model::{
    Customer, CustomerProfile, Deployment, Discount, HVD_MIGRATED_CUSTOMER, LineItem, Order, OrderType, Subscription,
    status,
};
use crate::reference::{self, OfferType};
use crate::service::{Ctx, linked_memberships};
use crate::settings::Settings;
use crate::store::Tx;

/// Completes or fails an open transfer when due (the jobs' step): `true` when it changed.
pub async fn complete_due(
    tx: &mut dyn Tx,
    settings: &Settings,
    d: &str,
    id: &str,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let _ = settings;
    let Some(t) = get_transfer_doc(tx, d, id).await? else { return Ok(false) };
    if t.status != status::PENDING {
        put_transfer(tx, d, &t, None).await?;
        return Ok(false);
    }
    finish(tx, d, t, status::ACTIVE, now).await?;
    Ok(true)
}

/// Moves an open transfer to `1000` (creating the customer, subscriptions and order) or `1004`.
async fn finish(
    tx: &mut dyn Tx,
    d: &str,
    mut t: MembershipTransfer,
    to: &str,
    now: DateTime<Utc>,
) -> CoreResult<MembershipTransfer> {
    let Some(mut m) = membership(tx, d, &t.membership_id).await? else {
        t.status = status::INACTIVE.into();
        put_transfer(tx, d, &t, None).await?;
        return Ok(t);
    };
    if to == status::ACTIVE {
        let customer = new_customer(tx, d, &m, &t, now).await?;
        let today = now.date_naive();
        let mut lines = Vec::new();
        for item in &mut t.line_items {
            let n = tx.next_id(Sequence::Subscription).await?;
            let past = item.renewal_date < today;
            let sub = Subscription {
                id: ids::subscription_id(n),
                distributor_id: d.to_string(),
                customer_id: customer.id.clone(),
                product_key: item.offer_id.chars().take(10).collect(),
                offer_id: reference::offer(&item.offer_id)
                    .map_or_else(|| item.offer_id.clone(), |o| o.product.base_offer_id()),
                current_quantity: item.quantity,
                auto_renewal_enabled: !past,
                created_at: now,
                renewal_date: Some(if past { item.renewal_date } else { m.anniversary }),
                status: if past { status::INACTIVE.into() } else { status::ACTIVE.into() },
                currency_code: item.currency_code.clone(),
                deployment_id: item.deployment_id.clone(),
                last_processed_renewal_date: past.then_some(item.renewal_date),
                ..Subscription::default()
            };
            tx.put_subscription(&sub).await?;
            item.subscription_id = sub.id.clone();
            lines.push(LineItem {
                ext_line_item_number: item.line_item_number,
                offer_id: item.offer_id.clone(),
                quantity: item.quantity,
                subscription_id: sub.id,
                status: status::ACTIVE.into(),
                currency_code: item.currency_code.clone(),
                deployment_id: item.deployment_id.clone(),
                discount_code: m.hvd.as_ref().map(Hvd::code),
                ..LineItem::default()
            });
        }
        let order = Order {
            id: tx.next_id(Sequence::Order).await?.to_string(),
            distributor_id: d.to_string(),
            customer_id: customer.id.clone(),
            external_reference_id: String::new(),
            order_type: OrderType::Transfer,
            reference_order_id: String::new(),
            currency_code: m.currency.clone(),
            created_at: now,
            status: status::ACTIVE.into(),
            source: "System".into(),
            line_items: lines,
            process_after: None,
            cancelling_items: Vec::new(),
            reassign_users: false,
            eligible_offers: Vec::new(),
        };
        tx.put_order(&order).await?;
        t.customer_id = customer.id;
        t.order_id = Some(order.id);
        m.transferred = true;
    } else {
        // A failed transfer frees the membership for another try.
        m.transfer_id = None;
    }
    t.status = to.to_string();
    save(tx, d, &m).await?;
    put_transfer(tx, d, &t, None).await?;
    Ok(t)
}

/// The deployment a worldwide membership's customer gets: the items' `deploymentId` at the
/// membership's deployment address, active.
fn deployment_of(m: &Membership, now: DateTime<Utc>) -> Option<Deployment> {
    let id = m.items.iter().find_map(|i| i.deployment_id.clone())?;
    let address = m.deployment.clone()?;
    Some(Deployment { id, address, created_at: now, status: status::ACTIVE.into() })
}

async fn new_customer(
    tx: &mut dyn Tx,
    d: &str,
    m: &Membership,
    t: &MembershipTransfer,
    now: DateTime<Utc>,
) -> CoreResult<Customer> {
    let mut discounts = vec![Discount {
        offer_type: OfferType::License,
        level: m.license_level.clone(),
        discount_code: m.hvd.as_ref().map(Hvd::code),
    }];
    if m.three_year_commit.is_some() || m.consumables_level != "T1" {
        discounts.push(Discount {
            offer_type: OfferType::Consumables,
            level: m.consumables_level.clone(),
            discount_code: None,
        });
    }
    let id = tx.next_id(Sequence::Customer).await?.to_string();
    let profile = CustomerProfile {
        company_name: m.company_name.clone(),
        preferred_language: m.preferred_language.clone(),
        market_segment: m.market_segment,
        market_sub_segments: m.market_sub_segments.clone(),
        address: m.address.clone(),
        contacts: m.admin_contacts.clone(),
    };
    let mut customer = Customer {
        global_sales_enabled: m.worldwide,
        discounts,
        tags: if m.hvd.is_some() { vec![HVD_MIGRATED_CUSTOMER.to_string()] } else { Vec::new() },
        coterm_date: Some(m.anniversary),
        three_year_commit: m.three_year_commit.clone(),
        lga_status: m.lga.then(|| "ACTIVE".to_string()),
        deployments: deployment_of(m, now).into_iter().collect(),
        ..Customer::new(id, d, &t.reseller_id, profile, status::ACTIVE, now)
    };
    tx.put_customer(&customer).await?;
    if let Some(lm) = &m.linked_membership {
        let group = (lm.group_id.as_str(), lm.name.as_str(), lm.group_type.as_str(), lm.role.as_str());
        linked_memberships::adopt_transferred(tx, d, &mut customer, group, now).await?;
    }
    Ok(customer)
}

/// Manage Records › Transfers › Update Transfer Status (SPEC §5.8.5): `1000` completes an open
/// transfer now, `1004` fails it, `1002` leaves it open; a closed transfer answers `409 P409`
/// unless asked for the status it has.
pub async fn set_status(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, body: &Value) -> CoreResult<MembershipTransfer> {
    let b = Body::new(body, &["status"])?;
    let to = b.one_of("status", &["1000", "1002", "1004"], "")?;
    if to.is_empty() {
        return Err(CoreError::bad_field("status", "one of 1000, 1002, 1004"));
    }
    let t = get_transfer_doc(tx, &ctx.distributor.id, id)
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if t.status == to {
        return Ok(t);
    }
    if t.status != status::PENDING {
        return Err(CoreError::message(
            ErrorCode::PortalConflict,
            format!("The transfer is already {}", t.status),
            vec!["status".into()],
        ));
    }
    if to == status::PENDING {
        return Ok(t);
    }
    finish(tx, &ctx.distributor.id, t, &to, ctx.now).await
}
