//! Transfer Memberships test data and VIP → VIP MP transfers (SPEC §2.8.9 E26–E28, §3.4, §4.13,
//! §5.8).
//!
//! A sandbox VIP membership exists only because the portal made it: Quick Create (always
//! eligible), Custom Create (eligible or not, by its knobs), or the fixed Ineligible Memberships
//! list. Memberships and their transfers are per-distributor documents of the generic
//! documents table (kinds [`MEMBERSHIP`] and [`TRANSFER`]). A transfer is created open (`1002`)
//! with a `due_at` (the order processing delay later); the jobs complete it (`1000`) on the distributor's clock: the customer, one
//! subscription per item and a `TRANSFER` order. The portal can force it complete or failed.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Ctx;
use super::levels;
use crate::dates::{add_years, parse_date};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::{self, Sequence};
use crate::model::{
    Address, Commitment, Contact, Customer, CustomerProfile, Discount, HVD_MIGRATED_CUSTOMER, LineItem,
    MinimumQuantity, Order, OrderType, Subscription, ThreeYearCommit, status,
};
use crate::reference::{self, MarketSegment, OfferType, Product};
use crate::settings::Settings;
use crate::store::{DocumentQuery, DocumentSort, SortOrder, StoredDocument, Tx};

/// The document kind of a test membership.
pub const MEMBERSHIP: &str = "membership";
/// The document kind of a VIP → VIP MP transfer.
pub const TRANSFER: &str = "membership_transfer";

/// Every `5117` reason code (SPEC §3.4): the general ones, then the LGA ones.
pub const REASON_CODES: [&str; 30] = [
    "INVALID_COUNTRY",
    "BAD_MARKET_SEGMENT",
    "INACTIVE",
    "EXTENDED_TERM_3YC",
    "OPEN_PURCHASE_AUTH",
    "CONTRACT_NOT_ACCEPTED",
    "IN_WINDOW_PARTIAL_RENEWAL",
    "RETURNABLE_PURCHASE",
    "NO_TARGET_SKU",
    "UNBILLED_ORDER",
    "UNPAID_INVOICE",
    "LINK_MEMBERSHIP_CHECK",
    "HAS_UNPROCESSED_ORDERS",
    "NOT_A_FULL_RENEWAL_IN_RENEWAL_WINDOW",
    "LICENSE_WITHOUT_SALE_AQO_REFERENCED",
    "SRC_DST_OFFER_IDS_HAS_PA_MISMATCH",
    "3YC_LINKED_MEMBERSHIP",
    "HVD_CUSTOMER",
    "INVALID_PRICE_LEVEL_LM_MIGRATION",
    "LM_OWNER_NOT_MIGRATED",
    "NOT_A_WORLDWIDE_PURCHASER",
    "3YC_DISCOUNT_LEVEL_MISMATCH",
    "MINIMUM_HVD_QTY_NOT_MET",
    "INVALID_LM_MIGRATION_LEVEL",
    "OWNER_MEMBER_COUNTRY_MISMATCH",
    "LGA_LM_MARKET_SEGMENT_MISMATCH",
    "INVALID_LGA_MARKET_SEGMENT",
    "NOT_LGA PARTNER",
    "INSUFFICIENT_LGA_MOQ",
    "LGA_QTY_LEVEL_MISMATCH",
];

/// The Custom Create eligibility knobs (`true` makes the membership ineligible with the reason;
/// `contractAccepted` and `adminContactsPresent` work the other way round).
const KNOBS: [(&str, &str); 9] = [
    ("openPurchaseAuthorizations", "OPEN_PURCHASE_AUTH"),
    ("returnablePurchase", "RETURNABLE_PURCHASE"),
    ("unpaidInvoice", "UNPAID_INVOICE"),
    ("unbilledOrder", "UNBILLED_ORDER"),
    ("unprocessedOrders", "HAS_UNPROCESSED_ORDERS"),
    ("inactive", "INACTIVE"),
    ("noTargetSku", "NO_TARGET_SKU"),
    ("extendedTerm3yc", "EXTENDED_TERM_3YC"),
    ("invalidCountry", "INVALID_COUNTRY"),
];

/// A test VIP membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    /// 8 digits.
    pub id: String,
    /// When the portal made it.
    pub created_at: DateTime<Utc>,
    /// `QUICK` or `CUSTOM`.
    pub origin: String,
    /// Company name.
    pub company_name: String,
    /// Segment.
    pub market_segment: MarketSegment,
    /// Sub-segments.
    #[serde(default)]
    pub market_sub_segments: Vec<String>,
    /// Address (its country is the membership's).
    pub address: Address,
    /// Locale.
    pub preferred_language: String,
    /// Admin contacts (none: `5120`).
    pub admin_contacts: Vec<Contact>,
    /// VIP renewal status: `FULL`, `PARTIAL` or `NO`.
    pub renewal_status: String,
    /// A worldwide (global) purchaser.
    pub worldwide: bool,
    /// The deployment of a worldwide membership's items: its address (the customer gets the
    /// deployment, with the items' `deploymentId`, at transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<Address>,
    /// The membership's currency.
    pub currency: String,
    /// The next anniversary (the customer's `cotermDate` after transfer).
    pub anniversary: NaiveDate,
    /// The VIP subscriptions, as VIP MP offers.
    pub items: Vec<MembershipItem>,
    /// 3YC, when the membership has one.
    #[serde(default)]
    pub three_year_commit: Option<ThreeYearCommit>,
    /// Linked-membership role, when in a group.
    #[serde(default)]
    pub linked_membership: Option<LinkedMembership>,
    /// HVD pricing and level, for an HVD customer.
    #[serde(default)]
    pub hvd: Option<Hvd>,
    /// A Large Government Agency.
    #[serde(default)]
    pub lga: bool,
    /// The VIP licence level.
    pub license_level: String,
    /// The VIP consumables tier.
    pub consumables_level: String,
    /// Why it cannot transfer (`5117` reason codes, stored at creation).
    #[serde(default)]
    pub reason_codes: Vec<String>,
    /// Its transfer (open or complete), if any.
    #[serde(default)]
    pub transfer_id: Option<String>,
    /// Whether its transfer completed (`5118` afterwards).
    #[serde(default)]
    pub transferred: bool,
}

/// A VIP subscription of a membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipItem {
    /// The VIP MP offer id.
    pub offer_id: String,
    /// Quantity.
    pub quantity: i64,
    /// Renewal date (past: not renewed after the last anniversary).
    pub renewal_date: NaiveDate,
    /// Currency.
    pub currency_code: String,
    /// Deployment, for a worldwide membership's item.
    #[serde(default)]
    pub deployment_id: Option<String>,
}

/// A membership's linked-membership role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedMembership {
    /// `OWNER` or `MEMBER`.
    pub role: String,
    /// The group id (8 digits).
    pub group_id: String,
    /// The group's name.
    pub name: String,
    /// `STANDARD` or `CONSORTIUM`.
    pub group_type: String,
}

/// HVD attributes (SPEC §4.18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hvd {
    /// `PRE_DCLO` or `POST_DCLO`.
    pub pricing: String,
    /// `17` or `18`.
    pub discount_level: String,
}

impl Hvd {
    /// The discount code (`HVD_L17_PRE`…).
    pub fn code(&self) -> String {
        let term = if self.pricing == "POST_DCLO" { "POST" } else { "PRE" };
        format!("HVD_L{}_{term}", self.discount_level)
    }
}

/// A VIP → VIP MP transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MembershipTransfer {
    /// 9 digits.
    pub id: String,
    /// The membership.
    pub membership_id: String,
    /// The reseller the customer lands under.
    pub reseller_id: String,
    /// When E27 was called.
    pub created_at: DateTime<Utc>,
    /// `1002` open, `1000` complete, `1004` failed.
    pub status: String,
    /// The customer, once complete (`""` before).
    pub customer_id: String,
    /// The lines.
    pub line_items: Vec<TransferItem>,
    /// The `TRANSFER` order, once complete.
    #[serde(default)]
    pub order_id: Option<String>,
    /// The company name (the portal's list).
    #[serde(default)]
    pub company_name: String,
}

/// A line of a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransferItem {
    /// From 1.
    pub line_item_number: i64,
    /// The VIP MP offer id.
    pub offer_id: String,
    /// Currency.
    pub currency_code: String,
    /// Quantity.
    pub quantity: i64,
    /// The subscription, once complete (`""` before).
    pub subscription_id: String,
    /// Deployment, if any.
    #[serde(default)]
    pub deployment_id: Option<String>,
    /// Renewal date of the VIP subscription.
    pub renewal_date: NaiveDate,
}

/// An entry of the fixed Ineligible Memberships list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ineligible {
    /// Stable 8-digit id.
    pub membership_id: String,
    /// The error E26/E27 answer.
    pub error_code: String,
    /// Its message.
    pub message: String,
    /// The `5117` reason code, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// The seeded Ineligible Memberships (SPEC §5.8.4): the same ids for every distributor and run.
/// `88000000` is the unknown-id sample (`5115`); then `5118`, `5120`, `5121`; then one id per
/// `5117` reason code, in [`REASON_CODES`]' order from `88000101`.
pub fn ineligible() -> Vec<Ineligible> {
    let entry = |id: String, code: ErrorCode, reason: Option<&str>| Ineligible {
        membership_id: id,
        error_code: code.code().to_string(),
        message: code.message().to_string(),
        reason_code: reason.map(str::to_string),
    };
    let mut out = vec![
        entry("88000000".into(), ErrorCode::InvalidMembership, None),
        entry("88000001".into(), ErrorCode::AlreadyTransferred, None),
        entry("88000002".into(), ErrorCode::NoAdminContacts, None),
        entry("88000003".into(), ErrorCode::TransferInProgress, None),
    ];
    for (i, reason) in REASON_CODES.iter().enumerate() {
        out.push(entry(format!("{}", 88_000_101 + i), ErrorCode::NotEligibleForTransfer, Some(reason)));
    }
    out
}

/// The error of a fixed ineligible id.
fn ineligible_error(id: &str) -> Option<CoreError> {
    let entry = ineligible().into_iter().find(|e| e.membership_id == id)?;
    let code = match entry.error_code.as_str() {
        "5115" => ErrorCode::InvalidMembership,
        "5118" => ErrorCode::AlreadyTransferred,
        "5120" => ErrorCode::NoAdminContacts,
        "5121" => ErrorCode::TransferInProgress,
        _ => ErrorCode::NotEligibleForTransfer,
    };
    Some(CoreError::with_details(code, entry.reason_code.into_iter().collect()))
}

/// What Quick Create and Custom Create answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    /// The new id.
    pub membership_id: String,
    /// The group id of a linked-membership owner or member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_membership_id: Option<String>,
    /// Whether it can transfer.
    pub eligible: bool,
    /// Why not.
    pub reason_codes: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Input

fn bad(field: &str, rule: impl std::fmt::Display) -> CoreError {
    CoreError::bad_field(field, rule)
}

/// A portal body reader: the first problem is a `400 P400` naming the field.
struct Body<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Body<'a> {
    fn new(body: &'a Value, known: &[&str]) -> CoreResult<Self> {
        let map = body.as_object().ok_or_else(|| bad("body", "a JSON object"))?;
        if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(bad(k, "absent (unknown member)"));
        }
        Ok(Self { map })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn bool(&self, key: &str) -> CoreResult<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(v) => v.as_bool().ok_or_else(|| bad(key, "true or false")),
        }
    }

    fn opt_bool(&self, key: &str) -> CoreResult<Option<bool>> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| bad(key, "true or false"))).transpose()
    }

    fn str(&self, key: &str) -> CoreResult<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_str().map(|s| Some(s.trim())).ok_or_else(|| bad(key, "a string")),
        }
    }

    fn one_of(&self, key: &str, allowed: &[&str], default: &str) -> CoreResult<String> {
        match self.str(key)? {
            None => Ok(default.to_string()),
            Some(s) if allowed.contains(&s) => Ok(s.to_string()),
            Some(_) => Err(bad(key, format!("one of {}", allowed.join(", ")))),
        }
    }

    fn int(&self, key: &str, range: std::ops::RangeInclusive<i64>) -> CoreResult<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .filter(|n| range.contains(n))
                .map(Some)
                .ok_or_else(|| bad(key, format!("an integer from {} to {}", range.start(), range.end()))),
        }
    }
}

const QUICK_KEYS: [&str; 12] = [
    "companyName",
    "eligibleOfferCount",
    "marketSegment",
    "marketSubSegment",
    "renewalStatus",
    "enableWorldwide",
    "threeYearCommit",
    "linkedMembershipOwner",
    "linkedMembershipMember",
    "linkedMembershipGroupId",
    "hvd",
    "enableLga",
];

const CUSTOM_KEYS: [&str; 13] = [
    "offers",
    "randomOfferCount",
    "country",
    "address",
    "adminContacts",
    "currency",
    "deployment",
    "linkedMembership",
    "lga",
    "eligibility",
    "reasonCodes",
    "anniversaryDate",
    "preferredLanguage",
];

/// The membership's options as read from a body (Quick Create's, and Custom Create's).
struct Options {
    company_name: String,
    offer_count: i64,
    segment: MarketSegment,
    sub_segment: Option<String>,
    renewal_status: String,
    worldwide: bool,
    three_year_commit: Option<i64>,
    owner: Option<(String, String)>,
    member_group: Option<String>,
    hvd: Option<Hvd>,
    lga: bool,
}

fn read_options(b: &Body<'_>, custom: bool) -> CoreResult<Options> {
    let company_name = b.str("companyName")?.unwrap_or_default().to_string();
    if company_name.is_empty() || company_name.chars().count() > 80 {
        return Err(bad("companyName", "1 to 80 characters"));
    }
    let segment = match b.str("marketSegment")? {
        None => MarketSegment::Com,
        Some(s) => MarketSegment::parse(s)
            .filter(|m| matches!(m, MarketSegment::Com | MarketSegment::Edu | MarketSegment::Gov))
            .ok_or_else(|| bad("marketSegment", "one of COM, EDU, GOV"))?,
    };
    let subs = super::customers::sub_segments(segment);
    let sub_segment = match b.str("marketSubSegment")? {
        None | Some("") => None,
        Some(s) if subs.contains(&s) => Some(s.to_string()),
        Some(_) if subs.is_empty() => return Err(bad("marketSubSegment", "absent for this market segment")),
        Some(_) => return Err(bad("marketSubSegment", format!("one of {}", subs.join(", ")))),
    };
    let renewal_status = b.one_of("renewalStatus", &["FULL", "PARTIAL", "NO"], "FULL")?;
    let worldwide = b.bool("enableWorldwide")?;
    let lga = b.bool("enableLga")? || (custom && b.get("lga").is_some());
    let three_year_commit = match b.get("threeYearCommit") {
        None | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(10),
        Some(Value::Object(m)) => {
            let q = m.get("minimumQuantity").and_then(Value::as_i64).unwrap_or(10);
            if !(10..=599_000).contains(&q) {
                return Err(bad("threeYearCommit.minimumQuantity", "an integer from 10 to 599000"));
            }
            Some(q)
        }
        Some(_) => return Err(bad("threeYearCommit", "true, false or an object")),
    };
    let owner_flag = b.bool("linkedMembershipOwner")?;
    let member_flag = b.bool("linkedMembershipMember")?;
    let mut group_id = b.str("linkedMembershipGroupId")?.filter(|s| !s.is_empty()).map(str::to_string);
    let mut owner = owner_flag.then(|| (format!("{company_name} group"), "STANDARD".to_string()));
    if custom && let Some(lm) = b.get("linkedMembership") {
        let m = lm.as_object().ok_or_else(|| bad("linkedMembership", "an object"))?;
        if let Some(g) = m.get("groupId").and_then(Value::as_str) {
            group_id = Some(g.trim().to_string());
        } else {
            let name = m.get("name").and_then(Value::as_str).unwrap_or(&company_name).trim().to_string();
            let kind = m.get("type").and_then(Value::as_str).unwrap_or("STANDARD");
            if !["STANDARD", "CONSORTIUM"].contains(&kind) {
                return Err(bad("linkedMembership.type", "one of STANDARD, CONSORTIUM"));
            }
            owner = Some((name, kind.to_string()));
        }
    }
    let member_group = if member_flag || (custom && group_id.is_some() && owner.is_none()) {
        Some(group_id.ok_or_else(|| bad("linkedMembershipGroupId", "the group id of an owner membership"))?)
    } else {
        None
    };
    let hvd = match b.get("hvd") {
        None => None,
        Some(v) => {
            let m = v.as_object().ok_or_else(|| bad("hvd", "an object {pricing, discountLevel}"))?;
            let pricing = m.get("pricing").and_then(Value::as_str).unwrap_or("PRE_DCLO");
            if !["PRE_DCLO", "POST_DCLO"].contains(&pricing) {
                return Err(bad("hvd.pricing", "one of PRE_DCLO, POST_DCLO"));
            }
            let level = m.get("discountLevel").and_then(Value::as_str).unwrap_or("17");
            if !["17", "18"].contains(&level) {
                return Err(bad("hvd.discountLevel", "one of 17, 18"));
            }
            Some(Hvd { pricing: pricing.to_string(), discount_level: level.to_string() })
        }
    };
    // Mutual exclusions (SPEC §5.8.1).
    let exclusive = [three_year_commit.is_some(), owner.is_some(), member_group.is_some()];
    if exclusive.iter().filter(|x| **x).count() > 1 {
        let field = if owner.is_some() && member_group.is_some() {
            "linkedMembershipMember"
        } else if owner.is_some() {
            "linkedMembershipOwner"
        } else {
            "linkedMembershipMember"
        };
        return Err(bad(field, "false with 3YC or the other linked-membership role"));
    }
    if hvd.is_some() && segment == MarketSegment::Edu {
        return Err(bad("hvd", "absent for EDU memberships"));
    }
    if lga {
        if segment != MarketSegment::Gov {
            return Err(bad("enableLga", "false unless the market segment is GOV"));
        }
        if sub_segment.is_none() {
            return Err(bad("marketSubSegment", "STATE or FEDERAL for an LGA membership"));
        }
        if hvd.is_some() {
            return Err(bad("hvd", "absent for an LGA membership"));
        }
        if three_year_commit.is_some() {
            return Err(bad("threeYearCommit", "false for an LGA membership"));
        }
        if worldwide {
            return Err(bad("enableWorldwide", "false for an LGA membership"));
        }
    }
    let max_offers = if lga { 5 } else { 10 };
    let count_key =
        if custom && b.get("randomOfferCount").is_some() { "randomOfferCount" } else { "eligibleOfferCount" };
    let offer_count = b.int(count_key, 1..=max_offers)?.unwrap_or(2);
    Ok(Options {
        company_name,
        offer_count,
        segment,
        sub_segment,
        renewal_status,
        worldwide,
        three_year_commit,
        owner,
        member_group,
        hvd,
        lga,
    })
}

fn default_address(country: &str) -> Address {
    if country == "US" {
        return super::seed::address();
    }
    let region = reference::country(country)
        .and_then(|c| c.regions.iter().find(|r| r.as_str() != "00").or(c.regions.first()).cloned())
        .unwrap_or_else(|| "00".into());
    Address {
        country: country.into(),
        region,
        city: "Capital".into(),
        address_line1: "1 Main Street".into(),
        address_line2: String::new(),
        postal_code: String::new(),
        phone_number: String::new(),
    }
}

fn admin_contact(company: &str, id: &str) -> Contact {
    let slug: String = company.chars().filter(char::is_ascii_alphanumeric).take(20).collect::<String>().to_lowercase();
    Contact {
        first_name: "Admin".into(),
        last_name: company.chars().take(40).collect(),
        email: format!("admin.{id}@{}.example.com", if slug.is_empty() { "membership" } else { &slug }),
        phone_number: None,
    }
}

/// Licence products of the catalogue a membership may hold: of its segment, sold in its
/// country's price region in its currency (Acrobat ones for HVD), in catalogue order.
fn candidate_products(segment: MarketSegment, country: &str, currency: &str, acrobat: bool) -> Vec<&'static Product> {
    let region = reference::country(country).map(|c| c.price_region.clone()).unwrap_or_default();
    reference::products()
        .iter()
        .filter(|p| p.segment == segment && p.offer_type == OfferType::License && !p.extra)
        .filter(|p| p.sold_in(&region, currency))
        .filter(|p| !acrobat || p.name.starts_with("Acrobat"))
        .collect()
}

/// Picks `n` products deterministically from the candidates, starting at a place derived from `seed`.
fn pick(candidates: &[&'static Product], n: usize, seed: &str) -> Vec<&'static Product> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let len = candidates.len();
    let start = usize::try_from(crate::reference::fnv1a(seed.as_bytes()) % len as u64).unwrap_or(0);
    (0..n.min(len)).map(|i| candidates[(start + i) % len]).collect()
}

/// The dates of a membership: (next anniversary, last anniversary).
fn anniversaries(today: NaiveDate, renewal_status: &str) -> (NaiveDate, NaiveDate) {
    if renewal_status == "FULL" {
        let next = today + Duration::days(180);
        (next, add_years(next, -1))
    } else {
        let last = today - Duration::days(30);
        (add_years(last, 1), last)
    }
}

/// The licence level of a membership of these options and licence total.
fn license_level(o: &Options, total: i64) -> String {
    if let Some(h) = &o.hvd {
        return if h.discount_level == "18" { "14".into() } else { "13".into() };
    }
    if let Some(min) = o.three_year_commit {
        return levels::commitment_level(OfferType::License, o.segment, min);
    }
    if o.lga {
        return match total {
            i64::MIN..=999 => "06",
            1000..=2499 => "07",
            2500..=4999 => "08",
            _ => "09",
        }
        .into();
    }
    levels::license_level(total).into()
}

async fn new_membership(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    o: &Options,
    origin: &str,
    country: &str,
    currency: &str,
) -> CoreResult<Membership> {
    let id = tx.next_id(Sequence::Membership).await?.to_string();
    let today = ctx.now.date_naive();
    let (anniversary, last) = anniversaries(today, &o.renewal_status);
    let linked_membership = match (&o.owner, &o.member_group) {
        (Some((name, kind)), _) => Some(LinkedMembership {
            role: "OWNER".into(),
            group_id: tx.next_id(Sequence::MembershipGroup).await?.to_string(),
            name: name.clone(),
            group_type: kind.clone(),
        }),
        (None, Some(group)) => {
            let owner = owner_of(tx, &ctx.distributor.id, group).await?;
            let (name, kind) =
                owner.and_then(|m| m.linked_membership).map(|l| (l.name, l.group_type)).unwrap_or_default();
            Some(LinkedMembership { role: "MEMBER".into(), group_id: group.clone(), name, group_type: kind })
        }
        _ => None,
    };
    Ok(Membership {
        id: id.clone(),
        created_at: ctx.now,
        origin: origin.into(),
        company_name: o.company_name.clone(),
        market_segment: o.segment,
        market_sub_segments: o.sub_segment.iter().cloned().collect(),
        address: default_address(country),
        preferred_language: "en-US".into(),
        admin_contacts: vec![admin_contact(&o.company_name, &id)],
        renewal_status: o.renewal_status.clone(),
        worldwide: o.worldwide,
        deployment: None,
        currency: currency.into(),
        anniversary,
        items: Vec::new(),
        three_year_commit: o.three_year_commit.or(o.hvd.as_ref().map(hvd_minimum)).map(|min| {
            let start = add_years(last, -1);
            ThreeYearCommit {
                commitment: Some(Commitment {
                    start_date: start,
                    end_date: add_years(start, 3) - Duration::days(1),
                    status: "COMMITTED".into(),
                    minimum_quantities: vec![MinimumQuantity { offer_type: OfferType::License, quantity: min }],
                }),
                commitment_request: None,
                recommitment_request: None,
            }
        }),
        linked_membership,
        hvd: o.hvd.clone(),
        lga: o.lga,
        license_level: "01".into(),
        consumables_level: "T1".into(),
        reason_codes: Vec::new(),
        transfer_id: None,
        transferred: false,
    })
}

fn hvd_minimum(h: &Hvd) -> i64 {
    if h.discount_level == "18" { 100 } else { 50 }
}

/// Fills the items of a membership from products (quantities spread so that minimums hold).
fn fill_items(m: &mut Membership, o: &Options, products: &[(&'static Product, Option<i64>, Option<NaiveDate>)]) {
    let minimum = m
        .three_year_commit
        .as_ref()
        .and_then(|t| t.commitment.as_ref())
        .and_then(|c| c.minimum_quantities.first())
        .map_or(0, |q| q.quantity);
    let floor = if o.lga { 100 } else { minimum.max(10) };
    let per_item = (floor + products.len() as i64 - 1) / (products.len().max(1) as i64);
    let (_, last) = anniversaries(m.created_at.date_naive(), &m.renewal_status);
    m.items = products
        .iter()
        .enumerate()
        .map(|(i, (p, q, renewal))| {
            let renewed = match m.renewal_status.as_str() {
                "FULL" => true,
                "PARTIAL" => i == 0,
                _ => false,
            };
            MembershipItem {
                offer_id: p.key.clone(),
                quantity: q.unwrap_or(per_item.max(1)),
                renewal_date: renewal.unwrap_or(if renewed { m.anniversary } else { last }),
                currency_code: m.currency.clone(),
                deployment_id: None,
            }
        })
        .collect();
    let total: i64 = m.items.iter().map(|i| i.quantity).sum();
    m.license_level = license_level(o, total);
    for item in &mut m.items {
        item.offer_id = reference::offer_id(&item.offer_id, &m.license_level);
    }
}

/// Portal Quick Create (SPEC §5.8.1): an always-eligible membership.
pub async fn quick_create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Created> {
    let b = Body::new(body, &QUICK_KEYS)?;
    let o = read_options(&b, false)?;
    let mut m = new_membership(tx, ctx, &o, "QUICK", "US", "USD").await?;
    let candidates = candidate_products(o.segment, "US", "USD", o.hvd.is_some());
    let products: Vec<_> =
        pick(&candidates, o.offer_count as usize, &m.id).into_iter().map(|p| (p, None, None)).collect();
    if products.is_empty() {
        return Err(bad("marketSegment", "a segment with products sold in US/USD"));
    }
    fill_items(&mut m, &o, &products);
    save(tx, ctx, &m).await?;
    Ok(created(&m))
}

fn created(m: &Membership) -> Created {
    Created {
        membership_id: m.id.clone(),
        linked_membership_id: m.linked_membership.as_ref().map(|l| l.group_id.clone()),
        eligible: m.reason_codes.is_empty() && !m.admin_contacts.is_empty(),
        reason_codes: m.reason_codes.clone(),
    }
}

/// Portal Custom Create (SPEC §5.8.2): every Quick Create option plus the country, address,
/// contacts, currency, offers, the 3YC block, the LGA block and the eligibility knobs, which may
/// make the membership ineligible.
pub async fn custom_create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Created> {
    let known: Vec<&str> = QUICK_KEYS.iter().chain(CUSTOM_KEYS.iter()).copied().collect();
    let b = Body::new(body, &known)?;
    let o = read_options(&b, true)?;
    let country = b.str("country")?.unwrap_or("US").to_string();
    let c = reference::country(&country).ok_or_else(|| bad("country", "a supported country code"))?;
    if o.lga && !["US", "CA"].contains(&country.as_str()) {
        return Err(bad("country", "US or CA for an LGA membership"));
    }
    let currency = match b.str("currency")? {
        Some(cur) if c.currencies.iter().any(|x| x == cur) => cur.to_string(),
        Some(_) => return Err(bad("currency", format!("one of {}", c.currencies.join(", ")))),
        None => c.currencies.first().cloned().ok_or_else(|| bad("country", "a country with a currency"))?,
    };
    let mut m = new_membership(tx, ctx, &o, "CUSTOM", &country, &currency).await?;
    if let Some(a) = b.get("address") {
        m.address = serde_json::from_value::<Address>(merge_address(a, &country)?)
            .map_err(|_| bad("address", "an address object"))?;
    }
    if let Some(lang) = b.str("preferredLanguage")? {
        if !reference::is_locale(lang) {
            return Err(bad("preferredLanguage", "a supported locale"));
        }
        m.preferred_language = lang.to_string();
    }
    if let Some(list) = b.get("adminContacts") {
        let arr = list.as_array().ok_or_else(|| bad("adminContacts", "an array of contacts"))?;
        m.admin_contacts = arr
            .iter()
            .map(|c| serde_json::from_value::<Contact>(c.clone()))
            .collect::<Result<_, _>>()
            .map_err(|_| bad("adminContacts", "contacts {firstName, lastName, email}"))?;
    }
    if let Some(date) = b.str("anniversaryDate")? {
        m.anniversary = parse_date(date).ok_or_else(|| bad("anniversaryDate", "a date YYYY-MM-DD"))?;
    }
    let lga_frl = b
        .get("lga")
        .and_then(Value::as_object)
        .and_then(|l| l.get("hasFrlProducts"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let products = match b.get("offers") {
        Some(list) => read_offers(list, &m)?,
        None => {
            let candidates = candidate_products(o.segment, &country, &currency, o.hvd.is_some());
            pick(&candidates, o.offer_count as usize, &m.id).into_iter().map(|p| (p, None, None)).collect()
        }
    };
    if products.is_empty() {
        return Err(bad("offers", "at least one offer sold in the membership's country and currency"));
    }
    if o.lga && products.len() > 5 {
        return Err(bad("offers", "1 to 5 offers for an LGA membership"));
    }
    fill_items(&mut m, &o, &products);
    if let Some(d) = b.get("deployment") {
        let id = d.as_object().and_then(|d| d.get("deploymentId").or(d.get("id"))).and_then(Value::as_str).map_or_else(
            || format!("{}", 1_460_000_000_i64 + m.id.parse::<i64>().unwrap_or(0) % 10_000_000),
            str::to_string,
        );
        for item in &mut m.items {
            item.deployment_id = Some(id.clone());
        }
        m.worldwide = true;
        m.deployment = Some(deployment_address(d, &country)?);
    }
    // Eligibility.
    let mut reasons: Vec<String> = Vec::new();
    if let Some(knobs) = b.get("eligibility") {
        let map = knobs.as_object().ok_or_else(|| bad("eligibility", "an object of true/false knobs"))?;
        let names: Vec<&str> =
            KNOBS.iter().map(|(k, _)| *k).chain(["contractAccepted", "adminContactsPresent"]).collect();
        if let Some(k) = map.keys().find(|k| !names.contains(&k.as_str())) {
            return Err(bad(&format!("eligibility.{k}"), "absent (unknown knob)"));
        }
        let eb = Body { map };
        for (knob, reason) in KNOBS {
            if eb.bool(knob)? {
                reasons.push(reason.to_string());
            }
        }
        if eb.opt_bool("contractAccepted")? == Some(false) {
            reasons.push("CONTRACT_NOT_ACCEPTED".into());
        }
        if eb.opt_bool("adminContactsPresent")? == Some(false) {
            m.admin_contacts.clear();
        }
    }
    // The same knobs at the top level (SPEC §5.8.2 names them so).
    for (knob, reason) in KNOBS {
        if b.map.contains_key(knob) {
            return Err(bad(knob, format!("inside eligibility (eligibility.{knob}) for {reason}")));
        }
    }
    if let Some(list) = b.get("reasonCodes") {
        let arr = list.as_array().ok_or_else(|| bad("reasonCodes", "an array of 5117 reason codes"))?;
        for r in arr {
            let r = r
                .as_str()
                .filter(|r| REASON_CODES.contains(r))
                .ok_or_else(|| bad("reasonCodes", "5117 reason codes of SPEC §3.4"))?;
            reasons.push(r.to_string());
        }
    }
    let in_window = m.anniversary - ctx.now.date_naive() <= Duration::days(30);
    if in_window && m.renewal_status == "PARTIAL" {
        reasons.push("IN_WINDOW_PARTIAL_RENEWAL".into());
    }
    if in_window && m.renewal_status == "NO" {
        reasons.push("NOT_A_FULL_RENEWAL_IN_RENEWAL_WINDOW".into());
    }
    let total: i64 = m.items.iter().map(|i| i.quantity).sum();
    if let Some(h) = &m.hvd
        && total < hvd_minimum(h)
    {
        reasons.push("MINIMUM_HVD_QTY_NOT_MET".into());
    }
    if m.lga && !lga_frl && total < 100 {
        reasons.push("INSUFFICIENT_LGA_MOQ".into());
    }
    let mut seen = Vec::new();
    reasons.retain(|r| {
        let new = !seen.contains(r);
        seen.push(r.clone());
        new
    });
    m.reason_codes = reasons;
    save(tx, ctx, &m).await?;
    Ok(created(&m))
}

/// The address of a Custom Create `deployment`: its address members over the membership's
/// defaults, in its `country` (a supported one; the membership's when absent).
fn deployment_address(d: &Value, membership_country: &str) -> CoreResult<Address> {
    let obj = d.as_object().ok_or_else(|| bad("deployment", "an object"))?;
    let country = match obj.get("country").and_then(Value::as_str) {
        Some(c) if reference::country(c).is_some() => c.to_string(),
        Some(_) => return Err(bad("deployment.country", "a supported country code")),
        None => membership_country.to_string(),
    };
    const MEMBERS: [&str; 6] = ["region", "city", "addressLine1", "addressLine2", "postalCode", "phoneNumber"];
    let given: serde_json::Map<String, Value> =
        obj.iter().filter(|(k, _)| MEMBERS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    let merged =
        merge_address(&Value::Object(given), &country).map_err(|_| bad("deployment", "address members as strings"))?;
    serde_json::from_value(merged).map_err(|_| bad("deployment", "an address"))
}

fn merge_address(a: &Value, country: &str) -> CoreResult<Value> {
    let mut base = serde_json::to_value(default_address(country)).map_err(|e| CoreError::Internal(e.to_string()))?;
    let given = a.as_object().ok_or_else(|| bad("address", "an address object"))?;
    if let Some(obj) = base.as_object_mut() {
        for (k, v) in given {
            if !obj.contains_key(k) {
                return Err(bad(&format!("address.{k}"), "absent (unknown member)"));
            }
            if !v.is_string() {
                return Err(bad(&format!("address.{k}"), "a string"));
            }
            obj.insert(k.clone(), v.clone());
        }
        obj.insert("country".into(), Value::String(country.into()));
    }
    Ok(base)
}

type Pick = (&'static Product, Option<i64>, Option<NaiveDate>);

fn read_offers(list: &Value, m: &Membership) -> CoreResult<Vec<Pick>> {
    let arr =
        list.as_array().filter(|a| !a.is_empty() && a.len() <= 10).ok_or_else(|| bad("offers", "1 to 10 offers"))?;
    let region = reference::country(&m.address.country).map(|c| c.price_region.clone()).unwrap_or_default();
    let mut out: Vec<Pick> = Vec::new();
    for (i, o) in arr.iter().enumerate() {
        let field = format!("offers[{i}]");
        let map = o.as_object().ok_or_else(|| bad(&field, "an object {offerId, quantity, renewalDate?}"))?;
        let offer = map
            .get("offerId")
            .and_then(Value::as_str)
            .and_then(|id| reference::offer(id.trim()))
            .ok_or_else(|| bad(&format!("{field}.offerId"), "an offer id of the catalogue"))?;
        if offer.product.segment != m.market_segment {
            return Err(bad(&format!("{field}.offerId"), "an offer of the membership's market segment"));
        }
        if !offer.product.sold_in(&region, &m.currency) {
            return Err(bad(&format!("{field}.offerId"), "an offer sold in the membership's country and currency"));
        }
        let max = i64::from(offer.product.max_quantity());
        let q = map.get("quantity").and_then(Value::as_i64).filter(|q| (1..=max).contains(q));
        let q = q.ok_or_else(|| bad(&format!("{field}.quantity"), format!("an integer from 1 to {max}")))?;
        let renewal = match map.get("renewalDate") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(parse_date)
                    .ok_or_else(|| bad(&format!("{field}.renewalDate"), "a date YYYY-MM-DD"))?,
            ),
        };
        if out.iter().any(|(p, _, _)| p.key == offer.product.key) {
            return Err(bad(&format!("{field}.offerId"), "a product not listed twice"));
        }
        out.push((offer.product, Some(q), renewal));
    }
    Ok(out)
}

async fn save(tx: &mut dyn Tx, ctx: &Ctx<'_>, m: &Membership) -> CoreResult<()> {
    tx.put_document(&StoredDocument {
        distributor_id: ctx.distributor.id.clone(),
        kind: MEMBERSHIP.into(),
        id: m.id.clone(),
        created_at: m.created_at,
        label: m.company_name.clone(),
        due_at: None,
        body: encode(m)?,
    })
    .await?;
    Ok(())
}

fn encode<T: Serialize>(value: &T) -> CoreResult<String> {
    serde_json::to_string(value).map_err(|e| CoreError::Internal(e.to_string()))
}

/// Decodes a stored document.
pub fn decode<T: for<'de> Deserialize<'de>>(doc: &StoredDocument) -> CoreResult<T> {
    serde_json::from_str(&doc.body).map_err(|e| CoreError::Internal(format!("{} {}: {e}", doc.kind, doc.id)))
}

async fn membership(tx: &mut dyn Tx, d: &str, id: &str) -> CoreResult<Option<Membership>> {
    match tx.document(d, MEMBERSHIP, id).await? {
        Some(doc) => Ok(Some(decode(&doc)?)),
        None => Ok(None),
    }
}

/// The owner membership of a group among the distributor's memberships, if any.
async fn owner_of(tx: &mut dyn Tx, d: &str, group: &str) -> CoreResult<Option<Membership>> {
    let mut offset = 0;
    loop {
        let page = tx
            .list_documents(&DocumentQuery {
                distributor_id: d.to_string(),
                kind: MEMBERSHIP.into(),
                sort: DocumentSort::Id,
                order: SortOrder::Asc,
                limit: 500,
                offset,
            })
            .await?;
        for doc in &page.items {
            let m: Membership = decode(doc)?;
            if m.linked_membership.as_ref().is_some_and(|l| l.role == "OWNER" && l.group_id == group) {
                return Ok(Some(m));
            }
        }
        offset += 500;
        if offset >= page.total || page.items.is_empty() {
            return Ok(None);
        }
    }
}

/// Deletes an unused membership (`P404` unknown, `409 P409` once a transfer used it).
pub async fn delete(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<()> {
    let m = membership(tx, &ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if m.transfer_id.is_some() {
        return Err(CoreError::message(
            ErrorCode::PortalConflict,
            "The membership has already been transferred",
            vec!["membershipId".into()],
        ));
    }
    tx.delete_document(&ctx.distributor.id, MEMBERSHIP, id).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// E26–E28

/// The bypass flags of E26 and E27.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bypass {
    /// `ignore-order-return`: waives `RETURNABLE_PURCHASE`.
    pub ignore_order_return: bool,
    /// `expire-open-pas`: waives `OPEN_PURCHASE_AUTH`.
    pub expire_open_pas: bool,
}

/// What E26 answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The membership.
    pub membership: Membership,
}

/// The membership behind E26/E27 after the membership-level guards (`5115`, `5118`, `5121`,
/// `5120`, `5117`), in that order.
async fn eligible(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, bypass: Bypass) -> CoreResult<Membership> {
    if let Some(e) = ineligible_error(id) {
        return Err(e);
    }
    let m = membership(tx, &ctx.distributor.id, id.trim())
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::InvalidMembership))?;
    if m.transferred {
        return Err(CoreError::code(ErrorCode::AlreadyTransferred));
    }
    if m.transfer_id.is_some() {
        return Err(CoreError::code(ErrorCode::TransferInProgress));
    }
    if m.admin_contacts.is_empty() {
        return Err(CoreError::code(ErrorCode::NoAdminContacts));
    }
    let mut reasons: Vec<String> = m
        .reason_codes
        .iter()
        .filter(|r| !(bypass.expire_open_pas && *r == "OPEN_PURCHASE_AUTH"))
        .filter(|r| !(bypass.ignore_order_return && *r == "RETURNABLE_PURCHASE"))
        .cloned()
        .collect();
    if m.worldwide && !ctx.distributor.global_sales_enabled {
        reasons.push("NOT_A_WORLDWIDE_PURCHASER".into());
    }
    if let Some(lm) = &m.linked_membership
        && lm.role == "MEMBER"
    {
        let owner = owner_of(tx, &ctx.distributor.id, &lm.group_id).await?;
        if !owner.is_some_and(|o| o.transferred) {
            reasons.push("LM_OWNER_NOT_MIGRATED".into());
        }
    }
    if !reasons.is_empty() {
        return Err(CoreError::with_details(ErrorCode::NotEligibleForTransfer, reasons));
    }
    Ok(m)
}

/// E26: the offers a membership would transfer with.
pub async fn preview(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, bypass: Bypass) -> CoreResult<Preview> {
    Ok(Preview { membership: eligible(tx, ctx, id, bypass).await? })
}

/// E27: starts the transfer of a membership to a reseller (`1002`; the jobs complete it).
pub async fn transfer(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    id: &str,
    bypass: Bypass,
    body: &Value,
) -> CoreResult<MembershipTransfer> {
    let map = body.as_object().ok_or_else(|| CoreError::detail(ErrorCode::InvalidFields, "body"))?;
    if let Some(k) = map.keys().find(|k| k.as_str() != "resellerId") {
        return Err(CoreError::detail(ErrorCode::UnexpectedFields, k.clone()));
    }
    let reseller_id = match map.get("resellerId") {
        None | Some(Value::Null) => return Err(CoreError::detail(ErrorCode::MissingFields, "resellerId")),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(_) => return Err(CoreError::detail(ErrorCode::InvalidFields, "resellerId")),
    };
    // A second E27 while the first is open: the same reseller is a concurrent repeat (4122).
    if let Some(m) = membership(tx, &ctx.distributor.id, id.trim()).await?
        && !m.transferred
        && let Some(open) = &m.transfer_id
        && let Some(t) = get_transfer_doc(tx, &ctx.distributor.id, open).await?
        && t.reseller_id == reseller_id
        && t.status == status::PENDING
    {
        return Err(CoreError::code(ErrorCode::AlreadyProcessing));
    }
    let mut m = eligible(tx, ctx, id, bypass).await?;
    let reseller = tx
        .reseller(&ctx.distributor.id, &reseller_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidReseller, "resellerId"))?;
    if status::reseller_inactive(&reseller.status) || reseller.status == status::PENDING {
        return Err(CoreError::code(ErrorCode::TransferResellerInactive));
    }
    if m.lga && !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
    }
    if !reseller.profile.market_segments.contains(&m.market_segment) {
        return Err(CoreError::detail(ErrorCode::NotEligibleForTransfer, "BAD_MARKET_SEGMENT"));
    }
    let t = MembershipTransfer {
        id: tx.next_id(Sequence::MembershipTransfer).await?.to_string(),
        membership_id: m.id.clone(),
        reseller_id: reseller.id.clone(),
        created_at: ctx.now,
        status: status::PENDING.into(),
        customer_id: String::new(),
        line_items: m
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| TransferItem {
                line_item_number: i as i64 + 1,
                offer_id: item.offer_id.clone(),
                currency_code: item.currency_code.clone(),
                quantity: item.quantity,
                subscription_id: String::new(),
                deployment_id: item.deployment_id.clone(),
                renewal_date: item.renewal_date,
            })
            .collect(),
        order_id: None,
        company_name: m.company_name.clone(),
    };
    m.transfer_id = Some(t.id.clone());
    save(tx, ctx, &m).await?;
    put_transfer(
        tx,
        &ctx.distributor.id,
        &t,
        Some(ctx.now + Duration::seconds(ctx.settings.order_processing_delay_secs.max(0))),
    )
    .await?;
    Ok(t)
}

async fn put_transfer(
    tx: &mut dyn Tx,
    d: &str,
    t: &MembershipTransfer,
    due_at: Option<DateTime<Utc>>,
) -> CoreResult<()> {
    tx.put_document(&StoredDocument {
        distributor_id: d.to_string(),
        kind: TRANSFER.into(),
        id: t.id.clone(),
        created_at: t.created_at,
        label: t.company_name.clone(),
        due_at,
        body: encode(t)?,
    })
    .await?;
    Ok(())
}

async fn get_transfer_doc(tx: &mut dyn Tx, d: &str, id: &str) -> CoreResult<Option<MembershipTransfer>> {
    match tx.document(d, TRANSFER, id).await? {
        Some(doc) => Ok(Some(decode(&doc)?)),
        None => Ok(None),
    }
}

/// E28: a transfer of a membership (`5116` unknown, or of another membership).
pub async fn get_transfer(
    tx: &mut dyn Tx,
    ctx: &Ctx<'_>,
    membership_id: &str,
    transfer_id: &str,
) -> CoreResult<MembershipTransfer> {
    get_transfer_doc(tx, &ctx.distributor.id, transfer_id.trim())
        .await?
        .filter(|t| t.membership_id == membership_id.trim())
        .ok_or_else(|| CoreError::code(ErrorCode::MembershipTransferNotFound))
}

/// Completes or fails an open transfer when due (the jobs' step): `true` when it changed.
pub async fn complete_due(
    tx: &mut dyn Tx,
    settings: &Settings,
    d: &str,
    id: &str,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let _ = settings;
    let Some(t) = get_transfer_doc(tx, d, id).await? else { return Ok(false) };
    if t.status != status::PENDING {
        put_transfer(tx, d, &t, None).await?;
        return Ok(false);
    }
    finish(tx, d, t, status::ACTIVE, now).await?;
    Ok(true)
}

/// Moves an open transfer to `1000` (creating the customer, subscriptions and order) or `1004`.
async fn finish(
    tx: &mut dyn Tx,
    d: &str,
    mut t: MembershipTransfer,
    to: &str,
    now: DateTime<Utc>,
) -> CoreResult<MembershipTransfer> {
    let Some(mut m) = membership(tx, d, &t.membership_id).await? else {
        t.status = status::INACTIVE.into();
        put_transfer(tx, d, &t, None).await?;
        return Ok(t);
    };
    if to == status::ACTIVE {
        let customer = new_customer(tx, d, &m, &t, now).await?;
        let today = now.date_naive();
        let mut lines = Vec::new();
        for item in &mut t.line_items {
            let n = tx.next_id(Sequence::Subscription).await?;
            let past = item.renewal_date < today;
            let sub = Subscription {
                id: ids::subscription_id(n),
                distributor_id: d.to_string(),
                customer_id: customer.id.clone(),
                product_key: item.offer_id.chars().take(10).collect(),
                offer_id: reference::offer(&item.offer_id)
                    .map_or_else(|| item.offer_id.clone(), |o| o.product.base_offer_id()),
                current_quantity: item.quantity,
                auto_renewal_enabled: !past,
                created_at: now,
                renewal_date: Some(if past { item.renewal_date } else { m.anniversary }),
                status: if past { status::INACTIVE.into() } else { status::ACTIVE.into() },
                currency_code: item.currency_code.clone(),
                deployment_id: item.deployment_id.clone(),
                last_processed_renewal_date: past.then_some(item.renewal_date),
                ..Subscription::default()
            };
            tx.put_subscription(&sub).await?;
            item.subscription_id = sub.id.clone();
            lines.push(LineItem {
                ext_line_item_number: item.line_item_number,
                offer_id: item.offer_id.clone(),
                quantity: item.quantity,
                subscription_id: sub.id,
                status: status::ACTIVE.into(),
                currency_code: item.currency_code.clone(),
                deployment_id: item.deployment_id.clone(),
                discount_code: m.hvd.as_ref().map(Hvd::code),
                ..LineItem::default()
            });
        }
        let order = Order {
            id: tx.next_id(Sequence::Order).await?.to_string(),
            distributor_id: d.to_string(),
            customer_id: customer.id.clone(),
            external_reference_id: String::new(),
            order_type: OrderType::Transfer,
            reference_order_id: String::new(),
            currency_code: m.currency.clone(),
            created_at: now,
            status: status::ACTIVE.into(),
            source: "System".into(),
            line_items: lines,
            process_after: None,
            cancelling_items: Vec::new(),
            reassign_users: false,
            eligible_offers: Vec::new(),
        };
        tx.put_order(&order).await?;
        t.customer_id = customer.id;
        t.order_id = Some(order.id);
        m.transferred = true;
    } else {
        // A failed transfer frees the membership for another try.
        m.transfer_id = None;
    }
    t.status = to.to_string();
    let doc = StoredDocument {
        distributor_id: d.to_string(),
        kind: MEMBERSHIP.into(),
        id: m.id.clone(),
        created_at: m.created_at,
        label: m.company_name.clone(),
        due_at: None,
        body: encode(&m)?,
    };
    tx.put_document(&doc).await?;
    put_transfer(tx, d, &t, None).await?;
    Ok(t)
}

/// The deployment a worldwide membership's customer gets: the items' `deploymentId` at the
/// membership's deployment address, active.
fn deployment_of(m: &Membership, now: DateTime<Utc>) -> Option<crate::model::Deployment> {
    let id = m.items.iter().find_map(|i| i.deployment_id.clone())?;
    let address = m.deployment.clone()?;
    Some(crate::model::Deployment { id, address, created_at: now, status: status::ACTIVE.into() })
}

async fn new_customer(
    tx: &mut dyn Tx,
    d: &str,
    m: &Membership,
    t: &MembershipTransfer,
    now: DateTime<Utc>,
) -> CoreResult<Customer> {
    let mut discounts = vec![Discount {
        offer_type: OfferType::License,
        level: m.license_level.clone(),
        discount_code: m.hvd.as_ref().map(Hvd::code),
    }];
    if m.three_year_commit.is_some() || m.consumables_level != "T1" {
        discounts.push(Discount {
            offer_type: OfferType::Consumables,
            level: m.consumables_level.clone(),
            discount_code: None,
        });
    }
    let mut customer = Customer {
        id: tx.next_id(Sequence::Customer).await?.to_string(),
        distributor_id: d.to_string(),
        reseller_id: t.reseller_id.clone(),
        external_reference_id: String::new(),
        profile: CustomerProfile {
            company_name: m.company_name.clone(),
            preferred_language: m.preferred_language.clone(),
            market_segment: m.market_segment,
            market_sub_segments: m.market_sub_segments.clone(),
            address: m.address.clone(),
            contacts: m.admin_contacts.clone(),
        },
        status: status::ACTIVE.into(),
        global_sales_enabled: m.worldwide,
        discounts,
        tags: if m.hvd.is_some() { vec![HVD_MIGRATED_CUSTOMER.to_string()] } else { Vec::new() },
        coterm_date: Some(m.anniversary),
        created_at: now,
        three_year_commit: m.three_year_commit.clone(),
        lga_status: m.lga.then(|| "ACTIVE".to_string()),
        activate_at: None,
        recommendation_leads: Vec::new(),
        deployments: deployment_of(m, now).into_iter().collect(),
        open_manual_renewal: None,
        reseller_transfers: Vec::new(),
        purchase_authorizations: Vec::new(),
        linked_membership: None,
    };
    tx.put_customer(&customer).await?;
    if let Some(lm) = &m.linked_membership {
        let group = (lm.group_id.as_str(), lm.name.as_str(), lm.group_type.as_str(), lm.role.as_str());
        super::linked_memberships::adopt_transferred(tx, d, &mut customer, group, now).await?;
    }
    Ok(customer)
}

/// Manage Records › Transfers › Update Transfer Status (SPEC §5.8.5): `1000` completes an open
/// transfer now, `1004` fails it, `1002` leaves it open; a closed transfer answers `409 P409`
/// unless asked for the status it has.
pub async fn set_status(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, body: &Value) -> CoreResult<MembershipTransfer> {
    let b = Body::new(body, &["status"])?;
    let to = b.one_of("status", &["1000", "1002", "1004"], "")?;
    if to.is_empty() {
        return Err(bad("status", "one of 1000, 1002, 1004"));
    }
    let t = get_transfer_doc(tx, &ctx.distributor.id, id)
        .await?
        .ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if t.status == to {
        return Ok(t);
    }
    if t.status != status::PENDING {
        return Err(CoreError::message(
            ErrorCode::PortalConflict,
            format!("The transfer is already {}", t.status),
            vec!["status".into()],
        ));
    }
    if to == status::PENDING {
        return Ok(t);
    }
    finish(tx, &ctx.distributor.id, t, &to, ctx.now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ineligible_list_is_stable_and_covers_every_reason() {
        let list = ineligible();
        for reason in REASON_CODES {
            assert!(list.iter().any(|e| e.reason_code.as_deref() == Some(reason)), "{reason}");
        }
        for code in ["5115", "5118", "5120", "5121"] {
            assert!(list.iter().any(|e| e.error_code == code), "{code}");
        }
        assert_eq!(list[0].membership_id, "88000000");
        let mut ids: Vec<_> = list.iter().map(|e| e.membership_id.clone()).collect();
        ids.dedup();
        assert_eq!(ids.len(), list.len());
    }

    #[test]
    fn hvd_codes() {
        let h = Hvd { pricing: "POST_DCLO".into(), discount_level: "18".into() };
        assert_eq!(h.code(), "HVD_L18_POST");
    }
}
