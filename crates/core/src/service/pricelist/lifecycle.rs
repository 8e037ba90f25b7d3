//! The offers' life cycle as the editions show it, derived from a hash of the product key: a
//! launch date and a yearly price review (see the module docs of [`super`]).

use chrono::{Datelike, Months, NaiveDate};

use crate::reference::{self, Product};

/// The first and last day of an edition.
pub(super) struct Edition {
    pub(super) first: NaiveDate,
    pub(super) last: NaiveDate,
}

impl Edition {
    pub(super) fn new((year, month): (i32, u32)) -> Self {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
        let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
        Self { first, last }
    }

    pub(super) fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }
}

/// A product's launch and yearly price review, derived from its key.
pub(super) struct Lifecycle {
    launch: NaiveDate,
    review_month: u32,
}

/// A product's price windows and event as one edition shows them.
pub(super) struct InEdition {
    pub(super) launch: NaiveDate,
    pub(super) current: (NaiveDate, NaiveDate),
    pub(super) previous: Option<(NaiveDate, NaiveDate)>,
    pub(super) event: Option<(&'static str, NaiveDate, &'static str)>,
}

impl Lifecycle {
    pub(super) fn of(product: &Product) -> Self {
        let hash = reference::fnv1a(product.key.as_bytes());
        // Both are below 24 and 28, so the conversions are exact.
        let months = (hash % 24) as u32;
        let day = 1 + ((hash >> 16) % 28) as u32;
        let launch =
            NaiveDate::from_ymd_opt(2019 + (months / 12) as i32, 1 + months % 12, day).unwrap_or(NaiveDate::MIN);
        Self { launch, review_month: 1 + ((hash >> 32) % 12) as u32 }
    }

    fn review(&self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.review_month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The windows as of `edition`; `None` before launch.
    pub(super) fn in_edition(&self, edition: &Edition) -> Option<InEdition> {
        if self.launch > edition.last {
            return None;
        }
        let first_review_year = self.launch.year() + 1;
        let year = if self.review(edition.last.year()) <= edition.last {
            edition.last.year()
        } else {
            edition.last.year() - 1
        };
        let day_before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
        let (current, previous) = if year >= first_review_year {
            let start = self.review(year);
            let previous_start = if year > first_review_year { self.review(year - 1) } else { self.launch };
            ((start, day_before(self.review(year + 1))), Some((previous_start, day_before(start))))
        } else {
            ((self.launch, day_before(self.review(first_review_year))), None)
        };
        let event = if edition.contains(self.launch) {
            Some(("Add", self.launch, "New offer"))
        } else if previous.is_some() && edition.contains(current.0) {
            Some(("Change", current.0, "Price change"))
        } else {
            None
        };
        Some(InEdition { launch: self.launch, current, previous, event })
    }
}
