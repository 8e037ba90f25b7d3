//! The store contract: every story is written once against `Arc<dyn Store>` and runs on both
//! backends — `sqlite::<story>` on a temporary file, `postgres::<story>` on a database of its
//! own (skipped without a reachable PostgreSQL, unless `CI=true`; see `vipmp_store::testing`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use vipmp_core::control::DueKind;
use vipmp_core::ids::Sequence;
use vipmp_core::model::{
    AccessToken, Address, ApiClient, Contact, Customer, CustomerProfile, Distributor, LineItem, Order, OrderType,
    RenewalJob, Reseller, ResellerProfile, Subscription,
};
use vipmp_core::reference::MarketSegment;
use vipmp_core::service::timeline;
use vipmp_core::store::{
    AccountQuery, AccountSort, DocumentQuery, DocumentSort, OrderQuery, OrderSort, PortalSession, ReplayKey, SortOrder,
    Store, StoreError, StoredDocument, StoredResponse,
};
use vipmp_store::testing::TestDatabase;
use vipmp_store::{PoolSettings, connect_with};

/// Stories of one store.
macro_rules! contract {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let db = TestDatabase::sqlite();
                    super::$story(db.connect().await).await;
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
                    super::$story(db.connect().await).await;
                }
            )*
        }
    };
}

/// Stories of two stores on one database: two instances of the sandbox.
macro_rules! contract_two_instances {
    ($($story:ident),* $(,)?) => {
        mod sqlite_two_instances {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let db = TestDatabase::sqlite();
                    super::$story(db.connect().await, db.connect().await).await;
                }
            )*
        }
        mod postgres_two_instances {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $story() {
                    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
                    super::$story(db.connect().await, db.connect().await).await;
                }
            )*
        }
    };
}

contract!(
    sequences_count_up_from_their_first_value,
    records_round_trip_and_stay_within_their_distributor,
    account_lists_filter_sort_page_and_count,
    orders_of_is_newest_first_and_list_orders_pages,
    subscriptions_of_keeps_insertion_order_within_a_second,
    due_orders_are_open_ones_oldest_first,
    due_activations_cover_resellers_and_customers,
    replays_store_replay_and_expire,
    a_rolled_back_claim_vanishes,
    reads_beside_an_open_write_see_only_committed_records,
    request_ids_are_remembered_for_the_window,
    the_cooldown_accepts_one_trigger_per_window,
    renewal_jobs_round_trip_and_fall_due,
    due_renewal_customers_skip_processed_dates,
    purge_removes_old_replays_and_request_ids,
    twenty_concurrent_claims_of_one_key_create_one_customer,
    portal_sessions_round_trip_and_expire,
    documents_round_trip_list_and_fall_due,
);

contract_two_instances!(two_instances_share_sequences_and_replays, two_instances_accept_one_cooldown_between_them,);

// ---- records ---------------------------------------------------------------------------

const D1: &str = "5000000001";
const D2: &str = "5000000002";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn t0() -> DateTime<Utc> {
    at("2025-03-01T10:00:00Z")
}

/// The ids of `kind` due at `at` for one distributor, through the control plane's `due`, the
/// look-up the jobs use.
async fn due_at(store: &Arc<dyn Store>, d: &str, kind: DueKind, at: DateTime<Utc>, limit: i64) -> Vec<String> {
    store.control().due(d, kind, &timeline::due_upto(kind, at), limit).await.expect("due")
}

fn secs(n: i64) -> chrono::Duration {
    chrono::Duration::seconds(n)
}

fn as_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("json")
}

fn distributor(id: &str) -> Distributor {
    Distributor {
        name: format!("Distributor {id}"),
        contract: vec![("NA".into(), "USD".into())],
        market_segments: vec![MarketSegment::Com],
        ..Distributor::standard(id)
    }
}

fn address() -> Address {
    Address {
        country: "US".into(),
        region: "CA".into(),
        city: "San Jose".into(),
        address_line1: "345 Park Avenue".into(),
        address_line2: String::new(),
        postal_code: "95110".into(),
        phone_number: String::new(),
    }
}

fn contact() -> Contact {
    Contact {
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: "ada@example.com".into(),
        phone_number: None,
    }
}

fn reseller(distributor_id: &str, id: &str, name: &str, status: &str, created_at: DateTime<Utc>) -> Reseller {
    Reseller {
        id: id.into(),
        distributor_id: distributor_id.into(),
        external_reference_id: format!("ext-{id}"),
        profile: ResellerProfile {
            company_name: name.into(),
            preferred_language: "en-US".into(),
            market_segments: vec![MarketSegment::Com],
            address: address(),
            contacts: vec![contact()],
        },
        status: status.into(),
        created_at,
        activate_at: None,
    }
}

fn customer(distributor_id: &str, reseller_id: &str, id: &str, name: &str, created_at: DateTime<Utc>) -> Customer {
    Customer {
        id: id.into(),
        distributor_id: distributor_id.into(),
        reseller_id: reseller_id.into(),
        external_reference_id: format!("ext-{id}"),
        profile: CustomerProfile {
            company_name: name.into(),
            preferred_language: "en-US".into(),
            market_segment: MarketSegment::Com,
            market_sub_segments: Vec::new(),
            address: address(),
            contacts: vec![contact()],
        },
        status: "1000".into(),
        global_sales_enabled: false,
        discounts: Vec::new(),
        tags: vec!["a".into()],
        coterm_date: Some(day("2026-03-01")),
        created_at,
        three_year_commit: None,
        lga_status: None,
        activate_at: None,
        recommendation_leads: Vec::new(),
        purchase_authorizations: Vec::new(),
        linked_membership: None,
        deployments: Vec::new(),
        reseller_transfers: Vec::new(),
        open_manual_renewal: None,
    }
}

fn order(distributor_id: &str, customer_id: &str, id: &str, created_at: DateTime<Utc>) -> Order {
    Order {
        id: id.into(),
        distributor_id: distributor_id.into(),
        customer_id: customer_id.into(),
        external_reference_id: String::new(),
        order_type: OrderType::New,
        reference_order_id: String::new(),
        currency_code: "USD".into(),
        created_at,
        status: "1000".into(),
        source: "API".into(),
        line_items: vec![LineItem {
            ext_line_item_number: 1,
            offer_id: "65304479CA01A12".into(),
            quantity: 3,
            subscription_id: String::new(),
            status: "1000".into(),
            currency_code: "USD".into(),
            deployment_id: None,
            pricing: None,
            flex_discounts: Vec::new(),
            discount_code: None,
        }],
        process_after: None,
        cancelling_items: Vec::new(),
        reassign_users: false,
        eligible_offers: Vec::new(),
    }
}

fn subscription(distributor_id: &str, customer_id: &str, id: &str, created_at: DateTime<Utc>) -> Subscription {
    Subscription {
        renewal_date: Some(day("2026-03-01")),
        ..Subscription::new_active(id.into(), distributor_id, customer_id, "65304479CA", 5, created_at)
    }
}

fn renewal_job(
    distributor_id: &str,
    id: &str,
    customer_id: &str,
    status: &str,
    run_after: DateTime<Utc>,
) -> RenewalJob {
    RenewalJob {
        id: id.into(),
        distributor_id: distributor_id.into(),
        customer_id: customer_id.into(),
        status: status.into(),
        run_after,
        renewal_order_id: None,
        expired_subscriptions: Vec::new(),
        renewed: 0,
    }
}

fn key(correlation_id: &str) -> ReplayKey {
    ReplayKey {
        client_id: "client".into(),
        method: "POST".into(),
        route: "/v3/customers".into(),
        correlation_id: correlation_id.into(),
    }
}

fn response(status: u16, body: &[u8]) -> StoredResponse {
    StoredResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into()), ("x-extra".into(), "1".into())],
        body: body.to_vec(),
    }
}

fn accounts(distributor_id: &str) -> AccountQuery {
    AccountQuery {
        distributor_id: distributor_id.into(),
        statuses: Vec::new(),
        id: None,
        reseller_id: None,
        company_name: None,
        created_from: None,
        created_to: None,
        sort: AccountSort::Id,
        order: SortOrder::Asc,
        limit: 100,
        offset: 0,
    }
}

fn orders_query(distributor_id: &str) -> OrderQuery {
    OrderQuery {
        distributor_id: distributor_id.into(),
        order_id: None,
        customer_id: None,
        sort: OrderSort::Id,
        order: SortOrder::Asc,
        limit: 100,
        offset: 0,
    }
}

fn reseller_ids(items: &[Reseller]) -> Vec<&str> {
    items.iter().map(|r| r.id.as_str()).collect()
}

fn customer_ids(items: &[Customer]) -> Vec<&str> {
    items.iter().map(|c| c.id.as_str()).collect()
}

fn order_ids(items: &[Order]) -> Vec<&str> {
    items.iter().map(|o| o.id.as_str()).collect()
}

/// Both distributors, committed.
async fn seed_distributors(store: &Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    tx.put_distributor(&distributor(D1)).await.expect("d1");
    tx.put_distributor(&distributor(D2)).await.expect("d2");
    tx.commit().await.expect("commit");
}

// ---- stories ---------------------------------------------------------------------------

async fn sequences_count_up_from_their_first_value(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.next_id(Sequence::Reseller).await.expect("id"), 1_000_000_001);
    assert_eq!(tx.next_id(Sequence::Reseller).await.expect("id"), 1_000_000_002);
    assert_eq!(tx.next_id(Sequence::Customer).await.expect("id"), 1_005_000_001);
    assert_eq!(tx.next_id(Sequence::Order).await.expect("id"), 5_120_000_001);
    assert_eq!(tx.next_id(Sequence::Subscription).await.expect("id"), 1);
    assert_eq!(tx.next_id(Sequence::Deployment).await.expect("id"), 1_450_000_001);
    assert_eq!(tx.next_id(Sequence::RenewalJob).await.expect("id"), 1);
    tx.commit().await.expect("commit");

    // A rolled-back transaction gives its values back.
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.next_id(Sequence::Reseller).await.expect("id"), 1_000_000_003);
    drop(tx);
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.next_id(Sequence::Reseller).await.expect("id"), 1_000_000_003);
    assert_eq!(tx.next_id(Sequence::Order).await.expect("id"), 5_120_000_002);
    tx.commit().await.expect("commit");
}

async fn records_round_trip_and_stay_within_their_distributor(store: Arc<dyn Store>) {
    seed_distributors(&store).await;
    let r = reseller(D1, "1000000001", "Reseller One", "1000", t0());
    let mut c = customer(D1, &r.id, "1005000001", "Customer One", t0() + secs(1));
    c.activate_at = Some(t0() + secs(60));
    let mut o = order(D1, &c.id, "5120000001", t0() + secs(2));
    o.process_after = Some(t0() + secs(3));
    let s = subscription(D1, &c.id, "a1b2c3d4e5f60718293a4b5c6d7e8fNA", t0() + secs(2));
    let job = renewal_job(D1, "rj-1", &c.id, "PENDING", t0() + secs(5));
    let client = ApiClient { client_id: "client".into(), client_secret: "secret".into(), distributor_id: D1.into() };
    let token = AccessToken { token: "tok-1".into(), client_id: "client".into(), expires_at: t0() + secs(86_400) };

    let mut tx = store.begin().await.expect("begin");
    tx.put_api_client(&client).await.expect("client");
    tx.put_token(&token).await.expect("token");
    tx.put_reseller(&r).await.expect("reseller");
    tx.put_customer(&c).await.expect("customer");
    tx.put_order(&o).await.expect("order");
    tx.put_subscription(&s).await.expect("subscription");
    tx.put_renewal_job(&job).await.expect("job");
    // Reads inside the transaction see its own writes.
    assert_eq!(as_json(&tx.customer(D1, &c.id).await.expect("read")), as_json(&Some(c.clone())));
    assert_eq!(tx.subscription(D1, &s.id).await.expect("read"), Some(s.clone()));
    tx.commit().await.expect("commit");

    assert_eq!(as_json(&store.distributor(D1).await.expect("read")), as_json(&Some(distributor(D1))));
    assert_eq!(as_json(&store.api_client("client").await.expect("read")), as_json(&Some(client)));
    let t = store.token("tok-1").await.expect("read").expect("token");
    assert_eq!((t.client_id.as_str(), t.expires_at), ("client", token.expires_at));
    assert!(store.token("tok-2").await.expect("read").is_none());
    assert_eq!(as_json(&store.reseller(D1, &r.id).await.expect("read")), as_json(&Some(r.clone())));
    assert_eq!(as_json(&store.customer(D1, &c.id).await.expect("read")), as_json(&Some(c.clone())));
    assert_eq!(store.order(D1, &o.id).await.expect("read"), Some(o.clone()));
    assert_eq!(store.subscriptions_of(D1, &c.id).await.expect("read"), vec![s.clone()]);
    assert_eq!(store.orders_of(D1, &c.id).await.expect("read"), vec![o.clone()]);
    assert_eq!(store.renewal_job(D1, "rj-1").await.expect("read"), Some(job.clone()));

    // Another distributor sees none of it.
    assert!(store.reseller(D2, &r.id).await.expect("read").is_none());
    assert!(store.customer(D2, &c.id).await.expect("read").is_none());
    assert!(store.order(D2, &o.id).await.expect("read").is_none());
    assert!(store.subscriptions_of(D2, &c.id).await.expect("read").is_empty());
    assert!(store.orders_of(D2, &c.id).await.expect("read").is_empty());
    assert!(store.renewal_job(D2, "rj-1").await.expect("read").is_none());
    assert_eq!(store.list_resellers(&accounts(D2)).await.expect("list").total, 0);
    assert_eq!(store.list_customers(&accounts(D2)).await.expect("list").total, 0);
    assert_eq!(store.list_orders(&orders_query(D2)).await.expect("list").total, 0);
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.reseller(D2, &r.id).await.expect("read").is_none());
    assert!(tx.customer(D2, &c.id).await.expect("read").is_none());
    assert!(tx.order(D2, &o.id).await.expect("read").is_none());
    assert!(tx.subscription(D2, &s.id).await.expect("read").is_none());
    assert!(tx.renewal_job(D2, "rj-1").await.expect("read").is_none());
    assert!(tx.orders_of(D2, &c.id).await.expect("read").is_empty());
    assert!(tx.subscriptions_of(D2, &c.id).await.expect("read").is_empty());

    // Upserts replace the record and its columns.
    let mut c2 = c.clone();
    c2.status = "1004".into();
    c2.activate_at = None;
    c2.profile.company_name = "Renamed".into();
    let mut o2 = o.clone();
    o2.status = "1002".into();
    o2.process_after = None;
    let mut s2 = s.clone();
    s2.current_quantity = 9;
    tx.put_customer(&c2).await.expect("customer");
    tx.put_order(&o2).await.expect("order");
    tx.put_subscription(&s2).await.expect("subscription");
    tx.commit().await.expect("commit");
    let got = store.customer(D1, &c.id).await.expect("read").expect("customer");
    assert_eq!((got.status.as_str(), got.profile.company_name.as_str()), ("1004", "Renamed"));
    let mut q = accounts(D1);
    q.statuses = vec!["1004".into()];
    assert_eq!(customer_ids(&store.list_customers(&q).await.expect("list").items), vec![c.id.as_str()]);
    for kind in [DueKind::ResellerActivation, DueKind::CustomerActivation, DueKind::Order] {
        assert!(due_at(&store, D1, kind, t0() + secs(3600), 10).await.is_empty(), "{kind:?}");
    }
    assert_eq!(store.order(D1, &o.id).await.expect("read"), Some(o2));
    assert_eq!(store.subscriptions_of(D1, &c.id).await.expect("read"), vec![s2]);
}

async fn account_lists_filter_sort_page_and_count(store: Arc<dyn Store>) {
    seed_distributors(&store).await;
    // Names chosen so that a locale-aware collation would sort differently from SQLite's
    // bytewise one ("_" and " " before letters, case folded by lower()).
    let rows = [
        ("1000000001", "banana Ltd", "1000", "2025-03-01T10:00:00Z"),
        ("1000000002", "Apple Inc", "1004", "2025-03-02T10:00:00Z"),
        ("1000000003", "_under score", "1000", "2025-03-03T10:00:00Z"),
        ("1000000004", "100% Real", "1002", "2025-03-04T10:00:00Z"),
        ("1000000005", "Cherry_Pie", "1000", "2025-03-05T10:00:00Z"),
        ("1000000006", " space first", "1000", "2025-03-06T10:00:00Z"),
        ("1000000007", "APPLE PIE", "1000", "2025-03-07T10:00:00Z"),
    ];
    let mut tx = store.begin().await.expect("begin");
    for (id, name, status, created) in rows {
        tx.put_reseller(&reseller(D1, id, name, status, at(created))).await.expect("reseller");
    }
    tx.put_reseller(&reseller(D2, "1000000099", "Apple Other", "1000", t0())).await.expect("reseller");
    let customers = [
        ("1005000001", "1000000001", "Zeta", "2025-03-01T10:00:00Z"),
        ("1005000002", "1000000002", "alpha", "2025-03-01T10:00:00Z"),
        ("1005000003", "1000000001", "Mid", "2025-03-02T12:00:00Z"),
    ];
    for (id, reseller_id, name, created) in customers {
        tx.put_customer(&customer(D1, reseller_id, id, name, at(created))).await.expect("customer");
    }
    tx.put_customer(&customer(D2, "1000000099", "1005000099", "Other", t0())).await.expect("customer");
    tx.commit().await.expect("commit");

    let all = store.list_resellers(&accounts(D1)).await.expect("list");
    assert_eq!(all.total, 7);
    assert_eq!(
        reseller_ids(&all.items),
        ["1000000001", "1000000002", "1000000003", "1000000004", "1000000005", "1000000006", "1000000007"]
    );

    let mut q = accounts(D1);
    q.sort = AccountSort::CompanyName;
    let by_name = store.list_resellers(&q).await.expect("list");
    let names: Vec<&str> = by_name.items.iter().map(|r| r.profile.company_name.as_str()).collect();
    assert_eq!(
        names,
        [" space first", "100% Real", "_under score", "Apple Inc", "APPLE PIE", "banana Ltd", "Cherry_Pie"]
    );
    q.order = SortOrder::Desc;
    let desc = store.list_resellers(&q).await.expect("list");
    let names: Vec<&str> = desc.items.iter().map(|r| r.profile.company_name.as_str()).collect();
    assert_eq!(
        names,
        ["Cherry_Pie", "banana Ltd", "APPLE PIE", "Apple Inc", "_under score", "100% Real", " space first"]
    );

    let mut q = accounts(D1);
    q.sort = AccountSort::Status;
    q.order = SortOrder::Desc;
    let by_status = store.list_resellers(&q).await.expect("list");
    assert_eq!(
        reseller_ids(&by_status.items),
        ["1000000002", "1000000004", "1000000007", "1000000006", "1000000005", "1000000003", "1000000001"]
    );

    let mut q = accounts(D1);
    q.sort = AccountSort::CreationDate;
    q.order = SortOrder::Desc;
    q.limit = 2;
    q.offset = 2;
    let page = store.list_resellers(&q).await.expect("list");
    assert_eq!((page.total, reseller_ids(&page.items)), (7, vec!["1000000005", "1000000004"]));
    q.offset = 6;
    let last = store.list_resellers(&q).await.expect("list");
    assert_eq!((last.total, reseller_ids(&last.items)), (7, vec!["1000000001"]));
    q.offset = 7;
    let past = store.list_resellers(&q).await.expect("list");
    assert_eq!((past.total, past.items.len()), (7, 0));

    let mut q = accounts(D1);
    q.statuses = vec!["1000".into(), "1002".into()];
    let filtered = store.list_resellers(&q).await.expect("list");
    assert_eq!(filtered.total, 6);
    q.id = Some("1000000004".into());
    assert_eq!(reseller_ids(&store.list_resellers(&q).await.expect("list").items), ["1000000004"]);

    // Company names: case-insensitive, `*` wildcards, `%` and `_` literal.
    let named = |pattern: &str| {
        let mut q = accounts(D1);
        q.company_name = Some(pattern.into());
        q
    };
    let apple = store.list_resellers(&named("apple*")).await.expect("list");
    assert_eq!((apple.total, reseller_ids(&apple.items)), (2, vec!["1000000002", "1000000007"]));
    assert_eq!(store.list_resellers(&named("*PIE")).await.expect("list").total, 2);
    assert_eq!(store.list_resellers(&named("apple")).await.expect("list").total, 0);
    assert_eq!(store.list_resellers(&named("APPLE INC")).await.expect("list").total, 1);
    assert_eq!(reseller_ids(&store.list_resellers(&named("100%*")).await.expect("list").items), ["1000000004"]);
    assert_eq!(store.list_resellers(&named("100_*")).await.expect("list").total, 0);
    assert_eq!(reseller_ids(&store.list_resellers(&named("*y_p*")).await.expect("list").items), ["1000000005"]);
    assert_eq!(store.list_resellers(&named("*yxp*")).await.expect("list").total, 0);

    let mut q = accounts(D1);
    q.created_from = Some(at("2025-03-02T10:00:00Z"));
    q.created_to = Some(at("2025-03-04T10:00:00Z"));
    let window = store.list_resellers(&q).await.expect("list");
    assert_eq!(reseller_ids(&window.items), ["1000000002", "1000000003", "1000000004"]);

    // Customers: the same filters plus the reseller.
    let mut q = accounts(D1);
    q.reseller_id = Some("1000000001".into());
    let of_reseller = store.list_customers(&q).await.expect("list");
    assert_eq!((of_reseller.total, customer_ids(&of_reseller.items)), (2, vec!["1005000001", "1005000003"]));
    let mut q = accounts(D1);
    q.sort = AccountSort::CompanyName;
    assert_eq!(
        customer_ids(&store.list_customers(&q).await.expect("list").items),
        ["1005000002", "1005000003", "1005000001"]
    );
    q.sort = AccountSort::CreationDate;
    q.order = SortOrder::Asc;
    assert_eq!(
        customer_ids(&store.list_customers(&q).await.expect("list").items),
        ["1005000001", "1005000002", "1005000003"]
    );
    q.order = SortOrder::Desc;
    assert_eq!(
        customer_ids(&store.list_customers(&q).await.expect("list").items),
        ["1005000003", "1005000002", "1005000001"]
    );
    q.limit = 1;
    q.offset = 1;
    let page = store.list_customers(&q).await.expect("list");
    assert_eq!((page.total, customer_ids(&page.items)), (3, vec!["1005000002"]));
}

async fn orders_of_is_newest_first_and_list_orders_pages(store: Arc<dyn Store>) {
    seed_distributors(&store).await;
    let c = "1005000001";
    let mut tx = store.begin().await.expect("begin");
    let same_second = t0() + secs(10);
    for (id, created, status, order_type) in [
        ("5120000001", t0(), "1000", OrderType::New),
        ("5120000003", same_second, "1002", OrderType::Return),
        ("5120000002", same_second, "1000", OrderType::Renewal),
        ("5120000004", t0() + secs(5), "1004", OrderType::New),
    ] {
        let mut o = order(D1, c, id, created);
        o.status = status.into();
        o.order_type = order_type;
        tx.put_order(&o).await.expect("order");
    }
    tx.put_order(&order(D1, "1005000002", "5120000005", t0() + secs(1))).await.expect("order");
    tx.put_order(&order(D2, c, "5120000006", t0())).await.expect("order");
    assert_eq!(
        order_ids(&tx.orders_of(D1, c).await.expect("orders")),
        ["5120000003", "5120000002", "5120000004", "5120000001"]
    );
    tx.commit().await.expect("commit");
    assert_eq!(
        order_ids(&store.orders_of(D1, c).await.expect("orders")),
        ["5120000003", "5120000002", "5120000004", "5120000001"]
    );

    let all = store.list_orders(&orders_query(D1)).await.expect("list");
    assert_eq!((all.total, order_ids(&all.items).len()), (5, 5));
    let mut q = orders_query(D1);
    q.customer_id = Some(c.into());
    q.sort = OrderSort::CreationDate;
    q.order = SortOrder::Desc;
    q.limit = 2;
    let page = store.list_orders(&q).await.expect("list");
    assert_eq!((page.total, order_ids(&page.items)), (4, vec!["5120000003", "5120000002"]));
    q.offset = 2;
    let page = store.list_orders(&q).await.expect("list");
    assert_eq!((page.total, order_ids(&page.items)), (4, vec!["5120000004", "5120000001"]));
    let mut q = orders_query(D1);
    q.customer_id = Some(c.into());
    q.sort = OrderSort::OrderType;
    assert_eq!(
        order_ids(&store.list_orders(&q).await.expect("list").items),
        ["5120000001", "5120000004", "5120000002", "5120000003"]
    );
    q.sort = OrderSort::Status;
    q.order = SortOrder::Desc;
    assert_eq!(
        order_ids(&store.list_orders(&q).await.expect("list").items),
        ["5120000004", "5120000003", "5120000002", "5120000001"]
    );
    let mut q = orders_query(D1);
    q.order_id = Some("5120000005".into());
    let one = store.list_orders(&q).await.expect("list");
    assert_eq!((one.total, order_ids(&one.items)), (1, vec!["5120000005"]));
    q.order_id = Some("5120000006".into());
    assert_eq!(store.list_orders(&q).await.expect("list").total, 0);
}

async fn subscriptions_of_keeps_insertion_order_within_a_second(store: Arc<dyn Store>) {
    let c = "1005000001";
    let ids =
        ["ffff0000000000000000000000000aNA", "00000000000000000000000000000bNA", "77770000000000000000000000000cNA"];
    let mut tx = store.begin().await.expect("begin");
    tx.put_subscription(&subscription(D1, c, "99990000000000000000000000000dNA", t0() + secs(1))).await.expect("sub");
    for id in ids {
        tx.put_subscription(&subscription(D1, c, id, t0())).await.expect("sub");
    }
    tx.commit().await.expect("commit");
    // An update keeps the row's place.
    let mut tx = store.begin().await.expect("begin");
    let mut first = subscription(D1, c, ids[0], t0());
    first.status = "1004".into();
    tx.put_subscription(&first).await.expect("sub");
    let order: Vec<String> = tx.subscriptions_of(D1, c).await.expect("subs").into_iter().map(|s| s.id).collect();
    assert_eq!(order, [ids[0], ids[1], ids[2], "99990000000000000000000000000dNA"]);
    tx.commit().await.expect("commit");
    let order: Vec<String> = store.subscriptions_of(D1, c).await.expect("subs").into_iter().map(|s| s.id).collect();
    assert_eq!(order, [ids[0], ids[1], ids[2], "99990000000000000000000000000dNA"]);
}

async fn due_orders_are_open_ones_oldest_first(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    for (d, id, after) in [
        (D1, "5120000001", Some(t0() + secs(30))),
        (D2, "5120000002", Some(t0() + secs(10))),
        (D1, "5120000003", Some(t0() + secs(10))),
        (D1, "5120000004", None),
        (D1, "5120000005", Some(t0() + secs(31))),
    ] {
        let mut o = order(d, "1005000001", id, t0());
        o.status = "1002".into();
        o.process_after = after;
        tx.put_order(&o).await.expect("order");
    }
    tx.commit().await.expect("commit");
    let orders = |at, limit| due_at(&store, D1, DueKind::Order, at, limit);
    assert!(orders(t0(), 10).await.is_empty());
    assert_eq!(orders(t0() + secs(30), 10).await, ["5120000003", "5120000001"]);
    assert_eq!(orders(t0() + secs(30), 1).await, ["5120000003"]);
    assert_eq!(orders(t0() + secs(3600), 10).await.len(), 3, "an order without process_after is never due");
    assert_eq!(due_at(&store, D2, DueKind::Order, t0() + secs(30), 10).await, ["5120000002"]);
}

async fn due_activations_cover_resellers_and_customers(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    let mut r1 = reseller(D1, "1000000001", "R1", "1002", t0());
    r1.activate_at = Some(t0() + secs(5));
    let mut r2 = reseller(D2, "1000000002", "R2", "1002", t0());
    r2.activate_at = Some(t0() + secs(50));
    let r3 = reseller(D1, "1000000003", "R3", "1000", t0());
    let mut c1 = customer(D1, "1000000001", "1005000001", "C1", t0());
    c1.status = "1002".into();
    c1.activate_at = Some(t0());
    for r in [&r1, &r2, &r3] {
        tx.put_reseller(r).await.expect("reseller");
    }
    tx.put_customer(&c1).await.expect("customer");
    tx.commit().await.expect("commit");
    let (resellers, customers) = (DueKind::ResellerActivation, DueKind::CustomerActivation);
    assert_eq!(due_at(&store, D1, resellers, t0() + secs(5), 10).await, ["1000000001"]);
    assert_eq!(due_at(&store, D1, customers, t0() + secs(5), 10).await, ["1005000001"]);
    assert!(due_at(&store, D2, resellers, t0() + secs(5), 10).await.is_empty());
    assert_eq!(due_at(&store, D2, resellers, t0() + secs(50), 10).await, ["1000000002"]);
    assert!(due_at(&store, D1, resellers, t0() - secs(1), 10).await.is_empty());
    assert!(due_at(&store, D1, customers, t0() - secs(1), 10).await.is_empty());
}

async fn replays_store_replay_and_expire(store: Arc<dyn Store>) {
    let k = key("corr-1");
    let window = secs(10 * 86_400);
    let body: Vec<u8> = vec![b'{', 0, 0xff, 0xfe, b'}'];
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, t0() - window).await.expect("claim"), None);
    tx.store_replay(&k, &response(201, &body), t0()).await.expect("complete");
    tx.commit().await.expect("commit");

    // Within the window: the stored answer, byte for byte.
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, t0() - window).await.expect("claim"), Some(response(201, &body)));
    assert_eq!(tx.stored_replay(&k, t0()).await.expect("claim"), Some(response(201, &body)), "`since` is inclusive");
    // Older than `since`: expired, so the key is claimed afresh ...
    assert_eq!(tx.stored_replay(&k, t0() + secs(1)).await.expect("claim"), None);
    drop(tx);
    let mut tx = store.begin().await.expect("begin");
    // ... but that re-claim was rolled back, which left the stored answer in place.
    assert_eq!(tx.stored_replay(&k, t0()).await.expect("claim"), Some(response(201, &body)));
    // Another route, method, client or correlation id is another key.
    for other in [
        ReplayKey { route: "/v3/resellers".into(), ..k.clone() },
        ReplayKey { method: "PATCH".into(), ..k.clone() },
        ReplayKey { client_id: "other".into(), ..k.clone() },
        key("corr-2"),
    ] {
        assert_eq!(tx.stored_replay(&other, t0() - window).await.expect("claim"), None);
    }
    drop(tx);

    // Past the window the key is claimed afresh and answers anew.
    let later = t0() + window + secs(1);
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, later - window).await.expect("claim"), None);
    tx.store_replay(&k, &response(400, b"{\"code\":\"1117\"}"), later).await.expect("complete");
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, later - window).await.expect("claim"), Some(response(400, b"{\"code\":\"1117\"}")));
}

async fn a_rolled_back_claim_vanishes(store: Arc<dyn Store>) {
    let k = key("corr-rollback");
    let since = t0() - secs(86_400);
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, since).await.expect("claim"), None);
    tx.store_replay(&k, &response(201, b"first"), t0()).await.expect("complete");
    drop(tx); // rolled back: neither the claim nor the answer stays

    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, since).await.expect("claim"), None, "the rolled-back answer must not replay");
    drop(tx);
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, since).await.expect("claim"), None);
    tx.store_replay(&k, &response(201, b"second"), t0()).await.expect("complete");
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.stored_replay(&k, since).await.expect("claim"), Some(response(201, b"second")));
    // A purge keeps answers that are not older than its cutoff.
    assert_eq!(tx.purge_replays(t0()).await.expect("purge"), 0);
}

/// A read outside the transaction neither waits for an open write nor sees it: it sees what was
/// last committed, then the commit, and never a rolled-back write.
async fn reads_beside_an_open_write_see_only_committed_records(store: Arc<dyn Store>) {
    seed_distributors(&store).await;
    let r = reseller(D1, "1000000001", "Reseller One", "1000", t0());
    let before = customer(D1, &r.id, "1005000001", "Before", t0());
    let mut tx = store.begin().await.expect("begin");
    tx.put_reseller(&r).await.expect("reseller");
    tx.put_customer(&before).await.expect("customer");
    tx.commit().await.expect("commit");

    let mut after = before.clone();
    after.profile.company_name = "After".into();
    let mut tx = store.begin().await.expect("begin");
    tx.put_customer(&after).await.expect("update");
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), store.customer(D1, &before.id))
        .await
        .expect("a read must not wait for the open write")
        .expect("read")
        .expect("customer");
    assert_eq!(read.profile.company_name, "Before", "an uncommitted write must not be seen");
    let page = store.list_customers(&accounts(D1)).await.expect("list");
    assert_eq!(page.items.iter().map(|c| c.profile.company_name.as_str()).collect::<Vec<_>>(), ["Before"]);
    drop(tx);
    let read = store.customer(D1, &before.id).await.expect("read").expect("customer");
    assert_eq!(read.profile.company_name, "Before", "a rolled-back write must not be seen");

    let mut tx = store.begin().await.expect("begin");
    tx.put_customer(&after).await.expect("update");
    tx.commit().await.expect("commit");
    let read = store.customer(D1, &before.id).await.expect("read").expect("customer");
    assert_eq!(read.profile.company_name, "After", "a committed write is seen at once");
}

async fn request_ids_are_remembered_for_the_window(store: Arc<dyn Store>) {
    let since = t0() - secs(86_400);
    let mut tx = store.begin().await.expect("begin");
    assert!(!tx.request_id_seen("client", "req-1", since).await.expect("seen"));
    tx.record_request_id("client", "req-1", "corr-1", t0()).await.expect("record");
    assert!(tx.request_id_seen("client", "req-1", since).await.expect("seen"));
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.request_id_seen("client", "req-1", t0()).await.expect("seen"));
    assert!(!tx.request_id_seen("client", "req-1", t0() + secs(1)).await.expect("seen"), "older than the window");
    assert!(!tx.request_id_seen("other", "req-1", since).await.expect("seen"), "per client");
    assert!(!tx.request_id_seen("client", "req-2", since).await.expect("seen"));
    // Recording again refreshes it.
    tx.record_request_id("client", "req-1", "corr-2", t0() + secs(60)).await.expect("record");
    assert!(tx.request_id_seen("client", "req-1", t0() + secs(60)).await.expect("seen"));
    drop(tx);
    let mut tx = store.begin().await.expect("begin");
    assert!(!tx.request_id_seen("client", "req-1", t0() + secs(60)).await.expect("seen"), "rolled back");
}

async fn the_cooldown_accepts_one_trigger_per_window(store: Arc<dyn Store>) {
    let c = "1005000001";
    assert_eq!(store.cooldown_until(c).await.expect("cooldown"), None);
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.try_start_cooldown(c, t0(), t0() + secs(120)).await.expect("start"));
    assert!(!tx.try_start_cooldown(c, t0() + secs(1), t0() + secs(121)).await.expect("start"), "same transaction");
    tx.commit().await.expect("commit");
    assert_eq!(store.cooldown_until(c).await.expect("cooldown"), Some(t0() + secs(120)));

    let mut tx = store.begin().await.expect("begin");
    assert!(!tx.try_start_cooldown(c, t0() + secs(119), t0() + secs(239)).await.expect("start"), "inside the window");
    assert!(
        tx.try_start_cooldown("1005000002", t0() + secs(119), t0() + secs(239)).await.expect("start"),
        "per customer"
    );
    tx.commit().await.expect("commit");
    assert_eq!(
        store.cooldown_until(c).await.expect("cooldown"),
        Some(t0() + secs(120)),
        "a refused trigger changes nothing"
    );

    // A rolled-back start leaves the old window.
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.try_start_cooldown(c, t0() + secs(120), t0() + secs(240)).await.expect("start"));
    drop(tx);
    assert_eq!(store.cooldown_until(c).await.expect("cooldown"), Some(t0() + secs(120)));

    let mut tx = store.begin().await.expect("begin");
    assert!(tx.try_start_cooldown(c, t0() + secs(120), t0() + secs(240)).await.expect("start"), "the window is over");
    tx.commit().await.expect("commit");
    assert_eq!(store.cooldown_until(c).await.expect("cooldown"), Some(t0() + secs(240)));
}

async fn renewal_jobs_round_trip_and_fall_due(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    tx.put_renewal_job(&renewal_job(D1, "rj-2", "1005000001", "PENDING", t0() + secs(5))).await.expect("job");
    tx.put_renewal_job(&renewal_job(D2, "rj-1", "1005000002", "PENDING", t0() + secs(5))).await.expect("job");
    tx.put_renewal_job(&renewal_job(D1, "rj-3", "1005000001", "PENDING", t0())).await.expect("job");
    tx.put_renewal_job(&renewal_job(D1, "rj-4", "1005000001", "DONE", t0())).await.expect("job");
    tx.commit().await.expect("commit");
    let jobs = |d, at| due_at(&store, d, DueKind::RenewalJob, at, 10);
    assert_eq!(jobs(D1, t0()).await, ["rj-3"]);
    assert_eq!(jobs(D1, t0() + secs(5)).await, ["rj-3", "rj-2"]);
    assert_eq!(jobs(D2, t0() + secs(5)).await, ["rj-1"]);

    let mut tx = store.begin().await.expect("begin");
    let mut done = tx.renewal_job(D1, "rj-3").await.expect("read").expect("job");
    done.status = "DONE".into();
    done.renewal_order_id = Some("5120000009".into());
    done.expired_subscriptions = vec!["x".into()];
    done.renewed = 2;
    tx.put_renewal_job(&done).await.expect("job");
    tx.commit().await.expect("commit");
    assert_eq!(store.renewal_job(D1, "rj-3").await.expect("read"), Some(done));
    assert_eq!(jobs(D1, t0() + secs(5)).await, ["rj-2"], "a job that is done is no longer due");
}

fn document(distributor_id: &str, kind: &str, id: &str, label: &str, created_at: DateTime<Utc>) -> StoredDocument {
    StoredDocument {
        distributor_id: distributor_id.into(),
        kind: kind.into(),
        id: id.into(),
        created_at,
        label: label.into(),
        due_at: None,
        body: format!("{{\"id\":\"{id}\"}}"),
    }
}

fn documents_query(kind: &str, sort: DocumentSort, order: SortOrder) -> DocumentQuery {
    DocumentQuery { distributor_id: D1.into(), kind: kind.into(), sort, order, limit: 10, offset: 0 }
}

async fn documents_round_trip_list_and_fall_due(store: Arc<dyn Store>) {
    use vipmp_core::control::DueKind;
    seed_distributors(&store).await;
    let mut tx = store.begin().await.expect("begin");
    tx.put_document(&document(D1, "membership", "70000002", "beta", t0())).await.expect("put");
    tx.put_document(&document(D1, "membership", "70000001", "Alpha", t0() + secs(1))).await.expect("put");
    tx.put_document(&document(D1, "membership", "70000003", "gamma", t0() + secs(2))).await.expect("put");
    tx.put_document(&document(D2, "membership", "70000009", "other", t0())).await.expect("put");
    let mut open = document(D1, "membership_transfer", "300000001", "beta", t0());
    open.due_at = Some(t0() + secs(60));
    tx.put_document(&open).await.expect("put");
    // Read inside the transaction that wrote it.
    assert_eq!(tx.document(D1, "membership_transfer", "300000001").await.expect("read"), Some(open.clone()));
    tx.commit().await.expect("commit");

    // Per distributor and kind.
    assert_eq!(store.document(D2, "membership", "70000002").await.expect("read"), None);
    assert_eq!(store.document(D1, "membership_transfer", "70000002").await.expect("read"), None);
    let doc = store.document(D1, "membership", "70000002").await.expect("read").expect("doc");
    assert_eq!(doc, document(D1, "membership", "70000002", "beta", t0()));

    let ids = |page: vipmp_core::store::Page<StoredDocument>| -> (i64, Vec<String>) {
        (page.total, page.items.into_iter().map(|d| d.id).collect())
    };
    let by = |sort, order| {
        let store = Arc::clone(&store);
        async move { store.list_documents(&documents_query("membership", sort, order)).await }
    };
    assert_eq!(
        ids(by(DocumentSort::CreatedAt, SortOrder::Desc).await.expect("list")).1,
        ["70000003", "70000001", "70000002"]
    );
    assert_eq!(
        ids(by(DocumentSort::Label, SortOrder::Asc).await.expect("list")).1,
        ["70000001", "70000002", "70000003"]
    );
    let (total, page) = ids(by(DocumentSort::Id, SortOrder::Asc).await.expect("list"));
    assert_eq!((total, page), (3, vec!["70000001".into(), "70000002".into(), "70000003".into()]));
    let mut q = documents_query("membership", DocumentSort::Id, SortOrder::Desc);
    q.limit = 1;
    q.offset = 1;
    assert_eq!(ids(store.list_documents(&q).await.expect("list")), (3, vec!["70000002".into()]));

    // Open transfers fall due at their due_at; replacing keeps the creation instant.
    let due = |at: DateTime<Utc>| {
        let store = Arc::clone(&store);
        async move {
            let upto = vipmp_core::dates::format_datetime(at);
            store.control().due(D1, DueKind::MembershipTransfer, &upto, 10).await.expect("due")
        }
    };
    assert!(due(t0() + secs(59)).await.is_empty());
    assert_eq!(due(t0() + secs(60)).await, ["300000001"]);
    let mut tx = store.begin().await.expect("begin");
    let mut done = open.clone();
    done.due_at = None;
    done.created_at = t0() + secs(500);
    done.body = "{}".into();
    tx.put_document(&done).await.expect("put");
    assert!(tx.delete_document(D1, "membership", "70000003").await.expect("delete"));
    assert!(!tx.delete_document(D1, "membership", "70000003").await.expect("delete"));
    tx.commit().await.expect("commit");
    assert!(due(t0() + secs(600)).await.is_empty());
    let read = store.document(D1, "membership_transfer", "300000001").await.expect("read").expect("doc");
    assert_eq!((read.created_at, read.body.as_str(), read.due_at), (t0(), "{}", None));
    assert_eq!(ids(by(DocumentSort::Id, SortOrder::Asc).await.expect("list")).0, 2);
}

async fn due_renewal_customers_skip_processed_dates(store: Arc<dyn Store>) {
    let today = day("2025-03-01");
    let mut tx = store.begin().await.expect("begin");
    let sub = |d: &str, c: &str, n: u32, status: &str, renewal: Option<&str>, processed: Option<&str>| {
        let mut s = subscription(d, c, &format!("{n:030x}NA"), t0());
        s.status = status.into();
        s.renewal_date = renewal.map(day);
        s.last_processed_renewal_date = processed.map(day);
        s
    };
    for s in [
        sub(D1, "1005000003", 1, "1000", Some("2025-03-01"), None),
        sub(D1, "1005000003", 2, "1009", Some("2025-02-01"), None),
        sub(D1, "1005000001", 3, "1009", Some("2025-02-28"), Some("2024-02-28")),
        sub(D2, "1005000002", 4, "1000", Some("2025-03-01"), None),
        sub(D1, "1005000004", 5, "1000", Some("2025-03-02"), None),
        sub(D1, "1005000005", 6, "1004", Some("2025-03-01"), None),
        sub(D1, "1005000006", 7, "1000", Some("2025-03-01"), Some("2025-03-01")),
        sub(D1, "1005000007", 8, "1000", None, None),
    ] {
        tx.put_subscription(&s).await.expect("sub");
    }
    tx.commit().await.expect("commit");
    let renewals =
        |d, on: NaiveDate| due_at(&store, d, DueKind::Renewal, on.and_hms_opt(12, 0, 0).expect("t").and_utc(), 10);
    assert_eq!(renewals(D1, today).await, ["1005000001", "1005000003"]);
    assert_eq!(renewals(D2, today).await, ["1005000002"]);
    assert_eq!(renewals(D1, day("2025-02-28")).await, ["1005000001", "1005000003"]);
    assert!(renewals(D2, day("2025-02-28")).await.is_empty());
}

async fn purge_removes_old_replays_and_request_ids(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    for (n, when) in [(1, t0() - secs(10)), (2, t0()), (3, t0() + secs(10))] {
        let k = key(&format!("corr-{n}"));
        assert_eq!(tx.stored_replay(&k, t0() - secs(86_400)).await.expect("claim"), None);
        tx.store_replay(&k, &response(201, b"{}"), when).await.expect("complete");
        tx.record_request_id("client", &format!("req-{n}"), &k.correlation_id, when).await.expect("record");
    }
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.purge_replays(t0()).await.expect("purge"), 2);
    assert_eq!(tx.stored_replay(&key("corr-2"), t0() - secs(86_400)).await.expect("claim"), Some(response(201, b"{}")));
    assert!(!tx.request_id_seen("client", "req-1", t0() - secs(86_400)).await.expect("seen"));
    assert!(tx.request_id_seen("client", "req-2", t0() - secs(86_400)).await.expect("seen"));
    tx.commit().await.expect("commit");
}

async fn portal_sessions_round_trip_and_expire(store: Arc<dyn Store>) {
    let session = |id: &str, last_seen: DateTime<Utc>| PortalSession {
        id: id.into(),
        client_id: "client".into(),
        distributor_id: D1.into(),
        csrf_token: format!("csrf-{id}"),
        created_at: t0(),
        last_seen,
    };
    assert_eq!(store.session("s1").await.expect("read"), None);
    let mut tx = store.begin().await.expect("begin");
    tx.put_session(&session("s1", t0())).await.expect("put");
    tx.put_session(&session("s2", t0() + secs(60))).await.expect("put");
    tx.put_session(&session("s3", t0() + secs(120))).await.expect("put");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("s1").await.expect("read"), Some(session("s1", t0())));

    let mut tx = store.begin().await.expect("begin");
    tx.put_session(&session("s1", t0() + secs(90))).await.expect("touch");
    tx.delete_session("s2").await.expect("delete");
    tx.delete_session("unknown").await.expect("deleting an unknown id is fine");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("s1").await.expect("read"), Some(session("s1", t0() + secs(90))));
    assert_eq!(store.session("s2").await.expect("read"), None);

    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.purge_sessions(t0() + secs(120)).await.expect("purge"), 1, "s1 only: s3 is not older");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("s1").await.expect("read"), None);
    assert_eq!(store.session("s3").await.expect("read"), Some(session("s3", t0() + secs(120))));
}

/// The write pipeline's shape: claim, create, complete, commit. Serialised writers make the
/// first claimant create the customer and every other one replay its answer.
async fn claim_and_create(store: Arc<dyn Store>, correlation_id: String) -> StoredResponse {
    let k = key(&correlation_id);
    let mut tx = store.begin().await.expect("begin");
    if let Some(previous) = tx.stored_replay(&k, t0() - secs(86_400)).await.expect("claim") {
        return previous;
    }
    let id = tx.next_id(Sequence::Customer).await.expect("id").to_string();
    tokio::task::yield_now().await;
    tx.put_customer(&customer(D1, "1000000001", &id, "Concurrent", t0())).await.expect("customer");
    let answer = response(201, json!({"customerId": id}).to_string().as_bytes());
    tx.store_replay(&k, &answer, t0()).await.expect("complete");
    tx.commit().await.expect("commit");
    answer
}

async fn twenty_concurrent_claims_of_one_key_create_one_customer(store: Arc<dyn Store>) {
    let tasks: Vec<_> =
        (0..20).map(|_| tokio::spawn(claim_and_create(store.clone(), "corr-concurrent".into()))).collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "every answer is the first one: {answers:?}");
    let page = store.list_customers(&accounts(D1)).await.expect("list");
    assert_eq!(page.total, 1, "exactly one customer");
    let body: serde_json::Value = serde_json::from_slice(&answers[0].body).expect("json");
    assert_eq!(body["customerId"], page.items[0].id.as_str());
}

async fn two_instances_share_sequences_and_replays(a: Arc<dyn Store>, b: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(claim_and_create(store, "corr-two".into()))
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("task"));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(b.list_customers(&accounts(D1)).await.expect("list").total, 1);

    // Ids handed out by both never collide.
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                let mut tx = store.begin().await.expect("begin");
                let id = tx.next_id(Sequence::Order).await.expect("id");
                tx.commit().await.expect("commit");
                id
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.expect("task"));
    }
    ids.sort_unstable();
    assert_eq!(ids, (5_120_000_001..5_120_000_041).collect::<Vec<i64>>());
}

async fn two_instances_accept_one_cooldown_between_them(a: Arc<dyn Store>, b: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move {
                let mut tx = store.begin().await.expect("begin");
                let started = tx.try_start_cooldown("1005000001", t0(), t0() + secs(120)).await.expect("start");
                tx.commit().await.expect("commit");
                started
            })
        })
        .collect();
    let mut accepted = 0;
    for t in tasks {
        accepted += usize::from(t.await.expect("task"));
    }
    assert_eq!(accepted, 1);
}

// ---- PostgreSQL only: start-up and connection loss ----------------------------------------

/// Unreachable at start: a clear `Unavailable` within the acquire timeout, never a hang.
#[tokio::test]
async fn an_unreachable_postgres_fails_fast_with_the_reason() {
    let settings =
        PoolSettings { max_connections: 2, acquire_timeout: Duration::from_secs(2), ..PoolSettings::default() };
    let started = Instant::now();
    // Port 1 on loopback: nothing listens there.
    let err = connect_with("postgres://postgres@127.0.0.1:1/vipmp", settings).await.expect_err("no server");
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    match err {
        StoreError::Unavailable(message) => assert!(message.contains("cannot connect to PostgreSQL"), "{message}"),
        other => panic!("expected Unavailable, got {other:?}"),
    }
    let err = connect_with("mysql://localhost/x", settings).await.expect_err("scheme");
    assert!(err.to_string().contains("unsupported database URL scheme"), "{err}");
}

/// Connections killed under the pool: calls fail with `Unavailable` (503) while the database
/// refuses connections, within the acquire timeout, and work again once it accepts them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_reconnects_after_losing_its_connections() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    let store = db
        .connect_with(PoolSettings {
            max_connections: 4,
            acquire_timeout: Duration::from_secs(1),
            ..PoolSettings::default()
        })
        .await;
    seed_distributors(&store).await;

    // Killed connections (a server restart): the pool notices and opens new ones.
    assert!(db.terminate_connections().await > 0);
    assert!(store.distributor(D1).await.expect("read after reconnect").is_some());
    let mut tx = store.begin().await.expect("begin after reconnect");
    tx.next_id(Sequence::Order).await.expect("id");
    tx.commit().await.expect("commit");

    // Refused connections (the server is down): Unavailable, promptly, never a hang.
    db.accept_connections(false).await;
    let started = Instant::now();
    let err = store.distributor(D1).await.expect_err("down");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    let err = store.begin().await.err().expect("down");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());

    // Back: the next calls work without a restart.
    db.accept_connections(true).await;
    assert!(store.distributor(D1).await.expect("read after recovery").is_some());
    let mut tx = store.begin().await.expect("begin after recovery");
    assert_eq!(tx.next_id(Sequence::Order).await.expect("id"), 5_120_000_002);
    tx.commit().await.expect("commit");
}
