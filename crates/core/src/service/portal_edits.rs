//! Portal edits of orders (§5.6) and subscriptions (§5.7): the tester is authoritative, so
//! statuses are set directly; cancelling (`1008`) applies a whole-order return at once.

use chrono::{DateTime, Duration, Utc};

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Order, OrderType, Subscription, status};
use crate::reference;
use crate::store::Tx;

/// Order statuses the portal may set.
pub const ORDER_STATUSES: [&str; 7] = ["1000", "1004", "1008", "1020", "1022", "1024", "1026"];

/// Edits an order's status and/or creation date; `1008` cancels it.
pub async fn edit_order(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    order_id: &str,
    new_status: Option<&str>,
    created_at: Option<DateTime<Utc>>,
) -> CoreResult<Order> {
    let mut order =
        tx.order(&ctx.distributor.id, order_id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if let Some(s) = new_status
        && !ORDER_STATUSES.contains(&s)
    {
        return Err(CoreError::bad_field("status", format!("one of {}", ORDER_STATUSES.join(", "))));
    }
    if let Some(at) = created_at {
        super::portal_dates::check_order_creation(at, ctx.now)?;
        order.created_at = at;
    }
    match new_status {
        Some(status::CANCELLED) => cancel(tx, ctx, &mut order).await?,
        Some(s) => order.status = s.to_string(),
        None => {}
    }
    tx.put_order(&order).await?;
    Ok(order)
}

async fn cancel(tx: &mut dyn Tx, ctx: &Ctx<'_>, order: &mut Order) -> CoreResult<()> {
    if order.status == status::CANCELLED {
        return Err(CoreError::code(ErrorCode::AlreadyCancelled));
    }
    if !matches!(order.order_type, OrderType::New | OrderType::Renewal) || order.status != status::ACTIVE {
        return Err(CoreError::code(ErrorCode::InvalidStatus));
    }
    if ctx.now >= order.created_at + Duration::days(ctx.settings.return_window_days) {
        return Err(CoreError::code(ErrorCode::CancellationWindowClosed));
    }
    for line in order.line_items.iter_mut().filter(|l| l.status != status::CANCELLED) {
        line.status = status::CANCELLED.into();
        if let Some(mut sub) = tx.subscription(&order.distributor_id, &line.subscription_id).await? {
            sub.current_quantity = (sub.current_quantity - line.quantity).max(0);
            if sub.current_quantity == 0 {
                sub.status = status::INACTIVE.into();
                sub.renewal_quantity = None;
            }
            tx.put_subscription(&sub).await?;
        }
    }
    order.status = status::CANCELLED.into();
    order.process_after = None;
    Ok(())
}

/// A portal edit of a subscription.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionEdit {
    /// New explicit renewal quantity.
    pub renewal_quantity: Option<i64>,
    /// New auto-renewal flag.
    pub auto_renewal: Option<bool>,
    /// New status (`1000` or `1004`).
    pub status: Option<String>,
    /// New High Growth renewal code (`MOQ_100`, `MOQ_250`, `MOQ_500`); empty removes it.
    pub renewal_code: Option<String>,
}

/// Edits a subscription (§5.7).
pub async fn edit_subscription(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    customer_id: &str,
    id: &str,
    edit: SubscriptionEdit,
) -> CoreResult<Subscription> {
    let mut sub = tx
        .subscription(&ctx.distributor.id, id)
        .await?
        .filter(|s| s.customer_id == customer_id)
        .ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if let Some(s) = &edit.status
        && !matches!(s.as_str(), status::ACTIVE | status::INACTIVE)
    {
        return Err(CoreError::bad_field("status", "1000 or 1004"));
    }
    if let Some(q) = edit.renewal_quantity {
        let max = reference::product(&sub.product_key).map_or(599_000, |p| i64::from(p.max_quantity()));
        if q < 1 || q > max {
            return Err(CoreError::code(ErrorCode::RenewalQuantityOutOfRange));
        }
        sub.renewal_quantity = Some(q);
    }
    if let Some(flag) = edit.auto_renewal {
        sub.auto_renewal_enabled = flag;
    }
    match edit.renewal_code.as_deref().map(str::trim) {
        None => {}
        Some("") => sub.renewal_code = None,
        Some(code) => {
            super::high_growth::check_portal_code(&sub, code, sub.auto_renewal_enabled)?;
            sub.renewal_code = Some(code.to_string());
        }
    }
    if let Some(s) = edit.status {
        if s == status::ACTIVE {
            sub.allowed_actions.clear();
        }
        sub.status = s;
    }
    tx.put_subscription(&sub).await?;
    Ok(sub)
}
