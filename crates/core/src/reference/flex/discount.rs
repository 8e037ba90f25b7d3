//! A discount made concrete for a segment and a year: its window, status and outcome values.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::catalogue::{OutcomeKind, Products, Template, template_qualifies};
use super::discount_id;
use crate::reference::product::currency_factor;
use crate::reference::{CURRENCIES, MarketSegment, Product, products};

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
                    let currencies =
                        crate::reference::country(country).map(|c| c.currencies.clone()).unwrap_or_default();
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
