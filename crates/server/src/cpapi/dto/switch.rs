//! Mid-term upgrades on the wire: the cancelling items of switch orders (E15) and the
//! switch-path lists (E35, E36).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::model::{CancellingItem, Order, status};
use vipmp_core::reference::SwitchPath;

use super::LinksOut;
use super::orders::LinePricingOut;
use crate::cpapi::lists::PageMeta;

/// The cancelled side of a switch order: the subscription that gives up the quantity.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CancellingItem, example = json!({
    "extLineItemNumber": 2, "referenceLineItemNumber": 1, "offerId": "65304479CA01A12", "quantity": 5,
    "subscriptionId": "8675309a1b2c3d4e5f60718293a4b5NA", "status": "1002"
}))]
pub struct CancellingItemOut {
    /// The partner's line number, unique in the order.
    pub ext_line_item_number: i64,
    /// The `extLineItemNumber` of the line it corresponds to.
    pub reference_line_item_number: i64,
    /// The cancelled subscription's offer at the customer's level.
    pub offer_id: String,
    /// Quantity given up.
    pub quantity: i64,
    /// The cancelled subscription.
    pub subscription_id: String,
    /// Follows the order: `""` (preview), `1002`, `1000`, `1004` (failed), `1008` (reverted).
    pub status: String,
    /// The discount code sent with the item, only when sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub discount_code: Option<String>,
    /// Days of the prorated term (priced orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub prorated_days: Option<i64>,
    /// The credit for the item: negative values (priced orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pricing: Option<LinePricingOut>,
}

impl CancellingItemOut {
    /// The items of `order`, `None` when it has none; priced when `with_price`.
    pub fn of(order: &Order, with_price: bool) -> Option<Vec<Self>> {
        let item_status = match order.status.as_str() {
            s @ ("" | status::PENDING | status::ACTIVE | status::CANCELLED) => s,
            _ => status::INACTIVE,
        };
        let items: Vec<Self> = order
            .cancelling_items
            .iter()
            .map(|c: &CancellingItem| {
                let pricing = c.pricing.as_ref().filter(|_| with_price);
                Self {
                    ext_line_item_number: c.ext_line_item_number,
                    reference_line_item_number: c.reference_line_item_number,
                    offer_id: c.offer_id.clone(),
                    quantity: c.quantity,
                    subscription_id: c.subscription_id.clone(),
                    status: item_status.to_string(),
                    discount_code: c.discount_code.clone(),
                    prorated_days: pricing.map(|p| p.prorated_days),
                    pricing: pricing.map(|p| LinePricingOut {
                        partner_price: p.partner_price,
                        discounted_partner_price: p.discounted_partner_price,
                        net_partner_price: p.net_partner_price,
                        line_item_partner_price: p.line_item_partner_price,
                    }),
                }
            })
            .collect();
        (!items.is_empty()).then_some(items)
    }

    /// The sum of the items' priced totals (negative).
    pub fn total(order: &Order) -> f64 {
        order.cancelling_items.iter().filter_map(|c| c.pricing.as_ref()).map(|p| p.line_item_partner_price).sum()
    }
}

/// One target of a switch path.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SwitchTarget)]
pub struct SwitchTargetOut {
    /// The target product's base offer id.
    pub target_base_offer_id: String,
    /// 1-based position in the list.
    pub sequence: u32,
    /// `FULL_ONLY` or `PARTIAL_ALLOWED`.
    #[schema(value_type = String, example = "PARTIAL_ALLOWED")]
    pub switch_type: &'static str,
}

/// The targets of one source product.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ProductUpgrade)]
pub struct ProductUpgradeOut {
    /// The source product's base offer id.
    pub source_base_offer_id: String,
    /// Always `PRODUCT_LIST`.
    #[schema(value_type = String, example = "PRODUCT_LIST")]
    pub target_type: &'static str,
    /// The targets, by `sequence`.
    pub target_list: Vec<SwitchTargetOut>,
}

impl From<&SwitchPath> for ProductUpgradeOut {
    fn from(path: &SwitchPath) -> Self {
        Self {
            source_base_offer_id: path.source.base_offer_id(),
            target_type: "PRODUCT_LIST",
            target_list: path
                .targets
                .iter()
                .map(|t| SwitchTargetOut {
                    target_base_offer_id: t.product.base_offer_id(),
                    sequence: t.sequence,
                    switch_type: t.switch_type.as_str(),
                })
                .collect(),
        }
    }
}

/// A page of switch paths (E35, E36).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "totalCount": 1, "count": 1, "offset": 0, "limit": 20,
    "productUpgrades": [{"sourceBaseOfferId": "30002139CC01A12", "targetType": "PRODUCT_LIST",
        "targetList": [{"targetBaseOfferId": "30002125CC01A12", "sequence": 1, "switchType": "PARTIAL_ALLOWED"}]}],
    "links": {"self": {"uri": "/v3/offer-switch-paths?offset=0&limit=20&market-segment=GOV&country=US&offer-id=30002139CC01A12",
        "method": "GET", "headers": []}}
}))]
pub struct SwitchPathList {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The effective page size.
    pub limit: i64,
    /// The paths, by source offer id.
    pub product_upgrades: Vec<ProductUpgradeOut>,
    /// `self`, and `next`/`prev` when there are such pages.
    pub links: LinksOut,
}

impl SwitchPathList {
    /// A page of these paths.
    pub fn new(meta: PageMeta, product_upgrades: Vec<ProductUpgradeOut>) -> Self {
        let PageMeta { total_count, count, offset, limit, links } = meta;
        Self { total_count, count, offset, limit, product_upgrades, links }
    }
}
