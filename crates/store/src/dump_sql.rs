//! Snapshot and reset SQL of the control plane: the snapshots table, and everything a
//! distributor owns, read, deleted and written back. The statements are constants shared by
//! both adapters (numbered as [`crate::control_sql`] says); [`dump_sql`] expands the functions
//! for a sqlx connection type next to [`crate::control_sql`]'s, whose imports and helpers it
//! uses.

/// A distributor's snapshots by name: `(name, created_at, size_bytes)`.
pub(crate) const SNAPSHOTS: &str =
    "SELECT name, created_at, size_bytes FROM snapshots WHERE distributor_id = $1 ORDER BY name";

/// Stores (or replaces) a snapshot: distributor, name, created_at, size, document.
pub(crate) const PUT_SNAPSHOT: &str = "INSERT INTO snapshots (distributor_id, name, created_at, size_bytes, doc) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (distributor_id, name) DO UPDATE SET created_at = excluded.created_at, \
                 size_bytes = excluded.size_bytes, doc = excluded.doc";

/// A snapshot's document.
pub(crate) const SNAPSHOT: &str = "SELECT doc FROM snapshots WHERE distributor_id = $1 AND name = $2";

/// Deletes a snapshot.
pub(crate) const DELETE_SNAPSHOT: &str = "DELETE FROM snapshots WHERE distributor_id = $1 AND name = $2";

/// A distributor's resellers (documents), by id.
pub(crate) const EXPORT_RESELLERS: &str = "SELECT doc FROM resellers WHERE distributor_id = $1 ORDER BY id";
/// Its customers, by id.
pub(crate) const EXPORT_CUSTOMERS: &str = "SELECT doc FROM customers WHERE distributor_id = $1 ORDER BY id";
/// Its orders, by id.
pub(crate) const EXPORT_ORDERS: &str = "SELECT doc FROM orders WHERE distributor_id = $1 ORDER BY id";
/// Its subscriptions, in insertion order.
pub(crate) const EXPORT_SUBSCRIPTIONS: &str = "SELECT doc FROM subscriptions WHERE distributor_id = $1 ORDER BY rowid";
/// Its renewal jobs, by id.
pub(crate) const EXPORT_RENEWAL_JOBS: &str = "SELECT doc FROM renewal_jobs WHERE distributor_id = $1 ORDER BY id";

/// Its customers' trigger cooldowns: `(customer_id, next_allowed_at)`.
pub(crate) const EXPORT_COOLDOWNS: &str = "SELECT customer_id, next_allowed_at FROM renewal_cooldowns WHERE customer_id IN \
                 (SELECT id FROM customers WHERE distributor_id = $1) ORDER BY customer_id";

/// Its API clients' replay records, every column.
pub(crate) const EXPORT_REPLAYS: &str = "SELECT client_id, method, route, correlation_id, created_at, status, headers, body FROM replays \
                 WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1) \
                 ORDER BY client_id, method, route, correlation_id";

/// Its API clients' request ids, every column.
pub(crate) const EXPORT_REQUEST_IDS: &str = "SELECT client_id, request_id, correlation_id, created_at FROM request_ids \
                 WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1) \
                 ORDER BY client_id, request_id";

/// Its stored contacts: `(email, doc)`.
pub(crate) const EXPORT_CONTACTS: &str = "SELECT email, doc FROM contacts WHERE distributor_id = $1 ORDER BY email";

/// What a wipe deletes (each statement takes the distributor as `$1`), children first.
pub(crate) const WIPE: [&str; 12] = [
    "DELETE FROM renewal_cooldowns WHERE customer_id IN (SELECT id FROM customers WHERE distributor_id = $1)",
    "DELETE FROM replays WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1)",
    "DELETE FROM request_ids WHERE client_id IN (SELECT client_id FROM api_clients WHERE distributor_id = $1)",
    "DELETE FROM subscriptions WHERE distributor_id = $1",
    "DELETE FROM orders WHERE distributor_id = $1",
    "DELETE FROM renewal_jobs WHERE distributor_id = $1",
    "DELETE FROM customers WHERE distributor_id = $1",
    "DELETE FROM resellers WHERE distributor_id = $1",
    "DELETE FROM contacts WHERE distributor_id = $1",
    "DELETE FROM documents WHERE distributor_id = $1",
    "DELETE FROM faults WHERE distributor_id = $1",
    "DELETE FROM clocks WHERE distributor_id = $1",
];

/// Imports a trigger cooldown.
pub(crate) const IMPORT_COOLDOWN: &str = "INSERT INTO renewal_cooldowns (customer_id, next_allowed_at) VALUES ($1, $2)";

/// Imports a replay record, every column in [`EXPORT_REPLAYS`]'s order.
pub(crate) const IMPORT_REPLAY: &str = "INSERT INTO replays (client_id, method, route, correlation_id, created_at, status, headers, body) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// Imports a request id, every column in [`EXPORT_REQUEST_IDS`]'s order.
pub(crate) const IMPORT_REQUEST_ID: &str =
    "INSERT INTO request_ids (client_id, request_id, correlation_id, created_at) VALUES ($1, $2, $3, $4)";

/// Imports a contact: distributor, email, document.
pub(crate) const IMPORT_CONTACT: &str = "INSERT INTO contacts (distributor_id, email, doc) VALUES ($1, $2, $3)";

/// Expands the snapshot functions, `export`, `wipe` and `import` for the connection type `$conn` (after
/// `control_sql!($conn)` in the same module).
#[macro_export]
#[doc(hidden)]
macro_rules! dump_sql {
    ($conn:ty) => {
        pub(crate) async fn snapshots(c: &mut $conn, d: &str) -> StoreResult<Vec<SnapshotInfo>> {
            let rows = sqlx::query($crate::dump_sql::SNAPSHOTS).bind(d).fetch_all(c).await.map_err(from_sqlx)?;
            rows.iter()
                .map(|r| {
                    let created_at = parse_instant(Some(r.get(1)))?.unwrap_or_default();
                    Ok(SnapshotInfo { name: r.get(0), created_at, size_bytes: r.get(2) })
                })
                .collect()
        }

        pub(crate) async fn put_snapshot(c: &mut $conn, d: &str, info: &SnapshotInfo, doc: &str) -> StoreResult<()> {
            sqlx::query($crate::dump_sql::PUT_SNAPSHOT)
                .bind(d)
                .bind(&info.name)
                .bind(format_datetime(info.created_at))
                .bind(info.size_bytes)
                .bind(doc)
                .execute(c)
                .await
                .map_err(from_sqlx)?;
            Ok(())
        }

        pub(crate) async fn snapshot(c: &mut $conn, d: &str, name: &str) -> StoreResult<Option<String>> {
            sqlx::query_scalar($crate::dump_sql::SNAPSHOT).bind(d).bind(name).fetch_optional(c).await.map_err(from_sqlx)
        }

        pub(crate) async fn delete_snapshot(c: &mut $conn, d: &str, name: &str) -> StoreResult<bool> {
            let done = sqlx::query($crate::dump_sql::DELETE_SNAPSHOT)
                .bind(d)
                .bind(name)
                .execute(c)
                .await
                .map_err(from_sqlx)?;
            Ok(done.rows_affected() > 0)
        }

        async fn docs<T: serde::de::DeserializeOwned>(
            c: &mut $conn,
            sql: &'static str,
            d: &str,
        ) -> StoreResult<Vec<T>> {
            let rows: Vec<String> = sqlx::query_scalar(sql).bind(d).fetch_all(c).await.map_err(from_sqlx)?;
            rows.iter().map(|doc| json(doc)).collect()
        }

        pub(crate) async fn export(c: &mut $conn, d: &str) -> StoreResult<DistributorDump> {
            let distributor = super::run::doc(&mut *c, $crate::sql::accounts::distributor(d))
                .await?
                .ok_or_else(|| StoreError::Other(format!("no distributor {d}")))?;
            let clock = clock(&mut *c, d).await?;
            let resellers = docs(&mut *c, $crate::dump_sql::EXPORT_RESELLERS, d).await?;
            let customers = docs(&mut *c, $crate::dump_sql::EXPORT_CUSTOMERS, d).await?;
            let orders = docs(&mut *c, $crate::dump_sql::EXPORT_ORDERS, d).await?;
            let subscriptions = docs(&mut *c, $crate::dump_sql::EXPORT_SUBSCRIPTIONS, d).await?;
            let renewal_jobs = docs(&mut *c, $crate::dump_sql::EXPORT_RENEWAL_JOBS, d).await?;
            let rows =
                sqlx::query($crate::dump_sql::EXPORT_COOLDOWNS).bind(d).fetch_all(&mut *c).await.map_err(from_sqlx)?;
            let cooldowns =
                rows.iter().map(|r| CooldownRow { customer_id: r.get(0), next_allowed_at: r.get(1) }).collect();
            let rows =
                sqlx::query($crate::dump_sql::EXPORT_REPLAYS).bind(d).fetch_all(&mut *c).await.map_err(from_sqlx)?;
            let replays = rows
                .iter()
                .map(|r| ReplayRow {
                    client_id: r.get(0),
                    method: r.get(1),
                    route: r.get(2),
                    correlation_id: r.get(3),
                    created_at: r.get(4),
                    status: r.get(5),
                    headers: r.get(6),
                    body: String::from_utf8_lossy(&r.get::<Vec<u8>, _>(7)).into_owned(),
                })
                .collect();
            let rows = sqlx::query($crate::dump_sql::EXPORT_REQUEST_IDS)
                .bind(d)
                .fetch_all(&mut *c)
                .await
                .map_err(from_sqlx)?;
            let request_ids = rows
                .iter()
                .map(|r| RequestIdRow {
                    client_id: r.get(0),
                    request_id: r.get(1),
                    correlation_id: r.get(2),
                    created_at: r.get(3),
                })
                .collect();
            let rows =
                sqlx::query($crate::dump_sql::EXPORT_CONTACTS).bind(d).fetch_all(&mut *c).await.map_err(from_sqlx)?;
            let contacts = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
            let documents = super::documents::export_documents(&mut *c, d).await?;
            Ok(DistributorDump {
                distributor,
                clock,
                resellers,
                customers,
                orders,
                subscriptions,
                renewal_jobs,
                cooldowns,
                replays,
                request_ids,
                contacts,
                documents,
            })
        }

        pub(crate) async fn wipe(c: &mut $conn, d: &str) -> StoreResult<()> {
            for sql in $crate::dump_sql::WIPE {
                sqlx::query(sql).bind(d).execute(&mut *c).await.map_err(from_sqlx)?;
            }
            Ok(())
        }

        pub(crate) async fn import(c: &mut $conn, dump: &DistributorDump) -> StoreResult<()> {
            let d = dump.distributor.id.as_str();
            super::run::execute(&mut *c, $crate::sql::accounts::put_distributor(&dump.distributor)?).await?;
            if let Some(k) = &dump.clock {
                put_clock(&mut *c, d, k).await?;
            }
            for r in &dump.resellers {
                super::run::execute(&mut *c, $crate::sql::accounts::put_reseller(r)?).await?;
            }
            for cu in &dump.customers {
                super::run::execute(&mut *c, $crate::sql::accounts::put_customer(cu)?).await?;
            }
            for o in &dump.orders {
                super::run::execute(&mut *c, $crate::sql::orders::put_order(o)?).await?;
            }
            for s in &dump.subscriptions {
                super::run::execute(&mut *c, $crate::sql::orders::put_subscription(s)?).await?;
            }
            for j in &dump.renewal_jobs {
                super::run::execute(&mut *c, $crate::sql::orders::put_renewal_job(j)?).await?;
            }
            for k in &dump.cooldowns {
                sqlx::query($crate::dump_sql::IMPORT_COOLDOWN)
                    .bind(&k.customer_id)
                    .bind(&k.next_allowed_at)
                    .execute(&mut *c)
                    .await
                    .map_err(from_sqlx)?;
            }
            for r in &dump.replays {
                sqlx::query($crate::dump_sql::IMPORT_REPLAY)
                    .bind(&r.client_id)
                    .bind(&r.method)
                    .bind(&r.route)
                    .bind(&r.correlation_id)
                    .bind(&r.created_at)
                    .bind(r.status)
                    .bind(&r.headers)
                    .bind(r.body.as_bytes().to_vec())
                    .execute(&mut *c)
                    .await
                    .map_err(from_sqlx)?;
            }
            for r in &dump.request_ids {
                sqlx::query($crate::dump_sql::IMPORT_REQUEST_ID)
                    .bind(&r.client_id)
                    .bind(&r.request_id)
                    .bind(&r.correlation_id)
                    .bind(&r.created_at)
                    .execute(&mut *c)
                    .await
                    .map_err(from_sqlx)?;
            }
            for (email, doc) in &dump.contacts {
                sqlx::query($crate::dump_sql::IMPORT_CONTACT)
                    .bind(d)
                    .bind(email)
                    .bind(doc)
                    .execute(&mut *c)
                    .await
                    .map_err(from_sqlx)?;
            }
            for doc in &dump.documents {
                super::run::execute(&mut *c, $crate::documents_sql::put_document(doc)).await?;
            }
            Ok(())
        }
    };
}
