//! Behaviour settings of the emulator that the use cases read (delays, windows, modes).

use serde::{Deserialize, Serialize};

/// How background work runs (SPEC §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobsMode {
    /// A background tick processes due work; zero delays are processed inline.
    Auto,
    /// Nothing runs until `POST /portal/api/v1/jobs/run`.
    Manual,
}

/// Sandbox or production behaviour (SPEC preface item 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The sandbox: portal mutations allowed.
    Sandbox,
    /// Production rules: portal mutations refused.
    Production,
}

/// Settings of the domain rules.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Auto or manual jobs.
    pub jobs_mode: JobsMode,
    /// Sandbox or production.
    pub profile: Profile,
    /// Seconds before a new reseller becomes active.
    pub reseller_activation_delay_secs: i64,
    /// Seconds before a new customer becomes active.
    pub customer_activation_delay_secs: i64,
    /// Seconds before an open order is processed.
    pub order_processing_delay_secs: i64,
    /// Trigger cooldown.
    pub renewal_cooldown_secs: i64,
    /// Seconds between a portal trigger and its renewal job (auto mode).
    pub renewal_trigger_delay_secs: i64,
    /// Seconds between two sweeps of the renewal job over every due customer (auto mode).
    pub renewal_sweep_secs: i64,
    /// Late renewal window.
    pub late_renewal_window_days: i64,
    /// Token lifetime.
    pub token_ttl_secs: i64,
    /// Replay window.
    pub idempotency_days: i64,
    /// Return / cancel window.
    pub return_window_days: i64,
    /// Requests kept in each distributor's journal (`--journal-size`).
    #[serde(default = "default_journal_size")]
    pub journal_size: i64,
    /// Bytes of bodies each distributor's journal may hold (`--journal-max-bytes`): each
    /// recorded body is cut at `journal_max_bytes / (2 × journal_size)`, at most 64 KiB.
    #[serde(default = "default_journal_max_bytes")]
    pub journal_max_bytes: i64,
    /// Records a background job fetches per look at what is due; a run pages through all of
    /// them (tests lower it to cross pages with a few records).
    #[serde(default = "default_due_page")]
    pub due_page: i64,
    /// Customer ids a PREVIEW may name before the customer exists (SPEC §7 Q-FAKEPREVIEW): the
    /// preview is priced for a brand-new customer of the segment the id's suffix names.
    #[serde(default = "default_preview_placeholder_ids")]
    pub preview_placeholder_ids: Vec<String>,
    /// Snapshots a distributor may keep (`--max-snapshots`); one more is `409 P409`.
    #[serde(default = "default_max_snapshots")]
    pub max_snapshots: i64,
    /// Bytes of one snapshot's document at most (`--max-snapshot-bytes`); a larger one is
    /// `409 P409`.
    #[serde(default = "default_max_snapshot_bytes")]
    pub max_snapshot_bytes: i64,
    /// Fault rules a distributor may have (`--max-fault-rules`); one more is `409 P409`.
    #[serde(default = "default_max_fault_rules")]
    pub max_fault_rules: i64,
    /// Seconds between the portal's Refresh Discount Level of a linked membership and the
    /// refresh (`lm_refresh_delay`, SPEC §6; docs: "more than an hour").
    #[serde(default = "default_lm_refresh_delay_secs")]
    pub lm_refresh_delay_secs: i64,
}

/// 100 snapshots per distributor.
pub fn default_max_snapshots() -> i64 {
    100
}

/// 64 MiB per snapshot.
pub fn default_max_snapshot_bytes() -> i64 {
    64 * 1024 * 1024
}

fn default_lm_refresh_delay_secs() -> i64 {
    3600
}

/// 1,000 fault rules per distributor.
pub fn default_max_fault_rules() -> i64 {
    1_000
}

/// `1234567890`, `1234567890GOV` and `1234567890EDU`.
pub fn default_preview_placeholder_ids() -> Vec<String> {
    ["1234567890", "1234567890GOV", "1234567890EDU"].map(String::from).to_vec()
}

fn default_due_page() -> i64 {
    10_000
}

fn default_journal_size() -> i64 {
    10_000
}

fn default_journal_max_bytes() -> i64 {
    256 * 1024 * 1024
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            jobs_mode: JobsMode::Auto,
            profile: Profile::Sandbox,
            reseller_activation_delay_secs: 0,
            customer_activation_delay_secs: 0,
            order_processing_delay_secs: 2,
            renewal_cooldown_secs: 120,
            renewal_trigger_delay_secs: 5,
            renewal_sweep_secs: 3600,
            late_renewal_window_days: 30,
            token_ttl_secs: 86_400,
            idempotency_days: 10,
            return_window_days: 14,
            journal_size: default_journal_size(),
            journal_max_bytes: default_journal_max_bytes(),
            due_page: default_due_page(),
            preview_placeholder_ids: default_preview_placeholder_ids(),
            max_snapshots: default_max_snapshots(),
            max_snapshot_bytes: default_max_snapshot_bytes(),
            max_fault_rules: default_max_fault_rules(),
            lm_refresh_delay_secs: default_lm_refresh_delay_secs(),
        }
    }
}

impl Settings {
    /// Whether work with this delay is done inline by the request that creates it.
    pub fn inline(&self, delay_secs: i64) -> bool {
        self.jobs_mode == JobsMode::Auto && delay_secs <= 0
    }
}
