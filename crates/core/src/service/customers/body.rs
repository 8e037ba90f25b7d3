//! Reading the customer bodies of E7 and E9: the company profile and the benefits.

use serde_json::{Map, Value};

use crate::input::{Problems, index, join};
use crate::model::{Address, Contact, MinimumQuantity};
use crate::reference::{MarketSegment, OfferType};
use crate::service::Ctx;
use crate::validate;

pub(super) const READ_ONLY: &[&str] =
    &["customerId", "status", "creationDate", "links", "discounts", "tags", "linkedMembership"];
pub(super) const PROFILE_KEYS: &[&str] =
    &["companyName", "preferredLanguage", "marketSegment", "marketSubSegments", "address", "contacts"];
pub(super) const BENEFIT_KEYS: &[&str] = &["type", "commitment", "commitmentRequest", "recommitmentRequest", "status"];

pub(super) struct ProfileIn {
    pub(super) company_name: Option<String>,
    pub(super) preferred_language: Option<String>,
    pub(super) market_segment: Option<MarketSegment>,
    pub(super) market_sub_segments: Option<Vec<String>>,
    pub(super) address: Option<Address>,
    pub(super) contacts: Option<Vec<Contact>>,
}

pub(super) fn read_profile(p: &mut Problems, prof: &Map<String, Value>, ctx: &Ctx<'_>, creating: bool) -> ProfileIn {
    let path = "companyProfile";
    let (company_name, preferred_language) = validate::profile_names(p, prof, path);
    let market_segment = p.opt_str(prof, path, "marketSegment").and_then(|s| {
        let seg = MarketSegment::parse(&s);
        if seg.is_none() {
            p.invalid(join(path, "marketSegment"));
        }
        seg
    });
    let market_sub_segments = p.opt_str_array(prof, path, "marketSubSegments");
    let address = p
        .req_value(prof, path, "address")
        .and_then(|a| validate::address(p, a, &join(path, "address"), ctx.distributor, false));
    let contacts = validate::contacts(p, prof, path, creating);
    ProfileIn { company_name, preferred_language, market_segment, market_sub_segments, address, contacts }
}

/// A requested 3YC change read from `benefits`.
#[derive(Debug, Default)]
pub(super) struct BenefitsIn {
    pub(super) commitment_request: Option<Vec<MinimumQuantity>>,
    pub(super) recommitment_request: Option<Vec<MinimumQuantity>>,
    pub(super) lga: bool,
}

fn read_minimums(p: &mut Problems, value: &Value, path: &str) -> Option<Vec<MinimumQuantity>> {
    let obj = p.object(value, path, &["minimumQuantities", "startDate", "endDate", "status"])?;
    let list_path = join(path, "minimumQuantities");
    let Some(items) = p.opt_array(obj, path, "minimumQuantities") else {
        p.missing(list_path);
        return None;
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = index(&list_path, i);
        let Some(m) = p.object(item, &ipath, &["offerType", "quantity"]) else { continue };
        let offer_type = p.req_str(m, &ipath, "offerType").and_then(|t| {
            let parsed = OfferType::parse(&t);
            if parsed.is_none() {
                p.invalid(join(&ipath, "offerType"));
            }
            parsed
        });
        let quantity = p.req_int(m, &ipath, "quantity");
        if let (Some(offer_type), Some(quantity)) = (offer_type, quantity) {
            if out.iter().any(|o: &MinimumQuantity| o.offer_type == offer_type) {
                p.invalid(join(&ipath, "offerType"));
            }
            out.push(MinimumQuantity { offer_type, quantity });
        }
    }
    if items.is_empty() {
        p.invalid(list_path);
    }
    Some(out)
}

pub(super) fn read_benefits(p: &mut Problems, map: &Map<String, Value>) -> BenefitsIn {
    let mut out = BenefitsIn::default();
    let Some(items) = p.opt_array(map, "", "benefits") else { return out };
    for (i, item) in items.iter().enumerate() {
        let path = index("benefits", i);
        let Some(b) = p.object(item, &path, BENEFIT_KEYS) else { continue };
        match p.req_str(b, &path, "type").as_deref() {
            Some("THREE_YEAR_COMMIT") => {
                if let Some(v) = b.get("commitmentRequest").filter(|v| !v.is_null()) {
                    out.commitment_request = read_minimums(p, v, &join(&path, "commitmentRequest"));
                }
                if let Some(v) = b.get("recommitmentRequest").filter(|v| !v.is_null()) {
                    out.recommitment_request = read_minimums(p, v, &join(&path, "recommitmentRequest"));
                }
            }
            Some("LARGE_GOVERNMENT_AGENCY") => out.lga = true,
            Some(_) => p.invalid(join(&path, "type")),
            None => {}
        }
    }
    out
}
