//! The portal API's snapshot answers: saved snapshots, their list, and a restore.

use serde::Serialize;
use utoipa::ToSchema;

/// A saved snapshot.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotInfoOut {
    /// Its name.
    pub name: String,
    /// When it was taken, on the distributor's clock.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Size of its JSON document, in bytes.
    pub size_bytes: i64,
}

/// How many records a snapshot holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotCounts {
    /// Resellers.
    pub resellers: usize,
    /// Customers.
    pub customers: usize,
    /// Orders.
    pub orders: usize,
    /// Subscriptions.
    pub subscriptions: usize,
    /// Renewal jobs.
    pub renewal_jobs: usize,
}

/// The answer to a snapshot save.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"name": "before-renewal", "createdAt": "2025-01-15T10:00:00Z", "sizeBytes": 5120,
    "counts": {"resellers": 1, "customers": 1, "orders": 1, "subscriptions": 1, "renewalJobs": 0}}))]
pub struct SnapshotSavedOut {
    /// The snapshot.
    #[serde(flatten)]
    pub info: SnapshotInfoOut,
    /// What it holds.
    pub counts: SnapshotCounts,
}

/// The distributor's snapshots.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1,
    "items": [{"name": "before-renewal", "createdAt": "2025-01-15T10:00:00Z", "sizeBytes": 5120}]}))]
pub struct SnapshotList {
    /// How many.
    pub total_count: usize,
    /// The snapshots.
    pub items: Vec<SnapshotInfoOut>,
}

/// The answer to a restore.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"restored": "before-renewal", "now": "2025-01-15T10:00:00Z",
    "counts": {"resellers": 1, "customers": 1, "orders": 1, "subscriptions": 1, "renewalJobs": 0}}))]
pub struct RestoredOut {
    /// The snapshot's name.
    pub restored: String,
    /// The distributor's clock after the restore.
    #[schema(format = DateTime)]
    pub now: String,
    /// What was written back.
    pub counts: SnapshotCounts,
}
