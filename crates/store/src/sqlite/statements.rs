//! Tests of the shared statements ([`crate::sql`]) on SQLite: each prepares against the
//! migrated schema, numbers its parameters in the order rusqlite binds them, and searches the
//! indexes the hot paths need.

use rusqlite::Connection;
use vipmp_core::control::DueKind;

use crate::sql::{control as c, dump as d};

/// An in-memory database with every migration applied.
fn migrated() -> Connection {
    let db = Connection::open_in_memory().expect("open");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("migrations").map(|e| e.expect("entry").path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "sql")) {
        db.execute_batch(&std::fs::read_to_string(f).expect("read")).expect("migrate");
    }
    db
}

/// The jobs look for due work of every kind twice a second: each look-up must search an
/// index by its due column, never walk a distributor's rows (at 1,000,000 customers the
/// activation look-up once took 394 ms per tick).
#[test]
fn every_due_lookup_searches_an_index_on_its_due_column() {
    let db = migrated();
    for kind in DueKind::ALL {
        let (_, column, _, _) = c::due_source(kind);
        let sql = format!("EXPLAIN QUERY PLAN {}", c::due_sql(kind));
        let mut stmt = db.prepare(&sql).expect("plan");
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params!["5000000001", "2030-01-01", 10], |r| r.get(3))
            .expect("plan rows")
            .collect::<Result<_, _>>()
            .expect("plan");
        let first = plan.first().map_or("", String::as_str);
        assert!(
            first.starts_with("SEARCH")
                && (first.contains(&format!("{column}<?")) || first.contains(&format!("{column}>?"))),
            "{kind:?}: {plan:?}"
        );
    }
}

/// A customer's orders and subscriptions are found through an index on the customer, never by
/// walking the distributor's rows (the renewal sweep's `orders_of` once read every order of the
/// distributor for each customer: 8,000 due subscriptions took 20 s).
#[test]
fn per_customer_reads_search_an_index_on_the_customer() {
    let db = migrated();
    for sql in [crate::sql::orders::ORDERS_OF, crate::sql::orders::SUBSCRIPTIONS_OF] {
        let mut stmt = db.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params!["5000000001", "1005000001"], |r| r.get(3))
            .expect("plan rows")
            .collect::<Result<_, _>>()
            .expect("plan");
        let first = plan.first().map_or("", String::as_str);
        assert!(first.starts_with("SEARCH") && first.contains("customer_id=?"), "{sql}: {plan:?}");
    }
}

/// The records' statements ([`crate::sql`]).
const RECORDS: [&str; 39] = {
    use crate::sql::documents as doc;
    use crate::sql::{accounts as a, lists as l, orders as o, requests as r};
    [
        a::NEXT_ID,
        a::DISTRIBUTOR,
        a::PUT_DISTRIBUTOR,
        a::API_CLIENT,
        a::PUT_API_CLIENT,
        a::TOKEN,
        a::PUT_TOKEN,
        a::RESELLER,
        a::PUT_RESELLER,
        a::CUSTOMER,
        a::PUT_CUSTOMER,
        a::CONTACT,
        a::PUT_CONTACT,
        o::ORDER,
        o::PUT_ORDER,
        o::ORDERS_OF,
        o::SUBSCRIPTION,
        o::PUT_SUBSCRIPTION,
        o::SUBSCRIPTIONS_OF,
        o::RENEWAL_JOB,
        o::PUT_RENEWAL_JOB,
        o::COOLDOWN,
        o::START_COOLDOWN,
        r::REPLAY,
        r::STORE_REPLAY,
        r::REQUEST_ID_SEEN,
        r::RECORD_REQUEST_ID,
        r::PURGE_REPLAYS,
        r::PURGE_REQUEST_IDS,
        r::SESSION,
        r::PUT_SESSION,
        r::DELETE_SESSION,
        r::PURGE_SESSIONS,
        l::ACCOUNT_COUNT,
        doc::DOCUMENT,
        doc::PUT_DOCUMENT,
        doc::DELETE_DOCUMENT,
        doc::COUNT_DOCUMENTS,
        doc::EXPORT_DOCUMENTS,
    ]
};

/// rusqlite binds the shared `$n` statements positionally, which needs `$1, $2, …` to first
/// appear in that order (SQLite numbers named parameters by first appearance).
#[test]
fn shared_statements_number_their_parameters_in_order() {
    let db = migrated();
    let mut all: Vec<String> = [
        c::CLOCK,
        c::CLOCKS,
        c::PUT_CLOCK,
        c::FAULTS,
        c::NEXT_FAULT,
        c::ADD_FAULT,
        c::PUT_FAULT,
        c::DELETE_FAULT,
        c::CLEAR_FAULTS,
        c::TRIM_JOURNAL,
        c::JOURNAL_FLOOR,
        c::JOURNAL,
        d::SNAPSHOTS,
        d::PUT_SNAPSHOT,
        d::SNAPSHOT,
        d::DELETE_SNAPSHOT,
        d::EXPORT_RESELLERS,
        d::EXPORT_CUSTOMERS,
        d::EXPORT_ORDERS,
        d::EXPORT_SUBSCRIPTIONS,
        d::EXPORT_RENEWAL_JOBS,
        d::EXPORT_COOLDOWNS,
        d::EXPORT_REPLAYS,
        d::EXPORT_REQUEST_IDS,
        d::EXPORT_CONTACTS,
        d::IMPORT_COOLDOWN,
        d::IMPORT_REPLAY,
        d::IMPORT_REQUEST_ID,
        d::IMPORT_CONTACT,
    ]
    .into_iter()
    .chain(d::WIPE)
    .chain(RECORDS)
    .map(String::from)
    .collect();
    all.extend(DueKind::ALL.map(c::due_sql));
    all.extend([c::next_due_sql(&DueKind::ALL), c::due_many_sql(&DueKind::ALL), c::append_journal_sql(3)]);
    for list in crate::sql::lists::examples() {
        all.extend([list.count.sql.into_owned(), list.page.sql.into_owned()]);
    }
    for sql in &all {
        let stmt = db.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
        for i in 1..=stmt.parameter_count() {
            assert_eq!(stmt.parameter_name(i), Some(format!("${i}").as_str()), "{sql}");
        }
    }
}
