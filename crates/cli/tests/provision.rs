//! Tenants from the command line: `distributor add` is an idempotent upsert that says what it
//! did and refuses to move a client id to another distributor; `serve --bootstrap-file`
//! provisions every tenant of a TOML or JSON file at each start, and a bad file stops the
//! start with the reason.

mod support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{BIN, Server, serve_command, token_answer};

fn bin() -> Command {
    let mut c = Command::new(BIN);
    c.env("VIPMP_LOG", "warn").env_remove("RUST_BACKTRACE").stdin(Stdio::null());
    c
}

fn add(db: &str, args: &[&str]) -> Output {
    bin().args(["distributor", "add", "--database", db]).args(args).output().expect("run distributor add")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A running server and what it printed after its address line.
struct Running {
    _server: Server,
    base: String,
    lines: Vec<String>,
}

fn serve(db: &str, extra: &[&str]) -> Running {
    serve_env(db, extra, &[])
}

fn serve_env(db: &str, extra: &[&str], env: &[(&str, &str)]) -> Running {
    let mut command = serve_command(db);
    command
        .args(["--jobs-mode", "manual"])
        .args(extra)
        .env("VIPMP_LOG", "warn")
        .env_remove("RUST_BACKTRACE")
        .envs(env.iter().copied());
    let server = Server::start(command);
    let lines = server.more_lines(Duration::from_millis(300));
    Running { base: server.base.clone(), _server: server, lines }
}

async fn token(base: &str, id: &str, secret: &str) -> Option<String> {
    let (_, body) = token_answer(&reqwest::Client::new(), base, id, secret).await;
    body["access_token"].as_str().map(str::to_string)
}

async fn partner(base: &str, id: &str, token: &str) -> Value {
    let r = reqwest::Client::new()
        .get(format!("{base}/portal/api/v1/partners"))
        .header("x-api-key", id)
        .bearer_auth(token)
        .send()
        .await
        .expect("partners");
    assert_eq!(r.status().as_u16(), 200);
    r.json::<Value>().await.expect("json")["items"][0].clone()
}

fn sqlite(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("db").display())
}

#[tokio::test]
async fn distributor_add_is_an_idempotent_upsert_that_never_moves_a_client() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = sqlite(dir.path());
    let first = add(&db, &["--id", "5000000002", "--client-id", "k2", "--client-secret", "s2"]);
    assert!(first.status.success(), "{}", text(&first));
    let out = text(&first);
    assert!(out.contains("distributor 5000000002 created") && out.contains("client k2 created"), "{out}");
    assert!(!out.contains("s2"), "the secret is never printed: {out}");

    let again = add(&db, &["--id", "5000000002", "--client-id", "k2", "--client-secret", "s2"]);
    let out = text(&again);
    assert!(again.status.success() && out.contains("distributor 5000000002 unchanged"), "{out}");
    assert!(out.contains("client k2 unchanged"), "{out}");

    let args =
        ["--id", "5000000002", "--client-id", "k2", "--client-secret", "s3", "--global-sales", "--country", "GB"];
    let changed = add(&db, &args);
    let out = text(&changed);
    assert!(changed.status.success() && out.contains("distributor 5000000002 updated"), "{out}");
    assert!(out.contains("client k2 updated (new secret)") && out.contains("global sales: on"), "{out}");

    let moved = add(&db, &["--id", "5000000003", "--client-id", "k2", "--client-secret", "x"]);
    assert!(!moved.status.success(), "{}", text(&moved));
    assert!(text(&moved).contains("already belongs to distributor 5000000002"), "{}", text(&moved));
    for bad in [
        &["--id", "a<b>", "--client-id", "k9", "--client-secret", "x"][..],
        &["--id", "5000000009", "--client-id", "k 9", "--client-secret", "x"],
        &["--id", "5000000009", "--client-id", "k9", "--client-secret", "x", "--country", "XX"],
    ] {
        let out = add(&db, bad);
        assert!(!out.status.success(), "{bad:?} was accepted: {}", text(&out));
    }

    let server = serve(&db, &[]);
    assert!(token(&server.base, "k2", "s2").await.is_none(), "the old secret no longer works");
    let t = token(&server.base, "k2", "s3").await.expect("token with the new secret");
    let p = partner(&server.base, "k2", &t).await;
    assert_eq!((p["distributorId"].as_str(), p["country"].as_str()), (Some("5000000002"), Some("GB")), "{p}");
    assert_eq!(p["globalSalesEnabled"], true, "{p}");
}

#[tokio::test]
async fn a_bootstrap_file_is_applied_at_every_start_and_a_bad_one_stops_the_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = sqlite(dir.path());
    let toml = dir.path().join("tenants.toml");
    std::fs::write(
        &toml,
        "[[distributors]]\ndistributorId = \"5000000002\"\nclientId = \"t2\"\nclientSecret = \"t2-secret\"\n\
         globalSalesEnabled = true\n\n[[distributors]]\ndistributorId = \"5000000003\"\nclientId = \"t3\"\n\
         clientSecret = \"t3-secret\"\nlgaEnabled = true\n",
    )
    .expect("write toml");
    let path = toml.to_string_lossy().to_string();

    let server = serve(&db, &["--bootstrap-file", &path]);
    let banner = server.lines.join("\n");
    assert!(banner.contains("distributor 5000000002 created, client t2 created"), "{banner}");
    assert!(!banner.contains("t2-secret"), "{banner}");
    for (id, secret, distributor) in [("t2", "t2-secret", "5000000002"), ("t3", "t3-secret", "5000000003")] {
        let t = token(&server.base, id, secret).await.expect("token");
        assert_eq!(partner(&server.base, id, &t).await["distributorId"], distributor);
    }
    drop(server);

    // The same file again: nothing to do. A JSON file works the same way (via the env var).
    let server = serve(&db, &["--bootstrap-file", &path]);
    let banner = server.lines.join("\n");
    assert!(banner.contains("distributor 5000000003 unchanged, client t3 unchanged"), "{banner}");
    drop(server);
    let json = dir.path().join("tenants.json");
    std::fs::write(&json, r#"[{"distributorId": "5000000004", "clientId": "t4", "clientSecret": "t4-secret"}]"#)
        .expect("write json");
    let server = serve_env(&db, &[], &[("VIPMP_BOOTSTRAP_FILE", &json.to_string_lossy())]);
    let t = token(&server.base, "t4", "t4-secret").await.expect("token from the JSON file");
    assert_eq!(partner(&server.base, "t4", &t).await["distributorId"], "5000000004");
    drop(server);

    // A typo in a field name, a client listed for two distributors, a missing file: no start.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"distributorId": "5000000005", "clientId": "t5", "clientSecret": "s", "globalSales": true}]"#,
    )
    .expect("write bad");
    let moved = dir.path().join("moved.toml");
    std::fs::write(
        &moved,
        "[[distributors]]\ndistributorId = \"5000000009\"\nclientId = \"t2\"\nclientSecret = \"x\"\n",
    )
    .expect("write moved");
    let missing = dir.path().join("missing.toml");
    for (file, reason) in [(&bad, "globalSales"), (&moved, "already belongs"), (&missing, "cannot read")] {
        let started = Instant::now();
        let out = bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--database", &db, "--bootstrap-file"])
            .arg(file)
            .output()
            .expect("serve");
        assert!(!out.status.success(), "{} started: {}", file.display(), text(&out));
        assert!(text(&out).contains(reason), "{}: {}", file.display(), text(&out));
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}
