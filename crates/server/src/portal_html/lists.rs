//! The list pages (Resellers, Customers, Orders): sort, page size, paging, search, and one
//! expandable `<tbody>` per record. The records come from the portal JSON API's list
//! functions, so the HTML pages list exactly what `/portal/api/v1` lists.

use askama::Template;
use axum::response::Response;

use super::{Layout, render, render_string};
use crate::kernel::extract::RawQuery;
use crate::portal_api::wire::Paged;

/// What differs between the three list pages, whose records are `T`.
#[derive(Debug)]
pub struct ListKind<T> {
    /// Navigation key and path segment (`customers`).
    pub key: &'static str,
    /// The page heading (`Customers`).
    pub title: &'static str,
    /// The record's noun in accessible names (`customer`).
    pub noun: &'static str,
    /// The id of a list item.
    pub id: fn(&T) -> &str,
    /// Sort fields: (value, label).
    pub sorts: &'static [(&'static str, &'static str)],
    /// Search criteria: (value, label).
    pub searches: &'static [(&'static str, &'static str)],
    /// Column headings after the toggle column.
    pub columns: &'static [&'static str],
    /// The cells of a list item, one per column.
    pub cells: fn(&T) -> Vec<String>,
}

/// One option of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The text shown.
    pub label: String,
    /// Whether it is selected.
    pub selected: bool,
}

fn choices(list: &[(&str, &str)], current: &str) -> Vec<Choice> {
    list.iter().map(|(v, l)| Choice { value: v.to_string(), label: l.to_string(), selected: *v == current }).collect()
}

/// A record's `<tbody>`: its row, and when expanded its detail row.
#[derive(Template)]
#[template(path = "portal/row.html")]
pub struct RowView {
    /// The list's path (`/portal/customers`).
    pub base: String,
    /// The record's noun (`customer`).
    pub noun: &'static str,
    /// The record id.
    pub id: String,
    /// The cells after the toggle.
    pub cells: Vec<String>,
    /// Whether the detail row is shown.
    pub expanded: bool,
    /// The rendered detail fragment (our own template's output).
    pub detail: String,
    /// Columns spanned by the detail row.
    pub colspan: usize,
    /// The header's clock as an out-of-band swap (after an operation that may move it).
    pub clock: Option<String>,
}

impl RowView {
    /// A row of `kind` for a list item.
    pub fn new<T>(kind: &ListKind<T>, item: &T, expanded: bool, detail: String) -> Self {
        Self {
            base: format!("/portal/{}", kind.key),
            noun: kind.noun,
            id: (kind.id)(item).to_string(),
            cells: (kind.cells)(item),
            expanded,
            detail,
            colspan: kind.columns.len() + 1,
            clock: None,
        }
    }
}

/// A list page.
#[derive(Template)]
#[template(path = "portal/list.html")]
pub struct ListPage {
    /// The frame.
    pub layout: Layout,
    /// The heading.
    pub title: &'static str,
    /// The list's path.
    pub base: String,
    /// Sort fields.
    pub sorts: Vec<Choice>,
    /// Directions.
    pub orders: Vec<Choice>,
    /// Page sizes.
    pub sizes: Vec<Choice>,
    /// Search criteria.
    pub searches: Vec<Choice>,
    /// The search text.
    pub q: String,
    /// Column headings.
    pub columns: &'static [&'static str],
    /// Rendered `<tbody>` elements.
    pub rows: Vec<String>,
    /// Total matches.
    pub total: i64,
    /// This page.
    pub page: i64,
    /// Number of pages (at least 1).
    pub pages: i64,
    /// Link to the previous page.
    pub prev: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
    /// An error (bad parameters).
    pub error: Option<String>,
}

fn link(base: &str, query: &RawQuery, page: i64) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &query.pairs {
        if k != "page" && !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    s.append_pair("page", &page.to_string());
    format!("{base}?{}", s.finish())
}

/// Renders a list page from the list function's answer (`Err` = its error message).
pub fn page<P: Paged>(
    kind: &ListKind<P::Item>,
    layout: Layout,
    query: &RawQuery,
    answer: Result<P, String>,
) -> Response {
    let one = |k: &str| query.pairs.iter().rev().find(|(n, v)| n == k && !v.is_empty()).map(|(_, v)| v.clone());
    let sort = one("sort").unwrap_or_else(|| "creationDate".into());
    let order = one("order").unwrap_or_else(|| "desc".into());
    let size = one("pageSize").unwrap_or_else(|| "10".into());
    let search_by = one("searchBy").unwrap_or_else(|| kind.searches[0].0.to_string());
    let base = format!("/portal/{}", kind.key);
    let ((total, page_no, page_size, items), error) = match answer {
        Ok(p) => (p.into_parts(), None),
        Err(e) => ((0, 1, 10, Vec::new()), Some(e)),
    };
    let page_size = page_size.max(1);
    let pages = ((total + page_size - 1) / page_size).max(1);
    if page_no > pages {
        // A page past the last (an old link, a typed URL): the last page, under its own URL.
        return super::session::see_other(&link(&base, query, pages));
    }
    let rows = items.iter().map(|i| render_string(&RowView::new(kind, i, false, String::new()))).collect();
    let sizes: Vec<(&str, &str)> = ["10", "20", "30", "50", "100"].iter().map(|s| (*s, *s)).collect();
    let view = ListPage {
        layout,
        title: kind.title,
        base: base.clone(),
        sorts: choices(kind.sorts, &sort),
        orders: choices(&[("desc", "Descending"), ("asc", "Ascending")], &order),
        sizes: choices(&sizes, &size),
        searches: choices(kind.searches, &search_by),
        q: one("q").map(|q| q.trim().to_string()).unwrap_or_default(),
        columns: kind.columns,
        rows,
        total,
        page: page_no,
        pages,
        prev: (page_no > 1).then(|| link(&base, query, page_no - 1)),
        next: (page_no < pages).then(|| link(&base, query, page_no + 1)),
        error,
    };
    render(&view)
}

/// `2026-01-31T10:00:00Z` shown as `2026-01-31 10:00:00 UTC`.
pub fn when(raw: &str) -> String {
    match raw.strip_suffix('Z') {
        Some(r) => format!("{} UTC", r.replacen('T', " ", 1)),
        None => raw.to_string(),
    }
}
