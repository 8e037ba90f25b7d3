//! Customers: create (E7), update (E9) and the portal's edits of status, cotermDate and
//! global sales (§5.4.2, §5.4.3, §5.4.6).

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{Ctx, linked_memberships, portal_dates, three_year_commit};
use crate::dates::{self, add_years};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, index, join};
use crate::model::{Commitment, Customer, CustomerProfile, Discount, MinimumQuantity, ThreeYearCommit, status};
use crate::reference::{MarketSegment, OfferType};
use crate::store::Tx;
use crate::validate;

const READ_ONLY: &[&str] = &["customerId", "status", "creationDate", "links", "discounts", "tags", "linkedMembership"];
const PROFILE_KEYS: &[&str] =
    &["companyName", "preferredLanguage", "marketSegment", "marketSubSegments", "address", "contacts"];
const BENEFIT_KEYS: &[&str] = &["type", "commitment", "commitmentRequest", "recommitmentRequest", "status"];

struct ProfileIn {
    company_name: Option<String>,
    preferred_language: Option<String>,
    market_segment: Option<MarketSegment>,
    market_sub_segments: Option<Vec<String>>,
    address: Option<crate::model::Address>,
    contacts: Option<Vec<crate::model::Contact>>,
}

fn read_profile(p: &mut Problems, prof: &Map<String, Value>, ctx: &Ctx<'_>, creating: bool) -> ProfileIn {
    let path = "companyProfile";
    let company_name = p.req_str(prof, path, "companyName");
    if let Some(name) = &company_name {
        validate::company_name(p, name, &join(path, "companyName"));
    }
    let preferred_language = p.req_str(prof, path, "preferredLanguage");
    if let Some(lang) = &preferred_language {
        validate::preferred_language(p, lang, &join(path, "preferredLanguage"));
    }
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
struct BenefitsIn {
    commitment_request: Option<Vec<MinimumQuantity>>,
    recommitment_request: Option<Vec<MinimumQuantity>>,
    lga: bool,
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

fn read_benefits(p: &mut Problems, map: &Map<String, Value>) -> BenefitsIn {
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

fn check_minimums(minimums: &[MinimumQuantity]) -> CoreResult<()> {
    for m in minimums {
        let floor = match m.offer_type {
            OfferType::License => 10,
            OfferType::Consumables => 1000,
        };
        if m.quantity < floor {
            return Err(CoreError::detail(ErrorCode::InvalidMinimumQuantity, "minimumQuantities"));
        }
    }
    Ok(())
}

/// The 3YC end date for an acceptance on `accepted` (SPEC §4.7.5).
pub fn commitment_end(coterm: Option<NaiveDate>, accepted: NaiveDate) -> NaiveDate {
    let day = chrono::Duration::days(1);
    match coterm {
        None => add_years(accepted, 3) - day,
        Some(ad) if accepted >= ad - chrono::Duration::days(30) && accepted < ad => add_years(ad, 3) - day,
        Some(ad) => add_years(ad, 2) - day,
    }
}

fn request(minimums: Vec<MinimumQuantity>, customer_coterm: Option<NaiveDate>, today: NaiveDate) -> Commitment {
    Commitment {
        start_date: today,
        end_date: commitment_end(customer_coterm, today),
        status: "REQUESTED".into(),
        minimum_quantities: minimums,
    }
}

async fn check_global_sales(tx: &mut dyn Tx, ctx: &Ctx<'_>, customer: &Customer, enable: bool) -> CoreResult<()> {
    if !enable {
        let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
        if subs.iter().any(|s| s.deployment_id.is_some() && s.status == status::ACTIVE) {
            return Err(CoreError::detail(ErrorCode::NotEditable, "globalSalesEnabled"));
        }
        return Ok(());
    }
    if !ctx.distributor.global_sales_enabled {
        return Err(CoreError::code(ErrorCode::PartnerNotGlobal));
    }
    if customer.profile.market_segment != MarketSegment::Com {
        return Err(CoreError::code(ErrorCode::SegmentNotGlobal));
    }
    let reseller = tx.reseller(&customer.distributor_id, &customer.reseller_id).await?;
    if !reseller.is_some_and(|r| r.profile.market_segments.contains(&MarketSegment::Com)) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "globalSalesEnabled"));
    }
    Ok(())
}

fn check_coterm_on_create(
    raw: &str,
    segment: MarketSegment,
    lga: bool,
    today: NaiveDate,
) -> CoreResult<Option<NaiveDate>> {
    if raw.is_empty() {
        return Ok(None);
    }
    let invalid = || CoreError::detail(ErrorCode::InvalidFields, "cotermDate");
    let date = dates::parse_date(raw).ok_or_else(invalid)?;
    if lga {
        let max = today.checked_add_months(chrono::Months::new(23)).ok_or_else(invalid)?;
        if date <= today || date > max {
            return Err(CoreError::message(
                ErrorCode::InvalidFields,
                ErrorCode::InvalidFields.message(),
                vec!["Invalid coterm date for Large Government Agency".into()],
            ));
        }
        return Ok(Some(date));
    }
    let max_years = if segment == MarketSegment::Edu { 4 } else { 3 };
    if date <= add_years(today, 1) || date > add_years(today, max_years) {
        return Err(invalid());
    }
    Ok(Some(date))
}

/// Creates a customer; returns the record as the response shows it (status `1002`).
pub async fn create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Customer> {
    let mut p = Problems::new();
    let mut known =
        vec!["resellerId", "externalReferenceId", "companyProfile", "cotermDate", "benefits", "globalSalesEnabled"];
    known.extend_from_slice(READ_ONLY);
    let Some(map) = p.object(body, "", &known) else {
        p.finish()?;
        return Err(CoreError::code(ErrorCode::InvalidFields));
    };
    let reseller_id = p.req_str(map, "", "resellerId");
    if reseller_id.as_deref().is_some_and(|r| !validate::account_id_ok(r)) {
        p.invalid("resellerId".into());
    }
    let ext_ref = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
    validate::external_reference(&mut p, &ext_ref, "externalReferenceId", 35);
    let profile = p
        .req_value(map, "", "companyProfile")
        .and_then(|v| p.object(v, "companyProfile", PROFILE_KEYS))
        .map(|prof| read_profile(&mut p, prof, ctx, true));
    let coterm_raw = p.opt_str(map, "", "cotermDate").unwrap_or_default();
    let benefits = read_benefits(&mut p, map);
    let global = p.opt_bool(map, "", "globalSalesEnabled").unwrap_or(false);
    p.finish()?;
    let (Some(reseller_id), Some(profile)) = (reseller_id, profile) else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    let (Some(company_name), Some(preferred_language), Some(address), Some(contacts)) =
        (profile.company_name, profile.preferred_language, profile.address, profile.contacts)
    else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    let reseller = tx
        .reseller(&ctx.distributor.id, &reseller_id)
        .await?
        .ok_or_else(|| CoreError::detail(ErrorCode::InvalidReseller, "resellerId"))?;
    if !matches!(reseller.status.as_str(), status::ACTIVE | status::PENDING) {
        return Err(CoreError::code(ErrorCode::ResellerInactive));
    }
    let segment = profile.market_segment.unwrap_or(MarketSegment::Com);
    if !reseller.profile.market_segments.contains(&segment) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "companyProfile.marketSegment"));
    }
    let mut sub_segments = Vec::new();
    if benefits.lga {
        if benefits.commitment_request.is_some() {
            return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
        }
        if !ctx.distributor.lga_enabled {
            return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
        }
        if segment != MarketSegment::Gov {
            return Err(CoreError::code(ErrorCode::LgaSegment));
        }
        if !matches!(address.country.as_str(), "US" | "CA") {
            return Err(CoreError::code(ErrorCode::LgaCountry));
        }
        match profile.market_sub_segments.as_deref() {
            Some([s]) if s == "FEDERAL" || s == "STATE" => sub_segments = vec![s.clone()],
            _ => return Err(CoreError::code(ErrorCode::LgaSubSegment)),
        }
    }
    let today = ctx.now.date_naive();
    let coterm_date = check_coterm_on_create(&coterm_raw, segment, benefits.lga, today)?;
    let three_year_commit = match benefits.commitment_request {
        Some(minimums) => {
            check_minimums(&minimums)?;
            Some(ThreeYearCommit {
                commitment_request: Some(request(minimums, coterm_date, today)),
                ..Default::default()
            })
        }
        None => None,
    };
    let delay = ctx.settings.customer_activation_delay_secs;
    let mut customer = Customer {
        id: String::new(),
        distributor_id: ctx.distributor.id.clone(),
        reseller_id: reseller.id.clone(),
        external_reference_id: ext_ref,
        profile: CustomerProfile {
            company_name,
            preferred_language,
            market_segment: segment,
            market_sub_segments: sub_segments,
            address,
            contacts,
        },
        status: status::PENDING.into(),
        global_sales_enabled: false,
        discounts: vec![Discount { offer_type: OfferType::License, level: "01".into(), discount_code: None }],
        tags: Vec::new(),
        coterm_date,
        created_at: ctx.now,
        three_year_commit,
        lga_status: benefits.lga.then(|| "ACTIVE".to_string()),
        activate_at: Some(ctx.now + chrono::Duration::seconds(delay)),
        recommendation_leads: Vec::new(),
        purchase_authorizations: Vec::new(),
        linked_membership: None,
        deployments: Vec::new(),
        reseller_transfers: Vec::new(),
        open_manual_renewal: None,
    };
    if global {
        check_global_sales(tx, ctx, &customer, true).await?;
        customer.global_sales_enabled = true;
    }
    customer.id = tx.next_id(Sequence::Customer).await?.to_string();
    let view = customer.clone();
    customer.profile.contacts =
        super::contacts::stored(tx, &customer.distributor_id, &customer.profile.contacts).await?;
    if ctx.settings.inline(delay) {
        customer.status = status::ACTIVE.into();
        customer.activate_at = None;
    }
    tx.put_customer(&customer).await?;
    Ok(view)
}

/// Updates a customer (E9).
pub async fn update(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, body: &Value) -> CoreResult<Customer> {
    let mut customer =
        tx.customer(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::InvalidCustomer))?;
    let mut p = Problems::new();
    let mut known =
        vec!["externalReferenceId", "companyProfile", "benefits", "globalSalesEnabled", "resellerId", "cotermDate"];
    known.extend_from_slice(READ_ONLY);
    let Some(map) = p.object(body, "", &known) else {
        p.finish()?;
        return Err(CoreError::code(ErrorCode::InvalidFields));
    };
    let ext_ref = p.opt_str(map, "", "externalReferenceId");
    if let Some(e) = &ext_ref {
        validate::external_reference(&mut p, e, "externalReferenceId", 35);
    }
    let profile = match map.get("companyProfile").filter(|v| !v.is_null()) {
        Some(v) => p.object(v, "companyProfile", PROFILE_KEYS).map(|prof| read_profile(&mut p, prof, ctx, false)),
        None => None,
    };
    let benefits = read_benefits(&mut p, map);
    let global = p.opt_bool(map, "", "globalSalesEnabled");
    let link = linked_memberships::read_request(&mut p, map);
    p.finish()?;
    if customer.status == status::PENDING || customer.status == status::BLOCKED {
        return Err(CoreError::code(ErrorCode::AccountPendingOrBlocked));
    }
    let converting = benefits.lga && customer.lga_status.is_none();
    let mut lga_sub_segments = None;
    if let Some(profile) = profile {
        let mut not_editable = Vec::new();
        if profile.company_name.as_deref() != Some(customer.profile.company_name.as_str()) {
            not_editable.push("companyProfile.companyName".to_string());
        }
        if let Some(address) = &profile.address {
            if address.country != customer.profile.address.country {
                not_editable.push("companyProfile.address.country".to_string());
            }
            if address.region != customer.profile.address.region {
                not_editable.push("companyProfile.address.region".to_string());
            }
        }
        if let Some(subs) = &profile.market_sub_segments
            && *subs != customer.profile.market_sub_segments
        {
            if converting {
                lga_sub_segments = Some(subs.clone());
            } else {
                not_editable.push("companyProfile.marketSubSegments".to_string());
            }
        }
        if let Some(segment) = profile.market_segment.filter(|s| *s != customer.profile.market_segment) {
            let subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
            if subs.iter().any(|s| s.status == status::ACTIVE) {
                not_editable.push("companyProfile.marketSegment".to_string());
            } else if customer.lga_status.is_some() {
                return Err(CoreError::code(ErrorCode::LgaSegment));
            } else {
                let reseller = tx.reseller(&customer.distributor_id, &customer.reseller_id).await?;
                if !reseller.is_some_and(|r| r.profile.market_segments.contains(&segment)) {
                    return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "companyProfile.marketSegment"));
                }
                customer.profile.market_segment = segment;
            }
        }
        if !not_editable.is_empty() {
            return Err(CoreError::with_details(ErrorCode::NotEditable, not_editable));
        }
        if let Some(lang) = profile.preferred_language {
            customer.profile.preferred_language = lang;
        }
        if let Some(address) = profile.address {
            customer.profile.address = address;
        }
        if let Some(contacts) = profile.contacts.filter(|c| !c.is_empty()) {
            customer.profile.contacts = contacts;
        }
    }
    if let Some(enable) = global {
        check_global_sales(tx, ctx, &customer, enable).await?;
        customer.global_sales_enabled = enable;
    }
    if converting {
        convert_to_lga(ctx, &mut customer, lga_sub_segments, benefits.commitment_request.is_some())?;
    }
    let excluded = linked_memberships::in_group(&customer) || customer.lga_status.is_some();
    if excluded && benefits.commitment_request.is_some() {
        return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
    }
    apply_three_year_commit_request(&mut customer, benefits, ctx.now.date_naive())?;
    if let Some(request) = link {
        linked_memberships::apply_request(tx, ctx, &mut customer, request).await?;
    }
    if let Some(e) = ext_ref {
        customer.external_reference_id = e;
    }
    let response = customer.clone();
    customer.profile.contacts =
        super::contacts::stored(tx, &customer.distributor_id, &customer.profile.contacts).await?;
    tx.put_customer(&customer).await?;
    Ok(response)
}

/// The LGA conversion of an existing customer (SPEC §4.17, E9): an LGA distributor (`1164`), a GOV
/// customer (`1163`) in the US or Canada (`1167`) with the sub-segment `FEDERAL` or `STATE`, sent
/// or stored (`1168`), no 3YC (`1147`), no linked membership and in the 30 days before its
/// anniversary (`1117`). The benefit is `PENDING_UPGRADE` until the anniversary's renewal.
fn convert_to_lga(
    ctx: &Ctx<'_>,
    customer: &mut Customer,
    sub_segments: Option<Vec<String>>,
    requests_3yc: bool,
) -> CoreResult<()> {
    if !ctx.distributor.lga_enabled {
        return Err(CoreError::code(ErrorCode::LgaNotEnabledForPartner));
    }
    if customer.profile.market_segment != MarketSegment::Gov {
        return Err(CoreError::code(ErrorCode::LgaSegment));
    }
    if !matches!(customer.profile.address.country.as_str(), "US" | "CA") {
        return Err(CoreError::code(ErrorCode::LgaCountry));
    }
    let sub_segments = sub_segments.unwrap_or_else(|| customer.profile.market_sub_segments.clone());
    if !matches!(sub_segments.as_slice(), [s] if s == "FEDERAL" || s == "STATE") {
        return Err(CoreError::code(ErrorCode::LgaSubSegment));
    }
    if requests_3yc || three_year_commit::has_three_year_commit(customer) {
        return Err(CoreError::code(ErrorCode::ThreeYcNotAllowed));
    }
    let refuse =
        |why: &str| CoreError::message(ErrorCode::InvalidFields, ErrorCode::InvalidFields.message(), vec![why.into()]);
    if linked_memberships::in_group(customer) {
        return Err(refuse("A customer in a linked membership cannot become a Large Government Agency"));
    }
    let today = ctx.now.date_naive();
    let in_window = customer.coterm_date.is_some_and(|ad| today >= ad - chrono::Duration::days(30) && today < ad);
    if !in_window {
        return Err(refuse(
            "Large Government Agency conversion is allowed only in the 30 days before the anniversary date",
        ));
    }
    customer.profile.market_sub_segments = sub_segments;
    customer.lga_status = Some(LGA_PENDING_UPGRADE.into());
    Ok(())
}

/// The LGA benefit status of a converted customer until its anniversary (SPEC §4.17).
pub const LGA_PENDING_UPGRADE: &str = "PENDING_UPGRADE";

fn apply_three_year_commit_request(customer: &mut Customer, benefits: BenefitsIn, today: NaiveDate) -> CoreResult<()> {
    match (benefits.commitment_request, benefits.recommitment_request) {
        (Some(_), Some(_)) => Err(CoreError::detail(ErrorCode::InvalidFields, "benefits")),
        (Some(minimums), None) => {
            check_minimums(&minimums)?;
            let coterm = customer.coterm_date;
            let tyc = customer.three_year_commit.get_or_insert_with(ThreeYearCommit::default);
            if tyc.recommitment_request.is_some() {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            }
            tyc.commitment_request = Some(request(minimums, coterm, today));
            Ok(())
        }
        (None, Some(minimums)) => {
            check_minimums(&minimums)?;
            let tyc = customer.three_year_commit.get_or_insert_with(ThreeYearCommit::default);
            let Some(c) = tyc.commitment.as_ref().filter(|c| matches!(c.status.as_str(), "COMMITTED" | "ACTIVE"))
            else {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            };
            if today < c.end_date - chrono::Duration::days(30) || today > c.end_date {
                return Err(CoreError::detail(ErrorCode::InvalidFields, "benefits"));
            }
            let start = c.end_date + chrono::Duration::days(1);
            tyc.recommitment_request = Some(Commitment {
                start_date: start,
                end_date: add_years(start, 3) - chrono::Duration::days(1),
                status: "REQUESTED".into(),
                minimum_quantities: minimums,
            });
            Ok(())
        }
        (None, None) => Ok(()),
    }
}

/// The statuses the portal may set on a customer.
pub const PORTAL_STATUSES: [&str; 5] =
    [status::ACTIVE, status::INACTIVE, status::INVALID_ADDRESS, status::BLOCKED, status::FAILED_CUSTOMER];

/// A portal edit of a customer (§5.4.2, §5.4.3, §5.4.6).
#[derive(Debug, Default, Clone)]
pub struct PortalEdit {
    /// New status.
    pub status: Option<String>,
    /// New cotermDate (`""` clears it).
    pub coterm_date: Option<String>,
    /// New global sales flag.
    pub global_sales_enabled: Option<bool>,
    /// New market sub-segments (§5.4.9): one of the customer's segment.
    pub market_sub_segments: Option<Vec<String>>,
}

/// The market sub-segments the portal offers for a segment (§5.4.9): GOV `STATE`/`FEDERAL`, EDU
/// `K_12`/`HIGHER_ED`/`NON_PROFIT`; COM has none.
pub fn sub_segments(segment: MarketSegment) -> &'static [&'static str] {
    match segment {
        MarketSegment::Gov => &["STATE", "FEDERAL"],
        MarketSegment::Edu => &["K_12", "HIGHER_ED", "NON_PROFIT"],
        _ => &[],
    }
}

/// Applies a portal edit: everything is checked first, then applied together.
pub async fn portal_edit(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, edit: PortalEdit) -> CoreResult<Customer> {
    let mut customer =
        tx.customer(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if let Some(s) = &edit.status
        && !PORTAL_STATUSES.contains(&s.as_str())
    {
        return Err(CoreError::bad_field("status", format!("one of {}", PORTAL_STATUSES.join(", "))));
    }
    let mut subs = tx.subscriptions_of(&customer.distributor_id, &customer.id).await?;
    let coterm = match edit.coterm_date.as_deref().map(str::trim) {
        None => None,
        Some("") if subs.is_empty() => Some(None),
        Some("") => {
            return Err(CoreError::bad_field("cotermDate", "a date (it is cleared only without subscriptions)"));
        }
        Some(raw) => {
            let date = portal_dates::date("cotermDate", raw)?;
            portal_dates::check_coterm(date, ctx.now.date_naive())?;
            Some(Some(date))
        }
    };
    if let Some(chosen) = &edit.market_sub_segments {
        let allowed = sub_segments(customer.profile.market_segment);
        if allowed.is_empty() {
            return Err(CoreError::bad_field(
                "marketSubSegments",
                "absent: only GOV and EDU customers have sub-segments",
            ));
        }
        if chosen.len() != 1 || !allowed.contains(&chosen[0].as_str()) {
            return Err(CoreError::bad_field("marketSubSegments", format!("one of {}", allowed.join(", "))));
        }
    }
    if let Some(enable) = edit.global_sales_enabled {
        check_global_sales(tx, ctx, &customer, enable).await?;
        customer.global_sales_enabled = enable;
    }
    if let Some(chosen) = edit.market_sub_segments {
        customer.profile.market_sub_segments = chosen;
    }
    if let Some(s) = edit.status {
        customer.status = s;
        customer.activate_at = None;
    }
    if let Some(date) = coterm {
        customer.coterm_date = date;
        if let Some(date) = date {
            for sub in subs.iter_mut().filter(|s| matches!(s.status.as_str(), status::ACTIVE | status::SCHEDULED)) {
                sub.renewal_date = Some(date);
                sub.last_processed_renewal_date = None;
                tx.put_subscription(sub).await?;
            }
        }
    }
    tx.put_customer(&customer).await?;
    Ok(customer)
}
