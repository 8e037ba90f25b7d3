//! The `vipmp-sandbox` binary: parses the command line and hands over to `vipmp-server`.

use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use vipmp_core::clock::VirtualClock;
use vipmp_core::settings::{JobsMode, Profile, Settings};
use vipmp_server::CancellationToken;
use vipmp_server::{AppState, Bootstrap, TlsFiles};

mod distributor;

/// The built-in client secret (documented, so printing it gives nothing away).
const DEFAULT_SECRET: &str = "vipmp-sandbox-secret";
mod remote;
mod verbs;
mod verbs_faults;

/// A self-hostable emulator of Adobe's VIP Marketplace sandbox.
#[derive(Debug, Parser)]
#[command(name = "vipmp-sandbox", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the server: CPAPI v3, IMS and the portal API on one listener.
    Serve(ServeArgs),
    /// Creates or migrates the database, then exits.
    Migrate(DatabaseArgs),
    /// Bulk-inserts active customers (benchmarks, demos), with a progress bar.
    Seed(SeedArgs),
    /// Provisions tenants: distributors and their API clients.
    #[command(subcommand)]
    Distributor(distributor::DistributorCommand),
    #[command(flatten)]
    Remote(verbs::RemoteCommand),
}

#[derive(Debug, Args)]
struct SeedArgs {
    #[command(flatten)]
    db: DatabaseArgs,
    /// The distributor to seed (created with the default contract if missing).
    #[arg(long, env = "VIPMP_DISTRIBUTOR_ID", default_value = "5000000001")]
    distributor_id: String,
    /// Its API client id.
    #[arg(long, env = "VIPMP_CLIENT_ID", default_value = "vipmp-sandbox-client")]
    client_id: String,
    /// Its API client secret.
    #[arg(long, env = "VIPMP_CLIENT_SECRET", default_value = "vipmp-sandbox-secret", hide_env_values = true)]
    client_secret: String,
    /// How many customers.
    #[arg(long, default_value_t = 1000)]
    customers: i64,
    /// Customers per reseller.
    #[arg(long, default_value_t = 10_000)]
    customers_per_reseller: i64,
    /// Seats of one subscription per customer (0: no subscriptions).
    #[arg(long, default_value_t = 0)]
    seats: i64,
    /// Anniversary of the seeded subscriptions (`YYYY-MM-DD`; default: one year from today).
    #[arg(long)]
    renewal_date: Option<String>,
    /// Customers per transaction.
    #[arg(long, default_value_t = 5000)]
    batch: i64,
}

#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Database URL (`sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`).
    #[arg(long, env = "VIPMP_DATABASE_URL", default_value = "sqlite://vipmp-sandbox.db")]
    database: String,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Auto,
    Manual,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ProfileArg {
    Sandbox,
    Production,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on (`HOST:PORT`; port 0 picks a free port).
    #[arg(long, env = "VIPMP_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Address to serve Prometheus `/metrics` on (`HOST:PORT`), apart from the public listener
    /// and without credentials; unset: no metrics are served.
    #[arg(long, env = "VIPMP_METRICS_LISTEN")]
    metrics_listen: Option<String>,
    #[command(flatten)]
    db: DatabaseArgs,
    /// Most database connections this instance opens.
    #[arg(long, env = "VIPMP_DB_MAX_CONNECTIONS", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..))]
    db_max_connections: u32,
    /// Seconds to wait for a database connection (at start-up and per request) before giving up:
    /// start-up fails, a request gets 503.
    #[arg(long, env = "VIPMP_DB_ACQUIRE_TIMEOUT_SECS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    db_acquire_timeout_secs: u64,
    /// SQLite: most write transactions committed together in one WAL append (group commit); each
    /// request is still answered only after its own commit. 1 commits every transaction alone.
    #[arg(long, env = "VIPMP_DB_GROUP_COMMIT", default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=1024))]
    db_group_commit: u64,
    /// The distributor this instance makes sure exists.
    #[arg(long, env = "VIPMP_DISTRIBUTOR_ID", default_value = "5000000001")]
    distributor_id: String,
    /// Its API client id (the `X-Api-Key`).
    #[arg(long, env = "VIPMP_CLIENT_ID", default_value = "vipmp-sandbox-client")]
    client_id: String,
    /// Its API client secret.
    #[arg(long, env = "VIPMP_CLIENT_SECRET", default_value = "vipmp-sandbox-secret", hide_env_values = true)]
    client_secret: String,
    /// A TOML or JSON file of more tenants (`distributorId`, `clientId`, `clientSecret`,
    /// `globalSalesEnabled?`, `lgaEnabled?`, `country?`), provisioned at every start.
    #[arg(long, env = "VIPMP_BOOTSTRAP_FILE")]
    bootstrap_file: Option<std::path::PathBuf>,
    /// Sandbox or production rules.
    #[arg(long, env = "VIPMP_PROFILE", value_enum, default_value = "sandbox")]
    profile: ProfileArg,
    /// Seconds between two accepted auto-renewal triggers of one customer.
    #[arg(long, env = "VIPMP_RENEWAL_COOLDOWN_SECS", default_value_t = 120)]
    renewal_cooldown_secs: i64,
    /// Seconds between a portal trigger and its renewal job (auto mode).
    #[arg(long, env = "VIPMP_RENEWAL_TRIGGER_DELAY_SECS", default_value_t = 5)]
    renewal_trigger_delay_secs: i64,
    /// Seconds between a linked membership's Refresh Discount Level and the refresh.
    #[arg(long, env = "VIPMP_LM_REFRESH_DELAY_SECS", default_value_t = 3600)]
    lm_refresh_delay_secs: i64,
    /// Seconds between two renewal sweeps over every due customer (auto mode).
    #[arg(long, env = "VIPMP_RENEWAL_SWEEP_SECS", default_value_t = 3600)]
    renewal_sweep_secs: i64,
    /// `auto` runs background work; `manual` waits for `POST /portal/api/v1/jobs/run`.
    #[arg(long, env = "VIPMP_JOBS_MODE", value_enum, default_value = "auto")]
    jobs_mode: ModeArg,
    /// Seconds before an open order is processed.
    #[arg(long, env = "VIPMP_ORDER_PROCESSING_DELAY_SECS", default_value_t = 2)]
    order_processing_delay_secs: i64,
    /// Seconds before a new reseller becomes active.
    #[arg(long, env = "VIPMP_RESELLER_ACTIVATION_DELAY_SECS", default_value_t = 0)]
    reseller_activation_delay_secs: i64,
    /// Seconds before a new customer becomes active.
    #[arg(long, env = "VIPMP_CUSTOMER_ACTIVATION_DELAY_SECS", default_value_t = 0)]
    customer_activation_delay_secs: i64,
    /// PEM certificate: with `--tls-key`, the listener speaks HTTPS.
    #[arg(long, env = "VIPMP_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// PEM private key.
    #[arg(long, env = "VIPMP_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
    /// Seconds a client has to send a complete request head; also the longest idle keep-alive,
    /// TLS handshake and stalled write (slow clients are disconnected).
    #[arg(long, env = "VIPMP_HEADER_READ_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout_secs: u64,
    /// Seconds a request may take, body included, before it is answered 504.
    #[arg(long, env = "VIPMP_REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout_secs: u64,
    /// Log format.
    #[arg(long, env = "VIPMP_LOG_FORMAT", value_enum, default_value = "human")]
    log_format: LogFormat,
    /// Requests kept in each distributor's journal (`GET /portal/api/v1/requests`); the oldest
    /// are dropped. 0 turns the journal off.
    #[arg(long, env = "VIPMP_JOURNAL_SIZE", default_value_t = 10_000, value_parser = clap::value_parser!(i64).range(0..))]
    journal_size: i64,
    /// Snapshots each distributor may keep; saving one more (under a new name) is `409 P409`.
    #[arg(long, env = "VIPMP_MAX_SNAPSHOTS", default_value_t = vipmp_core::settings::default_max_snapshots(), value_parser = clap::value_parser!(i64).range(1..))]
    max_snapshots: i64,
    /// Largest snapshot, in bytes of its JSON document; a larger one is `409 P409`.
    #[arg(long, env = "VIPMP_MAX_SNAPSHOT_BYTES", default_value_t = vipmp_core::settings::default_max_snapshot_bytes(), value_parser = clap::value_parser!(i64).range(1..))]
    max_snapshot_bytes: i64,
    /// Fault rules each distributor may have; adding one more is `409 P409`.
    #[arg(long, env = "VIPMP_MAX_FAULT_RULES", default_value_t = vipmp_core::settings::default_max_fault_rules(), value_parser = clap::value_parser!(i64).range(1..))]
    max_fault_rules: i64,
    /// Bytes of bodies each distributor's journal may hold: every recorded body is cut at this
    /// divided by twice `--journal-size` (and at 64 KiB).
    #[arg(long, env = "VIPMP_JOURNAL_MAX_BYTES", default_value_t = 256 * 1024 * 1024, value_parser = clap::value_parser!(i64).range(0..))]
    journal_max_bytes: i64,
    /// Customer ids that a PREVIEW order may name before the customer exists (comma-separated);
    /// the segment comes from the suffix (`GOV`, `EDU`, else COM). Empty turns it off.
    #[arg(
        long,
        env = "VIPMP_PREVIEW_PLACEHOLDER_IDS",
        value_delimiter = ',',
        default_value = "1234567890,1234567890GOV,1234567890EDU"
    )]
    preview_placeholder_ids: Vec<String>,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VIPMP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Human => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn shutdown_signal(token: CancellationToken) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
    token.cancel();
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_format);
    let pool = vipmp_store::PoolSettings {
        max_connections: args.db_max_connections,
        group_commit: usize::try_from(args.db_group_commit).unwrap_or(1),
        acquire_timeout: std::time::Duration::from_secs(args.db_acquire_timeout_secs),
    };
    let store = vipmp_store::connect_with(&args.db.database, pool)
        .await
        .with_context(|| format!("cannot open the database {}", vipmp_store::redact(&args.db.database)))?;
    let boot = Bootstrap {
        distributor_id: args.distributor_id.clone(),
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
    };
    vipmp_server::bootstrap(&store, &boot).await.context("cannot bootstrap the distributor")?;
    let tenants = match &args.bootstrap_file {
        Some(path) => vipmp_server::provision::apply_bootstrap_file(&store, path).await.map_err(anyhow::Error::msg)?,
        None => Vec::new(),
    };
    let settings = Settings {
        jobs_mode: match args.jobs_mode {
            ModeArg::Auto => JobsMode::Auto,
            ModeArg::Manual => JobsMode::Manual,
        },
        profile: match args.profile {
            ProfileArg::Sandbox => Profile::Sandbox,
            ProfileArg::Production => Profile::Production,
        },
        renewal_cooldown_secs: args.renewal_cooldown_secs,
        renewal_trigger_delay_secs: args.renewal_trigger_delay_secs,
        renewal_sweep_secs: args.renewal_sweep_secs,
        lm_refresh_delay_secs: args.lm_refresh_delay_secs,
        order_processing_delay_secs: args.order_processing_delay_secs,
        reseller_activation_delay_secs: args.reseller_activation_delay_secs,
        customer_activation_delay_secs: args.customer_activation_delay_secs,
        journal_size: args.journal_size,
        max_snapshots: args.max_snapshots,
        max_snapshot_bytes: args.max_snapshot_bytes,
        max_fault_rules: args.max_fault_rules,
        journal_max_bytes: args.journal_max_bytes,
        preview_placeholder_ids: args.preview_placeholder_ids.into_iter().filter(|s| !s.is_empty()).collect(),
        ..Settings::default()
    };
    let state = AppState::new(store, Arc::new(VirtualClock::new()), settings);
    let listener =
        std::net::TcpListener::bind(&args.listen).with_context(|| format!("cannot listen on {}", args.listen))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let scheme = if args.tls_cert.is_some() { "https" } else { "http" };
    println!("vipmp-sandbox listening on {scheme}://{addr}");
    println!("  distributor id: {}", boot.distributor_id);
    println!("  client id (X-Api-Key): {}", boot.client_id);
    // Only the public default is echoed: a real secret must not end up in captured output.
    if boot.client_secret == DEFAULT_SECRET {
        println!("  client secret: {}", boot.client_secret);
    } else {
        println!("  client secret: (as given by --client-secret / VIPMP_CLIENT_SECRET)");
    }
    println!("  database: {}", vipmp_store::redact(&args.db.database));
    for (spec, done) in &tenants {
        println!(
            "  {}, {}",
            distributor::describe("distributor", &spec.distributor_id, done.distributor),
            distributor::describe("client", &spec.client_id, done.client)
        );
    }
    let token = CancellationToken::new();
    if let Some(address) = &args.metrics_listen {
        let metrics = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address} for metrics"))?;
        println!("  metrics: http://{}/metrics", metrics.local_addr()?);
        tokio::spawn(vipmp_server::kernel::observe::serve_metrics(metrics, state.clone(), token.clone()));
    }
    tokio::spawn(shutdown_signal(token.clone()));
    let transport = vipmp_server::Transport {
        header_read_timeout: std::time::Duration::from_secs(args.header_read_timeout_secs),
        request_timeout: std::time::Duration::from_secs(args.request_timeout_secs),
        ..vipmp_server::Transport::default()
    };
    match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => {
            vipmp_server::serve_tls_with(listener, state, TlsFiles { cert, key }, transport, token).await?;
        }
        _ => {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            vipmp_server::serve_with(listener, state, transport, token).await?;
        }
    }
    Ok(())
}

async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    use vipmp_core::clock::Clock;
    use vipmp_core::service::seed;
    let store = vipmp_store::connect(&args.db.database)
        .await
        .with_context(|| format!("cannot open the database {}", vipmp_store::redact(&args.db.database)))?;
    let boot = Bootstrap {
        distributor_id: args.distributor_id.clone(),
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
    };
    vipmp_server::bootstrap(&store, &boot).await?;
    let now = vipmp_core::clock::SystemClock.now();
    let renewal_date = match &args.renewal_date {
        Some(d) => vipmp_core::dates::parse_date(d).context("--renewal-date must be YYYY-MM-DD")?,
        None => vipmp_core::dates::add_years(now.date_naive(), 1),
    };
    let total = args.customers.max(0);
    let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0));
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} customers ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let mut reseller_id = String::new();
    let mut done = 0;
    while done < total {
        let mut tx = store.begin().await?;
        let end = (done + args.batch.max(1)).min(total);
        for n in done..end {
            if n % args.customers_per_reseller.max(1) == 0 {
                reseller_id = seed::reseller(&mut *tx, &args.distributor_id, now, n).await?.id;
            }
            let s = seed::CustomerSeed {
                distributor_id: &args.distributor_id,
                reseller_id: &reseller_id,
                now,
                seats: args.seats,
                renewal_date,
            };
            seed::customer(&mut *tx, &s, n).await?;
        }
        tx.commit().await?;
        bar.inc(u64::try_from(end - done).unwrap_or(0));
        done = end;
    }
    bar.finish();
    store.close().await;
    let secs = started.elapsed().as_secs_f64();
    println!("seeded {total} customers in {secs:.1} s ({:.0}/s)", total as f64 / secs.max(1e-9));
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Seed(args) => seed(args).await,
        Command::Distributor(command) => distributor::run(command).await,
        Command::Remote(command) => verbs::run(command).await,
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            let store = vipmp_store::connect(&args.database).await?;
            store.close().await;
            println!("database {} is migrated", vipmp_store::redact(&args.database));
            Ok(())
        }
    }
}
