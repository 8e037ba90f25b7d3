//! The seeded templates: each discount's code, outcome, products, countries, segments and season,
//! before it is made concrete for a segment and a year.

use crate::reference::{MarketSegment, OfferType, Product};

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

pub(super) fn template_qualifies(t: &Template, product: &Product) -> bool {
    match t.products {
        Products::All => true,
        Products::NamedLike(prefixes) => {
            product.offer_type == OfferType::License && prefixes.iter().any(|p| product.name.starts_with(p))
        }
    }
}

/// The template with this code (exact match).
pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}
