//! Portal Resources (SPEC §5.9): View Available Offers and View Available Countries; and API
//! Tools › Test Address (SPEC §5.2.2). Nothing here changes state, so the production profile
//! allows all three (Test Address is a POST only because it takes an address).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use vipmp_core::error::ErrorCode;
use vipmp_core::model::Distributor;
use vipmp_core::service::portal_resources::{self, AddressCheck, AvailableOffer, OfferFilter};
use vipmp_core::service::pricelist::format_price;

use super::lists::bad;
use crate::cpapi::schemas::AddressIn;
use crate::kernel::adobe_error::AdobeError;
use crate::kernel::auth::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{Body, RawQuery};
use crate::kernel::portal::portal_body;
use crate::kernel::state::AppState;

/// An offer the distributor can sell, in one currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalAvailableOffer, example = json!({
    "offerId": "65304479CA02A12", "name": "Audition for Teams", "marketSegment": "COM", "offerType": "LICENSE",
    "level": "02", "priceRegions": ["NA"], "currency": "USD", "partnerPrice": "257.81"
}))]
pub struct AvailableOfferOut {
    /// The offer id (variant `A`, term `12`).
    pub offer_id: String,
    /// The product name.
    pub name: String,
    /// `COM`, `EDU` or `GOV`.
    pub market_segment: String,
    /// `LICENSE` or `CONSUMABLES`.
    pub offer_type: String,
    /// The level.
    pub level: String,
    /// The contracted price regions the offer is sold in for this currency.
    pub price_regions: Vec<String>,
    /// The currency.
    pub currency: String,
    /// Partner unit price for 12 months (a string, as in price lists).
    pub partner_price: String,
}

impl From<&AvailableOffer> for AvailableOfferOut {
    fn from(o: &AvailableOffer) -> Self {
        Self {
            offer_id: o.offer_id.clone(),
            name: o.name.clone(),
            market_segment: o.market_segment.as_str().to_string(),
            offer_type: o.offer_type.as_str().to_string(),
            level: o.level.to_string(),
            price_regions: o.price_regions.clone(),
            currency: o.currency.clone(),
            partner_price: format_price(o.partner_price, &o.currency),
        }
    }
}

/// A page of View Available Offers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalOfferPage, example = json!({"totalCount": 1, "page": 1, "pageSize": 10, "items": [{
    "offerId": "65304479CA02A12", "name": "Audition for Teams", "marketSegment": "COM", "offerType": "LICENSE",
    "level": "02", "priceRegions": ["NA"], "currency": "USD", "partnerPrice": "257.81"}]}))]
pub struct OfferPage {
    /// Matching offers in all pages.
    pub total_count: i64,
    /// This page's number, from 1.
    pub page: i64,
    /// The page size.
    pub page_size: i64,
    /// The offers of this page, by offer id then currency.
    pub items: Vec<AvailableOfferOut>,
}

/// A supported country.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalCountry)]
pub struct CountryOut {
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// English name.
    pub name: String,
    /// Its price region.
    pub price_region: String,
    /// Currencies its customers may use.
    pub currencies: Vec<String>,
    /// The postal-code regex (Java syntax, as Adobe publishes it); `""` if none.
    pub postal_code_regex: String,
    /// Region (state/province) codes; most lists include `00`.
    pub regions: Vec<String>,
}

/// View Available Countries: the whole list (no paging).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalCountryList, example = json!({"totalCount": 1, "items": [{
    "countryCode": "GB", "name": "United Kingdom", "priceRegion": "WE", "currencies": ["GBP", "EUR"],
    "postalCodeRegex": "^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", "regions": ["00", "ENG"]}]}))]
pub struct CountryList {
    /// Countries listed.
    pub total_count: i64,
    /// The countries, by code.
    pub items: Vec<CountryOut>,
}

/// The answer of Test Address.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PortalAddressValidation, example = json!({
    "valid": false, "code": "1118", "message": "Invalid Address",
    "additionalDetails": ["companyProfile.address.postalCode"]
}))]
pub struct AddressValidationOut {
    /// Whether the address validates.
    pub valid: bool,
    /// When not: the CPAPI code (`1118`; `1121`/`1122` for unknown or missing members).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub code: Option<String>,
    /// When not: the code's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub message: Option<String>,
    /// When not: the paths at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub additional_details: Option<Vec<String>>,
}

/// `POST /portal/api/v1/address-validation`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PortalAddressValidationRequest, example = json!({
    "priceRegion": "NA", "currency": "USD",
    "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
        "addressLine2": "", "postalCode": "95110-1234", "phoneNumber": ""}
}))]
#[allow(dead_code, reason = "schema-only type: the handler reads the body by hand")]
pub struct AddressValidationIn {
    /// A price region (`P400` if unknown).
    price_region: String,
    /// A currency (`P400` if unknown); it must be one the price region prices in.
    currency: String,
    /// The address, checked as a customer's.
    address: AddressIn,
}

/// The filters and paging of View Available Offers.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "schema-only type: the handler reads the query by hand")]
pub struct OffersQuery {
    /// A level code (`01`–`04`, `06`–`09`, `12`–`14`, `T1`–`T7`, `TA`–`TG`).
    #[param(example = "02")]
    level: Option<String>,
    /// `COM`, `EDU` or `GOV`.
    #[param(rename = "marketSegment", example = "COM")]
    market_segment: Option<String>,
    /// A price region (`NA`, `WE`, …).
    #[param(rename = "priceRegion", example = "NA")]
    price_region: Option<String>,
    /// `AUD`, `EUR`, `GBP`, `JPY` or `USD`.
    #[param(example = "USD")]
    currency: Option<String>,
    /// `10` (default), `20`, `30`, `50` or `100`.
    #[param(rename = "pageSize", example = 10)]
    page_size: Option<i64>,
    /// The page, from 1.
    #[param(example = 1)]
    page: Option<i64>,
}

/// The filter of View Available Countries.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "schema-only type: the handler reads the query by hand")]
pub struct CountriesQuery {
    /// Only this price region's countries (`P400` if unknown).
    #[param(rename = "priceRegion", example = "WE")]
    price_region: Option<String>,
}

/// The caller's distributor; `404 P404` if it is gone.
pub async fn distributor(state: &AppState, caller: &Caller) -> ApiResult<Distributor> {
    Ok(state.store.distributor(&caller.distributor_id).await?.ok_or(ErrorCode::PortalNotFound)?)
}

/// `pageSize` (10, 20, 30, 50 or 100; default 10) and `page` (from 1): `P400` otherwise.
fn page_params(query: &RawQuery) -> ApiResult<(i64, i64)> {
    let one = |key: &str| query.single(key).map_err(|_| bad(key));
    let page_size = match one("pageSize")? {
        None => 10,
        Some(v) => {
            v.parse::<i64>().ok().filter(|n| [10, 20, 30, 50, 100].contains(n)).ok_or_else(|| bad("pageSize"))?
        }
    };
    let page = match one("page")? {
        None => 1,
        Some(v) => v.parse::<i64>().ok().filter(|n| (1..=1_000_000).contains(n)).ok_or_else(|| bad("page"))?,
    };
    Ok((page, page_size))
}

/// `GET /portal/api/v1/offers`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/offers",
    tag = "Portal",
    operation_id = "portalListOffers",
    summary = "Portal Resources › View Available Offers",
    description = "The offers of the distributor's contract and market segments, one row per offer id and \
        currency, with the contracted price regions and the partner price; every level of each product.",
    params(OffersQuery),
    responses(
        (status = 200, description = "A page of offers.", body = OfferPage),
        (status = 400, description = "`P400` an unknown `level`, `marketSegment`, `priceRegion` or `currency`, or \
            an invalid `pageSize` or `page` (the detail names it).", body = AdobeError),
    ),
)]
pub async fn offers(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<OfferPage>> {
    Ok(Json(offer_page(&state, &caller, &query).await?))
}

/// A page of View Available Offers (the JSON API and the HTML page).
pub async fn offer_page(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<OfferPage> {
    let one = |key: &str| query.single(key).map_err(|_| bad(key));
    let filter = OfferFilter::parse(one("level")?, one("marketSegment")?, one("priceRegion")?, one("currency")?)?;
    let (page, page_size) = page_params(query)?;
    let all = portal_resources::offers(&distributor(state, caller).await?, &filter);
    let skip = usize::try_from((page - 1) * page_size).unwrap_or(usize::MAX);
    let items = all.iter().skip(skip).take(usize::try_from(page_size).unwrap_or(0)).map(AvailableOfferOut::from);
    Ok(OfferPage { total_count: all.len() as i64, page, page_size, items: items.collect() })
}

/// `GET /portal/api/v1/countries`.
#[utoipa::path(
    get,
    path = "/portal/api/v1/countries",
    tag = "Portal",
    operation_id = "portalListCountries",
    summary = "Portal Resources › View Available Countries",
    description = "The countries of the price regions the distributor's contract covers (of `priceRegion` only \
        when given): name, ISO code, price region, currencies, postal-code regex and region codes.",
    params(CountriesQuery),
    responses(
        (status = 200, description = "The countries.", body = CountryList),
        (status = 400, description = "`P400` an unknown `priceRegion`.", body = AdobeError),
    ),
)]
pub async fn countries(State(state): State<AppState>, caller: Caller, query: RawQuery) -> ApiResult<Json<CountryList>> {
    Ok(Json(country_list(&state, &caller, &query).await?))
}

/// View Available Countries (the JSON API and the HTML page).
pub async fn country_list(state: &AppState, caller: &Caller, query: &RawQuery) -> ApiResult<CountryList> {
    let region = query.single("priceRegion").map_err(|_| bad("priceRegion"))?;
    let d = distributor(state, caller).await?;
    let items: Vec<CountryOut> = portal_resources::countries(&d, region)?
        .into_iter()
        .map(|c| CountryOut {
            country_code: c.code.clone(),
            name: c.name.clone(),
            price_region: c.price_region.clone(),
            currencies: c.currencies.clone(),
            postal_code_regex: c.postal_pattern.clone().unwrap_or_default(),
            regions: c.regions.clone(),
        })
        .collect();
    Ok(CountryList { total_count: items.len() as i64, items })
}

/// `POST /portal/api/v1/address-validation`.
#[utoipa::path(
    post,
    path = "/portal/api/v1/address-validation",
    tag = "Portal",
    operation_id = "portalTestAddress",
    summary = "API Tools › Test Address",
    description = "Runs the CPAPI address validation of a customer's address, plus: the country must belong to \
        `priceRegion` and `currency` must be one the price region prices in. Changes nothing.",
    request_body = AddressValidationIn,
    responses(
        (status = 200, description = "Whether the address validates, and if not why.", body = AddressValidationOut),
        (status = 400, description = "`P400` a malformed body, an unknown member, a missing or unknown \
            `priceRegion` or `currency`, or no `address` object (the detail names it).", body = AdobeError),
    ),
)]
pub async fn test_address(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> ApiResult<Json<AddressValidationOut>> {
    Ok(Json(validate_address(&state, &caller, &portal_body(&body)?).await?))
}

/// Test Address of a request (`priceRegion`, `currency`, `address`) (the JSON API and the HTML
/// page).
pub async fn validate_address(state: &AppState, caller: &Caller, request: &Value) -> ApiResult<AddressValidationOut> {
    let d = distributor(state, caller).await?;
    Ok(match portal_resources::test_address(&d, request)? {
        AddressCheck::Valid => {
            AddressValidationOut { valid: true, code: None, message: None, additional_details: None }
        }
        AddressCheck::Invalid { code, message, details } => AddressValidationOut {
            valid: false,
            code: Some(code.code().to_string()),
            message: Some(message),
            additional_details: Some(details),
        },
    })
}

/// The Test Address page's form (`GET /portal/test-address`): with `priceRegion` present the
/// address is checked as `POST /portal/api/v1/address-validation` checks it.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "schema-only type: the handler reads the query by hand")]
pub struct TestAddressQuery {
    /// A price region.
    #[param(rename = "priceRegion", example = "NA")]
    price_region: Option<String>,
    /// A currency.
    #[param(example = "USD")]
    currency: Option<String>,
    /// ISO country code.
    #[param(example = "US")]
    country: Option<String>,
    /// Region (state/province) code.
    #[param(example = "CA")]
    region: Option<String>,
    /// City.
    city: Option<String>,
    /// First address line.
    #[param(rename = "addressLine1", example = "345 Park Avenue")]
    address_line1: Option<String>,
    /// Second address line.
    #[param(rename = "addressLine2")]
    address_line2: Option<String>,
    /// Postal code.
    #[param(rename = "postalCode", example = "95110-1234")]
    postal_code: Option<String>,
    /// Phone number.
    #[param(rename = "phoneNumber")]
    phone_number: Option<String>,
    /// Present: only refresh the dependent lists (currencies and countries of the price region,
    /// regions of the country) without validating (what a changed select sends).
    #[param(example = "1")]
    refresh: Option<String>,
}
