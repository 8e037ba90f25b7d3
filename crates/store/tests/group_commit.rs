//! SQLite group commit (`sqlite::writer`): concurrent write transactions share commits, a
//! transaction that rolls back takes only its own writes with it, and a commit that returned is
//! visible to every reader.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use vipmp_core::store::{PortalSession, Store};
use vipmp_store::PoolSettings;
use vipmp_store::sqlite::SqliteStore;
use vipmp_store::testing::TestDatabase;

fn session(id: String) -> PortalSession {
    let at: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("instant");
    PortalSession {
        id,
        client_id: "client".into(),
        distributor_id: "5000000001".into(),
        csrf_token: "csrf".into(),
        created_at: at,
        last_seen: at,
    }
}

/// Runs `n` concurrent transactions; every fifth writes and then drops without committing.
/// Returns the store and which ids were acknowledged.
async fn concurrent_writes(group_commit: usize, n: usize) -> (TestDatabase, Arc<SqliteStore>, Vec<(String, bool)>) {
    let db = TestDatabase::sqlite();
    let settings = PoolSettings { group_commit, ..PoolSettings::default() };
    let store = Arc::new(SqliteStore::connect_with(db.url(), &settings).await.expect("store"));
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let id = format!("s{i}");
                let mut tx = store.begin().await.expect("begin");
                tx.put_session(&session(id.clone())).await.expect("put");
                tokio::task::yield_now().await;
                if i % 5 == 0 {
                    drop(tx);
                    return (id, false);
                }
                tx.commit().await.expect("commit");
                // Acknowledged means committed: a reader sees it at once.
                assert!(store.session(&id).await.expect("read").is_some(), "{id} acknowledged but not visible");
                (id, true)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.expect("task"));
    }
    (db, store, outcomes)
}

async fn only_the_committed_writes_are_kept(store: &SqliteStore, outcomes: &[(String, bool)]) {
    for (id, committed) in outcomes {
        let found = store.session(id).await.expect("read").is_some();
        assert_eq!(found, *committed, "{id}: committed {committed}, found {found}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn queued_transactions_share_commits_and_roll_back_alone() {
    let (_db, store, outcomes) = concurrent_writes(32, 200).await;
    only_the_committed_writes_are_kept(&store, &outcomes).await;
    let (units, batches) = store.committed();
    assert_eq!(units, 160, "every committed transaction is counted once");
    assert!(batches < units, "concurrent transactions shared no commit: {batches} batches for {units}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_group_of_one_commits_each_transaction_alone() {
    let (_db, store, outcomes) = concurrent_writes(1, 60).await;
    only_the_committed_writes_are_kept(&store, &outcomes).await;
    assert_eq!(store.committed(), (48, 48));
}
