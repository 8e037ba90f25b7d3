//! The verbs that steer a running sandbox through its portal API: `clock`, `reset`,
//! `snapshot`, `customer`, `faults` and `requests`. Each prints a human summary, or the
//! server's JSON with `--json`.

use std::time::{Duration, Instant};

use anyhow::bail;
use clap::{Args, Subcommand};
use reqwest::Method;
use serde_json::{Value, json};

use crate::remote::{Remote, RemoteArgs, iso_duration};

/// The remote verbs (flattened into the binary's commands).
#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// Shows or moves the virtual clock of a running sandbox (the client's distributor's).
    Clock {
        #[command(subcommand)]
        action: ClockAction,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Wipes the distributor's records back to its bootstrap state (keeps snapshots).
    Reset {
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Saves, restores, lists or deletes snapshots of the distributor's whole state.
    Snapshot {
        #[command(subcommand)]
        action: SnapshotAction,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Edits a customer as the sandbox portal does, or forecasts its renewal.
    Customer {
        #[command(subcommand)]
        action: CustomerAction,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Adds, lists or clears fault-injection rules on the CPAPI routes.
    Faults {
        #[command(subcommand)]
        action: FaultsAction,
        #[command(flatten)]
        remote: RemoteArgs,
    },
    /// Shows the request journal, newest first.
    Requests(RequestsArgs),
}

/// `clock …`.
#[derive(Debug, Subcommand)]
pub enum ClockAction {
    /// Shows the clock.
    Show,
    /// Moves the clock forward by a duration (`30d`, `1y2mo`, `12h`, or ISO 8601 `P1Y2M3DT4H`),
    /// running everything that falls due on the way.
    Advance {
        /// The duration.
        duration: String,
    },
    /// Moves the clock forward to an instant (`2027-05-01T00:00:00Z` or `2027-05-01`).
    Set {
        /// The instant.
        instant: String,
    },
    /// Stops the clock at its current reading.
    Freeze,
    /// Lets a frozen clock run on from its reading.
    Thaw,
}

/// `snapshot …`.
#[derive(Debug, Subcommand)]
pub enum SnapshotAction {
    /// Saves the state under a name (replacing a snapshot of that name).
    Save {
        /// Letters, digits, dots, dashes, underscores.
        name: String,
    },
    /// Brings a saved state back (in one transaction).
    Restore {
        /// The snapshot.
        name: String,
    },
    /// Lists the snapshots.
    List,
    /// Deletes a snapshot.
    Delete {
        /// The snapshot.
        name: String,
    },
}

/// `customer …`.
#[derive(Debug, Subcommand)]
pub enum CustomerAction {
    /// Sets the status (1000, 1004, 1010, 1012, 1024).
    SetStatus {
        /// Customer id.
        id: String,
        /// The status code.
        status: String,
    },
    /// Sets the cotermDate (`YYYY-MM-DD`); subscriptions' renewal dates follow.
    SetCoterm {
        /// Customer id.
        id: String,
        /// The date.
        date: String,
    },
    /// Triggers the renewal job for the customer (once per cooldown).
    TriggerRenewal {
        /// Customer id.
        id: String,
        /// Wait (up to 60 s) until the job has run.
        #[arg(long)]
        wait: bool,
    },
    /// Shows what the renewal job would do at a date, changing nothing.
    Forecast {
        /// Customer id.
        id: String,
        /// The date (`YYYY-MM-DD`; default: the cotermDate).
        #[arg(long)]
        at: Option<String>,
    },
}

/// `faults …`.
#[derive(Debug, Subcommand)]
pub enum FaultsAction {
    /// Adds a rule: one of `--error-status`/`--error-code`, `--latency-ms`, `--commit-then-drop`.
    Add(FaultArgs),
    /// Lists the rules.
    List,
    /// Removes every rule.
    Clear,
    /// Removes one rule.
    Remove {
        /// Its id (`flt-N`).
        id: String,
    },
}

/// A fault rule.
#[derive(Debug, Args)]
pub struct FaultArgs {
    /// Route template (`/v3/customers/{customer-id}/orders`) or literal path.
    #[arg(long)]
    pub path: String,
    /// HTTP method (default: any).
    #[arg(long)]
    pub method: Option<String>,
    /// Only this customer's requests.
    #[arg(long)]
    pub customer_id: Option<String>,
    /// Applies this many times, then goes.
    #[arg(long)]
    pub times: Option<u32>,
    /// Chance of applying, 0 to 1.
    #[arg(long)]
    pub probability: Option<f64>,
    /// Answer an error with this HTTP status.
    #[arg(long, requires = "error_code")]
    pub error_status: Option<u16>,
    /// … and this Adobe code (`1124`, `5122`).
    #[arg(long, requires = "error_status")]
    pub error_code: Option<String>,
    /// … and this message.
    #[arg(long)]
    pub error_message: Option<String>,
    /// … and these `additionalDetails` (repeatable).
    #[arg(long)]
    pub detail: Vec<String>,
    /// Delay the answer by this many milliseconds.
    #[arg(long)]
    pub latency_ms: Option<u64>,
    /// Run the request, then drop the connection without answering.
    #[arg(long)]
    pub commit_then_drop: bool,
}

/// `requests`: the journal's filters.
#[derive(Debug, Args)]
pub struct RequestsArgs {
    /// Only this method.
    #[arg(long)]
    pub method: Option<String>,
    /// Only paths matching this (literal, route template, or prefix ending in `/*`).
    #[arg(long)]
    pub path: Option<String>,
    /// Only this status.
    #[arg(long)]
    pub status: Option<u16>,
    /// Only this customer's requests.
    #[arg(long)]
    pub customer_id: Option<String>,
    /// At most this many (default 20; the server caps a page at 100).
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Only entries older than this id (the last id of the previous page).
    #[arg(long)]
    pub before_id: Option<i64>,
    /// Show this one entry, with its headers and bodies (as JSON), instead of a list.
    #[arg(long, conflicts_with_all = ["method", "path", "status", "customer_id", "before_id"])]
    pub id: Option<i64>,
    #[command(flatten)]
    remote: RemoteArgs,
}

fn clock_line(v: &Value) -> String {
    let now = v["now"].as_str().unwrap_or("?");
    match v["offsetSeconds"].as_i64() {
        _ if v["frozen"] == true => format!("now {now} (frozen)"),
        Some(offset) => format!("now {now} (running, offset {offset:+} s)"),
        None => format!("now {now}"),
    }
}

fn advance_summary(v: &Value) -> String {
    format!(
        "{}\n  {} renewal orders created, {} subscriptions expired, {} orders processed, {} commitments expired ({} steps)",
        clock_line(v),
        v["renewalOrdersCreated"],
        v["subscriptionsExpired"],
        v["ordersProcessed"],
        v["commitmentsExpired"],
        v["steps"]
    )
}

/// Runs a remote verb.
pub async fn run(command: RemoteCommand) -> anyhow::Result<()> {
    match command {
        RemoteCommand::Clock { action, remote } => clock(&Remote::connect(&remote).await?, action).await,
        RemoteCommand::Reset { remote } => {
            let r = Remote::connect(&remote).await?;
            let v = r.call_with_spinner("resetting", Method::POST, "/reset", None).await?;
            r.print(&v, |v| format!("reset distributor {} (now {})", v["distributorId"], v["now"]));
            Ok(())
        }
        RemoteCommand::Snapshot { action, remote } => snapshot(&Remote::connect(&remote).await?, action).await,
        RemoteCommand::Customer { action, remote } => customer(&Remote::connect(&remote).await?, action).await,
        RemoteCommand::Faults { action, remote } => {
            crate::verbs_faults::run(&Remote::connect(&remote).await?, action).await
        }
        RemoteCommand::Requests(args) => {
            crate::verbs_faults::requests(&Remote::connect(&args.remote).await?, &args).await
        }
    }
}

async fn clock(r: &Remote, action: ClockAction) -> anyhow::Result<()> {
    let body = match action {
        ClockAction::Show => {
            let v = r.call(Method::GET, "/clock", None).await?;
            r.print(&v, clock_line);
            return Ok(());
        }
        ClockAction::Advance { duration } => json!({"advance": iso_duration(&duration)?}),
        ClockAction::Set { instant } => json!({"set": instant}),
        ClockAction::Freeze => json!({"freeze": true}),
        ClockAction::Thaw => json!({"freeze": false}),
    };
    let v = r.call_with_spinner("moving the clock", Method::POST, "/clock", Some(body)).await?;
    r.print(&v, advance_summary);
    Ok(())
}

async fn snapshot(r: &Remote, action: SnapshotAction) -> anyhow::Result<()> {
    match action {
        SnapshotAction::Save { name } => {
            let v = r.call_with_spinner("saving", Method::POST, "/snapshots", Some(json!({"name": name}))).await?;
            r.print(&v, |v| {
                let c = &v["counts"];
                format!(
                    "saved snapshot {} at {} ({} bytes: {} resellers, {} customers, {} orders, {} subscriptions)",
                    v["name"],
                    v["createdAt"],
                    v["sizeBytes"],
                    c["resellers"],
                    c["customers"],
                    c["orders"],
                    c["subscriptions"]
                )
            });
        }
        SnapshotAction::Restore { name } => {
            let path = format!("/snapshots/{name}/restore");
            let v = r.call_with_spinner("restoring", Method::POST, &path, None).await?;
            r.print(&v, |v| format!("restored snapshot {} (now {})", v["restored"], v["now"]));
        }
        SnapshotAction::List => {
            let v = r.call(Method::GET, "/snapshots", None).await?;
            r.print(&v, |v| {
                let items = v["items"].as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    return "no snapshots".into();
                }
                items
                    .iter()
                    .map(|s| {
                        format!("{:<24} {}  {} bytes", s["name"].as_str().unwrap_or(""), s["createdAt"], s["sizeBytes"])
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        SnapshotAction::Delete { name } => {
            r.call(Method::DELETE, &format!("/snapshots/{name}"), None).await?;
            r.print(&json!({"deleted": name}), |_| format!("deleted snapshot {name}"));
        }
    }
    Ok(())
}

async fn customer(r: &Remote, action: CustomerAction) -> anyhow::Result<()> {
    match action {
        CustomerAction::SetStatus { id, status } => {
            let v = r.call(Method::PATCH, &format!("/customers/{id}"), Some(json!({"status": status}))).await?;
            r.print(&v, |v| format!("customer {id}: status {}", v["status"].as_str().unwrap_or("?")));
        }
        CustomerAction::SetCoterm { id, date } => {
            let v = r.call(Method::PATCH, &format!("/customers/{id}"), Some(json!({"cotermDate": date}))).await?;
            r.print(&v, |v| format!("customer {id}: cotermDate {}", v["cotermDate"].as_str().unwrap_or("?")));
        }
        CustomerAction::TriggerRenewal { id, wait } => {
            let mut v = r.call(Method::POST, &format!("/customers/{id}/auto-renewal/trigger"), None).await?;
            if wait {
                let job = v["jobId"].as_str().unwrap_or_default().to_string();
                let started = Instant::now();
                let bar = indicatif::ProgressBar::new_spinner();
                bar.set_message(format!("waiting for renewal job {job}"));
                bar.enable_steady_tick(Duration::from_millis(100));
                loop {
                    v = r.call(Method::GET, &format!("/jobs/{job}"), None).await?;
                    if v["status"] != "PENDING" {
                        break;
                    }
                    if started.elapsed() > Duration::from_secs(60) {
                        bar.finish_and_clear();
                        bail!("renewal job {job} still pending after 60 s (manual jobs mode needs jobs/run)");
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                bar.finish_and_clear();
            }
            r.print(&v, |v| match v["status"].as_str() {
                Some(status) => format!("renewal job {}: {status}, renewal order {}", v["jobId"], v["renewalOrderId"]),
                None => format!("renewal job {} accepted; next trigger allowed at {}", v["jobId"], v["nextAllowedAt"]),
            });
        }
        CustomerAction::Forecast { id, at } => {
            let query = at.map(|a| format!("?at={a}")).unwrap_or_default();
            let v = r.call(Method::GET, &format!("/customers/{id}/renewal-forecast{query}"), None).await?;
            r.print(&v, forecast_summary);
        }
    }
    Ok(())
}

fn forecast_summary(v: &Value) -> String {
    let mut out = format!("renewal forecast of customer {} at {}:", v["customerId"], v["at"]);
    if v["due"] != true {
        out.push_str(" nothing due");
        return out;
    }
    for line in v["renewalOrder"]["lineItems"].as_array().cloned().unwrap_or_default() {
        out.push_str(&format!("\n  renew {} × {} ({})", line["quantity"], line["offerId"], line["subscriptionId"]));
    }
    for sub in v["expiringSubscriptions"].as_array().cloned().unwrap_or_default() {
        out.push_str(&format!("\n  expire {sub} (auto-renewal off)"));
    }
    if v["failed"] == true {
        out.push_str(&format!("\n  the RENEWAL order would fail: {} ({})", v["failureStatus"], v["failureReason"]));
    } else {
        out.push_str(&format!("\n  cotermDate afterwards: {}", v["after"]["cotermDate"]));
    }
    out
}
