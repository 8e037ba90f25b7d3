//! Portal Resources in HTML (View Available Offers, View Available Countries) and API Tools ›
//! Test Address: GET forms over the portal API's functions (`crate::portal_api::resources`), so
//! the pages list exactly what `/portal/api/v1` answers, and a refused filter shows its `P400`
//! inline.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};
use vipmp_core::reference::{CURRENCIES, STANDARD_PRICE_REGIONS};
use vipmp_core::service::portal_resources::{LEVELS, address_choices};

use super::lists::Choice;
use super::session::Signed;
use super::{Layout, error_message, render};
use crate::kernel::extract::RawQuery;
use crate::kernel::state::AppState;
use crate::portal_api::resources::{self as pr, CountriesQuery, OffersQuery, TestAddressQuery};
use crate::portal_html::docs::{Page, SignedInGet, TAG};
use crate::portal_html::extract::HtmxHeader;

/// A labelled select of a filter form.
#[derive(Debug, Clone)]
pub struct Select {
    /// The parameter (also the element id, prefixed `f-`).
    pub name: &'static str,
    /// The label.
    pub label: &'static str,
    /// The options.
    pub choices: Vec<Choice>,
}

/// A labelled text input of a form.
#[derive(Debug, Clone)]
pub struct Input {
    /// The parameter (also the element id, prefixed `f-`).
    pub name: &'static str,
    /// The label.
    pub label: &'static str,
    /// The value shown.
    pub value: String,
}

fn given(query: &RawQuery, key: &str) -> String {
    query.pairs.iter().rev().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// A select whose first option, "Any", sends nothing.
fn select(query: &RawQuery, name: &'static str, label: &'static str, values: &[&str]) -> Select {
    let current = given(query, name);
    let any = Choice { value: String::new(), label: "Any".into(), selected: current.is_empty() };
    let options = values.iter().map(|v| Choice { value: v.to_string(), label: v.to_string(), selected: *v == current });
    Select { name, label, choices: std::iter::once(any).chain(options).collect() }
}

fn link(base: &str, query: &RawQuery, page: i64) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in query.pairs.iter().filter(|(k, v)| k != "page" && !v.is_empty()) {
        s.append_pair(k, v);
    }
    s.append_pair("page", &page.to_string());
    format!("{base}?{}", s.finish())
}

/// View Available Offers and View Available Countries: a filter form and a table.
#[derive(Template)]
#[template(path = "portal/resources.html")]
pub struct ResourcePage {
    /// The frame.
    pub layout: Layout,
    /// The heading.
    pub title: &'static str,
    /// What the page lists.
    pub hint: &'static str,
    /// The page's path (the form's action).
    pub base: &'static str,
    /// The filters.
    pub selects: Vec<Select>,
    /// Column headings.
    pub columns: &'static [&'static str],
    /// The cells, row by row.
    pub rows: Vec<Vec<String>>,
    /// "N found · page p of n".
    pub count: String,
    /// Link to the previous page.
    pub prev: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
    /// A refused filter.
    pub error: Option<String>,
}

/// `GET /portal/offers`.
#[utoipa::path(
    get, path = "/portal/offers", tag = TAG, operation_id = "pageOffers",
    summary = "Portal Resources: View Available Offers", security(("portalSession" = [])),
    params(OffersQuery, HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn offers(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let sizes: Vec<(&str, &str)> = ["10", "20", "30", "50", "100"].iter().map(|s| (*s, *s)).collect();
    let size = given(&query, "pageSize");
    let size = if size.is_empty() { "10".to_string() } else { size };
    let mut selects = vec![
        select(&query, "marketSegment", "Market segment", &["COM", "EDU", "GOV"]),
        select(&query, "level", "Level", &LEVELS),
        select(&query, "priceRegion", "Price region", &STANDARD_PRICE_REGIONS),
        select(&query, "currency", "Currency", &CURRENCIES),
    ];
    selects.push(Select {
        name: "pageSize",
        label: "Page size",
        choices: sizes
            .iter()
            .map(|(v, l)| Choice { value: v.to_string(), label: l.to_string(), selected: *v == size })
            .collect(),
    });
    let mut page = ResourcePage {
        layout: Layout::new(&state, &signed, "offers"),
        title: "View Available Offers",
        hint: "The offers you can sell: every level of the products of your market segments, in the price regions \
               and currencies of your contract. Use these offer ids in Create Order and global orders.",
        base: "/portal/offers",
        selects,
        columns: &[
            "Offer ID",
            "Product",
            "Market Segment",
            "Type",
            "Level",
            "Price Regions",
            "Currency",
            "Partner Price",
        ],
        rows: Vec::new(),
        count: String::new(),
        prev: None,
        next: None,
        error: None,
    };
    match pr::offer_page(&state, &signed.caller, &query).await {
        Ok(offers) => {
            page.rows = offers
                .items
                .iter()
                .map(|o| {
                    vec![
                        o.offer_id.clone(),
                        o.name.clone(),
                        o.market_segment.clone(),
                        o.offer_type.clone(),
                        o.level.clone(),
                        o.price_regions.join(", "),
                        o.currency.clone(),
                        o.partner_price.clone(),
                    ]
                })
                .collect();
            let (total, no) = (offers.total_count, offers.page);
            let size = offers.page_size.max(1);
            let pages = ((total + size - 1) / size).max(1);
            page.count = format!("{total} found · page {no} of {pages}");
            page.prev = (no > 1).then(|| link(page.base, &query, no - 1));
            page.next = (no < pages).then(|| link(page.base, &query, no + 1));
        }
        Err(e) => page.error = Some(error_message(&e)),
    }
    render(&page)
}

/// `GET /portal/countries`.
#[utoipa::path(
    get, path = "/portal/countries", tag = TAG, operation_id = "pageCountries",
    summary = "Portal Resources: View Available Countries", security(("portalSession" = [])),
    params(CountriesQuery, HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn countries(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let mut page = ResourcePage {
        layout: Layout::new(&state, &signed, "countries"),
        title: "View Available Countries",
        hint: "The countries of your contract's price regions: ISO code, postal-code pattern and the region \
               (state/province) codes customer addresses use.",
        base: "/portal/countries",
        selects: vec![select(&query, "priceRegion", "Price region", &STANDARD_PRICE_REGIONS)],
        columns: &["Country", "ISO Code", "Price Region", "Currencies", "Postal Code Regex", "Regions"],
        rows: Vec::new(),
        count: String::new(),
        prev: None,
        next: None,
        error: None,
    };
    match pr::country_list(&state, &signed.caller, &query).await {
        Ok(countries) => {
            page.rows = countries
                .items
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.country_code.clone(),
                        c.price_region.clone(),
                        c.currencies.join(", "),
                        c.postal_code_regex.clone(),
                        c.regions.join(", "),
                    ]
                })
                .collect();
            page.count = format!("{} found", countries.items.len());
        }
        Err(e) => page.error = Some(error_message(&e)),
    }
    render(&page)
}

/// The Test Address page.
#[derive(Template)]
#[template(path = "portal/test_address.html")]
pub struct TestAddressPage {
    /// The frame.
    pub layout: Layout,
    /// Price region and currency.
    pub selects: Vec<Select>,
    /// The address fields.
    pub inputs: Vec<Input>,
    /// "Validation successful", after a successful check.
    pub valid: bool,
    /// Why the address does not validate, or a refused request.
    pub error: Option<String>,
}

const ADDRESS_FIELDS: [(&str, &str); 7] = [
    ("country", "Country"),
    ("region", "Region (state/province)"),
    ("city", "City"),
    ("addressLine1", "Address line 1"),
    ("addressLine2", "Address line 2"),
    ("postalCode", "Postal code"),
    ("phoneNumber", "Phone number"),
];

/// A select whose first option, "Choose…", sends nothing; `current` stays selected only while
/// the list still offers it.
fn choose(name: &'static str, label: &'static str, current: &str, options: Vec<(&str, String)>) -> Select {
    let kept = options.iter().any(|(v, _)| *v == current);
    let none = Choice { value: String::new(), label: String::new(), selected: !kept };
    let options =
        options.into_iter().map(|(v, l)| Choice { value: v.to_string(), label: l, selected: kept && v == current });
    Select { name, label, choices: std::iter::once(none).chain(options).collect() }
}

/// Test Address's four selects, each list following the choice before it (SPEC §5.2.2).
fn address_selects(d: &vipmp_core::model::Distributor, query: &RawQuery) -> Vec<Select> {
    let (region, country) = (given(query, "priceRegion"), given(query, "country"));
    let lists = address_choices(d, &region, &country);
    let plain = |v: &[&'static str]| v.iter().map(|x| (*x, x.to_string())).collect();
    vec![
        choose("priceRegion", "Price region", &region, plain(&lists.price_regions)),
        choose("currency", "Currency", &given(query, "currency"), plain(&lists.currencies)),
        choose(
            "country",
            "Country",
            &country,
            lists.countries.iter().map(|(c, n)| (*c, format!("{c} — {n}"))).collect(),
        ),
        choose("region", "Region (state/province)", &given(query, "region"), plain(&lists.regions)),
    ]
}

/// `GET /portal/test-address`: the form; with `priceRegion` given, also the outcome.
#[utoipa::path(
    get, path = "/portal/test-address", tag = TAG, operation_id = "pageTestAddress",
    summary = "API Tools: Test Address", security(("portalSession" = [])),
    params(TestAddressQuery, HtmxHeader),
    responses(Page, SignedInGet),
)]
pub async fn test_address(State(state): State<AppState>, signed: Signed, query: RawQuery) -> Response {
    let distributor = pr::distributor(&state, &signed.caller).await;
    let mut page = TestAddressPage {
        layout: Layout::new(&state, &signed, "test-address"),
        selects: distributor.as_ref().map(|d| address_selects(d, &query)).unwrap_or_default(),
        inputs: ADDRESS_FIELDS[2..]
            .iter()
            .map(|(name, label)| Input { name, label, value: given(&query, name) })
            .collect(),
        valid: false,
        error: None,
    };
    // A changed price region or country only refreshes the lists (the htmx request sends
    // `refresh`; without script, the "Update lists" button does).
    let refresh = query.pairs.iter().any(|(k, _)| k == "refresh");
    if !refresh && query.pairs.iter().any(|(k, _)| k == "priceRegion") {
        let address: serde_json::Map<String, Value> =
            ADDRESS_FIELDS.iter().map(|(name, _)| (name.to_string(), json!(given(&query, name)))).collect();
        let request = json!({"priceRegion": given(&query, "priceRegion"), "currency": given(&query, "currency"),
            "address": address});
        match pr::validate_address(&state, &signed.caller, &request).await {
            Ok(v) if v.valid => page.valid = true,
            Ok(v) => {
                let (code, message) = (v.code.unwrap_or_default(), v.message.unwrap_or_default());
                page.error =
                    Some(format!("{code} {message} ({})", v.additional_details.unwrap_or_default().join(", ")));
            }
            Err(e) => page.error = Some(error_message(&e)),
        }
    }
    render(&page)
}
