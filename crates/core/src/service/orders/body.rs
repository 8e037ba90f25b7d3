//! Reading an order body (E15 pipeline steps 1 and 2): its members, its lines and their
//! structural rules, before any account is looked at.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::input::{Problems, index, join};
use crate::model::OrderType;
use crate::reference;
use crate::validate;

/// The members an order body may carry (read-only ones are accepted and ignored, SPEC T1-26).
pub(in crate::service) const ORDER_KEYS: &[&str] = &[
    "orderType",
    "externalReferenceId",
    "currencyCode",
    "referenceOrderId",
    "lineItems",
    "cancellingItems",
    "orderId",
    "customerId",
    "creationDate",
    "status",
    "source",
    "links",
    "referencedOrderId",
    "pricingSummary",
    "eligibleOffers",
    "recommendations",
];
/// The members an order line may carry.
pub(in crate::service) const LINE_KEYS: &[&str] = &[
    "extLineItemNumber",
    "offerId",
    "quantity",
    "subscriptionId",
    "currencyCode",
    "deploymentId",
    "discountCode",
    "flexDiscountCodes",
    "status",
    "pricing",
    "flexDiscounts",
    "proratedDays",
];

#[derive(Debug, Clone)]
pub(super) struct LineIn {
    pub(super) number: i64,
    pub(super) offer_id: String,
    pub(super) quantity: Option<i64>,
    pub(super) subscription_id: Option<String>,
    pub(super) currency: Option<String>,
    pub(super) deployment_id: Option<String>,
    /// `flexDiscountCodes` as typed.
    pub(super) flex_codes: Vec<String>,
    /// The HVD `discountCode` as typed (flexible discounts do not combine with it).
    pub(super) discount_code: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct OrderIn {
    pub(super) order_type: OrderType,
    pub(super) external_reference_id: String,
    pub(super) currency: Option<String>,
    pub(super) reference_order_id: Option<String>,
    pub(super) lines: Vec<LineIn>,
}

fn read_lines(p: &mut Problems, map: &Map<String, Value>, order_type: Option<OrderType>) -> Vec<LineIn> {
    let lines_optional = order_type == Some(OrderType::PreviewRenewal);
    let Some(items) = p.opt_array(map, "", "lineItems") else {
        if !lines_optional && map.get("lineItems").is_none_or(Value::is_null) {
            p.missing("lineItems".into());
        }
        return Vec::new();
    };
    if items.is_empty() && !lines_optional {
        p.missing("lineItems".into());
    }
    if items.len() > 499 {
        p.code(ErrorCode::TooManyLineItems, "lineItems".into());
    }
    let quantity_optional = lines_optional;
    let mut out = Vec::new();
    let mut numbers = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("lineItems", i);
        let Some(m) = p.object(item, &path, LINE_KEYS) else { continue };
        let number = p.req_int(m, &path, "extLineItemNumber");
        let offer_id = p.req_str(m, &path, "offerId");
        let quantity =
            if quantity_optional { p.opt_int(m, &path, "quantity") } else { p.req_int(m, &path, "quantity") };
        let subscription_id =
            p.opt_str(m, &path, "subscriptionId").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let currency = p.opt_str(m, &path, "currencyCode").filter(|c| !c.is_empty());
        let deployment_id = p.opt_str(m, &path, "deploymentId").filter(|d| !d.is_empty());
        let discount_code = p.opt_str(m, &path, "discountCode").map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let flex_codes = p.opt_str_array(m, &path, "flexDiscountCodes").unwrap_or_default();
        if let Some(c) = &currency
            && !is_currency_code(c)
        {
            p.invalid(join(&path, "currencyCode"));
        }
        if let Some(n) = number {
            if !(0..=999_999).contains(&n) {
                p.code(ErrorCode::LineNumberOutOfRange, join(&path, "extLineItemNumber"));
            } else if !numbers.insert(n) {
                p.code(ErrorCode::DuplicateLineNumbers, join(&path, "extLineItemNumber"));
            }
        }
        if let (Some(q), Some(offer)) = (quantity, &offer_id) {
            let max = reference::offer(offer).map_or(599_000, |o| i64::from(o.product.max_quantity()));
            if q < 1 || q > max {
                p.code(ErrorCode::QuantityOutOfRange, join(&path, "quantity"));
            }
        }
        if let (Some(number), Some(offer_id)) = (number, offer_id) {
            out.push(LineIn {
                number,
                offer_id,
                quantity,
                subscription_id,
                currency,
                deployment_id,
                flex_codes,
                discount_code,
            });
        }
    }
    out
}

fn is_currency_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

pub(super) fn read_order(body: &Value) -> CoreResult<OrderIn> {
    let mut p = Problems::new();
    let map = p.body(body, ORDER_KEYS)?;
    let order_type = p.req_str(map, "", "orderType").and_then(|t| {
        let parsed = OrderType::parse(&t).filter(|t| *t != OrderType::Transfer);
        if parsed.is_none() {
            p.invalid("orderType".into());
        }
        parsed
    });
    let ext_ref = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
    let max = if order_type == Some(OrderType::Return) { 100 } else { 35 };
    validate::external_reference(&mut p, &ext_ref, "externalReferenceId", max);
    let currency = p.opt_str(map, "", "currencyCode").filter(|c| !c.is_empty());
    if currency.as_deref().is_some_and(|c| !is_currency_code(c)) {
        p.invalid("currencyCode".into());
    }
    let reference_order_id = p.opt_str(map, "", "referenceOrderId").filter(|r| !r.is_empty());
    if order_type == Some(OrderType::Return) && reference_order_id.is_none() {
        p.missing("referenceOrderId".into());
    }
    let lines = read_lines(&mut p, map, order_type);
    let needs_currency =
        !matches!(order_type, Some(OrderType::PreviewRenewal | OrderType::Return | OrderType::Renewal));
    if needs_currency && currency.is_none() {
        for (i, line) in lines.iter().enumerate() {
            if line.currency.is_none() {
                p.missing(join(&index("lineItems", i), "currencyCode"));
            }
        }
    }
    p.finish()?;
    let order_type = order_type.ok_or_else(|| CoreError::code(ErrorCode::MissingFields))?;
    Ok(OrderIn { order_type, external_reference_id: ext_ref, currency, reference_order_id, lines })
}

pub(super) fn line_detail(number: i64) -> String {
    format!("Line Item: {number}")
}
