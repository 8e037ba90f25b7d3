//! API Tools › Create Default Records (SPEC §5.2.1): canned, active records for quick tests.

use serde_json::json;

use super::Ctx;
use super::orders::{self, OrderOptions, Placed};
use super::{customers, portal_edits, processing, resellers};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Order, Reseller, status};
use crate::store::Tx;

fn address() -> serde_json::Value {
    json!({"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
           "addressLine2": "", "postalCode": "95110", "phoneNumber": "800-555-0100"})
}

async fn save_markers(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    reseller: Option<&str>,
    customer: Option<&str>,
) -> CoreResult<()> {
    let mut d = tx.distributor(&ctx.distributor.id).await?.unwrap_or_else(|| ctx.distributor.clone());
    if let Some(r) = reseller {
        d.default_reseller_id = Some(r.to_string());
    }
    if let Some(c) = customer {
        d.default_customer_id = Some(c.to_string());
    }
    tx.put_distributor(&d).await?;
    Ok(())
}

/// Creates an active COM reseller in the United States.
pub async fn reseller(tx: &mut dyn Tx, ctx: &Ctx<'_>) -> CoreResult<Reseller> {
    let body = json!({
        "distributorId": ctx.distributor.id,
        "externalReferenceId": "default-reseller",
        "companyProfile": {"companyName": "Default Reseller", "preferredLanguage": "en-US", "marketSegments": ["COM"],
                           "address": address(),
                           "contacts": [{"firstName": "Default", "lastName": "Reseller", "email": "reseller@example.com"}]}
    });
    let mut r = resellers::create(tx, ctx, &body).await?;
    r.status = status::ACTIVE.into();
    r.activate_at = None;
    tx.put_reseller(&r).await?;
    save_markers(tx, ctx, Some(&r.id), None).await?;
    Ok(r)
}

/// Creates an active COM customer under the most recent default reseller.
pub async fn customer(tx: &mut dyn Tx, ctx: &Ctx<'_>) -> CoreResult<Customer> {
    let d = tx.distributor(&ctx.distributor.id).await?;
    let Some(reseller_id) = d.and_then(|d| d.default_reseller_id) else {
        return Err(CoreError::detail(ErrorCode::PortalConflict, "create a default reseller first"));
    };
    let body = json!({
        "resellerId": reseller_id,
        "externalReferenceId": "default-customer",
        "companyProfile": {"companyName": "Default Customer", "preferredLanguage": "en-US", "marketSegment": "COM",
                           "address": address(),
                           "contacts": [{"firstName": "Default", "lastName": "Customer", "email": "customer@example.com"}]}
    });
    let mut c = customers::create(tx, ctx, &body).await?;
    c.status = status::ACTIVE.into();
    c.activate_at = None;
    tx.put_customer(&c).await?;
    save_markers(tx, ctx, None, Some(&c.id)).await?;
    Ok(c)
}

async fn new_order(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str, offer: &str, quantity: i64) -> CoreResult<Order> {
    let body = json!({"orderType": "NEW", "currencyCode": "USD",
                      "lineItems": [{"extLineItemNumber": 1, "offerId": offer, "quantity": quantity}]});
    match orders::place(tx, ctx, customer_id, &body, OrderOptions::default()).await? {
        Placed::Accepted(o) | Placed::Preview(o) => Ok(o),
    }
}

/// Creates three NEW orders for the most recent default customer: `1000`, `1004`, `1008`.
pub async fn orders(tx: &mut dyn Tx, ctx: &Ctx<'_>) -> CoreResult<Vec<Order>> {
    let d = tx.distributor(&ctx.distributor.id).await?;
    let Some(customer_id) = d.and_then(|d| d.default_customer_id) else {
        return Err(CoreError::detail(ErrorCode::PortalConflict, "create a default customer first"));
    };
    let mut out = Vec::new();
    for (offer, quantity, outcome) in [
        ("65304479CA01A12", 10, status::ACTIVE),
        ("65304479CA01A12", 1, status::INACTIVE),
        ("65304479CA01A12", 2, status::CANCELLED),
    ] {
        let placed = new_order(tx, ctx, &customer_id, offer, quantity).await?;
        let mut order = match tx.order(&ctx.distributor.id, &placed.id).await? {
            Some(o) => o,
            None => placed,
        };
        order.source = "System".into();
        tx.put_order(&order).await?;
        if order.status == status::PENDING && outcome != status::INACTIVE {
            processing::process(tx, ctx.settings, ctx.now, &ctx.distributor.id, &order.id).await?;
        }
        match outcome {
            status::INACTIVE => {
                portal_edits::edit_order(tx, ctx, &order.id, Some(status::INACTIVE), None).await?;
                if let Some(mut o) = tx.order(&ctx.distributor.id, &order.id).await? {
                    for l in &mut o.line_items {
                        l.status = status::INACTIVE.into();
                    }
                    o.process_after = None;
                    tx.put_order(&o).await?;
                }
            }
            status::CANCELLED => {
                portal_edits::edit_order(tx, ctx, &order.id, Some(status::CANCELLED), None).await?;
            }
            _ => {}
        }
        if let Some(o) = tx.order(&ctx.distributor.id, &order.id).await? {
            out.push(o);
        }
    }
    Ok(out)
}
