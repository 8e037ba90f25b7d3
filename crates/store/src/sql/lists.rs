//! The filtered, sorted pages of resellers, customers and orders: each a count of the matches
//! and a page of their documents.

use vipmp_core::dates::format_datetime;
use vipmp_core::store::{AccountQuery, AccountSort, OrderQuery, OrderSort, SortOrder};

use super::{Arg, Stmt, args, like_pattern};

/// How many resellers or customers (`$1`: the table's name) a distributor (`$2`) has, kept by
/// triggers: the count of a list with no filter.
pub(crate) const ACCOUNT_COUNT: &str =
    "SELECT CAST(coalesce((SELECT n FROM account_counts WHERE kind = $1 AND distributor_id = $2), 0) AS BIGINT)";

/// A list: the statement that counts the matches and the one that selects the page.
#[derive(Debug)]
pub(crate) struct List<'a> {
    /// `SELECT count(*)` (a `BIGINT`).
    pub count: Stmt<'a>,
    /// The page of rows, in order (`LIMIT … OFFSET`).
    pub page: Stmt<'a>,
}

/// A `WHERE` clause and the values of its parameters.
struct Filter<'a> {
    sql: String,
    args: Vec<Arg<'a>>,
}

impl<'a> Filter<'a> {
    /// The rows of one distributor.
    fn new(distributor_id: &'a str) -> Self {
        let mut f = Self { sql: String::new(), args: Vec::new() };
        let p = f.param(distributor_id);
        f.and(&format!("distributor_id = {p}"));
        f
    }

    /// The next parameter (`$n`), bound to `value`.
    fn param(&mut self, value: impl Into<Arg<'a>>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// Adds `condition`.
    fn and(&mut self, condition: &str) {
        self.sql.push_str(if self.sql.is_empty() { " WHERE " } else { " AND " });
        self.sql.push_str(condition);
    }

    /// Adds `column = value`.
    fn equals(&mut self, column: &str, value: &'a str) {
        let p = self.param(value);
        self.and(&format!("{column} = {p}"));
    }

    /// The count of the rows of `table` that match, and the page of their documents in `order`
    /// ("column DIR, id DIR").
    fn list(mut self, table: &str, order: &str, limit: i64, offset: i64) -> List<'a> {
        let count = Stmt::new(format!("SELECT count(*) FROM {table}{}", self.sql), self.args.clone());
        let (l, o) = (self.param(limit), self.param(offset));
        let page =
            Stmt::new(format!("SELECT doc FROM {table}{} ORDER BY {order} LIMIT {l} OFFSET {o}", self.sql), self.args);
        List { count, page }
    }
}

fn direction(order: SortOrder) -> &'static str {
    match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    }
}

/// A page of resellers or customers (`table`).
pub(crate) fn accounts<'a>(table: &'static str, q: &'a AccountQuery) -> List<'a> {
    let mut f = Filter::new(&q.distributor_id);
    if !q.statuses.is_empty() {
        let marks: Vec<String> = q.statuses.iter().map(|s| f.param(s)).collect();
        f.and(&format!("status IN ({})", marks.join(", ")));
    }
    if let Some(id) = &q.id {
        f.equals("id", id);
    }
    if let Some(r) = &q.reseller_id {
        f.equals("reseller_id", r);
    }
    if let Some(name) = &q.company_name {
        // The pattern is lower case. PostgreSQL's "C" collation of the column makes `lower()`
        // ASCII-only, so both backends match what SQLite's (ASCII case-insensitive) LIKE matches.
        let p = f.param(like_pattern(name));
        f.and(&format!("lower(company_name) LIKE {p} ESCAPE '\\'"));
    }
    if let Some(from) = q.created_from {
        let p = f.param(format_datetime(from));
        f.and(&format!("created_at >= {p}"));
    }
    if let Some(to) = q.created_to {
        let p = f.param(format_datetime(to));
        f.and(&format!("created_at <= {p}"));
    }
    let column = match q.sort {
        AccountSort::CreationDate => "created_at",
        AccountSort::CompanyName => "lower(company_name)",
        AccountSort::Id => "id",
        AccountSort::Status => "status",
    };
    let dir = direction(q.order);
    let mut list = f.list(table, &format!("{column} {dir}, id {dir}"), q.limit, q.offset);
    if q.is_unfiltered() {
        list.count = Stmt::new(ACCOUNT_COUNT, args![table, q.distributor_id.as_str()]);
    }
    list
}

/// A page of orders.
pub(crate) fn orders(q: &OrderQuery) -> List<'_> {
    let mut f = Filter::new(&q.distributor_id);
    if let Some(id) = &q.order_id {
        f.equals("id", id);
    }
    if let Some(cid) = &q.customer_id {
        f.equals("customer_id", cid);
    }
    let column = match q.sort {
        OrderSort::CreationDate => "created_at",
        OrderSort::Id => "id",
        OrderSort::Status => "status",
        OrderSort::OrderType => "order_type",
    };
    let dir = direction(q.order);
    f.list("orders", &format!("{column} {dir}, id {dir}"), q.limit, q.offset)
}

/// A list of each kind with every filter it can have set (for tests of the statements).
#[cfg(test)]
pub(crate) fn examples() -> Vec<List<'static>> {
    use std::sync::LazyLock;
    static ACCOUNTS: LazyLock<AccountQuery> = LazyLock::new(|| AccountQuery {
        distributor_id: "5000000001".into(),
        statuses: vec!["1000".into(), "1004".into()],
        id: Some("1005000001".into()),
        reseller_id: Some("1000000001".into()),
        company_name: Some("ac*".into()),
        created_from: Some(chrono::DateTime::UNIX_EPOCH),
        created_to: Some(chrono::DateTime::UNIX_EPOCH),
        sort: AccountSort::CompanyName,
        order: SortOrder::Desc,
        limit: 10,
        offset: 20,
    });
    static RESELLERS: LazyLock<AccountQuery> = LazyLock::new(|| AccountQuery { reseller_id: None, ..ACCOUNTS.clone() });
    static ORDERS: LazyLock<OrderQuery> = LazyLock::new(|| OrderQuery {
        distributor_id: "5000000001".into(),
        order_id: Some("1010000001".into()),
        customer_id: Some("1005000001".into()),
        sort: OrderSort::OrderType,
        order: SortOrder::Asc,
        limit: 10,
        offset: 0,
    });
    vec![accounts("customers", &ACCOUNTS), accounts("resellers", &RESELLERS), orders(&ORDERS)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_number_their_parameters_in_order() {
        let list = examples().remove(0);
        assert_eq!(
            list.page.sql,
            "SELECT doc FROM customers WHERE distributor_id = $1 AND status IN ($2, $3) AND id = $4 \
             AND reseller_id = $5 AND lower(company_name) LIKE $6 ESCAPE '\\' AND created_at >= $7 \
             AND created_at <= $8 ORDER BY lower(company_name) DESC, id DESC LIMIT $9 OFFSET $10"
        );
        assert_eq!(list.page.args.len(), 10);
        assert_eq!(list.count.args.len(), 8);
        assert!(list.count.sql.starts_with("SELECT count(*) FROM customers WHERE distributor_id = $1 AND status"));
    }
}
