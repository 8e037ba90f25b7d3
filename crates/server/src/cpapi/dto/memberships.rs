//! VIP → VIP MP transfers on the wire (E26–E28, SPEC §2.8.9).

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::service::memberships::{Membership, MembershipTransfer};

use super::accounts::benefits_of;
use super::{BenefitOut, LinksOut};

/// A VIP subscription the transfer would move (E26 `items[]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MembershipOffer, example = json!({"offerId": "65304479CA02A12", "currencyCode": "USD", "quantity": 10,
    "renewalDate": "2027-06-08"}))]
pub struct MembershipOfferOut {
    /// The VIP MP offer id at the membership's VIP level.
    pub offer_id: String,
    /// Currency.
    pub currency_code: String,
    /// Quantity.
    pub quantity: i64,
    /// Renewal date; in the past for a product not renewed after the anniversary (it becomes an
    /// inactive subscription).
    #[schema(format = Date)]
    pub renewal_date: String,
    /// The deployment of a worldwide membership's item.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
}

/// A discount of a 3YC, HVD or LGA membership (E26 `discounts[]`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MembershipDiscount)]
pub struct MembershipDiscountOut {
    /// The level.
    pub level: String,
    /// `3YC` (3YC and HVD memberships) or `LGA`.
    pub offer_type: String,
    /// The HVD discount code (`HVD_L17_PRE` …), HVD memberships only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub discount_code: Option<String>,
}

/// E26: the offers of a membership.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MembershipOffers, example = json!({"totalCount": 1,
    "items": [{"offerId": "65304479CA12A12", "currencyCode": "USD", "quantity": 10, "renewalDate": "2026-09-28"}],
    "benefits": [{"type": "THREE_YEAR_COMMIT", "commitment": {"startDate": "2025-03-02", "endDate": "2028-03-01",
        "status": "COMMITTED", "minimumQuantities": [{"offerType": "LICENSE", "quantity": 10}]},
        "commitmentRequest": null, "recommitmentRequest": null}],
    "discounts": [{"level": "12", "offerType": "3YC"}], "renewalStatus": "FULL"}))]
pub struct MembershipOffersOut {
    /// Number of items.
    pub total_count: usize,
    /// One per VIP subscription.
    pub items: Vec<MembershipOfferOut>,
    /// 3YC and LGA benefits.
    pub benefits: Vec<BenefitOut>,
    /// Discounts of 3YC, HVD and LGA memberships.
    pub discounts: Vec<MembershipDiscountOut>,
    /// The VIP renewal status: `FULL`, `PARTIAL` or `NO` (SPEC §7 Q-RENEWSTATUS).
    pub renewal_status: String,
}

impl MembershipOffersOut {
    /// The preview of `m`.
    pub fn new(m: &Membership) -> Self {
        let items: Vec<MembershipOfferOut> = m
            .items
            .iter()
            .map(|i| MembershipOfferOut {
                offer_id: i.offer_id.clone(),
                currency_code: i.currency_code.clone(),
                quantity: i.quantity,
                renewal_date: format_date(i.renewal_date),
                deployment_id: i.deployment_id.clone(),
            })
            .collect();
        let mut discounts = Vec::new();
        if m.three_year_commit.is_some() {
            discounts.push(MembershipDiscountOut {
                level: m.license_level.clone(),
                offer_type: "3YC".into(),
                discount_code: m.hvd.as_ref().map(|h| h.code()),
            });
        }
        if m.lga {
            discounts.push(MembershipDiscountOut {
                level: m.license_level.clone(),
                offer_type: "LGA".into(),
                discount_code: None,
            });
        }
        Self {
            total_count: items.len(),
            items,
            benefits: benefits_of(m.three_year_commit.as_ref(), m.lga.then_some("ACTIVE")),
            discounts,
            renewal_status: m.renewal_status.clone(),
        }
    }
}

/// A line of a VIP → VIP MP transfer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MembershipTransferLineItem)]
pub struct MembershipTransferLineOut {
    /// From 1.
    pub line_item_number: i64,
    /// The VIP MP offer id.
    pub offer_id: String,
    /// Currency.
    pub currency_code: String,
    /// Quantity.
    pub quantity: i64,
    /// The new subscription once the transfer completed, `""` before.
    pub subscription_id: String,
    /// Deployment, for a worldwide membership's item.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub deployment_id: Option<String>,
}

/// A VIP → VIP MP transfer (E27, E28).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MembershipTransfer, example = json!({"transferId": "300000001", "customerId": "",
    "membershipId": "70000001", "resellerId": "1000000001", "creationDate": "2026-03-01T10:00:00Z", "status": "1002",
    "lineItems": [{"lineItemNumber": 1, "offerId": "65304479CA02A12", "currencyCode": "USD", "quantity": 10,
    "subscriptionId": ""}],
    "links": {"self": {"uri": "/v3/memberships/70000001/transfers/300000001", "method": "GET", "headers": []}}}))]
pub struct MembershipTransferOut {
    /// 9 digits.
    pub transfer_id: String,
    /// The new customer once complete, `""` before.
    pub customer_id: String,
    /// The membership.
    pub membership_id: String,
    /// The reseller.
    pub reseller_id: String,
    /// When E27 was called.
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// `1002` processing, `1000` complete, `1004` failed.
    pub status: String,
    /// The lines.
    pub line_items: Vec<MembershipTransferLineOut>,
    /// `self`.
    pub links: LinksOut,
}

impl From<&MembershipTransfer> for MembershipTransferOut {
    fn from(t: &MembershipTransfer) -> Self {
        Self {
            transfer_id: t.id.clone(),
            customer_id: t.customer_id.clone(),
            membership_id: t.membership_id.clone(),
            reseller_id: t.reseller_id.clone(),
            creation_date: format_datetime(t.created_at),
            status: t.status.clone(),
            line_items: t
                .line_items
                .iter()
                .map(|l| MembershipTransferLineOut {
                    line_item_number: l.line_item_number,
                    offer_id: l.offer_id.clone(),
                    currency_code: l.currency_code.clone(),
                    quantity: l.quantity,
                    subscription_id: l.subscription_id.clone(),
                    deployment_id: l.deployment_id.clone(),
                })
                .collect(),
            links: LinksOut::to(format!("/v3/memberships/{}/transfers/{}", t.membership_id, t.id)),
        }
    }
}
