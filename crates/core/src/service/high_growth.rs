//! High Growth Offers (MOQ, SPEC §4.15): Acrobat Pro offers at level `14` with a minimum order
//! quantity (variant `X` = `MOQ_100`, `Y` = `MOQ_250`, `Z` = `MOQ_500`).
//!
//! * A renewal preview proposes them (`eligibleOffers`) to customers holding Acrobat Pro or
//!   Standard, by seats: ≤ 50 → all three, ≤ 125 → 250 and 500, ≤ 250 → 500.
//! * Update Subscription opts in for the next term (`autoRenewal.renewalCode`, AD-7 … AD-3,
//!   `5123`–`5129`, `5132`); the renewal then buys the MOQ offer for at least its minimum.
//! * A NEW order may buy an MOQ offer mid-term (3YC customers, at least the minimum, `5131`); the
//!   highest MOQ bought wins the renewal, later seats are priced at the MOQ level.
//! * While an MOQ is in force, a return may not take the subscription below it (`5133`) and
//!   auto-renewal cannot be turned off (`5134`); the switch rules refuse MOQ subscriptions.

use chrono::{Duration, NaiveDate};

use super::Ctx;
use super::levels;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, EligibleOffer, MoqTerm, Subscription, moq_minimum, status};
use crate::reference::{self, Offer, Product};
use crate::settings::Profile;

/// The three offers: renewal code, offer-id variant, and the most seats a customer may hold to
/// be eligible for it.
const CODES: [(&str, char, i64); 3] = [("MOQ_100", 'X', 50), ("MOQ_250", 'Y', 125), ("MOQ_500", 'Z', 250)];

/// The only additional criterion Adobe lists.
pub const THREE_YEAR_COMMIT: &str = "THREE_YEAR_COMMIT";

/// The Update Subscription window for a renewal code: AD-7 … AD-3.
const OPT_IN_OPENS_DAYS: i64 = 7;
const OPT_IN_CLOSES_DAYS: i64 = 3;

/// Whether a product belongs to the High Growth group: Acrobat Pro and Acrobat Standard.
pub fn in_group(product: &Product) -> bool {
    product.name.starts_with("Acrobat Pro") || product.name.starts_with("Acrobat Standard")
}

/// The Acrobat Pro product the MOQ offers of a group product are for: itself for Acrobat Pro,
/// its switch target for Acrobat Standard.
fn pro_product(product: &'static Product) -> Option<&'static Product> {
    if product.name.starts_with("Acrobat Pro") {
        return Some(product);
    }
    if !in_group(product) {
        return None;
    }
    reference::switch_path(&product.key)?.targets.iter().map(|t| t.product).find(|p| p.name.starts_with("Acrobat Pro"))
}

/// The MOQ offer id of a product for a renewal code, if the catalogue has it.
pub fn offer_for(product_key: &str, code: &str) -> Option<String> {
    let (_, variant, _) = CODES.iter().find(|(c, _, _)| *c == code)?;
    let id = format!("{product_key}14{variant}12");
    reference::offer(&id).map(|o| o.id())
}

/// The renewal code of an MOQ offer (`…14X12` → `MOQ_100`), `None` for a standard offer.
pub fn code_of(offer: &Offer<'_>) -> Option<&'static str> {
    CODES.iter().find(|(_, v, _)| *v == offer.variant).map(|(c, _, _)| *c)
}

fn ceiling(code: &str) -> i64 {
    CODES.iter().find(|(c, _, _)| *c == code).map_or(0, |(_, _, max)| *max)
}

/// The higher of two renewal codes.
fn highest(a: Option<&str>, b: &str) -> String {
    match a {
        Some(a) if moq_minimum(a) >= moq_minimum(b) => a.to_string(),
        _ => b.to_string(),
    }
}

/// Seats the customer holds in the group (active Acrobat Pro and Standard licences).
fn group_seats(subs: &[Subscription]) -> i64 {
    subs.iter()
        .filter(|s| s.status == status::ACTIVE)
        .filter(|s| reference::product(&s.product_key).is_some_and(in_group))
        .map(|s| s.current_quantity)
        .sum()
}

/// Whether the customer has 3YC: a commitment in force, or an accepted request.
fn has_three_year_commit(customer: &Customer) -> bool {
    levels::has_commitment(customer)
        || customer
            .three_year_commit
            .as_ref()
            .and_then(|t| t.commitment_request.as_ref())
            .is_some_and(|r| r.status == "ACCEPTED")
}

/// The start of the customer's 3YC commitment, if one is in force.
fn commitment_start(customer: &Customer) -> Option<NaiveDate> {
    customer.three_year_commit.as_ref().and_then(|t| t.commitment.as_ref()).map(|c| c.start_date)
}

/// The `eligibleOffers` of a renewal preview (SPEC §4.15): for each Acrobat Pro or Standard
/// subscription, the MOQ offers its seats allow, whether or not the customer has 3YC.
pub fn eligible_offers(subs: &[Subscription]) -> Vec<EligibleOffer> {
    let seats = group_seats(subs);
    let mut out: Vec<EligibleOffer> = Vec::new();
    let held = subs.iter().filter(|s| matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED));
    for sub in held {
        let Some(pro) = reference::product(&sub.product_key).and_then(pro_product) else { continue };
        for (code, _, max) in CODES {
            let Some(offer_id) = offer_for(&pro.key, code).filter(|_| seats <= max) else { continue };
            if out.iter().any(|o| o.offer_id == offer_id && o.deployment_id == sub.deployment_id) {
                continue;
            }
            out.push(EligibleOffer {
                offer_id,
                renewal_code: code.to_string(),
                min_quantity: moq_minimum(code).unwrap_or(0),
                additional_criteria: vec![THREE_YEAR_COMMIT.to_string()],
                deployment_id: sub.deployment_id.clone(),
            });
        }
    }
    out
}

/// What an Update Subscription asks of a renewal code.
#[derive(Debug, Clone, Copy)]
pub struct OptIn<'a> {
    /// The code sent.
    pub code: &'a str,
    /// Auto-renewal after the update.
    pub enabled: bool,
    /// The explicit renewal quantity sent with it, if any.
    pub renewal_quantity: Option<i64>,
}

/// The renewal codes a subscription of `offer_id` can take (`MOQ_100`, `MOQ_250`, `MOQ_500`), none
/// unless [`takes_renewal_code`].
pub fn renewal_codes(offer_id: &str) -> Vec<&'static str> {
    if takes_renewal_code(offer_id) { CODES.iter().map(|(code, _, _)| *code).collect() } else { Vec::new() }
}

/// Whether a subscription of `offer_id` can take a renewal code: an Acrobat Pro group product
/// whose MOQ offers the catalogue has.
pub fn takes_renewal_code(offer_id: &str) -> bool {
    reference::offer(offer_id)
        .and_then(|o| pro_product(o.product))
        .is_some_and(|p| offer_for(&p.key, "MOQ_100").is_some())
}

/// The checks a renewal code keeps in the portal's subscription Edit (SPEC §5.7, §4.15): a known
/// code (`5123`) for a subscription of the Acrobat Pro group that keeps renewing (`5125`). The
/// portal is authoritative, so the window, 3YC and seat rules of [`check_opt_in`] do not apply.
pub fn check_portal_code(sub: &Subscription, code: &str, enabled: bool) -> CoreResult<()> {
    let field = "renewalCode";
    if moq_minimum(code).is_none() {
        return Err(CoreError::detail(ErrorCode::MoqInvalidCode, field));
    }
    let product = reference::product(&sub.product_key).and_then(pro_product);
    if !enabled || product.and_then(|p| offer_for(&p.key, code)).is_none() {
        return Err(CoreError::detail(ErrorCode::MoqInvalidRequest, field));
    }
    Ok(())
}

/// Checks `autoRenewal.renewalCode` of an Update Subscription (E22): a known code (`5123`), a
/// subscription of the group that keeps renewing (`5125`), a 3YC customer (`5128`), the AD-7 …
/// AD-3 window (`5127`), not the MOQ of an earlier 3YC term again (`5132`), at most the seats the
/// code allows (`5126`), a renewal quantity reaching the minimum (`5124`) and, in production, a
/// 3YC minimum commit reaching it (`5129`).
pub fn check_opt_in(
    ctx: &Ctx<'_>,
    customer: &Customer,
    subs: &[Subscription],
    sub: &Subscription,
    ask: OptIn<'_>,
) -> CoreResult<()> {
    let field = "autoRenewal.renewalCode";
    let Some(minimum) = moq_minimum(ask.code) else {
        return Err(CoreError::detail(ErrorCode::MoqInvalidCode, field));
    };
    let product = reference::product(&sub.product_key).and_then(pro_product);
    if !ask.enabled || product.and_then(|p| offer_for(&p.key, ask.code)).is_none() {
        return Err(CoreError::detail(ErrorCode::MoqInvalidRequest, field));
    }
    if !has_three_year_commit(customer) {
        return Err(CoreError::detail(ErrorCode::MoqRegularCustomer, field));
    }
    let today = ctx.now.date_naive();
    if let Some(ad) = sub.renewal_date.or(customer.coterm_date) {
        let (opens, closes) = (ad - Duration::days(OPT_IN_OPENS_DAYS), ad - Duration::days(OPT_IN_CLOSES_DAYS));
        if today < opens || today > closes {
            return Err(CoreError::detail(
                ErrorCode::MoqOutsidePeriod,
                format!("a renewal code is accepted from {opens} to {closes} (anniversary {ad})"),
            ));
        }
    }
    if sub.moq.as_ref().is_some_and(|m| m.code == ask.code && m.commitment_start != commitment_start(customer)) {
        return Err(CoreError::detail(ErrorCode::MoqNotForTerm, field));
    }
    if group_seats(subs) > ceiling(ask.code) {
        return Err(CoreError::detail(ErrorCode::MoqCurrentQuantity, field));
    }
    if ask.renewal_quantity.is_some_and(|q| q < minimum) {
        return Err(CoreError::detail(ErrorCode::MoqRenewalQuantity, "autoRenewal.renewalQuantity"));
    }
    if ctx.settings.profile == Profile::Production
        && super::three_year_commit::committed_minimum(customer, reference::OfferType::License)
            .is_some_and(|m| m < minimum)
    {
        return Err(CoreError::detail(ErrorCode::MoqCommittedQuantity, field));
    }
    Ok(())
}

/// Whether auto-renewal may be turned off: not while a renewal code is opted or an MOQ is in
/// force (`5134`).
pub fn check_disable(sub: &Subscription) -> CoreResult<()> {
    if sub.renewal_code.is_some() || sub.moq.is_some() {
        return Err(CoreError::code(ErrorCode::MoqAutoRenewalOff));
    }
    Ok(())
}

/// Checks a mid-term purchase line of an MOQ offer (NEW, PREVIEW, Create Subscription): an
/// Acrobat Pro product and a 3YC customer (`2129`), and at least the offer's minimum unless the
/// subscription already has that MOQ or a higher one in force (`5131`).
pub fn check_purchase(
    customer: &Customer,
    subs: &[Subscription],
    offer: &Offer<'static>,
    quantity: i64,
    deployment_id: Option<&str>,
    detail: &str,
) -> CoreResult<()> {
    let Some(code) = code_of(offer) else { return Ok(()) };
    let minimum = moq_minimum(code).unwrap_or(0);
    if pro_product(offer.product).is_none_or(|p| p.key != offer.product.key) || !has_three_year_commit(customer) {
        return Err(CoreError::with_details(
            ErrorCode::NotEligible,
            vec![format!("{detail}, Reason: CUSTOMER_NOT_ELIGIBLE_FOR_PURCHASE")],
        ));
    }
    let held = in_force(subs, &offer.product.key, deployment_id).and_then(|m| moq_minimum(&m.code)).unwrap_or(0);
    if quantity < minimum && held < minimum {
        return Err(CoreError::detail(ErrorCode::MoqOrderQuantity, detail.to_string()));
    }
    Ok(())
}

/// The MOQ in force on the customer's subscription of a product, if any.
fn in_force<'a>(subs: &'a [Subscription], product_key: &str, deployment_id: Option<&str>) -> Option<&'a MoqTerm> {
    subs.iter()
        .filter(|s| s.status == status::ACTIVE && s.product_key == product_key)
        .find(|s| s.deployment_id.as_deref() == deployment_id)
        .and_then(|s| s.moq.as_ref())
}

/// The offer a standard purchase line of a product becomes while an MOQ is in force on the
/// customer's subscription of it: seats added later are priced at the MOQ level.
pub fn added_seats_offer(subs: &[Subscription], product_key: &str, deployment_id: Option<&str>) -> Option<String> {
    in_force(subs, product_key, deployment_id).and_then(|m| offer_for(product_key, &m.code))
}

/// Applies a completed mid-term MOQ purchase to its subscription: the highest MOQ bought is in
/// force and renews, with a renewal quantity of at least its minimum (SPEC §4.15).
pub fn apply_purchase(customer: &Customer, sub: &mut Subscription, offer_id: &str) {
    let Some(code) = reference::offer(offer_id).as_ref().and_then(code_of) else { return };
    let minimum = moq_minimum(code).unwrap_or(0);
    let force = highest(sub.moq.as_ref().map(|m| m.code.as_str()), code);
    sub.moq = Some(MoqTerm { code: force, commitment_start: commitment_start(customer) });
    sub.renewal_code = Some(highest(sub.renewal_code.as_deref(), code));
    let renewal_minimum = sub.renewal_code_minimum().unwrap_or(minimum);
    sub.renewal_quantity = Some(sub.renewal_quantity.unwrap_or(0).max(renewal_minimum));
    sub.auto_renewal_enabled = true;
}

/// The offer a renewal line buys for a subscription with a renewal code.
pub fn renewal_offer(sub: &Subscription) -> Option<String> {
    offer_for(&sub.product_key, sub.renewal_code.as_deref()?)
}

/// After a completed renewal: the MOQ renewed at is in force for the new term (and keeps
/// renewing until it is reset); a standard renewal ends any MOQ.
pub fn apply_renewal(customer: &Customer, sub: &mut Subscription, offer_id: &str) {
    let code = reference::offer(offer_id).as_ref().and_then(code_of);
    sub.moq = code.map(|c| MoqTerm { code: c.to_string(), commitment_start: commitment_start(customer) });
}

/// A return may not take a subscription with an MOQ in force below its minimum (`5133`).
pub fn check_return(sub: &Subscription, quantity: i64, detail: &str) -> CoreResult<()> {
    let minimum = sub.moq.as_ref().and_then(|m| moq_minimum(&m.code)).unwrap_or(0);
    if minimum > 0 && sub.current_quantity - quantity < minimum {
        return Err(CoreError::detail(ErrorCode::MoqBelowMinimum, detail.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{Commitment, Distributor, MinimumQuantity, ThreeYearCommit};
    use crate::settings::Settings;

    fn acrobat(customer: &Customer, renewal_date: NaiveDate, seats: i64) -> Subscription {
        Subscription {
            renewal_date: Some(renewal_date),
            ..Subscription::new_active(
                "S1".into(),
                &customer.distributor_id,
                &customer.id,
                "65304520CA",
                seats,
                customer.created_at,
            )
        }
    }

    /// `5129` guards the 3YC minimum commit in the production profile only; the sandbox ignores
    /// it, as it does the other 3YC minimum checks (SPEC §4.15, §4.22).
    #[test]
    fn a_minimum_commit_below_the_moq_is_5129_in_production_only() {
        let now = Utc.with_ymd_and_hms(2027, 3, 5, 12, 0, 0).single().expect("instant");
        let distributor = Distributor::standard("5000000001");
        let mut settings = Settings::default();
        let ctx = Ctx { settings: &settings, now, distributor: &distributor };
        let mut customer = super::super::orders::placeholder_customer(&ctx, "1005550001");
        let minimum = |quantity| vec![MinimumQuantity { offer_type: reference::OfferType::License, quantity }];
        let start = NaiveDate::from_ymd_opt(2026, 3, 10).expect("date");
        let commitment = |quantity| Commitment {
            start_date: start,
            end_date: start + Duration::days(3 * 365),
            status: "COMMITTED".into(),
            minimum_quantities: minimum(quantity),
        };
        customer.three_year_commit = Some(ThreeYearCommit {
            commitment: Some(commitment(20)),
            commitment_request: None,
            recommitment_request: None,
        });
        let sub = acrobat(&customer, NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"), 20);
        let ask = OptIn { code: "MOQ_100", enabled: true, renewal_quantity: Some(100) };
        let subs = [sub.clone()];
        assert!(check_opt_in(&ctx, &customer, &subs, &sub, ask).is_ok(), "the sandbox ignores the minimum commit");

        settings.profile = Profile::Production;
        let ctx = Ctx { settings: &settings, now, distributor: &distributor };
        let refused = check_opt_in(&ctx, &customer, &subs, &sub, ask).expect_err("20 < 100 in production");
        assert!(matches!(refused, CoreError::Adobe { code: ErrorCode::MoqCommittedQuantity, .. }), "{refused:?}");
        customer.three_year_commit.as_mut().expect("3YC").commitment = Some(commitment(100));
        assert!(check_opt_in(&ctx, &customer, &subs, &sub, ask).is_ok(), "a commit of 100 reaches MOQ_100");
    }
}
