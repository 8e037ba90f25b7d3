//! What a new membership is made of when the body does not say: its address, admin contact,
//! products, anniversaries, licence level, 3YC and items.

use chrono::{Duration, NaiveDate};

use super::documents::owner_of;
use super::options::Options;
use super::records::{Hvd, LinkedMembership, Membership, MembershipItem};
use crate::dates::add_years;
use crate::error::CoreResult;
use crate::ids::Sequence;
use crate::model::{Address, Commitment, Contact, MinimumQuantity, ThreeYearCommit};
use crate::reference::{self, MarketSegment, OfferType, Product};
use crate::service::{Ctx, levels};
use crate::store::Tx;

pub(super) fn default_address(country: &str) -> Address {
    if country == "US" {
        return crate::service::seed::address();
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
pub(super) fn candidate_products(
    segment: MarketSegment,
    country: &str,
    currency: &str,
    acrobat: bool,
) -> Vec<&'static Product> {
    let region = reference::country(country).map(|c| c.price_region.clone()).unwrap_or_default();
    reference::products()
        .iter()
        .filter(|p| p.segment == segment && p.offer_type == OfferType::License && !p.extra)
        .filter(|p| p.sold_in(&region, currency))
        .filter(|p| !acrobat || p.name.starts_with("Acrobat"))
        .collect()
}

/// Picks `n` products deterministically from the candidates, starting at a place derived from `seed`.
pub(super) fn pick(candidates: &[&'static Product], n: usize, seed: &str) -> Vec<&'static Product> {
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

pub(super) async fn new_membership(
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

pub(super) fn hvd_minimum(h: &Hvd) -> i64 {
    if h.discount_level == "18" { 100 } else { 50 }
}

/// Fills the items of a membership from products (quantities spread so that minimums hold).
pub(super) fn fill_items(
    m: &mut Membership,
    o: &Options,
    products: &[(&'static Product, Option<i64>, Option<NaiveDate>)],
) {
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
