//! The store contract of HTML portal sessions (`portal_sessions`), on both backends:
//! `sqlite` on a temporary file, `postgres` on a database of its own (skipped without a
//! reachable PostgreSQL, unless `CI=true`; see `vipmp_store::testing`).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use vipmp_core::store::{PortalSession, Store};
use vipmp_store::testing::TestDatabase;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn session(id: &str, last_seen: DateTime<Utc>) -> PortalSession {
    PortalSession {
        id: id.into(),
        client_id: "client".into(),
        distributor_id: "5000000001".into(),
        csrf_token: format!("csrf-{id}"),
        created_at: at("2026-01-01T00:00:00Z"),
        last_seen,
    }
}

async fn sessions_round_trip_refresh_purge_and_delete(store: Arc<dyn Store>) {
    let t0 = at("2026-01-01T10:00:00Z");
    assert_eq!(store.session("a").await.expect("read"), None);
    let mut tx = store.begin().await.expect("tx");
    tx.put_session(&session("a", t0)).await.expect("put a");
    tx.put_session(&session("b", t0 - Duration::minutes(40))).await.expect("put b");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("a").await.expect("read"), Some(session("a", t0)));

    let touched = session("a", t0 + Duration::minutes(5));
    let mut tx = store.begin().await.expect("tx");
    tx.put_session(&touched).await.expect("refresh");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("a").await.expect("read"), Some(touched), "last_seen refreshed in place");

    let mut tx = store.begin().await.expect("tx");
    assert_eq!(tx.purge_sessions(t0 - Duration::minutes(30)).await.expect("purge"), 1, "only the idle one");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("b").await.expect("read"), None);

    let mut tx = store.begin().await.expect("tx");
    tx.delete_session("a").await.expect("delete");
    tx.delete_session("never-existed").await.expect("deleting an unknown id is fine");
    drop(tx);
    assert!(store.session("a").await.expect("read").is_some(), "a rolled-back delete keeps the session");
    let mut tx = store.begin().await.expect("tx");
    tx.delete_session("a").await.expect("delete");
    tx.commit().await.expect("commit");
    assert_eq!(store.session("a").await.expect("read"), None);
}

#[tokio::test]
async fn sqlite_sessions() {
    let db = TestDatabase::sqlite();
    sessions_round_trip_refresh_purge_and_delete(db.connect().await).await;
}

#[tokio::test]
async fn postgres_sessions() {
    let Some(db) = TestDatabase::postgres_or_skip().await else { return };
    sessions_round_trip_refresh_purge_and_delete(db.connect().await).await;
}
