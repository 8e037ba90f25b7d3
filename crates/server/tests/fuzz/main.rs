//! Fuzzing of the input layer: JSON bodies, query strings, headers and path ids, through the
//! real router over a real SQLite store, in process (`oneshot`, no socket).
//!
//! First every seed of the committed corpus (`fuzz/corpus/*.json`) is sent as is; then
//! proptest draws cases of one to three seeds, each changed by up to four mutations (see
//! `mutate`). Every answer must pass the oracle (no 5xx, no panic, no hang, errors in Adobe's
//! or IMS's shape with a JSON content type); after every case a valid GET must still answer,
//! and every so many cases the store's invariants must hold (`oracle::check_store`).
//!
//! - `VIPMP_FUZZ_CASES` (default 500): proptest cases. CI runs the default.
//! - `VIPMP_FUZZ_SECONDS`: stop drawing new cases after this long (long runs).
//! - `VIPMP_FUZZ_SEED` (default 1): the RNG seed, or `random`.
//! - `VIPMP_FUZZ_KEEP_GOING=1`: collect findings (deduplicated) instead of stopping at the
//!   first one, and report them all at the end.
//!
//! A long run: `VIPMP_FUZZ_CASES=200000 VIPMP_FUZZ_SEED=random cargo test --release -p
//! vipmp-server --test fuzz -- --nocapture`.

mod corpus;
mod harness;
mod mutate;
mod oracle;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use corpus::Seed;
use harness::{DISTRIBUTOR, Harness, Prepared, Reply};
use mutate::Step;
use oracle::Stats;

/// Store invariants are checked every this many cases.
const SWEEP_EVERY: u64 = 100;
/// The distributor is emptied and its records made again every this many cases.
const RESET_EVERY: u64 = 2_000;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn finding(p: &Prepared, r: Option<&Reply>, what: &str) -> String {
    let answer = r.map_or(String::new(), |r| {
        format!(
            "\n  answer: {} {:?} {}",
            r.status,
            r.headers.get("content-type"),
            String::from_utf8_lossy(&r.body[..r.body.len().min(600)])
        )
    });
    format!("{what}\n  request: {}{answer}", p.describe())
}

async fn run_case(h: &mut Harness, seeds: &[Seed], steps: &[Step], stats: &mut Stats) -> Result<(), String> {
    let mut fault_added = false;
    for step in steps {
        let seed = &seeds[step.seed.index(seeds.len())];
        let p = h.prepare(seed, &step.mutations);
        let r = match h.send(&p).await {
            Ok(Some(r)) => r,
            Ok(None) => {
                stats.unsendable += 1;
                continue;
            }
            Err(e) => return Err(finding(&p, None, &e)),
        };
        stats.record(&p, &r);
        oracle::check_reply(&p, &r).map_err(|e| finding(&p, Some(&r), &e))?;
        // An added fault rule would inject errors into what follows: end the case here.
        if p.method == "POST" && p.path() == "/portal/api/v1/faults" && r.status < 300 {
            fault_added = true;
            break;
        }
    }
    h.recover(fault_added).await
}

async fn replay_corpus(h: &mut Harness, seeds: &[Seed], stats: &mut Stats) -> Vec<String> {
    let mut failures = Vec::new();
    for seed in seeds {
        if let Some(note) = &seed.note {
            println!("fuzz: regression seed {}: {note}", seed.name);
        }
        let p = h.prepare(seed, &[]);
        match h.send(&p).await {
            Ok(Some(r)) => {
                stats.record(&p, &r);
                if std::env::var("VIPMP_FUZZ_VERBOSE").is_ok() {
                    println!(
                        "{} {}: {}",
                        seed.name,
                        r.status,
                        String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
                    );
                }
                if let Err(e) = oracle::check_reply(&p, &r) {
                    failures.push(finding(&p, Some(&r), &e));
                } else if !seed.expect.is_empty() && !seed.expect.contains(&r.status) {
                    failures.push(finding(&p, Some(&r), &format!("expected one of {:?}", seed.expect)));
                }
                let fault = p.path() == "/portal/api/v1/faults" && p.method == "POST" && r.status < 300;
                if let Err(e) = h.recover(fault).await {
                    failures.push(format!("after seed {}: {e}", seed.name));
                }
            }
            Ok(None) => failures.push(format!("seed {} cannot be sent", seed.name)),
            Err(e) => failures.push(finding(&p, None, &e)),
        }
    }
    failures
}

#[test]
fn fuzz_router() {
    let cases: u32 = env_or("VIPMP_FUZZ_CASES", 500);
    let seconds: u64 = env_or("VIPMP_FUZZ_SECONDS", 0);
    let keep_going = std::env::var("VIPMP_FUZZ_KEEP_GOING").is_ok_and(|v| v == "1");
    let seed_text = std::env::var("VIPMP_FUZZ_SEED").unwrap_or_else(|_| "1".into());
    let rng_seed: u64 = if seed_text == "random" { rand::random() } else { seed_text.parse().unwrap_or(1) };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let seeds = corpus::load();
    let started = Instant::now();
    let deadline = (seconds > 0).then(|| started + std::time::Duration::from_secs(seconds));
    let harness = RefCell::new(rt.block_on(Harness::start()));
    let stats = RefCell::new(Stats::default());
    let findings: RefCell<BTreeMap<String, String>> = RefCell::new(BTreeMap::new());

    let replayed = rt.block_on(replay_corpus(&mut harness.borrow_mut(), &seeds, &mut stats.borrow_mut()));
    assert!(replayed.is_empty(), "corpus replay ({} seeds):\n{}", seeds.len(), replayed.join("\n\n"));

    let config = Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/fuzz.txt"))),
        ..Config::default()
    };
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&rng_seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let outcome = runner.run(&mutate::case(), |steps| {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(());
        }
        let mut h = harness.borrow_mut();
        let mut s = stats.borrow_mut();
        s.cases += 1;
        let n = s.cases;
        let result = rt.block_on(async {
            run_case(&mut h, &seeds, &steps, &mut s).await?;
            if n % SWEEP_EVERY == 0 {
                oracle::check_store(&h.state, DISTRIBUTOR).await.map_err(|e| format!("store invariant: {e}"))?;
            }
            if n % RESET_EVERY == 0 {
                h.reset().await;
            }
            Ok::<(), String>(())
        });
        match result {
            Err(e) if keep_going => {
                let signature = e.lines().take(2).collect::<Vec<_>>().join(" | ");
                let signature: String = signature.chars().filter(|c| !c.is_ascii_digit()).take(200).collect();
                findings.borrow_mut().entry(signature).or_insert(e);
                // Recover as after any case, so that one finding does not hide the next.
                let _ = rt.block_on(h.recover(true));
                Ok(())
            }
            Err(e) => Err(TestCaseError::fail(e)),
            Ok(()) => Ok(()),
        }
    });
    let end = rt.block_on(oracle::check_store(&harness.borrow().state, DISTRIBUTOR));
    println!("fuzz: rng seed {rng_seed}, {} corpus seeds", seeds.len());
    println!("{}", stats.borrow().report(started.elapsed().as_secs_f64()));
    if let Err(e) = outcome {
        panic!("fuzz finding: {e}");
    }
    let findings = findings.into_inner();
    assert!(
        findings.is_empty(),
        "{} distinct findings:\n\n{}",
        findings.len(),
        findings.into_values().collect::<Vec<_>>().join("\n\n")
    );
    let records = end.unwrap_or_else(|e| panic!("store invariant at the end: {e}"));
    println!("  store at the end: {records} records, invariants hold");
}
