//! The portal's edits of a customer: status, cotermDate, global sales and sub-segments (§5.4.2,
//! §5.4.3, §5.4.6, §5.4.9).

use super::global_sales::check_global_sales;
use crate::error::{CoreError, CoreResult};
use crate::model::{Customer, status};
use crate::reference::MarketSegment;
use crate::service::{Ctx, portal_customer, portal_dates};
use crate::store::Tx;

/// The statuses the portal may set on a customer.
pub const PORTAL_STATUSES: [&str; 5] =
    [status::ACTIVE, status::INACTIVE, status::INVALID_ADDRESS, status::BLOCKED, status::FAILED_CUSTOMER];

/// A portal edit of a customer (§5.4.2, §5.4.3, §5.4.6).
#[derive(Debug, Default, Clone)]
pub struct PortalEdit {
    /// New status.
    pub status: Option<String>,
    /// New cotermDate (`""` clears it).
    pub coterm_date: Option<String>,
    /// New global sales flag.
    pub global_sales_enabled: Option<bool>,
    /// New market sub-segments (§5.4.9): one of the customer's segment.
    pub market_sub_segments: Option<Vec<String>>,
}

/// The market sub-segments the portal offers for a segment (§5.4.9): GOV `STATE`/`FEDERAL`, EDU
/// `K_12`/`HIGHER_ED`/`NON_PROFIT`; COM has none.
pub fn sub_segments(segment: MarketSegment) -> &'static [&'static str] {
    match segment {
        MarketSegment::Gov => &["STATE", "FEDERAL"],
        MarketSegment::Edu => &["K_12", "HIGHER_ED", "NON_PROFIT"],
        _ => &[],
    }
}

/// Applies a portal edit: everything is checked first, then applied together.
pub async fn portal_edit(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, edit: PortalEdit) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    if let Some(s) = &edit.status
        && !PORTAL_STATUSES.contains(&s.as_str())
    {
        return Err(CoreError::bad_field("status", format!("one of {}", PORTAL_STATUSES.join(", "))));
    }
    let mut subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
    let coterm = match edit.coterm_date.as_deref().map(str::trim) {
        None => None,
        Some("") if subs.is_empty() => Some(None),
        Some("") => {
            return Err(CoreError::bad_field("cotermDate", "a date (it is cleared only without subscriptions)"));
        }
        Some(raw) => {
            let date = portal_dates::date("cotermDate", raw)?;
            portal_dates::check_coterm(date, ctx.now.date_naive())?;
            Some(Some(date))
        }
    };
    if let Some(chosen) = &edit.market_sub_segments {
        let allowed = sub_segments(customer.profile.market_segment);
        if allowed.is_empty() {
            return Err(CoreError::bad_field(
                "marketSubSegments",
                "absent: only GOV and EDU customers have sub-segments",
            ));
        }
        if chosen.len() != 1 || !allowed.contains(&chosen[0].as_str()) {
            return Err(CoreError::bad_field("marketSubSegments", format!("one of {}", allowed.join(", "))));
        }
    }
    if let Some(enable) = edit.global_sales_enabled {
        check_global_sales(tx, ctx, &customer, enable).await?;
        customer.global_sales_enabled = enable;
    }
    if let Some(chosen) = edit.market_sub_segments {
        customer.profile.market_sub_segments = chosen;
    }
    if let Some(s) = edit.status {
        customer.status = s;
        customer.activate_at = None;
    }
    if let Some(date) = coterm {
        customer.coterm_date = date;
        if let Some(date) = date {
            for sub in subs.iter_mut().filter(|s| matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED)) {
                sub.renewal_date = Some(date);
                sub.last_processed_renewal_date = None;
                tx.put_subscription(sub).await?;
            }
        }
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}
