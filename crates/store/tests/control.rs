//! The control plane's store contract (clocks, due work, faults, the journal, snapshots), on
//! both backends like `contract.rs`: `sqlite::<story>` and `postgres::<story>` (skipped without a
//! reachable PostgreSQL, unless `CI=true`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use vipmp_core::clock::ClockState;
use vipmp_core::control::{DueKind, FaultAction, FaultRule, JournalEntry, JournalMessage, JournalQuery, SnapshotInfo};
use vipmp_core::model::{ApiClient, Distributor};
use vipmp_core::store::Store;

macro_rules! stories {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    let db = vipmp_store::testing::TestDatabase::sqlite();
                    super::$story(db.connect().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    let Some(db) = vipmp_store::testing::TestDatabase::postgres_or_skip().await else { return };
                    super::$story(db.connect().await).await;
                }
            )*
        }
    };
}

stories!(
    clocks_are_per_distributor,
    due_work_is_found_by_kind_and_distributor,
    faults_get_ids_and_go,
    the_journal_is_a_bounded_ring_per_distributor,
    a_wiped_distributor_comes_back_from_its_export,
);

const D1: &str = "5000000001";
const D2: &str = "5000000002";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn distributor(id: &str) -> Distributor {
    Distributor {
        name: format!("D {id}"),
        contract: vec![("NA".into(), "USD".into())],
        market_segments: vec![vipmp_core::reference::MarketSegment::Com],
        ..Distributor::standard(id)
    }
}

async fn with_distributors(store: &Arc<dyn Store>) {
    let mut tx = store.begin().await.expect("begin");
    for d in [D1, D2] {
        tx.put_distributor(&distributor(d)).await.expect("distributor");
        let client = ApiClient { client_id: format!("k{d}"), client_secret: "s".into(), distributor_id: d.into() };
        tx.put_api_client(&client).await.expect("client");
    }
    tx.commit().await.expect("commit");
}

async fn clocks_are_per_distributor(store: Arc<dyn Store>) {
    with_distributors(&store).await;
    assert_eq!(store.control().clock(D1).await.expect("clock"), None);
    let frozen = ClockState { offset_seconds: 5, frozen_at: Some(at("2027-01-01T00:00:00Z")) };
    let mut tx = store.begin().await.expect("begin");
    tx.control().put_clock(D1, &ClockState { offset_seconds: 60, frozen_at: None }).await.expect("put");
    tx.control().put_clock(D1, &frozen).await.expect("put again");
    tx.commit().await.expect("commit");
    assert_eq!(store.control().clock(D1).await.expect("clock"), Some(frozen));
    let all = store.control().clocks().await.expect("clocks");
    assert_eq!(all, vec![(D1.to_string(), Some(frozen)), (D2.to_string(), None)]);
}

async fn due_work_is_found_by_kind_and_distributor(store: Arc<dyn Store>) {
    use vipmp_core::model::{Commitment, Order, OrderType, ThreeYearCommit};
    use vipmp_core::service::seed;
    with_distributors(&store).await;
    let now = at("2026-01-01T00:00:00Z");
    let renewal_date = chrono::NaiveDate::from_ymd_opt(2027, 1, 10).expect("date");
    let mut tx = store.begin().await.expect("begin");
    let r = seed::reseller(&mut *tx, D1, now, 0).await.expect("reseller");
    let s = seed::CustomerSeed { distributor_id: D1, reseller_id: &r.id, now, seats: 5, renewal_date };
    let mut c = seed::customer(&mut *tx, &s, 0).await.expect("customer");
    c.three_year_commit = Some(ThreeYearCommit {
        commitment: Some(Commitment {
            start_date: renewal_date,
            end_date: chrono::NaiveDate::from_ymd_opt(2027, 6, 30).expect("date"),
            status: "COMMITTED".into(),
            minimum_quantities: vec![],
        }),
        ..ThreeYearCommit::default()
    });
    tx.put_customer(&c).await.expect("3YC");
    let order = Order {
        id: "5120000001".into(),
        distributor_id: D1.into(),
        customer_id: c.id.clone(),
        external_reference_id: String::new(),
        order_type: OrderType::New,
        reference_order_id: String::new(),
        currency_code: "USD".into(),
        created_at: now,
        status: "1002".into(),
        source: "API".into(),
        line_items: vec![],
        process_after: Some(at("2026-05-01T10:00:00Z")),
        cancelling_items: Vec::new(),
        reassign_users: false,
        eligible_offers: Vec::new(),
    };
    tx.put_order(&order).await.expect("order");
    tx.commit().await.expect("commit");

    let mut tx = store.begin().await.expect("begin");
    let bounds = vec![
        (DueKind::Order, "2026-01-01T00:00:00Z".to_string(), "2030-01-01T00:00:00Z".to_string()),
        (DueKind::Renewal, "2026-01-01".to_string(), "2030-01-01".to_string()),
        (DueKind::CommitmentEnd, "2026-01-01".to_string(), "2030-01-01".to_string()),
        (DueKind::RenewalJob, "2026-01-01T00:00:00Z".to_string(), "2030-01-01T00:00:00Z".to_string()),
    ];
    let next = tx.control().next_due(D1, &bounds).await.expect("next");
    assert_eq!(
        next,
        vec![Some("2026-05-01T10:00:00Z".into()), Some("2027-01-10".into()), Some("2027-06-30".into()), None]
    );
    assert_eq!(tx.control().next_due(D2, &bounds).await.expect("other"), vec![None; 4]);
    let narrow = vec![(DueKind::Renewal, "2027-01-10".to_string(), "2030-01-01".to_string())];
    assert_eq!(tx.control().next_due(D1, &narrow).await.expect("exclusive lower"), vec![None]);
    let kinds = vec![
        (DueKind::Order, "2026-05-01T10:00:00Z".to_string()),
        (DueKind::Renewal, "2027-01-09".to_string()),
        (DueKind::CommitmentEnd, "2027-06-30".to_string()),
    ];
    let due = tx.control().due_many(D1, &kinds).await.expect("due");
    assert_eq!(due, vec![(0, order.id.clone()), (2, c.id.clone())]);
    assert_eq!(tx.control().due(D1, DueKind::Renewal, "2027-01-10", 10).await.expect("due"), vec![c.id.clone()]);
    assert!(tx.control().due(D2, DueKind::Renewal, "2999-01-01", 10).await.expect("due").is_empty());
}

fn rule(path: &str) -> FaultRule {
    FaultRule {
        id: String::new(),
        method: Some("POST".into()),
        path: path.into(),
        customer_id: None,
        times: Some(2),
        probability: None,
        action: FaultAction::LatencyMs(5),
    }
}

async fn faults_get_ids_and_go(store: Arc<dyn Store>) {
    with_distributors(&store).await;
    let mut tx = store.begin().await.expect("begin");
    let a = tx.control().add_fault(D1, &rule("/v3/a")).await.expect("add");
    let b = tx.control().add_fault(D1, &rule("/v3/b")).await.expect("add");
    tx.control().add_fault(D2, &rule("/v3/c")).await.expect("add");
    tx.commit().await.expect("commit");
    assert!(a.id.starts_with("flt-") && a.id != b.id);
    let listed = store.control().faults(D1).await.expect("faults");
    assert_eq!(listed.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(), ["/v3/a", "/v3/b"]);
    let mut tx = store.begin().await.expect("begin");
    let mut fewer = tx.control().fault(D1, &a.id).await.expect("fault").expect("exists");
    fewer.times = Some(1);
    tx.control().put_fault(D1, &fewer).await.expect("put");
    assert!(tx.control().delete_fault(D1, &b.id).await.expect("delete"));
    assert!(!tx.control().delete_fault(D2, &a.id).await.expect("not another's"));
    tx.commit().await.expect("commit");
    assert_eq!(store.control().faults(D1).await.expect("faults"), vec![fewer]);
    let mut tx = store.begin().await.expect("begin");
    assert_eq!(tx.control().clear_faults(D2).await.expect("clear"), 1);
    tx.commit().await.expect("commit");
    assert_eq!(store.control().faults(D1).await.expect("faults").len(), 1);
}

fn entry(d: &str, n: i64) -> JournalEntry {
    JournalEntry {
        id: 0,
        distributor_id: d.into(),
        at: at("2026-01-01T00:00:00Z") + chrono::Duration::seconds(n),
        method: if n % 2 == 0 { "GET".into() } else { "POST".into() },
        path: format!("/v3/customers/{n}/orders"),
        query: String::new(),
        status: if n % 3 == 0 { 400 } else { 200 },
        customer_id: Some(n.to_string()),
        request: JournalMessage::default(),
        response: JournalMessage { headers: vec![], body: format!("{{\"n\":{n}}}"), truncated: false },
        fault: None,
    }
}

async fn the_journal_is_a_bounded_ring_per_distributor(store: Arc<dyn Store>) {
    with_distributors(&store).await;
    for n in 0..100 {
        store.control().append_journal(&[entry(D1, n)], 100).await.expect("append");
    }
    let batch: Vec<JournalEntry> = (100..150).map(|n| entry(D1, n)).chain([entry(D2, 7)]).collect();
    store.control().append_journal(&batch, 100).await.expect("append a batch");
    let q = |limit| JournalQuery { distributor_id: D1.into(), limit, keep: 100, ..JournalQuery::default() };
    let all = store.control().journal(&q(1000)).await.expect("journal");
    assert_eq!(all.len(), 100, "the oldest are gone");
    assert_eq!(all[0].response.body, "{\"n\":149}", "newest first");
    assert!(all.windows(2).all(|w| w[0].id > w[1].id));
    let posts = JournalQuery { method: Some("POST".into()), status: Some(400), ..q(1000) };
    let found = store.control().journal(&posts).await.expect("filtered");
    assert!(!found.is_empty() && found.iter().all(|e| e.method == "POST" && e.status == 400));
    let one = JournalQuery { customer_id: Some("149".into()), path: Some("/v3/customers/{id}/orders".into()), ..q(5) };
    assert_eq!(store.control().journal(&one).await.expect("by customer").len(), 1);
    let other = JournalQuery { distributor_id: D2.into(), ..q(1000) };
    assert_eq!(store.control().journal(&other).await.expect("other").len(), 1);
    // Pages by id, and one entry by id (only within its distributor).
    let page = JournalQuery { before: Some(all[9].id), ..q(10) };
    let second = store.control().journal(&page).await.expect("next page");
    assert_eq!(second.iter().map(|e| e.id).collect::<Vec<_>>(), all[10..20].iter().map(|e| e.id).collect::<Vec<_>>());
    let by_id = JournalQuery { id: Some(all[3].id), ..q(1) };
    let found = store.control().journal(&by_id).await.expect("by id");
    assert_eq!((found.len(), found[0].response.body.as_str()), (1, all[3].response.body.as_str()));
    let foreign = JournalQuery { distributor_id: D2.into(), id: Some(all[3].id), ..q(1) };
    assert!(store.control().journal(&foreign).await.expect("foreign id").is_empty());
}

async fn a_wiped_distributor_comes_back_from_its_export(store: Arc<dyn Store>) {
    with_distributors(&store).await;
    let mut tx = store.begin().await.expect("begin");
    tx.control().put_clock(D1, &ClockState { offset_seconds: 42, frozen_at: None }).await.expect("clock");
    let membership = |d: &str| vipmp_core::store::StoredDocument {
        distributor_id: d.into(),
        kind: "membership".into(),
        id: "70000001".into(),
        created_at: at("2026-01-01T00:00:00Z"),
        label: "Acme".into(),
        due_at: Some(at("2026-01-02T00:00:00Z")),
        body: "{\"id\":\"70000001\"}".into(),
    };
    tx.put_document(&membership(D1)).await.expect("document");
    tx.put_document(&membership(D2)).await.expect("other distributor's document");
    let dump = tx.control().export(D1).await.expect("export");
    assert_eq!(dump.documents, vec![membership(D1)]);
    let doc = serde_json::to_string(&dump).expect("json");
    let info = SnapshotInfo { name: "s1".into(), created_at: at("2026-01-01T00:00:00Z"), size_bytes: doc.len() as i64 };
    tx.control().put_snapshot(D1, &info, &doc).await.expect("snapshot");
    tx.control().wipe(D1).await.expect("wipe");
    assert_eq!(tx.control().clock(D1).await.expect("clock"), None);
    assert_eq!(tx.document(D1, "membership", "70000001").await.expect("read"), None);
    assert_eq!(tx.document(D2, "membership", "70000001").await.expect("read"), Some(membership(D2)));
    let back: vipmp_core::control::DistributorDump =
        serde_json::from_str(&tx.control().snapshot(D1, "s1").await.expect("read").expect("exists")).expect("parse");
    tx.control().import(&back).await.expect("import");
    tx.commit().await.expect("commit");
    assert_eq!(store.control().clock(D1).await.expect("clock").map(|c| c.offset_seconds), Some(42));
    assert_eq!(store.document(D1, "membership", "70000001").await.expect("read"), Some(membership(D1)));
    assert_eq!(store.control().snapshots(D1).await.expect("list"), vec![info]);
    assert!(store.control().snapshots(D2).await.expect("list").is_empty());
    let mut tx = store.begin().await.expect("begin");
    assert!(tx.control().delete_snapshot(D1, "s1").await.expect("delete"));
    tx.commit().await.expect("commit");
}
