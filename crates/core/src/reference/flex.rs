//! The seeded flexible-discount catalogue (SPEC §2.8.11, §4.14).
//!
//! A discount is a [`Template`] (code, outcome, products, countries, segments, season) made
//! concrete for one market segment and one calendar year: a [`FlexDiscount`]. Its window follows
//! the template's season in that year, on the distributor's virtual clock, so the catalogue never
//! goes stale and moving the clock moves through it: an all-year code is always live (one instance a
//! year, never two at once), a seasonal one is live in its season, listed as a future-dated
//! `ACTIVE` discount before it, and `REUSABLE` after it until its `discountLockEndDate` when it is
//! reusable. Ids are deterministic UUID-shaped strings of (code, segment, year).

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};

use super::product::currency_factor;
use super::{CURRENCIES, MarketSegment, Product, products};

/// `STANDARD` or `INTRO` (introductory: only for products the customer never had).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Any qualifying customer.
    Standard,
    /// Only for a product the customer has never owned.
    Intro,
}

impl Category {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Standard => "STANDARD",
            Category::Intro => "INTRO",
        }
    }

    /// Parses the API spelling.
    pub fn parse(s: &str) -> Option<Self> {
        [Category::Standard, Category::Intro].into_iter().find(|c| c.as_str() == s)
    }
}

/// What a discount does to the partner price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// `P × (1 − v/100)`.
    Percentage,
    /// `P − v` in the line's currency.
    FixedDiscount,
    /// `v` in the line's currency.
    FixedPrice,
}

impl OutcomeKind {
    /// The API spelling of `outcomes[].type`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Percentage => "PERCENTAGE_DISCOUNT",
            OutcomeKind::FixedDiscount => "FIXED_DISCOUNT",
            OutcomeKind::FixedPrice => "FIXED_PRICE",
        }
    }
}

/// Which products a discount qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Products {
    /// Every base product (`baseOfferIds` is empty).
    All,
    /// Licence products whose name starts with one of these.
    NamedLike(&'static [&'static str]),
}

/// When in each year a discount is live: `(month, day)` to `(month, day)` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Season {
    /// First day.
    pub from: (u32, u32),
    /// Last day (live until 23:59:59Z).
    pub to: (u32, u32),
}

const ALL_YEAR: Season = Season { from: (1, 1), to: (12, 31) };

/// A discount of the seeded catalogue, before it is made concrete for a segment and a year.
#[derive(Debug)]
pub struct Template {
    /// The code partners type (`lineItems[].flexDiscountCodes`).
    pub code: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Description.
    pub description: &'static str,
    /// `STANDARD` or `INTRO`.
    pub category: Category,
    /// The outcome type.
    pub kind: OutcomeKind,
    /// Percent, or the amount in USD (converted for the other currencies).
    pub value: f64,
    /// The products it qualifies.
    pub products: Products,
    /// The countries it is sold in; `None`: every country.
    pub countries: Option<&'static [&'static str]>,
    /// The market segments it exists for.
    pub segments: &'static [MarketSegment],
    /// When it is live each year.
    pub season: Season,
    /// Reusable: months from `endDate` to `discountLockEndDate`.
    pub lock_months: Option<u32>,
    /// Returned by `GET /v3/flex-discounts`; closed codes (false) work only when typed.
    pub listed: bool,
    /// Only for customers with an active 3YC commitment (`2166` otherwise).
    pub three_yc_only: bool,
    /// One redemption per customer.
    pub one_time: bool,
}

const ALL_SEGMENTS: &[MarketSegment] = &[MarketSegment::Com, MarketSegment::Edu, MarketSegment::Gov];
const ACROBAT: &[&str] = &["Acrobat Pro", "Acrobat Standard"];
const ALL_APPS: &[&str] = &["Creative Cloud All Apps", "Creative Cloud Pro"];
const NORTH_AMERICA: &[&str] = &["US", "CA"];

const fn standard(code: &'static str, name: &'static str, description: &'static str) -> Template {
    Template {
        code,
        name,
        description,
        category: Category::Standard,
        kind: OutcomeKind::Percentage,
        value: 10.0,
        products: Products::All,
        countries: None,
        segments: ALL_SEGMENTS,
        season: ALL_YEAR,
        lock_months: None,
        listed: true,
        three_yc_only: false,
        one_time: false,
    }
}

/// The seeded catalogue. Codes are unique; documented in the README.
pub static TEMPLATES: [Template; 13] = [
    standard("SAVE10", "SAVE10", "10% off every base product, all year"),
    Template {
        category: Category::Intro,
        value: 15.0,
        ..standard("INTRO15", "INTRO15", "15% off a product the customer has never had")
    },
    Template {
        kind: OutcomeKind::FixedDiscount,
        value: 20.0,
        products: Products::NamedLike(ACROBAT),
        ..standard("ACROBAT20", "ACROBAT20", "20 USD (or local equivalent) off Acrobat Pro and Standard")
    },
    Template {
        kind: OutcomeKind::FixedPrice,
        value: 399.99,
        products: Products::NamedLike(ALL_APPS),
        ..standard("ALLAPPS399", "ALLAPPS399", "Creative Cloud All Apps at a fixed 399.99 USD (or local equivalent)")
    },
    Template {
        kind: OutcomeKind::FixedDiscount,
        value: 10.0,
        season: Season { from: (11, 1), to: (12, 31) },
        lock_months: Some(27),
        ..standard("BLACK_FRIDAY", "BLACK_FRIDAY", "10 USD off, November and December; reusable for 27 months after")
    },
    Template {
        value: 8.0,
        season: Season { from: (6, 1), to: (8, 31) },
        lock_months: Some(12),
        ..standard("SUMMER_REUSE", "SUMMER_REUSE", "8% off, June to August; reusable for 12 months after")
    },
    Template {
        value: 12.0,
        season: Season { from: (3, 1), to: (5, 31) },
        ..standard("SPRING_PROMO", "SPRING_PROMO", "12% off, March to May")
    },
    Template {
        value: 5.0,
        three_yc_only: true,
        segments: &[MarketSegment::Com, MarketSegment::Gov],
        ..standard("THREEYC5", "THREEYC5", "5% off for customers with a 3YC commitment")
    },
    Template {
        kind: OutcomeKind::FixedDiscount,
        value: 30.0,
        countries: Some(NORTH_AMERICA),
        ..standard("NA30", "NA30", "30 USD off in the United States and Canada")
    },
    Template { value: 20.0, one_time: true, ..standard("WELCOME20", "WELCOME20", "20% off, once per customer") },
    Template {
        value: 25.0,
        listed: false,
        ..standard("PARTNER_CLOSED25", "PARTNER_CLOSED25", "Closed code: 25% off, not listed, works when typed")
    },
    standard("SANDBOX_FAILURE", "SANDBOX_FAILURE", "Sandbox test discount: always fails in PREVIEW and NEW"),
    Template {
        category: Category::Intro,
        ..standard("INTRO_FAILURE", "INTRO_FAILURE", "Sandbox test discount (INTRO): always fails in PREVIEW and NEW")
    },
];

/// One value of an outcome: for a country (or every country) and a currency (or any).
#[derive(Debug, Clone, PartialEq)]
pub struct DiscountValue {
    /// The country, `None` for every country.
    pub country: Option<&'static str>,
    /// The currency, `None` for a percentage.
    pub currency: Option<&'static str>,
    /// Percent or amount.
    pub value: f64,
}

/// A discount made concrete for a segment and a year.
#[derive(Debug, Clone)]
pub struct FlexDiscount {
    /// Deterministic id.
    pub id: String,
    /// Its template.
    pub template: &'static Template,
    /// The market segment.
    pub segment: MarketSegment,
    /// The calendar year of its window.
    pub year: i32,
    /// First instant.
    pub start: DateTime<Utc>,
    /// Last instant (the catalogue's; a portal edit may move it, see [`FlexDiscount::with_end`]).
    pub end: DateTime<Utc>,
    /// Reusable until (reusable discounts only).
    pub lock_end: Option<DateTime<Utc>>,
}

/// The status of a discount at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlexStatus {
    /// Live, or future-dated.
    Active,
    /// Past its end, before its lock end.
    Reusable,
    /// Past its end (and lock end).
    Expired,
}

impl FlexStatus {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FlexStatus::Active => "ACTIVE",
            FlexStatus::Reusable => "REUSABLE",
            FlexStatus::Expired => "EXPIRED",
        }
    }
}

fn day(year: i32, (month, d): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, d)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl FlexDiscount {
    /// The instance of `template` for `segment` in `year`, if the template exists for the segment.
    pub fn new(template: &'static Template, segment: MarketSegment, year: i32) -> Option<Self> {
        if !template.segments.contains(&segment) {
            return None;
        }
        let start = day(year, template.season.from)?.and_hms_opt(0, 0, 0)?.and_utc();
        let end_day = day(year, template.season.to)?;
        let end = end_day.and_hms_opt(23, 59, 59)?.and_utc();
        let lock_end = match template.lock_months {
            Some(m) => {
                let first = NaiveDate::from_ymd_opt(end_day.year(), end_day.month(), 1)?;
                let last = first.checked_add_months(Months::new(m + 1))?.pred_opt()?;
                Some(last.and_hms_opt(23, 59, 59)?.and_utc())
            }
            None => None,
        };
        Some(Self { id: discount_id(template.code, segment, year), template, segment, year, start, end, lock_end })
    }

    /// The same discount with its end moved by a portal edit.
    pub fn with_end(mut self, end: Option<DateTime<Utc>>) -> Self {
        if let Some(end) = end {
            self.end = end;
        }
        self
    }

    /// Its status at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> FlexStatus {
        if now <= self.end {
            FlexStatus::Active
        } else if self.lock_end.is_some_and(|l| now <= l) {
            FlexStatus::Reusable
        } else {
            FlexStatus::Expired
        }
    }

    /// Whether it is live (usable without reuse) at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && now <= self.end
    }

    /// The sandbox rule: name and code both contain `FAILURE`.
    pub fn always_fails(&self) -> bool {
        self.template.code.contains("FAILURE") && self.template.name.contains("FAILURE")
    }

    /// Whether it qualifies `product` (segment and product scope).
    pub fn qualifies(&self, product: &Product) -> bool {
        product.segment == self.segment && template_qualifies(self.template, product)
    }

    /// Whether it is sold in `country`.
    pub fn sold_in(&self, country: &str) -> bool {
        self.template.countries.is_none_or(|list| list.contains(&country))
    }

    /// The base offer ids it is limited to; empty: every product.
    pub fn base_offer_ids(&self) -> Vec<String> {
        match self.template.products {
            Products::All => Vec::new(),
            Products::NamedLike(_) => {
                products().iter().filter(|p| !p.extra && self.qualifies(p)).map(Product::base_offer_id).collect()
            }
        }
    }

    /// The outcome values: the percentage alone, or an amount per currency (per country and
    /// currency for a discount limited to some countries).
    pub fn values(&self) -> Vec<DiscountValue> {
        let t = self.template;
        if t.kind == OutcomeKind::Percentage {
            return vec![DiscountValue { country: None, currency: None, value: t.value }];
        }
        let amount = |currency: &'static str| {
            let v = t.value * currency_factor(currency).unwrap_or(1.0);
            if currency == "JPY" { v.round() } else { round2(v) }
        };
        match t.countries {
            None => CURRENCIES
                .iter()
                .map(|&c| DiscountValue { country: None, currency: Some(c), value: amount(c) })
                .collect(),
            Some(countries) => countries
                .iter()
                .flat_map(|&country| {
                    let currencies = super::country(country).map(|c| c.currencies.clone()).unwrap_or_default();
                    currencies.into_iter().filter_map(move |cur| {
                        let c = CURRENCIES.iter().copied().find(|k| *k == cur)?;
                        Some(DiscountValue { country: Some(country), currency: Some(c), value: amount(c) })
                    })
                })
                .collect(),
        }
    }

    /// The outcome value for a line in `currency` for a customer in `country`.
    pub fn value_for(&self, country: &str, currency: &str) -> Option<f64> {
        let values = self.values();
        if self.template.kind == OutcomeKind::Percentage {
            return values.first().map(|v| v.value);
        }
        values
            .iter()
            .find(|v| v.country == Some(country) && v.currency == Some(currency))
            .or_else(|| values.iter().find(|v| v.country.is_none() && v.currency == Some(currency)))
            .map(|v| v.value)
    }
}

fn template_qualifies(t: &Template, product: &Product) -> bool {
    match t.products {
        Products::All => true,
        Products::NamedLike(prefixes) => {
            product.offer_type == super::OfferType::License && prefixes.iter().any(|p| product.name.starts_with(p))
        }
    }
}

/// Add-ons and other non-base products: flexible discounts never apply (`2145`).
pub fn is_add_on(product: &Product) -> bool {
    let name = product.name.to_ascii_lowercase();
    name.contains("add-on") || name.contains("add on") || name.starts_with("ai assistant")
}

/// The deterministic id of (code, segment, year), shaped like a UUID.
pub fn discount_id(code: &str, segment: MarketSegment, year: i32) -> String {
    crate::ids::hashed_uuid(&format!("{code}/{segment}/{year}"))
}

/// The template with this code (exact match).
pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}

/// Years searched when an id is resolved.
const ID_YEARS: std::ops::RangeInclusive<i32> = 1990..=2210;

/// The discount with this id, if the catalogue has it.
pub fn by_id(id: &str) -> Option<FlexDiscount> {
    if id.len() != 36 {
        return None;
    }
    TEMPLATES.iter().flat_map(|t| t.segments.iter().map(move |s| (t, *s))).find_map(|(t, s)| {
        ID_YEARS.clone().find(|y| discount_id(t.code, s, *y) == id).and_then(|y| FlexDiscount::new(t, s, y))
    })
}

/// The instance of `template` for `segment` that governs `now`: the one live now, else the most
/// recent one that has started (for reuse), else the next one.
pub fn current(template: &'static Template, segment: MarketSegment, now: DateTime<Utc>) -> Option<FlexDiscount> {
    let year = now.year();
    let this = FlexDiscount::new(template, segment, year)?;
    if this.start <= now {
        return Some(this);
    }
    FlexDiscount::new(template, segment, year - 1).or(Some(this))
}

/// Every instance for `segment` whose window overlaps the years around `now` (one before, one
/// after), sorted by start then code.
pub fn around(segment: MarketSegment, now: DateTime<Utc>) -> Vec<FlexDiscount> {
    let year = now.year();
    let mut all: Vec<FlexDiscount> = TEMPLATES
        .iter()
        .flat_map(|t| (year - 3..=year + 1).filter_map(move |y| FlexDiscount::new(t, segment, y)))
        .collect();
    all.sort_by(|a, b| a.start.cmp(&b.start).then(a.template.code.cmp(b.template.code)));
    all
}

/// How far ahead future-dated discounts are listed.
pub const LISTING_HORIZON: TimeDelta = TimeDelta::days(366);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn ids_are_stable_unique_and_resolve() {
        let a = discount_id("SAVE10", MarketSegment::Com, 2026);
        assert_eq!(a, discount_id("SAVE10", MarketSegment::Com, 2026));
        assert_ne!(a, discount_id("SAVE10", MarketSegment::Edu, 2026));
        assert_ne!(a, discount_id("SAVE10", MarketSegment::Com, 2027));
        assert_eq!(a.len(), 36);
        let found = by_id(&a).expect("resolves");
        assert_eq!((found.template.code, found.segment, found.year), ("SAVE10", MarketSegment::Com, 2026));
        assert!(by_id("55555555-313b-476c-9d0b-6a610d5b91e0").is_none());
    }

    #[test]
    fn a_seasonal_reusable_discount_moves_through_its_statuses() {
        let t = template("BLACK_FRIDAY").expect("seeded");
        let d = FlexDiscount::new(t, MarketSegment::Com, 2025).expect("instance");
        assert_eq!(d.end, at("2025-12-31T23:59:59Z"));
        assert_eq!(d.lock_end, Some(at("2028-03-31T23:59:59Z")));
        assert_eq!(d.status(at("2025-10-01T00:00:00Z")), FlexStatus::Active);
        assert!(!d.is_live(at("2025-10-01T00:00:00Z")));
        assert!(d.is_live(at("2025-11-15T00:00:00Z")));
        assert_eq!(d.status(at("2026-02-01T00:00:00Z")), FlexStatus::Reusable);
        assert_eq!(d.status(at("2028-04-01T00:00:00Z")), FlexStatus::Expired);
    }

    #[test]
    fn every_segment_and_country_has_a_usable_discount_for_a_common_product() {
        let now = at("2026-12-03T10:00:00Z");
        for segment in MarketSegment::ALL {
            let product = products().iter().find(|p| p.segment == segment && !p.extra).expect("product");
            // Iran, Sudan and Syria have no currency: nothing can be ordered there.
            for country in super::super::countries().iter().filter(|c| !c.currencies.is_empty()) {
                let usable = TEMPLATES.iter().filter_map(|t| current(t, segment, now)).any(|d| {
                    d.is_live(now)
                        && d.sold_in(&country.code)
                        && d.qualifies(product)
                        && !d.always_fails()
                        && country.currencies.iter().any(|c| d.value_for(&country.code, c).is_some())
                });
                assert!(usable, "{segment} {}", country.code);
            }
        }
    }

    #[test]
    fn fixed_values_cover_every_currency_and_product_scopes_hold() {
        let t = template("ACROBAT20").expect("seeded");
        let d = FlexDiscount::new(t, MarketSegment::Com, 2026).expect("instance");
        assert_eq!(d.value_for("US", "USD"), Some(20.0));
        assert_eq!(d.value_for("JP", "JPY"), Some(3000.0));
        let ids = d.base_offer_ids();
        assert!(!ids.is_empty());
        for id in ids {
            let p = super::super::offer(&id).expect("offer").product;
            assert!(p.name.starts_with("Acrobat"), "{}", p.name);
        }
        let na = FlexDiscount::new(template("NA30").expect("seeded"), MarketSegment::Com, 2026).expect("instance");
        assert!(na.sold_in("US") && !na.sold_in("FR"));
        assert_eq!(na.value_for("CA", "USD"), Some(30.0));
    }
}
