//! The renewal forecast: what the renewal job would do for one customer at a date. It runs the
//! real logic (a 3YC commitment that ends before that date ends first, then the renewal job,
//! then the processing of its RENEWAL order) inside the caller's unit of work, which the caller
//! rolls back, so nothing changes and the forecast cannot drift from what will happen.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::processing::{self, Outcome};
use super::{commitments, renewals};
use crate::dates::format_date;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Subscription, status};
use crate::settings::Settings;
use crate::store::Tx;

/// Why a renewal order with this status failed, in words (`None` for a completed one).
pub fn failure_reason(code: &str) -> Option<&'static str> {
    match code {
        status::FAILED_DISTRIBUTOR => Some("distributor inactive"),
        status::FAILED_RESELLER => Some("reseller inactive"),
        status::FAILED_CUSTOMER => Some("customer inactive"),
        status::FAILED_CUSTOMER_ID => Some("customer id invalid"),
        status::ACTIVE => None,
        _ => Some("renewal failed"),
    }
}

fn sub_value(s: &Subscription) -> Value {
    json!({
        "subscriptionId": s.id, "offerId": s.offer_id, "status": s.status, "autoRenewal": s.auto_renewal_enabled,
        "currentQuantity": s.current_quantity, "renewalQuantity": s.effective_renewal_quantity(),
        "renewalDate": s.renewal_date.map(format_date).unwrap_or_default(),
    })
}

/// Runs the renewal job for `customer_id` at `at` inside `tx` and describes what it did. The
/// caller must roll `tx` back.
pub async fn forecast(
    tx: &mut dyn Tx,
    settings: &Settings,
    distributor_id: &str,
    customer_id: &str,
    at: DateTime<Utc>,
) -> CoreResult<Value> {
    let customer =
        tx.customer(distributor_id, customer_id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    let reseller = tx.reseller(distributor_id, &customer.reseller_id).await?;
    let before = tx.subscriptions_of(distributor_id, customer_id).await?;
    let today = at.date_naive();
    let ending = commitments::end_commitment(tx, distributor_id, customer_id, today).await?;
    let outcome = renewals::run_for_customer(tx, settings, at, distributor_id, customer_id).await?;
    let mut order_value = Value::Null;
    let mut failed = None;
    if let Some(order_id) = &outcome.renewal_order_id {
        let order = tx.order(distributor_id, order_id).await?;
        if let Outcome::Done(code) = processing::process(tx, settings, at, distributor_id, order_id).await? {
            failed = failure_reason(&code).map(|reason| (code, reason));
        }
        let final_status = tx.order(distributor_id, order_id).await?.map(|o| o.status).unwrap_or_default();
        order_value = order.map_or(Value::Null, |o| {
            json!({
                "orderType": "RENEWAL", "currencyCode": o.currency_code, "status": final_status,
                "lineItems": o.line_items.iter().map(|l| json!({
                    "extLineItemNumber": l.ext_line_item_number, "offerId": l.offer_id, "quantity": l.quantity,
                    "subscriptionId": l.subscription_id, "currencyCode": l.currency_code,
                    "partnerPrice": l.pricing.as_ref().map(|p| p.partner_price),
                    "lineItemPartnerPrice": l.pricing.as_ref().map(|p| p.line_item_partner_price),
                })).collect::<Vec<_>>(),
            })
        });
    }
    let after_customer = tx.customer(distributor_id, customer_id).await?.unwrap_or(customer.clone());
    let after = tx.subscriptions_of(distributor_id, customer_id).await?;
    let due: Vec<&str> = before.iter().filter(|s| renewals::is_due(s, today)).map(|s| s.id.as_str()).collect();
    Ok(json!({
        "customerId": customer_id,
        "at": format_date(today),
        "customerStatus": customer.status,
        "resellerStatus": reseller.map(|r| r.status),
        "cotermDate": customer.coterm_date.map(format_date).unwrap_or_default(),
        "due": !due.is_empty(),
        "dueSubscriptions": due,
        "renewalOrder": order_value,
        "renewingSubscriptions": outcome.renewed,
        "expiringSubscriptions": outcome.expired,
        "failed": failed.is_some(),
        "failureStatus": failed.as_ref().map(|(code, _)| code.clone()),
        "failureReason": failed.map(|(_, reason)| reason),
        "commitment": ending.map(|e| match e {
            commitments::Ending::Expired => "EXPIRED before the renewal",
            commitments::Ending::Recommitted => "RECOMMITTED before the renewal",
        }),
        "after": {
            "cotermDate": after_customer.coterm_date.map(format_date).unwrap_or_default(),
            "discounts": after_customer.discounts.iter().map(|d| json!({"offerType": d.offer_type, "level": d.level}))
                .collect::<Vec<_>>(),
            "subscriptions": after.iter().map(sub_value).collect::<Vec<_>>(),
        },
        "before": {"subscriptions": before.iter().map(sub_value).collect::<Vec<_>>()},
    }))
}
