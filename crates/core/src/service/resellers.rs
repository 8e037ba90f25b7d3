//! Resellers: create (E3), update (E5) and the portal's status edit (§5.3).

use serde_json::Value;

use super::Ctx;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::ids::Sequence;
use crate::input::{Problems, join};
use crate::model::{Reseller, ResellerProfile, status};
use crate::reference::MarketSegment;
use crate::store::Tx;
use crate::validate;

const READ_ONLY: &[&str] = &["resellerId", "creationDate", "status", "links"];
const PROFILE_KEYS: &[&str] = &["companyName", "preferredLanguage", "marketSegments", "address", "contacts"];

fn segments(p: &mut Problems, map: &serde_json::Map<String, Value>, path: &str) -> Option<Vec<MarketSegment>> {
    let list = p.opt_str_array(map, path, "marketSegments")?;
    let mut out = Vec::new();
    for s in &list {
        match MarketSegment::parse(s) {
            Some(seg) if !out.contains(&seg) => out.push(seg),
            Some(_) => {}
            None => p.invalid(join(path, "marketSegments")),
        }
    }
    if list.is_empty() {
        p.invalid(join(path, "marketSegments"));
    }
    Some(out)
}

struct ProfileIn {
    company_name: Option<String>,
    preferred_language: Option<String>,
    market_segments: Option<Vec<MarketSegment>>,
    address: Option<crate::model::Address>,
    contacts: Option<Vec<crate::model::Contact>>,
}

fn read_profile(
    p: &mut Problems,
    map: &serde_json::Map<String, Value>,
    ctx: &Ctx<'_>,
    creating: bool,
) -> Option<ProfileIn> {
    let value = p.req_value(map, "", "companyProfile")?;
    let path = "companyProfile";
    let prof = p.object(value, path, PROFILE_KEYS)?;
    let (company_name, preferred_language) = validate::profile_names(p, prof, path);
    // On update an absent `marketSegments` is `1122`, but only after the `1119` check (see `update`).
    let market_segments = segments(p, prof, path);
    let address = p
        .req_value(prof, path, "address")
        .and_then(|a| validate::address(p, a, &join(path, "address"), ctx.distributor, false));
    let contacts = validate::contacts(p, prof, path, creating);
    Some(ProfileIn { company_name, preferred_language, market_segments, address, contacts })
}

fn check_segments_sold(ctx: &Ctx<'_>, segments: &[MarketSegment]) -> CoreResult<()> {
    if segments.iter().any(|s| !ctx.distributor.market_segments.contains(s)) {
        return Err(CoreError::detail(ErrorCode::InvalidMarketSegment, "companyProfile.marketSegments"));
    }
    Ok(())
}

/// Creates a reseller. Returns the record as the response shows it (status `1002`); when
/// activation is inline the stored record is already `1000`.
pub async fn create(tx: &mut dyn Tx, ctx: &Ctx<'_>, body: &Value) -> CoreResult<Reseller> {
    let mut p = Problems::new();
    let mut known = vec!["distributorId", "externalReferenceId", "companyProfile"];
    known.extend_from_slice(READ_ONLY);
    let map = p.object(body, "", &known);
    let (distributor_id, ext_ref, profile) = match map {
        Some(map) => {
            let d = p.req_str(map, "", "distributorId");
            let e = p.opt_str(map, "", "externalReferenceId").unwrap_or_default();
            validate::external_reference(&mut p, &e, "externalReferenceId", 35);
            let prof = read_profile(&mut p, map, ctx, true);
            (d, e, prof)
        }
        None => (None, String::new(), None),
    };
    p.finish()?;
    let (Some(distributor_id), Some(profile)) = (distributor_id, profile) else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    if distributor_id != ctx.distributor.id {
        return Err(CoreError::detail(ErrorCode::InvalidDistributor, "distributorId"));
    }
    let market_segments = profile.market_segments.unwrap_or_else(|| vec![MarketSegment::Com]);
    check_segments_sold(ctx, &market_segments)?;
    let (Some(company_name), Some(preferred_language), Some(address), Some(contacts)) =
        (profile.company_name, profile.preferred_language, profile.address, profile.contacts)
    else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    let id = tx.next_id(Sequence::Reseller).await?.to_string();
    let delay = ctx.settings.reseller_activation_delay_secs;
    let mut reseller = Reseller {
        id,
        distributor_id: ctx.distributor.id.clone(),
        external_reference_id: ext_ref,
        profile: ResellerProfile { company_name, preferred_language, market_segments, address, contacts },
        status: status::PENDING.into(),
        created_at: ctx.now,
        activate_at: Some(ctx.now + chrono::Duration::seconds(delay)),
    };
    let view = reseller.clone();
    reseller.profile.contacts =
        super::contacts::stored(tx, &reseller.distributor_id, &reseller.profile.contacts).await?;
    if ctx.settings.inline(delay) {
        reseller.status = status::ACTIVE.into();
        reseller.activate_at = None;
    }
    tx.put_reseller(&reseller).await?;
    Ok(view)
}

/// Updates a reseller (full-document semantics on `companyProfile`).
pub async fn update(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, body: &Value) -> CoreResult<Reseller> {
    let mut reseller =
        tx.reseller(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::InvalidReseller))?;
    let mut p = Problems::new();
    let mut known = vec!["externalReferenceId", "companyProfile", "distributorId"];
    known.extend_from_slice(READ_ONLY);
    let map = p.object(body, "", &known);
    let (ext_ref, profile) = match map {
        Some(map) => {
            let e = p.opt_str(map, "", "externalReferenceId");
            if let Some(e) = &e {
                validate::external_reference(&mut p, e, "externalReferenceId", 35);
            }
            (e, read_profile(&mut p, map, ctx, false))
        }
        None => (None, None),
    };
    p.finish()?;
    let Some(profile) = profile else {
        return Err(CoreError::code(ErrorCode::MissingFields));
    };
    if reseller.status == status::PENDING || reseller.status == status::BLOCKED {
        return Err(CoreError::code(ErrorCode::AccountPendingOrBlocked));
    }
    let not_editable = validate::changed_fixed_profile_fields(
        profile.company_name.as_deref(),
        profile.address.as_ref(),
        &reseller.profile.company_name,
        &reseller.profile.address,
    );
    if !not_editable.is_empty() {
        return Err(CoreError::with_details(ErrorCode::NotEditable, not_editable));
    }
    // `marketSegments` is required on update, yet Adobe answers the Postman sample (no segments, a changed
    // `companyName`) with `1119` (E5 note, T0-36), so its absence is reported only once `1119` has passed.
    if profile.market_segments.is_none() {
        return Err(CoreError::detail(ErrorCode::MissingFields, "companyProfile.marketSegments"));
    }
    if let Some(segments) = &profile.market_segments {
        check_segments_sold(ctx, segments)?;
        if reseller.profile.market_segments.iter().any(|s| !segments.contains(s)) {
            return Err(CoreError::detail(
                ErrorCode::InvalidRequest,
                "Reseller is not permitted to remove existing market segments",
            ));
        }
        reseller.profile.market_segments = segments.clone();
    }
    if let Some(e) = ext_ref {
        reseller.external_reference_id = e;
    }
    if let Some(lang) = profile.preferred_language {
        reseller.profile.preferred_language = lang;
    }
    if let Some(address) = profile.address {
        reseller.profile.address = address;
    }
    if let Some(contacts) = profile.contacts.filter(|c| !c.is_empty()) {
        reseller.profile.contacts = contacts;
    }
    let response = reseller.clone();
    reseller.profile.contacts =
        super::contacts::stored(tx, &reseller.distributor_id, &reseller.profile.contacts).await?;
    tx.put_reseller(&reseller).await?;
    Ok(response)
}

/// The statuses the portal may set on a reseller.
pub const PORTAL_STATUSES: [&str; 4] = [status::ACTIVE, status::INACTIVE, status::INVALID_ADDRESS, status::BLOCKED];

/// The portal's status edit: immediate, resolves a pending account.
pub async fn set_status(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, new_status: &str) -> CoreResult<Reseller> {
    let mut reseller =
        tx.reseller(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))?;
    if !PORTAL_STATUSES.contains(&new_status) {
        return Err(CoreError::detail(ErrorCode::PortalBadRequest, "status"));
    }
    reseller.status = new_status.to_string();
    reseller.activate_at = None;
    tx.put_reseller(&reseller).await?;
    Ok(reseller)
}
