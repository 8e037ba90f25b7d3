//! Schemathesis against the served OpenAPI document (`/openapi.json`): every operation gets
//! generated requests (valid and invalid), and every answer must be a non-5xx whose status,
//! content type and body the document declares (`tools/schemathesis.py` lists the checks).
//!
//! Needs schemathesis in `<repo>/.venv` (`python3 -m venv .venv && .venv/bin/pip install -r
//! tools/requirements-schemathesis.txt`, as `.ci/run` does). Without it the test prints
//! `skipped: …` and passes, unless `CI=true`, where it fails. `VIPMP_SCHEMATHESIS_EXAMPLES`
//! sets the examples per operation (default 10).

mod support;

use std::process::Command;

use support::{BIN, skip, workspace_root};

#[test]
fn schemathesis_finds_no_server_error_and_no_schema_violation() {
    let root = workspace_root();
    let st = root.join(".venv/bin/st");
    if !st.exists() {
        return skip("schemathesis is not installed in .venv (see tools/requirements-schemathesis.txt)");
    }
    let examples = std::env::var("VIPMP_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "10".into());
    let report = std::env::temp_dir().join(format!("vipmp-schemathesis-{}", std::process::id()));
    let status = Command::new("python3")
        .arg(root.join("tools/schemathesis.py"))
        .args(["--binary", BIN, "--max-examples", &examples])
        .arg("--st")
        .arg(&st)
        .arg("--")
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .status()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&report);
    assert!(status.success(), "schemathesis reported failures (see its output above): {status}");
}
