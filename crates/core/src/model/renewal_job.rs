//! A run of the renewal job for one customer (the portal's trigger).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A run of the renewal job for one customer, created by the portal's trigger (SPEC §5.4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalJob {
    /// Job id.
    pub id: String,
    /// Owning distributor.
    pub distributor_id: String,
    /// The customer.
    pub customer_id: String,
    /// [`PENDING`](super::job_status::PENDING) or [`DONE`](super::job_status::DONE).
    pub status: String,
    /// When the job may run.
    pub run_after: DateTime<Utc>,
    /// The RENEWAL order it created, if any.
    pub renewal_order_id: Option<String>,
    /// Subscriptions it expired.
    pub expired_subscriptions: Vec<String>,
    /// Subscriptions it renewed.
    pub renewed: usize,
}
