//! The statuses of a [`RenewalJob`](super::RenewalJob).

/// Waiting to run (at its `run_after`).
pub const PENDING: &str = "PENDING";
/// Ran.
pub const DONE: &str = "DONE";
