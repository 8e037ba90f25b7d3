//! The portal's list conventions (SPEC §5): `sort`, `order`, `pageSize` (10/20/30/50/100),
//! `page` (from 1), `searchBy` and `q`; answers `{totalCount, page, pageSize, items}` (the
//! page types of [`super::wire`]).

use vipmp_core::store::SortOrder;

use crate::kernel::error::ApiError;
pub use crate::kernel::error::portal_bad as bad;
use crate::kernel::extract::RawQuery;

/// Parsed paging and sorting.
#[derive(Debug, Clone)]
pub struct PortalPage {
    /// The sort field as sent (validated by the caller).
    pub sort: String,
    /// Direction.
    pub order: SortOrder,
    /// Page size.
    pub page_size: i64,
    /// Page number, from 1.
    pub page: i64,
    /// Search criterion and value.
    pub search: Option<(String, String)>,
}

impl PortalPage {
    /// The offset of the page.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

/// Reads the list parameters; `sorts` and `searches` are the allowed values.
pub fn parse(query: &RawQuery, sorts: &[&str], searches: &[&str]) -> Result<PortalPage, ApiError> {
    let one = |key: &str| query.single(key).map_err(|_| bad(key));
    let sort = one("sort")?.unwrap_or("creationDate").to_string();
    if !sorts.contains(&sort.as_str()) {
        return Err(bad("sort"));
    }
    let order = match one("order")?.map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") => SortOrder::Desc,
        Some("asc") => SortOrder::Asc,
        Some(_) => return Err(bad("order")),
    };
    let page_size = match one("pageSize")? {
        None => 10,
        Some(v) => {
            v.parse::<i64>().ok().filter(|n| [10, 20, 30, 50, 100].contains(n)).ok_or_else(|| bad("pageSize"))?
        }
    };
    let page = match one("page")? {
        None => 1,
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 1 && *n <= 1_000_000).ok_or_else(|| bad("page"))?,
    };
    // A search for nothing (spaces only) is no search.
    let q = one("q")?.map(str::trim).filter(|q| !q.is_empty());
    let search = match (one("searchBy")?, q) {
        (Some(by), Some(q)) => {
            if !searches.contains(&by) {
                return Err(bad("searchBy"));
            }
            Some((by.to_string(), q.to_string()))
        }
        (None, Some(q)) => Some((searches.first().copied().unwrap_or("id").to_string(), q.to_string())),
        _ => None,
    };
    Ok(PortalPage { sort, order, page_size, page, search })
}
