//! Reseller change (SPEC §2.8.10 E29–E30, §4.12, §5.4.7): the customer's approval code, then a
//! PREVIEW and a COMMIT of `POST /v3/transfers`, and the committed transfer read back.
//!
//! The codes and the transfer index live in the distributor's record (a code names no customer
//! on the wire, and neither does a transfer id); the transfer itself lives on its customer.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::Problems;
use crate::model::{ApprovalCode, Customer, Reseller, ResellerTransfer, Subscription, TransferLine, status};
use crate::store::Tx;

/// How long an approval code works (SPEC §4.12: 7 days since 11 November 2025).
pub const CODE_VALID_DAYS: i64 = 7;

/// How long an expired or used code is remembered (so it answers `1129`/`1131`, not `1128`).
const CODE_KEPT_DAYS: i64 = 90;

const TRANSFER_KEYS: &[&str] = &["type", "action", "approvalCode", "resellerId", "requestedBy"];

/// A generated approval code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// 8 digits.
    pub code: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// Generates the customer's approval code (portal, §5.4.7), replacing its unused one; `None`
/// when the customer does not exist.
pub async fn generate_code(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer_id: &str) -> CoreResult<Option<Generated>> {
    let Some(customer) = tx.customer(&ctx.distributor.id, customer_id).await? else { return Ok(None) };
    let mut distributor = ctx.distributor.clone();
    let book = &mut distributor.reseller_changes.codes;
    // Never a code the book holds, the customer's replaced one included.
    let code = (0u64..)
        .map(|attempt| code_for(&ctx.distributor.id, &customer.id, ctx.now, attempt))
        .find(|c| !book.contains_key(c))
        .unwrap_or_default();
    let forget_before = ctx.now - Duration::days(CODE_KEPT_DAYS);
    book.retain(|_, c| c.expires_at >= forget_before && !(c.customer_id == customer.id && c.used_by.is_none()));
    let expires_at = ctx.now + Duration::days(CODE_VALID_DAYS);
    book.insert(
        code.clone(),
        ApprovalCode { customer_id: customer.id.clone(), created_at: ctx.now, expires_at, used_by: None },
    );
    tx.put_distributor(&distributor).await?;
    Ok(Some(Generated { code, expires_at }))
}

/// An 8-digit code, deterministic in (distributor, customer, instant, attempt).
fn code_for(distributor_id: &str, customer_id: &str, now: DateTime<Utc>, attempt: u64) -> String {
    let key = format!("{distributor_id}/{customer_id}/{}/{attempt}", now.timestamp_nanos_opt().unwrap_or_default());
    let n = crate::reference::fnv1a(key.as_bytes()) % 90_000_000 + 10_000_000;
    n.to_string()
}

/// `PREVIEW` or `COMMIT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read-only.
    Preview,
    /// Moves the customer.
    Commit,
}

/// What E29 answers: the transfer (its id `""` for a preview), the customer as it is after it,
/// its subscriptions, and the code (shown by a preview only).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The transfer.
    pub transfer: ResellerTransfer,
    /// The customer (after a commit, under its new reseller).
    pub customer: Customer,
    /// The code, for a preview.
    pub approval: Option<Generated>,
}

struct TransferIn {
    action: Action,
    code: String,
    reseller_id: String,
    requested_by: String,
}

fn read_transfer(body: &Value) -> CoreResult<TransferIn> {
    let mut p = Problems::new();
    let map = p.object(body, "", TRANSFER_KEYS);
    let kind = map.and_then(|m| p.req_str(m, "", "type"));
    let action = map.and_then(|m| p.req_str(m, "", "action"));
    let code = map.and_then(|m| p.req_str(m, "", "approvalCode")).map(|c| c.trim().to_string());
    let reseller_id = map.and_then(|m| p.req_str(m, "", "resellerId")).map(|r| r.trim().to_string());
    let requested_by = map.and_then(|m| p.opt_str(m, "", "requestedBy")).unwrap_or_default();
    if kind.as_deref().is_some_and(|k| k != "RESELLER_CHANGE") {
        p.invalid("type".into());
    }
    let action = action.and_then(|a| match a.as_str() {
        "PREVIEW" => Some(Action::Preview),
        "COMMIT" => Some(Action::Commit),
        _ => {
            p.invalid("action".into());
            None
        }
    });
    if code.as_deref().is_some_and(str::is_empty) {
        p.missing("approvalCode".into());
    }
    if reseller_id.as_deref().is_some_and(str::is_empty) {
        p.missing("resellerId".into());
    }
    p.finish()?;
    match (action, code, reseller_id) {
        (Some(action), Some(code), Some(reseller_id)) => Ok(TransferIn { action, code, reseller_id, requested_by }),
        _ => Err(CoreError::code(ErrorCode::MissingFields)),
    }
}

/// E29: previews or commits a reseller change.
pub async fn transfer(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Outcome> {
    let input = read_transfer(body)?;
    let approval = ctx
        .distributor
        .reseller_changes
        .codes
        .get(&input.code)
        .cloned()
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidApprovalCode, "approvalCode"))?;
    if approval.used_by.is_some() {
        return Err(CoreError::detail(ErrorCode::ResellerChangeComplete, "approvalCode"));
    }
    if ctx.now >= approval.expires_at {
        return Err(CoreError::detail(ErrorCode::ApprovalCodeExpired, "approvalCode"));
    }
    let mut customer = tx
        .customer(&ctx.distributor.id, &approval.customer_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidApprovalCode, "approvalCode"))?;
    let reseller = tx
        .reseller(&ctx.distributor.id, &input.reseller_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidReseller, "resellerId"))?;
    check_new_reseller(ctx, &customer, &reseller)?;
    let subs = tx.subscriptions_of(&ctx.distributor.id, &customer.id).await?;
    let mut transfer = ResellerTransfer {
        id: String::new(),
        previous_reseller_id: customer.reseller_id.clone(),
        reseller_id: reseller.id.clone(),
        requested_by: input.requested_by,
        created_at: ctx.now,
        status: status::PENDING.into(),
        lines: subs.iter().filter(|s| s.status == status::ACTIVE).map(line).collect(),
    };
    if input.action == Action::Preview {
        let approval = Generated { code: input.code, expires_at: approval.expires_at };
        return Ok(Outcome { transfer, customer, approval: Some(approval) });
    }
    transfer.id = tx.next_id(Sequence::ResellerTransfer).await?.to_string();
    transfer.status = status::ACTIVE.into();
    customer.reseller_id = reseller.id.clone();
    customer.reseller_transfers.push(transfer.clone());
    tx.put_customer(&customer).await?;
    let mut distributor = ctx.distributor.clone();
    if let Some(code) = distributor.reseller_changes.codes.get_mut(&input.code) {
        code.used_by = Some(transfer.id.clone());
    }
    distributor.reseller_changes.transfers.insert(transfer.id.clone(), customer.id.clone());
    tx.put_distributor(&distributor).await?;
    Ok(Outcome { transfer, customer, approval: None })
}

/// The new reseller's guards (E29): not the current one (`1134`), enabled for the customer's
/// segment (`2135`), a global distributor for a global customer (`1139`), an LGA distributor for an
/// LGA customer (`1164`).
fn check_new_reseller(ctx: &Ctx<'_>, customer: &Customer, reseller: &Reseller) -> CoreResult<()> {
    if reseller.id == customer.reseller_id {
        return Err(CoreError::detail(ErrorCode::InvalidOperationOnPath, "INVALID_RESELLER_ID"));
    }
    if !reseller.profile.market_segments.contains(&customer.profile.market_segment) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "resellerId"));
    }
    if customer.global_sales_enabled && !ctx.distributor.global_sales_enabled {
        return Err(CoreError::code(ErrorCode::PartnerNotGlobal));
    }
    if customer.lga_status.is_some() && !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
    }
    Ok(())
}

fn line(s: &Subscription) -> TransferLine {
    TransferLine {
        subscription_id: s.id.clone(),
        offer_id: s.offer_id.clone(),
        quantity: s.current_quantity,
        renewal_date: s.renewal_date,
        currency_code: s.currency_code.clone(),
        deployment_id: s.deployment_id.clone(),
    }
}

/// E30, first half: the customer of a committed reseller change, or `404 5116`.
pub fn customer_of<'a>(distributor: &'a crate::model::Distributor, transfer_id: &str) -> CoreResult<&'a str> {
    distributor
        .reseller_changes
        .transfers
        .get(transfer_id.trim())
        .map(String::as_str)
        .ok_or_else(|| CoreError::code(ErrorCode::TransferNotFound))
}

/// E30, second half: the transfer on its customer, or `404 5116`.
pub fn find(customer: Option<Customer>, transfer_id: &str) -> CoreResult<(ResellerTransfer, Customer)> {
    let customer = customer.ok_or_else(|| CoreError::code(ErrorCode::TransferNotFound))?;
    let transfer = customer
        .reseller_transfers
        .iter()
        .find(|t| t.id == transfer_id.trim())
        .cloned()
        .ok_or_else(|| CoreError::code(ErrorCode::TransferNotFound))?;
    Ok((transfer, customer))
}
