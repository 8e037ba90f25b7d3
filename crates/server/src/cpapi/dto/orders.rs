//! Orders on the wire (E15–E18) and the order history envelope.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::format_datetime;
use vipmp_core::model::{LineItem, Order, status};

use super::LinksOut;
use crate::cpapi::lists::PageMeta;

/// How an order is being shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderView {
    /// A preview answer: no id, no status, no links.
    Preview,
    /// The answer to a create.
    Created,
    /// GET / history / PATCH (adds `referencedOrderId`).
    Read,
}

/// The prices of a line (`fetch-price=true`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LinePricing)]
pub struct LinePricingOut {
    /// Full-term unit price at the line's level.
    pub partner_price: f64,
    /// Unit price after discounts.
    pub discounted_partner_price: f64,
    /// Unit price for the prorated term.
    pub net_partner_price: f64,
    /// The line's total (`netPartnerPrice × quantity`).
    pub line_item_partner_price: f64,
}

/// A line item of an order.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = LineItem, example = json!({
    "extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1, "subscriptionId": "",
    "status": "1002", "currencyCode": "USD"
}))]
pub struct LineItemOut {
    /// The partner's line number (0–999999), unique in the order.
    pub ext_line_item_number: i64,
    /// The applied offer id (normalised to the customer's level).
    pub offer_id: String,
    /// Quantity.
    pub quantity: i64,
    /// The subscription, `""` until the order completes (and in previews of new purchases).
    pub subscription_id: String,
    /// `""` (preview), `1002`, `1000`, `1004`, `1008`.
    pub status: String,
    /// The line's currency.
    pub currency_code: String,
    /// The deployment of a global purchase, only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
    /// Days of the prorated term (`fetch-price=true` on priced orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub prorated_days: Option<i64>,
    /// Prices (`fetch-price=true` on priced orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pricing: Option<LinePricingOut>,
    /// The flexible discount applied to the line (`SUCCESS`), or, in a renewal preview, an opted
    /// code that does not apply (`FAILURE`); only when a code was used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flex_discounts: Vec<FlexDiscountResultOut>,
    /// A migrated HVD customer's discount code on a licence line (PREVIEW: the right one whatever
    /// was sent; PREVIEW_RENEWAL and renewals: the next term's).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, example = "HVD_L18_PRE")]
    pub discount_code: Option<String>,
}

/// A High Growth offer proposed by PREVIEW_RENEWAL (SPEC §4.15).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EligibleOffer, example = json!({
    "offerId": "65304520CA14X12", "renewalCode": "MOQ_100",
    "eligibilityCriteria": {"minQuantity": 100, "additionalCriteria": ["THREE_YEAR_COMMIT"]}
}))]
pub struct EligibleOfferOut {
    /// The MOQ offer id (level `14`, variant `X`, `Y` or `Z`).
    pub offer_id: String,
    /// `MOQ_100`, `MOQ_250` or `MOQ_500`: the `autoRenewal.renewalCode` that opts in for it.
    pub renewal_code: String,
    /// What the offer needs.
    pub eligibility_criteria: EligibilityCriteriaOut,
}

/// What a High Growth offer needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EligibilityCriteria)]
pub struct EligibilityCriteriaOut {
    /// The minimum quantity (also the 3YC minimum commit it needs).
    pub min_quantity: i64,
    /// `["THREE_YEAR_COMMIT"]`.
    pub additional_criteria: Vec<String>,
    /// The deployment of the subscription it is for, only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
}

/// A flexible discount on an order line (SPEC §4.14).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FlexDiscountResult, example = json!({
    "id": "1b5c3f0e-9a2d-4c1e-8f00-0123456789ab", "code": "SAVE10", "result": "SUCCESS"
}))]
pub struct FlexDiscountResultOut {
    /// The discount's id.
    pub id: String,
    /// The code.
    pub code: String,
    /// `SUCCESS` or `FAILURE`.
    pub result: String,
}

impl LineItemOut {
    fn new(l: &LineItem, with_price: bool) -> Self {
        let pricing = l.pricing.as_ref().filter(|_| with_price);
        Self {
            ext_line_item_number: l.ext_line_item_number,
            offer_id: l.offer_id.clone(),
            quantity: l.quantity,
            subscription_id: l.subscription_id.clone(),
            status: l.status.clone(),
            currency_code: l.currency_code.clone(),
            deployment_id: l.deployment_id.clone(),
            prorated_days: pricing.map(|p| p.prorated_days),
            pricing: pricing.map(|p| LinePricingOut {
                partner_price: p.partner_price,
                discounted_partner_price: p.discounted_partner_price,
                net_partner_price: p.net_partner_price,
                line_item_partner_price: p.line_item_partner_price,
            }),
            flex_discounts: l
                .flex_discounts
                .iter()
                .map(|f| FlexDiscountResultOut { id: f.id.clone(), code: f.code.clone(), result: f.result.clone() })
                .collect(),
            discount_code: l.discount_code.clone(),
        }
    }
}

/// The total of a priced order, per currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PricingSummary)]
pub struct PricingSummaryOut {
    /// Sum of the lines' `lineItemPartnerPrice`, rounded to cents.
    pub total_line_item_partner_price: f64,
    /// The currency.
    pub currency_code: String,
}

/// The order resource (E15–E18). Previews have no `source` and no `links`; only reads
/// (GET, history, PATCH) carry `referencedOrderId`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Order, example = json!({
    "referenceOrderId": "", "externalReferenceId": "759", "orderId": "5120000001", "customerId": "1005000001",
    "orderType": "NEW", "currencyCode": "USD", "creationDate": "2025-01-15T10:00:00Z", "status": "1002",
    "source": "API",
    "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1, "subscriptionId": "",
        "status": "1002", "currencyCode": "USD"}],
    "links": {"self": {"uri": "/v3/customers/1005000001/orders/5120000001", "method": "GET", "headers": []}}
}))]
pub struct OrderOut {
    /// The order a RETURN or REVERT_SWITCH refers to, `""` otherwise.
    pub reference_order_id: String,
    /// Legacy member, always `""` (reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, value_type = Option<String>)]
    pub referenced_order_id: Option<&'static str>,
    /// The partner's own reference, `""` if none.
    pub external_reference_id: String,
    /// The order id, `""` for previews.
    pub order_id: String,
    /// The customer.
    pub customer_id: String,
    /// `NEW`, `PREVIEW`, `RETURN`, `RENEWAL`, `PREVIEW_RENEWAL`, `TRANSFER`, `SWITCH`, …
    #[schema(example = "NEW")]
    pub order_type: &'static str,
    /// The order-level currency, `""` if the lines differ.
    pub currency_code: String,
    /// When the order was created (previews: now).
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// Order status (`1002` open, `1000` complete, `1004` failed, …), `""` for previews.
    pub status: String,
    /// `API` or `System` (not on previews).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub source: Option<String>,
    /// The lines.
    pub line_items: Vec<LineItemOut>,
    /// The cancelled side of a switch order (SWITCH family only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub cancelling_items: Option<Vec<super::CancellingItemOut>>,
    /// Totals per currency (`fetch-price=true` on priced orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pricing_summary: Option<Vec<PricingSummaryOut>>,
    /// PREVIEW_RENEWAL of a customer holding Acrobat Pro or Standard: the High Growth offers its
    /// seats allow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub eligible_offers: Vec<EligibleOfferOut>,
    /// A link to the order (not on previews).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub links: Option<LinksOut>,
    /// PREVIEW and PREVIEW_RENEWAL with `fetch-recommendations=true`: the recommendations, or the
    /// error only they hit (`errorDetails`; the preview still answers 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub recommendations: Option<super::RecommendationsOut>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl OrderOut {
    /// The order as shown in `view`. `fetch_price` asks for pricing, which is shown for
    /// previews and for completed single-currency orders.
    pub fn new(o: &Order, view: OrderView, fetch_price: bool) -> Self {
        let single_currency = o.line_items.iter().all(|l| l.currency_code == o.currency_code);
        let priced = fetch_price
            && single_currency
            && (view == OrderView::Preview || o.status == status::ACTIVE)
            && o.line_items.iter().all(|l| l.pricing.is_some());
        let pricing_summary = priced.then(|| {
            let total: f64 =
                o.line_items.iter().filter_map(|l| l.pricing.as_ref()).map(|p| p.line_item_partner_price).sum::<f64>()
                    + super::CancellingItemOut::total(o);
            vec![PricingSummaryOut {
                total_line_item_partner_price: round2(total),
                currency_code: o.currency_code.clone(),
            }]
        });
        let persisted = view != OrderView::Preview;
        Self {
            reference_order_id: o.reference_order_id.clone(),
            referenced_order_id: (view == OrderView::Read).then_some(""),
            external_reference_id: o.external_reference_id.clone(),
            order_id: o.id.clone(),
            customer_id: o.customer_id.clone(),
            order_type: o.order_type.as_str(),
            currency_code: o.currency_code.clone(),
            creation_date: format_datetime(o.created_at),
            status: o.status.clone(),
            source: persisted.then(|| o.source.clone()),
            line_items: o.line_items.iter().map(|l| LineItemOut::new(l, priced)).collect(),
            cancelling_items: super::CancellingItemOut::of(o, priced),
            pricing_summary,
            eligible_offers: o
                .eligible_offers
                .iter()
                .map(|e| EligibleOfferOut {
                    offer_id: e.offer_id.clone(),
                    renewal_code: e.renewal_code.clone(),
                    eligibility_criteria: EligibilityCriteriaOut {
                        min_quantity: e.min_quantity,
                        additional_criteria: e.additional_criteria.clone(),
                        deployment_id: e.deployment_id.clone(),
                    },
                })
                .collect(),
            links: persisted.then(|| LinksOut::to(format!("/v3/customers/{}/orders/{}", o.customer_id, o.id))),
            recommendations: None,
        }
    }
}

/// The order history (E17): an offset page of `items`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "totalCount": 1, "count": 1, "offset": 0, "limit": 25,
    "items": [{"referenceOrderId": "", "referencedOrderId": "", "externalReferenceId": "759", "orderId": "5120000001",
        "customerId": "1005000001", "orderType": "NEW", "currencyCode": "USD",
        "creationDate": "2025-01-15T10:00:00Z", "status": "1000", "source": "API",
        "lineItems": [{"extLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 1,
            "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "status": "1000", "currencyCode": "USD"}],
        "links": {"self": {"uri": "/v3/customers/1005000001/orders/5120000001", "method": "GET", "headers": []}}}],
    "links": {"self": {"uri": "/v3/customers/1005000001/orders?offset=0&limit=25", "method": "GET", "headers": []}}
}))]
pub struct OrderList {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The effective page size.
    pub limit: i64,
    /// The orders, newest first.
    pub items: Vec<OrderOut>,
    /// `self`, and `next`/`prev` when there are such pages.
    pub links: LinksOut,
}

impl OrderList {
    /// A page of these orders.
    pub fn new(meta: PageMeta, items: Vec<OrderOut>) -> Self {
        let PageMeta { total_count, count, offset, limit, links } = meta;
        Self { total_count, count, offset, limit, items, links }
    }
}
