//! `vipmp-sandbox distributor add`: provisions a tenant (a distributor and its API client)
//! in a database, idempotently, and says what it did.

use anyhow::Context;
use clap::{Args, Subcommand};
use vipmp_server::provision::{self, Change, TenantSpec};

/// `distributor …` subcommands.
#[derive(Debug, Subcommand)]
pub enum DistributorCommand {
    /// Creates or updates a distributor and its API client (idempotent).
    Add(AddArgs),
}

/// `distributor add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The distributor id (4–40 letters, digits or dashes).
    #[arg(long = "id")]
    pub id: String,
    /// Its API client id (the `X-Api-Key`); must not belong to another distributor.
    #[arg(long)]
    pub client_id: String,
    /// The client's secret.
    #[arg(long)]
    pub client_secret: String,
    /// Home country (ISO 3166 alpha-2). A new distributor defaults to `US`; an existing one
    /// keeps its country unless this is given.
    #[arg(long)]
    pub country: Option<String>,
    /// Enables global sales (an existing distributor keeps its setting without the flag).
    #[arg(long)]
    pub global_sales: bool,
    /// Enables Large Government Agency support (kept without the flag).
    #[arg(long)]
    pub lga: bool,
    /// Database URL (`sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`).
    #[arg(long, env = "VIPMP_DATABASE_URL", default_value = "sqlite://vipmp-sandbox.db")]
    pub database: String,
}

/// Runs a `distributor` subcommand.
pub async fn run(command: DistributorCommand) -> anyhow::Result<()> {
    match command {
        DistributorCommand::Add(args) => add(args).await,
    }
}

async fn add(args: AddArgs) -> anyhow::Result<()> {
    let spec = TenantSpec {
        distributor_id: args.id.trim().to_string(),
        client_id: args.client_id.trim().to_string(),
        client_secret: args.client_secret,
        country: args.country.map(|c| c.trim().to_ascii_uppercase()),
        global_sales_enabled: args.global_sales.then_some(true),
        lga_enabled: args.lga.then_some(true),
    };
    provision::validate(&spec)?;
    let store = vipmp_store::connect(&args.database)
        .await
        .with_context(|| format!("cannot open the database {}", vipmp_store::redact(&args.database)))?;
    let outcome = provision::provision(&store, &spec).await;
    let distributor = store.distributor(&spec.distributor_id).await;
    store.close().await;
    let outcome = outcome?;
    let distributor = distributor?.context("the distributor vanished")?;
    println!("{}", describe("distributor", &spec.distributor_id, outcome.distributor));
    println!("{}", describe("client", &spec.client_id, outcome.client));
    println!(
        "  country: {}, global sales: {}, LGA: {}",
        distributor.country,
        on_off(distributor.global_sales_enabled),
        on_off(distributor.lga_enabled)
    );
    println!("  database: {}", vipmp_store::redact(&args.database));
    Ok(())
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// One line of the report: `distributor 5000000002 created` (the secret is never printed).
pub fn describe(kind: &str, id: &str, change: Change) -> String {
    let note = match (kind, change) {
        ("client", Change::Updated) => " (new secret)",
        _ => "",
    };
    format!("{kind} {id} {change}{note}")
}
