//! The `vipmp-sandbox` binary: parses the command line and hands over to `vipmp-server`.

use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use vipmp_core::clock::VirtualClock;
use vipmp_core::settings::{JobsMode, Profile, Settings};
use vipmp_server::CancellationToken;
use vipmp_server::{AppState, Bootstrap, TlsFiles};

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
}

#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Database URL (`sqlite://PATH`).
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
    #[command(flatten)]
    db: DatabaseArgs,
    /// The distributor this instance makes sure exists.
    #[arg(long, env = "VIPMP_DISTRIBUTOR_ID", default_value = "5000000001")]
    distributor_id: String,
    /// Its API client id (the `X-Api-Key`).
    #[arg(long, env = "VIPMP_CLIENT_ID", default_value = "vipmp-sandbox-client")]
    client_id: String,
    /// Its API client secret.
    #[arg(long, env = "VIPMP_CLIENT_SECRET", default_value = "vipmp-sandbox-secret", hide_env_values = true)]
    client_secret: String,
    /// Sandbox or production rules.
    #[arg(long, env = "VIPMP_PROFILE", value_enum, default_value = "sandbox")]
    profile: ProfileArg,
    /// Seconds between two accepted auto-renewal triggers of one customer.
    #[arg(long, env = "VIPMP_RENEWAL_COOLDOWN_SECS", default_value_t = 120)]
    renewal_cooldown_secs: i64,
    /// Seconds between a portal trigger and its renewal job (auto mode).
    #[arg(long, env = "VIPMP_RENEWAL_TRIGGER_DELAY_SECS", default_value_t = 5)]
    renewal_trigger_delay_secs: i64,
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
    /// Log format.
    #[arg(long, env = "VIPMP_LOG_FORMAT", value_enum, default_value = "human")]
    log_format: LogFormat,
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
    let store = vipmp_store::connect(&args.db.database)
        .await
        .with_context(|| format!("cannot open the database {}", vipmp_store::redact(&args.db.database)))?;
    let boot = Bootstrap {
        distributor_id: args.distributor_id.clone(),
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
    };
    vipmp_server::bootstrap(&store, &boot).await.context("cannot bootstrap the distributor")?;
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
        order_processing_delay_secs: args.order_processing_delay_secs,
        reseller_activation_delay_secs: args.reseller_activation_delay_secs,
        customer_activation_delay_secs: args.customer_activation_delay_secs,
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
    println!("  client secret: {}", boot.client_secret);
    println!("  database: {}", vipmp_store::redact(&args.db.database));
    let token = CancellationToken::new();
    tokio::spawn(shutdown_signal(token.clone()));
    match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => vipmp_server::serve_tls(listener, state, TlsFiles { cert, key }, token).await?,
        _ => vipmp_server::serve(tokio::net::TcpListener::from_std(listener)?, state, token).await?,
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(args) => {
            let store = vipmp_store::connect(&args.database).await?;
            store.close().await;
            println!("database {} is migrated", vipmp_store::redact(&args.database));
            Ok(())
        }
    }
}
