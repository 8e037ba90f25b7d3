//! The query rules shared by the account lists (E6, E10): status, name, dates, sort, paging.

use crate::kernel::error::search_param as bad;
use vipmp_core::dates;
use vipmp_core::error::{CoreError, ErrorCode};
use vipmp_core::store::{AccountQuery, AccountSort, Page, SortOrder};

use super::dto::LinksOut;
use crate::kernel::error::ApiError;
use crate::kernel::extract::RawQuery;

/// Parses a non-negative integer parameter.
pub fn int_param(query: &RawQuery, key: &str) -> Result<Option<i64>, ApiError> {
    match query.single(key)? {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| bad(key)),
    }
}

/// `limit` (1–`max`, default `default`) and `offset` (≥ 0); `1132` otherwise.
pub fn paging(query: &RawQuery, default: i64, max: i64) -> Result<(i64, i64), ApiError> {
    let limit = int_param(query, "limit")?.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(bad("limit"));
    }
    let offset = int_param(query, "offset")?.unwrap_or(0);
    if offset < 0 {
        return Err(bad("offset"));
    }
    Ok((limit, offset))
}

/// Builds an account query from E6/E10 parameters.
pub fn account_query(
    query: &RawQuery,
    distributor_id: &str,
    with_customer_filters: bool,
) -> Result<AccountQuery, ApiError> {
    let statuses = query.all("status");
    for s in &statuses {
        if !["1000", "1002", "1004", "1026"].contains(s) {
            return Err(bad("status"));
        }
    }
    let statuses: Vec<String> =
        if statuses.is_empty() { vec!["1000".into()] } else { statuses.iter().map(|s| s.to_string()).collect() };
    let sort = match query.single("sort-by")? {
        None => AccountSort::CreationDate,
        Some("creationDate") => AccountSort::CreationDate,
        Some("companyName") => AccountSort::CompanyName,
        Some(_) => return Err(bad("sort-by")),
    };
    let order = match query.single("order-by")?.map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") => SortOrder::Desc,
        Some("asc") => SortOrder::Asc,
        Some(_) => return Err(bad("order-by")),
    };
    let (limit, offset) = paging(query, 20, 50)?;
    let mut q = AccountQuery {
        distributor_id: distributor_id.to_string(),
        statuses,
        id: None,
        reseller_id: None,
        company_name: query.single("company-name")?.map(str::to_string),
        created_from: None,
        created_to: None,
        sort,
        order,
        limit,
        offset,
    };
    if with_customer_filters {
        q.id = query.single("customer-id")?.map(str::to_string);
        if let Some(from) = query.single("from-created-date")? {
            q.created_from = Some(dates::parse_date_or_datetime(from).ok_or_else(|| bad("from-created-date"))?);
        }
        if let Some(to) = query.single("to-created-date")? {
            let end = match dates::parse_date(to) {
                Some(d) => d.and_hms_opt(23, 59, 59).map(|t| t.and_utc()),
                None => dates::parse_date_or_datetime(to),
            };
            q.created_to = Some(end.ok_or_else(|| bad("to-created-date"))?);
        }
    }
    Ok(q)
}

/// The paging numbers and links of an offset list (SPEC §2.5).
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// Matches, ignoring paging.
    pub total_count: i64,
    /// Entries in this page.
    pub count: i64,
    /// The page's offset.
    pub offset: i64,
    /// The effective page size.
    pub limit: i64,
    /// `self`, `next` and `prev`.
    pub links: LinksOut,
}

/// The envelope of a page of `count` entries: `1133` when the offset is past the end.
pub fn page_meta(
    query: &RawQuery,
    path: &str,
    total: i64,
    offset: i64,
    limit: i64,
    count: usize,
) -> Result<PageMeta, ApiError> {
    if offset > total {
        return Err(ApiError(CoreError::detail(ErrorCode::OffsetOutOfRange, "offset")));
    }
    let count = count as i64;
    let links = LinksOut {
        self_: link(query, path, offset, limit),
        next: (offset + count < total).then(|| link(query, path, offset + limit, limit)),
        prev: (offset > 0).then(|| link(query, path, (offset - limit).max(0), limit)),
    };
    Ok(PageMeta { total_count: total, count, offset, limit, links })
}

/// A page of a list held in memory: its entries from `offset` (at most `limit`), mapped, and the
/// envelope (`1133` past the end).
pub fn slice_page<T, U>(
    query: &RawQuery,
    path: &str,
    all: &[T],
    (limit, offset): (i64, i64),
    map: impl FnMut(&T) -> U,
) -> Result<(PageMeta, Vec<U>), ApiError> {
    let items: Vec<U> = all
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(map)
        .collect();
    let meta = page_meta(query, path, all.len() as i64, offset, limit, items.len())?;
    Ok((meta, items))
}

/// The envelope of a page of accounts.
pub fn account_page<T>(query: &RawQuery, path: &str, q: &AccountQuery, page: &Page<T>) -> Result<PageMeta, ApiError> {
    page_meta(query, path, page.total, q.offset, q.limit, page.items.len())
}

/// A self/next/prev link of a list.
fn link(query: &RawQuery, path: &str, offset: i64, limit: i64) -> super::dto::LinkOut {
    super::dto::LinkOut::get(query.link_uri(path, offset, limit))
}
