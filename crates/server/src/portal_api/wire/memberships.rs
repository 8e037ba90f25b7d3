//! The Transfer Memberships answers (SPEC §5.8): the created membership, a membership and its
//! items, a transfer row, and the ineligible memberships.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::service::memberships::{Created, Ineligible, Membership, MembershipTransfer};
use vipmp_core::service::portal_view;

use crate::cpapi::dto::{CommitmentOut, MembershipTransferOut};

/// What Quick Create and Custom Create answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalMembershipCreated, example = json!({"membershipId": "70000001", "eligible": true,
    "reasonCodes": []}))]
pub struct CreatedOut {
    /// 8 digits.
    pub membership_id: String,
    /// The group of a linked-membership owner or member.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub linked_membership_id: Option<String>,
    /// Whether E26/E27 accept it.
    pub eligible: bool,
    /// The `5117` reason codes of an ineligible one.
    pub reason_codes: Vec<String>,
}

impl From<Created> for CreatedOut {
    fn from(c: Created) -> Self {
        Self {
            membership_id: c.membership_id,
            linked_membership_id: c.linked_membership_id,
            eligible: c.eligible,
            reason_codes: c.reason_codes,
        }
    }
}

/// A membership of the Created Memberships list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalMembership)]
pub struct MembershipOut {
    /// 8 digits.
    pub membership_id: String,
    /// Company name.
    pub company_name: String,
    /// When it was made.
    #[schema(format = DateTime)]
    pub creation_date: String,
    /// `QUICK` or `CUSTOM`.
    pub origin: String,
    /// Segment.
    pub market_segment: String,
    /// Sub-segments.
    pub market_sub_segments: Vec<String>,
    /// Country.
    pub country: String,
    /// Currency.
    pub currency_code: String,
    /// `FULL`, `PARTIAL` or `NO`.
    pub renewal_status: String,
    /// The next anniversary.
    #[schema(format = Date)]
    pub anniversary_date: String,
    /// Offers and quantities.
    pub offers: Vec<MembershipItemOut>,
    /// The 3YC commitment of a 3YC (or HVD) membership.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub three_year_commit: Option<CommitmentOut>,
    /// `OWNER`/`MEMBER` and the group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, value_type = Option<Object>)]
    pub linked_membership: Option<MembershipLinkOut>,
    /// `HVD_L17_PRE` …
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub hvd_discount_code: Option<String>,
    /// A Large Government Agency.
    pub lga: bool,
    /// A worldwide purchaser.
    pub worldwide: bool,
    /// Whether E26/E27 accept it (at creation).
    pub eligible: bool,
    /// Why not.
    pub reason_codes: Vec<String>,
    /// Its transfer, once E27 was called.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub transfer_id: Option<String>,
    /// Whether it was transferred (it cannot be deleted, nor transferred again).
    pub transferred: bool,
}

/// The linked membership group of a membership.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipLinkOut {
    /// `OWNER` or `MEMBER`.
    pub linked_membership_type: String,
    /// The group id.
    pub id: String,
    /// The group's name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// An item of a membership.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalMembershipItem)]
pub struct MembershipItemOut {
    /// VIP MP offer id.
    pub offer_id: String,
    /// Quantity.
    pub quantity: i64,
    /// Renewal date.
    #[schema(format = Date)]
    pub renewal_date: String,
}

impl From<&Membership> for MembershipOut {
    fn from(m: &Membership) -> Self {
        Self {
            membership_id: m.id.clone(),
            company_name: m.company_name.clone(),
            creation_date: format_datetime(m.created_at),
            origin: m.origin.clone(),
            market_segment: m.market_segment.as_str().to_string(),
            market_sub_segments: m.market_sub_segments.clone(),
            country: m.address.country.clone(),
            currency_code: m.currency.clone(),
            renewal_status: m.renewal_status.clone(),
            anniversary_date: format_date(m.anniversary),
            offers: m
                .items
                .iter()
                .map(|i| MembershipItemOut {
                    offer_id: i.offer_id.clone(),
                    quantity: i.quantity,
                    renewal_date: format_date(i.renewal_date),
                })
                .collect(),
            three_year_commit: m
                .three_year_commit
                .as_ref()
                .and_then(|t| t.commitment.as_ref())
                .map(crate::cpapi::dto::commitment_out),
            linked_membership: m.linked_membership.as_ref().map(|l| MembershipLinkOut {
                linked_membership_type: l.role.clone(),
                id: l.group_id.clone(),
                name: l.name.clone(),
                kind: l.group_type.clone(),
            }),
            hvd_discount_code: m.hvd.as_ref().map(|h| h.code()),
            lga: m.lga,
            worldwide: m.worldwide,
            eligible: portal_view::membership_eligible(m),
            reason_codes: m.reason_codes.clone(),
            transfer_id: m.transfer_id.clone(),
            transferred: m.transferred,
        }
    }
}

/// A transfer of Manage Records › Transfers: the E28 resource plus the company.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalMembershipTransfer)]
pub struct TransferRowOut {
    /// The E28 resource.
    #[serde(flatten)]
    pub transfer: MembershipTransferOut,
    /// The membership's company.
    pub company_name: String,
    /// The `TRANSFER` order, once complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub order_id: Option<String>,
}

impl From<&MembershipTransfer> for TransferRowOut {
    fn from(t: &MembershipTransfer) -> Self {
        Self {
            transfer: MembershipTransferOut::from(t),
            company_name: t.company_name.clone(),
            order_id: t.order_id.clone(),
        }
    }
}

/// The fixed Ineligible Memberships.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalIneligibleMembership)]
pub struct IneligibleOut {
    /// Stable id.
    pub membership_id: String,
    /// What E26/E27 answer.
    pub error_code: String,
    /// Its message.
    pub message: String,
    /// The `5117` reason code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub reason_code: Option<String>,
}

impl From<Ineligible> for IneligibleOut {
    fn from(e: Ineligible) -> Self {
        Self {
            membership_id: e.membership_id,
            error_code: e.error_code,
            message: e.message,
            reason_code: e.reason_code,
        }
    }
}
