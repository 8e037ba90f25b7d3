//! The options of Quick Create and Custom Create as read from a body, with their mutual
//! exclusions (SPEC §5.8.1, §5.8.2).

use serde_json::Value;

use super::body::Body;
use super::records::Hvd;
use crate::error::{CoreError, CoreResult};
use crate::reference::MarketSegment;

pub(super) const QUICK_KEYS: [&str; 12] = [
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

pub(super) const CUSTOM_KEYS: [&str; 13] = [
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
pub(super) struct Options {
    pub(super) company_name: String,
    pub(super) offer_count: i64,
    pub(super) segment: MarketSegment,
    pub(super) sub_segment: Option<String>,
    pub(super) renewal_status: String,
    pub(super) worldwide: bool,
    pub(super) three_year_commit: Option<i64>,
    pub(super) owner: Option<(String, String)>,
    pub(super) member_group: Option<String>,
    pub(super) hvd: Option<Hvd>,
    pub(super) lga: bool,
}

pub(super) fn read_options(b: &Body<'_>, custom: bool) -> CoreResult<Options> {
    let company_name = b.str("companyName")?.unwrap_or_default().to_string();
    if company_name.is_empty() || company_name.chars().count() > 80 {
        return Err(CoreError::bad_field("companyName", "1 to 80 characters"));
    }
    let segment = match b.str("marketSegment")? {
        None => MarketSegment::Com,
        Some(s) => MarketSegment::parse(s)
            .filter(|m| matches!(m, MarketSegment::Com | MarketSegment::Edu | MarketSegment::Gov))
            .ok_or_else(|| CoreError::bad_field("marketSegment", "one of COM, EDU, GOV"))?,
    };
    let subs = crate::service::customers::sub_segments(segment);
    let sub_segment = match b.str("marketSubSegment")? {
        None | Some("") => None,
        Some(s) if subs.contains(&s) => Some(s.to_string()),
        Some(_) if subs.is_empty() => {
            return Err(CoreError::bad_field("marketSubSegment", "absent for this market segment"));
        }
        Some(_) => return Err(CoreError::bad_field("marketSubSegment", format!("one of {}", subs.join(", ")))),
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
                return Err(CoreError::bad_field("threeYearCommit.minimumQuantity", "an integer from 10 to 599000"));
            }
            Some(q)
        }
        Some(_) => return Err(CoreError::bad_field("threeYearCommit", "true, false or an object")),
    };
    let owner_flag = b.bool("linkedMembershipOwner")?;
    let member_flag = b.bool("linkedMembershipMember")?;
    let mut group_id = b.str("linkedMembershipGroupId")?.filter(|s| !s.is_empty()).map(str::to_string);
    let mut owner = owner_flag.then(|| (format!("{company_name} group"), "STANDARD".to_string()));
    if custom && let Some(lm) = b.get("linkedMembership") {
        let m = lm.as_object().ok_or_else(|| CoreError::bad_field("linkedMembership", "an object"))?;
        if let Some(g) = m.get("groupId").and_then(Value::as_str) {
            group_id = Some(g.trim().to_string());
        } else {
            let name = m.get("name").and_then(Value::as_str).unwrap_or(&company_name).trim().to_string();
            let kind = m.get("type").and_then(Value::as_str).unwrap_or("STANDARD");
            if !["STANDARD", "CONSORTIUM"].contains(&kind) {
                return Err(CoreError::bad_field("linkedMembership.type", "one of STANDARD, CONSORTIUM"));
            }
            owner = Some((name, kind.to_string()));
        }
    }
    let member_group =
        if member_flag || (custom && group_id.is_some() && owner.is_none()) {
            Some(group_id.ok_or_else(|| {
                CoreError::bad_field("linkedMembershipGroupId", "the group id of an owner membership")
            })?)
        } else {
            None
        };
    let hvd = match b.get("hvd") {
        None => None,
        Some(v) => {
            let m = v.as_object().ok_or_else(|| CoreError::bad_field("hvd", "an object {pricing, discountLevel}"))?;
            let pricing = m.get("pricing").and_then(Value::as_str).unwrap_or("PRE_DCLO");
            if !["PRE_DCLO", "POST_DCLO"].contains(&pricing) {
                return Err(CoreError::bad_field("hvd.pricing", "one of PRE_DCLO, POST_DCLO"));
            }
            let level = m.get("discountLevel").and_then(Value::as_str).unwrap_or("17");
            if !["17", "18"].contains(&level) {
                return Err(CoreError::bad_field("hvd.discountLevel", "one of 17, 18"));
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
        return Err(CoreError::bad_field(field, "false with 3YC or the other linked-membership role"));
    }
    if hvd.is_some() && segment == MarketSegment::Edu {
        return Err(CoreError::bad_field("hvd", "absent for EDU memberships"));
    }
    if lga {
        if segment != MarketSegment::Gov {
            return Err(CoreError::bad_field("enableLga", "false unless the market segment is GOV"));
        }
        if sub_segment.is_none() {
            return Err(CoreError::bad_field("marketSubSegment", "STATE or FEDERAL for an LGA membership"));
        }
        if hvd.is_some() {
            return Err(CoreError::bad_field("hvd", "absent for an LGA membership"));
        }
        if three_year_commit.is_some() {
            return Err(CoreError::bad_field("threeYearCommit", "false for an LGA membership"));
        }
        if worldwide {
            return Err(CoreError::bad_field("enableWorldwide", "false for an LGA membership"));
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
